// Checker round 16 (the rev11 break-it round): domains and bounds said in words or in notation that the reader
// used to skip — a sign after the name ("Let $y$ be negative", "$x$ nonpositive", "less than zero"), a sign shared
// by a list of names, `\mathbb{R}^-` and other signed sets, a bound after a kind noun ("an integer greater than
// $1$"), "For negative $x$" after "Let $x > 0$", `x \in [a, b]` with names as ends, a sequence named by its formula
// in a claim, and a condition whose subject points back ("If both are positive"). Each kind: the minimal repro
// and a realistic proof must raise no `fails`; a slip of the same shape, false under the domain, still fails.
import { describe, expect, it } from 'vitest';
import { Checker } from './checker';
import type { ComputationFinding } from './types';

const check = (text: string): ComputationFinding[] => new Checker({ symbolic: false }).check({ text, format: 'markdown' }).computations;
const squash = (tex: string) => tex.replace(/\s+/g, '');
const one = (findings: readonly ComputationFinding[], left: string, right?: string) =>
  findings.find((c) => squash(c.left) === squash(left) && (right === undefined || squash(c.right) === squash(right)));
const fails = (findings: readonly ComputationFinding[]) => findings.filter((c) => c.status === 'fails').map((c) => `${c.left} ${c.op} ${c.right}: ${c.message}`);
const lines = (...parts: string[]) => parts.join('\n');

describe('a sign said after the name is read as the formula would be', () => {
  it('raises nothing on the rev11 repros and their phrasings ("be negative", "is negative", "$x$ negative", "less than zero", "nonpositive")', () => {
    for (const text of [
      'Let $y$ be negative. Then $|y| - y = -y - y = -2y > 0$.',
      'Since $x$ is negative, $\\sqrt{x^2} = |x| = -x$.',
      'Assume $x$ is negative. Then $|x| + x = -x + x = 0$.',
      'For $x$ negative, $|x| + x = -x + x = 0$.',
      'Pick $x$ negative. Then $|x| + x = -x + x = 0$.',
      'Consider a negative number $x$. Then $|x| + x = -x + x = 0$.',
      'Let $k$ be an odd negative integer. Then $|k| + k = -k + k = 0$.',
      'Let $x$ be less than zero. Then $|x| + x = -x + x = 0$.',
      'Let $y$ be nonpositive. Then $|y| + y = -y + y = 0$.',
      'Let $y$ be non-positive. Then $|y| + y = -y + y = 0$.',
      '**Case 1:** $y \\ge 0$. Then $|y| \\cdot y = y \\cdot y = y^2$.\n\n**Case 2:** $y$ is negative. Then $|y| \\cdot y = -y \\cdot y = -y^2$.',
    ]) expect(fails(check(text)), text).toEqual([]);
  });

  it('raises nothing on a homework proof that argues by the sign in words', () => {
    const proof = lines(
      '**Problem.** Show that $\\sqrt{x^2} + x \\ge 0$ for every real $x$.', '',
      '*Proof.* If $x$ is nonnegative, then $\\sqrt{x^2} = x$, so $\\sqrt{x^2} + x = 2x \\ge 0$.', '',
      'Now let $x$ be negative. Then $\\sqrt{x^2} = |x| = -x$, and therefore',
      '$$\\sqrt{x^2} + x = -x + x = 0 .$$',
      'In both cases the sum is nonnegative. $\\square$',
    );
    expect(fails(check(proof))).toEqual([]);
  });

  it('still flags a step false for negative values under "Let $y$ be negative", at a negative counterexample', () => {
    const f = one(check('Let $y$ be negative. Then $$|y| - y = y - y = 0 .$$'), '|y| - y');
    expect(f?.status, f?.message).toBe('fails');
    expect(f?.counterexample?.assignment.y).toBeLessThan(0);
    // The same under "less than zero" and under "Since $x$ is negative".
    const g = one(check('Since $x$ is negative, $$\\sqrt{x^2} = x .$$'), '\\sqrt{x^2}');
    expect(g?.status, g?.message).toBe('fails');
    expect(g?.counterexample?.assignment.x).toBeLessThan(0);
  });

  it('reads no sign from an alternative, a goal or a word of another kind', () => {
    for (const text of [
      'Let $x$ be negative, zero or positive. Then $$\\sqrt{x^2} = |x| .$$',
      'Let $x$ be negative or zero. Then $$\\sqrt{x^2} = |x| .$$',
      'We show that $x$ is negative. First, $$\\sqrt{x^2} = |x| .$$',
    ]) {
      const f = one(check(text), '\\sqrt{x^2}');
      expect(f?.status, text).toBe('holds');
      expect(f?.hypotheses ?? [], text).not.toContain('x < 0');
    }
    // "the integers $k$ between $1$ and $n$" names a range to count over, not a bound on k for the proof.
    const f = one(check('Count the integers $k$ between $1$ and $n$ with $k$ odd. Then $$k^2 - 1 \\ge 0 .$$'), 'k^2 - 1');
    expect(f?.hypotheses ?? []).not.toContain('k \\ge 1');
  });

  it('names the sign it read: "Let $y$ be positive" is a hypothesis, not an assumption of the sampling', () => {
    const f = one(check('Let $y$ be positive. Then $$\\sqrt{y^2} = y .$$'), '\\sqrt{y^2}');
    expect(f?.status).toBe('holds');
    expect(f?.hypotheses).toEqual(['y > 0']);
  });
});

