// Two verification runs of the same proof side by side (different models or settings): per step, how
// often each run flagged it, and whether the two runs agree on it.
import type { StepConsensus, VerifyResult } from './results';

export interface StepComparison {
  id: string;
  label: string;
  /** Share of samples that flagged the step, in each run (0 when the run has no samples). */
  rateA: number;
  rateB: number;
  /** A step "is flagged" by a run when at least half of its samples flagged it. */
  flaggedA: boolean;
  flaggedB: boolean;
  agree: boolean;
}

export interface RunComparison {
  runA: string;
  runB: string;
  scoreA: number | null;
  scoreB: number | null;
  steps: StepComparison[];
  /** Share of steps on which both runs agree (flagged or not). */
  agreement: number | null;
  /** Steps present in one run's result but not the other's (the document changed between runs). */
  unmatched: { run: 'A' | 'B'; label: string }[];
}

const rate = (s: StepConsensus | undefined, samples: number) => (s && samples > 0 ? s.flags / samples : 0);

export function compareRuns(a: VerifyResult, b: VerifyResult): RunComparison {
  const stepsB = new Map(b.steps.map((s) => [s.id, s]));
  const idsA = new Set(a.steps.map((s) => s.id));
  const steps: StepComparison[] = [];
  for (const stepA of a.steps) {
    const stepB = stepsB.get(stepA.id);
    if (!stepB) continue;
    const rateA = rate(stepA, a.samples.length);
    const rateB = rate(stepB, b.samples.length);
    const flaggedA = rateA > 0 && rateA >= 0.5;
    const flaggedB = rateB > 0 && rateB >= 0.5;
    steps.push({ id: stepA.id, label: stepA.label, rateA, rateB, flaggedA, flaggedB, agree: flaggedA === flaggedB });
  }
  const unmatched = [
    ...a.steps.filter((s) => !stepsB.has(s.id)).map((s) => ({ run: 'A' as const, label: s.label })),
    ...b.steps.filter((s) => !idsA.has(s.id)).map((s) => ({ run: 'B' as const, label: s.label })),
  ];
  return {
    runA: a.runId,
    runB: b.runId,
    scoreA: a.score,
    scoreB: b.score,
    steps,
    agreement: steps.length ? steps.filter((s) => s.agree).length / steps.length : null,
    unmatched,
  };
}
