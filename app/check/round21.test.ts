// Checker round 21, after the rev17 break-it round: the silencers. A list of alternatives ("Exactly one of $A$, $B$, $C$
// holds", "three possibilities: …, or …", "We distinguish …", "three cases: (1) …") is a disjunction, not three facts at
// once, and a later label ("Case 2.", "In the last case", two paragraphs on) picks one alternative; a goal's two
// half-lines are its two statements' bounds; "Now let $1 \le x \le 5$" is a case of its own before "**Case 3**"; what
// "Unless", "With the exception of", "Except possibly at", "Apart from", "Provided", "other than" leave out is left out
// (x ≠ c, or the bound negated); "the function $g(x) = …$" makes g, not x, a function. Each silencer read as all true
// at once left "no values satisfy" (or nothing) for the whole document, so real slips went unseen. Each proof is read back
// through the Checker as the CLI does; each kind has a correct proof that must stay silent and a slip that must fail.
import { describe, expect, it } from 'vitest';
import { at, check, fails, one } from './roundTesting';
import type { ComputationFinding } from './types';

const noValues = (findings: readonly ComputationFinding[]) => findings.filter((c) => /no values satisfy/.test(c.reason ?? '')).map((c) => `${c.left} ${c.op} ${c.right}`);

describe('a list of alternatives is a disjunction, not three facts at once (rev17 silencers)', () => {
  const lists = [
    'Exactly one of $x < -1$, $x > 3$, $-1 \\le x \\le 3$ holds.',
    'We have three possibilities: $x < -1$, $x > 3$, or $-1 \\le x \\le 3$.',
    'We distinguish $x < -1$, $x > 3$ and $-1 \\le x \\le 3$.',
    'We consider three cases: (1) $x < -1$, (2) $x > 3$, (3) $-1 \\le x \\le 3$.',
  ];
  const proof = (list: string, expansion: string, first: string) =>
    `Solve $x^2 - 2x - 3 > 0$.\n\nExpanding,\n$$(x + 1)(x - 3) = ${expansion}.$$\n\n${list}\n\nIn the first case ${first}, so both factors are negative.\n\nIn the second case both factors are positive.\n\nIn the last case $x + 1 \\ge 0 \\ge x - 3$, so $(x + 1)(x - 3) \\le 0$.\n`;

  it('each list: the correct proof raises nothing and no line is left with "no values"', () => {
    for (const list of lists) {
      const found = check(proof(list, 'x^2 - 2x - 3', '$x - 3 < -4$'));
      expect(fails(found), list).toEqual([]);
      expect(noValues(found), list).toEqual([]);
      // The last case is argued under its own alternative, its two bounds together.
      expect(one(found, '0', 'x - 3')?.status, list).toBe('holds');
      expect(one(found, '0', 'x - 3')?.hypotheses, list).toEqual(['-1 \\le x', 'x \\le 3']);
    }
  });

  it('each list: a wrong expansion above it and a wrong bound in the first case fail', () => {
    for (const list of lists) {
      const slip = check(proof(list, 'x^2 - 2x - 2', '$x - 3 < -5$'));
      expect(fails(slip), list).toEqual(['(x + 1)(x - 3) = x^2 - 2x - 2', 'x - 3 < -5']);
      // x − 3 < −5 is false on [−2, −1): the counterexample lies in the first alternative, x < −1.
      const x = at(one(slip, 'x - 3', '-5'));
      expect(x, list).toBeLessThan(-1);
      expect(x, list).toBeGreaterThanOrEqual(-2);
    }
  });

  it('"In the last case" right after "We distinguish" picks the last alternative (min/silenced-we-distinguish)', () => {
    const slip = check('We distinguish $x < 0$, $0 \\le x < 1$ and $x \\ge 1$. In the last case $x^2 < x$.');
    expect(fails(slip)).toEqual(['x^2 < x']);
    expect(at(one(slip, 'x^2', 'x'))).toBeGreaterThanOrEqual(1);
    expect(fails(check('We distinguish $x < 0$, $0 \\le x < 1$ and $x \\ge 1$. In the last case $x^2 \\ge x$.'))).toEqual([]);
  });

  it('"In the first case" after "three possibilities" (min/silenced-three-possibilities)', () => {
    const slip = check('We have three possibilities: $x < -3$, $x > -1$, or $-3 \\le x \\le -1$. In the first case $x + 3 < -1$.');
    expect(fails(slip)).toEqual(['x + 3 < -1']);
    expect(at(one(slip, 'x + 3', '-1'))).toBeLessThan(-3);
    expect(fails(check('We have three possibilities: $x < -3$, $x > -1$, or $-3 \\le x \\le -1$. In the first case $x + 3 < 0$.'))).toEqual([]);
  });

  it('a list of values left out is no list of alternatives: "Unless $x = 1$ or $x = -1$" leaves both out', () => {
    const found = check('Unless $x = 1$ or $x = -1$, $\\frac{x^3 - x}{x^2 - 1} = x$.');
    expect(fails(found)).toEqual([]);
    expect(one(found, '\\frac{x^3 - x}{x^2 - 1}')?.status).toMatch(/holds|verified/);
  });
});

