// Prints precision and recall of the checker's `fails` on the realistic corpora:
//   npx tsx app/check/corpus/report.ts
// precision = fails at a planted slip / all fails; recall = planted slips flagged at the slip / planted
// slips; and how many of those counterexamples the Compute Engine confirms on its own.
// Each corpus is scored on its own: realistic/, and round27/ (new proofs in users' shapes, written for a false-alarm hunt).
import { join } from 'node:path';
import { scoreRealisticCorpus } from './score';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const lines: string[] = [];
for (const corpus of ['realistic', 'round27']) {
  const s = scoreRealisticCorpus(join(import.meta.dirname, corpus));
  lines.push(
    `${corpus} corpus: ${s.correctProofs} correct proofs, ${s.slipProofs} proofs with one planted slip`,
    `fails reported: ${s.fails}`,
    `  false alarms on correct proofs: ${s.proofs.filter((p) => !p.slip).reduce((n, p) => n + p.falseAlarms.length, 0)}`,
    `  false alarms beside a planted slip: ${s.proofs.filter((p) => p.slip).reduce((n, p) => n + p.falseAlarms.length, 0)}`,
    `precision of fails: ${s.truePositives}/${s.fails} = ${pct(s.precision)}`,
    `recall of planted slips (flagged at the slip): ${s.truePositives}/${s.slipProofs} = ${pct(s.recall)}`,
    `  with a counterexample the Compute Engine confirms: ${s.confirmed}/${s.slipProofs} = ${pct(s.confirmedRecall)}`,
  );
  for (const p of s.proofs) {
    for (const f of p.falseAlarms) lines.push(`  FALSE ALARM ${p.file}: ${f.message}`);
    if (p.slip && !p.slip.found) lines.push(`  missed ${p.file}: slip ${p.slip.tex}`);
    else if (p.slip && !p.slip.confirmed) lines.push(`  unconfirmed ${p.file}: ${p.slip.found!.message}`);
  }
}
console.log(lines.join('\n'));
