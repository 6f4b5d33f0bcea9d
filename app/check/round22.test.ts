// Checker round 22, the kinds rev17 left open: a lower-bound word ("positive", "the radius") speaks of the names of its
// own sentence, not of every name in the document; "Unless $0 \le y \le 1$, …" argues under y < 0 or y > 1; a "Case 1."
// after the next lemma's label belongs to that lemma, not to a list of alternatives before it. Each proof is read back
// through the Checker as the CLI does; each kind has a correct proof that must stay silent and a slip that must fail.
import { describe, expect, it } from 'vitest';
import { at, check, fails, one } from './roundTesting';

describe('a lower-bound word speaks of the names its sentence mentions (rev17: "positive" anywhere hid "Let $t < 2$. Then $t^2 < 4$")', () => {
  const proof = (about: string, last: string) =>
    `**Problem.** Let ${about} Show that $\\frac{r}{r + 1} < 1$.\n\n*Proof.* Since $r + 1 > r$ and $r + 1 > 0$, $\\frac{r}{r + 1} < 1$.\n\n*Remark.* Let $t < 2$. Then ${last}.\n`;

  it('a "positive" about another name leaves the squaring slip to fail, at a t ≤ 0', () => {
    const slip = check('Let $s$ be a positive real. Let $t < 2$. Then $t^2 < 4$.');
    expect(fails(slip)).toEqual(['t^2 < 4']);
    expect(at(one(slip, 't^2', '4'), 't')).toBeLessThanOrEqual(-2);
    // A whole problem: the "positive" and "length" are about r, not t.
    expect(fails(check(proof('$r$ be a positive real.', '$t^2 < 4$')))).toEqual(['t^2 < 4']);
    expect(fails(check(proof('$r$ be a positive real.', '$t - 2 < 0$')))).toEqual([]);
  });

  it('where the word is about the name (its sentence mentions it), or about no name at all, the proof stays silent', () => {
    expect(fails(check('Let $t$ be a positive real with $t < 2$. Then $t^2 < 4$.'))).toEqual([]);
    expect(fails(check(proof('$r$ and $t$ be positive reals.', '$t^2 < 4$')))).toEqual([]);
    expect(fails(check('All numbers below are positive.\n\nLet $t < 2$. Then $t^2 < 4$.'))).toEqual([]);
    // A real-shaped proof: the radius is the name bounded.
    const circle =
      '**Claim.** A circle of radius less than $2$ has area less than $4\\pi$.\n\n*Proof.* Let $r$ be the radius of the circle, so $r < 2$. ' +
      'Then $r^2 < 4$, and the area is $\\pi r^2 < 4\\pi$.\n';
    const found = check(circle);
    expect(fails(found)).toEqual([]);
    expect(one(found, 'r^2', '4')?.status).not.toBe('fails');
  });
});

describe('"Unless $0 \\le y \\le 1$, …" argues under y < 0 or y > 1 (rev17: a false step under it was "stated as an equation")', () => {
  it('a false step under it fails at a point outside [0, 1]; a true one holds', () => {
    const slip = check('Let $y$ be a real number. Unless $0 \\le y \\le 1$, we have $y^2 < y$.');
    expect(fails(slip)).toEqual(['y^2 < y']);
    const y = at(one(slip, 'y^2', 'y'), 'y');
    expect(y < 0 || y > 1).toBe(true);
    const found = check('Let $y$ be a real number. Unless $0 \\le y \\le 1$, we have $y^2 > y$.');
    expect(fails(found)).toEqual([]);
    expect(one(found, 'y^2', 'y')?.status).toBe('holds');
  });

  it('a real-shaped proof: both sides of the split, the correct one silent, the slip caught', () => {
    const proof = (outside: string) =>
      `**Lemma.** For every real $y$, $y^2 - y \\ge -\\frac{1}{4}$.\n\n*Proof.* Let $y$ be real. We have $y^2 - y = (y - \\frac{1}{2})^2 - \\frac{1}{4} \\ge -\\frac{1}{4}$, with equality at $y = \\frac{1}{2}$.\n\nUnless $0 \\le y \\le 1$, we have ${outside}, so the bound is far from attained there.\n`;
    expect(fails(check(proof('$y^2 - y > 0$')))).toEqual([]);
    expect(fails(check(proof('$y^2 - y > 1$')))).toEqual(['y^2 - y > 1']);
  });
});

describe('"Unless $0 \\le y \\le 1$" after "If $0 \\le y \\le 1$, then …" argues under the complement alone (both read together: "no values")', () => {
  const proof = (outside: string) =>
    `**Lemma.** For every real $y$, $y^2 - y \\ge -\\frac{1}{4}$.\n\n*Proof.* Let $y$ be real. If $0 \\le y \\le 1$, then $y^2 - y = (y - \\frac{1}{2})^2 - \\frac{1}{4} \\ge -\\frac{1}{4}$.\n\nUnless $0 \\le y \\le 1$, we have ${outside}, so the claim holds there too.\n`;

  it('the correct step holds; a wrong one fails outside [0, 1]', () => {
    const found = check(proof('$y^2 - y > 0$'));
    expect(fails(found)).toEqual([]);
    expect(one(found, 'y^2 - y', '0')?.status).toBe('holds');
    const slip = check(proof('$y^2 - y < 0$'));
    expect(fails(slip)).toEqual(['y^2 - y < 0']);
    const y = at(one(slip, 'y^2 - y', '0'), 'y');
    expect(y < 0 || y > 1).toBe(true);
  });
});