describe('a sign or kind said of a list of names binds every name', () => {
  it('reads "Let $x$ and $y$ be negative real numbers" for x too (rev11 m05, m14)', () => {
    expect(fails(check('Let $x$ and $y$ be negative real numbers. Then $|x| + |y| = -x - y = |x + y|$.'))).toEqual([]);
    const proof = lines(
      '**Problem.** Let $a$ and $b$ be negative real numbers. Prove that $|a + b| = |a| + |b|$.', '',
      '*Proof.* Since $a$ and $b$ are negative, so is $a + b$. Therefore',
      '$$|a + b| = -(a + b) = -a - b = |a| + |b|.$$',
      '$\\square$',
    );
    expect(fails(check(proof))).toEqual([]);
  });

  it('makes both names integers in "Let $a$ and $b$ be positive integers"', () => {
    // At reals (a = 0.5) the bound fails; for positive integers it holds.
    expect(fails(check('Let $a$ and $b$ be positive integers. Then $$a^2 + b^2 \\ge a + b \\ge 2 .$$'))).toEqual([]);
  });

  it('still flags a step false for the first name of the list', () => {
    const f = one(check('Let $x$ and $y$ be negative real numbers. Then $$|x| + |y| = x - y .$$'), '|x| + |y|');
    expect(f?.status, f?.message).toBe('fails');
    expect(f?.counterexample?.assignment.x).toBeLessThan(0);
  });
});

describe('number sets marked with a sign', () => {
  it('reads $\\mathbb{R}^-$, $\\mathbb{R}_{-}$, $\\mathbb{R}^-_0$, $\\mathbb{Z}^-$, $\\mathbb{Z}_{<0}$ as negative domains (rev11 m06)', () => {
    for (const set of ['\\mathbb{R}^-', '\\mathbb{R}_{-}', '\\mathbb{R}^{-}_{0}', 'ℝ^-', '\\mathbb{Z}^-', '\\mathbb{Z}_{<0}']) {
      const text = `Let $x \\in ${set}$. Then $|x| + x = -x + x = 0$.`;
      expect(fails(check(text)), text).toEqual([]);
    }
    const f = one(check('Let $x \\in \\mathbb{R}^-$. Then $$\\sqrt{x^2} = x .$$'), '\\sqrt{x^2}');
    expect(f?.status, f?.message).toBe('fails');
    expect(f?.counterexample?.assignment.x).toBeLessThan(0);
  });

  it('reads $\\mathbb{Z}^+$, $\\mathbb{N}^*$ as 1, 2, 3, … and $\\mathbb{R}^+_0$ as x ≥ 0', () => {
    for (const set of ['\\mathbb{Z}^+', '\\mathbb{N}^*', '\\mathbb{Z}_{>0}']) {
      const text = `Let $n \\in ${set}$. Then $$2^n \\ge n + 1 .$$`;
      expect(fails(check(text)), text).toEqual([]);
      expect(one(check(text), '2^n')?.status, text).toBe('holds');
    }
    const f = one(check('Let $x \\in \\mathbb{R}^+_0$. Then $$\\sqrt{x^2} = x .$$'), '\\sqrt{x^2}');
    expect(f?.status, f?.message).toBe('holds');
    expect(f?.hypotheses).toEqual(['x \\ge 0']);
  });

  it('reads no domain from $\\mathbb{Z}_7$ or $\\mathbb{R}^2$ (residues, a plane)', () => {
    const f = one(check('Let $x \\in \\mathbb{R}^2$. Then $$\\sqrt{x^2} = x .$$'), '\\sqrt{x^2}');
    expect(f?.hypotheses ?? []).not.toContain('x < 0');
  });
});

