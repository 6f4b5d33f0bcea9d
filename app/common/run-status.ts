// A finished run's status in words, for History and `proofwright runs`: a run whose loop completed
// while some of its model calls failed is not a plain "completed" (the user would take its score at
// face value).

import { formatMean as round3, type BestStanding } from './ranking';
import type { VerifyResult } from './results';

/** "completed", or "completed, 4 of 13 calls failed" when calls failed; other statuses as they are. */
export function runStatusWording(run: { status: string; calls: number; failedCalls?: number }): string {
  const failed = run.failedCalls ?? 0;
  if (failed === 0) return run.status;
  return `${run.status}, ${failed} of ${run.calls} call${run.calls === 1 ? '' : 's'} failed`;
}

/** A verify run's samples: how many gave a verdict (parsed), of how many requested. */
export interface SampleVerdicts {
  verdicts: number;
  requested: number;
}

/**
 * The samples of a stored VerifyResult (read leniently: undefined when it holds none), for listings:
 * `parsedSamples` of `samples.length`.
 */
export function sampleVerdictsOf(result: Pick<VerifyResult, 'parsedSamples' | 'samples'>): SampleVerdicts;
export function sampleVerdictsOf(result: unknown): SampleVerdicts | undefined;
export function sampleVerdictsOf(result: unknown): SampleVerdicts | undefined {
  const r = result as { parsedSamples?: unknown; samples?: unknown } | null | undefined;
  if (!r || typeof r.parsedSamples !== 'number' || !Array.isArray(r.samples)) return undefined;
  return { verdicts: r.parsedSamples, requested: r.samples.length };
}

/** A graded verify run's points: their mean over the samples that gave them (null: none did), of the scale's top. */
export type PointsMean = NonNullable<VerifyResult['points']>;

/** The points of a stored VerifyResult (read leniently: undefined when it has none: not graded). */
export function pointsOf(result: unknown): PointsMean | undefined {
  const p = (result as { points?: { max?: unknown; mean?: unknown } } | null | undefined)?.points;
  if (!p || typeof p.max !== 'number' || !(p.mean === null || typeof p.mean === 'number')) return undefined;
  return { max: p.max, mean: p.mean };
}

/**
 * "3.33/7": a graded run's mean points (two decimals at most) of the scale's top, "—/7" when no sample
 * gave points. The one figure every surface shows (run panel, score line, History, `runs`).
 */
export function pointsFigure(points: PointsMean): string {
  return `${points.mean === null ? '—' : Math.round(points.mean * 100) / 100}/${points.max}`;
}

/** "3.33/7 points" (`pointsFigure`); null when no sample gave points. */
export function pointsWording(points: PointsMean): string | null {
  return points.mean === null ? null : `${pointsFigure(points)} points`;
}

/**
 * A run's kind in words for every listing (History, `proofwright runs`, `runs show`): "verify
 * selection" for a verification of a selection, whose score is the selection's (a whole-proof "verify"
 * beside it read as the proof's score: rev21 F5), else the kind.
 */
export function runKindWording(run: { kind: string; selection?: unknown }): string {
  return run.kind === 'verify' && run.selection ? 'verify selection' : run.kind;
}

/**
 * When a run started, read from its id ("20261203T065918Z-verify-9c47ca": the UTC stamp app/store's
 * newRunId writes first); null for an id not of that form.
 */
export function runStartedAt(runId: string): Date | null {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z-/.exec(runId);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : null;
}

/** What a run listing knows of a run's outcome (app/store RunListing, the engine's RunSummary). */
export interface RunOutcomeFacts {
  kind: string;
  status: string;
  score: number | null;
  proveStatus?: ProveStatus;
  proveBest?: BestStanding;
  verdicts?: SampleVerdicts;
  points?: PointsMean;
}

/**
 * A run's score in words, the one chooser for every listing (History, `proofwright runs`, `runs show`):
 * a prove run says how its search ended, an unfinished verify run has no run score, a graded verify
 * run adds its points ("0.17 · 4/7 points", reviewer rev19 F9), a refine run's is its self-evaluation
 * ("self-evaluation 1"); else `formatScore(score)`, after `label` when one is given ("score 0.5",
 * "selection score 0.5"). `formatScore` gives the number alone (padding included, if any).
 */
export function runScoreWording(run: RunOutcomeFacts, formatScore: (score: number | null) => string, label?: string): string {
  if (run.kind === 'prove' && run.proveStatus) return proveOutcomeWording(run.proveStatus, run.score, run.proveBest);
  // A refinement's score is the refiner's own \boxed{} of its proof, not a verification (rev21 F6).
  if (run.kind === 'refine') return `self-evaluation ${formatScore(run.score)}`;
  const unfinished = unfinishedVerifyWording(run);
  if (unfinished) return unfinished;
  const points = run.points ? pointsWording(run.points) : null;
  return `${label ? `${label} ` : ''}${formatScore(run.score)}${points ? ` · ${points}` : ''}`;
}

/** "2 of 4 samples gave a verdict". */
export function verdictsWording(samples: SampleVerdicts): string {
  return `${samples.verdicts} of ${samples.requested} sample${samples.requested === 1 ? '' : 's'} gave a verdict`;
}

/**
 * "2 of 4 samples gave a verdict" when fewer samples than requested gave one, else null: said beside a
 * score that is a mean over fewer samples than were asked for (folder lines, `runs`, `runs compare`).
 */
