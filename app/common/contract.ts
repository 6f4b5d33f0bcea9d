// The one RPC contract between the UI (renderer, or a browser in serve mode) and the engine.
// Every request's arguments and result and every engine→client event has a zod schema here, and
// `createEngineClient` / `serveEngine` validate every message that crosses a process boundary
// before it is dispatched or handed back. Pure TypeScript: no Node APIs, no DOM (runs everywhere).
//
// Transport: birpc over any message channel that carries strings (MessagePort, WebSocket,
// child_process IPC). Messages are JSON; errors travel as { name, message, code }.
import { createBirpc, type BirpcReturn } from 'birpc';
import { z } from 'zod';
import type { Annotation, Provenance } from './annotations';
import type { LoopEvent } from './events';
import type { MathFragment, ProofDocument, Step } from './proof';
import type { Candidate, ProveResult, StepConsensus, VerificationSample, VerifyResult } from './results';
import type { LocatedRange, Position, SourceRange } from './text';

export const CONTRACT_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// Shared data shapes (mirror app/common/*.ts). Loose objects: additive optional fields that other
// modules add to the shared types pass through instead of being stripped.

const int = z.number().int();
const nonNegInt = int.nonnegative();

export const PositionSchema: z.ZodType<Position> = z.looseObject({ line: int.positive(), column: int.positive() });
export const SourceRangeSchema: z.ZodType<SourceRange> = z
  .looseObject({ start: nonNegInt, end: nonNegInt })
  .refine((r) => r.end >= r.start, 'range end must not be before its start');
export const LocatedRangeSchema: z.ZodType<LocatedRange> = z.looseObject({
  start: nonNegInt,
  end: nonNegInt,
  startPos: PositionSchema,
  endPos: PositionSchema,
});
export const TextEditSchema = z
  .strictObject({ start: nonNegInt, end: nonNegInt, text: z.string() })
  .refine((e) => e.end >= e.start, 'edit end must not be before its start');

export const SeveritySchema = z.enum(['critical', 'gap', 'minor', 'note', 'ok']);
export const MetaVerdictSchema = z.enum(['confirmed', 'disputed', 'unchecked']);
export const ScoreSchema = z.union([z.literal(0), z.literal(0.5), z.literal(1)]);
export const CallRoleSchema = z.enum(['verify', 'meta-verify', 'generate', 'refine', 'extract']);
export const DocumentFormatSchema = z.enum(['markdown', 'tex']);

export const ProvenanceSchema: z.ZodType<Provenance> = z.looseObject({
  source: z.enum(['verifier', 'self-evaluation', 'checker']),
  runId: z.string().optional(),
  callId: z.string().optional(),
  sample: nonNegInt.optional(),
  model: z.string().optional(),
  verdict: MetaVerdictSchema,
});

export const AnnotationSchema: z.ZodType<Annotation> = z.looseObject({
  id: z.string(),
  stepId: z.string().nullable(),
  range: SourceRangeSchema.optional(),
  severity: SeveritySchema,
  message: z.string(),
  quote: z.string().optional(),
  mappedBy: z.enum(['label', 'quote', 'extraction', 'checker', 'none']),
  provenance: ProvenanceSchema,
  stale: z.boolean().optional(),
});

export const MathFragmentSchema: z.ZodType<MathFragment> = z.looseObject({
  range: SourceRangeSchema,
  contentRange: SourceRangeSchema,
  delimiter: z.enum(['$', '$$', '\\(', '\\[', 'env']),
  display: z.boolean(),
  env: z.string().optional(),
  tex: z.string(),
});

export const StepSchema: z.ZodType<Step> = z.looseObject({
  id: z.string(),
  label: z.string(),
  index: nonNegInt,
  kind: z.enum(['heading', 'paragraph', 'list-item', 'display-math', 'environment', 'code', 'quote', 'other']),
  range: LocatedRangeSchema,
  text: z.string(),
  section: z.string().optional(),
  math: z.array(MathFragmentSchema),
});

export const ProofDocumentSchema: z.ZodType<ProofDocument> = z.looseObject({
  format: DocumentFormatSchema,
  text: z.string(),
  body: SourceRangeSchema,
  steps: z.array(StepSchema),
});

