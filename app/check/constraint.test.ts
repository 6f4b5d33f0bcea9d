// Relations under an equation the text states (case B1 of the shared checker cases): the checker puts
// its sample points on the equation, solving one variable numerically, and says "holds under …";
// a relation that fails there is not reported as failing (the equation may not be all the text assumes),
// unless the equation only normalises a homogeneous relation (`a + b + c = 3`, `abc = 1`): then a failing
// point scaled onto it still fails, and that point is the counterexample.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Checker } from './checker';
import { realRoots } from './compute/roots';
import type { ComputationFinding } from './types';

function check(text: string): ComputationFinding[] {
  return new Checker().check({ text, format: 'markdown' }).computations;
}

const find = (findings: ComputationFinding[], left: string) => findings.find((c) => c.left === left);

describe('relations under a stated equation', () => {
  it('holds under x^2 + y^2 = 1 for a point of the unit circle (case B1)', () => {
    const text = readFileSync(join(import.meta.dirname, 'corpus', 'cases', 'B1-constraint-1.md'), 'utf8');
    const relation = find(check(text), '(x+1)^2 + y^2');
    expect(relation?.status).toBe('holds');
    expect(relation?.hypotheses).toContain('x^2 + y^2 = 1');
    expect(relation?.message).toMatch(/^Holds under \$x\^2 \+ y\^2 = 1\$/);
  });

  it('holds under an equation stated as a hypothesis, and a false relation there is unchecked, not fails', () => {
    const text = 'Let $a, b > 0$ with $ab = 4$. Then\n$$\n(a + b)^2 = a^2 + b^2 + 8 ,\n$$\nand\n$$\n(a - b)^2 = a^2 + b^2 - 6 .\n$$\n';
    const findings = check(text);
    expect(find(findings, '(a + b)^2')).toMatchObject({ status: 'holds', hypotheses: expect.arrayContaining(['ab = 4']) });
    const wrong = find(findings, '(a - b)^2');
    expect(wrong?.status).toBe('unchecked');
    expect(wrong?.reason).toMatch(/constrains it: ab = 4/);
    expect(findings.filter((c) => c.status === 'fails')).toEqual([]);
  });

  it('does not call a hypothesis true under itself', () => {
    const text = 'Suppose that $x^2 + y^2 = 1$ and $x > 0$. Then\n$$\n(x+1)^2 + y^2 = 2 + 2x .\n$$\n';
    const findings = check(text);
    expect(find(findings, 'x^2 + y^2')?.status).toBe('unchecked');
    expect(find(findings, '(x+1)^2 + y^2')?.status).toBe('holds');
  });
});

