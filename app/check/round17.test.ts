// Checker round 17, after the rev11 and rev12 break-it rounds: misreadings that silenced the checker ("no values
// satisfy the stated constraints") or made it say something false. A disjunction of conditions is never kept as
// both facts: it is sampled inside (some alternative holds), and a case picked out of it is argued under its alternative; "For negative $x$" opening the next sentence
// binds x afresh; a denied contradiction refutes nothing. Each proof is read back through the Checker as the CLI
// does; each kind has a correct proof that must raise no `fails` and a slip of the same shape that must be flagged.
import { describe, expect, it } from 'vitest';
import { check, fails, one, squash } from './roundTesting';
import type { ComputationFinding } from './types';

const EMPTY = 'no values satisfy the stated constraints';
const reasons = (findings: readonly ComputationFinding[]) => findings.map((c) => c.reason ?? '');

describe('a disjunction of conditions is never kept as both facts', () => {
  it('"If $x > 0$ or $x < -1$, …; otherwise …" argues the other branch under every alternative negated (rev12 b01)', () => {
    const proof = (step: string) => `Let $x$ be real. If $x > 0$ or $x < -1$, then $x(x + 1) > 0$. Otherwise ${step}.`;
    const right = check(proof('$-1 \\le x \\le 0$, so $x^2 + x = x(x + 1) \\le 0$'));
    expect(fails(right)).toEqual([]);
    expect(reasons(right)).not.toContain(EMPTY);
    expect(right.find((c) => squash(c.left) === 'x(x+1)' && c.op === '\\le')?.hypotheses).toEqual(expect.arrayContaining(['x \\le 0', 'x \\ge -1']));
    // Both alternatives kept made every relation after the "If" "no values satisfy": the slip went silent.
    const wrong = check(proof('$x^2 + x = x(x + 1) \\ge 0$'));
    expect(fails(wrong)).toEqual(['x(x + 1) \\ge 0']);
    const x = wrong.find((c) => c.status === 'fails')?.counterexample?.assignment.x ?? NaN;
    expect(x > -1 && x < 0).toBe(true);
  });

  it('the if-branch of a disjunction is sampled inside the union, no empty set and no domain of the proof', () => {
    const proof = (op: string) => `Let $x$ be real. If $x > 0$ or $x < -1$, then $x^2 + x = x(x + 1) ${op} 0$.`;
    const right = check(proof('>'));
    expect(fails(right)).toEqual([]);
    expect(reasons(right)).not.toContain(EMPTY);
    expect(one(right, 'x(x + 1)', '0')?.hypotheses).toEqual(['x > 0 \\text{ or } x < -1']);
    const wrong = check(proof('<'));
    expect(fails(wrong)).toEqual(['x(x + 1) < 0']);
    const x = one(wrong, 'x(x + 1)', '0')?.counterexample?.assignment.x ?? NaN;
    expect(x > 0 || x < -1).toBe(true);
  });

  it('"at least one of $a, b$ is positive" with $b < 0$ is satisfiable (rev12 a06)', () => {
    const found = check('Let $a$ and $b$ be real numbers with $b < 0$, and assume at least one of $a, b$ is positive. Since $b$ is negative, it must be $a$. Hence $|a| + |b| = a - b$.');
    expect(fails(found)).toEqual([]);
    expect(reasons(found)).not.toContain(EMPTY);
    expect(one(found, '|a| + |b|')?.hypotheses).toEqual(['b < 0', 'a > 0 \\text{ or } b > 0']);
    // Sampled inside "a > 0 or b > 0" with b < 0: a > 0, where the slip fails.
    const slip = check('Let $a$ and $b$ be real numbers with $b < 0$, and assume at least one of $a, b$ is positive. Hence $|a| + |b| = a + b + 0 = a + b$.');
    expect(fails(slip)).toEqual(['|a| + |b| = a + b + 0']);
    expect(one(slip, '|a| + |b|')?.counterexample?.assignment.a).toBeGreaterThan(0);
  });

  it('"whether $a \\ge 0$ or $a < 0$: in the former case …; in the latter case …" argues each case under its alternative (rev12 c02, s34)', () => {
    const right = check('Let $a$ be real. Depending on whether $a \\ge 0$ or $a < 0$ we have two cases. In the former case $|a| \\cdot a = a^2$. In the latter case $|a| \\cdot a = -a \\cdot a = -a^2$.');
    expect(fails(right)).toEqual([]);
    expect(reasons(right)).not.toContain(EMPTY);
    expect(one(right, '|a| \\cdot a', '-a \\cdot a')?.hypotheses).toEqual(['a < 0']);
    const wrong = check('Let $a$ be real. Depending on whether $a \\ge 0$ or $a < 0$: in the former case $|a| = a$; in the latter case $|a| \\cdot a = a \\cdot a = a^2$.');
    expect(fails(wrong)).toEqual(['|a| \\cdot a = a \\cdot a']);
    expect(one(wrong, '|a|', 'a')?.status).toBe('holds');
  });

  it('"We distinguish whether $a \\ge 0$ or $a < 0$. In the first case … In the second case …" (rev11 s67)', () => {
    const proof = (last: string) => `We distinguish whether $a \\ge 0$ or $a < 0$. In the first case $|a| \\cdot a = a \\cdot a = a^2$. In the second case $|a| \\cdot a = -a \\cdot a = ${last}$.`;
    const right = check(proof('-a^2'));
    expect(fails(right)).toEqual([]);
    expect(one(right, '|a| \\cdot a', 'a \\cdot a')?.hypotheses).toEqual(['a \\ge 0']);
    expect(fails(check(proof('a^2')))).toEqual(['-a \\cdot a = a^2']);
  });
});