const SampleStatusSchema = z.enum(['parsed', 'unparsed', 'failed', 'cancelled']);
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
  score: z.number().nullable(),
  spread: z.looseObject({ min: z.number(), max: z.number(), stdev: z.number() }).nullable(),
  parsedSamples: nonNegInt,
  samples: z.array(VerificationSampleSchema),
  steps: z.array(StepConsensusSchema),
  documentAnnotations: z.array(AnnotationSchema),
});

export const CandidateSchema: z.ZodType<Candidate> = z.looseObject({
  id: z.string(),
  round: nonNegInt,
  parentId: z.string().optional(),
  proof: z.string(),
  selfScore: ScoreSchema.nullable(),
  verifications: z.array(VerificationSampleSchema),
  meanScore: z.number().nullable(),
});

export const ProveResultSchema: z.ZodType<ProveResult> = z.looseObject({
  runId: z.string(),
  status: z.enum(['passed', 'exhausted', 'cancelled', 'failed']),
  best: CandidateSchema.nullable(),
  candidates: z.array(CandidateSchema),
  rounds: nonNegInt,
  calls: nonNegInt,
});

export const RunKindSchema = z.enum(['verify', 'prove', 'refine', 'meta-verify']);
export const RunStatusSchema = z.enum(['completed', 'cancelled', 'failed']);

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
  }),
  z.looseObject({
    type: z.literal('run-finished'),
    runId: z.string(),
    status: RunStatusSchema,
    error: z.string().optional(),
    verify: VerifyResultSchema.optional(),
    prove: ProveResultSchema.optional(),
    at: z.number(),
  }),
]);

// ---------------------------------------------------------------------------------------------
// Engine-specific shapes.

/**
 * A path the client may name: workspace-relative (`proofs/a.md`), or an absolute path the shell
 * granted from a native dialog. The engine confines every path it is given (see app/engine/paths).
 */
export const ClientPathSchema = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'path contains a NUL byte');
const IdSchema = z.string().min(1).max(200);

export const DocumentSnapshotSchema = z.looseObject({
  docId: IdSchema,
  /** null for a new document that has not been saved yet. */
  path: z.string().nullable(),
  name: z.string(),
  format: DocumentFormatSchema,
  text: z.string(),
  problem: z.string(),
  doc: ProofDocumentSchema,
  annotations: z.array(AnnotationSchema),
  dirty: z.boolean(),
  /** Increases by one with every accepted edit batch. */
  version: nonNegInt,
});

export const EditResultSchema = z.looseObject({
  docId: IdSchema,
  version: nonNegInt,
  doc: ProofDocumentSchema,
  annotations: z.array(AnnotationSchema),
  dirty: z.boolean(),
});

export const WorkspaceEntrySchema = z.looseObject({
  path: z.string(),
  name: z.string(),
  format: DocumentFormatSchema,
  size: nonNegInt,
  modifiedAt: z.number(),
});

export const SampleInfoSchema = z.looseObject({ id: z.string(), title: z.string(), format: DocumentFormatSchema });
export const RecentDocumentSchema = z.looseObject({ path: z.string(), name: z.string(), openedAt: z.number() });
export const RecoveryInfoSchema = z.looseObject({
  recoveryId: IdSchema,
  path: z.string().nullable(),
  name: z.string(),
  savedAt: z.number(),
  length: nonNegInt,
});

export const PromptProfileSchema = z.enum(['deepseek-math-v2', 'labelled']);

export const SamplingSchema = z.strictObject({
  temperature: z.number().min(0).max(2),
  topP: z.number().gt(0).max(1),
  maxTokens: int.positive().max(1_000_000),
  seed: int.optional(),
});

