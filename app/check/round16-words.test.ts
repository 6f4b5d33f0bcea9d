// Checker round 16, bounds in words (rev12's false alarms): "negative or zero" and its twins bound the name as
// nonpositive would; "at least twice $x$", "three times $x$", "half of $x$" compare with the multiple, never with the
// bare number; "greater than $3$ and less than $4$" keeps both bounds (or, where a part cannot be read, none); and
// "one half", "three quarters" are fractions. Each proof is read back through the Checker as the CLI does; each kind
// has correct proofs that must raise no `fails` and a slip of the same shape that must still be flagged.
import { describe, expect, it } from 'vitest';
import { Checker } from './checker';
import type { ComputationFinding } from './types';

const check = (text: string): ComputationFinding[] => new Checker({ symbolic: false }).check({ text, format: 'markdown' }).computations;
const squash = (tex: string) => tex.replace(/\s+/g, '');
const one = (findings: readonly ComputationFinding[], left: string, right?: string) =>
  findings.find((c) => squash(c.left) === squash(left) && (right === undefined || squash(c.right) === squash(right)));
const fails = (findings: readonly ComputationFinding[]) => findings.filter((c) => c.status === 'fails').map((c) => `${c.left} ${c.op} ${c.right}`);

describe('"negative or zero" and its twins bound the name as nonpositive does', () => {
  it('reads rev12 m02, m03, m12 and the other wordings as x ≤ 0', () => {
    for (const [words, step] of [
      ['Let $x$ be negative or zero.', '$|x| + x = -x + x = 0$'], // m02
      ['Suppose $x$ is either negative or zero.', '$|x| - x = -x - x = -2x$'], // m03
      ['Let $x$ be zero or a negative number.', '$|x| + x = -x + x = 0$'], // m12
      ['Let $x$ be negative or equal to zero.', '$|x| + x = -x + x = 0$'],
      ['Let $x$ be a negative number or zero.', '$|x| + x = -x + x = 0$'],
      ['Let $x$ be zero or negative.', '$|x| + x = -x + x = 0$'],
    ]) {
      const found = check(`${words} Then ${step}.`);
      expect(fails(found), words).toEqual([]);
      expect(found[0]?.status, words).toBe('holds');
      expect(found[0]?.hypotheses, words).toEqual(['x \\le 0']);
    }
    const forX = check('For $x$ negative or zero, $|x| = -x$.');
    expect(one(forX, '|x|')?.hypotheses).toEqual(['x \\le 0']);
    // The positive twin: x ≥ 0.
    const twin = check('Let $x$ be positive or zero. Then $|x| - x = x - x = 0$.');
    expect(fails(twin)).toEqual([]);
    expect(twin[0]?.hypotheses).toEqual(['x \\ge 0']);
  });

  it('a full proof by nonpositive x stays silent; the slip of the same shape is flagged at a negative x', () => {
    const proof = (step: string) =>
      [
        '**Lemma.** For $x$ negative or zero, $|x| + x = 0$.', '',
        `*Proof.* Let $x$ be negative or zero. Then ${step}. $\\square$`, '',
      ].join('\n');
    const right = check(proof('$|x| = -x$, so $|x| + x = -x + x = 0$'));
    expect(fails(right)).toEqual([]);
    expect(one(right, '|x| + x', '-x + x')?.status).toBe('holds');
    // Read as nothing, the slip passed: |x| = x "held" at the sampled positive x.
    const wrong = check(proof('$|x| = x$, so $|x| + x = x + x = 0$'));
    expect(fails(wrong)).toEqual(['|x| = x', '|x| + x = x + x']);
    expect(one(wrong, '|x|', 'x')?.counterexample?.assignment.x).toBeLessThan(0);
  });

  it('"positive or negative" is still no sign', () => {
    const found = check('Let $x$ be positive or negative. Then $|x| = x$.');
    for (const sign of ['x > 0', 'x < 0', 'x \\ge 0', 'x \\le 0']) expect(one(found, '|x|')?.hypotheses ?? []).not.toContain(sign);
  });
});

