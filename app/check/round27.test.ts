// Checker round 27: a false-alarm hunt on new proofs in the shapes real users write (corpus/round27/). Each kind found
// there that said `fails` on a true statement has correct proofs in the same shapes that must stay silent and a slip of
// the same shape that must still fail. Each proof is read through the Checker as the CLI does.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreRealisticCorpus } from './corpus/score';
import { check, fails, one } from './roundTesting';

describe('the round-27 corpus (corpus/round27/: 9 correct proofs, 3 with a planted slip, in users\' shapes)', () => {
  const score = scoreRealisticCorpus(join(import.meta.dirname, 'corpus', 'round27'));

  it('raises no fails on a correct proof nor beside a slip, and flags the arithmetic slip and the induction slip', () => {
    expect(score.proofs.flatMap((p) => p.falseAlarms.map((f) => `${p.file}: ${f.message}`))).toEqual([]);
    const found = score.proofs.filter((p) => p.slip?.found).map((p) => p.file);
    // s02 (an AM-HM step with its inequality reversed) reads as "stated as an equation or hypothesis": left open.
    expect(found).toEqual(['slips/s01-nt-arith.md', 'slips/s03-induction-slip.md']);
  });
});

describe('a decimal is read as written: truncated after an ellipsis, rounded to its places without one', () => {
  it('true decimal approximations stay silent, and an expansion with an ellipsis holds', () => {
    const proofs = [
      // rev27 r06: the engine read `1.414\ldots` as 1.41444… (its last digit repeated) and failed it against √2.
      'Hence the diagonal has length $\\sqrt{2} = 1.414\\ldots$, so it is longer than a side.\n',
      'The golden ratio is $\\varphi = \\frac{1+\\sqrt5}{2} = 1.618\\ldots$, the positive root of $t^2 = t + 1$.\n',
      // `22/7 = 3.142857…` failed with both sides shown as 3.14286.
      'Archimedes\' bound: $\\frac{22}{7} = 3.142857\\ldots > \\pi$.\n',
      // `\dots` was not read at all; plain dots are dropped before the judgement.
      'Numerically $\\sqrt 2 + 1 = 2.414\\dots$ and $\\sqrt{3} = 1.732...$, so the estimate is fine.\n',
      // Rounded, no ellipsis: the writer's "=" is an approximation to the places written.
      'So the altitude is $\\frac{2 \\cdot 84}{13} = 12.92$ and $\\sqrt{10} = 3.16$ to two decimals.\n',
      'The probability is $\\frac{2}{3} = 0.67$, about two in three.\n',
      // A percentage rounded as a decimal is (rev27 r05: `1 - (5/6)^4 = 51.8\\%` failed as 0.5177 ≠ 0.518).
      'At least one six in four rolls has chance $$1 - \\left(\\frac{5}{6}\\right)^4 = 51.8\\% .$$\n',
      'The chance is $\\frac{1}{3} = 33.3\\%$, about $\\frac13 = 33\\%$.\n',
      // Repeating decimals, as written.
      'Recall that $0.999\\ldots = 1$ and $\\frac13 = 0.333\\ldots$.\n',
    ];
    for (const proof of proofs) expect(fails(check(proof)), proof).toEqual([]);
    expect(one(check(proofs[0]), '\\sqrt{2}', '1.414\\ldots')?.status).toBe('holds');
    expect(one(check(proofs[2]), '\\frac{22}{7}')?.status).toBe('holds');
    const rounded = one(check(proofs[4]), '\\sqrt{10}');
    expect(rounded?.status).toBe('unchecked');
    expect(rounded?.reason).toMatch(/decimal to 2 places/);
  });

  it('digits that disagree with the value still fail, with or without an ellipsis', () => {
    for (const [text, failing] of [
      ['Hence the diagonal has length $\\sqrt{2} = 1.515\\ldots$, so it is longer than a side.\n', '\\sqrt{2} = 1.515\\ldots'],
      ['So the mean is $\\frac{81}{4} = 20.5$.\n', '\\frac{81}{4} = 20.5'],
      ['So the mean is $\\frac{7}{8} = 0.857$.\n', '\\frac{7}{8} = 0.857'],
      ['Numerically $\\sqrt 2 + 1 = 2.515\\dots$, so the estimate is fine.\n', '\\sqrt 2 + 1 = 2.515\\dots'],
      ['The chance is $$\\frac{1}{3} = 35.3\\% .$$\n', '\\frac{1}{3} = 35.3\\%'],
      // An exact decimal is no approximation: 3/2 is 1.5, not 1.4.
      ['Dividing, $\\frac{3}{2} = 1.4$.\n', '\\frac{3}{2} = 1.4'],
    ]) {
      expect(fails(check(text)), text).toEqual([failing]);
    }
  });
});

