// Checker round 25, two kinds left open by rev19/chk26: a reason given by "because"/"since" with no comma before it
// ("$n^2 + n$ is even because $n^2 + n = n(n + 1) + 2$") was read as an equation or hypothesis, so a false reason was
// "Not checked"; and a quantifier written after its formula ("we always have $x^2 \ge 0$ for all $x$"). Each proof is
// read through the Checker as the CLI does; each kind has correct proofs in the same shapes that must stay silent and
// slips that must fail.
import { describe, expect, it } from 'vitest';
import { check, fails, one } from './roundTesting';

describe('"because"/"since" give a reason without a comma before them', () => {
  it('a false reason after "because"/"since" with no comma fails, as it does after a comma', () => {
    for (const [text, failing] of [
      ['The number $n^2 + n$ is even because $n^2 + n = n(n + 1) + 2$ and one of $n$, $n + 1$ is even.\n', 'n^2 + n = n(n + 1) + 2'],
      ['So $f$ is increasing since $x + 1 < x$ for the values we need.\n', 'x + 1 < x'],
      ['Let $a, b > 0$. We get $\\log 6 = \\log 2 + \\log 3$ because $\\log(ab) = \\log a \\cdot \\log b$.\n', '\\log(ab) = \\log a \\cdot \\log b'],
    ]) {
      expect(fails(check(text)), text).toEqual([failing]);
    }
  });

  it('true reasons, derived equations and reasons a sentence denies or refutes stay silent', () => {
    const proofs = [
      'Let $x > 0$. Then $\\sqrt{x^2 + 2x + 1} = x + 1$ because $x^2 + 2x + 1 = (x + 1)^2$.\n',
      'The sum of two consecutive odd numbers is divisible by four since $(2k - 1) + (2k + 1) = 4k$.\n',
      'Let $x$ be a real number with $x^2 = 2x$ and $x \\ne 0$. We get $x = 2$ because $x^2 = 2x$ and we may divide by $x$.\n',
      'Let $n$ be even. Then $n^2$ is even because $n = 2k$ for an integer $k$.\n',
      'Suppose $x$ is a real root. We get $1 = 0$ because $x + 1 = x$, which is absurd.\n',
      'The claim does not follow just because $x + 1 = x + 2 - 1$ holds; we need more.\n',
      'Since $n + 7 \\equiv n \\pmod 7$ the residues repeat with period $7$ because $n + 7 \\equiv n \\pmod 7$ for every $n$.\n',
    ];
    for (const proof of proofs) expect(fails(check(proof)), proof).toEqual([]);
    // The reason is still checked as a computation: a true identity after "because" holds.
    expect(one(check(proofs[0]), 'x^2 + 2x + 1', '(x + 1)^2')?.status).toMatch(/verified|holds/);
  });
});

describe('a quantifier written after its formula quantifies it ("we always have $x^2 \\ge 0$ for all $x$")', () => {
  it('false claims quantified after the formula fail, where the quantifier ends the sentence or its clause', () => {
    for (const [text, failing] of [
      ['We always have $x^2 \\ge x$ for all $x$.\n', 'x^2 \\ge x'],
      ['Note that $x^2 \\ge x$ for every real $x$, so the sum below is positive.\n', 'x^2 \\ge x'],
      ['Then $x^2 \\ge x$ holds for all $x$.\n', 'x^2 \\ge x'],
      ['Hence $x^2 + 1 \\ge 3x$ for all real $x$, with equality at $x = 1$.\n', 'x^2 + 1 \\ge 3x'],
      ['We have $x^2 \\ge x$ for each $x \\in [0, 1]$.\n', 'x^2 \\ge x'],
    ]) {
      expect(fails(check(text)), text).toEqual([failing]);
    }
    // At a value of the quantifier's own domain: inside [0, 1].
    const inside = one(check('We have $x^2 \\ge x$ for each $x \\in [0, 1]$.\n'), 'x^2');
    expect(inside?.counterexample?.assignment.x).toBeGreaterThan(0);
    expect(inside?.counterexample?.assignment.x).toBeLessThan(1);
  });

  it('true claims quantified after the formula hold, and a quantifier with a condition or an unread set binds nothing', () => {
    for (const text of [
      'We always have $x^2 \\ge 0$ for all $x$.\n',
      'Hence $x^2 + 1 \\ge 2x$ for all real $x$, with equality at $x = 1$.\n',
      'Then $x^2 \\ge 0$ holds for every real $x$, and so the sum is nonnegative.\n',
      'We have $x^2 \\le x$ for each $x \\in [0, 1]$.\n',
    ]) {
      const found = check(text);
      expect(fails(found), text).toEqual([]);
      expect(found[0]?.status, text).toMatch(/holds|verified/);
    }
    for (const text of [
      // A set the checker cannot read, a condition after the names: no claim for every real x.
      'Let $S$ be the set of reals where $f$ is at least one. We have $x^2 \\ge x$ for each $x \\in S$.\n',
      'We have $x^2 \\ge x$ for all $x$ in the interval where $f$ is convex, so $f$ is large.\n',
      'We have $x^2 \\ge x$ for all $x$ such that $x \\ge 1$.\n',
    ]) {
      expect(fails(check(text)), text).toEqual([]);
    }
  });
});
