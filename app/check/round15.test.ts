// Checker round 15 (the rev5 break-it round): a quantifier's `x \ne 0` is a domain of both signs, a supposition
// holds for its own argument and a new quantifier binds its names afresh, a heading is no sentence, a quantified
// inequality fails at a clear counterexample (an integer domain at its smallest value too), and a consequence
// drawn under a supposed sign or order is checked. Each proof is read back through the Checker as the CLI does;
// each kind has a correct proof of the same shape beside it that must raise no `fails`.
import { describe, expect, it } from 'vitest';
import { Checker } from './checker';
import type { ComputationFinding } from './types';

const check = (text: string): ComputationFinding[] => new Checker({ symbolic: false }).check({ text, format: 'markdown' }).computations;
const squash = (tex: string) => tex.replace(/\s+/g, '');
/** Every finding whose left side is `left` (and right side `right`, when given), in document order. */
const all = (findings: readonly ComputationFinding[], left: string, right?: string) =>
  findings.filter((c) => squash(c.left) === squash(left) && (right === undefined || squash(c.right) === squash(right)));
const one = (findings: readonly ComputationFinding[], left: string, right?: string) => all(findings, left, right)[0];
const fails = (findings: readonly ComputationFinding[]) => findings.filter((c) => c.status === 'fails').map((c) => `${c.left} ${c.op} ${c.right}`);
const assumedPositive = (f: ComputationFinding | undefined) => (f?.hypotheses ?? []).some((h) => h.includes('assumed, not read'));

describe('a stated $x \\ne c$ is a domain of both signs', () => {
  it('does not say $\\ln(x^2) = 2\\ln x$ holds "for all $x \\ne 0$" (false for x < 0), in any of its phrasings', () => {
    for (const text of [
      'We have $\\ln(x^2) = 2\\ln x$ for all $x \\ne 0$.',
      'For all $x \\neq 0$ we have $\\ln(x^2) = 2\\ln x$.',
      'Let $x \\ne 0$. Then $\\ln(x^2) = 2\\ln x$.',
      'We have $\\ln(x^2) = 2\\ln x$, where $x \\notin \\{0\\}$.',
    ]) {
      const f = one(check(text), '\\ln(x^2)');
      expect(f?.status, `${text} ${f?.message}`).not.toBe('holds');
      expect(assumedPositive(f), text).toBe(false);
    }
    // The true law of the same shape holds at both signs.
    const f = one(check('We have $\\ln(x^2) = 2\\ln |x|$ for all $x \\ne 0$.'), '\\ln(x^2)');
    expect(f?.status, f?.message).toBe('holds');
    expect(assumedPositive(f)).toBe(false);
  });

  it('flags a step true for positive x only under "Let $x \\ne 0$"; a correct proof raises nothing', () => {
    const proof = (slip: string) =>
      [
        '## Problem', '', 'Show that $x^2 + \\frac{1}{x^2} \\ge 2$ whenever $x \\ne 0$.', '',
        '## Proof', '',
        'Let $x \\ne 0$. Completing the square,',
        '$$x^2 + \\frac{1}{x^2} - 2 = \\left(x - \\frac{1}{x}\\right)^2 \\ge 0 .$$',
        'Also $$\\frac{x^2 - 1}{x} = x - \\frac{1}{x} .$$',
        `Finally $$${slip} .$$`, '',
      ].join('\n');
    const right = check(proof('\\left|x + \\frac{1}{x}\\right| \\ge 2'));
    expect(fails(right)).toEqual([]);
    expect(one(right, 'x^2 + \\frac{1}{x^2} - 2')?.status).toBe('holds');
    // `x + 1/x ≥ 2` "held" on the positive samples alone; at x = −2 it is −2.5.
    const wrong = one(check(proof('x + \\frac{1}{x} \\ge 2')), 'x + \\frac{1}{x}');
    expect(wrong?.status, wrong?.message).toBe('fails');
    expect(wrong?.counterexample?.assignment.x).toBeLessThan(0);
  });

  it('reads $n \\ne 1$ as leaving out one value: the true cancellation holds, a slip fails', () => {
    const text = (right: string) => `For all integers $n \\ne 1$, $\\frac{n^2 - 1}{n - 1} = ${right}$.`;
    expect(one(check(text('n + 1')), '\\frac{n^2 - 1}{n - 1}')?.status).toBe('holds');
    expect(one(check(text('n - 1')), '\\frac{n^2 - 1}{n - 1}')?.status).toBe('fails');
    // `x \in \mathbb{R} \setminus \{1\}`: every other real, negative ones too.
    const f = one(check('Let $x \\in \\mathbb{R} \\setminus \\{1\\}$. Then $$\\frac{x^3 - 1}{x - 1} \\ge 1 .$$'), '\\frac{x^3 - 1}{x - 1}');
    expect(f?.status, f?.message).toBe('fails');
  });
});

