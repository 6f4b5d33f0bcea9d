// The one interface the loop sees. Backends: scripted (tests), local (node-llama-cpp), openai (any
// OpenAI-compatible server). The loop issues independent calls concurrently; each backend decides how
// to batch them (sequences in one context, concurrent HTTP requests, …).
import type { CallRole } from '../common/results';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface TokenChunk {
  text: string;
  /** True for reasoning text (before </think>, or `reasoning_content` from a server). */
  reasoning: boolean;
  /**
   * Set (with empty text) when a backend retried the call after a failure mid-stream: discard every
   * chunk streamed so far for this call; the chunks that follow are the new attempt's.
   */
  restart?: boolean;
}

export interface GenerateRequest {
  messages: ChatMessage[];
  /** What the call is for; backends may use it for scheduling, the scripted backend for matching. */
  role: CallRole;
  maxTokens: number;
  temperature: number;
  topP: number;
  seed?: number;
  /** Constrain the output to this JSON schema (grammar-constrained decoding where supported). */
  jsonSchema?: Record<string, unknown>;
  /**
   * Calls with the same key share the same prompt exactly (m verifications of one proof): a backend
   * may evaluate the prompt once and reuse its state.
   */
  sharedPrefixKey?: string;
  signal?: AbortSignal;
  onToken?: (chunk: TokenChunk) => void;
}

/**
 * How an answer ended. Only 'stop' is a completed answer (a verdict can be read from it); 'length' is
 * cut off at the token limit; 'abort' is our own cancellation; 'error' a failure the backend reported;
 * 'incomplete' an answer the server ended without completing it for any other reason (vLLM's
 * `abort`, `content_filter`, a runtime's function-call stop, …: its own word is in `finishDetail`).
 */
export type FinishReason = 'stop' | 'length' | 'abort' | 'error' | 'incomplete';

/** True only for an answer its backend says it completed: every other finish is no verdict. */
export function isCompleted(finishReason: FinishReason): boolean {
  return finishReason === 'stop';
}

// Finish-reason words servers use for an answer that ended normally (end of sequence or a stop
// string), and for one cut at the token limit. Sources: OpenAI chat completions ("stop", "length"),
// llama-server and vLLM/SGLang (the same two), Ollama's native API ("stop", "length"), TGI
// ("eos_token", "stop_sequence"), Anthropic-style gateways ("end_turn", "stop_sequence", "max_tokens").
const COMPLETED_WORDS = new Set(['stop', 'eos', 'eos_token', 'end_turn', 'stop_sequence']);
const TRUNCATED_WORDS = new Set(['length', 'max_tokens', 'model_length']);

/**
 * Maps a server's `finish_reason` to ours: completed words → 'stop', token-limit words → 'length',
 * anything else (including none) → 'incomplete'. Case-insensitive.
 */
export function finishFromServer(word: string | null | undefined): FinishReason {
  const w = typeof word === 'string' ? word.trim().toLowerCase() : '';
  if (COMPLETED_WORDS.has(w)) return 'stop';
  if (TRUNCATED_WORDS.has(w)) return 'length';
  return 'incomplete';
}

/** A sentence for a finish that is not a verdict (the run record and the UI show it), or null for 'stop'. */
export function describeFinish(result: Pick<GenerateResult, 'finishReason' | 'finishDetail' | 'completionTokens'>): string | null {
  switch (result.finishReason) {
    case 'stop':
      return null;
    case 'length':
      return `cut off at ${result.completionTokens} tokens (the answer hit the token limit: raise Max tokens)`;
    case 'abort':
      return 'cancelled';
    case 'error':
      return result.finishDetail ?? 'the backend reported an error';
    case 'incomplete':
      return `the server ended the answer without completing it (${result.finishDetail ?? 'no finish reason'})`;
  }
}

export interface GenerateResult {
  /** The answer text (for reasoning models: everything after the reasoning). */
  text: string;
  /** Reasoning text when the backend separates it. */
  reasoning?: string;
  finishReason: FinishReason;
  /** For 'incomplete' and 'error': what the server or runtime said, e.g. `finish_reason "abort"`. */
  finishDetail?: string;
  /**
   * Changes the backend made to the request so the server would accept it, in words (e.g. "the server
   * refused `seed`: sent without it"); recorded with the call.
   */
  adaptations?: string[];
  promptTokens: number;
  completionTokens: number;
  timings: {
    /** ms from request to first token, if any token came. */
    firstTokenMs?: number;
    totalMs: number;
  };
}

export interface BackendInfo {
  /** The backend spec the user gave: `scripted:PATH`, `local:PATH.gguf`, `openai:URL#MODEL`. */
  spec: string;
  kind: 'scripted' | 'local' | 'openai';
  /** Model identity recorded with every call. */
  model: string;
  contextSize?: number;
  /** How many calls the backend runs at once; the loop may issue more, they queue. */
  parallel: number;
  /** Local models: CPU threads, and layers offloaded to the GPU (0 on CPU). */
  threads?: number;
  gpuLayers?: number;
  /**
   * Local models: which runtime runs the model (our proofwright-runtime or llama.cpp's llama-server
   * out of process, or node-llama-cpp in process), why that one, and the binary / prompt-processing threads.
   */
  runtime?: { name: 'proofwright-runtime' | 'llama-server' | 'node-llama-cpp'; why: string; binary?: string; batchThreads?: number };
  /** Request changes this backend has made so far for its server (see GenerateResult.adaptations). */
  adaptations?: string[];
}

export interface ModelBackend {
  info(): BackendInfo;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  /** Tokens the messages take once the chat template is applied (estimates allowed for remote servers). */
  countTokens(messages: ChatMessage[]): Promise<number>;
  /**
   * Checks that the backend can answer at all (a remote server is reachable and takes the key), so a
   * status can say "ready" only once that is known. Throws BackendError saying what is wrong. Optional:
   * backends that are ready once created (scripted, local) have none.
   */
  probe?(signal?: AbortSignal): Promise<void>;
  dispose(): Promise<void>;
}

/** Thrown by backends for conditions the user must act on (proof too long for the context, bad file…). */
export class BackendError extends Error {
  constructor(
    message: string,
    readonly code: 'context-overflow' | 'model-load' | 'connection' | 'timeout' | 'http' | 'bad-spec' | 'aborted' | 'internal',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BackendError';
  }
}
