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

export type FinishReason = 'stop' | 'length' | 'abort' | 'error';

export interface GenerateResult {
  /** The answer text (for reasoning models: everything after the reasoning). */
  text: string;
  /** Reasoning text when the backend separates it. */
  reasoning?: string;
  finishReason: FinishReason;
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
}

export interface ModelBackend {
  info(): BackendInfo;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  /** Tokens the messages take once the chat template is applied (estimates allowed for remote servers). */
  countTokens(messages: ChatMessage[]): Promise<number>;
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
