// Checker round 20, after the rev17 break-it round: the wrong "holds" and missed slips. A later "For $x \ge 1$," in the
// paragraph narrowed an earlier "For $x \ge 0$," claim's samples (W1); a step drawn from a false or unconfirmed step
// held on its word (W2); "Let $t < 2$. Then $t^2 < 4$" was left unchecked though the text states no lower bound at all;
// "Outside this interval" / "Elsewhere" / "outside $[0, 1]$" / a second "and on $(-\infty, 1)$," argued under the first
// case's result instead of the complement (F2, F3). Each proof is read back through the Checker as the CLI does; each
// kind has correct proofs that must raise no `fails` and slips of the same shape that must be flagged.
import { describe, expect, it } from 'vitest';
import { Checker } from './checker';
import { at, check, fails, one, squash } from './roundTesting';
import type { ComputationFinding } from './types';


describe('each "For <bound>," scopes its own claim: a later case in the paragraph does not narrow an earlier one (rev17 W1)', () => {
  it('the rev17 repros and other wordings of the later case: the false claim fails inside its own case', () => {
    for (const [proof, slip] of [
      // min/wrong-holds-later-for-bound-leaks-back.md, slip/h13
      ['For $x \\ge 0$, $\\sqrt{x} \\le x$. For $x \\ge 1$, $x \\le x^2$.', '\\sqrt{x} \\le x'],
      ['We record two elementary bounds used later.\n\nFor $x \\ge 0$, $\\sqrt{x} \\le x$. For $x \\ge 1$, $x \\le x^2$.\n', '\\sqrt{x} \\le x'],
      // min/wrong-holds-later-for-bound-leaks-back-and.md, slip/h14
      ['For $x > 0$, $x^2 \\ge x$, and for $x \\ge 1$, $x^3 \\ge x$.', 'x^2 \\ge x'],
      ['**Lemma.** For $x > 0$, $x^2 \\ge x$, and for $x \\ge 1$, $x^3 \\ge x$.', 'x^2 \\ge x'],
      ['For $x \\ge 0$, $\\sqrt{x} \\le x$; for $x \\ge 1$, $x \\le x^2$.', '\\sqrt{x} \\le x'],
      ['For $x \\ge 0$, $\\sqrt{x} \\le x$. Now let $x \\ge 1$. Then $x \\le x^2$.', '\\sqrt{x} \\le x'],
      ['For $x \\ge 0$ one has $\\sqrt{x} \\le x$. For $x \\ge 1$: $x^2 \\ge x$.', '\\sqrt{x} \\le x'],
      // The later case first: the earlier one does not narrow it either.
      ['For $x \\ge 1$, $x^3 \\ge x$, whereas for $x > 0$, $x^2 \\ge x$.', 'x^2 \\ge x'],
    ]) {
      const found = check(proof);
      expect(fails(found), proof).toEqual([slip]);
      const x = at(found.find((c) => c.status === 'fails'));
      expect(x > 0 && x < 1, proof).toBe(true);
    }
    // "Also, for $0 < x < 1$," narrowed "For $x > 0$, $\\tan x > x$" to (0, 1), where it is true.
    const tan = check('For $x > 0$, $\\tan x > x$. Also, for $0 < x < 1$, $x^2 < x$.');
    expect(fails(tan)).toEqual(['\\tan x > x']);
    expect(at(one(tan, '\\tan x'))).toBeGreaterThan(1);
  });

  it('"For $t > 0$, $t^2 = t$ only when $t = 1$" under a statement label gives when the equation holds: no claim (rev15 ok/notes02)', () => {
    for (const proof of ['**Corollary.** For $t > 0$, $t^2 = t$ only when $t = 1$.', 'If $t > 0$, then $t^2 = t$ holds only for $t = 1$.', 'For $t > 0$, $t^2 = t$ iff $t = 1$.']) {
      expect(fails(check(proof)), proof).toEqual([]);
    }
    expect(fails(check('**Corollary.** For $t > 0$, $t^2 = t$.'))).toEqual(['t^2 = t']);
  });

  it('correct bounds for several cases in one paragraph hold, each under its own case', () => {
    for (const [proof, left, under] of [
      ['For $x > 0$, $\\ln x \\le x - 1$. Similarly, for $x \\ge 1$, $\\ln x \\ge 0$.', '\\ln x', 'x > 0'],
      ['For $x \\ge 0$, $\\sqrt{x} \\ge 0$. For $x \\ge 1$, $\\sqrt{x} \\le x$, and for $0 \\le x \\le 1$, $\\sqrt{x} \\ge x$.', '\\sqrt{x}', 'x \\ge 0'],
      // x > 0 stated before stays the lower end of x's domain under the case x < 1 (else x² < x would fail at x = −1).
      ['Let $x > 0$. For $x < 1$, $x^2 < x$, and for $x \\ge 1$, $x^2 \\ge x$.', 'x^2', 'x < 1'],
      ['For $x > 0$, $x + \\frac{1}{x} \\ge 2$. Indeed, $(x - 1)^2 \\ge 0$, so $x^2 + 1 \\ge 2x$. For $x \\ge 1$, also $x^2 \\ge x$.', 'x + \\frac{1}{x}', 'x > 0'],
    ]) {
      const found = check(proof);
      expect(fails(found), proof).toEqual([]);
      expect(one(found, left)?.status, proof).toBe('holds');
      expect(one(found, left)?.hypotheses, proof).toContain(under);
    }
  });
});

