// Stress for the editor's incremental checker (app/check/checker.ts, incremental.ts): over many real
// documents (three files joined per document), random edits of the kinds that move context (definitions,
// suppositions, case labels, "otherwise", sign words, paragraph breaks), each followed by a re-check of a
// warm Checker and a fresh Checker's check of the same text; prints how many reports differ (must be 0).
// `DIRS=app/check/corpus/realistic/correct:/path/review/ok RUNS=3 SEED=1 npx tsx bench/check-incremental.ts`
// The unit test (app/check/incremental.test.ts) runs the same property on one document; this runs it on
// the reviewers' sets after a change to what the checker reads from context.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseProof } from '../app/proof';
import { Checker, type CheckReport } from '../app/check/checker';
const seen = (r: CheckReport) => JSON.stringify({ lint: r.lint, computations: r.computations, annotations: r.annotations });
const dirs = (process.env.DIRS ?? '').split(':').filter(Boolean);
const files = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.md')).map((f) => join(d, f)));
const snippets = ['', ' ', 'x', '1', '+ 1', '\n\n', '$', 'Let $m = 2$. ', 'Let $n = 5$. ', 'Suppose that $x = 2y$. ', '**Case 2.** ', 'where $a = b + 1$', 'for $n = 1$ ', ', which is absurd', 'Otherwise, ', 'Let $x$ be negative. ', 'a contradiction. ', 'Assume $x > 1$. ', '## Part (b)\n\n', 'Let $a < b$ be integers. '];
let bad = 0, runs = 0;
const seed = Number(process.env.SEED ?? 1);
for (let k = 0; k < files.length; k += 3) {
  const base = [files[k], files[k + 1], files[k + 2]].filter(Boolean).map((f) => readFileSync(f, 'utf8')).join('\n\n');
  const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat({ max: 12 }), insert: fc.constantFrom(...snippets) });
  const samples = fc.sample(fc.array(edit, { minLength: 1, maxLength: 4 }), { numRuns: Number(process.env.RUNS ?? 3), seed: seed + k });
  for (const edits of samples) {
    const checker = new Checker(); let text = base; checker.check(parseProof(text, 'markdown'));
    for (const e of edits) {
      const at = Math.floor(e.at * text.length); text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
      runs++;
      const a = seen(checker.check(parseProof(text, 'markdown'))); const b = seen(new Checker().check(parseProof(text, 'markdown')));
      if (a !== b) { bad++; if (bad <= 3) console.log('MISMATCH', files[k], JSON.stringify(edits)); }
    }
  }
}
console.log(`${files.length} files, ${runs} edits checked, ${bad} mismatches`);
