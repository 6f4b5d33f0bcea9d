// Contract shapes of the search workbench (issue 15): the call/time estimate shown before a run
// starts, resuming a run from its record, and grading against a reference (reference solution and
// marking scheme files beside the proof).
import { z } from 'zod';
import { int, nonNegInt } from './primitives';

/** What `estimateRun` is asked: a verify run (samples, meta, extract) or a search (n, m, T, k); unset fields come from the settings. */
export const RunEstimateRequestSchema = z.strictObject({
  kind: z.enum(['verify', 'prove']),
  candidates: int.positive().max(1024).optional(),
  samples: int.positive().max(1024).optional(),
  rounds: nonNegInt.max(64).optional(),
  topK: int.positive().max(1024).optional(),
  meta: z.boolean().optional(),
  /** Verify with the extraction pass (up to one more call per sample). */
  extract: z.boolean().optional(),
});

/**
 * Model calls of a run (an upper bound: app/common/search.ts estimateSearchCalls) and its estimated
 * wall time from the speed this backend showed in this workspace's earlier runs (null: no measurement
 * yet, or no backend loaded).
 */
export const RunEstimateSchema = z.looseObject({
  calls: z.object({ proofs: nonNegInt, verifications: nonNegInt, total: nonNegInt }),
  /** Milliseconds, or null when there is nothing measured to estimate from. */
  timeMs: z.number().nonnegative().nullable(),
  speed: z.object({
    proofMs: z.number().nullable(),
    verifyMs: z.number().nullable(),
    tokensPerSecond: z.number().nullable(),
    calls: nonNegInt,
  }),
  /** Calls issued at once (the settings' concurrency). */
  concurrency: int.positive(),
  /** The loaded backend's spec the speed was measured for (null: none loaded). */
  backend: z.string().nullable(),
});

/** `resumeRun`: continue a cancelled or interrupted verify/prove run of the open document from its record. */
export const ResumeRunRequestSchema = z.strictObject({ docId: z.string().min(1).max(200), runId: z.string().min(1).max(200) });

export type RunEstimateRequest = z.output<typeof RunEstimateRequestSchema>;
export type RunEstimate = z.output<typeof RunEstimateSchema>;

/** Grading against a reference (verify): the official solution, the marking scheme and the top of the points scale. */
export const GradingArgSchema = z.strictObject({
  reference: z.string().min(1).max(1_000_000),
  rubric: z.string().max(1_000_000),
  points: int.positive().max(100),
});

/** The reference solution and marking scheme beside a document (`NAME.reference.md`, `NAME.rubric.md`); '' when missing. */
export const GradingFilesSchema = z.looseObject({
  reference: z.string(),
  rubric: z.string(),
  /** False for a document never saved: it has no place for sibling files yet. */
  saved: z.boolean(),
});
export const GradingFilesArgSchema = z.strictObject({ docId: z.string().min(1).max(200) });
export const SaveGradingArgSchema = z.strictObject({ docId: z.string().min(1).max(200), reference: z.string().max(1_000_000), rubric: z.string().max(1_000_000) });

export type GradingArg = z.output<typeof GradingArgSchema>;
export type GradingFiles = z.output<typeof GradingFilesSchema>;