describe('case labels in the paragraphs after a disjunction pick their alternative; one case\'s facts end at the next (rev17 F4)', () => {
  it('min/quad-case2-label-leaks-into-last-case: "Case 2." then "In the last case", each paragraph its own', () => {
    const proof = (last: string) => `Either $x < 2$, or $x > 6$, or $2 \\le x \\le 6$.\n\nCase 2. $x - 2 > 4$ and $x - 6 > 0$.\n\nIn the last case ${last}.\n`;
    const found = check(proof('$x - 2 \\ge 0 \\ge x - 6$'));
    expect(fails(found)).toEqual([]);
    expect(one(found, '0', 'x - 6')?.hypotheses).toEqual(['2 \\le x', 'x \\le 6']);
    const slip = check(proof('$x - 2 \\ge 0 \\ge x - 5$'));
    expect(fails(slip)).toEqual(['0 \\ge x - 5']);
    expect(at(one(slip, '0', 'x - 5'))).toBeGreaterThan(5);
    expect(at(one(slip, '0', 'x - 5'))).toBeLessThanOrEqual(6);
  });

  it('min/quad-case3-label-unbound: a bare "Case 3." two paragraphs on', () => {
    const proof = (last: string) =>
      `Solve $x^2 + 4x + 3 > 0$.\n\nEither $x < -3$ or $x > -1$ or $-3 \\le x \\le -1$.\n\nIn the second case, $x + 3 > 2$ and $x + 1 > 0$.\n\nCase 3. $x + 3 \\ge 0 \\ge ${last}$.\n`;
    expect(fails(check(proof('x + 1')))).toEqual([]);
    expect(fails(check(proof('x + 2')))).toEqual(['0 \\ge x + 2']);
  });

  it('min/quad-possibilities-case1-third and rev17 ok/gen-quad04: "Case 1.", "In the second case", "In the third case"', () => {
    const proof = (third: string) =>
      `Find all $x \\in \\mathbb{R}$ such that $x^2 + 4x + 3 > 0$.\n\nFactor: $x^2 + 4x + 3 = (x + 3)(x + 1)$.\n\nWe have three possibilities: $x < -3$, $x > -1$, or $-3 \\le x \\le -1$.\n\nCase 1. $x + 3 < 0$ and $x + 1 < -2$, so both factors are negative and the product is positive.\n\nIn the second case, $x + 3 > 2$ and $x + 1 > 0$, so again the product is positive.\n\nIn the third case ${third}, so $(x + 3)(x + 1) \\le 0$.\n\nHence the solution set is $(-\\infty, -3) \\cup (-1, \\infty)$.\n`;
    const found = check(proof('$x + 3 \\ge 0 \\ge x + 1$'));
    expect(fails(found)).toEqual([]);
    expect(noValues(found)).toEqual([]);
    expect(fails(check(proof('$x + 3 \\ge 1 \\ge x + 1$')))).toEqual(['x + 3 \\ge 1']);
  });

  it('rev17 slip/gen-quad-first02: after a bare "Case 1." the formulas are what the case derives, each checked under x ≤ −4', () => {
    const proof = (second: string) =>
      `Solve $x^2 + 5x + 4 \\ge 0$.\n\nWe have three possibilities: $x \\le -4$, $x \\ge -1$, or $-4 < x < -1$.\n\nCase 1. $x + 4 \\le 0$ and $${second}$, so both factors are nonpositive.\n`;
    expect(fails(check(proof('x + 1 \\le -3')))).toEqual([]);
    const slip = check(proof('x + 1 \\le -4'));
    expect(fails(slip)).toEqual(['x + 1 \\le -4']);
    expect(one(slip, 'x + 1', '-4')?.hypotheses).toEqual(['x \\le -4']);
    // Without a disjunction before it, "Case 1. $x + 3 < 0$" states the case's assumption: nothing to flag.
    expect(fails(check('Case 1. $x + 3 < 0$ and $x + 1 < -2$.\n\nCase 2. $x + 3 \\ge 0$.'))).toEqual([]);
  });

  it('rev17 ok/gen-quad08: "If the first holds," and "Finally, in the remaining case,"', () => {
    const proof = (last: string) =>
      `**Problem.** Solve the inequality $x^2 + 2x - 3 > 0$ over the reals.\n\nFactor: $x^2 + 2x - 3 = (x + 3)(x - 1)$.\n\nEvery real $x$ satisfies $x < -3$, or $x > 1$, or $-3 \\le x \\le 1$.\n\nIf the first holds, $x + 3 < 0$ and $x - 1 < -4$, so both factors are negative and the product is positive.\n\nCase 2. $x + 3 > 4$ and $x - 1 > 0$, so again the product is positive.\n\nFinally, in the remaining case, ${last}, so $(x + 3)(x - 1) \\le 0$.\n`;
    expect(fails(check(proof('$x + 3 \\ge 0 \\ge x - 1$')))).toEqual([]);
    expect(fails(check(proof('$x + 3 \\ge 0 \\ge x - \\frac{1}{2}$')))).toEqual(['0 \\ge x - \\frac{1}{2}']);
  });
});