export function missingVerdictsWording(samples: SampleVerdicts | undefined): string | null {
  return samples && samples.verdicts < samples.requested ? verdictsWording(samples) : null;
}

/** A count of samples over those that gave a verdict, in words (verdictShare). */
export interface VerdictShare {
  /** "1 of 4" when every sample gave a verdict, else "1 of 2 verdicts". */
  of: string;
  /** "2 samples gave no verdict"; null when every sample gave one. */
  noVerdict: string | null;
  /** count / verdicts, 0 when no sample gave a verdict. */
  rate: number;
}

/**
 * The one rule for "k of m samples" on every surface (step cards, hovers, Problems, F8, the CLI and
 * HTML reports, `runs compare`): `count` samples (that flagged a step, or stated a finding) out of the
 * samples that gave a verdict. A sample cut at the token limit or lost to a failed call said nothing
 * about any step: counted as "did not flag" it made 1 flag of 2 verdicts read "1 of 4" (reviewer rev19
 * F6), so the share is over the verdicts and the samples without one are named. When every sample
 * gave a verdict the words are the plain "1 of 4".
 */
export function verdictShare(count: number, samples: SampleVerdicts): VerdictShare {
  const { verdicts, requested } = samples;
  const missing = Math.max(0, requested - verdicts);
  const rate = verdicts > 0 ? count / verdicts : 0;
  if (missing === 0) return { of: `${count} of ${requested}`, noVerdict: null, rate };
  return { of: `${count} of ${verdicts} verdict${verdicts === 1 ? '' : 's'}`, noVerdict: `${missing} sample${missing === 1 ? '' : 's'} gave no verdict`, rate };
}

/** How many samples flagged a step: "1 of 4 flagged", or "1 of 2 verdicts flagged (2 samples gave no verdict)". */
export function flaggedWording(flags: number, samples: SampleVerdicts): string {
  const share = verdictShare(flags, samples);
  return `${share.of} flagged${share.noVerdict ? ` (${share.noVerdict})` : ''}`;
}

/**
 * The one rule for a verify run's score on every surface (Run panel, History, `proofwright runs`): a
 * run that did not complete (stopped, failed, interrupted) has no run score. The mean of the samples
 * that happened to finish before the stop is not the run's (reviewer rev19 F2: "cancelled · 1.00" for
 * a proof whose full run is 0.50), so it is said as "stopped: 2 of 4 samples gave a verdict, no run
 * score". Null: the run completed (or is no verify run), and its score stands as the run's.
 */
export function unfinishedVerifyWording(run: { kind: string; status: string; verdicts?: SampleVerdicts }): string | null {
  if (run.kind !== 'verify' || run.status === 'completed' || run.status === 'running') return null;
  const how = run.status === 'cancelled' ? 'stopped' : run.status;
  const counts = run.verdicts ? `${verdictsWording(run.verdicts)}, ` : '';
  return `${how}: ${counts}no run score`;
}

/** How a prove run's search can end (ProveResult.status; the store listing's and History's `proveStatus`). */
export const PROVE_STATUSES = ['passed', 'exhausted', 'cancelled', 'failed'] as const;
export type ProveStatus = (typeof PROVE_STATUSES)[number];

/** Whether `value` is one of PROVE_STATUSES (a stored result is read leniently). */
export function isProveStatus(value: unknown): value is ProveStatus {
  return (PROVE_STATUSES as readonly unknown[]).includes(value);
}

/**
 * A prove run's score in words, for History and `proofwright runs`: "passed, best mean 1",
 * "best mean 1, not a pass", "cancelled, best mean 0.5, not a pass", "failed, no verdict", "best mean 1 over 1
 * of 4 verdicts: too few to rank, not a pass" (`best`: the best candidate's standing). Its score
 * (`score`, the best candidate's mean, null when no candidate got a verdict) can be 1 for a search that
 * did not pass (a mean over fewer verdicts than verifications, or cut short), so the words say which.
 */
export function proveOutcomeWording(status: ProveStatus, score: number | null, best?: BestStanding): string {
  // The best of a search where no candidate had half its verdicts (app/common/ranking.ts): its mean is no measure of it.
  const few = best && !best.ranked ? ` over ${best.verdicts} of ${best.requested} verdicts: too few to rank` : '';
  const mean = score === null ? 'no verdict' : `best mean ${round3(score)}${few}`;
  if (status === 'passed') return `passed, ${mean}`;
  const notPass = score === null ? mean : `${mean}, not a pass`;
  return status === 'exhausted' ? notPass : `${status}, ${notPass}`;
}

/**
 * A backend spec (app/models/spec.ts) as History's model column shows it: the scheme and the file's name
 * (`scripted: demo.scripted.json`, `local: model.gguf`), a library name as it is, an OpenAI-compatible
 * model by its model name (`openai: deepseek-r1`); anything else unchanged. An absolute path wrapped
 * each row to two lines at 1280 px; the full spec goes in the cell's tooltip.
 */
export function shortModelName(spec: string): string {
  const m = /^(scripted|local|openai):(.+)$/s.exec(spec);
  if (!m) return spec;
  const [, scheme, rest] = m;
  if (scheme === 'openai') {
    const hash = rest.lastIndexOf('#');
    return hash >= 0 && hash < rest.length - 1 ? `openai: ${rest.slice(hash + 1)}` : spec;
  }
  const name = rest.replace(/^sample:/, '').split(/[\\/]/).pop() || rest;
  return `${scheme}: ${name}`;
}
