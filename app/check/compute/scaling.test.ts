// A long proof that states facts about many names (`$x_{k} \ge k$` and a bound on x and y in every line, Greek names
// with a number for index) was checked in time quadratic in its length: 3,000 lines took minutes, and the engine,
// which checks on its event loop after opening a file, answered nothing meanwhile. Counted here in work done (facts
// read per formula, sides parsed per check), not in time, so a busy machine cannot make these pass or fail.
import { describe, expect, it } from 'vitest';
import { Checker } from '../checker';
import type { CheckFragment } from '../types';
import { fragmentSetting } from '.';
import { documentContext } from './context';

/** `lines` lines in the reported shape: a `## Part` heading every 100 lines. */
function longProof(lines: number, line: (k: number) => string): string {
  const out: string[] = [];
  for (let k = 1; k <= lines; k++) {
    if (k % 100 === 1) out.push(`\n## Part ${k - 1}\n`);
    out.push(line(k));
  }
  return out.join('\n');
}

const BOUNDS = (k: number) => `Line ${k}: since $x_{${k}} \\ge ${k}$ we have $(x+${k})^2 \\le y$.`;

function inlineFragments(text: string): CheckFragment[] {
  return [...text.matchAll(/\$([^$]+)\$/g)].map((m) => ({ tex: m[1], contentOffset: m.index + 1, display: false, range: { start: m.index, end: m.index + m[0].length } }));
}

describe('a long proof with facts about many names', () => {
  it('reads for `x_{2000} \\ge 2000` none of the 1,999 facts about x before it, and every one for a formula in x', () => {
    const text = longProof(2000, BOUNDS);
    const fragments = inlineFragments(text);
    const ctx = documentContext(text, fragments.map((f) => ({ tex: f.tex, start: f.contentOffset, end: f.contentOffset + f.tex.length, display: false })));
    const indexed = fragments.findLast((f) => f.tex.startsWith('x_{'))!;
    const inX = fragments.findLast((f) => f.tex.startsWith('(x+'))!;
    expect(indexed.tex).toBe('x_{2000} \\ge 2000');
    expect(fragmentSetting(ctx, indexed).facts.map((f) => f.tex)).toEqual([]);
    // The bounds on x and y themselves are all still in force for a formula in x and y (no fact is lost).
    expect(fragmentSetting(ctx, inX).facts).toHaveLength(1999);
  });

  it('reads for `\\alpha_{k}` only the facts about that alpha_k, and still uses them', () => {
    const text = longProof(400, (k) => `Line ${k}: suppose $\\alpha_{${k}} \\ge 1$. Then $\\alpha_{${k}} + 1 \\ge 2$.`);
    const fragments = inlineFragments(text);
    const ctx = documentContext(text, fragments.map((f) => ({ tex: f.tex, start: f.contentOffset, end: f.contentOffset + f.tex.length, display: false })));
    const last = fragments.findLast((f) => f.tex.startsWith('\\alpha_{400} +'))!;
    expect(fragmentSetting(ctx, last).facts.map((f) => f.tex)).toEqual(['\\alpha_{400} \\ge 1']);
    const findings = new Checker({ symbolic: true }).check({ text, format: 'markdown' }).computations;
    expect(findings.filter((c) => c.left.endsWith('+ 1')).every((c) => c.status === 'holds')).toBe(true);
    expect(findings.some((c) => c.status === 'fails')).toBe(false);
  });
});