describe('a supposition holds for its own argument; a new quantifier binds its names afresh', () => {
  it('keeps "Suppose $a < 0$" out of a later "for every $a \\ge 0$" (it was "no values satisfy")', () => {
    const text = (later: string) => ['# Square roots', '', 'Suppose $a < 0$. Then $\\sqrt{a^2} = -a$.', '', `Now, ${later} for every $a \\ge 0$.`, ''].join('\n');
    const right = check(text('$\\sqrt{a^2} = a$'));
    for (const [left, r] of [['\\sqrt{a^2}', '-a'], ['\\sqrt{a^2}', 'a']]) {
      const f = one(right, left, r);
      expect(f?.status, `${r} ${f?.message}`).toBe('holds');
    }
    expect(one(right, '\\sqrt{a^2}', '-a')?.hypotheses).toContain('a < 0');
    expect(one(right, '\\sqrt{a^2}', 'a')?.hypotheses ?? []).not.toContain('a < 0');
    expect(fails(right)).toEqual([]);
    // The slip of the second paragraph is found there (the first paragraph's claim no longer constrains it).
    expect(fails(check(text('$\\sqrt{a^2} = -a$')))).toEqual(['\\sqrt{a^2} = -a']);
  });

  it('judges "for every real $x$" over every real though the proof said "Let $x$ be positive" before', () => {
    const text = (claim: string) => ['Let $x$ be a positive real number. Then $$\\sqrt{x^2} = x .$$', '', `In general, ${claim} for every real $x$.`, ''].join('\n');
    const right = check(text('$\\sqrt{x^2} = |x|$'));
    expect(fails(right)).toEqual([]);
    expect(one(right, '\\sqrt{x^2}', 'x')?.status).toBe('holds');
    expect(fails(check(text('$\\sqrt{x^2} = x$')))).toEqual(['\\sqrt{x^2} = x']);
  });

  it('keeps a proof by contradiction under its supposition across paragraphs; a case after it has its own', () => {
    const proof = [
      '## Problem', '', 'Let $x$ be a positive real with $x^3 \\le x$. Show that $x \\le 1$.', '',
      '## Proof', '',
      'Suppose, for contradiction, that $x > 1$.', '',
      'Then $x > 0$, and multiplying $x > 1$ by $x$ twice,', '$$x^2 > x \\quad\\text{and}\\quad x^3 > x^2 > x ,$$',
      'which contradicts $x^3 \\le x$. Hence $x \\le 1$. $\\blacksquare$', '',
      '## Remark', '', 'Suppose $x < 1$. Then $x^2 < x$, and for such $x$ $$x - x^2 = x(1 - x) > 0 .$$', '',
    ].join('\n');
    const findings = check(proof);
    expect(fails(findings)).toEqual([]);
    expect(one(findings, 'x^2', 'x')?.hypotheses).toContain('x > 1');
    expect(one(findings, 'x - x^2')?.status).toBe('holds');
  });
});

describe('a supposition that closes its paragraph goes on into the next one', () => {
  it('keeps "Assume $x < 1$." for the argument of the next paragraph; an equation supposed likewise', () => {
    const one1 = check(['Let $x$ be a positive real number. Assume $x < 1$.', '', 'Multiplying by $x > 0$ gives $$x^2 < x ,$$ and so $$x^3 < x^2 < x .$$', ''].join('\n'));
    expect(fails(one1)).toEqual([]);
    expect(one(one1, 'x^3', 'x^2')?.hypotheses).toContain('x < 1');
    const two = check(['Let $a, b$ be positive reals. Suppose $a^2 + b^2 = 2ab$. Then $(a - b)^2 = 0$.', '', 'Therefore $$a^3 - b^3 = 0 .$$', ''].join('\n'));
    expect(fails(two)).toEqual([]);
    expect(one(two, 'a^3 - b^3')?.status).toBe('holds');
  });
});