describe('"For negative $x$," opening the next sentence binds x afresh', () => {
  it('after "Let $x > 0$." (rev12 s22): the slip is flagged under x < 0, the correct step holds', () => {
    const right = check('Let $x > 0$. Then $|x| + x = 2x$. For negative $x$, $|x| + x = -x + x = 0$.');
    expect(fails(right)).toEqual([]);
    expect(one(right, '|x| + x', '-x + x')?.hypotheses).toEqual(['x < 0']);
    const wrong = check('Let $x > 0$. For negative $x$, $|x| + x = x + x = 2x$.');
    expect(fails(wrong)).toEqual(['|x| + x = x + x']);
    expect(one(wrong, '|x| + x')?.counterexample?.assignment.x).toBeLessThan(0);
  });
});

describe('a denied contradiction ("which is not a contradiction") refutes nothing', () => {
  it('the next relation is judged, not "stated false" nor a hypothesis (rev12 d01, s30)', () => {
    const right = check('Let $x$ be real. First let $x \\ge 0$; then $|x| + x = x + x = 2x$. Now suppose $x < 0$. Then $x^2 > 0$, which is not a contradiction; indeed $|x| + x = -x + x = 0$.');
    expect(fails(right)).toEqual([]);
    expect(one(right, '-x + x', '0')?.status).toBe('holds');
    const wrong = check('Let $x$ be real. First let $x \\geq 0$. Now suppose $x < 0$. Then $x^2 > 0$, which is not a contradiction; indeed $|x| + x = x + x = 2x$.');
    expect(fails(wrong)).toEqual(['|x| + x = x + x']);
    expect(reasons(wrong)).not.toContain('the text itself says this relation is false');
    // "no contradiction arises" and "this does not contradict" deny too.
    expect(fails(check('Suppose $x < 0$. Then $x^2 > 0$, and no contradiction arises; so $|x| + x = x + x$.'))).toEqual(['|x| + x = x + x']);
  });
});

