// composeEdits (text.ts): folding edits into the one whose inserted text they fall in keeps the result.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdit, composeEdits, type TextEdit } from './text';

const applyAll = (text: string, edits: readonly TextEdit[]) => edits.reduce(applyEdit, text);

describe('composeEdits', () => {
  it('folds characters typed one by one into one edit', () => {
    const typed = [...'abc'].map((ch, i) => ({ start: 5 + i, end: 5 + i, text: ch }));
    expect(composeEdits(typed)).toEqual([{ start: 5, end: 5, text: 'abc' }]);
  });

  it('folds an edit inside the previous insertion (an auto-closed pair typed into), keeps far ones apart', () => {
    const edits = [{ start: 2, end: 4, text: '$$' }, { start: 3, end: 3, text: 'x' }, { start: 10, end: 10, text: 'y' }];
    expect(composeEdits(edits)).toEqual([{ start: 2, end: 4, text: '$x$' }, { start: 10, end: 10, text: 'y' }]);
    expect(applyAll('0123456789abc', composeEdits(edits))).toBe(applyAll('0123456789abc', edits));
  });

  it('gives the same text as the edits one by one, for any sequence of edits', () => {
    const case_ = fc.string({ maxLength: 40 }).chain((text) =>
      fc.array(fc.tuple(fc.nat(), fc.nat(), fc.string({ maxLength: 4 })), { maxLength: 25 }).map((raw) => {
        const edits: TextEdit[] = [];
        let current = text;
        for (const [a, b, insert] of raw) {
          const start = a % (current.length + 1);
          const end = start + (b % (current.length - start + 1));
          edits.push({ start, end, text: insert });
          current = applyEdit(current, { start, end, text: insert });
        }
        return { text, edits };
      }),
    );
    fc.assert(fc.property(case_, ({ text, edits }) => {
      const composed = composeEdits(edits);
      expect(composed.length).toBeLessThanOrEqual(edits.length);
      expect(applyAll(text, composed)).toBe(applyAll(text, edits));
    }), { seed: 16, numRuns: 500 });
  });
});