describe('a heading is no part of the sentence under it', () => {
  for (const heading of ['# False ones', '## Wrong claims', '### Identities that fail', '\\section{False identities}']) {
    it(`checks the claims under "${heading}"; a sentence that calls its relation false still silences it`, () => {
      const text = [
        heading,
        '$$(a + b)^2 = a^2 + b^2$$', '',
        'For all real $a, b$ we have $(a - b)^2 = a^2 - b^2$.', '',
        'Squaring, we would get $$x^2 + 1 < 1 ,$$ and then $$x^2 < 0 ,$$ which is impossible.', '',
      ].join('\n');
      const findings = check(text);
      expect(one(findings, '(a + b)^2')?.status, heading).toBe('fails');
      expect(one(findings, '(a - b)^2')?.status, heading).toBe('fails');
      expect(one(findings, 'x^2', '0')?.reason, heading).toBe('the text itself says this relation is false');
    });
  }

  it('raises nothing on correct claims under such a heading', () => {
    const text = ['# False ones, corrected', '$$(a + b)^2 = a^2 + 2ab + b^2$$', '', 'For all real $a, b$ we have $(a - b)^2 = a^2 - 2ab + b^2$.', ''].join('\n');
    const findings = check(text);
    expect(fails(findings)).toEqual([]);
    expect(findings.filter((f) => f.reason === 'the text itself says this relation is false')).toEqual([]);
  });
});

describe('a quantified inequality fails at a clear counterexample', () => {
  it('flags $x^2 \\ge x$ for all real $x$ and $\\frac{1}{n} < 1$ for every positive integer $n$ (n = 1)', () => {
    const f = one(check('Clearly $x^2 \\ge x$ for all real $x$.'), 'x^2', 'x');
    expect(f?.status, f?.message).toBe('fails');
    const g = one(check('For every positive integer $n$, $\\frac{1}{n} < 1$.'), '\\frac{1}{n}');
    expect(g?.status, g?.message).toBe('fails');
    expect(g?.counterexample?.assignment).toEqual({ n: 1 });
  });

  it('raises nothing on the true inequalities of the same shapes', () => {
    const text = [
      'Clearly $x^2 + 1 \\ge 2x$ for all real $x$, and $x^2 \\ge x$ for every $x \\ge 1$.', '',
      'For every positive integer $n$, $\\frac{1}{n} \\le 1$; for every integer $n \\ge 2$, $\\frac{1}{n} < 1$.', '',
      'For all positive integers $n$, $2^n \\ge n + 1$.', '',
    ].join('\n');
    const findings = check(text);
    expect(fails(findings)).toEqual([]);
    expect(one(findings, 'x^2 + 1')?.status).toBe('holds');
  });
});

describe('a consequence drawn under a supposed sign or order is checked', () => {
  it('flags "Suppose $a < 0$. Then $\\sqrt{a^2} = a$." and "WLOG $a \\le b \\le c$. Then $c - a \\le 0$."', () => {
    const f = one(check('Suppose $a < 0$. Then $\\sqrt{a^2} = a$.'), '\\sqrt{a^2}');
    expect(f?.status, f?.message).toBe('fails');
    expect(f?.hypotheses).toContain('a < 0');
    const g = one(check('WLOG $a \\le b \\le c$. Then $c - a \\le 0$.'), 'c - a');
    expect(g?.status, g?.message).toBe('fails');
  });

  it('raises nothing on a correct proof of the same shape (and leaves an equation to solve alone)', () => {
    const proof = [
      '## Problem', '', 'Let $a, b, c$ be real numbers. Show that $|a - c| \\le |a - b| + |b - c|$.', '',
      '## Proof', '',
      'The claim is symmetric in $a$ and $c$, so WLOG $a \\le c$. If $b$ lies between them, WLOG $a \\le b \\le c$. Then $c - a \\ge 0$, so',
      '$$|a - c| = c - a = (c - b) + (b - a) = |a - b| + |b - c| .$$', '',
      'Suppose $a < 0$. Then $\\sqrt{a^2} = -a$ and $|a| = -a$; also $a^2 = 4$ gives $a = -2$.', '',
    ].join('\n');
    const findings = check(proof);
    expect(fails(findings)).toEqual([]);
    expect(one(findings, 'c - a', '0')?.status).toBe('holds');
    expect(one(findings, '\\sqrt{a^2}')?.status).toBe('holds');
  });
});