describe('a goal with two half-lines, "Now let" before "Case 3", "Unless" an inequality: no empty domain (rev17 silencers)', () => {
  it('"… for all $x > 0$, and … for $x < 0$": each half-line is its statement\'s, and the second half\'s slip fails', () => {
    const proof = (second: string) =>
      `Prove that $x + \\frac{4}{x} \\ge 4$ for all $x > 0$, and that $x + \\frac{4}{x} \\le -4$ for $x < 0$.\n\nFor $x > 0$, $$x + \\frac{4}{x} - 4 = \\frac{(x - 2)^2}{x} \\ge 0.$$\n\nFor $x < 0$, $$x + \\frac{4}{x} + 4 = ${second} \\le 0.$$\n`;
    const found = check(proof('\\frac{(x + 2)^2}{x}'));
    expect(fails(found)).toEqual([]);
    expect(noValues(found)).toEqual([]);
    expect(one(found, '\\frac{(x + 2)^2}{x}', '0')?.status).toBe('holds');
    const slip = check(proof('\\frac{(x - 2)^2}{x}'));
    expect(fails(slip)).toEqual(['x + \\frac{4}{x} + 4 = \\frac{(x - 2)^2}{x}']);
    expect(at(one(slip, 'x + \\frac{4}{x} + 4'))).toBeLessThan(0);
  });

  it('min/silenced-bold-case3-after-now-let: "Now let $1 \\le x \\le 5$." is the middle case, "**Case 3 ($x > 5$).**" the next', () => {
    const proof = (high: string) =>
      `Solve $|x - 1| + |x - 5| \\le 7$.\n\nNow let $1 \\le x \\le 5$. Then $|x - 1| + |x - 5| = 4 \\le 7$.\n\n**Case 3 ($x > 5$).** $|x - 1| + |x - 5| = ${high} \\le 7$, so $x \\le 6.5$.\n`;
    const found = check(proof('2x - 6'));
    expect(fails(found)).toEqual([]);
    expect(noValues(found)).toEqual([]);
    expect(one(found, '|x - 1| + |x - 5|', '2x - 6')?.status).toMatch(/holds|verified/);
    const slip = check(proof('2x - 5'));
    expect(fails(slip)).toEqual(['|x - 1| + |x - 5| = 2x - 5']);
    expect(at(one(slip, '|x - 1| + |x - 5|', '2x - 5'))).toBeGreaterThan(5);
  });

  it('"Unless $x \\ge 1$, we have $x < 1$ and so …" argues under x < 1 (min/silenced-unless-inequality, slip/h24)', () => {
    const slip = check('Unless $x \\ge 1$, we have $x < 1$ and so $x - 2 > 0$.');
    expect(fails(slip)).toEqual(['x - 2 > 0']);
    expect(one(slip, 'x - 2', '0')?.hypotheses).toEqual(['x < 1']);
    const found = check('Unless $x \\ge 1$, we have $x < 1$ and so $x - 2 < 0$.');
    expect(fails(found)).toEqual([]);
    expect(one(found, 'x - 2', '0')?.status).toBe('holds');
  });

  it('"Unless $x < 0$, … Otherwise …": the first branch argues under x ≥ 0, the other under x < 0 (rev12 ok/b14 guard)', () => {
    expect(fails(check('Let $x$ be real. Unless $x < 0$, we have $|x| = x$. Otherwise $|x| + x = -x + x = 0$.'))).toEqual([]);
    const slip = check('Let $x$ be real. Unless $x < 0$, we have $|x| = x$. Otherwise $|x| + x = x + x = 2x$.');
    expect(fails(slip)).toEqual(['|x| + x = x + x']);
    expect(at(one(slip, '|x| + x'))).toBeLessThan(0);
  });
});

