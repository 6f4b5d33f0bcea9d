// Property: a fragment of a proof, re-typed with different whitespace and `$` in place of `\(…\)`,
// is still found, and what is found is the same text in normal form.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyDocument } from '../proof/test-support/arbitraries';
import { locateQuote } from './quote';

/** A run of whole words of the document (cut at whitespace), and a re-typed version of it. */
const quoted = fc
  .tuple(anyDocument, fc.nat(), fc.nat({ max: 12 }), fc.array(fc.constantFrom(' ', '  ', '\n', ''), { minLength: 1 }))
  .map(([doc, pick, length, spaces]) => {
    const words = [...doc.text.matchAll(/\S+/g)];
    const first = pick % words.length;
    const last = Math.min(words.length - 1, first + length);
    const slice = doc.text.slice(words[first].index, words[last].index + words[last][0].length);
    let k = 0;
    const retyped = slice.replace(/\s+/g, () => spaces[k++ % spaces.length]).replace(/\\\((.*?)\\\)/g, '$$$1$$');
    return { text: doc.text, slice, retyped };
  })
  // Long enough to be searched in the whole text (control words are not counted: \left vanishes).
  .filter(({ slice }) => (slice.replace(/\\[A-Za-z]+/g, '').match(/[A-Za-z0-9]/g) ?? []).length >= 3);

describe('locateQuote property', () => {
  it('finds re-typed fragments, and the found text has the same normal form as the quote', () => {
    fc.assert(
      fc.property(quoted, ({ text, retyped }) => {
        const found = locateQuote(text, retyped);
        expect(found).not.toBeNull();
        const foundText = text.slice(found!.start, found!.end);
        expect(locateQuote(retyped, foundText)).not.toBeNull();
      }),
      { numRuns: Number(process.env.PROOF_FC_RUNS ?? 200) },
    );
  });
});