describe('a step drawn from a step the checker could not confirm does not hold on its word (rev17 W2)', () => {
  it('min/wrong-holds-after-unchecked-step.md: x² − 9 < 0 follows from the false x² < 9', () => {
    const found = check('If $x < 3$, then $x^2 < 9$, so $x^2 - 9 < 0$.');
    expect(fails(found)).toEqual(['x^2 < 9']);
    expect(one(found, 'x^2 - 9')?.status).toBe('unchecked');
    expect(one(found, 'x^2 - 9')?.reason).toBe('follows from $x^2 < 9$, which does not hold here');
  });

  it('from a step left unchecked, or one stated in passing, the consequence is unchecked with the step named', () => {
    const unconfirmed = check('The weight $x$ is at least the threshold. If $x < 3$, then $x^2 < 9$, so $x^2 - 9 < 0$.');
    expect(one(unconfirmed, 'x^2')?.status).toBe('unchecked');
    expect(one(unconfirmed, 'x^2 - 9')?.status).toBe('unchecked');
    expect(one(unconfirmed, 'x^2 - 9')?.reason).toBe('follows from $x^2 < 9$, which the checker could not confirm');
    const wrong = check('If $x > 1$, then $x^2 > 2x$, so $x^2 - 2x > 0$.');
    expect(fails(wrong)).toEqual(['x^2 > 2x']);
    expect(one(wrong, 'x^2 - 2x')?.reason).toBe('follows from $x^2 > 2x$, which does not hold here');
    // "Also $x^2 > 4$" alone reads as an equation and is not flagged; what is drawn from it no longer holds.
    const passing = check('Let $x > 1$. Then $x^3 > x^2$, so $x^3 - x^2 > 0$. Also $x^2 > 4$, hence $x^2 - 4 > 0$.');
    expect(one(passing, 'x^3 - x^2')?.status).toBe('holds');
    expect(one(passing, 'x^2 - 4')?.status).toBe('unchecked');
  });

  it('steps drawn from correct steps still hold', () => {
    for (const [proof, left] of [
      ['If $x > 3$, then $x^2 > 9$, so $x^2 - 9 > 0$.', 'x^2 - 9'],
      ['Let $a > 0$ and $b > a$. Then $b^2 > a^2$, so $b^2 - a^2 > 0$ and hence $\\frac{1}{a^2} - \\frac{1}{b^2} > 0$.', '\\frac{1}{a^2} - \\frac{1}{b^2}'],
      ['Suppose $0 < x < 1$. Then $x^2 < x$, hence $x - x^2 > 0$, so $x(1 - x) > 0$.', 'x(1 - x)'],
      ['If $x \\ge 2$, then $x^2 \\ge 4$, and so $x^2 + 1 \\ge 5$.', 'x^2 + 1'],
      // A case's own condition is a hypothesis, not a step to confirm.
      ['For $|x| \\le 1$, $x^2 \\le 1$.', 'x^2'],
      ['If $x^2 < 9$, then $x^2 - 9 < 0$.', 'x^2 - 9'],
    ]) {
      const found = check(proof);
      expect(fails(found), proof).toEqual([]);
      expect(one(found, left)?.status, proof).toBe('holds');
    }
  });
});

