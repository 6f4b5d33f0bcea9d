// Checker round 16 (rev8's and rev9's last false alarms, and the gaps behind them): "otherwise" closes the
// if-branch and argues under the negated condition, a "Case 2" with no "Case 1" closes what came before it, a
// supposition ends at the contradiction that refutes it, a text's own ℕ = {1, 2, …} is read, an order passes a
// stated bound on (`n \ge k \ge 2`) and ordered integers are tried at their tight corner, and "Let $a, b > 0$"
// bounds both names. Each proof is read back through the Checker as the CLI does; each kind has a correct proof
// that must raise no `fails` and a slip of the same shape that must still be flagged.
import { describe, expect, it } from 'vitest';
import { Checker } from './checker';
import type { ComputationFinding } from './types';

const check = (text: string): ComputationFinding[] => new Checker({ symbolic: false }).check({ text, format: 'markdown' }).computations;
const squash = (tex: string) => tex.replace(/\s+/g, '');
const one = (findings: readonly ComputationFinding[], left: string, right?: string) =>
  findings.find((c) => squash(c.left) === squash(left) && (right === undefined || squash(c.right) === squash(right)));
/** The finding of one relation as written (`-x < 0`), in document order. */
const rel = (findings: readonly ComputationFinding[], relation: string) => findings.find((c) => squash(`${c.left}${c.op}${c.right}`) === squash(relation));
const fails = (findings: readonly ComputationFinding[]) => findings.filter((c) => c.status === 'fails').map((c) => `${c.left} ${c.op} ${c.right}`);

describe('"otherwise" closes the if-branch and argues under the negated condition', () => {
  it('judges the else-branch under x < 0, not under the if-condition (rev8 d09)', () => {
    const d09 = check('If $x \\ge 0$, then $|x| = x$; otherwise, $|x| = -x > 0$.');
    expect(fails(d09)).toEqual([]);
    const f = one(d09, '-x', '0');
    expect(f?.status, f?.message).toBe('holds');
    expect(f?.hypotheses).toContain('x < 0');
    expect(f?.hypotheses ?? []).not.toContain('x \\ge 0');
  });

  it('a proof by the sign of x raises nothing; the slip in its other branch is flagged (it was hidden under x ≥ 0)', () => {
    const proof = (otherwise: string) =>
      [
        '## Lemma', '', 'For every real $x$, $|x| \\ge x$ and $|x| \\ge -x$.', '',
        '## Proof', '',
        `If $x \\ge 0$, then $|x| = x \\ge -x$, since $-x \\le 0 \\le x$. Otherwise ${otherwise}.`,
        'In either case $|x| \\ge x$ and $|x| \\ge -x$.', '',
      ].join('\n');
    const right = check(proof('$x < 0$, so $|x| = -x > 0 > x$'));
    expect(fails(right)).toEqual([]);
    expect(one(right, '-x', '0')?.status).toBe('holds');
    const wrong = check(proof('$|x| = -x < 0 < -x + 1$'));
    expect(fails(wrong)).toEqual(['-x < 0']);
    expect(rel(wrong, '-x < 0')?.counterexample?.assignment.x).toBeLessThan(0);
  });

  it('"If not," and "If this is not the case," open the other branch as "otherwise" does (rev11 h18, m07)', () => {
    const proof = (other: string) =>
      [
        '**Claim.** For every real $y$, $\\sqrt{y^2} = |y|$.', '',
        `*Proof.* If $y \\ge 0$, then $\\sqrt{y^2} = y = |y|$. ${other}`, '',
      ].join('\n');
    for (const opening of ['If not, then', 'If not,', 'If this is not the case, then']) {
      const right = check(proof(`${opening} $y < 0$ and $\\sqrt{y^2} = -y = |y|$.`));
      expect(fails(right), opening).toEqual([]);
      expect(one(right, '-y', '|y|')?.hypotheses, opening).toContain('y < 0');
      // The same slip as before the fix hid: under y < 0, -y is no y.
      const wrong = check(proof(`${opening} $\\sqrt{y^2} = |y| = y$.`));
      expect(fails(wrong), opening).toEqual(['|y| = y']);
    }
    // "if not all", "if not for": no other branch.
    const guard = check('If $x \\ge 0$ then $|x| = x$, and if not all terms vanish, $x^2 \\ge 0$ still; so $|x| = x$.');
    expect(fails(guard)).toEqual([]);
  });

  it('an assumption whose other branch is dismissed still holds after it (rev12 m16–m20)', () => {
    const shapes = [
      (then: string) => `We may assume $x > 0$ (if not, replace $x$ by $-x$). Then ${then}.`,
      (then: string) => `Assume $x > 0$ (otherwise replace $x$ by $-x$). Then ${then}.`,
      (then: string) => `We may assume $x > 0$. If not, replace $x$ by $-x$. Then ${then}.`,
      (then: string) => `Suppose $x > 0$, for otherwise there is nothing to prove. Then ${then}.`,
      (then: string) => `We may suppose that $x > 0$. If this is not the case, the estimate is trivial. Thus ${then}.`,
    ];
    for (const shape of shapes) {
      const right = check(shape('$|x| + x = x + x = 2x$'));
      expect(fails(right), shape('')).toEqual([]);
      expect(one(right, '|x|+x', 'x+x')?.status, shape('')).toBe('holds');
      // Under the assumption, the slip is still caught (not after "If not, replace …." as a sentence of its own: the
      // relation after an if-sentence reads as its hypothesis, as ever).
      if (!shape('').includes('. If not,')) expect(fails(check(shape('$|x| + x = x - x$'))), shape('')).toEqual(['|x| + x = x - x']);
    }
    // A supposition whose "otherwise" states the other case is a branch: argued under the negation.
    const branch = check('Suppose $x \\ge 0$. Then $|x| = x$. Otherwise $x < 0$, and $|x| = -x > 0$.');
    expect(fails(branch)).toEqual([]);
    expect(one(branch, '-x', '0')?.hypotheses).toContain('x < 0');
  });

  it('"For negative $x$, …; otherwise …" argues the other branch under x ≥ 0 (rev12 m05)', () => {
    for (const opening of ['For negative $x$', 'For $x < 0$']) {
      const right = check(`${opening}, $|x| = -x$; otherwise $|x| + x = x + x = 2x$.`);
      expect(fails(right), opening).toEqual([]);
      expect(one(right, '|x|+x', 'x+x')?.hypotheses, opening).toContain('x \\ge 0');
      expect(fails(check(`${opening}, $|x| = -x$; otherwise $|x| + x = x - x = 0$.`)), opening).toEqual(['|x| + x = x - x']);
    }
    // "for" before a name opens no branch of a later "Case 2" (only an "otherwise" reads it so).
    const cases = check('We prove $|n| = n$ for $n \\ge 1$.\n\nCase 2: $n$ is odd. Then $|n| = n$ since $n \\ge 1$.');
    expect(fails(cases)).toEqual([]);
  });

  it('negates a parity: "If $n$ is even … otherwise" is n odd', () => {
    const text = (right: string) => `Let $n$ be an integer. If $n$ is even, then $(-1)^n = 1$. Otherwise,\n$$(-1)^n n = ${right} .$$\n`;
    const f = one(check(text('-n')), '(-1)^n n');
    expect(f?.status, f?.message).toBe('holds');
    expect(f?.hypotheses).toContain('n \\equiv 1 \\pmod{2}');
    expect(one(check(text('n')), '(-1)^n n')?.status).toBe('fails');
  });
});