export const SettingsSchema = z.looseObject({
  backend: z.string().nullable(),
  profile: PromptProfileSchema,
  sampling: SamplingSchema,
  concurrency: int.positive().max(256),
  verify: z.looseObject({
    samples: int.positive().max(1024),
    meta: z.boolean(),
    /** Show the verifier the computations the deterministic checker verified or refuted. */
    evidence: z.boolean().default(true),
    /**
     * Also with the deepseek-math-v2 profile, whose prompt otherwise keeps the released model's shape
     * (off by default: that model was trained without such evidence).
     */
    evidenceWithDeepseek: z.boolean().default(false),
  }),
  prove: z.looseObject({ candidates: int.positive().max(1024), samples: int.positive().max(1024), rounds: int.positive().max(64), topK: int.positive().max(1024) }),
  theme: z.enum(['system', 'light', 'dark']),
});
export const SettingsPatchSchema = z.strictObject({
  backend: z.string().max(4096).nullable().optional(),
  profile: PromptProfileSchema.optional(),
  sampling: SamplingSchema.partial().optional(),
  concurrency: int.positive().max(256).optional(),
  verify: z.strictObject({ samples: int.positive().max(1024), meta: z.boolean(), evidence: z.boolean(), evidenceWithDeepseek: z.boolean() }).partial().optional(),
  prove: z
    .strictObject({ candidates: int.positive().max(1024), samples: int.positive().max(1024), rounds: int.positive().max(64), topK: int.positive().max(1024) })
    .partial()
    .optional(),
  theme: z.enum(['system', 'light', 'dark']).optional(),
});

export const BackendStatusSchema = z.looseObject({
  state: z.enum(['none', 'loading', 'ready', 'error']),
  spec: z.string().nullable(),
  kind: z.enum(['scripted', 'local', 'openai']).nullable(),
  model: z.string().nullable(),
  contextSize: int.optional(),
  parallel: int.optional(),
  error: z.string().optional(),
});

