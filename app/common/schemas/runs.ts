// Runs: what a verification, prove or refine run produces (mirror app/common/results.ts), the run
// listing and detail the History shows, and the methods that start, stop and read runs.
import { z } from 'zod';
import type { Candidate, ProveResult, StepConsensus, VerificationSample, VerifyResult } from '../results';
import { AnnotationSchema, LocatedRangeSchema, ScoreSchema, SeveritySchema, SourceRangeSchema } from './proof';
import { ClientPathSchema, IdSchema, RangeArg, int, method, none, nonNegInt, type MethodSchema } from './primitives';
import { GradingArgSchema, ResumeRunRequestSchema, RunEstimateRequestSchema, RunEstimateSchema } from './search';
import { PromptProfileSchema } from './settings';
import { PROVE_STATUSES } from '../run-status';

export const SampleStatusSchema = z.enum(['parsed', 'unparsed', 'failed', 'cancelled']);
export const VerificationSampleSchema: z.ZodType<VerificationSample> = z.looseObject({
  index: nonNegInt,
  callId: z.string(),
  status: SampleStatusSchema,
  reason: z.string().optional(),
  score: ScoreSchema.nullable(),
  analysis: z.string(),
  annotations: z.array(AnnotationSchema),
  meta: z
    .looseObject({ callId: z.string(), status: SampleStatusSchema, score: ScoreSchema.nullable(), analysis: z.string() })
    .optional(),
});

export const StepConsensusSchema: z.ZodType<StepConsensus> = z.looseObject({
  id: z.string(),
  label: z.string(),
  range: LocatedRangeSchema,
  flags: nonNegInt,
  confirmed: nonNegInt,
  worst: SeveritySchema.optional(),
});

export const VerifyResultSchema: z.ZodType<VerifyResult> = z.looseObject({
  runId: z.string(),
  /** The mean of the parsed samples' scores (a candidate's same figure is its `meanScore`); null when none parsed. */
  score: z.number().nullable(),
  spread: z.looseObject({ min: z.number(), max: z.number(), stdev: z.number() }).nullable(),
  parsedSamples: nonNegInt,
  samples: z.array(VerificationSampleSchema),
  steps: z.array(StepConsensusSchema),
  documentAnnotations: z.array(AnnotationSchema),
  text: z.string().optional(),
});

export const CandidateSchema: z.ZodType<Candidate> = z.looseObject({
  id: z.string(),
  round: nonNegInt,
  parentId: z.string().optional(),
  proof: z.string(),
  selfScore: ScoreSchema.nullable(),
  verifications: z.array(VerificationSampleSchema),
  /** The mean of its parsed verifications' scores (what `VerifyResult.score` is for a verify run). */
  meanScore: z.number().nullable(),
  verificationsRequested: nonNegInt.optional(),
  duplicates: nonNegInt.optional(),
  duplicateIds: z.array(z.string()).optional(),
});

export const ProveResultSchema: z.ZodType<ProveResult> = z.looseObject({
  runId: z.string(),
  status: z.enum(PROVE_STATUSES),
  best: CandidateSchema.nullable(),
  candidates: z.array(CandidateSchema),
  rounds: nonNegInt,
  calls: nonNegInt,
  unchanged: z.array(z.looseObject({ id: z.string(), round: nonNegInt, parentId: z.string(), sameAs: z.string() })).optional(),
});

export const RunKindSchema = z.enum(['verify', 'prove', 'refine', 'meta-verify']);
export const RunStatusSchema = z.enum(['completed', 'cancelled', 'failed']);