describe('`\\lg` is log_10 or log_2 by convention, judged as a `\\log` without a base', () => {
  it('a binary logarithm written `\\lg` (Knuth, CLRS) stays silent', () => {
    const proofs = [
      // rev27 r03: `\lg 8 = 3` failed, read as log_10 8 = 0.903.
      'Since $a_n = 2^n - 1$, the number $a_n + 1$ has $\\lg(a_n + 1) = n$ binary digits, e.g. $\\lg(a_3 + 1) = \\lg 8 = 3$.\n',
      'Binary search on $n = 8$ elements needs $\\lg 8 = 3$ comparisons; merge sort needs $8 \\lg 8 = 24$ steps.\n',
      // The ISO reading still holds.
      'So $\\lg 1000 = 3$ and $\\lg 0.01 = -2$.\n',
    ];
    for (const proof of proofs) expect(fails(check(proof)), proof).toEqual([]);
  });

  it('a value wrong in every base still fails', () => {
    for (const [text, failing] of [
      ['Binary search on $8$ elements needs $\\lg 8 = 4$ comparisons.\n', '\\lg 8 = 4'],
      ['Merge sort needs $8 \\lg 8 = 32$ steps.\n', '8 \\lg 8 = 32'],
    ]) {
      expect(fails(check(text)), text).toEqual([failing]);
    }
  });
});

describe('a trigonometric function of a whole number may be in degrees without the ° sign', () => {
  it('values that hold in degrees stay silent', () => {
    const proofs = [
      // rev27 r08: `\\sin 30 = \\frac12` failed, read in radians (sin 30 = −0.988).
      'Had the angle at $B$ been 30 degrees, we would have $AD = \\frac{AB}{2}$ since $\\sin 30 = \\frac12$.\n',
      'In an isosceles right triangle $\\tan 45 = 1$ and $\\cos(60) = 0.5$, so $\\sin^2 45 + \\cos^2 45 = 1$.\n',
    ];
    for (const proof of proofs) expect(fails(check(proof)), proof).toEqual([]);
    expect(one(check(proofs[0]), '\\sin 30')?.reason).toMatch(/degrees/);
  });

  it('a value wrong in degrees and in radians still fails, and so does one with its ° sign', () => {
    for (const [text, failing] of [
      ['Had the angle been 30 degrees, then $\\sin 30 = \\frac{\\sqrt 3}{2}$.\n', '\\sin 30 = \\frac{\\sqrt 3}{2}'],
      ['Had the angle been 30 degrees, then $\\sin 30^{\\circ} = 0.6$.\n', '\\sin 30^{\\circ} = 0.6'],
      ['In radians, $\\sin 2 = 0.5$.\n', '\\sin 2 = 0.5'],
    ]) {
      expect(fails(check(text)), text).toEqual([failing]);
    }
  });
});

describe('a division with remainder: "$17 \\div 5 = 3$ remainder $2$" gives the quotient, not the real ratio', () => {
  it('a quotient with its remainder given after it, or inside the formula, stays silent', () => {
    const proofs = [
      // rev27 r01: `121 \\div 24 = 5` failed as 5.04 ≠ 5.
      'So $p^2$ leaves remainder $1$ on division by $24$: for $p = 11$, $121 \\div 24 = 5$ remainder $1$.\n',
      'Dividing, $100 / 7 = 14$ with remainder $2$, so $100 = 7 \\cdot 14 + 2$.\n',
      'Long division gives $$17 \\div 5 = 3 \\text{ R } 2.$$\n',
      'We have $2026 \\div 6 = 337 \\text{ remainder } 4$, hence $2026 \\equiv 4 \\pmod 6$.\n',
    ];
    for (const proof of proofs) expect(fails(check(proof)), proof).toEqual([]);
    expect(one(check(proofs[0]), '121 \\div 24')?.reason).toBe('the quotient of a division with remainder');
  });

  it('a wrong quotient fails, and so does a division with no remainder in sight', () => {
    for (const [text, failing] of [
      ['Dividing, $17 \\div 5 = 4$ remainder $2$.\n', '17 \\div 5 = 4'],
      ['Long division gives $$17 \\div 5 = 2 \\text{ R } 7.$$\n', '17 \\div 5 = 2'],
      ['Dividing, $17 \\div 5 = 3$, so each gets three.\n', '17 \\div 5 = 3'],
    ]) {
      expect(fails(check(text)), text).toEqual([failing]);
    }
  });
});
