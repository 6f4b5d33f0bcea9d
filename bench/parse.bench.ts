// Parser cost on long model outputs, as a ratio against one plain regex scan of the same text
// (baseline, measured in the same run): a realistic ~250 kB verifier answer, and an adversarial one
// full of unclosed `\boxed{` (cut-off output) that a per-box brace scan would make quadratic.
// Run alone: `npx tsx bench/parse.bench.ts`. Exports `run()` for bench/run.ts.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseGeneration, parseVerification } from '../app/prompts/parse';
import { timeMs, type BenchResult } from './types';




/** One pass over the text: what any reader of the answer costs at least. */
function scanOnce(text: string): number {
  return (text.match(/\\boxed\s*\{|"[^"\n]*"|\n/g) ?? []).length;
}

export async function run(): Promise<BenchResult[]> {
  const sample = readFileSync(new URL('../resources/samples/outputs/cauchy-equation.deepseek.verify.txt', import.meta.url), 'utf8');
  const body = sample.slice(0, sample.lastIndexOf('Based on my evaluation'));
  const cases = {
    'long verifier answer (~250 kB)': `${body.repeat(Math.ceil(250_000 / body.length))}Based on my evaluation, the final overal score should be:\n\\boxed{0.5}`,
    'cut-off text with 20k unclosed \\boxed{': `${'\\boxed{'.repeat(20_000)}`,
  };
  const results: BenchResult[] = [];
  for (const [name, text] of Object.entries(cases)) {
    const baseline = timeMs(() => scanOnce(text));
    const value = timeMs(() => {
      parseVerification(text, 'stop', 'deepseek-math-v2');
      parseGeneration(text, 'stop', 'labelled');
    });
    results.push({ name: `parse: ${name}`, value, unit: 'ms', baseline, ratio: value / baseline, note: 'parseVerification + parseGeneration vs one regex scan; lower is better' });
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run()) {
    console.log(`${r.name}: ${r.value.toFixed(1)} ${r.unit} (baseline ${r.baseline.toFixed(2)} ${r.unit}, ratio ${r.ratio.toFixed(1)})`);
  }
}