describe('a multiple or a part of a name in words is compared with, never the bare number', () => {
  it('reads rev12 m07, m15 (three times) and m01, m08, m09 (twice, half of) as the relation to the other name', () => {
    const cases: [string, string][] = [
      ['Let $x \\geq 0$ and let $y$ be at least three times $x$. Then $y - x \\geq 2x$.', 'y \\ge 3 x'], // m07
      ['Let $x > 0$ and suppose $y$ exceeds three times $x$. Then $y - 2x > x$.', 'y > 3 x'], // m15
      ['Let $x \\geq 0$ and let $y$ be at least twice $x$. Then $|y - x| = y - x \\geq x \\geq 0$.', 'y \\ge 2 x'], // m01
      ['Let $n \\ge 0$ be an integer and $m$ an integer greater than twice $n$. Then $m - n > n \\ge 0$.', 'm > 2 n'], // m08
      ['Let $x \\geq 0$ and let $y \\ge 0$ be at most half of $x$. Then $x - y \\geq y \\ge 0$.', 'y \\le \\frac{1}{2} x'], // m09
      ['Let $a > 0$ and let $b$ be at least twice as large as $a$. Then $b - a \\ge a$.', 'b \\ge 2 a'],
      ['Let $x > 0$ and let $y$ be at least $3$ times $x$. Then $y - x \\ge 2x$.', 'y \\ge 3 x'],
    ];
    for (const [text, bound] of cases) {
      const found = check(text);
      expect(fails(found), text).toEqual([]);
      expect(found.some((c) => c.status === 'holds' && (c.hypotheses ?? []).includes(bound)), text).toBe(true);
    }
  });

  it('a full proof with "at least twice" stays silent (rev12 a17); the slip of the same shape is flagged', () => {
    const proof = (step: string) =>
      [
        '## Claim', '', 'If $x \\ge 0$ and $y$ is at least twice $x$, then $|y - x| = y - x$.', '',
        '## Proof', '', `Let $x \\geq 0$ and let $y$ be at least twice $x$. Then ${step}, so $|y - x| = y - x$.`, '',
      ].join('\n');
    const right = check(proof('$y - x \\geq x \\geq 0$'));
    expect(fails(right)).toEqual([]);
    expect(one(right, 'y - x', 'x')?.hypotheses).toContain('y \\ge 2 x');
    // y = 2x is allowed, so y - x ≥ 2x fails for x > 0.
    expect(fails(check(proof('$y - x \\geq 2x \\geq 0$')))).toEqual(['y - x \\ge 2x']);
  });

  it('a multiplier the words go on to change gives no numeric bound', () => {
    // "three times the sum …" cannot be read: no y ≥ 3 (the old reading) and no other bound.
    const found = check('Let $x > 0$ and let $y$ be at least three times the sum of $x$ and $1$. Then $y - x \\ge 2x$.');
    expect(fails(found)).toEqual([]);
    expect(found.flatMap((c) => c.hypotheses ?? [])).not.toContain('y \\ge 3');
  });
});

describe('a conjunction of comparisons in words keeps every bound, or none', () => {
  it('reads rev12 m10 as 3 < x < 4; the slip that needs x < 3 is flagged', () => {
    const m10 = check('Let $x$ be a real number greater than $3$ and less than $4$. Then $|x - 4| + x = 4 - x + x = 4$.');
    expect(fails(m10)).toEqual([]);
    expect(m10[0]?.hypotheses).toEqual(['x > 3', 'x < 4']);
    const slip = check('Let $x$ be a real number greater than $3$ and less than $4$. Then $|x - 3| + x = 3 - x + x = 3$.');
    expect(fails(slip)).toEqual(['|x - 3| + x = 3 - x + x']);
  });

  it('"but at most" is read too; a full proof stays silent', () => {
    const proof = [
      '**Problem.** Show that $\\lfloor x \\rfloor + |x - 2| = 3 - x$ for $1 \\le x < 2$.', '',
      '**Solution.** Let $x$ be at least $1$ but less than $2$. Then $x - 2 < 0$, so $|x - 2| = 2 - x$, and',
      '$\\lfloor x \\rfloor + |x - 2| = 1 + 2 - x = 3 - x$.', '',
    ].join('\n');
    const found = check(proof);
    expect(fails(found)).toEqual([]);
    expect(one(found, '|x - 2|')?.hypotheses).toEqual(expect.arrayContaining(['x \\ge 1', 'x < 2']));
  });

  it('reads neither bound when the rest of the conjunction cannot be read', () => {
    const found = check('Let $x$ be a real number greater than $3$ and less than three times the golden ratio. Then $|x - 4| + x = 4 - x + x = 4$.');
    expect(found.flatMap((c) => c.hypotheses ?? [])).not.toContain('x > 3');
  });
});