describe('what "With the exception of", "Except possibly at", "Apart from", "Provided", "other than" leave out (rev17)', () => {
  const openers = [
    'With the exception of $x = 1$,',
    'Except possibly at $x = 1$,',
    'Apart from $x = 1$,',
    'Provided $x \\neq 1$,',
    'For all $x$ other than $1$,',
    'Except when $x = 1$,',
    'Unless $x = 1$, we have',
  ];

  it('each opener: the right cancellation holds under x ≠ 1, the wrong one fails at a value other than 1', () => {
    for (const opener of openers) {
      const found = check(`**Exercise.** Simplify.\n\n${opener} $\\frac{x^2 - 1}{x - 1} = x + 1$.\n\nAt $x = 1$ the expression is undefined.\n`);
      expect(fails(found), opener).toEqual([]);
      expect(one(found, '\\frac{x^2 - 1}{x - 1}')?.status, opener).toMatch(/holds|verified/);
      const slip = check(`**Exercise.** Simplify.\n\n${opener} $\\frac{x^2 - 1}{x - 1} = x - 1$.\n\nAt $x = 1$ the expression is undefined.\n`);
      expect(fails(slip), opener).toEqual(['\\frac{x^2 - 1}{x - 1} = x - 1']);
      expect(at(one(slip, '\\frac{x^2 - 1}{x - 1}')), opener).not.toBe(1);
      expect(one(slip, '\\frac{x^2 - 1}{x - 1}')?.hypotheses, opener).toEqual(['x \\ne 1']);
    }
  });

  it('"Unless $x = 1$ or $x = -1$": both values left out, the wrong cancellation fails (min/silenced-unless-two-values)', () => {
    const slip = check('Unless $x = 1$ or $x = -1$, $\\frac{x^3 - x}{x^2 - 1} = x + 1$.');
    expect(fails(slip)).toEqual(['\\frac{x^3 - x}{x^2 - 1} = x + 1']);
    expect(one(slip, '\\frac{x^3 - x}{x^2 - 1}')?.hypotheses).toEqual(['x \\ne 1', 'x \\ne -1']);
  });

  it('"Except possibly at $x = 0$" (min/silenced-except-possibly) and "other than $3$" (min/missed-other-than)', () => {
    expect(fails(check('Except possibly at $x = 0$, $\\frac{x^3 + x}{x} = x^2$.'))).toEqual(['\\frac{x^3 + x}{x} = x^2']);
    expect(fails(check('Except possibly at $x = 0$, $\\frac{x^3 + x}{x} = x^2 + 1$.'))).toEqual([]);
    expect(fails(check('For all $x$ other than $3$, $\\frac{x^3 - 27}{x - 3} = x^2 + 3x + 27$.'))).toEqual(['\\frac{x^3 - 27}{x - 3} = x^2 + 3x + 27']);
    expect(fails(check('For all $x$ other than $3$, $\\frac{x^3 - 27}{x - 3} = x^2 + 3x + 9$.'))).toEqual([]);
  });
});

