// The one run-settings resolver: the defaults every surface starts from (CLI `verify`/`prove`, the
// app's engine, serve mode, which runs the same engine) and how a run's explicit arguments and the
// saved settings combine. Sampling follows the DeepSeekMath-V2 released code (temperature 1.0,
// top-p 0.95); the seed base 0 makes a run reproducible on backends that honour seeds.
import { DEFAULT_SEARCH, type SearchParams } from './search';

/**
 * The prompt profile when none is chosen (CLI `--profile`, the app's settings, serve mode): `labelled`
 * shows the verifier the steps as [S1], [S2]… so its findings land on steps, and it works with the
 * small general models a workbench runs locally. The released DeepSeekMath-V2 prompt stays one
 * `--profile deepseek-math-v2` (or a setting) away, and catalogue entries name their own.
 */
export const DEFAULT_PROFILE = 'labelled' as const;

/** Sampling of every model call unless overridden: call i of a kind gets seed + i. */
export const DEFAULT_SAMPLING = { temperature: 1, topP: 0.95, maxTokens: 8192, seed: 0 } as const;

/**
 * Verify defaults: m = 4 verifier samples, no meta-verification, no extraction pass. Extraction is
 * off as in the CLI, where `--extract` is opt-in (`options.extract ?? false`): it costs one more model
 * call for every sample whose findings could not be placed, and the default `labelled` profile already
 * asks the verifier to name its steps ([S2]), so most findings are placed without it.
 */
export const DEFAULT_VERIFY = { samples: 4, meta: false, extract: false } as const;

/** Which prompt profiles get the checker's evidence (see `verifyEvidence`). */
export interface EvidenceSettings {
  /** Show the verifier the checker's verified/refuted computations (default true). */
  evidence?: boolean;
  /** Also with deepseek-math-v2, whose released prompt otherwise stays as released (default false). */
  evidenceWithDeepseek?: boolean;
}

/**
 * Whether a verification with `profile` shows the verifier the checker's evidence: on by default,
 * except with the deepseek-math-v2 profile (that model was trained without it) unless asked for.
 */
export function verifyEvidence(profile: string, settings: EvidenceSettings = {}): boolean {
  return (settings.evidence ?? true) && (profile !== 'deepseek-math-v2' || (settings.evidenceWithDeepseek ?? false));
}

/** A verification's settings: explicit arguments over the saved settings over the defaults. */
export function resolveVerify<P extends string>(
  saved: { profile: P; verify?: Partial<{ samples: number; meta: boolean; extract: boolean }> & EvidenceSettings },
  args: { samples?: number; meta?: boolean; profile?: P } = {},
): { profile: P; samples: number; meta: boolean; evidence: boolean; extract: boolean } {
  const profile = args.profile ?? saved.profile;
  return {
    profile,
    samples: args.samples ?? saved.verify?.samples ?? DEFAULT_VERIFY.samples,
    meta: args.meta ?? saved.verify?.meta ?? DEFAULT_VERIFY.meta,
    evidence: verifyEvidence(profile, saved.verify),
    extract: saved.verify?.extract ?? DEFAULT_VERIFY.extract,
  };
}

/** A proof search's settings: explicit arguments over the saved settings over `DEFAULT_SEARCH`. */
export function resolveProve(saved: { prove?: Partial<SearchParams> }, args: Partial<SearchParams> = {}): SearchParams {
  const pick = <K extends keyof SearchParams>(key: K): SearchParams[K] => args[key] ?? saved.prove?.[key] ?? DEFAULT_SEARCH[key];
  return { candidates: pick('candidates'), samples: pick('samples'), rounds: pick('rounds'), topK: pick('topK') };
}
