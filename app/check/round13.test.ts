// Checker round 13: what silences a relation follows the clause structure, stated domains in the forms
// people write them, stated orders scoped to their proof or section, and a "holds" that says which
// conventional integer it sampled. Each case is read back through the Checker as the CLI does.
import { describe, expect, it } from 'vitest';
import { Checker } from './checker';
import type { ComputationFinding } from './types';

const check = (text: string): ComputationFinding[] => new Checker({ symbolic: false }).check({ text, format: 'markdown' }).computations;
const squash = (tex: string) => tex.replace(/\s+/g, '');
/** The first finding whose left side is `left` (and right side `right`, when given). */
const find = (text: string, left: string, right?: string) =>
  check(text).find((c) => squash(c.left) === squash(left) && (right === undefined || squash(c.right) === squash(right)));

describe('a contradiction word silences only the clause it speaks of', () => {
  const proof = (tail: string) =>
    `## Problem\n\nProve that $a^2 + b^2 \\ge 2ab$ for all real $a, b$.\n\n## Proof\n\nSuppose, for contradiction, that $a^2 + b^2 < 2ab$ for some reals $a, b$. Rearranging, $a^2 - 2ab + b^2 < 0$. But\n$$a^2 - 2ab + b^2 = (a + b)^2,$$\n${tail}`;

  it('flags a slip followed by a clause with a subject of its own ("and a square is never negative, a contradiction")', () => {
    expect(find(proof('and a square is never negative, a contradiction. $\\blacksquare$'), 'a^2 - 2ab + b^2', '(a + b)^2')?.status).toBe('fails');
    expect(find(proof('so $(a + b)^2 < 0$, which is impossible.'), 'a^2 - 2ab + b^2', '(a + b)^2')?.status).toBe('fails');
  });

  it('keeps silent where the words speak of the formula itself', () => {
    for (const tail of ['a contradiction.', 'which is absurd.', 'and this is impossible.', 'a contradiction since squares are non-negative.', '— absurd.', 'which, as squares are non-negative, is impossible.']) {
      const f = find(proof(tail), 'a^2 - 2ab + b^2', '(a + b)^2');
      expect(f?.status, tail).toBe('unchecked');
      expect(f?.reason, tail).toBe('the text itself says this relation is false');
    }
  });

  it('keeps the absurd line of a contradiction silent when the word stands a clause further on (an inequality, closed arithmetic)', () => {
    const text = [
      'Assume the statement fails for some $n$. Then', '$$2^n < n,$$', 'but $2^n \\ge n$ holds by the binomial theorem, a contradiction.', '',
      'Assume the claim is false. Then', '$$(a - b)^2 < 0,$$', 'but squares are non-negative, a contradiction.', '',
      'Then', '$$3 = 0,$$', 'but $3 \\ne 0$, a contradiction.', '',
    ].join('\n');
    for (const left of ['2^n', '(a - b)^2', '3']) {
      const f = find(text, left);
      expect(f?.status, left).toBe('unchecked');
      expect(f?.reason, left).toBe('the text itself says this relation is false');
    }
  });

  it('reads the clause before a formula: "…, which is absurd, and hence $$…$$" is a claim again', () => {
    const text = 'For real $x$, a zero divisor would be absurd here, and hence\n$$(x + 1)^2 = x^2 + 1.$$\n';
    expect(find(text, '(x + 1)^2')?.status).toBe('fails');
    expect(find('Otherwise we would get\n$$(x + 1)^2 = x^2 + 1.$$\n', '(x + 1)^2')?.status).toBe('unchecked');
  });
});

describe('domains stated in the forms people write', () => {
  it('reads "on $(0,\\infty)$", "in $[0, 1]$" after the names: a "holds" names it, a slip under it fails', () => {
    const f = find('For all $x$ on $(0,\\infty)$ we have $$|x| + 1 = x + 1.$$', '|x| + 1');
    expect(f?.message).toMatch(/^Holds under \$x > 0\$/);
    expect(f?.message).not.toContain('assumed, not read');
    expect(find('For every $t$ in $[0, 1]$, $$t^2 \\le t.$$', 't^2')?.message).toMatch(/^Holds under \$0 \\le t \\le 1\$/);
    // Unread, x + 1/x ≥ 3 holds at some positive samples and stayed silent; read, x = 2 breaks it.
    expect(find('For all $x$ on $(0,\\infty)$ we have $$x + \\frac{1}{x} \\ge 3.$$', 'x + \\frac{1}{x}')?.status).toBe('fails');
  });

  it('reads a list with an ellipsis, "for positive reals $x_1,\\dots,x_n$", for every member the text writes', () => {
    const text = 'For positive reals $x_1,\\dots,x_n$ with $n \\ge 2$ we have $$|x_1| + |x_2| = x_1 + x_2.$$ Also $$x_1 + x_2 \\le 2\\sqrt{x_1 x_2}.$$';
    const f = find(text, '|x_1| + |x_2|');
    expect(f?.message).toMatch(/^Holds under \$x_1 > 0\$; \$x_2 > 0\$/);
    expect(find(text, 'x_1 + x_2', '2\\sqrt{x_1 x_2}')?.status).toBe('fails');
  });

  it('reads "$p \\ge 2$ an integer" and "let $p \\ge 2$ be an integer" as an integer with its bound', () => {
    for (const text of ['Fix $p \\ge 2$ an integer. Then $$\\lfloor p \\rfloor = p.$$', 'Let $p \\ge 2$ be an integer. Then $$\\lfloor p \\rfloor = p.$$']) {
      const f = find(text, '\\lfloor p \\rfloor');
      expect(f?.status, text).toBe('holds');
      expect(f?.message, text).toMatch(/^Holds under \$p \\ge 2\$/);
    }
  });

  it('does not read "$f$ continuous on $(0,\\infty)$" or a point "$P$ on $(0, 2)$" as a domain', () => {
    expect(find('Let $f$ be continuous on $(0,\\infty)$. Then $$f + 1 \\ge 3.$$', 'f + 1')?.status).toBe('unchecked');
    // A point and its coordinates: no domain for P.
    expect(find('For $P$ on $(0, 2)$ we have $$P + 1 \\ge 2.5.$$', 'P + 1')?.status).toBe('unchecked');
  });
});