describe('homogeneous relations under a normalising equation', () => {
  it('fails an SOS identity missing its ½ under a + b + c = 3, at a point of the equation', () => {
    const text = 'Let $a, b, c$ be real numbers with $a + b + c = 3$. Then\n\\begin{align*}\na^2 + b^2 + c^2 - ab - bc - ca &= (a - b)^2 + (b - c)^2 + (c - a)^2 \\\\\n&\\ge 0.\n\\end{align*}\n';
    const wrong = find(check(text), 'a^2 + b^2 + c^2 - ab - bc - ca');
    expect(wrong?.status).toBe('fails');
    expect(wrong?.hypotheses).toContain('a + b + c = 3');
    const { a, b, c } = wrong!.counterexample!.assignment;
    expect(a + b + c).toBeCloseTo(3, 9);
  });

  it('fails a wrong factorisation under abc = 1 with positive values, and keeps the true one', () => {
    const text = 'Let $a, b, c > 0$ with $abc = 1$. Then\n$$a^3 + b^3 + c^3 - 3abc = (a + b + c)(a^2 + b^2 + c^2 - ab - bc)$$\nand\n$$a^3 + b^3 + c^3 - 3abc = (a + b + c)(a^2 + b^2 + c^2 - ab - bc - ca).$$\n';
    const findings = check(text).filter((f) => f.left === 'a^3 + b^3 + c^3 - 3abc');
    expect(findings.map((f) => f.status)).toEqual(['fails', 'holds']);
    const { a, b, c } = findings[0].counterexample!.assignment;
    expect(a * b * c).toBeCloseTo(1, 9);
    expect(Math.min(a, b, c)).toBeGreaterThan(0);
  });

  it('leaves a relation that is not homogeneous, or true only on the equation, unchecked', () => {
    const text = 'Let $a, b, c > 0$ with $a + b + c = 3$. Then\n$$a^2 + b^2 + c^2 + 2(ab + bc + ca) = 9$$\nand\n$$3(ab + bc + ca) \\le (a + b + c)^2 = 3(a + b + c).$$\n';
    const findings = check(text);
    expect(findings.filter((c) => c.status === 'fails')).toEqual([]);
  });

  it('reads "equality holds when $x = y = z$" as a condition: no link of it is a claim', () => {
    const text = 'Let $a, b, c > 0$ with $a + b + c = 3$. Equality in Cauchy–Schwarz holds when $\\frac{a}{b + c} = \\frac{b}{c + a} = \\frac{c}{a + b}$, that is at $a = b = c = 1$.\n';
    expect(check(text).filter((c) => c.status === 'fails')).toEqual([]);
  });
});

describe('a relation whose family members cancel', () => {
  const setting = 'Let $n \\ge 2$ and let $x_1, x_2, \\dots, x_n$ be positive reals with $x_1 + x_2 + \\cdots + x_n = 1$. We show $\\sum_{i=1}^{n} x_i^2 \\ge \\frac{1}{n}$.\n\nSince $\\sum_{i=1}^{n} x_i^2 \\ge \\frac{1}{n}$ is what we want, expand:\n';
  it('fails an align* row whose x_i terms cancel, beside a stated fact about the family, at members on the equation', () => {
    const text = `${setting}\\begin{align*}\nS &= \\sum_{i=1}^{n} x_i^2 - \\frac{2}{n} + \\frac{1}{n} \\\\\n&= \\sum_{i=1}^{n} x_i^2 - \\frac{3}{n}.\n\\end{align*}\n`;
    const wrong = find(check(text), '\\sum_{i=1}^{n} x_i^2 - \\frac{2}{n} + \\frac{1}{n}');
    expect(wrong?.status).toBe('fails');
    const { n, ...members } = wrong!.counterexample!.assignment;
    const sum = Object.entries(members).filter(([k]) => /^x_\d+$/.test(k)).reduce((t, [, v]) => t + v, 0);
    expect(Object.keys(members).filter((k) => /^x_\d+$/.test(k))).toHaveLength(n);
    expect(sum).toBeCloseTo(1, 9);
  });

  it('keeps the doubt where L − R depends on the members (the stated sum is what makes it true)', () => {
    const text = `${setting}$$\\sum_{i=1}^{n} x_i^2 - \\frac{2}{n}\\sum_{i=1}^{n} x_i + \\frac{1}{n} = \\sum_{i=1}^{n} x_i^2 - \\frac{1}{n}.$$\n`;
    expect(check(text).filter((c) => c.status === 'fails')).toEqual([]);
  });
});

describe('realRoots', () => {
  const near = (t: number) => Math.abs(t * t - 2) < 1e-9;
  it('finds sign-changing roots by bisection and rejects poles', () => {
    expect(realRoots((t) => t * t - 2, -10, 10, near).map((r) => r.toFixed(9))).toEqual(['-1.414213562', '1.414213562']);
    // 1/(t - 1) changes sign across its pole: not a root.
    expect(realRoots((t) => 1 / (t - 1), -10, 10, (t) => Math.abs(1 / (t - 1)) < 1e-9)).toEqual([]);
    expect(realRoots((t) => t * t + 1, -10, 10, () => true)).toEqual([]);
  });
});
