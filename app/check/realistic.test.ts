// The realistic corpora (corpus/realistic/): complete correct proofs in olympiad and university style
// get no `fails` at all, and homework proofs with one planted slip get it flagged at the slip with a
// counterexample the Compute Engine confirms, in at least 90% of them. `npx tsx
// app/check/corpus/report.ts` prints the same figures.
import { describe, expect, it } from 'vitest';
import { scoreRealisticCorpus } from './corpus/score';

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
});