describe('under an upper bound alone, a text that states no lower bound nor positivity anywhere gets the squaring slip flagged (rev17)', () => {
  it('min/missed-let-upper-bound-square.md, slip/h22 and the same slip after "If …, then"', () => {
    const let2 = check('Let $t < 2$. Then $t^2 < 4$.');
    expect(fails(let2)).toEqual(['t^2 < 4']);
    expect(at(one(let2, 't^2'), 't')).toBeLessThanOrEqual(-2);
    const if3 = check('If $x < 3$, then $x^2 < 9$.');
    expect(fails(if3)).toEqual(['x^2 < 9']);
    expect(at(one(if3, 'x^2'))).toBeLessThanOrEqual(-3);
    expect(fails(check('For $x < 1$, $|x| \\le 5$.'))).toEqual(['|x| \\le 5']);
  });

  it('in the editor, a hint added far from the step takes effect at once, as in a fresh check', () => {
    const filler = Array.from({ length: 12 }, (_, k) => `Step ${k + 1}: $$(u + ${k})^2 = u^2 + ${2 * k}u + ${k * k}$$`).join('\n\n');
    // The hint is at the end, far from the step: the step's own reading and setting are kept from the first check.
    const text = (note: string) => `Let $t < 2$. Then $t^2 < 4$.\n\n${filler}\n\n${note}\n`;
    const checker = new Checker({ symbolic: true });
    const step = (found: readonly ComputationFinding[]) => one(found, 't^2');
    expect(step(checker.check({ text: text('That is all.'), format: 'markdown' }).computations)?.status).toBe('fails');
    const edited = checker.check({ text: text('All weights are positive.'), format: 'markdown' }).computations;
    expect(step(edited)?.status).toBe('unchecked');
    expect(step(edited)?.reason).toMatch(/fails only at t ≤ 0/);
    expect(edited).toEqual(new Checker({ symbolic: true }).check({ text: text('All weights are positive.'), format: 'markdown' }).computations);
  });

  it('correct proofs with a lower bound, stated or only hinted, raise no alarm', () => {
    for (const proof of [
      'Let $-2 < t < 2$. Then $t^2 < 4$.',
      'Let $0 < t < 2$. Then $t^2 < 4$.',
      'Let $t$ be a positive number with $t < 2$. Then $t^2 < 4$.',
      'Here $t$ is a length. If $t < 2$, then $t^2 < 4$.',
      'Let $t \\in J$. If $t < 2$, then $t^2 < 4$.',
      'Since $t > 0$ throughout, let $t < 2$. Then $t^2 < 4$.',
    ]) {
      expect(fails(check(proof)), proof).toEqual([]);
    }
  });
});