describe('a bound said in words after the kind of a name', () => {
  it('raises nothing on the rev11 repros and the phrasings people use', () => {
    for (const text of [
      'Let $n$ be an integer greater than $1$. Then $n^2 - n = n(n - 1) > 0$.',
      'Let $x$ be greater than or equal to $4$. Then $\\sqrt{x} \\cdot \\sqrt{x} - 4 = x - 4 \\ge 0$.',
      'Let $n$ be a natural number larger than $1$. Then $n^2 - n = n(n - 1) > 0$.',
      'Let $n$ be a positive integer bigger than $1$. Then $n^2 - n = n(n - 1) > 0$.',
      'Let $n$ be an integer exceeding $1$. Then $n^2 - n = n(n - 1) > 0$.',
      'Let $n$ be an integer that is greater than $1$. Then $n^2 - n = n(n - 1) > 0$.',
      'Let $n$ be an integer at least $2$. Then $n^2 - n = n(n - 1) > 0$.',
      'Let $m$ be an even number greater than $2$. Then $m^2 - 2m = m(m - 2) > 0$.',
      'Let $x$ be a real number at most $1$. Then $1 - x = |1 - x| \\ge 0$.',
      'Let $k$ be an integer between $1$ and $n$. Then $n - k = |n - k| \\ge 0$.',
    ]) expect(fails(check(text)), text).toEqual([]);
  });

  it('raises nothing on a textbook proof that states its bound in words (rev11 f03)', () => {
    const proof = lines(
      '**Claim.** For every natural number $n$ greater than three, $n! > 2^n$.', '',
      '*Proof.* By induction. For $n = 4$: $4! = 24 > 16 = 2^4$.', '',
      'Let $n$ be a natural number greater than three with $n! > 2^n$. Then',
      '$$(n + 1)! = (n + 1) \\cdot n! > (n + 1) \\cdot 2^n \\ge 2 \\cdot 2^n = 2^{n + 1} .$$',
      'This completes the induction. $\\square$',
    );
    expect(fails(check(proof))).toEqual([]);
  });

  it('reads the bound after a quantifier\'s names: "for every natural number $n$ greater than one" takes in n = 2', () => {
    const f = one(check('For every natural number $n$ greater than one, $n! > 2^n$.'), 'n!');
    expect(f?.status, f?.message).toBe('fails');
    expect(f?.counterexample?.assignment.n).toBe(2);
  });

  it('still flags a step false under the bound it read ("greater than or equal to $4$": √x ≥ x − 2 fails at x = 9)', () => {
    const f = one(check('Let $x$ be greater than or equal to $4$. Then $$\\sqrt{x} \\ge x - 2 .$$'), '\\sqrt{x}');
    expect(f?.status, f?.message).toBe('fails');
    expect(f?.counterexample?.assignment.x).toBeGreaterThan(4);
  });
});

describe('"For negative $x$" binds x afresh after "Let $x > 0$"', () => {
  it('raises nothing on the rev11 repro (m17) nor with the bound as a formula', () => {
    expect(fails(check('Let $x > 0$. Then $|x| - x = x - x = 0$.\n\nFor negative $x$, $|x| - x = -x - x = -2x$.'))).toEqual([]);
    const f = one(check('Let $x > 0$. Then $|x| - x = x - x = 0$.\n\nFor negative $x$, $|x| - x = -x - x = -2x$.'), '|x| - x', '-x - x');
    expect(f?.status, f?.message).toBe('holds');
  });

  it('raises nothing on a two-part proof that switches the sign of x', () => {
    const proof = lines(
      '1. Let $x > 0$. Then $|x| = x$, so $$\\frac{|x|}{x} = \\frac{x}{x} = 1 .$$',
      '2. For negative $x$, we have $|x| = -x$, so $$\\frac{|x|}{x} = \\frac{-x}{x} = -1 .$$',
    );
    expect(fails(check(proof))).toEqual([]);
  });

  it('still flags, under the new sign, a step true only for the old one', () => {
    const f = one(check('Let $x > 0$. Then $|x| - x = x - x = 0$.\n\nFor negative $x$, $|x| - x = x - x = 0$.').filter((c) => c.range.start > 40), '|x| - x');
    expect(f?.status, f?.message).toBe('fails');
    expect(f?.counterexample?.assignment.x).toBeLessThan(0);
  });
});

describe('$x \\in [a, b]$ with names as ends orders x between them', () => {
  it('raises nothing on the rev11 repros (m15, m16)', () => {
    expect(fails(check('Let $a < b$ and $x \\in [a, b]$. Then $|x - a| + |b - x| = (x - a) + (b - x) = b - a$.'))).toEqual([]);
    const lemma = lines(
      '**Lemma.** Let $f$ be continuous on $[a, b]$ with $a < b$, and let $x \\in [a, b]$. Then',
      '$$|x - a| + |b - x| = (x - a) + (b - x) = b - a.$$',
    );
    expect(fails(check(lemma))).toEqual([]);
    expect(one(check(lemma), '|x - a| + |b - x|')?.status).toBe('holds');
  });

  it('still flags a sign slip at the upper end', () => {
    const f = one(check('Let $a < b$ and $x \\in [a, b]$. Then $$|x - a| + |x - b| = (x - a) + (x - b) .$$'), '|x - a| + |x - b|');
    expect(f?.status, f?.message).toBe('fails');
    const { a, b, x } = f!.counterexample!.assignment;
    expect(a <= x && x <= b).toBe(true);
  });
});

