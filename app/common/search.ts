// Search presets, the early-stopping rule's defaults and the call estimate: the one source of the
// proof-search defaults for the CLI (`prove --preset`), the engine (settings) and the app. Pure: no I/O.
//
// Sources (DESIGN.md §2):
// - `paper`: DeepSeekMath-V2 paper, high-compute search — 64 candidate proofs, each verified 64 times;
//   each iteration refines the 64 best (8 analyses each); up to 16 iterations, or until a proof
//   passes all 64 verifications.
// - `released`: DeepSeekMath-V2's released inference code — 128 proofs, 64 verifications, the top 32
//   refined, 16 rounds.
// - `quick`: Proofwright's own small search (the CLI default): a few minutes on a local model.
// - Early stopping: Huang & Yang's IMO 2025 pipeline accepts a proof after 5 consecutive passing
//   verifications and rejects it after 10 failures.

/** n, m, T, k of the search loop (app/loop/prove.ts). */
export interface SearchParams {
  /** n: candidates generated in round 0. */
  candidates: number;
  /** m: verifications per candidate. */
  samples: number;
  /** T: refinement rounds after round 0. */
  rounds: number;
  /** k: candidates refined per round. */
  topK: number;
}

/** Accept after `accept` consecutive passing verifications; reject after `reject` failures (score < 1). */
export interface EarlyStopRule {
  accept: number;
  reject: number;
}

/** The Huang–Yang pipeline's thresholds (accept after 5 consecutive passes, reject after 10 failures). */
export const HUANG_YANG_EARLY_STOP: EarlyStopRule = { accept: 5, reject: 10 };

export const SEARCH_PRESETS = {
  quick: { candidates: 4, samples: 4, rounds: 2, topK: 2 },
  paper: { candidates: 64, samples: 64, rounds: 16, topK: 64 },
  released: { candidates: 128, samples: 64, rounds: 16, topK: 32 },
} as const satisfies Record<string, SearchParams>;

export type SearchPresetName = keyof typeof SEARCH_PRESETS;
export const SEARCH_PRESET_NAMES = Object.keys(SEARCH_PRESETS) as SearchPresetName[];

/** The default search (the `quick` preset). */
export const DEFAULT_SEARCH: SearchParams = { ...SEARCH_PRESETS.quick };

/**
 * A preset with explicit values on top ("custom" is a preset plus overrides, or overrides alone on
 * the default). Undefined overrides are ignored. Throws RangeError for an unknown preset name.
 */
export function resolveSearch(preset: string | undefined, overrides: Partial<SearchParams> = {}): SearchParams {
  let base: SearchParams = DEFAULT_SEARCH;
  if (preset !== undefined && preset !== 'custom') {
    if (!(preset in SEARCH_PRESETS)) throw new RangeError(`unknown preset "${preset}" (choose ${[...SEARCH_PRESET_NAMES, 'custom'].join(', ')})`);
    base = SEARCH_PRESETS[preset as SearchPresetName];
  }
  const set = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Partial<SearchParams>;
  return { ...base, ...set };
}

/** Model calls of a search, by kind, as an upper bound. */
export interface CallEstimate {
  /** generate + refine calls. */
  proofs: number;
  /** verify calls (plus extraction passes when `extract` is on). */
  verifications: number;
  total: number;
}

/**
 * The most model calls a search can make: round 0 makes n proofs, round r ≥ 1 refines
 * min(k, pool size) of them, where the pool holds at most n + (r−1)·k proofs (or, when every proof
 * so far was unusable, regenerates min(n, k)); every proof gets m verifications (2m with the
 * extraction pass, which may follow each verification). So
 *   calls ≤ (1 + m·e) · (n + Σ_{r=1..T} min(k, n + (r−1)·k)),  e = 2 with extraction, else 1,
 * which is n(1+m) + T·k(1+m) whenever k ≤ n (both published presets). It is reached when no proof
 * passes, nothing fails, no refinement repeats a candidate's text (it is not verified: m calls fewer)
 * and early stopping is off; a passing proof ends the search sooner and early stopping ends
 * verifications sooner.
 */
export function estimateSearchCalls(params: SearchParams, options: { extract?: boolean } = {}): CallEstimate {
  const { samples: m, rounds: T } = params;
  let proofs = 0;
  for (let r = 0; r <= T; r++) proofs += plannedProofs(params, r);
  const verifications = proofs * m * (options.extract ? 2 : 1);
  return { proofs, verifications, total: proofs + verifications };
}

/**
 * The most proofs (generate or refine calls) round `round` of a search can make: n in round 0, then
 * min(k, pool size) with the pool at most n + (r−1)·k. The loop plans its calls round by round with
 * this same rule, so the run panel's "at most" and the estimate are one number.
 */
export function plannedProofs(params: SearchParams, round: number): number {
  const { candidates: n, topK: k } = params;
  return round === 0 ? n : Math.min(k, n + (round - 1) * k);
}

/** Measured speed of a backend: mean wall time of one call, by kind, from earlier run records. */
export interface MeasuredSpeed {
  /** Mean milliseconds of one generate/refine call (null: never measured). */
  proofMs: number | null;
  /** Mean milliseconds of one verify call. */
  verifyMs: number | null;
  /** Output tokens per second of one call stream (for display). */
  tokensPerSecond: number | null;
  /** How many recorded calls the means are over. */
  calls: number;
}

/**
 * Estimated wall time (ms) of `estimate` at `concurrency` calls at once, each as fast as the measured
 * mean (the backend is assumed to serve the concurrent calls at full speed: a lower bound when it
 * slows down under load). Null when a needed kind was never measured (a verification alone, with no
 * proofs, needs only the verify time).
 */
export function estimateSearchTime(estimate: CallEstimate, speed: MeasuredSpeed, concurrency: number): number | null {
  if ((estimate.proofs > 0 && speed.proofMs === null) || (estimate.verifications > 0 && speed.verifyMs === null)) return null;
  const serial = estimate.proofs * (speed.proofMs ?? 0) + estimate.verifications * (speed.verifyMs ?? 0);
  return serial / Math.max(1, concurrency);
}

/** "3 h 20 min", "12 min", "40 s", "2 d 5 h": a duration for a one-line estimate. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/**
 * The early-stopping rule over verdicts in sample order (1 = pass; 0 or ½ = failure; null = no
 * verdict, which breaks a run of passes but is not a failure): 'accepted' as soon as `accept`
 * consecutive passes are seen, 'rejected' as soon as `reject` failures are, else null (undecided).
 */
export function earlyStopDecision(verdicts: readonly (number | null)[], rule: EarlyStopRule): 'accepted' | 'rejected' | null {
  let streak = 0;
  let failures = 0;
  for (const verdict of verdicts) {
    if (verdict === 1) {
      if (++streak >= rule.accept) return 'accepted';
      continue;
    }
    streak = 0;
    if (verdict !== null && ++failures >= rule.reject) return 'rejected';
  }
  return null;
}
