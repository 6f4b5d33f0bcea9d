// Checker round 14 (break-it review): what one problem or part states stays in it, a claim drawn from values
// the text fixed is checked even inline, a WLOG order constrains every pair of its names, and "For the second
// claim," introduces no hypothesis. Each proof is read back through the Checker as the CLI does; each kind
// has a correct proof of the same shape beside it that must raise no `fails`.
import { describe, expect, it } from 'vitest';
import { Checker } from './checker';
import type { ComputationFinding } from './types';

const check = (text: string, format: 'markdown' | 'tex' = 'markdown'): ComputationFinding[] => new Checker({ symbolic: false }).check({ text, format }).computations;
const squash = (tex: string) => tex.replace(/\s+/g, '');
/** Every finding whose left side is `left` (and right side `right`, when given), in document order. */
const all = (findings: readonly ComputationFinding[], left: string, right?: string) =>
  findings.filter((c) => squash(c.left) === squash(left) && (right === undefined || squash(c.right) === squash(right)));
const fails = (findings: readonly ComputationFinding[]) => findings.filter((c) => c.status === 'fails').map((c) => `${c.left} ${c.op} ${c.right}`);

describe('a fact stated in one problem or part does not reach another', () => {
  // Part (a) claims y − x ≥ 0 (false at the values it fixed); part (b) is about every x > y.
  const parts = (a: string, b: string) =>
    [
      'Let $x$ and $y$ be real numbers.', '',
      `${a} Let $x = 2$ and $y = 1$. Then $y - x \\ge 0$, and also $\\max(x, y) = x$.`, '',
      `${b} Now suppose $x > y$. We show $x^3 > y^3$. Factor:`,
      '$$x^3 - y^3 = (x - y)(x^2 + xy + y^2) .$$',
      'Completing the square,',
      '$$x^2 + xy + y^2 = \\left(x + \\frac{y}{2}\\right)^2 + \\frac{3y^2}{4} > 0 ,$$',
      'so both factors are positive and',
      '$$x^3 - y^3 > 0 .$$',
      'Also, for the record, $$x^2 - 2xy + y^2 = (x + y)^2 .$$', '',
    ].join('\n');

  for (const [a, b] of [['**Part (a).**', '**Part (b).**'], ['Part (a):', 'Part (b):'], ['(a)', '(b)'], ['**(a)**', '**(b)**'], ['## Part (a)\n', '## Part (b)\n']]) {
    it(`keeps part (a)'s claim out of part (b) ("${a.trim()}" … "${b.trim()}")`, () => {
      const findings = check(parts(a, b));
      // Part (a) itself: the claim fails at the values it fixed.
      expect(all(findings, 'y - x')[0]?.status, a).toBe('fails');
      // Part (b): judged under x > y only, not under y − x ≥ 0 ("no values satisfy") or x = 2, y = 1.
      for (const left of ['x^3 - y^3', 'x^2 + xy + y^2', '\\left(x + \\frac{y}{2}\\right)^2 + \\frac{3y^2}{4}']) {
        for (const f of all(findings, left)) {
          expect(f.status, `${a} ${left} ${f.message}`).toBe('holds');
          expect(f.hypotheses ?? [], `${a} ${left}`).not.toContain('y - x \\ge 0');
          expect(f.hypotheses ?? [], `${a} ${left}`).not.toContain('x = 2');
        }
      }
      // The slip of part (b) is found there.
      expect(all(findings, 'x^2 - 2xy + y^2', '(x + y)^2')[0]?.status, a).toBe('fails');
      expect(fails(findings).sort(), a).toEqual(['x^2 - 2xy + y^2 = (x + y)^2', 'y - x \\ge 0'].sort());
    });
  }

  // Problem 1 assumes a ≥ b and says max(a, b) = a; problem 2 is about any positive a, b.
  const problems = (one: string, two: string) =>
    [
      `${one} Let $a, b$ be real numbers with $a \\ge b$. Show that $a^3 \\ge b^3$.`, '',
      'By the choice of $a$ we get $\\max(a, b) = a$, and',
      '$$a^3 - b^3 = (a - b)(a^2 + ab + b^2) \\ge 0 .$$', '',
      `${two} Let $a, b$ be positive reals. Show that $\\max(a, b)\\min(a, b) = ab$.`, '',
      'Whichever is larger, the product of the two is the same:',
      '$$\\max(a, b) \\cdot \\min(a, b) = ab ,$$',
      'and therefore',
      '$$\\max(a, b)^2 \\cdot \\min(a, b)^2 = a^2 b^2 .$$',
      'The minimum is at most each number, $$\\min(a, b) \\le a ,$$ and (a slip: true only under problem 1\'s order)',
      '$$\\min(a, b) \\ge b .$$', '',
    ].join('\n');

  for (const [one, two] of [['Problem 1.', 'Problem 2.'], ['**Problem 1.**', '**Problem 2.**'], ['## Problem 1\n', '## Problem 2\n'], ['**Exercise 1:**', '**Exercise 2:**']]) {
    it(`keeps the order and equation of problem 1 out of problem 2 ("${one.trim()}" … "${two.trim()}")`, () => {
      const findings = check(problems(one, two));
      // Problem 1's own steps hold under its order.
      expect(all(findings, '(a - b)(a^2 + ab + b^2)')[0]?.status, one).toBe('holds');
      // Under a ≥ b and max(a, b) = a leaked from problem 1, min(a, b) ≥ b "held".
      const slip = all(findings, '\\min(a, b)', 'b')[0];
      expect(slip?.status, `${one} ${slip?.message}`).toBe('fails');
      expect(slip?.hypotheses ?? [], one).not.toContain('a \\ge b');
      expect(all(findings, '\\max(a, b) \\cdot \\min(a, b)', 'ab')[0]?.status, one).toBe('holds');
      expect(all(findings, '\\min(a, b)', 'a')[0]?.status, one).toBe('holds');
      expect(fails(findings), one).toEqual(['\\min(a, b) \\ge b']);
    });
  }

  it('keeps a bound on one name stated in part (a) out of part (b) (a domain, not only a fact)', () => {
    const text = [
      'Let $f(x) = x^3 - x$.', '',
      '**Part (a).** Let $x \\ge 3$. Then $x^2 \\ge 9$, so $x^2 - 1 \\ge 8 > 0$ and', '$$x^3 - x = x(x^2 - 1) \\ge 24 .$$', '',
      '**Part (b).** Now let $x < 0$. Then $x^2 > 0$ and', '$$x^3 < 0 ,$$', 'and, a slip, $$x^2 < 0 .$$', '',
      '**Part (c).** Let $x = 4$. Then $x \\ge 3$ and we compute $f(4) = 60$.', '',
      '**Part (d).** For a real number $x$ we always have $$x^2 - 2x + 1 = (x - 1)^2 ,$$ while $$x^2 - 9 \\ge 0$$ needs $|x| \\ge 3$.', '',
    ].join('\n');
    const findings = check(text);
    // Part (a) is under x ≥ 3; part (b) under x < 0 only (both together: "no values satisfy the stated constraints").
    expect(all(findings, 'x(x^2 - 1)', '24')[0]?.status).toBe('holds');
    const cube = all(findings, 'x^3', '0')[0];
    expect(cube?.status, cube?.message).toBe('holds');
    expect(cube?.hypotheses).toContain('x < 0');
    expect(cube?.hypotheses).not.toContain('x \\ge 3');
    expect(all(findings, 'x^2', '0').find((f) => f.op === '<')?.status).toBe('fails');
    // Part (d): x ≥ 3 of parts (a) and (c) made x² − 9 ≥ 0 "hold".
    expect(all(findings, 'x^2 - 9')[0]?.status).not.toBe('holds');
    expect(all(findings, 'x^2 - 2x + 1')[0]?.hypotheses ?? []).toEqual([]);
  });

  it('keeps a hypothesis equation of problem 1 ($p + q = 4$) out of problem 2', () => {
    const text = [
      '**Problem 1.** Let $p, q$ be reals and suppose $p + q = 4$. Then $pq \\le 4$, since',
      '$$4 - pq = \\frac{(p - q)^2}{4} \\ge 0 .$$', '',
      '**Problem 2.** Let $p, q$ be positive reals. We show $(p + q)^2 \\ge 4pq$:',
      '$$(p + q)^2 - 4pq = (p - q)^2 \\ge 0 ,$$',
      'or, expanding differently, $$p^2 + 2pq + q^2 - 4pq = p^2 + q^2 - 2pq + 4 - p - q .$$', '',
    ].join('\n');
    const findings = check(text);
    // Under p + q = 4 (problem 1) the slip held; problem 2 has no such equation.
    expect(all(findings, '4 - pq')[0]?.status).toBe('holds');
    expect(fails(findings)).toEqual(['p^2 + 2pq + q^2 - 4pq = p^2 + q^2 - 2pq + 4 - p - q']);
  });

  it('gives the solution\'s part (b) what the statement\'s part (b) assumes, and not part (a)', () => {
    const text = [
      'Let $a, b$ be real numbers.', '',
      '(a) Show that $a^2 + b^2 \\ge 2ab$.', '(b) Show that if $a \\ge b$, then $|a - b| = a - b$.', '',
      '**Solution.**', '',
      '**(a)** We have $$a^2 + b^2 - 2ab = (a - b)^2 \\ge 0 ,$$ and in the same way $$|a - b| + |b - a| = 2|a - b| .$$', '',
      '**(b)** Both absolute values are the same number, so $$|a - b| + |b - a| = 2(a - b) .$$', '',
    ].join('\n');
    const findings = check(text);
    expect(fails(findings)).toEqual([]);
    // Without the statement's order (it holds in part (b) only) the step would fail at a < b.
    const [inA, inB] = all(findings, '|a - b| + |b - a|');
    expect(inB?.status).toBe('holds');
    expect(inB?.hypotheses).toContain('a \\ge b');
    expect(inA?.hypotheses ?? []).not.toContain('a \\ge b');
  });

  it('keeps a definition of Step 1 for Step 2 inside one problem (steps are no parts)', () => {
    const text = [
      '## Problem', '', 'Let $a, b > 0$. Show that $\\frac{a + b}{2} \\ge \\sqrt{ab}$.', '', '## Proof', '',
      '### Step 1', '', 'Let $m = \\frac{a + b}{2}$ and $g = \\sqrt{ab}$.', '',
      '### Step 2', '', 'Then $$m^2 - g^2 = \\frac{(a - b)^2}{4} \\ge 0 .$$', '',
    ].join('\n');
    const findings = check(text);
    expect(fails(findings)).toEqual([]);
    expect(all(findings, 'm^2 - g^2')[0]?.status).toBe('holds');
  });
});

