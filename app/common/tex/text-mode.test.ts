import { describe, expect, it } from 'vitest';
import { plainTexTitle } from './text-mode';

describe('plainTexTitle', () => {
  it('reads the shipped samples\' titles as plain text, with no TeX markup left', () => {
    expect(plainTexTitle('Infinitely many primes of the form $4k+3$')).toBe('Infinitely many primes of the form 4k+3');
    expect(plainTexTitle('The sum of the first $n$ cubes')).toBe('The sum of the first n cubes');
    expect(plainTexTitle('Additive maps $\\mathbb{R} \\to \\mathbb{R}$ and \\emph{continuity}')).toBe('Additive maps ℝ → ℝ and continuity');
    expect(plainTexTitle('Bounds \\(a \\le b\\), $$x \\cdot y$$')).toBe('Bounds a ≤ b, x · y');
  });
});
