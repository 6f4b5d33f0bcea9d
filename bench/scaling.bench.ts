// Scaling of the blow-up shapes from issue 14: for each shape, parse, check and preview time at size
// n and 2n, reported as the ratio t(2n)/t(n) (value = t(2n), baseline = t(n), measured in the same
// run). Linear work gives about 2; the target is ≤ 2.5; 4 means quadratic.
// "preview" is the report's Markdown + KaTeX rendering of every step (the same KaTeX path and limits
// as the renderer's preview, which needs a DOM).
//   npm run bench -- scaling
//   PROOFWRIGHT_SCALING_SCALE=0.1 npm run bench -- scaling   (a quick run at a tenth of the sizes)
//   PROOFWRIGHT_SCALING_ONLY='long document' npm run bench -- scaling   (shapes whose name contains it)
import { pathToFileURL } from 'node:url';
import { Checker, collectMacros } from '../app/check';
import { parseProof } from '../app/proof';
import { renderMarkdownWithMath } from '../app/report/markdown';
import type { ProofDocument } from '../app/common/proof';
import { timeMs, type BenchResult } from './types';

interface Shape {
  name: string;
  /** Size n at scale 1 (the unit is the shape's own: paragraphs, levels, uses…). */
  n: number;
  make(n: number): string;
}

const MACRO_BODY = 'x^{2}+y^{2}+'.repeat(200);

const SHAPES: Shape[] = [
  { name: 'identical paragraphs', n: 10_000, make: (n) => Array(n).fill('Same paragraph with $x = 1$.').join('\n\n') },
  { name: 'nested blockquotes (>)', n: 50_000, make: (n) => `${'>'.repeat(n)} deep\n` },
  { name: 'nested \\frac', n: 2_000, make: (n) => `Then $$${'\\frac{1}{'.repeat(n)}x${'}'.repeat(n)} = 1$$\n` },
  {
    name: 'long macro used many times',
    n: 400,
    make: (n) => `$\\newcommand{\\blowup}{${MACRO_BODY}z}$\n\n${Array.from({ length: n }, (_, i) => `Step ${i}: $\\blowup + \\blowup = ${i}$.`).join('\n\n')}`,
  },
  { name: 'unclosed \\begin{align}', n: 2_000, make: (n) => Array(n).fill('\\begin{align}').join('\n') },
  // One per paragraph: the segmenter searches for each block's closer to the end of the document.
  { name: 'unclosed \\begin{align} per paragraph', n: 2_000, make: (n) => Array(n).fill('\\begin{align} x').join('\n\n') },
  // The same for display math: each unclosed \[ searched to the end for its \] (memo: createSimpleCloser).
  { name: 'unclosed \\[ per paragraph', n: 5_000, make: (n) => Array(n).fill('\\[ x').join('\n\n') },
  // A bound on x and y in every line and a fact about a new indexed name (issue: 3,000 lines took minutes): each formula
  // in x and y reads every earlier bound, each `x_{k} \\ge k` none of them.
  { name: 'facts about many indexed names', n: 1_000, make: (n) => Array.from({ length: n }, (_, i) => `${i % 100 === 0 ? `## Part ${i}\n\n` : ''}Line ${i}: since $x_{${i}} \\ge ${i}$ we have $(x+${i})^2 \\le y$.`).join('\n') },
  { name: 'Greek names with a number for index', n: 1_000, make: (n) => Array.from({ length: n }, (_, i) => `Line ${i}: suppose $\\alpha_{${i}} \\ge 1$. Then $\\alpha_{${i}} + 1 \\ge 2$.`).join('\n') },
  { name: 'plain long document', n: 20_000, make: (n) => Array.from({ length: n }, (_, i) => `Paragraph ${i}: since $a_{${i}} = ${i}$, we have $a_{${i}} + 1 = ${i + 1}$.`).join('\n\n') },
];


function preview(doc: ProofDocument): void {
  const macros = collectMacros(doc.text);
  for (const step of doc.steps) renderMarkdownWithMath(step.text, step.math, { offset: step.range.start, macros });
}

export async function run(): Promise<BenchResult[]> {
  const scale = Number(process.env.PROOFWRIGHT_SCALING_SCALE ?? 1) || 1;
  const repeats = scale < 1 ? 1 : 3;
  const results: BenchResult[] = [];
  const only = process.env.PROOFWRIGHT_SCALING_ONLY;
  for (const shape of SHAPES.filter((s) => !only || s.name.includes(only))) {
    const n = Math.max(2, Math.round(shape.n * scale));
    const texts = [shape.make(n), shape.make(2 * n)];
    const docs = texts.map((t) => parseProof(t));
    const stages: [string, (k: number) => void][] = [
      ['parse', (k) => void parseProof(texts[k])],
      ['check', (k) => void new Checker().check(docs[k])],
      ['preview', (k) => preview(docs[k])],
    ];
    for (const [stage, fn] of stages) {
      // Warm-up: JIT and caches, so t(n) does not carry start-up cost. For check, at both sizes: its memo
      // tables outlive a Checker, and t(2n) half cold while t(n) is warm would compare unlike work.
      const warm = timeMs(() => fn(0), 1);
      if (stage === 'check') fn(1);
      // A stage that takes seconds (the macro shape's preview is up to ~100 s at full scale) is timed
      // once per size, so the full run stays within tens of minutes.
      const times = warm > 5_000 ? 1 : repeats;
      const tn = timeMs(() => fn(0), times);
      const t2n = timeMs(() => fn(1), times);
      results.push({
        name: `scaling: ${stage}, ${shape.name} (n=${n})`,
        value: t2n,
        unit: 'ms',
        baseline: tn,
        ratio: t2n / tn,
        note: `t(2n)/t(n); target ≤ 2.5 (2 is linear, 4 quadratic)`,
      });
    }
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run()) console.log(`${r.name}: t(2n) ${r.value.toFixed(1)} ms, t(n) ${r.baseline.toFixed(1)} ms, ratio ${r.ratio.toFixed(2)}`);
}
