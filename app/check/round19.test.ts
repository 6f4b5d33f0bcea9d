// Checker round 19, after the rev17 break-it round: the inequality solved before ", i.e. $x \ge c$" under a case heading
// is the condition being solved, not a claim of the case (rev17 F1); the far-out and next-to-the-open-end samples of a
// half-line that round 18 added speak against a strict inequality only where its two sides are finite and apart beyond
// floating-point rounding (rev17: true bounds read "holds at some points only", `3^x / 2^x` "no values satisfy").
// Each proof is read back through the Checker as the CLI does; each kind has correct proofs that must raise no `fails`
// and a slip of the same shape that must be flagged.
import { describe, expect, it } from 'vitest';
import { Checker } from './checker';
import type { ComputationFinding } from './types';

const check = (text: string): ComputationFinding[] => new Checker({ symbolic: true }).check({ text, format: 'markdown' }).computations;
const squash = (tex: string) => tex.replace(/\s+/g, '');
const one = (findings: readonly ComputationFinding[], left: string, right?: string) =>
  findings.find((c) => squash(c.left) === squash(left) && (right === undefined || squash(c.right) === squash(right)));
const fails = (findings: readonly ComputationFinding[]) => findings.filter((c) => c.status === 'fails').map((c) => `${c.left} ${c.op} ${c.right}`);

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