describe('a law quoted as the reason for a step is checked', () => {
  it('flags "Since $\\log(ab) = \\log a \\cdot \\log b$, …" and a misquoted root law', () => {
    const text = (law: string) => `Let $a, b > 0$. Since $${law}$, we get $\\log 6 = \\log 2 + \\log 3$.`;
    const f = one(check(text('\\log(ab) = \\log a \\cdot \\log b')), '\\log(ab)');
    expect(f?.status, f?.message).toBe('fails');
    expect(one(check('Since $\\sqrt{a + b} = \\sqrt{a} + \\sqrt{b}$ for the lengths here, the sum is short.'), '\\sqrt{a + b}')?.status).toBe('fails');
  });

  it('raises nothing on a correct proof that quotes true laws and derived equations as reasons', () => {
    const proof = [
      '## Problem', '', 'Let $x, y > 0$ with $\\log x = \\log y$. Show that $x = y$ and $\\log(x^2 y) = 3 \\log x$.', '',
      '## Proof', '',
      'Since $\\log x = \\log y$, we get $x = y$ (the logarithm is injective).',
      'Since $\\log(ab) = \\log a + \\log b$ for positive $a, b$, we have',
      '$$\\log(x^2 y) = 2\\log x + \\log y = 3 \\log x .$$',
      'Because $x^2 = 2x$ has no root here other than $x = 2$, nothing else is needed. $\\blacksquare$', '',
    ].join('\n');
    expect(fails(check(proof))).toEqual([]);
  });
});

describe('realistic correct proofs with suppositions, cases, headings and quantifiers raise nothing', () => {
  const proofs: [string, string][] = [
    ['cases, then "Suppose now that $a \\ne 0$", "Assume further that $a > 1$", new quantifiers', "## Problem\n\nLet $a$ be a real number. Show that $\\sqrt{a^2} = |a|$.\n\n## Proof\n\nWe split into two cases.\n\n**Case 1: $a \\ge 0$.** Then $\\sqrt{a^2} = a = |a|$.\n\n**Case 2: $a < 0$.** Then $-a > 0$ and $(-a)^2 = a^2$, so $\\sqrt{a^2} = -a = |a|$.\n\nIn both cases $\\sqrt{a^2} = |a|$. Suppose now that $a \\ne 0$. Then $$\\frac{\\sqrt{a^2}}{|a|} = 1 .$$\n\nAssume further that $a > 1$. Then $a^2 > a$, and hence $$a^3 > a^2 > a > 1 .$$\n\nFinally, for every real $b$ we have $b^2 \\ge 0$, and for every $b \\ge 0$, $\\sqrt{b^2} = b$. $\\blacksquare$\n"],
    ['"The false ones" and "The true ones" headings, a law quoted as a reason, integer quantifiers', "# Exercise 3: which of these are false?\n\nLet $x, y$ be positive reals.\n\n## The false ones\n\nThe student claimed $(x + y)^2 = x^2 + y^2$, which is false: take $x = y = 1$, then $(1 + 1)^2 = 4 \\ne 2$.\n\n## The true ones\n\nFor all positive reals $x, y$ we have $x^2 + y^2 \\ge 2xy$, since $$x^2 + y^2 - 2xy = (x - y)^2 \\ge 0 .$$\nSince $\\ln(xy) = \\ln x + \\ln y$, also $$\\ln(x^2 y^2) = 2\\ln x + 2 \\ln y .$$\nFor every integer $n \\ge 1$ we have $\\frac{1}{n} \\le 1$ and $2^n \\ge n + 1$.\n"],
    ['"Suppose $n \\ge 2$", "If $n = 1$", "Assume $n > 1$" and "since $n \\ne 1$"', "**Problem.** Let $n$ be a positive integer. Prove that $n^3 - n$ is divisible by $6$.\n\n**Proof.** Write $n^3 - n = (n - 1)n(n + 1)$. Suppose $n \\ge 2$. Then $n - 1 \\ge 1$, so the three factors are consecutive positive integers.\n\nIf $n = 1$, then $n^3 - n = 0$, which is divisible by $6$.\n\nAssume $n > 1$. Among three consecutive integers one is even and one is a multiple of 3, so $6 \\mid (n-1)n(n+1)$. Also $$\\frac{n^3 - n}{n - 1} = n^2 + n ,$$ since $n \\ne 1$. $\\blacksquare$\n"],
  ];
  for (const [name, text] of proofs) {
    it(name, () => {
      const findings = check(text);
      expect(fails(findings)).toEqual([]);
      expect(findings.filter((f) => f.status === 'holds').length).toBeGreaterThan(3);
    });
  }
});

