// The engine re-parses once per composed edit (DocumentManager.edit iterates composeEdits): what the
// user sees must not depend on it. For random typing runs and edits on proof-like text, the composed
// edits and the edits one by one give the same text and the same parsed document (both the one a full
// parse of the text gives; step ids aside, which are fresh names), unique step ids, and every finding
// the one-by-one path keeps current on a step that reads as before is kept exactly the same. Where
// they differ, the composed path is the one a single edit (a real Ctrl+V) gets: a finding whose step
// the one-by-one path lost in an intermediate text (typed "a", then "\n\n" before the old "a") may stay
// current on its unchanged step. No current finding is ever left on text that changed.
//
// The text is prose, inline math, headings, `$$` display math, list markers, code fences and
// indentation (the incremental re-parse against a full parse, edit by edit, is incremental.test.ts's;
// the disagreements found are pinned in remap.test.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../common/annotations';
import type { ProofDocument } from '../common/proof';
import { composeEdits, type TextEdit } from '../common/text';
import { parseProof, remapAnnotations, remapDocument } from './index';
import { typedEdits } from './test-support/arbitraries';

/** What DocumentManager.edit does with a batch: each edit re-maps the document and the findings. */
function applyEach(doc: ProofDocument, annotations: Annotation[], edits: readonly TextEdit[]) {
  for (const edit of edits) {
    const next = remapDocument(doc, edit);
    annotations = remapAnnotations(annotations, doc, next, edit);
    doc = next;
  }
  return { doc, annotations };
}

const piece = fc.constantFrom('a', 'b', ' ', '\n', '\n\n', '$x$', '# ', '\\', '{', '}', 'x.', '\\frac{a}{b}', '$$', '- ', '1. ', '```', '    ');
const prose = (maxLength: number) => fc.array(piece, { maxLength }).map((pieces) => pieces.join(''));

/**
 * A text and edits on it: a typed piece goes at the caret (where the previous edit's insertion ended),
 * sometimes over the character before it (a backspace, or Monaco typing over an auto-closed `$`);
 * otherwise an edit anywhere, replacing up to three characters.
 */
const editCase = fc.tuple(
  prose(30),
  fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean(), prose(6), fc.boolean()), { maxLength: 30 }),
  fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 5 }),
).map(([text, raw, rawFindings]) => {
  const edits = typedEdits(text, raw);
  return { text, edits, rawFindings };
});

/** Findings on random ranges, on the step that holds the range (or on none). */
function findingsOn(doc: ProofDocument, raw: [number, number, boolean][]): Annotation[] {
  return raw.map(([a, b, onStep], i) => {
    const start = a % (doc.text.length + 1);
    const end = start + (b % (doc.text.length - start + 1));
    const step = doc.steps.find((s) => s.range.start <= start && end <= s.range.end);
    return {
      id: `f${i}`, stepId: onStep && step ? step.id : null, range: { start, end }, severity: 'gap', message: 'why?', mappedBy: 'quote',
      provenance: { source: 'verifier', verdict: 'unchecked' },
    };
  });
}

const withoutIds = (doc: ProofDocument) => ({ ...doc, steps: doc.steps.map(({ id: _id, ...step }) => step) });

/** Findings with their step named by its place in the document (ids are fresh names, places are not). */
const byPlace = (r: { doc: ProofDocument; annotations: Annotation[] }) =>
  r.annotations.map((a) => ({ ...a, stepId: a.stepId === null ? null : r.doc.steps.findIndex((s) => s.id === a.stepId) }));

describe('composed edits re-map documents and findings as the edits one by one do', () => {
  it('same text, same parse, unique ids; findings kept current one by one are kept the same', () => {
    fc.assert(fc.property(editCase, ({ text, edits, rawFindings }) => {
      const doc = parseProof(text);
      const findings = findingsOn(doc, rawFindings);
      const each = applyEach(doc, findings, edits);
      const composed = applyEach(doc, findings, composeEdits(edits));

      expect(composed.doc.text).toBe(each.doc.text);
      const full = withoutIds(parseProof(each.doc.text));
      expect(withoutIds(each.doc)).toEqual(full);
      expect(withoutIds(composed.doc)).toEqual(full);
      expect(new Set(composed.doc.steps.map((s) => s.id)).size).toBe(composed.doc.steps.length);

      const stepTextBefore = new Map(doc.steps.map((s) => [s.id, s.text]));
      const eachPlaced = byPlace(each);
      const composedPlaced = byPlace(composed);
      each.annotations.forEach((a, i) => {
        const step = a.stepId === null ? undefined : each.doc.steps.find((s) => s.id === a.stepId);
        const keptOnSameText = !a.stale && findings[i].stepId !== null && step?.text === stepTextBefore.get(findings[i].stepId!);
        if (keptOnSameText) expect(composedPlaced[i]).toEqual(eachPlaced[i]);
      });
      // A current finding quotes the same text as before, on either path.
      for (const r of [each, composed]) {
        r.annotations.forEach((a, i) => {
          if (a.stale || !a.range) return;
          const was = findings[i].range!;
          expect(r.doc.text.slice(a.range.start, a.range.end)).toBe(text.slice(was.start, was.end));
        });
      }
    }), { seed: 11, numRuns: 1500 });
  }, 120_000); // CPU-bound; generous for a shared CI machine

  it('a step typed in after the old one keeps the old step current (a single edit would too)', () => {
    // "a" with a finding on it; "a" typed before it, then a blank line between: one by one, the
    // intermediate "aa" is a rewritten step and the finding goes stale; composed, the old "a" moved.
    const doc = parseProof('a');
    const findings = findingsOn(doc, [[0, 1, true]]);
    const edits = [{ start: 0, end: 0, text: 'a' }, { start: 1, end: 1, text: '\n\n' }];
    expect(composeEdits(edits)).toEqual([{ start: 0, end: 0, text: 'a\n\n' }]);
    const composed = applyEach(doc, findings, composeEdits(edits));
    expect(composed.doc.text).toBe('a\n\na');
    expect(composed.annotations[0]).toMatchObject({ stepId: doc.steps[0].id, range: { start: 3, end: 4 } });
    expect(composed.annotations[0].stale).toBeUndefined();
    expect(applyEach(doc, findings, edits).annotations[0].stale).toBe(true);
  });
});