describe('a claim drawn from values the text fixed is checked, inline too', () => {
  it('flags "Let $x = 2$ and $y = 1$. Then $y - x \\ge 0$." and passes the correct one', () => {
    const slip = 'Let $x = 2$ and $y = 1$. Then $y - x \\ge 0$, so the difference is non-negative.';
    const f = all(check(slip), 'y - x')[0];
    expect(f?.status).toBe('fails');
    expect(f?.counterexample?.left).toBe(-1);
    const right = 'Let $x = 2$ and $y = 1$. Then $x - y \\ge 0$, so the difference is non-negative.';
    expect(all(check(right), 'x - y')[0]?.status).toBe('holds');
    expect(all(check('We fix $x = 2$ and $y = 1$. With these values, we get $y - x \\ge 0$.'), 'y - x')[0]?.status).toBe('fails');
    expect(all(check('If $x = 2$ and $y = 1$, then $y - x \\ge 0$.'), 'y - x')[0]?.status).not.toBe('fails');
    // Between the names themselves: once read as an order (a constraint), now arithmetic on the fixed values.
    expect(all(check('Let $x = 2$ and $y = 1$. Hence $y \\ge x$.'), 'y', 'x')[0]?.status).toBe('fails');
    expect(all(check('Let $x = 2$ and $y = 1$. Hence $x \\ge y$.'), 'x', 'y')[0]?.status).toBe('holds');
  });

  it('checks a homework proof with fixed values and an inline consequence; a correct copy raises nothing', () => {
    const proof = (claim: string) =>
      [
        '## Problem', '', 'Evaluate $f(x, y) = x^2 - xy + y^2$ at $x = 3$, $y = -1$ and check that it is positive.', '',
        '## Solution', '',
        'Let $x = 3$ and $y = -1$. Then $xy = -3$ and', '$$x^2 + y^2 = 10 .$$', `Hence ${claim}, which is positive.`, '',
      ].join('\n');
    expect(fails(check(proof('$x^2 - xy + y^2 = 11$')))).toEqual(['x^2 - xy + y^2 = 11']);
    expect(fails(check(proof('$x^2 - xy + y^2 = 13$')))).toEqual([]);
  });

  it('keeps "When $t = 3$, $t^2 = 7$" and a lone equation "Then $x^2 = 4$" silent (a case, an equation)', () => {
    expect(all(check('When $t = 3$, $t^2 = 7$ has no meaning here.'), 't^2')[0]?.status).not.toBe('fails');
    expect(all(check('Let $y = 2$. Then $x^2 = 4 y$ gives two roots.'), 'x^2')[0]?.status).not.toBe('fails');
  });

  it('checks an inline identity claimed "for all reals $a, b$"; a correct expansion holds', () => {
    const proof = (expansion: string) =>
      [
        '**Lemma.** For all reals $a, b$, ' + expansion + '.', '',
        '*Proof.* Multiply out: $(a + b)(a + b) = a^2 + ab + ba + b^2$ and collect terms. $\\square$', '',
        'For all reals $a, b$ we have $' + expansion.replace(/\$/g, '') + '$ by the lemma.', '',
      ].join('\n');
    const wrong = check(proof('$(a + b)^2 = a^2 + b^2$'));
    expect(all(wrong, '(a + b)^2').map((f) => f.status)).toEqual(['fails', 'fails']);
    expect(fails(check(proof('$(a + b)^2 = a^2 + 2ab + b^2$')))).toEqual([]);
  });

  it('checks a display after "if we expand we get"; "if" that states a hypothesis still silences', () => {
    expect(all(check('For all reals $a, b$, if we expand we get\n$$(a + b)^2 = a^2 + b^2 .$$\n'), '(a + b)^2')[0]?.status).toBe('fails');
    expect(all(check('If we assume\n$$(a + b)^2 = a^2 + b^2 ,$$\nthen $ab = 0$.\n'), '(a + b)^2')[0]?.status).toBe('unchecked');
    expect(all(check('For all reals $a, b$ with $a + b = 1$, $a^2 + b^2 = 1 - 2ab$.'), 'a^2 + b^2')[0]?.status).not.toBe('fails');
  });
});