// rev6 (break-it review of round 15): correct proofs that raised `fails`, and the slips of the same shapes.
describe('a fact named as what a step contradicts is not checked under the supposition', () => {
  const contra = (tail: string) => `Let $x \\ge 0$ with $x^2 \\le 1$. Suppose for contradiction that $x > 1$. Then $x^2 > 1$, ${tail}. Hence $x \\le 1$.`;
  it('raises nothing on "contradicting", "contrary to", "incompatible with", "the fact that", "our assumption", "violates"', () => {
    for (const tail of [
      'contradicting $x^2 \\le 1$',
      'contrary to $x^2 \\le 1$',
      'which is incompatible with $x^2 \\le 1$',
      'contradicting the fact that $x^2 \\le 1$',
      'contradicting our assumption $x^2 \\le 1$',
      'which violates $x^2 \\le 1$',
    ]) {
      const findings = check(contra(tail));
      expect(fails(findings), tail).toEqual([]);
      // The consequence drawn under the supposition is still judged.
      expect(one(findings, 'x^2', '1')?.status, tail).toBe('holds');
    }
  });

  it('raises nothing in integer, multi-paragraph and LaTeX proofs by contradiction', () => {
    for (const text of [
      '**Claim.** If $n$ is a positive integer with $n^2 < 10$, then $n \\le 3$.\n\n*Proof.* Assume otherwise: $n \\ge 4$. Then $n^2 \\ge 16$, contradicting $n^2 < 10$. $\\square$\n',
      'Let $a > 0$ and suppose $a^2 < a$.\n\nAssume for the sake of contradiction that $a \\ge 1$. Then $a^2 \\ge a$, contradicting $a^2 < a$.\n\nTherefore $a < 1$.\n',
      '**Lemma.** Let $x \\ge 0$ with $x^2 \\le 1$. Then $x \\le 1$.\n\n*Proof.* Suppose for contradiction that $x > 1$. Then $x^2 > x > 1$, contradicting $x^2 \\le 1$. Hence $x \\le 1$, and therefore $x^2 \\le x$ and $x^3 \\le x^2$. $\\square$\n',
    ]) expect(fails(check(text)), text).toEqual([]);
    const tex = '\\documentclass{article}\n\\begin{document}\n\\section{Contradiction}\nLet $x \\ge 0$ with $x^2 \\le 1$. Suppose for contradiction that $x > 1$. Then $x^2 > 1$, contradicting $x^2 \\le 1$.\n\\end{document}\n';
    const latex = new Checker({ symbolic: false }).check({ text: tex, format: 'tex' }).computations;
    expect(all(latex, 'x^2', '1').filter((c) => c.op === '\\le').length).toBe(2);
    expect(fails(latex)).toEqual([]);
  });

  it('still flags a false consequence drawn under the supposition', () => {
    expect(fails(check(contra('contradicting $x^2 \\le 1$').replace('Then $x^2 > 1$', 'Then $x^2 < x$')))).toEqual(['x^2 < x']);
  });
});

describe('a supposition ends with its lemma and where a statement binds the name afresh', () => {
  const twoLemmas = (second: string) => `Suppose $a < 0$. Then $\\sqrt{a^2} = -a$.\n\n${second} $\\sqrt{a^2} = a$.\n`;
  it('raises nothing on a later lemma, theorem or heading that lets the name range over a set', () => {
    for (const second of [
      '**Lemma 2.** Let $a \\in [0, \\infty)$. Then',
      '**Lemma 2.** Let $a \\in \\mathbb{R}^+$. Then',
      '**Lemma 2.** Let $a \\in \\mathbb{R}_{\\ge 0}$. Then',
      '**Lemma 2.** Let $a \\in (0, \\infty)$. Then',
      '**Lemma 2.** Let $a \\in [1, 2]$. Then',
      '**Theorem 2.** Let $a \\in [0, \\infty)$. Then',
      '## Lemma 2\n\nLet $a \\in [0, \\infty)$. Then',
    ]) expect(fails(check(twoLemmas(second))), second).toEqual([]);
  });

  it('raises nothing where "Fix", "Take any", "Given", "Pick", "Consider" or "Let … \\in" binds the name afresh, no label between', () => {
    for (const second of ['Fix $a \\ge 0$. Then', 'Take any $a \\ge 0$; then', 'Given $a \\geq 0$, we have', 'Pick $a \\ge 0$. Then', 'Consider $a \\ge 0$. Then', 'Let $a \\in \\mathbb{R}^+$. Then', 'Let $a \\in [1, 2]$. Then']) {
      expect(fails(check(twoLemmas(second))), second).toEqual([]);
    }
  });

  it('still flags the false consequence inside the supposition', () => {
    expect(fails(check('Suppose $a < 0$. Then $\\sqrt{a^2} = a$.\n\n**Lemma 2.** Let $a \\in [0, \\infty)$. Then $\\sqrt{a^2} = a$.\n'))).toEqual(['\\sqrt{a^2} = a']);
  });
});

