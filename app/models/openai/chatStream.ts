// One chat completion's text as it streams from an OpenAI-compatible server: its deltas (answer text,
// `reasoning_content`/`reasoning`, inline `<think>` blocks), finish word and usage, turned into
// TokenChunks while it streams and into the answer/reasoning split at the end. Shared by the `openai`
// backend (one choice per request) and the local llama-server runtime (n choices per request, see
// app/models/local/server-backend.ts), so both stream and split the same way.
import { finishFromServer, type TokenChunk } from '../backend';
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
  // Proxies that serialise a missing finish as a string ("null" from Java configs, "None" from Python's
  // str()) put it on every chunk: it is no finish, and reading it as one would stand against the real "stop".
  if (typeof value === 'string' && /^\s*(?:null|none|undefined)\s*$/i.test(value)) return undefined;
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

/**
 * One SSE event's data as both stream readers (the openai backend and the local llama-server path) take
 * it: `done` at `[DONE]`; `chunks`, the JSON objects it carries (one, or several when a server ended
 * events with one newline instead of a blank line: by the SSE rules they run together into one event
 * whose lines are each a whole chunk); `unreadable`, the payload when it opens like a JSON chunk but does
 * not parse. Anything else (`data: ping`, an empty data line: keep-alives and junk some proxies insert)
 * is no chunk. An unreadable payload is part of the answer that cannot be read (vLLM writes a -Infinity
 * logprob as bare `-Infinity`; a proxy cuts a long line): scoring the rest could take an earlier \boxed{}
 * for the verdict, so callers must give no verdict, never skip it.
 */
export interface EventReading {
  done: boolean;
  chunks: Array<ChunkEvent & Record<string, unknown>>;
  unreadable?: string;
}