describe('a "Case 2" with no "Case 1" closes what came before it (rev8 o02)', () => {
  it('does not carry the first case\'s consequences into the second', () => {
    expect(fails(check('Suppose $x \\in (1, 2)$. Then $1 < x^2 < 4$. Case 2: $x \\in (2, 3)$. Then $4 < x^2 < 9$.'))).toEqual([]);
    const proof = (upper: string) =>
      [
        'We find the range of $x^2$ on $(1, 3)$ away from $x = 2$.', '',
        'Suppose first that $1 < x < 2$. Then $1 < x^2 < 4$ and $x^2 - 1 > 0$.', '',
        `Case 2: $2 < x < 3$. Then $4 < x^2 < ${upper}$ and $x^2 - 4 > 0$.`, '',
      ].join('\n');
    const right = check(proof('9'));
    expect(fails(right)).toEqual([]);
    expect(one(right, '4', 'x^2')?.status).toBe('holds');
    // The first case's `x^2 < 4` made every point of case 2 fail `4 < x^2`, or left none ("no values satisfy").
    expect(fails(check(proof('8')))).toEqual(['x^2 < 8']);
  });
});

describe('a supposition ends at the contradiction that refutes it (rev6 d03)', () => {
  const proof = (last: string) =>
    `Let $x \\ge 0$ with $x^2 \\le 1$. Suppose for contradiction that $x > 1$. Then $x^2 > x > 1$, which contradicts $x^2 \\le 1$. Hence $x \\le 1$, and therefore ${last}.`;

  it('judges what follows under the hypotheses again (it was "no values satisfy")', () => {
    const right = check(proof('$x^2 \\le x$ and $x^3 \\le x^2$'));
    expect(fails(right)).toEqual([]);
    const f = rel(right, 'x^2 \\le x');
    expect(f?.status, f?.message).toBe('holds');
    expect(f?.hypotheses).toContain('x \\ge 0');
    expect(f?.hypotheses ?? []).not.toContain('x > 1');
    // rev6 w25: the slip after the contradiction was silent.
    const wrong = rel(check(proof('$x^2 \\ge x$')), 'x^2 \\ge x');
    expect(wrong?.status, wrong?.message).toBe('fails');
  });

  it('reads the reviewer\'s file as written: nothing fails', () => {
    const d03 = [
      '**Lemma.** Let $x \\ge 0$ with $x^2 \\le 1$. Then $x^2 \\le x$... no wait, then $x \\le 1$.', '',
      '*Proof.* Suppose for contradiction that $x > 1$. Then $x^2 > x > 1$, contradicting $x^2 \\le 1$. Hence $x \\le 1$, and therefore $x^2 \\le x$ and $x^3 \\le x^2$. $\\square$', '',
    ].join('\n');
    const found = check(d03);
    expect(fails(found)).toEqual([]);
    expect(one(found, 'x^3', 'x^2')?.status).toBe('holds');
  });

  it('keeps "for the sake of contradiction" the supposition\'s own words, not its end', () => {
    const text = (right: string) =>
      `Let $x \\ge 0$ with $x^2 \\le 1$. Assume, for the sake of contradiction, that $x > 1$. Then $x^2 > ${right}$. Hence $x^2 > 1$, contradicting $x^2 \\le 1$.`;
    // Judged under x ≥ 0 alone, `x^2 > x` would fail at x = 0.5.
    const f = one(check(text('x')), 'x^2', 'x');
    expect(f?.status, f?.message).toBe('holds');
    expect(f?.hypotheses).toContain('x > 1');
    expect(one(check(text('x + 1')), 'x^2', 'x + 1')?.status).toBe('fails');
  });
});

