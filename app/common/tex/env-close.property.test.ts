// Environment matching (issue 14): createEnvCloser answers exactly what the original one-walk-per-opener
// search answered, and its work grows linearly with the number of unclosed openers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SourceRange } from '../text';
import { createEnvCloser, scanMath, scanOptionsFor, visible, type ScanOptions } from './math';

const BEGIN_RE = /\\begin\s*\{([^{}\n]*)\}/y;
const END_RE = /\\end\s*\{([^{}\n]*)\}/y;

/** The search as it was before the memo (one walk to the end per opener): the oracle. */
function originalFindEnvClose(text: string, from: number, end: number, name: string, options: ScanOptions): SourceRange | null {
  let depth = 1;
  for (let i = from; (i = visible(text, i, end, options)) < end; ) {
    if (text.charCodeAt(i) !== 92) {
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === 'e') {
      END_RE.lastIndex = i;
      const m = END_RE.exec(text);
      if (m && i + m[0].length <= end && m[1].trim() === name) {
        depth--;
        if (depth === 0) return { start: i, end: i + m[0].length };
        i += m[0].length;
        continue;
      }
    } else if (next === 'b') {
      BEGIN_RE.lastIndex = i;
      const m = BEGIN_RE.exec(text);
      if (m && i + m[0].length <= end && m[1].trim() === name) {
        depth++;
        i += m[0].length;
        continue;
      }
    }
    i += 2;
  }
  return null;
}

// Pieces that change how the walk steps: markers of two names (with odd spacing), backslash pairs,
// comments, code spans, `$` and braces; so walks from different openers may step differently.
const piece = fc.constantFrom(
  '\\begin{align}', '\\end{align}', '\\begin {align}', '\\end{ align }', '\\begin{equation}', '\\end{equation}',
  '\\begin{verbatim}', '\\end{verbatim}', '\\begin{align', '\\\\', '\\', '%', '\n', '\n\n', '`', '``', '$', '$$', '{', '}', 'x', ' ',
);
const input = fc.record({
  text: fc.array(piece, { maxLength: 40 }).map((p) => p.join('')),
  comments: fc.boolean(),
  codeSpans: fc.boolean(),
  pandoc: fc.boolean(),
  maskAt: fc.option(fc.tuple(fc.nat(), fc.nat({ max: 20 }))),
  endCut: fc.nat({ max: 10 }),
  order: fc.array(fc.nat()),
});

describe('createEnvCloser', () => {
  it('answers every position and name exactly as the original search, in any order of questions', () => {
    fc.assert(
      fc.property(input, ({ text, comments, codeSpans, pandoc, maskAt, endCut, order }) => {
        const mask = maskAt ? [{ start: Math.min(maskAt[0], text.length), end: Math.min(maskAt[0] + maskAt[1], text.length) }] : undefined;
        const options: ScanOptions = { dollars: true, comments, codeSpans, pandoc, mask };
        const end = Math.max(0, text.length - endCut);
        const closer = createEnvCloser(text, end, options);
        const questions: [number, string][] = [];
        for (let from = 0; from <= text.length; from++) for (const name of ['align', 'equation', 'verbatim']) questions.push([from, name]);
        // Shuffle by the generated order, so memo entries made for one question serve later ones.
        for (let k = 0; k < order.length && questions.length > 1; k++) {
          const a = k % questions.length;
          const b = order[k] % questions.length;
          [questions[a], questions[b]] = [questions[b], questions[a]];
        }
        for (const [from, name] of questions) {
          expect(closer(from, name), `from ${from}, ${name} in ${JSON.stringify(text)}`).toEqual(originalFindEnvClose(text, from, end, name, options));
        }
      }),
      { numRuns: Number(process.env.PROOF_FC_RUNS ?? 300) },
    );
  });

  it('resolves n nested openers closed once at the end without overflowing the stack', () => {
    const n = 100_000;
    const text = `${'\\begin{align}'.repeat(n)}x\\end{align}`;
    const closer = createEnvCloser(text, text.length, scanOptionsFor('tex'));
    expect(closer('\\begin{align}'.length, 'align')).toBeNull();
    expect(closer(n * '\\begin{align}'.length, 'align')).toEqual({ start: text.length - '\\end{align}'.length, end: text.length });
  });
});

/**
 * How many positions the scanner looks at for `text`: every step of a walk asks the mask whether the
 * position is hidden, so counting reads of the (empty-ranged) mask's length counts steps. A work
 * count, not a time: the same on any machine.
 */
function stepsToScan(text: string): number {
  let reads = 0;
  const mask = new Proxy([{ start: text.length, end: text.length }], {
    get(target, key, receiver) {
      if (key === 'length') reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  const result = scanMath(text, 0, text.length, { ...scanOptionsFor('tex'), mask });
  expect(result.unclosed).toMatchObject({ at: 0, delimiter: 'env', env: 'align' });
  return reads;
}

describe('scanMath on many unclosed environments (issue 14)', () => {
  it('does linear work: twice the openers, about twice the steps (it was four times)', () => {
    const doc = (n: number) => Array(n).fill('\\begin{align} x').join('\n');
    const ratio = stepsToScan(doc(4000)) / stepsToScan(doc(2000));
    expect(ratio).toBeLessThan(2.5);
  });
});
