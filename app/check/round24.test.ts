// Checker round 24, two kinds of rev19 left "Not checked (stated as an equation or hypothesis)": a reason no value
// satisfies ("…, since $2(n+1) + 1 = 2n + 2$": its sides differ by 1 for every n, so it is no equation the step solves
// and no hypothesis that holds), and a claim stated for every value in words that list no names ("For positive reals we
// always have $a^2 + b^2 + c^2 \ge a + b + c$"). Each proof is read through the Checker as the CLI does; each kind has
// correct proofs in the same shapes that must stay silent and a slip that must fail.
import { describe, expect, it } from 'vitest';
import { at, check, fails, one } from './roundTesting';

const sumOfSquares = (reason: string) =>
  'We prove the formula by induction on $n$. Write $S(n) = \\sum_{k=1}^{n} k^2$.\n\n' +
  '**Base case.** For $n = 1$ we have $S(1) = 1$ and $\\frac{1 \\cdot 2 \\cdot 3}{6} = 1$, so the formula holds.\n\n' +
  '**Inductive step.** Assume that for some $n \\ge 1$\n$$\nS(n) = \\frac{n(n+1)(2n+1)}{6}.\n$$\nThen\n$$\n\\begin{aligned}\n' +
  'S(n+1) &= S(n) + (n+1)^2 \\\\\n &= \\frac{n(n+1)(2n+1)}{6} + (n+1)^2 \\\\\n &= \\frac{(n+1)(2n^2 + 7n + 6)}{6} \\\\\n' +
  ' &= \\frac{(n+1)(n+2)(2n+3)}{6}.\n\\end{aligned}\n$$\n' +
  `This is the formula for $n+1$, since ${reason}.\n\nBy induction the formula holds for every positive integer $n$. $\\blacksquare$\n`;

describe('a reason no value satisfies is a false claim (rev19 sumsq: "since $2(n+1) + 1 = 2n + 2$" was "stated as an equation")', () => {
  it('a reason whose sides differ by a constant fails, at a value of its name', () => {
    const slip = check(sumOfSquares('$2(n+1) + 1 = 2n + 2$'));
    expect(fails(slip)).toEqual(['2(n+1) + 1 = 2n + 2']);
    expect(at(one(slip, '2(n+1) + 1'), 'n')).toBeGreaterThanOrEqual(1);
    for (const [text, failing] of [
      ['Let $a, b$ be real numbers. Then $(a + b)^2 \\ge 0$, since $(a + b)^2 = a^2 + 2ab + b^2 + 1$.\n', '(a + b)^2 = a^2 + 2ab + b^2 + 1'],
      ['The number $n^2 + n$ is even, because $n^2 + n = n(n + 1) + 2$ and one of $n$, $n + 1$ is even.\n', 'n^2 + n = n(n + 1) + 2'],
      ['So $f$ is increasing, as $x + 1 < x$ for the values we need.\n', 'x + 1 < x'],
    ]) {
      expect(fails(check(text)), text).toEqual([failing]);
    }
  });

  it('true identities as reasons, equations and hypotheses a reason names, and refuted suppositions stay silent', () => {
    expect(fails(check(sumOfSquares('$2(n+1) + 1 = 2n + 3$')))).toEqual([]);
    const proofs = [
      // A hypothesis the step uses: it has solutions.
      'Let $n$ be an even integer. Since $n = 2k$ for an integer $k$, we get $n^2 = 4k^2$, which is even.\n',
      'Let $x$ be a real number with $x^2 = x$. Since $x^2 = x$, we get $x(x - 1) = 0$, so $x = 0$ or $x = 1$.\n',
      'Since $x^2 = 2x$ and $x \\ne 0$, dividing gives $x = 2$.\n',
      // Proof by contradiction: the impossible equation is the point.
      'Suppose $2n + 1 = 2m$ for integers $n$ and $m$. Then $1 = 2(m - n)$, which is impossible since $1$ is odd. Hence an odd number is never even.\n',
      'Assume for contradiction that $f$ has a fixed point $x$. Since $x + 1 = x$ would follow, we get $1 = 0$, a contradiction.\n',
      'Suppose $x$ is a real root. Then, since $x + 1 = x$, subtracting $x$ gives $1 = 0$, which is absurd.\n',
      // A fixed point supposed, its impossible equation as a reason, the contradiction two sentences on or in the next paragraph.
      'Let $f(x) = x + 1$ and let $x$ be a fixed point of $f$. Then $f(x) = x$. Since $x + 1 = x$, subtracting $x$ from both sides leaves ' +
        'only constants on each side of the equation we found. This is a contradiction, so $f$ has no fixed point.\n',
      'Let $x$ be a fixed point of $g(x) = x + 2$, so that $g(x) = x$. Since $x + 2 = x$, subtracting $x$ leaves two constants.\n\nSo $g$ has no fixed points.\n',
      // Complex numbers: x^2 + 1 = 0 has solutions in C (and its sides do not differ by a constant).
      'Let $z = i$. Since $z^2 + 1 = 0$, the number $z$ is a root of $z^2 + 1$.\n',
      // Finite rings: x + 1 = x - 1 holds in characteristic 2.
      'Work in $\\mathbb{F}_2$. Since $x + 1 = x - 1$, the polynomial $x^2 + 1$ equals $(x + 1)^2$.\n',
      'Since $n + 7 \\equiv n \\pmod 7$, the residues repeat with period $7$.\n',
      // Reasons that are identities.
      'The sum of two consecutive odd numbers is divisible by four, since $(2k - 1) + (2k + 1) = 4k$.\n',
      'Let $x > 0$. Then $\\sqrt{x^2 + 2x + 1} = x + 1$, because $x^2 + 2x + 1 = (x + 1)^2$.\n',
      // A full induction proof whose reasons are identities.
      'We show $1 + 3 + \\cdots + (2n - 1) = n^2$ by induction on $n$.\n\n**Base case.** For $n = 1$ both sides equal $1$.\n\n' +
        '**Inductive step.** Assume $1 + 3 + \\cdots + (2n - 1) = n^2$. The next odd number is $2n + 1$, since $2(n + 1) - 1 = 2n + 1$. Adding it,\n' +
        '$$1 + 3 + \\cdots + (2n + 1) = n^2 + 2n + 1 = (n + 1)^2.$$\nThis completes the induction. $\\blacksquare$\n',
      // A full proof by contradiction whose reasons are equations of its supposition.
      'Suppose, for contradiction, that $\\sqrt 2 = \\frac{p}{q}$ in lowest terms. Then $p^2 = 2q^2$, so $p$ is even, since $p^2 = 2q^2$ is even. ' +
        'Write $p = 2r$. Since $4r^2 = 2q^2$, we get $q^2 = 2r^2$, so $q$ is even too, contradicting lowest terms.\n',
    ];
    for (const proof of proofs) expect(fails(check(proof)), proof).toEqual([]);
  });
});