describe('"For all other $x$" after a case that fixed a value', () => {
  it('argues under x ≠ c, and what the first case derived ends there', () => {
    const proof = (step: string) => `Let $x$ be real. If $x = 2$, then $x^2 = 4$. For all other $x$, $x^2 - 4 = (x - 2)(x + 2)$ and ${step}.`;
    const right = check(proof('$\\frac{x^2 - 4}{x - 2} = x + 2$'));
    expect(fails(right)).toEqual([]);
    expect(one(right, 'x^2 - 4')?.hypotheses).toEqual(['x \\ne 2']);
    // The first case's `x^2 = 4` constrained the rest: "fails numerically, but the text constrains it" (silent).
    const wrong = check(proof('$|x - 2| + x = x - 2 + x = 2x - 2$'));
    expect(fails(wrong)).toEqual(['|x - 2| + x = x - 2 + x']);
    expect(one(wrong, '|x - 2| + x')?.counterexample?.assignment.x).toBeLessThan(2);
    // "the remaining $x$" reads the same.
    expect(fails(check('Let $x$ be real. If $x = 2$, then $x^2 = 4$. For the remaining $x$, $|x - 2| + x = x - 2 + x = 2x - 2$.'))).toEqual(['|x - 2| + x = x - 2 + x']);
  });
});

describe('an assumption whose other branch is dismissed, a claim refuted, a refutation inside an "If not" branch', () => {
  it('"We may assume $x > 0$. If not, replace $x$ by $-x$." keeps x > 0 for the next step', () => {
    const right = check('We may assume $x > 0$. If not, replace $x$ by $-x$. Then $|x| = x$, so $|x| + x = x + x = 2x$.');
    expect(fails(right)).toEqual([]);
    expect(one(right, '|x| + x')?.hypotheses).toEqual(['x > 0']);
    // Read as a fresh binding of x, the step after lost x > 0 and was "stated as an equation or hypothesis".
    const wrong = check('We may assume $x > 0$. If not, replace $x$ by $-x$. Then $|x| = -x$.');
    expect(fails(wrong)).toEqual(['|x| = -x']);
    expect(one(wrong, '|x|')?.hypotheses).toEqual(['x > 0']);
  });

  it('"Claim: $x > 0$. Suppose not." does not argue under the claim (rev12 i07)', () => {
    const right = check('Let $x$ be a real number with $x^3 = 27$. Claim: $x > 0$. Suppose not. Then $x \\le 0$, so $|x| + x = -x + x = 0$ and $x^3 \\le 0 < 27$, a contradiction.');
    expect(fails(right)).toEqual([]);
    expect(reasons(right)).not.toContain(EMPTY);
    // With the claim kept beside `x \le 0`, no values satisfied them and the slip went silent.
    const wrong = check('Let $x$ be real. Claim: $x > 0$. Suppose not. Then $x \\le 0$, so $|x| + x = x + x = 2x$.');
    expect(fails(wrong)).toEqual(['|x| + x = x + x']);
  });

  it('a refutation inside the "If not" branch does not bring the if-condition back (rev12 t02)', () => {
    const proof = (step: string) => `Let $x$ be real. If $x \\ge 0$, then $|x| = x$. If not, suppose for contradiction that $x^2 \\le 0$; then $x = 0$, contradicting $x < 0$. Hence $x^2 > 0$ and ${step}.`;
    const right = check(proof('$|x| + x = -x + x = 0$'));
    expect(fails(right)).toEqual([]);
    expect(reasons(right)).not.toContain(EMPTY);
    expect(one(right, '-x + x', '0')?.status).toBe('holds');
    const wrong = check(proof('$|x| + x = x + x = 2x$'));
    expect(fails(wrong)).toEqual(['|x| + x = x + x']);
  });
});

describe('signs in words: denied, and of an expression', () => {
  it('"$x$ is not negative" is x ≥ 0, "not positive" x ≤ 0 (rev12 s27)', () => {
    const right = check('Let $x$ be a real number that is not negative. Then $|x| + x = x + x = 2x$.');
    expect(fails(right)).toEqual([]);
    expect(one(right, '|x| + x')?.hypotheses).toEqual(['x \\ge 0']);
    expect(fails(check('Let $x$ be a real number that is not negative. Then $|x| + x = -x + x = 0$.'))).toEqual(['|x| + x = -x + x']);
    expect(fails(check('Suppose $x$ is not positive. Then $|x| + x = x + x$.'))).toEqual(['|x| + x = x + x']);
  });

  it('"$x - 1$ is negative" is x − 1 < 0 (rev12 s32)', () => {
    const right = check('Let $x$ be real such that $x - 1$ is negative. Then $|x - 1| + x = 1 - x + x = 1$.');
    expect(fails(right)).toEqual([]);
    expect(one(right, '|x - 1| + x')?.hypotheses).toEqual(['x - 1 < 0']);
    const wrong = check('Let $x$ be real such that $x - 1$ is negative. Then $|x - 1| = x - 1$.');
    expect(fails(wrong)).toEqual(['|x - 1| = x - 1']);
    expect(one(wrong, '|x - 1|')?.counterexample?.assignment.x).toBeLessThan(1);
  });
});

