// One chat completion's text as it streams from an OpenAI-compatible server: its deltas (answer text,
// `reasoning_content`/`reasoning`, inline `<think>` blocks), finish word and usage, turned into
// TokenChunks while it streams and into the answer/reasoning split at the end. Shared by the `openai`
// backend (one choice per request) and the local llama-server runtime (n choices per request, see
// app/models/local/server-backend.ts), so both stream and split the same way.
import type { TokenChunk } from '../backend';
import { splitInlineThink, ThinkStreamSplitter } from './think';

export interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
}

export interface Delta {
  content?: unknown;
  reasoning_content?: unknown;
  reasoning?: unknown;
}

/** A chunk (or whole response) as servers send it; `index` names the choice when a request asked for several. */
export interface ChunkEvent {
  error?: unknown;
  usage?: Usage;
  choices?: Array<{
    index?: number;
    delta?: Delta;
    /** Text completions (/v1/completions) stream `text` instead of a delta. */
    text?: unknown;
    message?: Delta;
    /** A word ("stop", "abort"), or SGLang's object `{"type": "abort", "message": …}`; see finishOf. */
    finish_reason?: unknown;
  }>;
}

/** How a choice ended, as the server put it: its finish word and, when it gave one, its note. */
export interface ServerFinish {
  word: string;
  message?: string;
}

/**
 * A choice's `finish_reason`, or undefined while it has none (null, ""). OpenAI-style servers send a
 * word; SGLang's own meta-info shape, which some of its versions and proxies pass through, is an object
 * `{"type": "abort", "message": "…"}` / `{"type": "stop", "matched": 2}`: its `type` is the word. Any other
 * value is kept as its JSON, which no finish word matches, so it never reads as a completed answer.
 */
export function finishOf(value: unknown): ServerFinish | undefined {
  if (value === null || value === undefined || value === '' || value === false) return undefined;
  if (typeof value === 'string') return { word: value };
  if (typeof value === 'object' && !Array.isArray(value)) {
    const { type, message } = value as Record<string, unknown>;
    if (typeof type === 'string' && type) return { word: type, ...(typeof message === 'string' && message.trim() ? { message: message.trim() } : {}) };
  }
  return { word: JSON.stringify(value) };
}

/** The event's JSON object, or undefined for keep-alives and junk lines some proxies insert. */
export function parseChunk(text: string): (ChunkEvent & Record<string, unknown>) | undefined {
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** One choice's state: what it said so far, how it ended, and when its first token came. */
export class ChoiceStream {
  content = '';
  reasoning = '';
  finish: string | undefined;
  /** The server's note on its finish (SGLang's abort message), if any. */
  finishMessage: string | undefined;
  usage: Usage | undefined;
  firstTokenAt: number | undefined;
  /** Deltas that carried text: llama-server streams one per token (a count when usage is missing). */
  deltas = 0;
  private readonly splitter = new ThinkStreamSplitter();

  constructor(private readonly onToken?: (chunk: TokenChunk) => void) {}

  /** A streamed delta (or a whole response's message): reasoning first, then content through the think splitter. */
  add(delta: Delta): void {
    if (delta.content || delta.reasoning_content || delta.reasoning) this.deltas++;
    const thought = typeof delta.reasoning_content === 'string' ? delta.reasoning_content : typeof delta.reasoning === 'string' ? delta.reasoning : '';
    if (thought) {
      this.reasoning += thought;
      this.emit([{ text: thought, reasoning: true }]);
    }
    if (typeof delta.content === 'string' && delta.content) {
      this.content += delta.content;
      this.emit(this.splitter.push(delta.content));
    }
  }

  /** Records a choice's `finish_reason` (any shape, see finishOf); a later null does not undo it. */
  setFinish(value: unknown): void {
    const finish = finishOf(value);
    if (!finish) return;
    this.finish = finish.word;
    this.finishMessage = finish.message;
  }

  /** End of the stream: whatever the think splitter held back. */
  flush(): void {
    this.emit(this.splitter.flush());
  }

  /** The answer and reasoning (inline think blocks split off the content). */
  parts(): { text: string; reasoning?: string } {
    const inline = splitInlineThink(this.content);
    const reasoning = this.reasoning + (inline.reasoning ?? '');
    return { text: inline.text, ...(reasoning ? { reasoning } : {}) };
  }

  private emit(chunks: TokenChunk[]): void {
    for (const chunk of chunks) {
      this.firstTokenAt ??= performance.now();
      this.onToken?.(chunk);
    }
  }
}