describe('a quantifier over a named set', () => {
  it('raises nothing where the set is defined in the text or cannot be read', () => {
    for (const text of [
      'Let $D = [0, 1]$. For all $x \\in D$, $x^2 \\le x$.',
      'Let $I = [0, 1]$. For every $t \\in I$ we have $t^2 \\le t$ and $t(1 - t) \\ge 0$.',
      'Let $S$ be the set of reals in $(0, 1)$. For all $x \\in S$, $\\ln x < 0$.',
      'Let $f\\colon [1, \\infty) \\to \\mathbb{R}$, $f(x) = \\ln x$. For all $x \\in \\operatorname{dom} f$, $\\ln x \\ge 0$.',
      'Let $K = [2, 3]$. Then $x^2 \\ge 4$ for all $x \\in K$.',
      'Define $A = \\{n \\in \\mathbb{Z} : n \\ge 5\\}$. For all $n \\in A$, $2^n > n^2$.',
    ]) expect(fails(check(text)), text).toEqual([]);
  });

  it('judges the claim on the set as the text defines it', () => {
    const f = one(check('Let $D = [0, 1]$. For all $x \\in D$, $x^2 \\ge x$.'), 'x^2');
    expect(f?.status, f?.message).toBe('fails');
    expect(one(check('Let $D = [0, 1]$. For all $x \\in D$, $x^2 \\le x$.'), 'x^2')?.status).toBe('holds');
  });
});

describe('a supposed relation is a hypothesis, arithmetic included', () => {
  it('raises nothing on "Suppose $\\sqrt 2 \\ge 1.5$" and "Suppose not, so $\\sqrt 2 \\ge 1.5$"', () => {
    for (const text of [
      'We show $\\sqrt{2} < 1.5$. Suppose not, so $\\sqrt 2 \\ge 1.5$. Squaring, $2 \\ge 2.25$, a contradiction.',
      'We show $\\sqrt{2} < 1.5$. Suppose $\\sqrt 2 \\ge 1.5$. Squaring, $2 \\ge 2.25$, a contradiction.',
      'We show $\\sqrt{2} < 1.5$. Suppose to the contrary that $\\sqrt 2 \\ge 1.5$. Then $2 \\ge 2.25$, which is false.',
    ]) {
      const findings = check(text);
      expect(fails(findings), text).toEqual([]);
      expect(one(findings, '\\sqrt{2}')?.status, text).toBe('holds');
    }
  });

  it('still flags false arithmetic drawn from the supposition', () => {
    expect(fails(check('We show $\\sqrt{2} < 1.5$. Suppose $\\sqrt 2 \\ge 1.5$. Then $2 \\cdot 3 = 5$, so squaring gives the claim.'))).toEqual(['2 \\cdot 3 = 5']);
    expect(fails(check('Suppose $x > 0$, and note that $2 \\cdot 3 = 5$.'))).toEqual(['2 \\cdot 3 = 5']);
  });
});