describe("a text's own ℕ = {1, 2, …} (rev8 d20)", () => {
  it('starts ℕ at 1 where the text says so, in symbols or words', () => {
    for (const text of [
      'Here $\\mathbb{N} = \\{1, 2, 3, \\dots\\}$. For all $n \\in \\mathbb{N}$, $2^n \\ge 2$ and $\\frac{1}{n} \\le 1$.',
      'Throughout, $\\mathbb{N}$ denotes the positive integers. For every $n \\in \\mathbb{N}$ we have $2^n \\ge 2$, so $\\frac{1}{n} \\le 1$.',
      'Our natural numbers start at $1$. Let $n$ be a natural number. Then $2^n \\ge 2n \\ge 2$.',
    ]) {
      const found = check(text);
      expect(fails(found), text).toEqual([]);
      expect(one(found, '2^n')?.status, text).toBe('holds');
    }
  });

  it('still fails a slip there at n = 1, and keeps 0 where the text puts it in ℕ', () => {
    const wrong = one(check('Here $\\mathbb{N} = \\{1, 2, 3, \\dots\\}$. For all $n \\in \\mathbb{N}$, $2^n \\ge 4$.'), '2^n');
    expect(wrong?.status).toBe('fails');
    expect(wrong?.counterexample?.assignment.n).toBe(1);
    const zero = one(check('Here $\\mathbb{N} = \\{0, 1, 2, \\dots\\}$. For all $n \\in \\mathbb{N}$, $2^n \\ge 2$.'), '2^n');
    expect(zero?.status).toBe('fails');
    expect(zero?.counterexample?.assignment.n).toBe(0);
  });
});

describe('an order passes a stated bound on, and ordered integers are tried at their tight corner (rev9 p036)', () => {
  const text = (claim: string) => `Let $k \\ge 2$ be an integer and take integers $m > n \\ge k$. Then $m \\ge 3$ and $${claim}$.`;

  it('holds `mn \\ge 6` under n ≥ k ≥ 2 (it failed at n = 1) and fails `mn \\ge 8` at m = 3, n = 2', () => {
    const right = check(text('mn \\ge 6'));
    expect(fails(right)).toEqual([]);
    expect(one(right, 'mn')?.status).toBe('holds');
    const wrong = one(check(text('mn \\ge 8')), 'mn');
    expect(wrong?.status, wrong?.message).toBe('fails');
    expect(wrong?.counterexample?.assignment).toMatchObject({ m: 3, n: 2 });
  });

  it('passes a real bound on too: "Let $a \\ge 2$ and $x \\ge a$" gives x ≥ 2', () => {
    const f = one(check('Let $a \\ge 2$ and $x \\ge a$. Then $x^2 \\ge 2x \\ge 4$.'), '2x', '4');
    expect(f?.status, f?.message).toBe('holds');
    expect(f?.hypotheses).toContain('x \\ge a \\ge 2');
  });
});

