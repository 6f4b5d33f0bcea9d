// Checker break-it round 7 (corpus/realistic r69–r88, s60–s69): each kind a whole proof showed, read
// back through the Checker as the CLI and the report do.
import { describe, expect, it } from 'vitest';
import { Checker } from './checker';
import { relationPairs } from './compute/chains';
import type { ComputationFinding } from './types';

const check = (text: string): ComputationFinding[] => new Checker({ symbolic: false }).check({ text, format: 'markdown' }).computations;
const squash = (tex: string) => tex.replace(/\s+/g, '');
/** The finding whose left side is `left` (and whose operator is `op`, when given). */
const find = (text: string, left: string, op?: string) => check(text).find((c) => squash(c.left) === squash(left) && (op === undefined || c.op === op));

describe('\\big( … \\big) without a side', () => {
  it('closes at \\big), so the relation after it is read and a slip in it fails', () => {
    const text = 'For all real $x$,\n$$2\\big((1-x)^2 - 4(1-x) + 2\\big) = 2x^2 + 4x + 2.$$\n';
    const f = find(text, '2\\big((1-x)^2 - 4(1-x) + 2\\big)');
    expect(f?.status).toBe('fails');
    expect(find(text.replace('4x + 2.', '4x - 2.'), '2\\big((1-x)^2 - 4(1-x) + 2\\big)')?.status).toBe('holds');
  });

  it('splits a chain after \\Big[ … \\Big] at its relation', () => {
    expect(relationPairs('\\Big[x + 1\\Big]^2 = x^2 + 2x + 1', 0).map((p) => `${p.left.tex} ${p.op} ${p.right.tex}`)).toEqual(['\\Big[x + 1\\Big]^2 = x^2 + 2x + 1']);
  });
});

describe('a "holds" names the domains it rests on', () => {
  it('names a stated domain the relation needs (2^n ≥ n² only for n ≥ 4), not one it does not', () => {
    const f = find('Prove that $2^n \\ge n^2$ for every integer $n \\ge 4$.', '2^n');
    expect(f?.status).toBe('holds');
    expect(f?.message).toMatch(/^Holds under \$n \\ge 4\$/);
    const g = find('Let $x \\in [0, 1]$. Then $$x^2 \\le x.$$', 'x^2');
    expect(g?.hypotheses).toEqual(['0 \\le x \\le 1']);
    expect(find('For all $t \\in [0, 1]$ we have $$(t+1)^2 = t^2 + 2t + 1.$$', '(t+1)^2')?.message).toMatch(/^Holds numerically/);
  });

  it('says where it held only on the positive reals the checker samples and the text never stated', () => {
    const f = find('We have $$|a + b| = |a| + |b|.$$', '|a + b|');
    expect(f?.status).toBe('holds');
    expect(f?.message).toContain('a > 0 \\text{ (assumed, not read)}');
    expect(find('We have $$(a + b)^2 = a^2 + 2ab + b^2.$$', '(a + b)^2')?.message).toMatch(/^Holds numerically/);
  });

  it('names an order between variables it needed (a ≥ b ≥ c) and lists a hypothesis read twice once', () => {
    const f = find('Let $a, b, c$ be reals. Prove that $a^2(b - c) + b^2(c - a) + c^2(a - b) \\ge 0$ whenever $a \\ge b \\ge c$.', 'a^2(b - c) + b^2(c - a) + c^2(a - b)');
    expect(f?.status).toBe('holds');
    expect(f?.hypotheses).toEqual(expect.arrayContaining(['a \\ge b']));
    const g = find('Prove $2^n \\ge n^2$ for $n \\ge 4$.\n\nSuppose it holds for some $n \\ge 4$. Then $$2n^2 \\ge (n+1)^2.$$', '2n^2');
    expect(g?.hypotheses?.filter((h) => h.replace(/\s+/g, '') === 'n\\ge4')).toHaveLength(1);
  });
});

describe('a relation whose variables cancel, under an equation that is not homogeneous', () => {
  const circle = 'The equation $x^2 - 6x + y^2 + 8y = 0$ describes a circle. To find its centre we complete the squares; for all real $x, y$,\n';

  it('fails at a point of the equation when L − R is one nonzero constant (s33)', () => {
    const f = find(`${circle}$$\n(x - 3)^2 + (y + 4)^2 - 25 = x^2 + y^2 + 10 - 6x + 8y .\n$$\n`, '(x - 3)^2 + (y + 4)^2 - 25');
    expect(f?.status).toBe('fails');
    const { x, y } = f!.counterexample!.assignment;
    expect(Math.abs(x * x - 6 * x + y * y + 8 * y)).toBeLessThan(1e-6);
    expect(f?.hypotheses).toEqual(['x^2 - 6x + y^2 + 8y = 0']);
  });

  it('stays silent where L − R varies (the equation may be what the text assumes) and holds where it is right', () => {
    expect(find(`${circle}$$\nx^2 + y^2 = 6x.\n$$\n`, 'x^2 + y^2')?.status).toBe('unchecked');
    expect(find(`${circle}$$\n(x - 3)^2 + (y + 4)^2 - 25 = x^2 + y^2 - 6x + 8y .\n$$\n`, '(x - 3)^2 + (y + 4)^2 - 25')?.status).toBe('holds');
  });
});

