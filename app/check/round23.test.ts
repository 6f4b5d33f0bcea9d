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

describe('a function the text defines of n (S(n) = a sum, its induction hypothesis) is no constraint on n (rev19: the slip "was constrained")', () => {
  const sumOfSquares = (last: string) =>
    'We prove the formula by induction on $n$. Write $S(n) = \\sum_{k=1}^{n} k^2$.\n\n' +
    '**Base case.** For $n = 1$ we have $S(1) = 1$ and $\\frac{1 \\cdot 2 \\cdot 3}{6} = 1$.\n\n' +
    '**Inductive step.** Assume that for some $n \\ge 1$\n$$\nS(n) = \\frac{n(n+1)(2n+1)}{6}.\n$$\nThen\n$$\n\\begin{aligned}\n' +
    'S(n+1) &= S(n) + (n+1)^2 \\\\\n &= \\frac{n(n+1)(2n+1)}{6} + (n+1)^2 \\\\\n &= \\frac{(n+1)(2n^2 + 7n + 6)}{6} \\\\\n' +
    ` &= ${last}.\n\\end{aligned}\n$$\nBy induction the formula holds for every positive integer $n$.\n`;

  it('a wrong algebra line of the inductive step, which does not mention S, fails', () => {
    const slip = check(sumOfSquares('\\frac{(n+1)(n+2)(2n+2)}{6}'));
    expect(fails(slip)).toEqual(['\\frac{(n+1)(2n^2 + 7n + 6)}{6} = \\frac{(n+1)(n+2)(2n+2)}{6}']);
    const odd = check(
      'Write $S(n) = \\sum_{k=1}^{n} (2k-1)$. Assume $S(n) = n^2$. Then\n$$S(n+1) = S(n) + 2n + 1 = n^2 + 2n + 1 = (n+1)^2 + 1.$$\n',
    );
    expect(fails(odd)).toEqual(['n^2 + 2n + 1 = (n+1)^2 + 1']);
  });

  it('correct induction proofs stay silent, and a value of a defined function still ties its argument', () => {
    expect(fails(check(sumOfSquares('\\frac{(n+1)(n+2)(2n+3)}{6}')))).toEqual([]);
    const proofs = [
      'We prove $\\sum_{k=1}^{n} (2k-1) = n^2$ by induction on $n$. Write $S(n) = \\sum_{k=1}^{n} (2k-1)$.\n\n**Base case.** $S(1) = 1 = 1^2$.\n\n' +
        '**Inductive step.** Assume $S(n) = n^2$ for some $n \\ge 1$. Then\n$$S(n+1) = S(n) + 2(n+1) - 1 = n^2 + 2n + 1 = (n+1)^2.$$\nThis completes the induction.\n',
      'Let $T(n) = \\sum_{k=1}^{n} k^3$. We show $T(n) = \\frac{n^2(n+1)^2}{4}$ by induction.\n\nFor $n = 1$, $T(1) = 1 = \\frac{1 \\cdot 4}{4}$.\n\n' +
        'Suppose $T(n) = \\frac{n^2(n+1)^2}{4}$. Then\n$$T(n+1) = \\frac{n^2(n+1)^2}{4} + (n+1)^3 = \\frac{(n+1)^2(n^2 + 4n + 4)}{4} = \\frac{(n+1)^2(n+2)^2}{4}.$$\nHence the formula holds for all $n \\ge 1$.\n',
      'Let $f(n) = 2^n$. We prove $f(n) \\ge n + 1$ for all integers $n \\ge 0$.\n\nBase: $f(0) = 1 \\ge 1$.\n\n' +
        'Step: assume $2^n \\ge n + 1$. Then $2^{n+1} = 2 \\cdot 2^n \\ge 2(n + 1) = 2n + 2 \\ge n + 2$.\n',
      // f(a) = 5 with f(x) = x^2 + 1 says a^2 = 4: the conclusion is no slip.
      'Let $f(x) = x^2 + 1$. Suppose $f(a) = 5$ with $a > 0$. Then $a^2 = 4$, so $$a^2 + 1 = 5.$$\n',
    ];
    for (const proof of proofs) expect(fails(check(proof)), proof.slice(0, 40)).toEqual([]);
  });
});
