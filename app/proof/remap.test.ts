import { describe, expect, it } from 'vitest';
import type { Annotation } from '../common/annotations';
import type { ProofDocument } from '../common/proof';
import type { TextEdit } from '../common/text';
import { parseProof, remapAnnotations, remapDocument } from './index';
import { syntheticProof } from './synthetic';

const text = '# Proof\n\nFirst, $a > 0$.\n\nSecond, we have:\n$$\nb = 1\n$$\n\nThird step.\n';
const at = (needle: string) => text.indexOf(needle);

function annotation(partial: Partial<Annotation>): Annotation {
  return {
    id: 'a1',
    stepId: null,
    severity: 'gap',
    message: 'why?',
    mappedBy: 'label',
    provenance: { source: 'verifier', verdict: 'unchecked' },
    ...partial,
  };
}

describe('remapDocument', () => {
  it('keeps ids of steps before and after the edit and of the step it fell inside', () => {
    const old = parseProof(text);
    const edit: TextEdit = { start: at('we have'), end: at('we have') + 2, text: 'one has' };
    const next = remapDocument(old, edit);
    expect(next.steps.map((s) => s.id)).toEqual(old.steps.map((s) => s.id));
    expect(next.steps[2].text).toBe('Second, one has have:\n$$\nb = 1\n$$');
    expect(next.steps[3].range.start).toBe(old.steps[3].range.start + 5);
  });

  it('gives a new paragraph a fresh id and keeps the others', () => {
    const old = parseProof(text);
    const next = remapDocument(old, { start: at('Third'), end: at('Third'), text: 'Inserted.\n\n' });
    expect(next.steps.map((s) => s.text)).toContain('Inserted.');
    const oldIds = new Set(old.steps.map((s) => s.id));
    expect(next.steps.filter((s) => !oldIds.has(s.id)).map((s) => s.text)).toEqual(['Inserted.']);
    expect(next.steps.find((s) => s.text === 'Third step.')?.id).toBe(old.steps[3].id);
  });

  it('falls back to content: a paragraph moved by cut and paste keeps its id', () => {
    const old = parseProof('A one.\n\nB two.\n\nC three.\n');
    const cut = remapDocument(old, { start: 0, end: 8, text: '' });
    const pasted = remapDocument(cut, { start: cut.text.length, end: cut.text.length, text: '\nA one.\n' });
    expect(pasted.steps.map((s) => s.text)).toEqual(['B two.', 'C three.', 'A one.']);
    expect(pasted.steps.map((s) => s.id)).toEqual([old.steps[1].id, old.steps[2].id, old.steps[0].id]);
  });

  it('follows structural edits: opening a code fence swallows what follows, closing it restores the steps', () => {
    const old = parseProof(text);
    const opened = remapDocument(old, { start: at('Second'), end: at('Second'), text: '```\n' });
    expect(opened.steps.map((s) => s.kind)).toEqual(['heading', 'paragraph', 'code']);
    expect(opened.steps.map((s) => s.text)).toEqual(parseProof(opened.text).steps.map((s) => s.text));
    const closed = remapDocument(opened, { start: at('Second') + 4, end: at('Second') + 4, text: '```\n\n' });
    expect(closed.steps.map((s) => s.text).slice(-2)).toEqual(['Second, we have:\n$$\nb = 1\n$$', 'Third step.']);
    expect(closed.steps[1].id).toBe(old.steps[1].id);
  });

  it('reads a block right after a paragraph (no blank line between) as a full parse does', () => {
    // Alone, `- 1. ` is an empty item holding an empty list (no step); after a paragraph it is the item "- 1.".
    for (const doc of ['Since a.\n- 1. ', 'Since a.\n- - ', 'Since a.\n- 1. \n\nLast step.']) {
      const end = doc.indexOf(' \n\n') >= 0 ? doc.indexOf(' \n\n') + 1 : doc.length;
      const next = remapDocument(parseProof(doc), { start: end, end, text: '' });
      expect(next.steps.map((s) => s.text), JSON.stringify(doc)).toEqual(parseProof(doc).steps.map((s) => s.text));
    }
  });

  // Found by incremental.test.ts: each re-parsed too small a window and kept blocks a full parse no longer has.
  const agreesWithFullParse = (doc: string, edit: TextEdit, expected: [string, string][]) => {
    const next = remapDocument(parseProof(doc), edit);
    const steps = (d: ProofDocument) => d.steps.map((s) => [s.kind, s.text, s.range.start, s.range.end]);
    expect(steps(next), JSON.stringify(next.text)).toEqual(steps(parseProof(next.text)));
    expect(next.steps.map((s) => [s.kind, s.text])).toEqual(expected);
  };

  it("sees a fence an edit opens in the window's last block run on to the end of the text", () => {
    // Four spaces: indented code; three: a fence left open, which swallows the paragraph after it.
    agreesWithFullParse('    ```\n\na', { start: 0, end: 1, text: '' }, [['code', '```\n\na']]);
  });

  it('sees a `$$` opener before the edit become a fence when the edit deletes the `$$` that closed it', () => {
    // With `a$$` (a `$$` not on a line of its own) the opener is paragraph text; without it, mdast's fence.
    agreesWithFullParse('$$\n\na\n\na$$', { start: 8, end: 10, text: '' }, [['display-math', '$$\n\na\n\na']]);
  });

  it('sees a `$$` opener after the edit change when a `$$` typed before it takes its closing `$$`', () => {
    // `$$x`'s display closed at the lone `$$`; the new `$$` opener now ends at `$$x`, and the lone `$$`
    // opens a display of its own that `c$$` closes: all of it is one paragraph of display math.
    agreesWithFullParse('a\n\n$$x\n\nb\n\n$$\n\nc$$', { start: 0, end: 1, text: '$$' }, [['paragraph', '$$\n\n$$x\n\nb\n\n$$\n\nc$$']]);
  });

  it('does not re-parse from indented code: what follows it depends on what came before it', () => {
    // After `- ` and a blank line, `1. ` under indented code is an empty item (no step); alone, it is
    // the start of the paragraph `1. \nb`.
    agreesWithFullParse('- \n\n    a\n1. b', { start: 13, end: 13, text: '\n' }, [['code', 'a'], ['paragraph', 'b']]);
  });

  it('re-maps a .tex document', () => {
    const tex = '\\begin{document}\nOne.\n\nTwo $x$.\n\\end{document}\n';
    const old = parseProof(tex, 'tex');
    const next = remapDocument(old, { start: 0, end: 0, text: '% preamble comment\n' });
    expect(next.format).toBe('tex');
    expect(next.steps.map((s) => [s.id, s.text])).toEqual(old.steps.map((s) => [s.id, s.text]));
  });

  it('agrees with a fresh parse on a long generated proof, edit after edit', () => {
    let doc = parseProof(syntheticProof(120));
    const edits = ['x', '\n\n', '$', '\\[', '- ', '```\n', '', '\\end{align}'];
    let seed = 7;
    for (let k = 0; k < 20; k++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const start = seed % (doc.text.length + 1);
      const end = Math.min(doc.text.length, start + (seed % 5));
      doc = remapDocument(doc, { start, end, text: edits[k % edits.length] });
      const fresh = parseProof(doc.text);
      expect(doc.steps.map((s) => [s.kind, s.range.start, s.range.end])).toEqual(fresh.steps.map((s) => [s.kind, s.range.start, s.range.end]));
    }
  });

  it('rejects an edit outside the document with a clear message', () => {
    expect(() => remapDocument(parseProof('abc'), { start: 2, end: 9, text: '' })).toThrow(/does not fit a document of 3 characters/);
  });
});