describe('a sequence named by its formula in a claim', () => {
  const claim = (step: string) =>
    lines('**Claim.** The sequence $a_n = \\frac{n}{2^n}$ is decreasing.', '', '*Proof.* For $n \\ge 1$,', `$$${step}$$`);

  it('reads $a_{n+1}$ and $a_n$ through the definition after "For $n \\ge 1$" (rev11 m19)', () => {
    const found = check(claim('a_{n+1} - a_n = \\frac{n+1}{2^{n+1}} - \\frac{2n}{2^{n+1}} = \\frac{1 - n}{2^{n+1}} \\le 0.'));
    expect(fails(found)).toEqual([]);
    expect(one(found, 'a_{n+1} - a_n')?.status).toBe('holds');
  });

  it('never judges the members as free numbers where the formula is stated without "sequence" or out of scope', () => {
    const step = '\n\n*Proof.* For $n \\ge 1$,\n$$a_{n+1} - a_n = \\frac{n+1}{2^{n+1}} - \\frac{2n}{2^{n+1}} \\le 0.$$';
    // Stated in passing in the claim: read through it for the proof.
    const passing = check(`**Claim.** $a_n = \\frac{n}{2^n}$ is decreasing.${step}`);
    expect(fails(passing)).toEqual([]);
    expect(one(passing, 'a_{n+1} - a_n')?.status).toBe('holds');
    // Stated as part (a)'s goal, used in part (b): not in scope there, and no free numbers either.
    const parts = check(`(a) Show that $a_n = \\frac{n}{2^n}$ satisfies $a_n \\le 1$.\n\n(b) Show that it is decreasing.${step}`);
    expect(fails(parts)).toEqual([]);
  });

  it('still flags a wrong member of the sequence', () => {
    const f = one(check(claim('a_{n+1} - a_n = \\frac{n+1}{2^{n+1}} - \\frac{n}{2^{n+1}} .')), 'a_{n+1} - a_n');
    expect(f?.status, f?.message).toBe('fails');
  });
});

describe('a condition whose subject points back ("If both are positive")', () => {
  it('judges nothing under it (rev11 m18)', () => {
    expect(fails(check('Let $x, y$ be nonzero reals. If both are positive, then $|x + y| = x + y = |x| + |y|$.'))).toEqual([]);
    expect(fails(check('Let $x, y$ be nonzero reals. When they are both negative, $$|x + y| = -x - y = |x| + |y| .$$'))).toEqual([]);
  });

  it('still judges the next sentence and a condition that names its names', () => {
    const next = one(check('Let $x, y$ be nonzero reals. If both are positive, then $|x + y| = x + y$. In general, $$|x + y| = |x| + |y| .$$'), '|x + y|', '|x| + |y|');
    expect(next?.status, next?.message).toBe('fails');
    const named = one(check('If $x$ and $y$ are both positive, then $$|x + y| = x + y = |x| - |y| .$$'), 'x + y', '|x| - |y|');
    expect(named?.status, named?.message).toBe('fails');
  });
});

describe('cases announced by their signs in words ("whether $a$ is nonnegative or negative")', () => {
  const proof = (second: string) =>
    lines(
      '**Problem.** Write $|a| \\cdot a$ without the absolute value, for every real $a$.', '',
      '*Solution.* We distinguish whether $a$ is nonnegative or negative.', '',
      'In the first case $|a| = a$, so $$|a| \\cdot a = a \\cdot a = a^2 .$$', '',
      `In the second case $|a| = -a$, so $$${second} .$$`,
    );

  it('reads each case under its sign (rev11 g20)', () => {
    expect(fails(check('We distinguish whether $a$ is nonnegative or negative. In the first case $|a| \\cdot a = a \\cdot a = a^2$. In the second case $|a| \\cdot a = -a \\cdot a = -a^2$.'))).toEqual([]);
    expect(fails(check(proof('|a| \\cdot a = -a \\cdot a = -a^2')))).toEqual([]);
  });

  it('still flags the first case\'s formula copied into the second, at a negative a', () => {
    const f = check(proof('|a| \\cdot a = a \\cdot a = a^2')).filter((c) => c.status === 'fails');
    expect(f.map((c) => `${c.left} = ${c.right}`)).toEqual(['|a| \\cdot a = a \\cdot a']);
    expect(f[0].counterexample?.assignment.a).toBeLessThan(0);
  });
});
