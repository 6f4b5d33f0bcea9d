// Two verification runs of the same proof side by side (different models or settings): per step, how
// often each run flagged it, and whether the two runs agree on it.
import type { StepConsensus, VerifyResult } from './results';
import { sampleVerdictsOf, verdictShare, type SampleVerdicts } from './run-status';

export interface StepComparison {
  id: string;
  label: string;
  /**
   * Share of the run's verdicts that flagged the step (verdictShare: a sample that gave no verdict is
   * not counted as one that did not flag), in each run; 0 when the run has no verdict.
   */
  rateA: number;
  rateB: number;
  /** A step "is flagged" by a run when at least half of its verdicts flagged it. */
  flaggedA: boolean;
  flaggedB: boolean;
  agree: boolean;
}

export interface RunComparison {
  runA: string;
  runB: string;
  scoreA: number | null;
  scoreB: number | null;
  /** Each run's samples and how many gave a verdict (the denominator of rateA / rateB). */
  samplesA: SampleVerdicts;
  samplesB: SampleVerdicts;
  steps: StepComparison[];
  /** Share of steps on which both runs agree (flagged or not). */
  agreement: number | null;
  /** Steps present in one run's result but not the other's (the document changed between runs). */
  unmatched: { run: 'A' | 'B'; label: string }[];
}

/** How `agreement` counts, said beside it wherever it is shown (a step at 33% against 0% "agrees": rev20 F5). */
export const AGREEMENT_RULE = 'a run counts a step as flagged when at least half of its verdicts flag it';

const rate = (s: StepConsensus | undefined, samples: SampleVerdicts) => (s ? verdictShare(s.flags, samples).rate : 0);

export function compareRuns(a: VerifyResult, b: VerifyResult): RunComparison {
  const stepsB = new Map(b.steps.map((s) => [s.id, s]));
  const idsA = new Set(a.steps.map((s) => s.id));
  const samplesA = sampleVerdictsOf(a);
  const samplesB = sampleVerdictsOf(b);
  const steps: StepComparison[] = [];
  for (const stepA of a.steps) {
    const stepB = stepsB.get(stepA.id);
    if (!stepB) continue;
    const rateA = rate(stepA, samplesA);
    const rateB = rate(stepB, samplesB);
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
    samplesA,
    samplesB,
    steps,
    agreement: steps.length ? steps.filter((s) => s.agree).length / steps.length : null,
    unmatched,
  };
}