/** Reads one SSE event's data (see EventReading). */
export function readEventData(data: string): EventReading {
  // A proxy that wraps an upstream event stream in its own events without unwrapping it first sends
  // `data: data: {…}` (and `data: data: [DONE]`): the inner prefix is the upstream's framing, not text.
  if (/^data:/.test(data)) data = data.replace(/^(?:data: ?)+/gm, '');
  if (data.trim() === '[DONE]') return { done: true, chunks: [] };
  const event = parseChunk(data);
  if (event) return { done: false, chunks: [event] };
  if (data.includes('\n')) {
    const lines = data.split('\n').filter((line) => line.trim());
    const parsed = lines.map((line) => (line.trim() === '[DONE]' ? 'done' : parseChunk(line)));
    if (lines.length > 1 && parsed.every((p) => p !== undefined)) {
      const end = parsed.indexOf('done');
      const chunks = (end === -1 ? parsed : parsed.slice(0, end)) as EventReading['chunks'];
      return { done: end !== -1, chunks };
    }
  }
  if (/^\s*[{[]/.test(data)) return { done: false, chunks: [], unreadable: data.trim() };
  return { done: false, chunks: [] };
}

/** The message for an unreadable chunk (EventReading.unreadable) from `who` (the server's name or URL). */
export function unreadableChunkMessage(who: string, payload: string): string {
  return `${who} sent a chunk that is not valid JSON, so part of the answer could not be read: ${JSON.stringify(payload.slice(0, 160))}`;
}

/** The first of the values that is a non-empty string, else ''. */
function firstText(...values: unknown[]): string {
  for (const value of values) if (typeof value === 'string' && value) return value;
  return '';
}

/**
 * A message's or delta's `content`: a string, or a list of typed parts as Mistral's API sends them
 * (`[{"type": "thinking", "thinking": [{"type": "text", "text": …}]}, {"type": "text", "text": …}]`, the
 * same shape as OpenAI's content parts). Text parts are the answer, thinking parts reasoning; other
 * parts (images, references) carry no text we read. Anything else is no text.
 */
export function contentParts(content: unknown): { text: string; thinking: string } {
  if (typeof content === 'string') return { text: content, thinking: '' };
  const out = { text: '', thinking: '' };
  const visit = (part: unknown, into: 'text' | 'thinking', depth: number): void => {
    if (depth > 4) return;
    if (typeof part === 'string') out[into] += part;
    else if (Array.isArray(part)) for (const p of part) visit(p, into, depth + 1);
    else if (part && typeof part === 'object') {
      const { type, text, thinking } = part as Record<string, unknown>;
      if (type === 'thinking' || type === 'reasoning') visit(thinking ?? text, 'thinking', depth + 1);
      else if ((type === 'text' || type === undefined) && typeof text === 'string') out[into] += text;
    }
  };
  if (Array.isArray(content) || (content && typeof content === 'object')) visit(content, 'text', 0);
  return out;
}

/**
 * The choice this stream follows in an event's `choices`: the one with the index the stream named
 * first (0 for the one choice we ask for), so that text and a finish of another choice — a server or
 * proxy answering as if n > 1 — never mix into ours. Undefined when the event has none of ours.
 */
export class ChoicePicker {
  private index: number | undefined;
  /**
   * Set when choice 0 appears after the stream began with another index: the stream holds several
   * answers, and the one followed may not be ours (a proxy fanning one request out, its second answer
   * first). Nothing shows which one is the answer to our request, so the caller gives no verdict.
   */
  conflict: { followed: number } | undefined;

  pick<C extends { index?: number }>(choices: unknown): C | undefined {
    if (!Array.isArray(choices)) return undefined;
    const found = (choices as C[]).filter((c) => c && typeof c === 'object');
    const indexOf = (c: C) => (typeof c.index === 'number' ? c.index : 0);
    // Choice 0 when the first event names it, else whatever index the server numbers ours with.
    if (this.index === undefined && found.length > 0) this.index = found.some((c) => indexOf(c) === 0) ? 0 : indexOf(found[0]);
    if (this.index !== 0 && this.index !== undefined && found.some((c) => indexOf(c) === 0)) this.conflict ??= { followed: this.index };
    return found.find((c) => indexOf(c) === this.index);
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
  /**
   * A "stop" came on a chunk that more text followed: this stream's finish marks do not say where the
   * answer ends (a proxy marking every chunk), so only the stream's own end marker ([DONE]) can.
   */
  stopRetracted = false;
  private readonly splitter = new ThinkStreamSplitter();

  constructor(private readonly onToken?: (chunk: TokenChunk) => void) {}

  /**
   * A streamed delta (or a whole response's message): reasoning first, then content through the think
   * splitter. Reasoning is the first non-empty one of `reasoning_content` and `reasoning` (vLLM sends
   * both with the same text; others send one beside an empty or null other); content is a string or a
   * list of parts (see contentParts), whose thinking parts are reasoning too.
   */
  add(delta: Delta): void {
    const parts = contentParts(delta.content);
    const thought = firstText(delta.reasoning_content, delta.reasoning) + parts.thinking;
    if (thought || parts.text) {
      this.deltas++;
      // Text after a completed finish shows the server was not done: some proxies mark intermediate
      // chunks "stop" (Open WebUI on reasoning chunks, LiteLLM's Gemini adapter on every chunk). Only a
      // finish that comes with or after the last text can complete the answer.
      if (this.finish !== undefined && finishFromServer(this.finish) === 'stop') {
        this.finish = this.finishMessage = undefined;
        this.stopRetracted = true;
      }
    }
    if (thought) {
      this.reasoning += thought;
      this.emit([{ text: thought, reasoning: true }]);
    }
    if (parts.text) {
      this.content += parts.text;
      this.emit(this.splitter.push(parts.text));
    }
  }

  /**
   * Records a choice's `finish_reason` (any shape, see finishOf). A later null does not undo it, and a
   * finish that is not a completion (abort, error, length, …) stands: a later "stop" — a proxy closing
   * its own stream — never turns an answer the server ended early into a completed one.
   */
  setFinish(value: unknown): void {
    const finish = finishOf(value);
    if (!finish) return;
    if (this.finish !== undefined && finishFromServer(this.finish) !== 'stop') return;
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