export const RunSummarySchema = z.looseObject({
  runId: z.string(),
  kind: RunKindSchema,
  /** Workspace-relative path of the document the run was about, when it had one. */
  path: z.string().nullable(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  status: z.union([RunStatusSchema, z.literal('running'), z.literal('interrupted')]),
  calls: nonNegInt,
  score: z.number().nullable(),
  model: z.string().nullable(),
  /** A verification of a selection: the range it covered (its score is the selection's, not the proof's). */
  selection: SourceRangeSchema.optional(),
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

export const RunDetailSchema = z.looseObject({
  summary: RunSummarySchema,
  annotations: z.array(AnnotationSchema),
  verify: VerifyResultSchema.optional(),
  prove: ProveResultSchema.optional(),
  refined: CandidateSchema.optional(),
});

export const ModelEntrySchema = z.object({
  /** Library name: what setBackend takes as `local:<id>`. */
  id: z.string(),
  name: z.string(),
  path: z.string().optional(),
  sizeBytes: nonNegInt.optional(),
  architecture: z.string().optional(),
  parameters: z.string().optional(),
  quantization: z.string().optional(),
  contextLength: int.optional(),
  /** Linked to a file elsewhere (import) rather than stored in the library folder. */
  linked: z.boolean().optional(),
  /** Why the file cannot be used (broken link, truncated…), shown instead of a summary. */
  problem: z.string().optional(),
});
export const CatalogueEntrySchema = z.object({
  /** What pullModel takes (or, for server-only models, an example openai: backend spec). */
  ref: z.string(),
  name: z.string(),
  sizeBytes: nonNegInt.optional(),
  description: z.string().optional(),
  parameters: z.string().optional(),
  backend: z.enum(['local', 'openai']).optional(),
  suitability: z.string().optional(),
  profile: z.string().optional(),
  approxMemoryBytes: nonNegInt.optional(),
});

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

const RangeArg = z
  .strictObject({ start: nonNegInt, end: nonNegInt })
  .refine((r) => r.end >= r.start, 'range end must not be before its start');

/** Schemas of one remote function: its positional arguments and its result. */
export interface MethodSchema {
  args: z.ZodTuple;
  result: z.ZodType;
}

const m = <A extends z.ZodTuple, R extends z.ZodType>(args: A, result: R) => ({ args, result });
const none = z.tuple([]);
const ok = z.looseObject({ ok: z.literal(true) });
const DocIdArg = z.strictObject({ docId: IdSchema });

// ---------------------------------------------------------------------------------------------
// Engine methods (client → engine).

export const engineMethods = {
  engineInfo: m(none, EngineInfoSchema),

  // Documents
  openDocument: m(z.tuple([z.strictObject({ path: ClientPathSchema })]), DocumentSnapshotSchema),
  newDocument: m(z.tuple([z.strictObject({ sample: IdSchema.optional(), format: DocumentFormatSchema.optional() })]), DocumentSnapshotSchema),
  getDocument: m(z.tuple([DocIdArg]), DocumentSnapshotSchema),
  editDocument: m(
    z.tuple([z.strictObject({ docId: IdSchema, edits: z.array(TextEditSchema).max(10_000), baseVersion: nonNegInt.optional() })]),
    EditResultSchema,
  ),
  setProblem: m(z.tuple([z.strictObject({ docId: IdSchema, text: z.string().max(1_000_000) })]), ok),
  saveDocument: m(z.tuple([z.strictObject({ docId: IdSchema, path: ClientPathSchema.optional() })]), z.looseObject({ path: z.string(), savedAt: z.number() })),
  closeDocument: m(z.tuple([DocIdArg]), ok),
  saveRecovery: m(z.tuple([DocIdArg]), z.looseObject({ recoveryId: IdSchema, savedAt: z.number() })),
  listRecoveries: m(none, z.array(RecoveryInfoSchema)),
  restoreRecovery: m(z.tuple([z.strictObject({ recoveryId: IdSchema })]), DocumentSnapshotSchema),
  discardRecovery: m(z.tuple([z.strictObject({ recoveryId: IdSchema })]), ok),
  listWorkspace: m(none, z.looseObject({ name: z.string(), files: z.array(WorkspaceEntrySchema) })),
  /**
   * The workspace's own macros: `\newcommand`/`\def`/`\DeclareMathOperator` in `macros.tex` at the
   * workspace root, applied to every document's preview and checks (a document's own definitions win).
   */
  workspaceMacros: m(none, z.looseObject({ path: z.string().nullable(), macros: z.record(z.string(), z.string()) })),
  listSamples: m(none, z.array(SampleInfoSchema)),
  /** The shipped demo scripts (file names), loadable as `scripted:sample:NAME` with no model installed. */
  listSampleScripts: m(none, z.array(z.string())),
  recentDocuments: m(none, z.array(RecentDocumentSchema)),

  // Deterministic checks
  /**
   * The checker's findings for the document as the engine holds it now (`version`: the text they were
   * computed on). Kept apart from the verifier's annotations: neither replaces the other.
   */
  check: m(z.tuple([DocIdArg]), z.looseObject({ annotations: z.array(AnnotationSchema), version: nonNegInt.optional() })),

  // Runs
  startVerify: m(
    z.tuple([
      z.strictObject({
        docId: IdSchema,
        range: RangeArg.optional(),
        samples: int.positive().max(1024).optional(),
        meta: z.boolean().optional(),
        profile: PromptProfileSchema.optional(),
      }),
    ]),
    z.looseObject({ runId: z.string() }),
  ),
  startProve: m(
    z.tuple([
      z.strictObject({
        docId: IdSchema,
        candidates: int.positive().max(1024).optional(),
        samples: int.positive().max(1024).optional(),
        rounds: int.positive().max(64).optional(),
        topK: int.positive().max(1024).optional(),
        profile: PromptProfileSchema.optional(),
      }),
    ]),
    z.looseObject({ runId: z.string() }),
  ),
  startRefine: m(
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
  cancelRun: m(z.tuple([z.strictObject({ runId: IdSchema })]), z.looseObject({ cancelled: z.boolean() })),
  listRuns: m(z.tuple([z.strictObject({ docId: IdSchema.optional(), path: ClientPathSchema.optional() })]), z.array(RunSummarySchema)),
  loadRun: m(z.tuple([z.strictObject({ runId: IdSchema })]), RunDetailSchema),
  /** The run record's calls, for reading in the app: role, outcome, why it failed, the model's answer (text, capped). */
  runRecord: m(z.tuple([z.strictObject({ runId: IdSchema })]), z.array(RunCallSchema)),

  // Models
  listModels: m(none, z.array(ModelEntrySchema)),
  inspectModel: m(z.tuple([z.strictObject({ id: IdSchema })]), ModelEntrySchema.extend({ metadata: z.record(z.string(), z.unknown()).optional() })),
  importModel: m(z.tuple([z.strictObject({ path: ClientPathSchema })]), ModelEntrySchema),
  pullModel: m(z.tuple([z.strictObject({ ref: z.string().min(1).max(2048) })]), z.looseObject({ pullId: z.string() })),
  cancelPull: m(z.tuple([z.strictObject({ pullId: IdSchema })]), z.looseObject({ cancelled: z.boolean() })),
  catalogue: m(none, z.array(CatalogueEntrySchema)),
  setBackend: m(z.tuple([z.strictObject({ spec: z.string().min(1).max(4096) })]), BackendStatusSchema),
  backendStatus: m(none, BackendStatusSchema),
  /** Load (or reload, after an engine restart) the backend named in the settings. */
  reloadBackend: m(none, BackendStatusSchema),
  /**
   * The API key for OpenAI-compatible servers, kept by the engine (owner-only file) and never sent back:
   * the answer only says whether one is set. null forgets it (the engine then uses OPENAI_API_KEY, for the server given at start only).
   */
  setApiKey: m(z.tuple([z.strictObject({ key: z.string().max(4096).nullable() })]), z.looseObject({ apiKeySet: z.boolean() })),
  apiKeyStatus: m(none, z.looseObject({ apiKeySet: z.boolean() })),

  // Settings
  getSettings: m(none, SettingsSchema),
  setSettings: m(z.tuple([SettingsPatchSchema]), SettingsSchema),

  // Reports
  exportReport: m(
    z.tuple([z.strictObject({ docId: IdSchema, runId: IdSchema, path: ClientPathSchema.optional() })]),
    z.looseObject({ html: z.string(), path: z.string().optional() }),
  ),
} satisfies Record<string, MethodSchema>;

// ---------------------------------------------------------------------------------------------
// Client events (engine → client, fire-and-forget).

export const PullProgressSchema = z.object({
  pullId: z.string(),
  ref: z.string(),
  receivedBytes: nonNegInt,
  totalBytes: nonNegInt.nullable(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  error: z.string().optional(),
  /** On done: the new library entry. */
  model: ModelEntrySchema.optional(),
});

export const EngineStatusSchema = z.discriminatedUnion('state', [
  z.looseObject({ state: z.literal('starting'), at: z.number() }),
  z.looseObject({ state: z.literal('ready'), at: z.number(), generation: nonNegInt }),
  z.looseObject({
    state: z.literal('stopped'),
    at: z.number(),
    /** Human-readable: "engine process was killed (SIGKILL)", "engine crashed (exit code 134)". */
    reason: z.string(),
    exitCode: int.nullable(),
    signal: z.string().nullable(),
    /** Runs that were in flight when the engine stopped; their records keep every finished call. */
    interruptedRuns: z.array(z.string()),
    willRestart: z.boolean(),
  }),
  z.looseObject({ state: z.literal('restarted'), at: z.number(), generation: nonNegInt }),
]);

export const clientEvents = {
  loopEvent: m(z.tuple([LoopEventSchema]), z.void()),
  pullProgress: m(z.tuple([PullProgressSchema]), z.void()),
  engineStatus: m(z.tuple([EngineStatusSchema]), z.void()),
} satisfies Record<string, MethodSchema>;

// ---------------------------------------------------------------------------------------------
// Types derived from the schemas.

type SchemaMap = Record<string, MethodSchema>;
type ApiOf<S extends SchemaMap> = {
  [K in keyof S]: (...args: z.input<S[K]['args']>) => Promise<z.output<S[K]['result']>>;
};
type HandlersOf<S extends SchemaMap> = {
  [K in keyof S]: (...args: z.output<S[K]['args']>) => z.input<S[K]['result']> | Promise<z.input<S[K]['result']>>;
};

export type EngineMethods = typeof engineMethods;
export type ClientEvents = typeof clientEvents;
/** What a client calls: every engine method, returning a promise of its validated result. */
export type EngineApi = ApiOf<EngineMethods>;
/** What the engine implements. */
export type EngineHandlers = HandlersOf<EngineMethods>;
/** What the client implements to receive events. */
export type ClientHandlers = HandlersOf<ClientEvents>;
export type EngineMethodName = keyof EngineMethods;

export type DocumentSnapshot = z.output<typeof DocumentSnapshotSchema>;
export type EditResult = z.output<typeof EditResultSchema>;
export type WorkspaceEntry = z.output<typeof WorkspaceEntrySchema>;
export type SampleInfo = z.output<typeof SampleInfoSchema>;
export type RecentDocument = z.output<typeof RecentDocumentSchema>;
export type RecoveryInfo = z.output<typeof RecoveryInfoSchema>;
export type Settings = z.output<typeof SettingsSchema>;
export type SettingsPatch = z.output<typeof SettingsPatchSchema>;
export type BackendStatus = z.output<typeof BackendStatusSchema>;
export type RunSummary = z.output<typeof RunSummarySchema>;
export type RunDetail = z.output<typeof RunDetailSchema>;
export type ModelEntry = z.output<typeof ModelEntrySchema>;
export type CatalogueEntry = z.output<typeof CatalogueEntrySchema>;
export type EngineInfo = z.output<typeof EngineInfoSchema>;
export type PullProgress = z.output<typeof PullProgressSchema>;
export type EngineStatus = z.output<typeof EngineStatusSchema>;

// ---------------------------------------------------------------------------------------------
// Validation and transport.

/** An error that crossed the RPC boundary. `code` says what kind, for the UI to decide what to show. */
export class RpcError extends Error {
  constructor(
    message: string,
    readonly code: RpcErrorCode = 'internal',
  ) {
    super(message);
    this.name = 'RpcError';
  }
}
export type RpcErrorCode =
  | 'invalid-request'
  | 'invalid-response'
  | 'unknown-method'
  | 'not-found'
  | 'forbidden-path'
  | 'conflict'
  | 'unavailable'
  | 'engine-stopped'
  | 'internal';

/** Format zod issues as one line a person can read: `args[0].edits[2].end: Too small…`. */
export function describeIssues(error: z.ZodError, root: string): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const where = issue.path.reduce<string>(
        (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`),
        root,
      );
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

/** Validate one inbound call against a schema map; returns the parsed arguments or throws RpcError. */
export function validateCall<S extends SchemaMap>(schemas: S, method: string, args: unknown): unknown[] {
  if (!Object.prototype.hasOwnProperty.call(schemas, method)) {
    throw new RpcError(`unknown method "${method}"`, 'unknown-method');
  }
  const parsed = schemas[method].args.safeParse(args);
  if (!parsed.success) {
    throw new RpcError(`invalid arguments to ${method}: ${describeIssues(parsed.error, 'args')}`, 'invalid-request');
  }
  return parsed.data as unknown[];
}

/** Anything that moves strings both ways: a MessagePort, a WebSocket, child_process IPC. */
export interface MessageChannelLike {
  post(data: string): void;
  /** Register the message listener. */
  on(listener: (data: string) => void): void;
  off?(listener: (data: string) => void): void;
}

interface WireError {
  name: string;
  message: string;
  code: RpcErrorCode;
}

function toWireError(error: unknown): WireError {
  if (error instanceof RpcError) return { name: error.name, message: error.message, code: error.code };
  const code = (error as { rpcCode?: RpcErrorCode } | null)?.rpcCode ?? 'internal';
  if (error instanceof Error) return { name: 'RpcError', message: error.message, code };
  return { name: 'RpcError', message: String(error), code };
}

/** JSON on the wire; errors become { name, message, code } and come back as RpcError. */
function serialize(message: unknown): string {
  const msg = message as { e?: unknown };
  if (msg && typeof msg === 'object' && 'e' in msg && msg.e !== undefined) return JSON.stringify({ ...msg, e: toWireError(msg.e) });
  return JSON.stringify(message);
}

function deserialize(data: unknown): Record<string, unknown> {
  const text = typeof data === 'string' ? data : String(data);
  const msg = JSON.parse(text) as { e?: WireError; [key: string]: unknown } | null;
  if (!msg || typeof msg !== 'object') throw new RpcError('malformed RPC message', 'invalid-request');
  if (msg.e && typeof msg.e === 'object') {
    return { ...msg, e: new RpcError(String(msg.e.message), msg.e.code ?? 'internal') };
  }
  return msg;
}

interface EndpointOptions<Local extends SchemaMap, Remote extends SchemaMap> {
  channel: MessageChannelLike;
  local: Local;
  remote: Remote;
  handlers: Partial<HandlersOf<Local>>;
  /** Remote functions that are fire-and-forget. */
  eventNames: (keyof Remote & string)[];
  /** ms a call may take before it is rejected; runs return at once, so a minute is generous. */
  timeout?: number;
  /** Inbound messages are fire-and-forget events (the client side): errors go to onProtocolError. */
  localAreEvents?: boolean;
  /** Called when an inbound message could not be handled (invalid JSON, invalid event payload). */
  onProtocolError?: (error: Error) => void;
}

function createEndpoint<Local extends SchemaMap, Remote extends SchemaMap>(options: EndpointOptions<Local, Remote>) {
  const { channel, local, remote, handlers } = options;
  // Parse before birpc sees a message, so malformed input is reported instead of thrown in a listener.
  const wrapped = new Map<(data: unknown) => unknown, (data: string) => void>();
  const rpc = createBirpc<Record<string, (...args: unknown[]) => unknown>, Record<string, unknown>>(
    {},
    {
      post: (data: string) => channel.post(data),
      on: (fn) => {
        const listener = (data: string) => {
          let message: unknown;
          try {
            message = deserialize(data);
          } catch (error) {
            options.onProtocolError?.(new RpcError(`malformed RPC message: ${(error as Error).message}`, 'invalid-request'));
            return;
          }
          Promise.resolve(fn(message)).catch((error: unknown) => options.onProtocolError?.(error as Error));
        };
        wrapped.set(fn, listener);
        channel.on(listener);
      },
      off: (fn) => {
        const listener = wrapped.get(fn);
        if (listener) channel.off?.(listener);
      },
      serialize,
      eventNames: options.eventNames,
      timeout: options.timeout ?? 60_000,
      bind: 'functions',
      // Inbound calls: only methods of the contract, and only with arguments that match their schema.
      resolver(name) {
        return async (...args: unknown[]) => {
          try {
            const parsedArgs = validateCall(local, name, args);
            const handler = Object.prototype.hasOwnProperty.call(handlers, name)
              ? (handlers as Record<string, ((...a: unknown[]) => unknown) | undefined>)[name]
              : undefined;
            if (!handler) throw new RpcError(`method "${name}" is not available here`, 'unknown-method');
            return await handler(...parsedArgs);
          } catch (error) {
            // Inbound events have no caller to report to: surface the problem locally instead.
            if (options.localAreEvents) {
              options.onProtocolError?.(error as Error);
              return undefined;
            }
            throw error;
          }
        };
      },
    },
  ) as unknown as BirpcReturn<Record<string, (...args: unknown[]) => unknown>, Record<string, unknown>>;

  // Outbound calls: validate our own arguments (catch bugs early) and the remote's result.
  const api = {} as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of Object.keys(remote)) {
    const schema = remote[name];
    const isEvent = options.eventNames.includes(name);
    api[name] = async (...args: unknown[]) => {
      const parsedArgs = validateCall(remote, name, args);
      if (isEvent) {
        await rpc.$callEvent(name, ...parsedArgs);
        return undefined;
      }
      const result = await rpc.$call(name, ...parsedArgs);
      const parsed = schema.result.safeParse(result);
      if (!parsed.success) {
        throw new RpcError(`invalid result from ${name}: ${describeIssues(parsed.error, 'result')}`, 'invalid-response');
      }
      return parsed.data;
    };
  }
  return {
    api,
    close: (reason?: string) => rpc.$close(reason ? new RpcError(reason, 'engine-stopped') : undefined),
    get closed() {
      return rpc.$closed;
    },
  };
}

export interface EngineClient {
  engine: EngineApi;
  /** Reject pending calls with `reason` and stop listening. */
  close(reason?: string): void;
  readonly closed: boolean;
}

/** The client side (renderer, browser, tests): call the engine, receive its events. */
export function createEngineClient(
  channel: MessageChannelLike,
  handlers: Partial<ClientHandlers> = {},
  options: { timeout?: number; onProtocolError?: (error: Error) => void } = {},
): EngineClient {
  const endpoint = createEndpoint({
    channel,
    local: clientEvents,
    remote: engineMethods,
    handlers,
    eventNames: [],
    localAreEvents: true,
    ...options,
  });
  return {
    engine: endpoint.api as unknown as EngineApi,
    close: endpoint.close,
    get closed() {
      return endpoint.closed;
    },
  };
}

export interface ClientEventSender {
  loopEvent(event: LoopEvent): Promise<void>;
  pullProgress(progress: z.input<typeof PullProgressSchema>): Promise<void>;
  engineStatus(status: z.input<typeof EngineStatusSchema>): Promise<void>;
}

/** The engine side: dispatch validated calls to `handlers`; send events to the client. */
export function serveEngine(
  channel: MessageChannelLike,
  handlers: Partial<EngineHandlers>,
  options: { onProtocolError?: (error: Error) => void } = {},
): { client: ClientEventSender; close(): void } {
  const endpoint = createEndpoint({
    channel,
    local: engineMethods,
    remote: clientEvents,
    handlers,
    eventNames: Object.keys(clientEvents) as (keyof ClientEvents & string)[],
    ...options,
  });
  return { client: endpoint.api as unknown as ClientEventSender, close: () => endpoint.close() };
}

/**
 * Encode an engine→client event as one wire message, for a process that relays the engine's
 * channel and adds events of its own (the supervisor's engine status). Validates the payload.
 */
export function encodeClientEvent<K extends keyof ClientEvents & string>(name: K, ...args: z.input<ClientEvents[K]['args']>): string {
  const parsed = validateCall(clientEvents, name, args);
  return serialize({ t: 'q', m: name, a: parsed });
}

/** A connected pair of in-memory channels (tests, and in-process engines). Delivery is async, like a real port. */
export function createChannelPair(): [MessageChannelLike, MessageChannelLike] {
  const listeners: [Set<(d: string) => void>, Set<(d: string) => void>] = [new Set(), new Set()];
  const side = (mine: number): MessageChannelLike => ({
    post: (data) => {
      const target = listeners[1 - mine];
      queueMicrotask(() => target.forEach((fn) => fn(data)));
    },
    on: (fn) => void listeners[mine].add(fn),
    off: (fn) => void listeners[mine].delete(fn),
  });
  return [side(0), side(1)];
}

/** The part of a DOM MessagePort (renderer) the channel needs; structural, so no DOM types here. */
export interface PortLike {
  postMessage(data: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  start?(): void;
}

/** Desktop: the MessagePort the preload hands over (engine in a utility process). */
export function channelFromPort(port: PortLike): MessageChannelLike {
  const listeners = new Map<(d: string) => void, (e: { data: unknown }) => void>();
  const channel: MessageChannelLike = {
    post: (data) => port.postMessage(data),
    on: (fn) => {
      const l = (e: { data: unknown }) => {
        if (typeof e.data === 'string') fn(e.data);
      };
      listeners.set(fn, l);
      port.addEventListener('message', l);
    },
    off: (fn) => {
      const l = listeners.get(fn);
      if (l) port.removeEventListener('message', l);
    },
  };
  port.start?.();
  return channel;
}

/** The part of a DOM WebSocket the channel needs. */
export interface SocketLike {
  send(data: string): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/** Serve mode: the WebSocket at ws://<host>/rpc (open it first). */
export function channelFromWebSocket(socket: SocketLike): MessageChannelLike {
  return channelFromPort({ postMessage: (d) => socket.send(String(d)), addEventListener: socket.addEventListener.bind(socket), removeEventListener: socket.removeEventListener.bind(socket) });
}