/** The 1-based line of the text a finding's formula starts on. */
const lineOf = (text: string, finding: ComputationFinding | undefined) => (finding?.range ? text.slice(0, finding.range.start).split('\n').length : NaN);

describe('rev15: the inequality solved at a chain\'s end, whatever word leads to its solution', () => {
  it('"… \\le 5$ gives / yields / implies / iff / exactly when / forces / whence / holds iff $x \\le 2$" is the condition being solved (rev15 kind A)', () => {
    for (const word of ['gives', 'yields', 'implies', 'iff', 'if and only if', 'exactly when', 'precisely when', 'forces', 'whence', 'holds iff']) {
      const right = check(`If $x \\ge 1$, then $|x-1|+|x+2| = 2x + 1 \\le 5$ ${word} $x \\le 2$.`);
      expect(fails(right), word).toEqual([]);
      expect(one(right, '2x + 1', '5')?.reason, word).toBe('the inequality being solved, a condition on its unknown');
      // A wrong link before the solved end is still flagged, on its line.
      const text = `Let $x$ be real.\n\nIf $x \\ge 1$, then $|x-1|+|x+2| = x - 1 + x + 2 = 2x + 3 \\le 5$ ${word} $x \\le 1$.`;
      const wrong = check(text);
      expect(fails(wrong), word).toEqual(['x - 1 + x + 2 = 2x + 3']);
      expect(lineOf(text, wrong.find((c) => c.status === 'fails')), word).toBe(3);
    }
  });
});

describe('rev15: "In the first / former case" after a disjunction, the other case not labelled', () => {
  it('is argued under the first alternative whatever opened the disjunction (rev15 kind C)', () => {
    for (const opener of ['Suppose', 'Let', 'Either', 'Assume', 'We have', 'Then']) {
      for (const label of ['In the first case', 'In the former case']) {
        const right = check(`${opener} $x < -1$ or $x > 1$. ${label} $|x| + x = -x + x = 0$ and $|x - 1| + x = 1 - x + x = 1$.`);
        expect(fails(right), `${opener} ${label}`).toEqual([]);
        expect(one(right, '|x| + x')?.hypotheses, `${opener} ${label}`).toEqual(['x < -1']);
        // The slip of the same shape fails at a point of the first alternative, on its line.
        const text = `${opener} $x < 0$ or $x > 1$.\n${label} $|x| + x = x + x = 2x$.`;
        const wrong = check(text);
        expect(fails(wrong), `${opener} ${label}`).toEqual(['|x| + x = x + x']);
        const slip = wrong.find((c) => c.status === 'fails');
        expect(lineOf(text, slip)).toBe(2);
        expect(slip?.counterexample?.assignment.x).toBeLessThan(0);
      }
    }
  });

  it('a disjunction that ends its paragraph opens the cases of the next one (rev15 slip h08)', () => {
    const proof = (second: string) => `Suppose $x < -1$ or $x > 1$.\n\nIn the first case $|x| + x = -x + x = 0$.\nIn the second case $|x| + x = ${second}$.`;
    const right = check(proof('x + x = 2x'));
    expect(fails(right)).toEqual([]);
    expect(one(right, '|x| + x', '-x + x')?.hypotheses).toEqual(['x < -1']);
    const text = proof('x - x = 0');
    const wrong = check(text);
    expect(fails(wrong)).toEqual(['|x| + x = x - x']);
    expect(lineOf(text, wrong.find((c) => c.status === 'fails'))).toBe(4);
  });
});
