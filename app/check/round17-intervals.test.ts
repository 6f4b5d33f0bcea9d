// Checker round 17 (rev13's false alarms and silencers): a case written as an interval bounds its name ("Case 2: $x \in
// [1, 2]$", "On $[1, 2]$,", "Between $-1$ and $1$,", "a real number in $[1, 2]$") and ends an earlier case's bound; the
// inequality being solved at the end of a chain ("… \le 5$, so $x \ge -3$") is a condition, not a claim; "each of them
// zero or negative" bounds every name; a dismissed other case ("the case $x < 0$ is symmetric"), a closing remark with two
// sign cases and a lemma's condition no longer leave "no values satisfy" behind them. Each kind: a correct proof that must
// raise no `fails`, and a slip of the same shape flagged on its line. Read back through the Checker as the CLI does.
import { describe, expect, it } from 'vitest';
import { Checker } from './checker';
import type { ComputationFinding } from './types';

const check = (text: string): ComputationFinding[] => new Checker({ symbolic: false }).check({ text, format: 'markdown' }).computations;
const squash = (tex: string) => tex.replace(/\s+/g, '');
const one = (findings: readonly ComputationFinding[], left: string, right?: string) =>
  findings.find((c) => squash(c.left) === squash(left) && (right === undefined || squash(c.right) === squash(right)));
const fails = (findings: readonly ComputationFinding[]) => findings.filter((c) => c.status === 'fails').map((c) => `${c.left} ${c.op} ${c.right}`);
const lineOf = (text: string, c: ComputationFinding) => text.slice(0, c.range.start).split('\n').length;

describe('a case written as an interval bounds its name for the case', () => {
  const proof = (opening: string, step: string) =>
    [
      '**Claim.** $|x - 1| + |x - 2| \\ge 1$ for all real $x$.', '',
      '*Proof.* Let $x$ be a real number.', '',
      'Case 1: $x < 1$. Then $|x - 1| + |x - 2| = 1 - x + 2 - x = 3 - 2x > 1$.', '',
      `${opening} ${step}`, '',
      'Case 3: $x > 2$. Then $|x - 1| + |x - 2| = x - 1 + x - 2 = 2x - 3 > 1$. $\\square$',
    ].join('\n');
  const openings = [
    'Case 2: $x \\in [1, 2]$. Then', // rev13 rc01, m05
    '**Case (ii)** $x \\in [1,2]$. Then',
    'On $[1,2]$,', // m06
    'On the interval $[1, 2]$ we get',
    'Suppose $x$ is in $[1, 2]$. Then', // m07
    'Now let $x$ be in $[1, 2]$. Then', // m11
    'Assume further that $x$ belongs to $[1, 2]$. Then',
    'For the middle interval $[1,2]$,',
  ];

  it('reads rev13 m05–m07, m11 and the other wordings: the middle case holds under 1 ≤ x ≤ 2', () => {
    for (const opening of openings) {
      const found = check(proof(opening, '$|x - 1| + |x - 2| = x - 1 + 2 - x = 1$.'));
      expect(fails(found), opening).toEqual([]);
      const middle = one(found, '|x - 1| + |x - 2|', 'x - 1 + 2 - x');
      expect(middle?.status, opening).toBe('holds');
      expect(middle?.hypotheses, opening).toEqual(['x \\ge 1', 'x \\le 2']);
    }
  });

  it('a wrong expansion in the interval case is flagged on its line', () => {
    for (const opening of openings) {
      const text = proof(opening, '$|x - 1| + |x - 2| = x - 1 + x - 2 = 2x - 3$.');
      const wrong = one(check(text), '|x - 1| + |x - 2|', 'x - 1 + x - 2');
      expect(wrong?.status, opening).toBe('fails');
      expect(lineOf(text, wrong!), opening).toBe(7);
      expect(wrong?.counterexample?.assignment.x, opening).toBeLessThanOrEqual(2);
    }
  });

  it('after "If $x \\le -1$, …" an interval case ends that bound (rev13 m08, m12, rd10)', () => {
    const text = (opening: string, step: string) =>
      `Let $x$ be a real number. If $x \\le -1$, then $|x + 1| + |x - 1| = -2x$. ${opening} $|x + 1| + |x - 1| = ${step}$. If $x \\ge 1$, the sum is $2x$.`;
    for (const opening of ['For $x$ in $[-1,1]$,', 'Between $-1$ and $1$,', 'On $[-1, 1]$,', 'Now suppose $x$ is in $(-1, 1)$. Then']) {
      const right = check(text(opening, 'x + 1 + 1 - x = 2'));
      expect(fails(right), opening).toEqual([]);
      expect(one(right, '|x + 1| + |x - 1|', 'x + 1 + 1 - x')?.status, opening).toBe('holds');
      expect(one(right, '|x + 1| + |x - 1|', 'x + 1 + 1 - x')?.hypotheses, opening).not.toContain('x \\le -1');
      // (After "Now suppose", the first case's equation still excuses the slip: rev13 S3, open.)
      if (opening.startsWith('Now suppose')) continue;
      const wrong = check(text(opening, 'x + 1 + 1 - x = 2 - x'));
      expect(fails(wrong), opening).toEqual(['x + 1 + 1 - x = 2 - x']);
    }
  });
});