export const RunSummarySchema = z.looseObject({
  runId: z.string(),
  kind: RunKindSchema,
  /** Workspace-relative path of the document the run was about, when it had one. */
  path: z.string().nullable(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  status: z.union([RunStatusSchema, z.literal('running'), z.literal('interrupted')]),
  /** A failed run (loadRun): the error it stopped with, as its record's summary keeps it. */
  error: z.string().optional(),
  calls: nonNegInt,
  /**
   * A finished run: the time it worked, ms, over every stretch (stopped and resumed: not the time in
   * between), from its record (app/store/run-store.ts workedMs). Absent while it runs.
   */
  workedMs: z.number().nonnegative().optional(),
  /** Calls of the run that failed (no answer from the model); a completed run may have some. */
  failedCalls: nonNegInt.optional(),
  /** A mean: the verify run's `VerifyResult.score`, or the best candidate's `meanScore` for a prove run. */
  score: z.number().nullable(),
  model: z.string().nullable(),
  /** A verification of a selection: the range it covered (its score is the selection's, not the proof's). */
  selection: SourceRangeSchema.optional(),
  /**
   * A prove run with a result: how its search ended. `score` is then the best candidate's mean, which
   * is 1 also for a search that was exhausted or cancelled without a pass; this says which it was.
   */
  proveStatus: z.enum(PROVE_STATUSES).optional(),
  /** A prove run's best candidate: the verdicts its mean rests on, of those requested, and whether that ranks it (app/common/ranking.ts). */
  proveBest: z.object({ verdicts: nonNegInt, requested: nonNegInt, ranked: z.boolean() }).optional(),
  /** A verify run with a result: how many samples gave a verdict, of those requested (app/common/run-status.ts unfinishedVerifyWording). */
  verdicts: z.object({ verdicts: nonNegInt, requested: nonNegInt }).optional(),
  /** A graded verify run: its mean points over the samples that gave them (null: none did), of `max`. */
  points: z.object({ max: z.number().positive(), mean: z.number().nonnegative().nullable() }).optional(),
});

export const RunDetailSchema = z.looseObject({
  summary: RunSummarySchema,
  annotations: z.array(AnnotationSchema),
  verify: VerifyResultSchema.optional(),
  prove: ProveResultSchema.optional(),
  refined: CandidateSchema.optional(),
  /** Why the run's stored result could not be used (a damaged record): shown instead of its findings. */
  damaged: z.string().optional(),
  /** With loadRun's `docId`: the document version the placed `annotations` belong to. */
  docVersion: nonNegInt.optional(),
});

/** One model call of a run record as the app shows it (output capped at RUN_CALL_TEXT_LIMIT characters). */
export const RunCallSchema = z.looseObject({
  callId: z.string(),
  role: z.string(),
  status: z.string(),
  error: z.string().optional(),
  finishReason: z.string().nullable(),
  candidateId: z.string().optional(),
  sample: nonNegInt.optional(),
  text: z.string(),
  truncated: z.boolean(),
});
export const RUN_CALL_TEXT_LIMIT = 20_000;
export type RunCall = z.output<typeof RunCallSchema>;

export const runMethods = {
  startVerify: method(
    z.tuple([
      z.strictObject({
        docId: IdSchema,
        range: RangeArg.optional(),
        samples: int.positive().max(1024).optional(),
        meta: z.boolean().optional(),
        profile: PromptProfileSchema.optional(),
        /** Grade against a reference solution and marking scheme (the `grade` template; points per sample). */
        grading: GradingArgSchema.optional(),
      }),
    ]),
    z.looseObject({ runId: z.string() }),
  ),
  startProve: method(
    z.tuple([
      z.strictObject({
        docId: IdSchema,
        candidates: int.positive().max(1024).optional(),
        samples: int.positive().max(1024).optional(),
        rounds: nonNegInt.max(64).optional(),
        topK: int.positive().max(1024).optional(),
        profile: PromptProfileSchema.optional(),
      }),
    ]),
    z.looseObject({ runId: z.string() }),
  ),
  startRefine: method(
    z.tuple([
      z.strictObject({
        docId: IdSchema,
        fromRunId: z.string().optional(),
        /** "Refine this step": the step the refinement must repair (its flagging analyses go first). */
        stepId: IdSchema.optional(),
        profile: PromptProfileSchema.optional(),
      }),
    ]),
    z.looseObject({ runId: z.string() }),
  ),
  cancelRun: method(z.tuple([z.strictObject({ runId: IdSchema })]), z.looseObject({ cancelled: z.boolean() })),
  listRuns: method(z.tuple([z.strictObject({ docId: IdSchema.optional(), path: ClientPathSchema.optional() })]), z.array(RunSummarySchema)),
  /**
   * A past run. With `docId`, a verification's findings become that document's, placed on its text as it
   * is now (stale where the text they were about has changed): `annotations` are then the placed ones,
   * and later edits carry them on (History › Show findings, a document opened again).
   */
  loadRun: method(z.tuple([z.strictObject({ runId: IdSchema, docId: IdSchema.optional() })]), RunDetailSchema),
  /** The run record's calls, for reading in the app: role, outcome, why it failed, the model's answer (text, capped). */
  runRecord: method(z.tuple([z.strictObject({ runId: IdSchema })]), z.array(RunCallSchema)),
  /** Run records in the workspace that could not be read (listRuns leaves them out), with the reason. */
  damagedRuns: method(none, z.array(z.strictObject({ runId: z.string(), reason: z.string() }))),
  /** Model calls and estimated time of a verify or prove run before it starts (app/engine/search.ts). */
  estimateRun: method(z.tuple([RunEstimateRequestSchema]), RunEstimateSchema),
  /** Continue a cancelled or interrupted verify/prove run of the document from its record (no finished call repeated). */
  resumeRun: method(z.tuple([ResumeRunRequestSchema]), z.looseObject({
    runId: z.string(),
    /** Said when the run goes on with the prompt templates its record keeps, which differ from the ones loaded now. */
    note: z.string().max(2000).optional(),
  })),
} satisfies Record<string, MethodSchema>;

export type RunSummary = z.output<typeof RunSummarySchema>;
export type RunDetail = z.output<typeof RunDetailSchema>;
