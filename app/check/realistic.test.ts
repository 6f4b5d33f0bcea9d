// The realistic corpora (corpus/realistic/): complete correct proofs in olympiad and university style
// get no `fails` at all, and homework proofs with one planted slip get it flagged at the slip with a
// counterexample the Compute Engine confirms, in at least 90% of them. `npx tsx
// app/check/corpus/report.ts` prints the same figures.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main';
import { captureIO } from '../cli/testing/capture-io';
import { scoreRealisticCorpus } from './corpus/score';
import type { ComputationFinding } from './types';

describe('realistic corpora', () => {
  const score = scoreRealisticCorpus();

  it('has at least 30 correct proofs and 40 proofs with a planted slip', () => {
    expect(score.correctProofs).toBeGreaterThanOrEqual(30);
    expect(score.slipProofs).toBeGreaterThanOrEqual(40);
  });

  it('raises no fails on any correct proof', () => {
    const alarms = score.proofs.filter((p) => !p.slip).flatMap((p) => p.falseAlarms.map((f) => `${p.file}: ${f.message}`));
    expect(alarms).toEqual([]);
  });

  it('flags ≥ 90% of planted slips at the slip with a confirmed counterexample, and nothing else', () => {
    const beside = score.proofs.filter((p) => p.slip).flatMap((p) => p.falseAlarms.map((f) => `${p.file}: ${f.message}`));
    expect(beside).toEqual([]);
    expect(score.confirmedRecall).toBeGreaterThanOrEqual(0.9);
  });

  // The corpus is scored with one Checker for every file (its caches carry from proof to proof); the
  // CLI checks each file afresh, with the symbolic upgrade on. Both must raise the same alarms: a
  // difference once went unexplained (r40, tenth session), and the report's figures stand for the CLI.
  it('raises the same fails through `proofwright check FILE --json` as in the score, file by file', async () => {
    const root = join(import.meta.dirname, 'corpus', 'realistic');
    const fails = (list: readonly ComputationFinding[]) => list.filter((c) => c.status === 'fails').map((c) => `${c.left} ${c.op} ${c.right}`).sort();
    const scored = new Map(score.proofs.map((p) => [p.file, fails(p.fails)]));
    const differing: string[] = [];
    for (const kind of ['correct', 'slips']) {
      for (const file of readdirSync(join(root, kind)).filter((f) => f.endsWith('.md')).sort()) {
        const io = captureIO(join(root, kind));
        await main(['check', file, '--json'], io);
        const cli = fails((JSON.parse(io.out) as { computations: ComputationFinding[] }).computations);
        const mine = scored.get(`${kind}/${file}`) ?? [];
        if (JSON.stringify(cli) !== JSON.stringify(mine)) differing.push(`${kind}/${file}: cli ${JSON.stringify(cli)} vs score ${JSON.stringify(mine)}`);
      }
    }
    expect(differing).toEqual([]);
  }, 240_000);
});
