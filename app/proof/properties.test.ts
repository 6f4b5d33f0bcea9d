// Property-based tests of segmentation and re-mapping (issue #2: ranges lie inside the document and
// cover what they claim; a step not touched by an edit keeps its id).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../common/annotations';
import type { ProofDocument } from '../common/proof';
import { LineIndex, applyEdit, type TextEdit } from '../common/text';
import { parseProof, remapAnnotations, remapDocument } from './index';
import { anyDocument } from './test-support/arbitraries';

// PROOF_FC_RUNS=5000 for a deeper local search; the default keeps the unit suite quick.
const RUNS = { numRuns: Number(process.env.PROOF_FC_RUNS ?? 100) };
/** Generous: the CI machine is shared; fast-check runs are CPU-bound, not waiting on anything. */
const TIMEOUT_MS = 180_000;

function expectWellFormed(doc: ProofDocument): void {
  const lines = new LineIndex(doc.text);
  const ids = new Set<string>();
  let previousEnd = doc.body.start;
  doc.steps.forEach((step, index) => {
    const { start, end } = step.range;
    expect(start).toBeGreaterThanOrEqual(previousEnd);
    expect(end).toBeGreaterThan(start);
    expect(end).toBeLessThanOrEqual(doc.body.end);
    expect(step.text).toBe(doc.text.slice(start, end));
    expect(step.text).toBe(step.text.trim());
    expect(step.range.startPos).toEqual(lines.positionAt(start));
    expect(step.range.endPos).toEqual(lines.positionAt(end));
    expect(step.index).toBe(index);
    expect(step.label).toBe(`S${index + 1}`);
    expect(ids.has(step.id)).toBe(false);
    ids.add(step.id);
    let mathEnd = start;
    for (const m of step.math) {
      expect(m.range.start).toBeGreaterThanOrEqual(mathEnd);
      expect(m.range.end).toBeLessThanOrEqual(end);
      expect(m.contentRange.start).toBeGreaterThanOrEqual(m.range.start);
      expect(m.contentRange.end).toBeLessThanOrEqual(m.range.end);
      const source = doc.text.slice(m.range.start, m.range.end);
      const opener = m.delimiter === 'env' ? '\\begin{' : m.delimiter;
      expect(source.startsWith(opener)).toBe(true);
      mathEnd = m.range.end;
    }
    previousEnd = end;
  });
}

/** Structure without ids: what a fresh parse and a re-map must agree on. */
function structure(doc: ProofDocument) {
  return doc.steps.map((s) => ({ kind: s.kind, start: s.range.start, end: s.range.end, section: s.section, math: s.math }));
}

/** An edit replacing part of a plain word (one that follows whitespace) by letters: never changes block structure. */
const wordEdit = fc
  .tuple(anyDocument, fc.nat(), fc.nat(), fc.nat(), fc.stringMatching(/^[a-z]{1,5}$/))
  .filter(([doc]) => /\s[A-Za-z]/.test(doc.text))
  .map(([doc, pick, a, b, letters]) => {
    const words = [...doc.text.matchAll(/(?<=\s)[A-Za-z]+/g)];
    const w = words[pick % words.length];
    const i = a % (w[0].length + 1);
    const j = i + (b % (w[0].length - i + 1));
    const edit: TextEdit = { start: w.index + i, end: w.index + j, text: letters };
    return { ...doc, edit };
  });

/** Any edit at all: random position, random span, text with Markdown/TeX-significant characters. */
const anyEdit = fc
  .tuple(
    anyDocument,
    fc.nat(),
    fc.nat({ max: 40 }),
    fc.array(fc.constantFrom('a', ' ', '\n', '\n\n', '$', '$$', '\\[', '\\]', '\\begin{align}', '\\end{align}', '```', '- ', '#', '`', '%', '\\(', 'x.'), { maxLength: 4 }),
  )
  .map(([doc, at, length, pieces]) => {
    const start = at % (doc.text.length + 1);
    const end = Math.min(doc.text.length, start + length);
    return { ...doc, edit: { start, end, text: pieces.join('') } };
  });

describe('segmentation properties', () => {
  it('steps lie inside the body, in order, without overlap, and their text is exactly the slice', () => {
    fc.assert(
      fc.property(anyDocument, ({ text, format }) => {
        const doc = parseProof(text, format);
        expectWellFormed(doc);
        expect(parseProof(text, format).steps.map((s) => s.id)).toEqual(doc.steps.map((s) => s.id));
      }),
      RUNS,
    );
  }, TIMEOUT_MS);
});

/** Text made of the characters and words the parser reacts to, in any order: no structure promised. */
const soup = fc
  .tuple(
    fc.array(
      fc.constantFrom('$', '$$', '\\', '\\[', '\\]', '\\(', '\\)', '{', '}', '\\begin{align}', '\\end{align}', '\\begin{proof}',
        '\\end{proof}', '\\item ', '\\section{a}', '\n', '\n\n', '\r\n', ' ', '    ', 'a', 'b.', ':', '`', '```', '- ', '1. ', '# ', '%', '> ', '*', '\uFEFF', '😀'),
      { maxLength: 60 },
    ),
    fc.constantFrom('markdown' as const, 'tex' as const),
  )
  .map(([pieces, format]) => ({ text: pieces.join(''), format }));