describe('"Outside this interval", "Elsewhere", "outside $[a, b]$", "For all other $x$" argue the complement of the case (rev17 F2)', () => {
  it('the rev17 repros hold, the second chain under the complement', () => {
    for (const [proof, left, under] of [
      // min/outside-this-interval.md, min/elsewhere.md
      ['On $[-1, 1]$, $f(x) = x^2 \\le 1$. Outside this interval $f(x) = x^2 > 1$.', 'x^2', 'x < -1 \\text{ or } x > 1'],
      ['On $[-1, 1]$, $f(x) = x^2 \\le 1$. Elsewhere $f(x) = x^2 > 1$.', 'x^2', 'x < -1 \\text{ or } x > 1'],
      // min/outside-named-interval-chain.md (ok/h28)
      ['Define $\\phi(t) = t(1 - t)$. On $[0, 1]$, $\\phi(t) = t - t^2 \\ge 0$; outside $[0,1]$, $\\phi(t) = t - t^2 < 0$.', 't - t^2', 't < 0 \\text{ or } t > 1'],
      ['On $[-1, 1]$, $g(x) = 1 - x^2 \\ge 0$. For all other $x$, $g(x) = 1 - x^2 < 0$.', '1 - x^2', 'x < -1 \\text{ or } x > 1'],
      ['On $[0, 2]$, $h(x) = x(2 - x) \\ge 0$, and outside of it $h(x) = x(2 - x) < 0$.', 'x(2 - x)', 'x < 0 \\text{ or } x > 2'],
      ['Let $f(x) = |x|$. On $[0, \\infty)$, $f(x) = x \\ge 0$. Outside this half-line, $f(x) = -x > 0$.', '-x', 'x < 0'],
    ]) {
      const found = check(proof);
      expect(fails(found), proof).toEqual([]);
      const second = found.filter((c) => squash(c.left) === squash(left) && (c.op === '<' || c.op === '>')).pop();
      expect(second?.status, proof).toBe('holds');
      expect(second?.hypotheses, proof).toEqual([under]);
    }
  });

  it('a wrong sign or bound outside the interval fails at a point outside it', () => {
    for (const [proof, slip] of [
      ['On $[-1, 1]$, $f(x) = x^2 \\le 1$. Outside this interval $f(x) = x^2 > 2$.', 'x^2 > 2'],
      ['Define $\\phi(t) = t(1 - t)$. On $[0, 1]$, $\\phi(t) = t - t^2 \\ge 0$; outside $[0,1]$, $\\phi(t) = t - t^2 > 0$.', 't - t^2 > 0'],
      ['On $[-1, 1]$, $g(x) = 1 - x^2 \\ge 0$. For all other $x$, $g(x) = 1 - x^2 > 0$.', '1 - x^2 > 0'],
    ]) {
      const found = check(proof);
      expect(fails(found), proof).toEqual([slip]);
      const c = found.find((f) => f.status === 'fails')!;
      const v = Object.values(c.counterexample!.assignment)[0];
      expect(v < -1 || v > 1, proof).toBe(true);
    }
  });

  it('"outside" elsewhere in the text is no case ("f vanishes outside $[0, 1]$" before the interval\'s case)', () => {
    const found = check('The function $f$ vanishes outside $[0, 1]$. On $[0, 1]$ we have $f(x) = x - x^2 \\le \\frac14$.');
    expect(fails(found)).toEqual([]);
    expect(one(found, 'x - x^2')?.hypotheses).toEqual(['x \\ge 0', 'x \\le 1']);
  });
});

describe('a second interval or "Elsewhere" in the same sentence or after "For $x \\le 1$," replaces the first case (rev17 F3)', () => {
  it('min/two-intervals-and-on.md (ok/h03): the second chain holds under x < 1 only', () => {
    const found = check('On $[1, \\infty)$, $|x - 1| = x - 1 \\ge 0$, and on $(-\\infty, 1)$, $|x - 1| = 1 - x > 0$.');
    expect(fails(found)).toEqual([]);
    expect(one(found, '|x - 1|', '1 - x')?.status).toBe('holds');
    expect(one(found, '|x - 1|', '1 - x')?.hypotheses).toEqual(['x < 1']);
    const slip = check('On $[1, \\infty)$, $|x - 1| = x - 1 \\ge 0$, and on $(-\\infty, 1)$, $|x - 1| = x - 1 > 0$.');
    expect(fails(slip)).toEqual(['|x - 1| = x - 1', 'x - 1 > 0']);
    expect(at(slip.find((c) => c.status === 'fails'))).toBeLessThan(1);
  });

  it('min/piecewise-def-for-elsewhere.md (ok/h12): "Elsewhere" after "For $x \\le 1$," is x > 1', () => {
    const def = 'Let $f(x) = x^2$ for $x \\le 1$ and $f(x) = 2x - 1$ otherwise.\n\n';
    const found = check(`${def}For $x \\le 1$, $f(x) = x^2 \\ge 0$. Elsewhere, $f(x) = 2x - 1 > 1$.\n`);
    expect(fails(found)).toEqual([]);
    expect(one(found, '2x - 1', '1')?.status).toBe('holds');
    expect(one(found, '2x - 1', '1')?.hypotheses).toEqual(['x > 1']);
    const slip = check(`${def}For $x \\le 1$, $f(x) = x^2 \\ge 0$. Elsewhere, $f(x) = 2x - 1 > 2$.\n`);
    expect(fails(slip)).toEqual(['2x - 1 > 2']);
    const x = at(one(slip, '2x - 1', '2'));
    expect(x > 1 && x <= 1.5).toBe(true);
    // "For $x \\ge 0$ we have $|x| = x$. Elsewhere $|x| = -x$": the other half-line.
    const abs = check('For $x \\ge 0$ we have $|x| = x$. Elsewhere $|x| = -x$, so $|x| > 0$ there.');
    expect(fails(abs)).toEqual([]);
    expect(one(abs, '|x|', '-x')?.hypotheses).toEqual(['x < 0']);
  });
});
