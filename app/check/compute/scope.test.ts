// How far what the text says reaches (break-it round 6): values substituted into a functional equation
// ("Setting $x = y = 0$"), the set where a bound is attained ("with equality exactly for …"), and a
// definition through the imaginary unit (`z = e^{i\theta}`). Each made a false identity "hold".
import { describe, expect, it } from 'vitest';
import { Checker } from '../checker';
import type { ComputationFinding } from '../types';

function check(text: string): ComputationFinding[] {
  return new Checker().check({ text, format: 'markdown' }).computations;
}

const find = (findings: ComputationFinding[], left: string) => findings.find((c) => c.left === left);

describe('values substituted into an equation for one derivation', () => {
  it('"Setting $x = 0$" does not fix x in the check of the answer two paragraphs on', () => {
    const text = 'Setting $x = 0$ gives $f(y) = f(0) + f(y)$, so $f(0) = 0$.\n\n**Verification.** For such $f$,\n$$(x + y)^2 = y^2 + 2xy,$$\nwhich is what we need.\n';
    const wrong = find(check(text), '(x + y)^2');
    expect(wrong?.status).toBe('fails');
    expect(wrong?.hypotheses ?? []).toEqual([]);
  });

  it('"Setting $x = y = 0$" gives both names the value 0 for the paragraph, never x = y for good', () => {
    const text = 'Setting $x = y = 0$ gives $f(0) = 0$.\n\n**Verification.** For such $f$,\n$$(x + y)^2 - (x - y)^2 = 4x^2,$$\nwhich is what we need.\n';
    const wrong = find(check(text), '(x + y)^2 - (x - y)^2');
    expect(wrong?.status).toBe('fails');
    expect(wrong?.hypotheses ?? []).not.toContain('x = y');
  });

  it('keeps "Let $a = b = c = 1$" as values for what follows', () => {
    const text = 'Let $a = b = c = 1$. Then\n$$a^2 + b^2 + c^2 = 3abc.$$\n';
    expect(find(check(text), 'a^2 + b^2 + c^2')).toMatchObject({ status: 'holds', hypotheses: ['a = 1', 'b = 1', 'c = 1'] });
  });

  it('keeps a substitution that is a change of variable ("putting $t = x^2$")', () => {
    const text = 'Putting $t = x^2$, the quartic becomes a quadratic:\n$$x^4 - 5x^2 + 4 = t^2 - 5t + 4 = (t - 1)(t - 4).$$\n';
    expect(check(text).filter((c) => c.status === 'fails')).toEqual([]);
  });
});

describe('a base case that sets one name equal to another', () => {
  it('"For $n = r$ both sides equal 1" does not reach the inductive step', () => {
    const text = 'We induct on $n$. For $n = r$ both sides equal $1$. Suppose the identity holds for $n$. By Pascal\'s rule,\n$$\\binom{n+1}{r+1} + \\binom{n+1}{r} = \\binom{n+2}{r+1}.$$\n';
    const step = find(check(text), '\\binom{n+1}{r+1} + \\binom{n+1}{r}');
    expect(step?.status).toBe('holds');
    expect(step?.hypotheses ?? []).not.toContain('n = r');
  });

  it('keeps "Let $x = y$" for what follows', () => {
    const text = 'Let $x = y$. Then\n$$x^2 + y^2 = 2xy.$$\n';
    expect(find(check(text), 'x^2 + y^2')).toMatchObject({ status: 'holds', hypotheses: ['x = y'] });
  });
});

describe('the set where a bound is attained', () => {
  it('"with equality exactly for $-2 \\le x \\le 1$" is no domain for a later claim about every x', () => {
    const text = 'In all cases the sum is at least $3$, with equality exactly for $-2 \\le x \\le 1$.\n\n**Remark.** For every real $x$ we have\n$$|x - 1| + |x + 2| = (1 - x) + (x + 2).$$\n';
    const claim = find(check(text), '|x - 1| + |x + 2|');
    expect(claim?.status).not.toBe('holds');
    expect(claim?.status).not.toBe('verified');
  });

  it('the same after a case analysis ("Case 1 … In all cases … with equality exactly for")', () => {
    const text = '**Case 1: $x \\ge 1$.** Then $|x - 1| = x - 1$.\n\n**Case 2: $x < 1$.** Then $|x - 1| = 1 - x$.\n\nIn all cases the sum is at least $3$, with equality exactly for $-2 \\le x \\le 1$.\n\n**Remark.** For every real $x$,\n$$|x - 1| + |x + 2| = (1 - x) + (x + 2).$$\n';
    const claim = find(check(text), '|x - 1| + |x + 2|');
    expect(claim?.status).not.toBe('holds');
  });
});

describe('a definition through the imaginary unit', () => {
  it('does not substitute `z = e^{i\\theta}` with i a real number', () => {
    const text = 'Let $z = e^{i\\theta}$ with $\\theta$ real. Then\n$$|z|^2 = z^2.$$\n';
    const wrong = find(check(text), '|z|^2');
    expect(wrong?.status).toBe('unchecked');
    expect(wrong?.reason).toMatch(/imaginary unit/);
  });

  it('still checks a relation in θ alone beside it', () => {
    const text = 'Let $z = e^{i\\theta}$. Then\n$$(1 + \\cos\\theta)^2 + \\sin^2\\theta = 2 + \\cos\\theta.$$\n';
    expect(find(check(text), '(1 + \\cos\\theta)^2 + \\sin^2\\theta')?.status).toBe('fails');
  });
});

describe('the counterexample names what the relation uses', () => {
  it('leaves out a value fixed for another name ("set $x = 1$" before a sum in n)', () => {
    const text = 'Differentiate and set $x = 1$ to get\n$$\\sum_{k=0}^{n} k\\binom{n}{k} = n 2^{n}.$$\n';
    const wrong = find(check(text), '\\sum_{k=0}^{n} k\\binom{n}{k}');
    expect(wrong?.status).toBe('fails');
    expect(Object.keys(wrong!.counterexample!.assignment)).toEqual(['n']);
    expect(wrong?.message).not.toMatch(/x = 1/);
  });

  it('keeps a fixed value the relation does use', () => {
    const text = 'Let $n = 5$. Then\n$$n^2 + n = 31 + n - n.$$\n';
    const wrong = find(check(text), 'n^2 + n');
    expect(wrong?.status).toBe('fails');
    expect(wrong?.counterexample?.assignment).toEqual({ n: 5 });
  });
});

describe('every real, negative ones included', () => {
  const claim = '$$x + \\frac{1}{x} \\ge 2.$$\n';
  it.each([
    ['For real $x \\ne 0$,'],
    ['For any real number $x \\neq 0$,'],
    ['Let $x \\in \\mathbb{R}$ with $x \\ne 0$. Then'],
    ['For $x \\in \\mathbb{R} \\setminus \\{0\\}$,'],
    ['Let $x$ be a nonzero real number. Then'],
    ['For all $x \\in \\mathbb{R}$,'],
  ])('"%s" samples negative x: x + 1/x ≥ 2 never holds', (opening) => {
    const found = find(check(`${opening}\n${claim}`), 'x + \\frac{1}{x}');
    expect(['fails', 'unchecked']).toContain(found?.status);
  });

  it('still holds for positive reals', () => {
    expect(find(check(`For real $x > 0$,\n${claim}`), 'x + \\frac{1}{x}')?.status).toBe('holds');
  });
});