describe('fraction words are fractions', () => {
  it('reads rev12 m11 as 1/2 < x < 1; the slip of the same shape is flagged', () => {
    const m11 = check('Let $x$ be a real number greater than one half and less than one. Then $|x - 1| + x = 1 - x + x = 1$.');
    expect(fails(m11)).toEqual([]);
    expect(m11[0]?.hypotheses).toEqual(['x > \\frac{1}{2}', 'x < 1']);
    const slip = check('Let $x$ be a real number greater than one half and less than one. Then $|2x - 1| = 1 - 2x$.');
    expect(fails(slip)).toEqual(['|2x - 1| = 1 - 2x']);
  });

  it('"three quarters", "two thirds" in a full proof', () => {
    const proof = (step: string) =>
      [
        'Let $x$ be greater than three quarters and let $y$ be at most two thirds.',
        `Then $4x - 3 > 0$ and $2 - 3y \\ge 0$, so ${step}.`, '',
      ].join('\n');
    const right = check(proof('$(4x - 3)(2 - 3y) \\ge 0$'));
    expect(fails(right)).toEqual([]);
    expect(one(right, '4x - 3', '0')?.hypotheses).toEqual(['x > \\frac{3}{4}']);
    const wrong = check(proof('$(4x - 3)(2 - 3y) \\le 0$'));
    expect(fails(wrong)).toEqual(['(4x - 3)(2 - 3y) \\le 0']);
  });
});

describe('"For all other $x$" ends a case on x and argues under its complement', () => {
  it('reads rev12 m04, m06, m13, m14 under x ≥ 0 after the case x < 0; the slip of the same shape is flagged', () => {
    for (const [first, other] of [
      ['For negative $x$, $|x| = -x$.', 'For all other $x$,'], // m04
      ['For negative $x$, $|x| = -x$.', 'For the remaining $x$,'], // m06
      ['For negative $x$, $|x| = -x$.', 'For every other real $x$ we have'], // m13
      ['If $x < 0$, then $|x| = -x$.', 'For all other $x$,'], // m14
      ['For $x < 0$, $|x| = -x$.', 'For all other $x$,'],
    ]) {
      const right = check(`${first} ${other} $|x| + x = x + x = 2x$.`);
      expect(fails(right), other).toEqual([]);
      expect(one(right, '|x| + x', 'x + x')?.hypotheses, other).toEqual(['x \\ge 0']);
      expect(one(right, '|x|', '-x')?.hypotheses, other).toEqual(['x < 0']);
    }
    // The slip in the other case, under x ≥ 0 (a first case that states |x| = -x would excuse it as an equation of the text).
    for (const first of ['For negative $x$ the claim is clear.', 'If $x < 0$, the claim is clear.']) {
      const wrong = check(`${first} For all other $x$, $|x| + x = -x + x = 0$.`);
      expect(fails(wrong), first).toEqual(['|x| + x = -x + x']);
      expect(one(wrong, '|x| + x')?.counterexample?.assignment.x, first).toBeGreaterThanOrEqual(0);
    }
  });

  it('a full proof by cases on the sign stays silent', () => {
    const proof = [
      '**Lemma.** For every real $x$, $\\max(x, 0) = \\frac{x + |x|}{2}$.', '',
      '*Proof.* For negative $x$ we have $|x| = -x$, so $\\frac{x + |x|}{2} = \\frac{x - x}{2} = 0 = \\max(x, 0)$.',
      'For all other $x$, $|x| = x$ and $\\frac{x + |x|}{2} = \\frac{2x}{2} = x = \\max(x, 0)$. $\\square$', '',
    ].join('\n');
    const found = check(proof);
    expect(fails(found)).toEqual([]);
    expect(one(found, '|x|', 'x')?.hypotheses).toEqual(['x \\ge 0']);
  });

  it('a case of two ends ("For $0 < x < 1$") has two alternatives for complement (round 20, rev17 F2)', () => {
    const found = check('For $0 < x < 1$, $x^2 < x$. For all other $x$, $x^2 \\ge x$.');
    const second = found.find((c) => c.op === '\\ge');
    expect(second?.status).toBe('holds');
    expect(second?.hypotheses).toEqual(['x \\le 0 \\text{ or } x \\ge 1']);
  });
});
