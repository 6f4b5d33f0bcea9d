// Checker cost in the editor: a 400-line Markdown proof with 200 display equations. Baseline: a cold
// whole-document check (fresh Checker, memo tables cleared: every fragment parsed by KaTeX and by the
// Compute Engine, every relation sampled). Value: the median re-check after a one-fragment edit with
// a warm Checker (only the edited fragment is re-parsed). Numeric checks only, as in the editor (the
// symbolic simplifier is for batch runs). Lower is better: ratio = incremental / whole.
// Run alone: `npx tsx bench/check.bench.ts`.
import { pathToFileURL } from 'node:url';
import { Checker, clearCheckerCaches } from '../app/check';
import { parseProof } from '../app/proof';
import { median, type BenchResult } from './types';

const quick = process.env.BENCH_QUICK === '1';


const TEMPLATES: ((a: number, b: number) => string)[] = [
  (a) => `(x + ${a})^2 = x^2 + ${2 * a}x + ${a * a}`,
  (a, b) => `\\sum_{k=1}^{n} (${a}k + ${b}) = \\frac{${a}n(n+1)}{2} + ${b}n`,
  (a) => `\\frac{1}{x} - \\frac{1}{x + ${a}} = \\frac{${a}}{x(x + ${a})}`,
  (a, b) => `${a}(y - ${b}) + ${b}(y + ${a}) = ${a + b}y`,
  (a) => `\\binom{n + ${a}}{2} = \\frac{(n + ${a})(n + ${a - 1})}{2}`,
  (a) => `\\sin^2 t + \\cos^2 t = 1 \\le ${a + 1}`,
  (a, b) => `\\begin{aligned} (a + ${b})(a - ${b}) &= a^2 - ${b * b} \\\\ &< a^2 + ${a} \\end{aligned}`,
  (a) => `2^{m + ${a}} = ${2 ** a} \\cdot 2^m`,
];

/** 400 lines: 200 blocks of one sentence line (with inline math) and one display-equation line. */
export function syntheticComputationProof(displays = 200): string {
  const lines: string[] = [];
  for (let i = 0; i < displays; i++) {
    const a = (i % 7) + 1;
    const b = (i % 5) + 2;
    lines.push(`Step ${i + 1}: for $x > 0$ and $n \\ge 1$ we compute, using the previous line with $c_{${i}} = ${a}$,`);
    lines.push(`$$${TEMPLATES[i % TEMPLATES.length](a, b)}$$`);
  }
  return lines.join('\n') + '\n';
}

export async function run(): Promise<BenchResult[]> {
  const base = syntheticComputationProof(200);
  const lineCount = base.split('\n').length - 1;
  const wholeReps = quick ? 2 : 4;
  const wholeMs: number[] = [];
  let counts = '';
  for (let rep = 0; rep < wholeReps; rep++) {
    const doc = parseProof(base, 'markdown');
    clearCheckerCaches();
    const t = performance.now();
    const report = new Checker().check(doc);
    wholeMs.push(performance.now() - t);
    const by = (s: string) => report.computations.filter((c) => c.status === s).length;
    counts = `${report.stats.fragments} fragments, ${report.computations.length} relations (${by('holds')} hold, ${by('fails')} fail, ${by('unchecked')} unchecked)`;
  }

  // Incremental: a warm checker, then edits to one display at a time (each edit a new formula).
  const checker = new Checker();
  let text = base;
  checker.check(parseProof(text, 'markdown'));
  const reps = quick ? 15 : 60;
  const warmup = 5;
  const editMs: number[] = [];
  let reparsed = 0;
  for (let rep = 0; rep < warmup + reps; rep++) {
    // Insert "+ 0" before the closing $$ of display number k (a true edit: still an identity).
    const k = (rep * 37) % 200;
    let at = -1;
    for (let i = 0, from = 0; i <= k; i++) {
      const open = text.indexOf('\n$$', from);
      at = text.indexOf('$$\n', open + 3);
      from = at + 3;
    }
    text = `${text.slice(0, at)} + 0${text.slice(at)}`;
    const doc = parseProof(text, 'markdown');
    const t = performance.now();
    const report = checker.check(doc);
    const ms = performance.now() - t;
    if (rep < warmup) continue;
    editMs.push(ms);
    reparsed = Math.max(reparsed, report.stats.lintParsed);
  }
  const whole = median(wholeMs);
  const edit = median(editMs);
  return [
    {
      name: 'check: incremental re-check after a one-fragment edit vs whole document (400 lines, 200 displays)',
      value: edit,
      unit: 'ms',
      baseline: whole,
      ratio: edit / whole,
      note: `${lineCount} lines, ${counts}; whole = cold check, median of ${wholeReps}; edit = median of ${reps} (≤ ${reparsed} fragment re-parsed per edit); target: edit < 16 ms; lower is better`,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
