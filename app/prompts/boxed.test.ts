import { describe, expect, it } from 'vitest';
import { allBoxed, lastBoxed, parseScore } from './boxed';

describe('lastBoxed', () => {
  it('takes the last box when there are several', () => {
    const text = 'If the proof were complete it would get \\boxed{1}; it is not, so \\boxed{0}.';
    expect(allBoxed(text)).toEqual(['1', '0']);
    expect(lastBoxed(text)).toBe('0');
  });

  it('matches nested braces', () => {
    expect(lastBoxed('score: \\boxed{\\frac{1}{2}}')).toBe('\\frac{1}{2}');
    expect(lastBoxed('\\boxed{\\text{{a}{b}}} and then \\boxed{\\dfrac{1}{\\sqrt{4}}}')).toBe('\\dfrac{1}{\\sqrt{4}}');
  });

  it('ignores escaped braces and allows space before the brace', () => {
    expect(lastBoxed('\\boxed {\\{1\\}}')).toBe('\\{1\\}');
  });

  it('skips a box that never closes', () => {
    expect(allBoxed('\\boxed{0} then \\boxed{\\frac{1}{2}')).toEqual(['0']);
    expect(lastBoxed('no box here')).toBeNull();
  });
});

describe('parseScore', () => {
  it.each([
    ['1', 1],
    ['1.0', 1],
    [' 1 ', 1],
    ['$1$', 1],
    ['0', 0],
    ['0.00', 0],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['1/2', 0.5],
    ['\\frac{1}{2}', 0.5],
    ['\\frac12', 0.5],
    ['\\dfrac12', 0.5],
    ['\\dfrac{1}{2}', 0.5],
    ['\\tfrac{1}{2}', 0.5],
    ['\\text{0.5}', 0.5],
  ])('reads %j as %s', (content, score) => {
    expect(parseScore(content)).toBe(score);
  });

  it.each(['2', '0.75', '1/3', '10', '01', 'yes', '', 'score', '\\frac{1}{3}', '0.5 or 1'])('rejects %j', (content) => {
    expect(parseScore(content)).toBeNull();
  });
});