describe('"never negative" after a relation', () => {
  const text = 'Let $a, b, c$ be reals with $a \\ge b \\ge c$.\n\nSince $a \\ge b \\ge c$, the factors $a - b$ and $b - c$ are non-negative and $c - a$ is non-positive. Multiplying,\n$$(a - b)(b - c)(c - a) \\ge 0,$$\nso $P$ is never negative.\n';

  it('is a sign the text draws, not the relation taken back: a WLOG sign slip fails, its hypotheses listed once', () => {
    const f = find(text, '(a - b)(b - c)(c - a)');
    expect(f?.status).toBe('fails');
    expect(f?.hypotheses).toEqual(['a \\ge b', 'b \\ge c']);
  });

  it('still takes a relation back where "never" says it is false', () => {
    expect(find(text.replace('so $P$ is never negative.', 'which never happens.'), '(a - b)(b - c)(c - a)')?.status).toBe('unchecked');
  });
});

describe('algebra under an assumption no value satisfies (a proof by contradiction)', () => {
  const text = (display: string) =>
    `Prove that $a^2 + b^2 \\ge 2ab$ for all real $a, b$.\n\nSuppose, for contradiction, that $a^2 + b^2 < 2ab$ for some reals $a, b$. Rearranging, $a^2 - 2ab + b^2 < 0$. But\n$$${display} .$$\nSquares of real numbers are non-negative, so the left-hand side is at least zero.\n\nThat contradicts our assumption.\n`;

  it('judges an identity of analytic sides without the bounds: a slip fails, the right one holds', () => {
    const f = find(text('a^2 - 2ab + b^2 = (a + b)^2'), 'a^2 - 2ab + b^2', '=');
    expect(f?.status).toBe('fails');
    expect(f?.hypotheses).toBeUndefined();
    expect(find(text('a^2 - 2ab + b^2 = (a - b)^2'), 'a^2 - 2ab + b^2', '=')?.status).toBe('holds');
  });

  it('leaves inequalities and piecewise sides under it unchecked', () => {
    expect(find(text('(a - b)^2 < 0'), '(a - b)^2')?.status).toBe('unchecked');
    expect(find(text('|a - b| = a - b'), '|a - b|')?.status).toBe('unchecked');
  });
});

describe('an example after a display, in a sentence of its own', () => {
  it('does not fix the values of the display before it ("… \\ge 0 .$$ With $a = 3, b = 2, c = 0$: …")', () => {
    const text =
      'Assume $a \\ge b \\ge c$. Then\n$$a^2(b - c) + b^2(c - a) + c^2(a - b) = (a - b)(b - c)(a - c) \\ge 0 .$$\nWith $a = 3, b = 2, c = 0$: $9 \\cdot 2 + 4 \\cdot (-3) + 0 = 6 = 1 \\cdot 2 \\cdot 3$.\n';
    const f = find(text, 'a^2(b - c) + b^2(c - a) + c^2(a - b)');
    expect(f?.status).toBe('holds');
    expect(f?.points).toBeGreaterThan(1);
    expect(f?.hypotheses?.join(' ')).not.toContain('a = 3');
  });

  it('still reads a clause of the same sentence ("…, with $m = …$", "where $m = …$")', () => {
    const text = 'For all real $x$,\n$$2m = x^2 + 2x + 1,$$\nwith $m = \\frac{(x+1)^2}{2}$.\n';
    expect(find(text, '2m')?.status).toBe('holds');
    expect(find(text, '2m')?.hypotheses).toEqual(['m = \\frac{(x+1)^2}{2}']);
  });
});

describe('an equation solved by a vanishing factor', () => {
  it('gives no "holds under" ($dv = dx$ after $dv = e^x\\,dx$: d = 0 solves it whatever x and v are)', () => {
    const text = 'Integrate by parts with $u = x$, $dv = e^x\\,dx$:\n$$\\int_0^1 x e^x\\,dx = 1 .$$\nSimilarly, with $u = \\ln x$ and $dv = dx$,\n$$\\int_1^e \\ln x\\,dx = 1 .$$\n';
    const f = check(text).find((c) => squash(`${c.left}=${c.right}`) === 'dv=dx');
    expect(f?.status).toBe('unchecked');
  });

  it('still holds on a curve where the solved variable varies (unit circle)', () => {
    const text = 'Let $(x, y)$ be a point with $x^2 + y^2 = 1$. Then\n$$(x + y)^2 + (x - y)^2 = 2 .$$\n';
    const f = find(text, '(x + y)^2 + (x - y)^2');
    expect(f?.status).toBe('holds');
    expect(f?.hypotheses).toContain('x^2 + y^2 = 1');
  });
});

describe('an induction labelled "Base …: … Step: …"', () => {
  it('does not carry the base case\'s n = 1 into the step (it said "Holds under $n = 1$", read as "only for n = 1")', () => {
    const text = '## Proof\n\nWe use induction on $n$.\n\nBase $n=1$: $1 = 1\\cdot 2/2$.\nStep: $n(n+1)/2 + n + 1 = (n+1)(n+2)/2$.\n\nHence the claim holds.\n';
    const step = find(text, 'n(n+1)/2 + n + 1');
    expect(step?.status).toBe('holds');
    expect(step?.hypotheses ?? []).toEqual([]);
    expect(step?.message).toMatch(/^Holds numerically/);
    // A slip in the step is never said to hold (a bare "Step: A = B" may be the goal stated: unchecked).
    expect(find(text.replace('(n+1)(n+2)/2$.', '(n+1)(n+3)/2$.'), 'n(n+1)/2 + n + 1')?.status).not.toBe('holds');
    // "Step." as a label too, and the base case itself still read at n = 1.
    expect(find(text.replace('Step:', '**Step.**'), 'n(n+1)/2 + n + 1')?.hypotheses ?? []).toEqual([]);
  });
});