describe('"Consider the function $g(x) = …$": the word is about g, x stays a real number (rev17 silencer)', () => {
  it('the interval\'s step is checked: the right bound holds, the wrong one fails (min/silenced-consider-on-real-line)', () => {
    const proof = (bound: string) =>
      `Consider the function $g(x) = |x^2 - 4|$ on the real line. We show $g(x) \\ge 0$.\n\nFor $x \\in [-2, 2]$, $x^2 \\le 4$, so $g(x) = 4 - x^2 \\le ${bound}$.\n`;
    const found = check(proof('4'));
    expect(fails(found)).toEqual([]);
    expect(one(found, '4 - x^2', '4')?.status).toBe('holds');
    const slip = check(proof('3'));
    expect(fails(slip)).toEqual(['4 - x^2 \\le 3']);
    expect(Math.abs(at(one(slip, '4 - x^2', '3')))).toBeLessThan(1);
  });

  it('"Let $f$ be a function" still makes f no number', () => {
    const found = check('Let $f$ be a function with $f(x + y) = f(x) + f(y)$ for all real $x, y$. Then $f(0) = 2f(0)$.');
    expect(fails(found)).toEqual([]);
  });
});

describe('a half-line far out where a side overflows is no empty domain (rev17 min/halfline-overflow-no-values)', () => {
  it('For $x \\ge 100$, 3^x / 2^x ≥ 1 holds; 2^x / 3^x ≥ 1 fails', () => {
    const found = check('For $x \\ge 100$, $\\frac{3^x}{2^x} \\ge 1$.');
    expect(noValues(found)).toEqual([]);
    expect(one(found, '\\frac{3^x}{2^x}')?.status).toBe('holds');
    expect(fails(check('For $x \\ge 100$, $\\frac{2^x}{3^x} \\ge 1$.'))).toEqual(['\\frac{2^x}{3^x} \\ge 1']);
  });
});