describe('a real number "in" an interval is bounded by it', () => {
  const wordings = [
    'Let $x$ be a real number in $[1, 2]$.', // rev13 m01
    'Let $x, y$ be real numbers in $[1, 2]$.', // m09
    'Let $x$ be a real number in the interval $[1, 2]$.',
    'Let $x$ be a real number in the closed interval $[1, 2]$.',
    'Let $x$ be a real number in the interval from $1$ to $2$.',
    'Let $x$ be a real number which belongs to $[1, 2]$.',
    'Let $x \\in \\mathbb{R}$ be in $[1, 2]$.',
  ];

  it('reads rev13 m01, m09 and the other wordings', () => {
    for (const words of wordings) {
      const found = check(`${words} Then $|x - 1| + |x - 2| = x - 1 + 2 - x = 1$.`);
      expect(fails(found), words).toEqual([]);
      expect(one(found, '|x - 1| + |x - 2|')?.status, words).toBe('holds');
    }
    // m02 (ce03): a root estimate on $[4, 9]$; m10 (rc05): a parameter.
    expect(fails(check('Let $x$ be a real number in $[4, 9]$. Then $2 \\le \\sqrt{x} \\le 3$, and $$|\\sqrt x - 5| = 5 - \\sqrt x \\ge 2.$$'))).toEqual([]);
    expect(fails(check('Let $t$ be a real number in $[2, 3]$ and put $x = t - 2$. Then $$|t - 2| + |t - 3| = (t - 2) + (3 - t) = 1.$$'))).toEqual([]);
  });

  it('a slip under such a bound is still flagged', () => {
    for (const words of wordings) {
      const found = check(`${words} Then $|x - 1| + |x - 2| = x - 1 + x - 2 = 2x - 3$.`);
      expect(fails(found), words).toContain('|x - 1| + |x - 2| = x - 1 + x - 2');
    }
    const sqrt = check('Let $x$ be a real number in $[4, 9]$. Then $3 \\le \\sqrt{x} \\le 3$.');
    expect(fails(sqrt)).toEqual(['3 \\le \\sqrt{x}']);
  });
});

describe('solving an inequality by cases: the inequality solved at a chain\'s end is the condition', () => {
  const proof = (third: string) =>
    [
      '**Solve** $|x - 1| + |x + 2| \\le 5$.', '',
      '- If $x \\ge 1$: the inequality is $x - 1 + x + 2 \\le 5$, i.e. $2x + 1 \\le 5$, so $1 \\le x \\le 2$.',
      '- If $-2 \\le x < 1$: it is $1 - x + x + 2 = 3 \\le 5$, always true.',
      `- If $x < -2$: it is ${third}`, '',
      'Answer: $-3 \\le x \\le 2$.',
    ].join('\n');

  it('reads rev13 ce17, rc12 and m03 silent', () => {
    expect(fails(check(proof('$1 - x - x - 2 = -2x - 1 \\le 5$, so $-3 \\le x < -2$.')))).toEqual([]);
    expect(fails(check('If $x \\ge 1$ it is $x - 1 + x + 2 = 2x + 1$. If $x < -2$ it is $1 - x - x - 2 = -2x - 1 \\le 5$, so $x \\ge -3$.'))).toEqual([]);
    const rc12 =
      'If $x \\ge 3$ it is $x + 1 + x - 3 = 2x - 2 \\le 6$, so $3 \\le x \\le 4$. If $-1 \\le x < 3$ it is $x + 1 + 3 - x = 4 \\le 6$, always true. If $x < -1$ it is $-x - 1 + 3 - x = 2 - 2x \\le 6$, so $-2 \\le x < -1$.';
    expect(fails(check(rc12))).toEqual([]);
  });

  it('a wrong link before it is flagged on its line, and so is the last link when nothing solves it', () => {
    const text = proof('$1 - x - x - 2 = 1 - 2x - 2 = -2x + 1 \\le 5$, so $-2 \\le x < -2$.');
    const wrong = one(check(text), '1 - 2x - 2', '-2x + 1');
    expect(wrong?.status).toBe('fails');
    expect(lineOf(text, wrong!)).toBe(5);
    // No bound solved for after it: the last link is a claim of the case (it fails at x = −4).
    expect(fails(check('Let $x$ be real. If $x \\ge 1$ then $|x| = x$. If $x < -2$ then $1 - x - x - 2 = -2x - 1 \\le 5$ as well.'))).toEqual(['-2x - 1 \\le 5']);
  });
});

