// Models: the loaded backend's status, the model library and catalogue, downloads (pull progress
// events), the API key, and the methods that choose and load a backend.
import { z } from 'zod';
import { LOCAL_LOAD_LIMITS, MachineInfoSchema, ModelIdSchema, ModelInspectionSchema, PendingPullSchema, PullStateSchema } from '../model-library';
import { ClientPathSchema, IdSchema, int, method, none, nonNegInt, ok, type MethodSchema } from './primitives';
import { SETTINGS_LIMITS } from './settings';

export const BackendStatusSchema = z.looseObject({
  state: z.enum(['none', 'loading', 'ready', 'error']),
  spec: z.string().nullable(),
  kind: z.enum(['scripted', 'local', 'openai']).nullable(),
  model: z.string().nullable(),
  contextSize: int.optional(),
  parallel: int.optional(),
  /** Local models: CPU threads and layers on the GPU (0 on a CPU-only machine). */
  threads: int.optional(),
  gpuLayers: nonNegInt.optional(),
  error: z.string().optional(),
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
  /** For a linked model, the file the user imported (the link in the library points there). */
  target: z.string().optional(),
  /** Why the file cannot be used (broken link, truncated…), shown instead of a summary. */
  problem: z.string().optional(),
  /** What it was pulled from (a catalogue ref or URL); absent for imported files. */
  source: z.string().optional(),
  /** How many files a split model is in (absent for one file); `sizeBytes` is all of them. */
  splitParts: int.positive().optional(),
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
  quantization: z.string().optional(),
  contextLength: int.optional(),
});

export const PullProgressSchema = z.object({
  pullId: z.string(),
  ref: z.string(),
  receivedBytes: nonNegInt,
  totalBytes: nonNegInt.nullable(),
  fileName: z.string().optional(),
  /** The source's own file name when another download holds it and this one is saved as `fileName`. */
  renamedFrom: z.string().optional(),
  resumedFromBytes: nonNegInt.optional(),
  /** Over the last seconds; null until known. */
  bytesPerSecond: z.number().nonnegative().nullable().optional(),
  etaSeconds: nonNegInt.nullable().optional(),
  /** Of a split model (several GGUF files): the part downloading now, 1-based; the bytes are the whole model's. */
  part: z.strictObject({ index: int.positive(), count: int.positive() }).optional(),
  state: PullStateSchema,
  error: z.string().optional(),
  /** On failed: refused before any byte came (a bad reference, a name taken): nothing to resume. */
  refused: z.boolean().optional(),
  /** On done: the new library entry. */
  model: ModelEntrySchema.optional(),
});

export const modelMethods = {
  listModels: method(none, z.array(ModelEntrySchema)),
  /**
   * The card's facts and the memory needed at `contextSize` tokens in all (default: the model's context,
   * at most 8192). The workbench asks for its load settings' context × sequences, so the cap is the
   * largest of each the settings allow.
   */
  inspectModel: method(
    z.tuple([z.strictObject({ id: ModelIdSchema, contextSize: int.positive().max(LOCAL_LOAD_LIMITS.contextSize * SETTINGS_LIMITS.concurrency).optional() })]),
    ModelEntrySchema.extend({ metadata: z.record(z.string(), z.unknown()).optional(), inspection: ModelInspectionSchema.optional() }),
  ),
  /** Deletes a model from the library (for a linked model only the link). */
  removeModel: method(z.tuple([z.strictObject({ id: ModelIdSchema })]), ok),
  importModel: method(z.tuple([z.strictObject({ path: ClientPathSchema })]), ModelEntrySchema),
  pullModel: method(z.tuple([z.strictObject({ ref: z.string().min(1).max(2048) })]), z.looseObject({ pullId: z.string() })),
  /** Pauses a pull (its bytes are kept: pullModel with the same ref resumes), or with `discard` cancels it and deletes them. */
  cancelPull: method(z.tuple([z.strictObject({ pullId: IdSchema, discard: z.boolean().optional() })]), z.looseObject({ cancelled: z.boolean() })),
  /** Pulls running now and paused ones (partial files kept on disk). */
  pendingPulls: method(none, z.array(PendingPullSchema)),
  /** Deletes a paused pull's partial file. */
  discardPull: method(z.tuple([z.strictObject({ fileName: z.string().min(1).max(512) })]), z.looseObject({ discarded: z.boolean() })),
  /** RAM (and the GPU's memory once known), for "fits this machine". */
  machineInfo: method(none, MachineInfoSchema),
  /** Unloads the model (frees its memory); the setting keeps naming it for the next start. */
  unloadBackend: method(none, BackendStatusSchema),
  catalogue: method(none, z.array(CatalogueEntrySchema)),
  setBackend: method(z.tuple([z.strictObject({ spec: z.string().min(1).max(4096) })]), BackendStatusSchema),
  backendStatus: method(none, BackendStatusSchema),
  /** Load (or reload, after an engine restart) the backend named in the settings. */
  reloadBackend: method(none, BackendStatusSchema),
  /**
   * The API key for OpenAI-compatible servers, kept by the engine (owner-only file) and never sent back:
   * the answer only says whether one is set. null forgets it (the engine then uses OPENAI_API_KEY, for the server given at start only).
   */
  setApiKey: method(z.tuple([z.strictObject({ key: z.string().max(4096).nullable() })]), z.looseObject({ apiKeySet: z.boolean() })),
  apiKeyStatus: method(none, z.looseObject({ apiKeySet: z.boolean() })),
} satisfies Record<string, MethodSchema>;

export type BackendStatus = z.output<typeof BackendStatusSchema>;
export type ModelEntry = z.output<typeof ModelEntrySchema>;
export type CatalogueEntry = z.output<typeof CatalogueEntrySchema>;
export type PullProgress = z.output<typeof PullProgressSchema>;
