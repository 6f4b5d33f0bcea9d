// Checker round 23, two kinds of rev19: the sample points for several variables cover the joint corners of their box
// (three positive reals all small at once, where `a + b + c \ge 1` is false), and a definition of a new function of n
// (`S(n) = \sum_{k=1}^n k^2`) is no constraint on n. Each proof is read through the Checker as the CLI does; each kind
// has correct proofs that must stay silent and a slip that must fail.
import { describe, expect, it } from 'vitest';
import { check, fails } from './roundTesting';

describe('several variables are sampled all small, all large and mixed together (rev19: three positives "held" a + b + c ≥ 1)', () => {
  const positives = (claim: string) => check(`Let $a, b, c$ be positive real numbers.\n\nThen ${claim}.\n`);

  it('false inequalities in three positive reals fail, at a point where every variable is positive', () => {
    for (const claim of ['$a^2 + b^2 + c^2 \\ge a + b + c$', '$a + b + c \\ge 1$', '$a + b + c \\ge \\frac{1}{2}$', '$a^2 + b^2 + c^2 \\ge 1$', '$abc \\le 10$']) {
      const found = positives(claim);
      expect(fails(found), claim).toHaveLength(1);
      const point = found.find((c) => c.status === 'fails')!.counterexample!.assignment;
      for (const v of ['a', 'b', 'c']) expect(point[v], `${claim}: ${v}`).toBeGreaterThan(0);
    }
  });

  it('true inequalities of three positive reals stay silent, and a linking hypothesis (abc = 1) is kept', () => {
    for (const claim of ['$a^2 + b^2 + c^2 \\ge ab + bc + ca$', '$(a + b + c)^2 \\le 3(a^2 + b^2 + c^2)$', '$a + b + c > 0$', '$\\frac{a + b + c}{3} \\ge \\sqrt[3]{abc}$', '$(a + b)(b + c)(c + a) \\ge 8abc$']) {
      expect(fails(positives(claim)), claim).toEqual([]);
    }
    // Under abc = 1 the sum of squares is at least the sum: nothing may fail there.
    const linked = check('Let $a, b, c$ be positive reals with $abc = 1$.\n\nThen $a^2 + b^2 + c^2 \\ge a + b + c$ and $a + b + c \\ge 3$.\n');
    expect(fails(linked)).toEqual([]);
  });

  it('distinct positive integers are not all put at one value', () => {
    expect(fails(check('Let $a, b, c$ be distinct positive integers.\n\nThen $a + b + c \\ge 6$.\n'))).toEqual([]);
  });
});
