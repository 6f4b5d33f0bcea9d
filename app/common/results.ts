// Parsed model outputs and loop results. Everything here is plain JSON: it crosses processes and is stored.
import type { Annotation, Finding, Severity } from './annotations';
import type { LocatedRange } from './text';

export type Score = 0 | 0.5 | 1;

export type CallRole = 'verify' | 'meta-verify' | 'generate' | 'refine' | 'extract';

/**
 * Why a response is not a verdict. A response cut off by the token limit, or one without a valid
 * score, is never read as a pass.
 */
/**
 * Why an answer gave no verdict. 'incomplete': the server ended it without completing it (not `stop`,
 * not `length`). 'unclosed-think': the model finished (`stop`) inside a `<think>` block it never
 * closed, so all it wrote is reasoning and nothing in it is read for a score.
 */
export type UnparsedReason =
  | 'truncated' | 'no-score' | 'invalid-score' | 'no-solution' | 'empty' | 'unclosed-think' | 'error' | 'cancelled' | 'incomplete'
  /** Grading: the verdict and the points contradict each other (prompts/parse.ts gradeContradiction). */
  | 'inconsistent-grade'
  /** Grading: a valid verdict, but the points box is missing, not a whole number, or outside the scale. */
  | 'invalid-points';

export interface ParsedVerification {
  status: 'parsed' | 'unparsed';
  reason?: UnparsedReason;
  score: Score | null;
  /** The analysis text (after </think>, trimmed of the closing score line). */
  analysis: string;
  /** Reasoning text that came before </think>, kept for display, never parsed. */
  reasoning?: string;
  findings: Finding[];
}

export interface ParsedMetaVerification {
  status: 'parsed' | 'unparsed';
  reason?: UnparsedReason;
  score: Score | null;
  analysis: string;
  reasoning?: string;
}

export interface ParsedGeneration {
  status: 'parsed' | 'unparsed';
  reason?: UnparsedReason;
  solution: string;
  selfEvaluation: ParsedVerification | null;
  selfScore: Score | null;
  reasoning?: string;
}

export type SampleStatus = 'parsed' | 'unparsed' | 'failed' | 'cancelled';

export interface VerificationSample {
  index: number;
  callId: string;
  status: SampleStatus;
  reason?: UnparsedReason | string;
  score: Score | null;
  analysis: string;
  annotations: Annotation[];
  /** Points under the marking scheme (grading with a reference); null when the sample gave none. */
  points?: number | null;
  meta?: {
    callId: string;
    status: SampleStatus;
    score: Score | null;
    analysis: string;
  };
}

export interface StepConsensus {
  id: string;
  label: string;
  range: LocatedRange;
  /** Number of samples that flagged this step (critical/gap/minor). */
  flags: number;
  /** Of those flags, how many the meta-verifier confirmed. */
  confirmed: number;
  /** The most severe severity any sample gave this step, if flagged. */
  worst?: Severity;
}

export interface VerifyResult {
  runId: string;
  /** Mean score over parsed samples; null when no sample produced a verdict. */
  score: number | null;
  spread: { min: number; max: number; stdev: number } | null;
  parsedSamples: number;
  samples: VerificationSample[];
  steps: StepConsensus[];
  /** Findings that could not be tied to any step. */
  documentAnnotations: Annotation[];
  /** Present when the early-stopping rule was on. */
  earlyStop?: EarlyStopOutcome;
  /** Grading with a reference: mean points over the samples that gave a verdict, on a 0–max scale. */
  points?: { max: number; mean: number | null };
  /**
   * The whole document text the run verified (absent in records written before it was kept): what
   * tells findings and the score shown later on another text that they are about an earlier one.
   */
  text?: string;
}

/**
 * What the early-stopping rule (app/common/search.ts EarlyStopRule) decided for one proof: accepted
 * (k consecutive passes), rejected (j failures) or neither within the m samples; and the
 * verifications it did not need to issue (m − issued).
 */
export interface EarlyStopOutcome {
  decision: 'accepted' | 'rejected' | null;
  callsSaved: number;
}

export interface Candidate {
  id: string;
  round: number;
  /** Candidate this one refines, if any. */
  parentId?: string;
  proof: string;
  selfScore: Score | null;
  verifications: VerificationSample[];
  meanScore: number | null;
  /** Present when the early-stopping rule was on. */
  earlyStop?: EarlyStopOutcome;
  /**
   * Verifications the search asked for: m, less those the early-stopping rule did not need (absent in
   * records written before it was kept). What app/common/ranking.ts measures the verdicts against.
   */
  verificationsRequested?: number;
  /**
   * Other generate/refine calls whose proof was this one's (app/common/ranking.ts `normalisedProof`):
   * of the same round, and refinements of later rounds that repeated it (also listed in
   * ProveResult.unchanged; records written before they were counted here have them only there). They
   * are not verified and are no candidates, so one proof takes one place in the top k. Absent when none
   * (and in records written before it was kept). `timesProduced` = 1 + this.
   */
  duplicates?: number;
  /** The ids those calls were made under (no candidate has them), in call order; present with `duplicates`. */
  duplicateIds?: string[];
}

/**
 * A refinement whose proof is the text of a candidate already in the pool (its parent, as a rule),
 * whitespace and line endings aside: its call is counted, it is not verified and is no candidate, so
 * it cannot take a second place in the top k.
 */
export interface UnchangedRefinement {
  /** The id its call was made under (no candidate has it). */
  id: string;
  round: number;
  parentId: string;
  /** The candidate whose text it repeats (the parent, or another candidate of the pool). */
  sameAs: string;
}

export interface ProveResult {
  runId: string;
  status: 'passed' | 'exhausted' | 'cancelled' | 'failed';
  best: Candidate | null;
  candidates: Candidate[];
  rounds: number;
  calls: number;
  /** Verifications the early-stopping rule saved, over all candidates (present when it was on). */
  callsSaved?: number;
  /** Refinements that repeated a candidate's text (present when there was one). */
  unchanged?: UnchangedRefinement[];
}

/**
 * Whether any sample's findings went through meta-verification: a meta-verify call that gave a verdict
 * (parsed). Else a "confirmed" count means nothing: meta-verification was off, or every call of it failed
 * (rev16 F4: "0 confirmed" then read as "the meta-verifier rejected the findings").
 */
export function isMetaVerified(result: Pick<VerifyResult, 'samples'> | null | undefined): boolean {
  return !!result?.samples.some((s) => s.meta?.status === 'parsed');
}

/** The meta-verify calls of a run that gave no verdict (failed, cancelled or unreadable). */
export function failedMetaCalls(result: Pick<VerifyResult, 'samples'> | null | undefined): number {
  return result?.samples.filter((s) => s.meta !== undefined && s.meta.status !== 'parsed').length ?? 0;
}

/**
 * How many flags the meta-verifier confirmed, in words: "3 confirmed", or "not meta-verified" when it
 * was off (then 0 would read as "all disputed"), with "(N meta-verify calls failed)" when it was on and
 * none of its calls gave a verdict (`failedCalls`: failedMetaCalls). One wording for the CLI report, the
 * HTML report and the app.
 */
export function confirmedWording(confirmed: number, metaVerified: boolean, failedCalls = 0): string {
  if (metaVerified) return `${confirmed} confirmed`;
  return failedCalls > 0 ? `not meta-verified (${failedCalls} meta-verify call${failedCalls === 1 ? '' : 's'} failed)` : 'not meta-verified';
}