describe('"we always have", "for positive reals" claim a relation for every value of names declared arbitrary (rev19 ineq3)', () => {
  const ineq3 = (claim: string) =>
    'Let $a, b, c$ be positive real numbers.\n\n' +
    `**Step 1.** For positive reals we always have ${claim}, since squaring a positive number makes it larger.\n\n` +
    '**Step 2.** Also $a + b + c + 3 \\ge a + b + c$, trivially.\n\nHence the inequality holds. $\\blacksquare$\n';

  it('a false universal claim fails at a point of the declared domain', () => {
    const slip = check(ineq3('$a^2 + b^2 + c^2 \\ge a + b + c$'));
    expect(fails(slip)).toEqual(['a^2 + b^2 + c^2 \\ge a + b + c']);
    for (const v of ['a', 'b', 'c']) expect(at(one(slip, 'a^2 + b^2 + c^2'), v)).toBeGreaterThan(0);
    const plain = check('Let $x, y$ be real numbers. We always have $x^2 + y^2 \\ge 2xy + 1$, so the claim follows.\n');
    expect(fails(plain)).toEqual(['x^2 + y^2 \\ge 2xy + 1']);
  });

  it('true universal claims, and relations about a bound the text chose, stay silent', () => {
    expect(fails(check(ineq3('$a^2 + b^2 + c^2 \\ge ab + bc + ca$')))).toEqual([]);
    const proofs = [
      'Let $a, b$ be real numbers. We always have $a^2 + b^2 \\ge 2ab$, since $(a - b)^2 \\ge 0$.\n',
      'Let $a, b$ be positive real numbers. For positive reals we always have $a + b \\ge 2\\sqrt{ab}$, because $(\\sqrt a - \\sqrt b)^2 \\ge 0$.\n',
      // A bound chosen by the text is no arbitrary number: the claim is about that bound.
      'Let $x$ be a real number in $[0, 1]$ and let $f(x) = x^2$. Choose $M > 0$ with $M \\ge 1$. Then we always have $f(x) \\le M$.\n',
      'Let $x$ be a real number. Let $M$ be an upper bound of $\\sin$. We always have $\\sin x \\le M$.\n',
      'Let $x, y$ be real numbers with $x < y$. We always have $x < \\frac{x + y}{2}$.\n',
      // A full AM–GM proof for two positive numbers.
      'Let $a, b$ be positive real numbers.\n\n**Step 1.** For positive reals we always have $(\\sqrt a - \\sqrt b)^2 \\ge 0$.\n\n' +
        '**Step 2.** Expanding, $(\\sqrt a - \\sqrt b)^2 = a - 2\\sqrt{ab} + b$.\n\n**Step 3.** Hence $a + b \\ge 2\\sqrt{ab}$. $\\blacksquare$\n',
    ];
    for (const proof of proofs) expect(fails(check(proof)), proof).toEqual([]);
  });
});
