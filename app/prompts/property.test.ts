import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseVerification } from './parse';
import { renderTemplate } from './render';

const analysisText = fc.string({ maxLength: 300 }).filter((t) => !/\\boxed|<\/?think>/.test(t));
const scoreWritings = fc.constantFrom(
  ['1', 1],
  ['1.0', 1],
  ['0', 0],
  ['0.5', 0.5],
  ['1/2', 0.5],
  ['\\frac{1}{2}', 0.5],
  ['\\dfrac12', 0.5],
) as fc.Arbitrary<[string, number]>;

describe('parser properties', () => {
  it('any analysis ending in a boxed score reads as that score when finished, and never when cut off', () => {
    fc.assert(
      fc.property(analysisText, scoreWritings, (text, [written, score]) => {
        const answer = `${text}\nBased on my evaluation, the final overal score should be:\n\\boxed{${written}}`;
        const done = parseVerification(answer, 'stop', 'deepseek-math-v2');
        expect(done.status).toBe('parsed');
        expect(done.score).toBe(score);
        const cut = parseVerification(answer, 'length', 'deepseek-math-v2');
        expect(cut.status).toBe('unparsed');
        expect(cut.score).toBeNull();
      }),
    );
  });

  it('a score boxed only inside the reasoning is never the verdict', () => {
    fc.assert(
      fc.property(analysisText, scoreWritings, (text, [written]) => {
        const v = parseVerification(`<think>${text} \\boxed{${written}}</think>\n${text}`, 'stop', 'deepseek-math-v2');
        expect(v.status).toBe('unparsed');
        expect(v.score).toBeNull();
      }),
    );
  });
});

describe('renderer properties', () => {
  it('inserts values verbatim and never expands slots inside them', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (problem, proof) => {
        expect(renderTemplate('A {{problem}} B {{ proof }} C', { problem, proof })).toBe(`A ${problem} B ${proof} C`);
      }),
    );
  });
});