describe('a WLOG order constrains every pair of its names', () => {
  const proof = (wlog: string, claim: string) =>
    [
      '## Problem', '', 'Let $x, y, z$ be real numbers. Show that $|x - y| + |y - z| = |x - z|$ when $y$ lies between $x$ and $z$.', '',
      '## Proof', '',
      `${wlog} Then $x - y \\le 0$ and $y - z \\le 0$, so`,
      '$$|x - y| + |y - z| = (y - x) + (z - y) = z - x .$$',
      `Since $$${claim} ,$$ we have $z - x = |x - z|$. $\\blacksquare$`, '',
    ].join('\n');

  for (const wlog of ['WLOG $x \\le y \\le z$.', 'Without loss of generality, assume $x \\le y \\le z$.', 'By symmetry we may assume that $x \\le y \\le z$.']) {
    it(`"${wlog}": $z - x \\ge 0$ holds, a slip $x - z \\ge 0$ fails`, () => {
      const good = check(proof(wlog, 'z - x \\ge 0'));
      const f = all(good, 'z - x', '0')[0];
      expect(f?.status, `${wlog} ${f?.message}`).toBe('holds');
      expect(fails(good)).toEqual([]);
      expect(all(check(proof(wlog, 'x - z \\ge 0')), 'x - z', '0')[0]?.status, wlog).toBe('fails');
    });
  }

  it('reads a strict link strictly ($a < b \\le c$ gives $c - a > 0$) and a longer chain', () => {
    expect(all(check('Assume $a < b \\le c$. Then $$c - a > 0 .$$'), 'c - a')[0]?.status).toBe('holds');
    expect(all(check('WLOG $a \\ge b \\ge c \\ge d$. Then $$a - d \\ge 0 , \\quad (a - c)(b - d) \\ge 0 .$$'), 'a - d')[0]?.status).toBe('holds');
  });
});

