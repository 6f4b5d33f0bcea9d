// The wire format of proofwright-runtime (native/runtime/runtime.cpp): newline-delimited JSON, requests
// on its stdin, events on its stdout. Every event line is validated here before the backend acts on it:
// a line that is not one of these events is a broken runtime, reported as such, never guessed at.
import { z } from 'zod';

const id = z.string();
const count = z.number().int().nonnegative();
/** The error codes the runtime uses: the ModelBackend contract's (BackendError.code). */
export const RuntimeErrorCodeSchema = z.enum(['model-load', 'context-overflow', 'bad-spec', 'internal']);

/**
 * The wire format's version. Bumped with every change to the events or requests, in step with
 * `kProtocol` in native/runtime/runtime.cpp (a test checks they agree): the build stamps it
 * (`built.json`), the binary lookup skips builds of another version, and a runtime whose `ready` says
 * another version is refused at start (a build from before `protocol` existed says none: version 1).
 */
export const RUNTIME_PROTOCOL = 2;

export const RuntimeEventSchema = z.discriminatedUnion('type', [
  /** The model is loaded; the sizes it runs with. */
  z.object({ type: z.literal('ready'), protocol: count.optional(), n_ctx_seq: count, n_seq_max: count, n_batch: count, threads: count, threads_batch: count }),
  /** The chat template applied to messages, and the prompt's token count. */
  z.object({ type: z.literal('template'), id, prompt: z.string(), tokens: count }),
  /**
   * A chunk of request `id`'s prompt was decoded (`prefilled` of `total` tokens so far), sent per chunk of
   * up to n_batch tokens that leaves the prompt unfinished: a long prefill sends no token for a while,
   * and the idle limit must tell it from a hung runtime.
   */
  z.object({ type: z.literal('progress'), id, prefilled: count, total: count }),
  /** Text of completion `index` of request `id` (whole UTF-8 characters). */
  z.object({ type: z.literal('token'), id, index: count, text: z.string() }),
  /** Completion `index` ended: end of generation, its token limit, or a cancel. */
  z.object({ type: z.literal('done'), id, index: count, finish: z.enum(['stop', 'length', 'cancelled']), prompt_tokens: count, completion_tokens: count }),
  /** Sequences in use and requests waiting for sequences. */
  z.object({ type: z.literal('status'), id, busy: count, waiting: count }),
  /** A request (id) or the runtime itself (id null: a line it could not read, or the model load) failed. */
  z.object({ type: z.literal('error'), id: id.nullable(), code: RuntimeErrorCodeSchema, message: z.string(), prompt_tokens: count.optional(), context_size: count.optional() }),
]);
export type RuntimeEvent = z.infer<typeof RuntimeEventSchema>;

/** A chat message as the runtime takes it (the model's chat template is applied by the runtime). */
export interface RuntimeMessage {
  role: string;
  content: string;
}

/** Requests the runtime reads, one JSON object a line. */
export type RuntimeRequest =
  | { type: 'template'; id: string; messages: RuntimeMessage[] }
  | {
      type: 'generate';
      id: string;
      messages: RuntimeMessage[];
      /** Completions of this prompt: its prefill is decoded once and shared; completion i samples with seed + i. */
      n: number;
      seed?: number;
      temperature: number;
      top_p: number;
      top_k: number;
      min_p: number;
      max_tokens: number;
      json_schema?: Record<string, unknown>;
      grammar?: string;
    }
  | { type: 'cancel'; id: string; index?: number }
  | { type: 'status'; id: string };

/** Parses one stdout line; a line that is not a valid event gives the reason instead. */
export function parseRuntimeEvent(line: string): { event: RuntimeEvent } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: `not JSON: ${line.slice(0, 200)}` };
  }
  const parsed = RuntimeEventSchema.safeParse(value);
  if (!parsed.success) return { error: `not a runtime event (${parsed.error.issues[0]?.message ?? 'invalid'}): ${line.slice(0, 200)}` };
  return { event: parsed.data };
}
