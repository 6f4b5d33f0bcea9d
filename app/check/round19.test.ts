// Checker round 19, after the rev17 break-it round: the inequality solved before ", i.e. $x \ge c$" under a case heading
// is the condition being solved, not a claim of the case (rev17 F1); the far-out and next-to-the-open-end samples of a
// half-line that round 18 added speak against a strict inequality only where its two sides are finite and apart beyond
// floating-point rounding (rev17: true bounds read "holds at some points only", `3^x / 2^x` "no values satisfy").
// Each proof is read back through the Checker as the CLI does; each kind has correct proofs that must raise no `fails`
// and a slip of the same shape that must be flagged.
import { describe, expect, it } from 'vitest';
import { check, fails, one } from './roundTesting';


describe('", i.e. $x \\ge c$" after a chain under a case heading: its last link is the inequality being solved (rev17 F1)', () => {
  const headings = ['Case 1: $x < -3$. Then', '**Case 1 ($x < -3$).** Then', '**Case $x < -3$.** Then'];

  it('each heading: -2x - 4 ≤ 6 is not checked as a claim, the chain before it still is', () => {
    for (const heading of headings) {
      const found = check(`Solve $|x + 3| + |x + 1| \\le 6$.\n\n${heading} $|x + 3| + |x + 1| = -2x - 4 \\le 6$, i.e. $x \\ge -5$.\n`);
      expect(fails(found), heading).toEqual([]);
      expect(one(found, '-2x - 4', '6')?.reason, heading).toBe('the inequality being solved, a condition on its unknown');
      expect(one(found, '|x + 3| + |x + 1|', '-2x - 4')?.status, heading).toBe('holds');
    }
  });

  it('a wrong link before ", i.e." is still flagged under the case', () => {
    const slip = check('Solve $|x + 3| + |x + 1| \\le 6$.\n\nCase 1: $x < -3$. Then $|x + 3| + |x + 1| = -2x - 2 \\le 6$, i.e. $x \\ge -4$.\n');
    expect(fails(slip)).toEqual(['|x + 3| + |x + 1| = -2x - 2']);
  });

  it('a bound after ", i.e." that is no solution of a single name leaves the chain a claim', () => {
    // "i.e. $x^2 \\ge 1$" bounds no name by a constant: -x - 3 < 0 fails at x < -3 and is flagged.
    const slip = check('Case 1: $x < -3$. Then $|x + 3| = -x - 3 < 0$, i.e. $x^2 \\ge 1$.\n');
    expect(fails(slip)).toEqual(['-x - 3 < 0']);
  });
});

describe('the added far-out and open-end samples of a half-line: a floating-point tie or overflow there is no failure (rev17)', () => {
  it('true strict bounds on open half-lines hold (they read "holds at some points only")', () => {
    for (const [proof, left] of [
      ['For $x < 0$, $x^2 > 0$.', 'x^2'],
      ['For $x > 0$, $e^x > 1 + x$.', 'e^x'],
      ['For $x > 0$, $x - \\frac{x^3}{6} < \\sin x$.', 'x - \\frac{x^3}{6}'],
      ['For $x > 0$, $\\cos x > 1 - \\frac{x^2}{2}$.', '\\cos x'],
      ['For $x \\ge 0$, $\\frac{e^x}{1 + e^x} < 1$.', '\\frac{e^x}{1 + e^x}'],
      ['For $x > 0$, $\\ln(1 + e^x) > x$.', '\\ln(1 + e^x)'],
      ['For $x > 1$, $\\ln x > \\frac{2(x-1)}{x+1}$.', '\\ln x'],
    ]) {
      const found = check(proof);
      expect(fails(found), proof).toEqual([]);
      expect(one(found, left)?.status, proof).toBe('holds');
    }
  });

  it('a half-line far from 0 leaves values to sample: x ≥ 100 is no empty domain, and 3^x overflowing far out is no failure', () => {
    const found = check('For $x \\ge 100$, $\\frac{3^x}{2^x} \\ge 1$.');
    expect(one(found, '\\frac{3^x}{2^x}')?.status).toBe('holds');
    expect(one(check('For $x \\le -100$, $x^2 \\ge 1$.'), 'x^2')?.status).toBe('holds');
  });

  it('false bounds of the same shapes still fail, near the open end, far out and past 100', () => {
    for (const [proof, slip] of [
      ['For $x > 0$, $e^x > 1 + 2x$.', 'e^x > 1 + 2x'],
      ['For $x > 0$, $\\tan x > x$.', '\\tan x > x'],
      ['For $x < 0$, $x^3 > 0$.', 'x^3 > 0'],
      ['For $x > 0$, $\\frac{1}{x} \\le 100$.', '\\frac{1}{x} \\le 100'],
      ['For $x \\ge 0$, $\\frac{e^x}{1 + e^x} < 0.99$.', '\\frac{e^x}{1 + e^x} < 0.99'],
      ['For $x \\ge 100$, $x^2 \\le 20000$.', 'x^2 \\le 20000'],
      ['Let $x$ be a real number. If $x < 1$, then $x^2 \\le 30$.', 'x^2 \\le 30'],
    ]) {
      expect(fails(check(proof)), proof).toEqual([slip]);
    }
  });
});