describe('"For the second claim," introduces no hypothesis (s75)', () => {
  const proof = (second: string) =>
    [
      '## Problem', '', 'Let $x, y$ be real numbers. Prove that $x^2 + y^2 \\ge 2xy$ and $x^2 + xy + y^2 \\ge 0$.', '',
      '## Proof', '',
      'For the first claim,', '$$x^2 + y^2 - 2xy = (x - y)^2 \\ge 0 .$$',
      'For the second claim,', `$$x^2 + xy + y^2 = ${second} \\ge 0 .$$`,
      'This proves the claim. $\\blacksquare$', '',
    ].join('\n');

  it('flags a wrong completion of the square after it; the right one holds', () => {
    const wrong = check(proof('\\left(x + \\frac{y}{2}\\right)^2 + \\frac{y^2}{4}'));
    expect(fails(wrong)).toEqual(['x^2 + xy + y^2 = \\left(x + \\frac{y}{2}\\right)^2 + \\frac{y^2}{4}']);
    const right = check(proof('\\left(x + \\frac{y}{2}\\right)^2 + \\frac{3y^2}{4}'));
    expect(fails(right)).toEqual([]);
    expect(all(right, 'x^2 + xy + y^2')[0]?.status).toBe('holds');
  });

  it('reads "To prove the claim,", "For Claim 2," and "The second claim follows from" the same, and "We claim that", "Claim:" as before', () => {
    for (const lead of ['To prove the claim,', 'For this claim we compute', 'For the remaining claim, note that', 'For Claim 2,', 'The second claim follows from']) {
      expect(all(check(`Let $x$ be real. ${lead}\n$$(x + 1)^2 = x^2 + 1 .$$\n`), '(x + 1)^2')[0]?.status, lead).toBe('fails');
    }
    expect(all(check('We claim that\n$$(x + 1)^2 = x^2 + 1 ,$$\nwhich we prove by contradiction.\n'), '(x + 1)^2')[0]?.status).toBe('unchecked');
    expect(all(check('**Claim 2.** For all $x$,\n$$(x + 1)^2 = x^2 + 1 .$$\n'), '(x + 1)^2')[0]?.status).toBe('unchecked');
  });
});

describe('a claim whose quantifier follows it ("… for every real $a$.") is checked for every value (rev3)', () => {
  it('flags the false laws students write, quantified after the formula', () => {
    const text = [
      'Let $a$ and $b$ be real numbers.', '',
      'Expanding, $(a+b)^2 = a^2 + b^2$ for all real $a, b$.', '',
      'Hence $\\sqrt{a^2} = a$ for every real $a$.', '',
    ].join('\n');
    expect(fails(check(text))).toEqual(['(a+b)^2 = a^2 + b^2', '\\sqrt{a^2} = a']);
  });

  it('raises nothing on the true laws of the same shape, nor where a condition follows the quantifier', () => {
    const text = [
      'Let $a$ and $b$ be real numbers.', '',
      'Expanding, $(a+b)^2 = a^2 + 2ab + b^2$ for all real $a, b$.', '',
      'Hence $\\sqrt{a^2} = |a|$ for every real $a$.', '',
      'Also $\\sqrt{a^2} = a$ for every $a$ with $a \\ge 0$, and $\\sqrt{x^2} = x$ for all $x$ in our interval.', '',
      'Note $x^2 - 1 = 0$ for some real $x$.', '',
    ].join('\n');
    expect(fails(check(text))).toEqual([]);
  });
});
