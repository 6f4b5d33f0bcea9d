// Events (engine → client, fire-and-forget) and the engine's own lifecycle: loop progress, download
// progress, the supervisor's engine status, backend status, checker findings, and what engineInfo reports.
import { z } from 'zod';
import type { LoopEvent } from '../events';
import { AnnotationSchema, CallRoleSchema } from './proof';
import { CandidateSchema, ProveResultSchema, RunKindSchema, RunStatusSchema, RunSummarySchema, VerifyResultSchema } from './runs';
import { BackendStatusSchema, PullProgressSchema } from './models';
import { DocumentChangedSchema, DocumentOnDiskSchema, DocumentSavedSchema } from './documents';
import { int, method, none, nonNegInt, type MethodSchema } from './primitives';

export const LoopEventSchema: z.ZodType<LoopEvent> = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('run-started'), runId: z.string(), kind: RunKindSchema, plannedCalls: nonNegInt, at: z.number() }),
  z.looseObject({ type: z.literal('plan-changed'), runId: z.string(), plannedCalls: nonNegInt }),
  z.looseObject({
    type: z.literal('call-started'),
    runId: z.string(),
    callId: z.string(),
    role: CallRoleSchema,
    sample: nonNegInt.optional(),
    candidateId: z.string().optional(),
    round: nonNegInt.optional(),
    at: z.number(),
  }),
  z.looseObject({ type: z.literal('call-token'), runId: z.string(), callId: z.string(), text: z.string(), reasoning: z.boolean() }),
  z.looseObject({
    type: z.literal('call-finished'),
    runId: z.string(),
    callId: z.string(),
    role: CallRoleSchema,
    status: z.enum(['parsed', 'unparsed']),
    score: z.number().nullable(),
    completionTokens: nonNegInt,
    totalMs: z.number(),
    replayed: z.boolean().optional(),
    adaptations: z.array(z.string()).optional(),
  }),
  z.looseObject({
    type: z.literal('call-failed'),
    runId: z.string(),
    callId: z.string(),
    role: CallRoleSchema,
    error: z.string(),
    cancelled: z.boolean(),
    adaptations: z.array(z.string()).optional(),
  }),
  z.looseObject({
    type: z.literal('candidate-scored'),
    runId: z.string(),
    candidateId: z.string(),
    round: nonNegInt,
    meanScore: z.number().nullable(),
    selfScore: z.number().nullable(),
    verdicts: nonNegInt,
    requested: nonNegInt,
    rejectedEarly: z.boolean().optional(),
    parentId: z.string().optional(),
    proof: z.string().optional(),
    duplicates: nonNegInt.optional(),
    duplicateIds: z.array(z.string()).optional(),
  }),
  z.looseObject({
    type: z.literal('run-finished'),
    runId: z.string(),
    status: RunStatusSchema,
    error: z.string().optional(),
    verify: VerifyResultSchema.optional(),
    prove: ProveResultSchema.optional(),
    refined: CandidateSchema.optional(),
    document: z.looseObject({ docId: z.string(), version: nonNegInt, annotations: z.array(AnnotationSchema) }).optional(),
    run: RunSummarySchema.optional(),
    at: z.number(),
  }),
]);

export const EngineStatusSchema = z.discriminatedUnion('state', [
  z.looseObject({ state: z.literal('starting'), at: z.number() }),
  z.looseObject({ state: z.literal('ready'), at: z.number(), generation: nonNegInt }),
  z.looseObject({
    state: z.literal('stopped'),
    at: z.number(),
    /** Human-readable, from `describeExit` (app/engine/lifecycle.ts): "the engine was killed (SIGKILL) …", "the engine crashed (exit code 134)", "the engine stopped unexpectedly (exit code 1)". */
    reason: z.string(),
    exitCode: int.nullable(),
    signal: z.string().nullable(),
    /** Runs that were in flight when the engine stopped; their records keep every finished call. */
    interruptedRuns: z.array(z.string()),
    willRestart: z.boolean(),
  }),
  z.looseObject({ state: z.literal('restarted'), at: z.number(), generation: nonNegInt }),
]);

export const EngineInfoSchema = z.looseObject({
  contractVersion: int,
  pid: int,
  startedAt: z.number(),
  /** Display name of the workspace folder (never its absolute path). */
  workspaceName: z.string(),
  /** How many times the supervisor has restarted the engine before this one. */
  generation: nonNegInt,
  /** Damage found in the user's state files at start (each moved aside or partly ignored), to show the user. */
  warnings: z.array(z.string()).optional(),
});

export const engineInfoMethods = {
  engineInfo: method(none, EngineInfoSchema),
} satisfies Record<string, MethodSchema>;

/**
 * The checker's findings for one version of an open document, pushed by the engine after it opened,
 * edited or re-checked it (the client shows them when `version` is the text on screen).
 */
/**
 * The checker's findings for one version of a document: in full (`annotations`), or as a change from
 * the findings of the engine's previous push for that document (`base` = its version; `entries`:
 * app/common/checkerDelta.ts). A client that does not hold that push asks `check` for the whole list.
 */
export const CheckerFindingsDeltaSchema = z.looseObject({
  docId: z.string(),
  version: nonNegInt,
  base: nonNegInt,
  entries: z.array(z.union([z.tuple([nonNegInt]), z.tuple([nonNegInt, nonNegInt, nonNegInt]), AnnotationSchema])),
});
export const CheckerFindingsSchema = z.union([
  z.looseObject({ docId: z.string(), version: nonNegInt, annotations: z.array(AnnotationSchema) }),
  CheckerFindingsDeltaSchema,
]);

export const clientEvents = {
  loopEvent: method(z.tuple([LoopEventSchema]), z.void()),
  pullProgress: method(z.tuple([PullProgressSchema]), z.void()),
  engineStatus: method(z.tuple([EngineStatusSchema]), z.void()),
  /** The model backend changed state (loading, ready with its model and threads, error, none). */
  backendChanged: method(z.tuple([BackendStatusSchema]), z.void()),
  checkerFindings: method(z.tuple([CheckerFindingsSchema]), z.void()),
  /** Another page's edit to a document this page holds (LSP-style didChange, engine → client). */
  documentChanged: method(z.tuple([DocumentChangedSchema]), z.void()),
  /** Another page saved a document this page holds (its file name, and whether it is still dirty). */
  documentSaved: method(z.tuple([DocumentSavedSchema]), z.void()),
  /** Another program changed, deleted or moved the file of a document this page holds. */
  documentOnDisk: method(z.tuple([DocumentOnDiskSchema]), z.void()),
} satisfies Record<string, MethodSchema>;

export type EngineInfo = z.output<typeof EngineInfoSchema>;
export type EngineStatus = z.output<typeof EngineStatusSchema>;
export type CheckerFindings = z.output<typeof CheckerFindingsSchema>;
export type CheckerFindingsDelta = z.output<typeof CheckerFindingsDeltaSchema>;
/** A `checkerFindings` push sent as a change from the previous one (else it holds the whole list). */
export const isCheckerDelta = (findings: CheckerFindings): findings is CheckerFindingsDelta => 'base' in findings && 'entries' in findings;
