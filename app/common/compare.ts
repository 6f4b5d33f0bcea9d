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
  /**
   * Steps one run verified that lie outside the other run's selection (that run verified part of the
   * proof): not compared, and not changes ("7 steps changed" was said of a selection: rev21 F5).
   */
  outsideSelection: { run: 'A' | 'B'; label: string }[];
  /** Each run's scope in words: "selection S2–S3" for a run on a selection, null for the whole proof. */
  scopeA: string | null;
  scopeB: string | null;
}

/** Which of the two runs verified a selection (the run summary's `selection`): their results hold its steps only. */
export interface CompareScopes {
  selectionA?: boolean;
  selectionB?: boolean;
}

/** How `agreement` counts, said beside it wherever it is shown (a step at 33% against 0% "agrees": rev20 F5). */
export const AGREEMENT_RULE = 'a run counts a step as flagged when at least half of its verdicts flag it';

const rate = (s: StepConsensus | undefined, samples: SampleVerdicts) => (s ? verdictShare(s.flags, samples).rate : 0);

/** "selection S2–S3" (the first and last step a selection's run verified; "selection S4" for one). */
export function selectionScope(result: Pick<VerifyResult, 'steps'>): string {
  const first = result.steps[0]?.label;
  const last = result.steps[result.steps.length - 1]?.label;
  return !first ? 'selection' : first === last ? `selection ${first}` : `selection ${first}–${last}`;
}

/**
 * Per-step comparison of two verify runs of one proof (steps matched by id). `scopes` says which runs
 * verified a selection: steps the other run has outside it are `outsideSelection`, not `unmatched`.
 */
export function compareRuns(a: VerifyResult, b: VerifyResult, scopes: CompareScopes = {}): RunComparison {
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
  const onlyA = a.steps.filter((s) => !stepsB.has(s.id)).map((s) => ({ run: 'A' as const, label: s.label }));
  const onlyB = b.steps.filter((s) => !idsA.has(s.id)).map((s) => ({ run: 'B' as const, label: s.label }));
  // A step only A has is outside B's selection when B verified one (and the other way round).
  const unmatched = [...(scopes.selectionB ? [] : onlyA), ...(scopes.selectionA ? [] : onlyB)];
  const outsideSelection = [...(scopes.selectionB ? onlyA : []), ...(scopes.selectionA ? onlyB : [])];
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
    outsideSelection,
    scopeA: scopes.selectionA ? selectionScope(a) : null,
    scopeB: scopes.selectionB ? selectionScope(b) : null,
  };
}

/** "7 steps changed between the runs · 5 steps outside the selection of A, not compared" (null: none of either). */
export function unmatchedWording(comparison: Pick<RunComparison, 'unmatched' | 'outsideSelection'>): string | null {
  const steps = (n: number) => `${n} step${n === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (comparison.unmatched.length > 0) parts.push(`${steps(comparison.unmatched.length)} changed between the runs`);
  for (const run of ['A', 'B'] as const) {
    const outside = comparison.outsideSelection.filter((s) => s.run !== run).length;
    if (outside > 0) parts.push(`${steps(outside)} outside the selection of ${run}, not compared`);
  }
  return parts.length ? parts.join(' · ') : null;
}