describe('a lone case label after the next lemma\'s label belongs to that lemma, not to a list before it (rev17)', () => {
  const proof = (step: string) =>
    `Solve $x^2 + 4x + 3 > 0$.\n\nEither $x < -3$ or $x > -1$ or $-3 \\le x \\le -1$.\n\nIn the second case, $x + 3 > 2$ and $x + 1 > 0$, so the product is positive. The others are similar.\n\n**Lemma.** For every real $x \\ge 0$, $|x + 2| \\le x + 3$.\n\nCase 1. We have ${step}, hence $|x + 2| \\le x + 3$.\n`;

  it('the lemma\'s "Case 1." is not argued under x < −3: its correct steps raise nothing', () => {
    // Before: "$|x + 2| = x + 2$" and "$x + 2 > 1$" failed at x = −4.5, "hypotheses used: x < −3".
    const found = check(proof('$|x + 2| = x + 2 > 1$'));
    expect(fails(found)).toEqual([]);
    expect(one(found, '|x + 2|', 'x + 2')?.hypotheses ?? []).not.toContain('x < -3');
  });

  it('a label of the list\'s own analysis, in the paragraphs after it, still picks its alternative', () => {
    const own = (last: string) =>
      `Solve $x^2 + 4x + 3 > 0$.\n\nEither $x < -3$ or $x > -1$ or $-3 \\le x \\le -1$.\n\nIn the second case, $x + 3 > 2$ and $x + 1 > 0$.\n\nCase 3. $x + 3 \\ge 0 \\ge ${last}$.\n\n**Lemma.** For every real $x$, $x^2 \\ge 0$.\n`;
    expect(fails(check(own('x + 1')))).toEqual([]);
    expect(fails(check(own('x + 2')))).toEqual(['0 \\ge x + 2']);
  });
});

describe('W2 in the ok sets: a claim "following from" a sibling claim or a quantifier\'s condition is read under the quantifier (rev17)', () => {
  it('"For every $t \\in I$ we have $A$ and $B$": B is claimed for every t in I, as A is (rev6 ok/r01, rev8 ok/l31, l32)', () => {
    const proof = (second: string) => `Let $I = [0, 1]$. For every $t \\in I$ we have $t^2 \\le t$ and ${second}.`;
    const found = check(proof('$t(1 - t) \\ge 0$'));
    expect(fails(found)).toEqual([]);
    // Before: "follows from $t^2 \le t$, which the checker could not confirm".
    expect(one(found, 't(1 - t)', '0')?.status).toBe('holds');
    const slip = check(proof('$t(1 - t) \\ge \\frac{1}{2}$'));
    expect(fails(slip)).toEqual(['t(1 - t) \\ge \\frac{1}{2}']);
    const t = at(one(slip, 't(1 - t)'), 't');
    expect(t >= 0 && t <= 1).toBe(true);
  });

  it('what the sentence leaves out or goes on to say is no sibling claim: "except $n = 2$", "$x = 0$ gives equality"', () => {
    const found = check('For all integers $n \\ge 1$ except $n = 2$, $n! \\ne n^2 - 2$.');
    expect(one(found, 'n!', 'n^2 - 2')?.status).toBe('holds');
    expect(fails(check('For all real $x$, we have $x^2 \\ge 0$, and $x = 0$ gives equality.'))).toEqual([]);
  });

  it('"For all reals $x$ with $|x| \\le 1$, …": the condition is the quantifier\'s, no claim to vouch for (rev6 ok/q18)', () => {
    const found = check('For all reals $x$ with $|x| \\le 1$, $x^2 \\le 1$ and $\\sqrt{1 - x^2} \\le 1$.');
    expect(fails(found)).toEqual([]);
    expect(one(found, 'x^2', '1')?.status).toBe('holds');
    expect(one(found, '\\sqrt{1 - x^2}', '1')?.status).toBe('holds');
  });
});

describe('"When $|x| > 1$," after "For $x \\in [-1, 1]$," argues under |x| > 1 alone (rev17 gen-piece-out: "no values satisfy")', () => {
  const proof = (outside: string) =>
    `Let $h(x) = |x^2 - 1|$. We find where $h(x) \\le 1$.\n\nFor $x \\in [-1, 1]$, $x^2 \\le 1$, so $h(x) = 1 - x^2 \\le 1$.\n\nWhen $|x| > 1$, ${outside} and $h(x) = x^2 - 1 > 0$.\n`;

  it('the correct proof: the steps under |x| > 1 hold, none is left with "no values"', () => {
    const found = check(proof('$x^2 > 1$'));
    expect(fails(found)).toEqual([]);
    expect(one(found, 'x^2', '1')?.status).toBe('holds');
    expect(one(found, 'x^2 - 1', '0')?.status).toBe('holds');
  });

  it('a wrong bound under |x| > 1 fails at a point with 1 < |x| < √2', () => {
    const slip = check(proof('$x^2 > 2$'));
    expect(fails(slip)).toEqual(['x^2 > 2']);
    const x = Math.abs(at(one(slip, 'x^2', '2')));
    expect(x).toBeGreaterThan(1);
    expect(x).toBeLessThan(Math.SQRT2);
  });
});