describe('a "holds" says what it assumed of an unstated integer', () => {
  it('names the sign assumed of a sum bound and the integer assumed of a conventional name', () => {
    expect(find('We have $$\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}.$$', '\\sum_{k=1}^{n} k')?.message).toMatch(/^Holds under \$n \\ge 1 \\text\{ \(assumed, not read\)\}\$/);
    // 2^{1/2} < 3/2: the claim rests on n being an integer, which only its name says.
    expect(find('We have $$2^n \\ge n + 1.$$', '2^n')?.message).toMatch(/^Holds under \$n \\in \\mathbb\{Z\} \\text\{ \(assumed from the name, not read\)\}\$/);
    // Both at once: (−1)^n n! ≥ … needs a positive integer.
    expect(find('We have $$\\frac{n!}{(n-1)!} = n.$$', '\\frac{n!}{(n-1)!}')?.message).toMatch(/^Holds under \$n \\ge 1/);
  });

  it('names nothing the relation does not need, and nothing the text stated', () => {
    expect(find('We have $$(n + 1)^2 = n^2 + 2n + 1.$$', '(n + 1)^2')?.message).toMatch(/^Holds numerically/);
    expect(find('Let $n \\ge 1$ be an integer. Then $$\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}.$$', '\\sum_{k=1}^{n} k')?.message).not.toContain('assumed');
  });
});

describe('a stated order holds in the proof or section that states it', () => {
  const twoProblems = [
    '## Problem 1', '', 'Let $a, b$ be positive reals.', '', '## Proof', '',
    'Without loss of generality assume $a \\ge b$. Then', '$$a^2 - b^2 = (a - b)(a + b) \\ge 0.$$', '',
    '### Step 2', '', 'Hence $$a^3 - b^3 \\ge 0.$$', '',
    '## Problem 2', '', 'Let $a, b > 0$.', '', '## Proof', '', 'We have', '$$a^3 - b^3 \\ge 0.$$', '',
  ].join('\n');

  it('keeps "WLOG $a \\ge b$" through the proof\'s own subsections, not into the next problem', () => {
    const [own, next] = check(twoProblems).filter((c) => squash(c.left) === 'a^3-b^3');
    expect(own?.status).toBe('holds');
    expect(own?.hypotheses).toContain('a \\ge b');
    // Problem 2 states no order: a^3 − b^3 ≥ 0 is false at a = 2, b = 3 (it "held under a ≥ b" before).
    expect(next?.status).toBe('fails');
  });

  it('ends an order at the next LaTeX \\section, not at a lemma or \\end{proof} inside the proof that uses it', () => {
    const tex = [
      '\\section{Problem 1}', 'Let $x \\ge y > 0$.', '\\begin{proof}', 'We have $$x^2 - y^2 \\ge 0.$$',
      '\\begin{lemma}For $t > 0$, $t^2 > 0$.\\end{lemma}', '\\begin{proof}Clear.\\end{proof}', 'So again $$x^3 - y^3 \\ge 0.$$', '\\end{proof}',
      '\\section{Problem 2}', 'Let $x, y > 0$.', '\\begin{proof}', 'We have $$x^2 - y^2 \\ge 0.$$', '\\end{proof}',
    ].join('\n');
    const findings = new Checker({ symbolic: false }).check({ text: tex, format: 'tex' }).computations;
    const [first, second] = findings.filter((c) => squash(c.left) === 'x^2-y^2');
    expect(first?.status).toBe('holds');
    expect(findings.find((c) => squash(c.left) === 'x^3-y^3')?.status).toBe('holds');
    expect(second?.status).toBe('fails');
  });
});

describe('a value tried after a display is no solution of it', () => {
  it('judges a closed form followed by "For $n = 1$ this is …" (s76), and still reads "so $x = 2$" as solving', () => {
    const text = 'Let $n$ be a positive integer. The sum telescopes to\n$$S = \\frac{1}{2}\\left(1 - \\frac{1}{2n + 1}\\right) = \\frac{n + 1}{2n + 1} .$$\nFor $n = 1$ this is $\\frac13$.\n';
    expect(find(text, '\\frac{1}{2}\\left(1 - \\frac{1}{2n + 1}\\right)')?.status).toBe('fails');
    const solving = 'We get\n$$x^2 - 4x + 4 = 2x - 5 .$$\nSo $x = 3$.\n';
    expect(find(solving, 'x^2 - 4x + 4')?.status).toBe('unchecked');
  });
});