describe('a stated $x \\ne 0$ keeps both signs when other relations on x are in scope', () => {
  it('flags "Let $x \\ne 0$. Then $x^2 + \\frac{1}{x^2} \\ge 2$ and $x + \\frac1x \\ge 2$" and no longer says $\\sqrt{x^2} = x$ holds', () => {
    const f = one(check('Let $x \\ne 0$. Then $x^2 + \\frac{1}{x^2} \\ge 2$ and $x + \\frac1x \\ge 2$.'), 'x + \\frac1x');
    expect(f?.status, f?.message).toBe('fails');
    for (const text of ['Let $x \\ne 0$. Then $(x-1)^2 \\ge 0$ and $\\sqrt{x^2} = x$.', 'Let $x \\ne 0$. Then $x^2 > 0$, so $\\sqrt{x^2} = x$.']) {
      expect(one(check(text), '\\sqrt{x^2}')?.status, text).not.toBe('holds');
    }
  });

  it('raises nothing on the correct proof of the same shape', () => {
    const findings = check('Let $x \\ne 0$. Then $x^2 + \\frac{1}{x^2} \\ge 2$ and $(x-1)^2 \\ge 0$, so $\\sqrt{x^2} = |x|$ and $x^2 + \\frac{1}{x^2} - 2 = \\left(x - \\frac1x\\right)^2$.');
    expect(fails(findings)).toEqual([]);
    expect(findings.filter((c) => c.status === 'holds').length).toBeGreaterThan(1);
  });
});

describe('rev8: an order in the formula before an integer kind makes every ordered name an integer', () => {
  it('raises nothing on "Let $a < b$ be integers. Then $b - a \\ge 1$" in its phrasings (j06, k10, o28, s08, s14)', () => {
    for (const text of [
      'Let $a < b$ be integers. Then $b - a \\ge 1$ and $b \\ge a + 1$.',
      'Take integers $a > b$. Then $a - b \\ge 1$.',
      'Let $0 < a < b$ be integers with $b \\ge 2$. Then $a \\le b - 1$, so $\\frac{a}{b} \\le \\frac{b - 1}{b}$.',
      'Let $x < y$ be integers. Then $y - x \\ge 1$, hence $(y - x)^2 \\ge 1$.',
      'Choose integers $p > q > 0$ with $p \\ge 2$. Then $p - q \\ge 1$.',
    ]) {
      const findings = check(text);
      expect(fails(findings), text).toEqual([]);
      expect(findings.some((c) => c.status === 'holds'), text).toBe(true);
    }
  });

  it('still flags a gap the integers do not close, and the same claim about reals', () => {
    expect(fails(check('Let $a < b$ be integers. Then $b - a \\ge 2$.'))).toEqual(['b - a \\ge 2']);
    expect(fails(check('Let $a < b$ be reals. Then $b - a \\ge 1$.'))).toEqual(['b - a \\ge 1']);
  });
});

describe('rev8: a bound shared by a list of names holds for each name', () => {
  it('raises nothing on "Let $0 < x, y < 1$. Then $xy < 1$" and its kin (v01, v02, v06, u33)', () => {
    for (const text of [
      'Let $0 < x, y < 1$. Then $xy < x$ and $xy < 1$.',
      'Let $0 \\le a, b \\le 1$. Then $ab \\le 1$ and $|a - b| \\le 1$.',
      'Let $-1 < u, v < 1$. Then $|uv| < 1$.',
      'Let $0 < \\alpha, \\beta < \\pi/2$. Then $\\sin(\\alpha + \\beta) < \\sin\\alpha + \\sin\\beta$.',
    ]) {
      const findings = check(text);
      expect(fails(findings), text).toEqual([]);
      expect(findings.some((c) => c.status === 'holds'), text).toBe(true);
    }
  });

  it('still flags a claim false between the ends', () => {
    expect(fails(check('Let $0 < x, y < 1$. Then $x + y < 1$.'))).toEqual(['x + y < 1']);
  });
});

describe('rev8: a stated hypothesis cited under a supposition that contradicts it is no claim', () => {
  it('raises nothing on "…, yet $x^2 \\le 1$", "whereas", "but" (h03, s01, s06, u04)', () => {
    for (const text of [
      'Let $x \\ge 0$ with $x^2 \\le 1$. Suppose $x > 1$. Then $x^2 > 1$, yet $x^2 \\le 1$. Contradiction.',
      'Let $x \\ge 0$ with $x^2 \\le 1$. Suppose $x > 1$. Then $x^2 > 1$, whereas $x^2 \\le 1$. Contradiction.',
      'Let $n$ be a positive integer with $n^2 < 10$. Suppose $n \\ge 4$. Then $n^2 \\ge 16$, yet $n^2 < 10$.',
      'Let $n \\ge 1$ with $n^2 \\le 3$. Assume $n \\ge 2$. Then $n^2 \\ge 4 > 3$, but $n^2 \\le 3$. So $n = 1$.',
    ]) {
      const findings = check(text);
      expect(fails(findings), text).toEqual([]);
      expect(findings.some((c) => c.status === 'holds'), text).toBe(true);
    }
  });

  it('still flags a false step drawn under the supposition', () => {
    expect(fails(check('Let $x \\ge 0$ with $x^2 \\le 1$. Suppose $x > 1$. Then $x^2 < 1$, yet $x^2 \\le 1$. Contradiction.'))).toEqual(['x^2 < 1']);
  });
});

