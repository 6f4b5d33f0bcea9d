// The HTML report's size and time against its proof's size (NOTES: a 2 MB proof made a 163 MB report
// in ~2 min). Not a `*.bench.ts` (no baseline, the figure is bytes): a measurement to run by hand,
//   flock /tmp/bench.lock nice -n -10 npx tsx bench/report-size.ts [sizes in KB…]
// For each size: the proof of e2e/big-paste.test.ts (a line of two formulas, repeated) and a prose
// proof of as many bytes, one finding on every 10th step (app/report/testing/large-report.ts); prints
// the proof's bytes, the report's, their ratio, bytes per formula, and the time renderReport took;
// with REPORT_OUT=DIR each report is written there (for bench/report-open.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { renderReport } from '../app/report/html';
import { largeReportInput, MATH_LINE, PROSE_LINE, repeatedProof } from '../app/report/testing/large-report';

function measure(kind: string, line: string, kb: number): void {
  const text = repeatedProof(line, kb * 1000);
  const { doc, result } = largeReportInput(text);
  const t0 = performance.now();
  const html = renderReport({ title: 'size', generatedAt: new Date(0), settings: {}, entries: [{ name: 'big.md', problem: 'Show it.', doc, result }] });
  const ms = performance.now() - t0;
  const formulas = doc.steps.reduce((n, s) => n + s.math.length, 0);
  const bytes = Buffer.byteLength(html);
  const perFormula = formulas ? ` ${Math.round(bytes / formulas)} B/formula` : '';
  if (process.env.REPORT_OUT) writeFileSync(join(process.env.REPORT_OUT, `${kind}-${kb}k.html`), html);
  console.log(`${kind.padEnd(5)} proof ${(text.length / 1e6).toFixed(2)} MB → report ${(bytes / 1e6).toFixed(1)} MB (×${(bytes / text.length).toFixed(1)}${perFormula}) in ${(ms / 1000).toFixed(1)} s`);
}

const sizes = process.argv.slice(2).map(Number);
for (const kb of sizes.length ? sizes : [100, 400, 2000]) {
  measure('math', MATH_LINE, kb);
  measure('prose', PROSE_LINE, kb);
}
