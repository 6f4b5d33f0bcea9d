// Keystroke cost in the editor: re-mapping a 400-line proof through a one-character edit
// (remapDocument + remapAnnotations, which re-parses only the blocks around the edit) against a full
// parseProof of the same text, measured in the same run. Lower is better: ratio = remap / parse.
// Run alone: `npx tsx bench/remap.bench.ts`.
import { pathToFileURL } from 'node:url';
import type { Annotation } from '../app/common/annotations';
import { parseProof, remapAnnotations, remapDocument } from '../app/proof';
import { syntheticProof } from '../app/proof/synthetic';
import { median, type BenchResult } from './types';

const quick = process.env.BENCH_QUICK === '1';


export async function run(): Promise<BenchResult[]> {
  const text = syntheticProof(400);
  const lines = text.split('\n').length;
  const doc = parseProof(text);
  const annotations: Annotation[] = doc.steps.map((step, i) => ({
    id: `a${i}`,
    stepId: step.id,
    range: { start: step.range.start, end: Math.min(step.range.end, step.range.start + 12) },
    severity: 'gap',
    message: 'bench',
    mappedBy: 'quote',
    provenance: { source: 'verifier', verdict: 'unchecked' },
  }));
  // Typing positions spread over the document: just after a letter that follows a space.
  const positions = [...text.matchAll(/ [a-z]/g)].map((m) => m.index + 2);
  const reps = quick ? 15 : 120;
  const warmup = quick ? 3 : 15;
  const parseMs: number[] = [];
  const remapMs: number[] = [];
  for (let rep = 0; rep < warmup + reps; rep++) {
    const at = positions[Math.floor((rep * positions.length) / (warmup + reps))];
    const edit = { start: at, end: at, text: 'x' };
    // Alternate the two sides so background load falls on both.
    let t = performance.now();
    const next = remapDocument(doc, edit);
    remapAnnotations(annotations, doc, next, edit);
    const remap = performance.now() - t;
    t = performance.now();
    parseProof(next.text);
    const parse = performance.now() - t;
    if (rep < warmup) continue;
    remapMs.push(remap);
    parseMs.push(parse);
  }
  const value = median(remapMs);
  const baseline = median(parseMs);
  return [
    {
      name: 'proof: remap one-char edit vs full parse (400-line Markdown)',
      value,
      unit: 'ms',
      baseline,
      ratio: value / baseline,
      note: `${lines} lines, ${doc.steps.length} steps, ${annotations.length} annotations; median of ${reps}; lower is better`,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