describe('remapAnnotations', () => {
  it('shifts ranges through an edit before them and keeps their step', () => {
    const old = parseProof(text);
    const third = old.steps[3];
    const ann = annotation({ stepId: third.id, range: { start: third.range.start, end: third.range.start + 5 } });
    const edit = { start: at('First'), end: at('First'), text: 'Indeed, ' };
    const next = remapDocument(old, edit);
    const [moved] = remapAnnotations([ann], old, next, edit);
    expect(moved.stepId).toBe(third.id);
    expect(next.text.slice(moved.range!.start, moved.range!.end)).toBe('Third');
    expect(moved.stale).toBeUndefined();
  });

  it('marks an annotation stale when its quoted range is rewritten, but not when its step changes elsewhere', () => {
    const old = parseProof(text);
    const second = old.steps[2];
    const quoted = annotation({ id: 'q', stepId: second.id, range: { start: at('b = 1'), end: at('b = 1') + 5 } });
    const elsewhere = annotation({ id: 'e', stepId: second.id, range: { start: at('Second'), end: at('Second') + 6 } });
    const stepOnly = annotation({ id: 's', stepId: second.id });
    const edit = { start: at('b = 1') + 4, end: at('b = 1') + 5, text: '2' };
    const next = remapDocument(old, edit);
    const [q, e, s] = remapAnnotations([quoted, elsewhere, stepOnly], old, next, edit);
    expect(q.stale).toBe(true);
    expect(e.stale).toBeUndefined();
    expect(s.stale).toBe(true);
    expect([q.stepId, e.stepId, s.stepId]).toEqual([second.id, second.id, second.id]);
  });

  it('does not move an annotation onto another step when its step is split: it is stale, with no step and no range', () => {
    const old = parseProof('Alpha one. Beta two.\n');
    const beta = 'Alpha one. '.length;
    const ann = annotation({ stepId: old.steps[0].id, range: { start: beta, end: beta + 4 } });
    const edit = { start: beta - 1, end: beta, text: '\n\n' };
    const next = remapDocument(old, edit);
    const [moved] = remapAnnotations([ann], old, next, edit);
    expect(next.steps).toHaveLength(2);
    expect(moved.stale).toBe(true);
    expect(moved.stepId).toBeNull();
    expect(moved.range).toBeUndefined();
  });

  it('moves an annotation with its step\'s text when the step keeps its text under a new id', () => {
    const old = parseProof('Alpha one.\n\nBeta two.\n');
    const beta = old.steps[1];
    const ann = annotation({ stepId: beta.id, range: { start: beta.range.start, end: beta.range.start + 4 } });
    // Replace everything before it: the edit ends where Beta starts, so Beta's id may not follow.
    const edit = { start: 0, end: beta.range.start, text: 'Gamma three.\n\n' };
    const next = remapDocument(old, edit);
    const [moved] = remapAnnotations([ann], old, next, edit);
    const holder = next.steps.find((s) => s.text === beta.text)!;
    expect(moved.stepId).toBe(holder.id);
    expect(next.text.slice(moved.range!.start, moved.range!.end)).toBe('Beta');
    expect(moved.stale).toBeUndefined();
  });

  it('turns an annotation on a deleted step into a stale document-level one', () => {
    const old = parseProof(text);
    const first = old.steps[1];
    const edit = { start: first.range.start, end: first.range.end + 2, text: '' };
    const next = remapDocument(old, edit);
    const [gone] = remapAnnotations([annotation({ stepId: first.id })], old, next, edit);
    expect(gone).toMatchObject({ stepId: null, stale: true });
  });
});