describe('more phrasings of the same kinds', () => {
  it('"Either $A$, $B$, or $C$", "Exactly one of the following holds:": lists; "Either $A$ and $B$, or $C$" keeps A and B together', () => {
    for (const list of ['Either $x < -1$, $x > 3$, or $-1 \\le x \\le 3$.', 'Exactly one of the following holds: $x < -1$, $x > 3$, $-1 \\le x \\le 3$.']) {
      expect(fails(check(`${list} In the first case $x - 3 < -5$.`)), list).toEqual(['x - 3 < -5']);
      expect(fails(check(`${list} In the first case $x - 3 < -4$.`)), list).toEqual([]);
    }
    // The two bounds joined by "and" are one alternative: the first case is x > 0 and y > 0, where x + y > 0 holds.
    const found = check('Either $x > 0$ and $y > 0$, or $x < 0$ and $y < 0$. In the first case $x + y > 0$.');
    expect(fails(found)).toEqual([]);
  });

  it('a value as one alternative: "$y < 0$, $y = 0$ and $y > 0$" fixes no y for the paragraph; the picked case substitutes it', () => {
    const slip = check('We distinguish $y < 0$, $y = 0$ and $y > 0$. In the last case $y^2 > 0$ and $y - 1 > 0$.');
    expect(fails(slip)).toEqual(['y - 1 > 0']);
    expect(one(slip, 'y - 1', '0')?.hypotheses).toContain('y > 0');
    const found = check('We distinguish $w < 0$, $w = 0$ and $w > 0$. In the first case $w^3 < 0$. In the second case $w^2 + 1 = 1$. In the third case $w^3 > 0$.');
    expect(fails(found)).toEqual([]);
    expect(one(found, 'w^2 + 1', '1')?.status).toBe('holds');
  });

  it('"different from", "as long as", "the function $x \\mapsto …$"', () => {
    expect(fails(check('For all $u$ different from $2$, $\\frac{u^2 - 4}{u - 2} = u - 2$.'))).toEqual(['\\frac{u^2 - 4}{u - 2} = u - 2']);
    expect(fails(check('For all $u$ different from $2$, $\\frac{u^2 - 4}{u - 2} = u + 2$.'))).toEqual([]);
    expect(fails(check('As long as $v \\ne 3$, $\\frac{v^2 - 9}{v - 3} = v - 3$.'))).toEqual(['\\frac{v^2 - 9}{v - 3} = v - 3']);
    expect(fails(check('As long as $v \\ne 3$, $\\frac{v^2 - 9}{v - 3} = v + 3$.'))).toEqual([]);
    const proof = (bound: string) => `Consider the function $x \\mapsto |x^2 - 4|$ on the reals. For $-2 \\le x \\le 2$ we have $|x^2 - 4| = 4 - x^2 \\le ${bound}$.`;
    expect(fails(check(proof('3')))).toEqual(['4 - x^2 \\le 3']);
    expect(fails(check(proof('4')))).toEqual([]);
  });
});

describe('more openings of lists, labels and two-case goals', () => {
  it('"Three cases arise:", "Depending on whether … or …", "In the third possibility"', () => {
    expect(fails(check('Three cases arise: $x < -1$, $x > 3$, $-1 \\le x \\le 3$. In the first case $x - 3 < -5$.'))).toEqual(['x - 3 < -5']);
    expect(fails(check('Three cases arise: $x < -1$, $x > 3$, $-1 \\le x \\le 3$. In the first case $x - 3 < -4$.'))).toEqual([]);
    const slip = check('Depending on whether $y < 0$, $0 \\le y \\le 1$ or $y > 1$, we argue differently. In the third possibility $y^2 > y + 1$.');
    expect(fails(slip)).toEqual(['y^2 > y + 1']);
    expect(one(slip, 'y^2', 'y + 1')?.hypotheses).toEqual(['y > 1']);
  });

  it('a goal with two conditions by "when": each half is checked under its own', () => {
    const proof = (factor: string) =>
      `Show that $t^2 - 1 > 0$ when $t > 1$, and $t^2 - 1 < 0$ when $0 < t < 1$.\n\nFor $t > 1$, $t^2 - 1 = (t - 1)(t + 1) > 0$.\n\nFor $0 < t < 1$, $$t^2 - 1 = ${factor}.$$\n`;
    expect(fails(check(proof('(t - 1)(t + 1)')))).toEqual([]);
    expect(fails(check(proof('(t - 1)(t + 2)')))).toEqual(['t^2 - 1 = (t - 1)(t + 2)']);
  });

  it('"Next, take $1 \\le x \\le 5$." before "**Case 3**" is the middle case', () => {
    const proof = (high: string) =>
      `Solve $|x - 1| + |x - 5| \\le 7$.\n\nNext, take $1 \\le x \\le 5$. Then $|x - 1| + |x - 5| = 4 \\le 7$.\n\n**Case 3 ($x > 5$).** $|x - 1| + |x - 5| = ${high} \\le 7$, so $x \\le 6.5$.\n`;
    expect(fails(check(proof('2x - 6')))).toEqual([]);
    expect(fails(check(proof('2x - 5')))).toEqual(['|x - 1| + |x - 5| = 2x - 5']);
  });
});

