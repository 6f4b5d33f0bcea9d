// Preview latency after a one-character edit on a 400-line proof: the incremental path the workbench
// uses (split into blocks, re-render only the changed block) against a full re-render of every block
// (baseline, measured in the same run). Pure render-to-tree, in Node: the React commit of one changed
// block is not included. Run alone: `npx tsx bench/preview.bench.ts`.
import { pathToFileURL } from 'node:url';
import { PreviewRenderer } from '../renderer/preview/incremental';
import { findingsByStep } from '../renderer/state/annotationsView';
import type { Annotation } from '../app/common/annotations';
import type { ProofDocument } from '../app/common/proof';
import { LineIndex } from '../app/common/text';
import { median, type BenchResult } from './types';

/** BENCH_QUICK=1: fewer repetitions, for a smoke run on a busy machine. */
const QUICK = process.env.BENCH_QUICK === '1';

/** A realistic proof: paragraphs with inline math, display blocks, align* chains, lists; ~400 lines. */
export function makeProof(lines = 400): string {
  const out: string[] = ['\\newcommand{\\Z}{\\mathbb{Z}}', '', '# Proof', ''];
  let i = 0;
  while (out.length < lines) {
    i++;
    out.push(
      `**Step ${i}.** Let $a_{${i}} = \\frac{n^{${i}} + 1}{2}$ and suppose $a_{${i}} \\in \\Z$ for all $n \\ge ${i}$.`,
      `Then by the induction hypothesis $\\sum_{k=1}^{n} k^{${i % 5}} \\le \\binom{n+${i}}{2}$, hence`,
      `$$\\int_0^1 x^{${i}}\\,dx = \\frac{1}{${i + 1}} < \\sqrt{${i}}.$$`,
      '',
      '\\begin{align*}',
      `  (a+b)^2 &= a^2 + 2ab + b^2 \\\\ &\\ge 4ab \\quad (\\text{case } ${i})`,
      '\\end{align*}',
      '',
      `- item ${i}: since $\\gcd(${i}, ${i + 1}) = 1$ we are done.`,
      '',
    );
  }
  return out.slice(0, lines).join('\n');
}


function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export async function run(): Promise<BenchResult[]> {
  const text = makeProof(400);
  const mid = text.indexOf('**Step 20.**');
  const edited = (k: number) => text.slice(0, mid + 2) + String.fromCharCode(97 + (k % 26)) + text.slice(mid + 3);

  // Baseline: every block rendered from scratch (a fresh cache each time).
  const full: number[] = [];
  for (let k = 0; k < 3; k++) new PreviewRenderer().update(text); // warm-up (JIT, KaTeX's tables)
  for (let k = 0; k < (QUICK ? 5 : 15); k++) full.push(time(() => new PreviewRenderer().update(edited(k))));

  // Incremental: one renderer, one character changed per update.
  const renderer = new PreviewRenderer();
  renderer.update(text);
  let reRendered = 0;
  const incremental: number[] = [];
  for (let k = 0; k < 5; k++) renderer.update(edited(k));
  for (let k = 0; k < (QUICK ? 31 : 101); k++) {
    incremental.push(time(() => {
      reRendered = renderer.update(edited(k + 7)).rendered;
    }));
  }

  // Laying out findings beside the steps after an edit: 400 annotations over ~160 steps.
  const index = new LineIndex(text);
  const blocks = renderer.update(text).blocks;
  const doc: ProofDocument = {
    format: 'markdown', text, body: { start: 0, end: text.length },
    steps: blocks.map((b, i) => ({ id: `s${i}`, label: `S${i + 1}`, index: i, kind: 'paragraph', range: index.locate(b), text: b.text, math: [] })),
  };
  const annotations: Annotation[] = Array.from({ length: 400 }, (_, i) => ({
    id: `a${i}`, stepId: `s${i % doc.steps.length}`, severity: i % 3 ? 'gap' : 'critical', message: 'm', mappedBy: 'label',
    provenance: { source: 'verifier', runId: 'r', sample: i % 16, verdict: i % 2 ? 'confirmed' : 'unchecked' },
  }));
  const layout: number[] = [];
  for (let k = 0; k < 51; k++) layout.push(time(() => findingsByStep(doc, annotations, new Set())));

  const inc = median(incremental);
  const base = median(full);
  return [
    {
      name: 'preview: one-character edit, 400-line proof (incremental)',
      value: Number(inc.toFixed(3)), unit: 'ms', baseline: Number(base.toFixed(3)), ratio: Number((inc / base).toFixed(4)),
      note: `median of ${incremental.length}; baseline = full re-render of ${blocks.length} blocks (median of ${full.length}); ${reRendered} block re-rendered per edit; target < 16 ms`,
    },
    {
      name: 'findings column: group 400 annotations by step',
      value: Number(median(layout).toFixed(3)), unit: 'ms', baseline: Number(base.toFixed(3)), ratio: Number((median(layout) / base).toFixed(4)),
      note: 'baseline = full preview re-render, for scale',
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void run().then((results) => {
    for (const r of results) console.log(`${r.name}: ${r.value} ${r.unit} (baseline ${r.baseline} ${r.unit}, ratio ${r.ratio})${r.note ? ` — ${r.note}` : ''}`);
  });
}