describe('"each of them zero or negative" bounds every listed name', () => {
  it('reads rev13 hy21 and m04 silent; the slip with the wrong signs is flagged', () => {
    const right = check('Let $a$ and $b$ be real numbers, each of them zero or negative. Then $|a| + |b| = -a - b = -(a + b) = |a + b|$.');
    expect(fails(right)).toEqual([]);
    expect(one(right, '|a| + |b|')?.hypotheses).toEqual(['a \\le 0', 'b \\le 0']);
    const wrong = check('Let $a$ and $b$ be real numbers, each of them zero or negative. Then $|a| + |b| = a + b = |a + b|$.');
    expect(fails(wrong)).toContain('|a| + |b| = a + b');
  });
});

describe('readings that silenced: a dismissed case, a closing remark, a lemma\'s condition', () => {
  it('a WLOG naming the other case as symmetric keeps no hypothesis of it (rev13 S1, x01)', () => {
    for (const words of [
      'Assume $x > 0$ (the case $x < 0$ is symmetric).',
      'We treat $x > 0$; the case $x < 0$ is analogous.',
      'Assume $x > 0$, the case $x < 0$ being similar.',
      'Assume $x > 0$; we leave $x < 0$ to the reader.',
      'Assume $x > 0$ (for $x < 0$ apply this to $-x$).',
      'If $x < 0$, replace $x$ by $-x$; so assume $x > 0$.',
    ]) {
      const right = check(`Let $x \\ne 0$. ${words} Then $|x| + x = x + x = 2x$.`);
      expect(fails(right), words).toEqual([]);
      expect(one(right, 'x + x', '2x')?.status, words).toBe('holds');
      expect(fails(check(`Let $x \\ne 0$. ${words} Then $|x| + x = x + x = 3x$.`)), words).toEqual(['x + x = 3x']);
    }
  });

  it('a closing remark with two sign cases leaves the paragraphs before it checked (rev13 S0, x03)', () => {
    const text = (step: string) =>
      [
        '**Claim.** For real $x$, $(x + 1)^2 \\ge 4x$.', '',
        `*Proof.* We expand: $(x + 1)^2 - 4x = x^2 + 2x + 1 - 4x = ${step} = (x - 1)^2$.`, '',
        'Since squares are nonnegative, we are done.', '',
        '*Remark.* Note also $|x| \\ge x$: if $x \\ge 0$ then $|x| = x$; if $x < 0$ then $|x| = -x > x$.',
      ].join('\n');
    const right = check(text('x^2 - 2x + 1'));
    expect(fails(right)).toEqual([]);
    expect(one(right, 'x^2 + 2x + 1 - 4x')?.status).toBe('holds');
    const slip = text('x^2 - 2x + 2');
    const wrong = one(check(slip), 'x^2 + 2x + 1 - 4x', 'x^2 - 2x + 2');
    expect(wrong?.status).toBe('fails');
    expect(lineOf(slip, wrong!)).toBe(3);
  });

  it("a lemma's condition ends at the next lemma (rev13 lr01, s62)", () => {
    const text = (step: string) =>
      [
        '**Lemma 1.** If $x \\ge 2$, then $|x - 2| + |x - 1| = x - 2 + x - 1 = 2x - 3$.', '',
        '**Lemma 2.** If $x \\le 1$, then $|x - 2| + |x - 1| = 2 - x + 1 - x = 3 - 2x$.', '',
        `**Lemma 3.** For $1 < x < 2$, $|x - 2| + |x - 1| = ${step}$.`, '',
        '**Corollary.** $|x - 2| + |x - 1| \\ge 1$ for all real $x$.',
      ].join('\n');
    const right = check(text('2 - x + x - 1 = 1'));
    expect(fails(right)).toEqual([]);
    expect(one(right, '|x - 2| + |x - 1|', '2 - x + x - 1')?.status).toBe('holds');
    const slip = text('2 - x + x + 1 = 3');
    const wrong = one(check(slip), '|x - 2| + |x - 1|', '2 - x + x + 1');
    expect(wrong?.status).toBe('fails');
    expect(lineOf(slip, wrong!)).toBe(5);
  });
});