describe('rev8: a consequence about the constants of a name-free supposition is no claim', () => {
  it('raises nothing on "Suppose $\\pi \\le 3$. Then $\\pi^2 \\le 9$" (f01, e23)', () => {
    for (const text of [
      'Suppose $\\pi \\le 3$. Then $\\pi^2 \\le 9$, contradicting $\\pi > 3.14$.',
      'Suppose $e \\le 2$. Then $e^1 \\le 2$; but $e > 1 + 1 + 1/2 = 2.5$, contradicting $e \\le 2$.',
    ]) expect(fails(check(text)), text).toEqual([]);
  });

  it('still flags arithmetic beside it, and the same relation claimed outside the supposition', () => {
    expect(fails(check('Suppose $\\pi \\le 3$. Then $2 \\cdot 3 = 5$.'))).toEqual(['2 \\cdot 3 = 5']);
    expect(fails(check('Suppose $\\pi \\le 3$. Then $\\pi^2 \\le 9$.\n\nAlso $\\pi^2 \\le 9$.'))).toEqual(['\\pi^2 \\le 9']);
  });

  it('checks what follows a true supposition, and what follows once the text has refuted it (rev9)', () => {
    expect(fails(check('Suppose $\\pi > 3$. Then $\\pi^2 > 10$.'))).toEqual(['\\pi^2 > 10']);
    expect(fails(check('Suppose $e < 3$. Then $e^2 < 7$.'))).toEqual(['e^2 < 7']);
    expect(fails(check('Suppose $\\pi \\le 3$. Then $\\pi^2 \\le 9$, a contradiction. Hence $\\pi > 3$ and therefore $\\pi^2 > 10$.'))).toEqual(['\\pi^2 > 10']);
    // Guard: a true consequence of a true supposition raises nothing.
    expect(fails(check('Suppose $\\pi > 3$. Then $\\pi^2 > 9$.'))).toEqual([]);
  });
});

describe('rev8: a relation supposed after a bare name is supposed ("Suppose $n$ is an integer with $2 < n^2 < 5$")', () => {
  it('raises nothing on p25', () => {
    expect(fails(check('Suppose $n$ is an integer with $2 < n^2 < 5$. Then $n^2 = 4$, so $|n| = 2$.'))).toEqual([]);
  });
});

describe('rev9: integers ordered through another integer are at least 2 apart', () => {
  it('raises nothing on chains of three or more integer names, the middle one unused by the claim', () => {
    for (const text of [
      'Choose integers $a < b < c$. Then $c - a \\ge 2$.',
      'Let $a < b < c$ be integers. Then $c - a \\ge 2$.',
      'Take integers $m > n > k$. Then $m - k \\ge 2$ and $(m-k)^2 \\ge 4$.',
      'Let $0 < a < b < c$ be integers. Then $a + b + c \\ge 6$.',
    ]) expect(fails(check(text)), text).toEqual([]);
  });

  it('still fails a gap the chain does not give, and leaves reals as they were', () => {
    expect(fails(check('Let $a < b < c$ be integers. Then $c - a \\ge 3$.'))).toEqual(['c - a \\ge 3']);
    // Reals keep no gap: never said to hold (a "Then" under an order holding at some points only is unchecked).
    const reals = check('Let $a < b < c$ be real numbers. Then $c - a \\ge 2$.').find((c) => c.left === 'c - a');
    expect(reals?.status).toBe('unchecked');
    expect(reals?.message).toMatch(/holds at some points only/);
  });
});

describe('rev9: "negative integers" beside an order is read with its sign', () => {
  it('raises nothing on orders of negative integers', () => {
    for (const text of [
      'Let $a > b$ be negative integers. Then $a + b \\le -3$.',
      'Let $m < n$ be negative integers. Then $m \\le -2$ and $m + n \\le -3$.',
    ]) expect(fails(check(text)), text).toEqual([]);
  });

  it('still fails a bound their sign does not give', () => {
    expect(fails(check('Let $a > b$ be negative integers. Then $a + b \\le -4$.'))).toEqual(['a + b \\le -4']);
  });
});
