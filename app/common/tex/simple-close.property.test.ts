// `\[` / `\(` matching (issue 14): createSimpleCloser answers exactly what findSimpleClose answers, and
// many unclosed `\[` (in one paragraph or one per paragraph) cost linear work, with the same steps.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProof } from '../../proof';
import { createSimpleCloser, findOpenerClose, findSimpleClose, scanMath, scanOptionsFor, type ScanOptions } from './math';

// Pieces that change how the walk steps: both closers, backslash runs (which put walks from different
// openers out of step), comments, code spans, blank lines (which end inline math).
const piece = fc.constantFrom('\\[', '\\]', '\\(', '\\)', '\\\\', '\\', '%', '\n', '\n\n', '`', '``', '$', '{', '}', 'x', ' ', ']', ')');
const input = fc.record({
  text: fc.array(piece, { maxLength: 40 }).map((p) => p.join('')),
  comments: fc.boolean(),
  codeSpans: fc.boolean(),
  pandoc: fc.boolean(),
  maskAt: fc.option(fc.tuple(fc.nat(), fc.nat({ max: 20 }))),
  endCut: fc.nat({ max: 10 }),
  start: fc.nat({ max: 10 }),
  order: fc.array(fc.nat()),
});

describe('createSimpleCloser', () => {
  it('answers every position and closer exactly as findSimpleClose, in any order of questions', () => {
    fc.assert(
      fc.property(input, ({ text, comments, codeSpans, pandoc, maskAt, endCut, start, order }) => {
        const mask = maskAt ? [{ start: Math.min(maskAt[0], text.length), end: Math.min(maskAt[0] + maskAt[1], text.length) }] : undefined;
        const options: ScanOptions = { dollars: true, comments, codeSpans, pandoc, mask };
        const end = Math.max(0, text.length - endCut);
        const closer = createSimpleCloser(text, end, options, Math.min(start, end));
        const questions: [number, string, boolean][] = [];
        for (let from = 0; from <= text.length; from++) questions.push([from, '\\]', false], [from, '\\)', true]);
        // Shuffle by the generated order, so marks left by one question serve later ones.
        for (let k = 0; k < order.length && questions.length > 1; k++) {
          const a = k % questions.length;
          const b = order[k] % questions.length;
          [questions[a], questions[b]] = [questions[b], questions[a]];
        }
        for (const [from, close, inline] of questions) {
          expect(closer(from, close, inline), `from ${from}, ${close} in ${JSON.stringify(text)}`).toBe(findSimpleClose(text, from, end, close, inline, options));
        }
      }),
      { numRuns: Number(process.env.PROOF_FC_RUNS ?? 300) },
    );
  });
});

/** Options whose (empty-ranged) mask counts the positions a walk looks at: a work count, not a time. */
function countingOptions(text: string): { options: ScanOptions; steps: () => number } {
  let reads = 0;
  const mask = new Proxy([{ start: text.length, end: text.length }], {
    get(target, key, receiver) {
      if (key === 'length') reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { options: { ...scanOptionsFor('markdown'), mask }, steps: () => reads };
}

describe('many unclosed \\[ (issue 14)', () => {
  it('scanMath on one paragraph of them does linear work: twice the openers, about twice the steps', () => {
    const steps = (n: number) => {
      const text = Array(n).fill('\\[ x').join('\n');
      const { options, steps: read } = countingOptions(text);
      const result = scanMath(text, 0, text.length, options);
      expect(result.unclosed).toMatchObject({ at: 0, delimiter: '\\[' });
      expect(result.fragments).toHaveLength(0);
      return read();
    };
    expect(steps(4000) / steps(2000)).toBeLessThan(2.5);
  });

  it('one per paragraph, searched to the end of the document with one shared closer: linear work', () => {
    const steps = (n: number) => {
      const text = Array(n).fill('\\[ x').join('\n\n');
      const { options, steps: read } = countingOptions(text);
      const closer = createSimpleCloser(text, text.length, options);
      for (let at = 0; at < text.length; at = text.indexOf('\\[', at + 1)) {
        expect(findOpenerClose(text, { at, delimiter: '\\[' }, text.length, options, undefined, closer)).toBe(-1);
        if (text.indexOf('\\[', at + 1) < 0) break;
      }
      return read();
    };
    expect(steps(4000) / steps(2000)).toBeLessThan(2.5);
  });

  it('segments as before: unclosed openers stay one step per paragraph; a later \\] joins its paragraphs', () => {
    const unclosed = parseProof(Array(50).fill('\\[ x').join('\n\n'));
    expect(unclosed.steps.map((s) => s.text)).toEqual(Array(50).fill('\\[ x'));
    expect(unclosed.steps.every((s) => s.math.length === 0)).toBe(true);

    const closedLater = parseProof('\\[ a\n\nb = c\n\n\\]\n\nThen \\[ y\n\nAnd $z$ holds.');
    expect(closedLater.steps.map((s) => s.text)).toEqual(['\\[ a\n\nb = c\n\n\\]', 'Then \\[ y', 'And $z$ holds.']);
    expect(closedLater.steps[0].math.map((m) => m.tex)).toEqual([' a\n\nb = c\n\n']);
    expect(closedLater.steps[2].math.map((m) => m.tex)).toEqual(['z']);
  });
});