describe('"Let $a, b > 0$" bounds both names', () => {
  const proof = (second: string) =>
    [
      'Let $a$ and $b$ be nonzero real numbers with the same sign.', '',
      '**Case 1:** $a, b > 0$. Then $a + b > b > 0$, so $|a + b| = a + b = |a| + |b|$.', '',
      `**Case 2:** $a, b < 0$. Then ${second}, so $|a + b| = -a - b = |a| + |b|$.`, '',
    ].join('\n');

  it('a proof by cases on a common sign raises nothing (a was sampled positive in the case $a, b < 0$)', () => {
    const right = check(proof('$a + b < b < 0$'));
    expect(fails(right)).toEqual([]);
    const f = one(right, '-a - b', '|a| + |b|');
    expect(f?.status, f?.message).toBe('holds');
    expect(f?.hypotheses).toEqual(expect.arrayContaining(['a < 0', 'b < 0']));
  });

  it('flags the slip of the same shape at a negative a (it held at the positive a sampled before)', () => {
    const wrong = rel(check(proof('$a + b < b < 0 < a + 1$')), '0 < a + 1');
    expect(wrong?.status, wrong?.message).toBe('fails');
    expect(wrong?.counterexample?.assignment.a).toBeLessThan(0);
  });

  it('reads a shared lower bound before the list too: "Case 1: $x, y \\ge 1$" and "$0 < a, b$"', () => {
    const f = one(check('Let $x$ be a real number.\n\n**Case 1:** $x, y \\ge 1$. Then $xy \\ge x \\ge 1$ and $x + y \\ge 2$.\n'), 'xy', 'x');
    expect(f?.status, f?.message).toBe('holds');
    // rev9 s030: "Let $0 < a, b$" left b unbounded in the facts and the slip unflagged.
    expect(one(check('Let $0 < a, b$. Then $a + b > 2\\sqrt{ab} + 1$.'), 'a + b')?.status).toBe('fails');
  });
});

describe('`\\item[(a)]` labels a part', () => {
  const check16 = (text: string) => new Checker({ symbolic: false }).check({ text, format: 'tex' }).computations;
  const exercise = (b: string) =>
    ['\\begin{enumerate}', '\\item[(a)] Suppose $x \\ge 3$. Then $$x^2 - 9 \\ge 0 .$$', `\\item[(b)] For real $x$ we have $$${b} .$$`, '\\end{enumerate}', ''].join('\n');

  it("does not judge part (b) under part (a)'s supposition: its claim holds without x ≥ 3", () => {
    const right = check16(exercise('x^2 - 9 \\ge -9 \\ge -9 - x^2'));
    expect(fails(right)).toEqual([]);
    const f = rel(right, 'x^2 - 9 \\ge -9');
    expect(f?.status, f?.message).toBe('holds');
    // It "held under $x \\ge 3$"; part (a)'s own claim still does.
    expect(f?.hypotheses ?? []).not.toContain('x \\ge 3');
    expect(rel(right, 'x^2 - 9 \\ge 0')?.hypotheses).toContain('x \\ge 3');
  });

  it('keeps `\\item[(i)]`, `\\item[(ii)]` steps of one proof together', () => {
    const steps = ['\\begin{enumerate}', '\\item[(i)] Suppose $x \\ge 3$.', '\\item[(ii)] Then $$x^2 - 9 \\ge 0 \\ge 3 - x .$$', '\\end{enumerate}', ''].join('\n');
    const found = check16(steps);
    expect(fails(found)).toEqual([]);
    expect(rel(found, '0 \\ge 3 - x')?.status).toBe('holds');
  });
});

describe('a factorial is no sentence end', () => {
  it('keeps "Suppose" for the formulas after `$n! > 6$`: the consequence drawn under x < 0 is checked', () => {
    const text = (right: string) => `Suppose that $n! > 6$ and $x < 0$. Then $\\sqrt{x^2} = ${right}$.`;
    const right = one(check(text('-x')), '\\sqrt{x^2}');
    expect(right?.status, right?.message).toBe('holds');
    // The "!" ended the sentence, so x < 0 was no supposition and the slip read as an equation.
    const wrong = one(check(text('x')), '\\sqrt{x^2}');
    expect(wrong?.status, wrong?.message).toBe('fails');
    expect(wrong?.counterexample?.assignment.x).toBeLessThan(0);
  });
});