describe('"Factor: $P = Q$" above a list of alternatives (rev17 slip/h18, min/silenced-exactly-one-of)', () => {
  const proof = (factors: string) => `Solve $x^2 - 2x - 3 > 0$.\n\nFactor: $x^2 - 2x - 3 = ${factors}$.\n\nExactly one of $x < -1$, $x > 3$, $-1 \\le x \\le 3$ holds.\n`;

  it('a wrong factorisation fails at a point; the right one is verified; an equation after "Factoring," stays one', () => {
    expect(fails(check(proof('(x + 1)(x - 2)')))).toEqual(['x^2 - 2x - 3 = (x + 1)(x - 2)']);
    const found = check(proof('(x + 1)(x - 3)'));
    expect(fails(found)).toEqual([]);
    expect(one(found, 'x^2 - 2x - 3', '(x + 1)(x - 3)')?.status).toMatch(/holds|verified/);
    // One side constant: the equation to solve, not an identity.
    expect(fails(check('Factoring, $x^2 - 5x + 6 = 0$ has the roots $2$ and $3$.'))).toEqual([]);
  });
});

describe('guards: a solving step in a picked case, a goal with two ranges joined by "and for"', () => {
  it('"We consider two cases: … Case 1. … the inequality reads $2x - 1 < x + 2$, i.e. $x < 3$" is the inequality solved, no claim', () => {
    const proof = (abs: string) =>
      `**Problem.** Solve $|2x - 1| < x + 2$.\n\nWe consider two cases: $x \\ge \\frac{1}{2}$ and $x < \\frac{1}{2}$.\n\nCase 1. Then $|2x - 1| = ${abs}$, so the inequality reads $2x - 1 < x + 2$, i.e. $x < 3$.\n\nCase 2. Then $|2x - 1| = 1 - 2x$, and $1 - 2x < x + 2$ gives $x > -\\frac{1}{3}$.\n`;
    const found = check(proof('2x - 1'));
    expect(fails(found)).toEqual([]);
    expect(one(found, '2x - 1', 'x + 2')?.reason).toBe('the inequality being solved, a condition on its unknown');
    expect(fails(check(proof('1 - 2x')))).toEqual(['|2x - 1| = 1 - 2x']);
  });

  it('"We prove $P$ for $x \\ge 1$ and for $-1 \\le x \\le 0$" with "three possibilities: …, or neither": no empty domain', () => {
    const proof = (factored: string) =>
      `We prove $x^3 - x \\ge 0$ for $x \\ge 1$ and for $-1 \\le x \\le 0$. Write $$x^3 - x = ${factored}.$$\n\nThere are three possibilities: $x \\ge 1$, $-1 \\le x \\le 0$, or neither.\n\nIn the first case all three factors are nonnegative, so $x(x-1)(x+1) \\ge 0$.\n\nIn the second case $x \\le 0$, $x - 1 < 0$ and $x + 1 \\ge 0$, so the product is $\\ge 0$.\n`;
    const found = check(proof('x(x - 1)(x + 1)'));
    expect(fails(found)).toEqual([]);
    expect(noValues(found)).toEqual([]);
    expect(fails(check(proof('x(x - 1)(x + 2)')))).toEqual(['x^3 - x = x(x - 1)(x + 2)']);
  });
});