describe('segmentation of arbitrary text', () => {
  it('never throws and always gives well-formed steps', () => {
    fc.assert(
      fc.property(soup, ({ text, format }) => {
        expectWellFormed(parseProof(text, format));
      }),
      RUNS,
    );
  }, TIMEOUT_MS);
});

describe('re-mapping properties', () => {
  it('an edit inside a word keeps every step id, moves untouched steps unchanged, and matches a fresh parse', () => {
    fc.assert(
      fc.property(wordEdit, ({ text, format, edit }) => {
        const old = parseProof(text, format);
        const next = remapDocument(old, edit);
        expectWellFormed(next);
        expect(next.text).toBe(applyEdit(text, edit));
        expect(structure(next)).toEqual(structure(parseProof(next.text, format)));
        expect(next.steps.map((s) => s.id)).toEqual(old.steps.map((s) => s.id));
        const delta = edit.text.length - (edit.end - edit.start);
        old.steps.forEach((step, i) => {
          const touched = step.range.start <= edit.end && edit.start <= step.range.end;
          if (touched) return;
          const moved = step.range.start >= edit.end ? delta : 0;
          expect(next.steps[i].text).toBe(step.text);
          expect(next.steps[i].range.start).toBe(step.range.start + moved);
        });
      }),
      RUNS,
    );
  }, TIMEOUT_MS);

  it('any edit gives the same steps as a fresh parse, and untouched steps that survive keep their ids', () => {
    fc.assert(
      fc.property(anyEdit, ({ text, format, edit }) => {
        const old = parseProof(text, format);
        const next = remapDocument(old, edit);
        expectWellFormed(next);
        expect(structure(next)).toEqual(structure(parseProof(next.text, format)));
        const delta = edit.text.length - (edit.end - edit.start);
        for (const step of old.steps) {
          const before = step.range.end < edit.start;
          const after = step.range.start > edit.end;
          if (!before && !after) continue;
          const shift = after ? delta : 0;
          const same = next.steps.find((s) => s.range.start === step.range.start + shift && s.range.end === step.range.end + shift);
          if (same && same.kind === step.kind) expect(same.id).toBe(step.id);
        }
      }),
      RUNS,
    );
  }, TIMEOUT_MS);

  it('arbitrary text under arbitrary edits still re-parses exactly like a fresh parse', () => {
    const soupEdit = fc.tuple(soup, soup, fc.nat(), fc.nat({ max: 20 })).map(([doc, insert, at, length]) => {
      const start = at % (doc.text.length + 1);
      return { ...doc, edit: { start, end: Math.min(doc.text.length, start + length), text: insert.text } };
    });
    fc.assert(
      fc.property(soupEdit, ({ text, format, edit }) => {
        const next = remapDocument(parseProof(text, format), edit);
        expectWellFormed(next);
        expect(structure(next)).toEqual(structure(parseProof(next.text, format)));
      }),
      RUNS,
    );
  }, TIMEOUT_MS);

  it('annotations on untouched steps keep their step and exact text; an edited range is marked stale', () => {
    fc.assert(
      fc.property(wordEdit, ({ text, format, edit }) => {
        const old = parseProof(text, format);
        const annotations: Annotation[] = old.steps.flatMap((step, i) => [
          {
            id: `r${i}`,
            stepId: step.id,
            range: { start: step.range.start, end: step.range.end },
            severity: 'gap' as const,
            message: 'range',
            mappedBy: 'quote' as const,
            provenance: { source: 'verifier' as const, verdict: 'unchecked' as const },
          },
          {
            id: `s${i}`,
            stepId: step.id,
            severity: 'minor' as const,
            message: 'step',
            mappedBy: 'label' as const,
            provenance: { source: 'verifier' as const, verdict: 'unchecked' as const },
          },
        ]);
        const next = remapDocument(old, edit);
        const moved = remapAnnotations(annotations, old, next, edit);
        expect(moved).toHaveLength(annotations.length);
        old.steps.forEach((step, i) => {
          const [ranged, plain] = [moved[2 * i], moved[2 * i + 1]];
          const touched = step.range.start <= edit.end && edit.start <= step.range.end;
          const textChanged = next.steps[i].text !== step.text;
          expect(ranged.stepId).toBe(step.id);
          expect(plain.stepId).toBe(step.id);
          if (!touched) {
            expect(next.text.slice(ranged.range!.start, ranged.range!.end)).toBe(step.text);
            expect(ranged.stale).toBeUndefined();
            expect(plain.stale).toBeUndefined();
          } else if (textChanged) {
            expect(plain.stale).toBe(true);
            const strictlyInside = edit.start > step.range.start && edit.end < step.range.end;
            if (strictlyInside || edit.end > edit.start) expect(ranged.stale).toBe(true);
          }
        });
      }),
      RUNS,
    );
  }, TIMEOUT_MS);
});
