// Reasoning models served without a reasoning parser put their thinking inline in `content`,
// as `<think>…</think>answer` (or, when the chat template already opened the tag, `…</think>answer`).

import type { TokenChunk } from '../backend';

const OPEN = '<think>';
const CLOSE = '</think>';

/**
 * Splits a whole inline-think response: the answer is what follows the last `</think>`. Content with no
 * `</think>` is returned whole, an opened `<think>` included: if the model opened one and never closed
 * it, everything it wrote is reasoning, and the answer parsers (app/prompts/think.ts) see the open tag
 * and say "never left its reasoning" (no verdict) instead of reading an empty answer — or, worse, a
 * `\boxed{1}` written while thinking.
 */
export function splitInlineThink(content: string): { text: string; reasoning?: string } {
  const end = content.lastIndexOf(CLOSE);
  if (end === -1) return { text: content };
  let reasoning = content.slice(0, end);
  const open = reasoning.indexOf(OPEN);
  if (open !== -1 && reasoning.slice(0, open).trim() === '') reasoning = reasoning.slice(open + OPEN.length);
  return { text: content.slice(end + CLOSE.length).replace(/^\s+/, ''), reasoning };
}

/**
 * Streaming counterpart for onToken: content that starts with `<think>` is reported as reasoning
 * until `</think>`. Content without an opening tag is reported as answer text while it streams
 * (nothing tells us yet that it is reasoning); the final result is split by `splitInlineThink`.
 * Tags split across chunks are held back until they can be recognised.
 */
export class ThinkStreamSplitter {
  private state: 'start' | 'thinking' | 'answer' = 'start';
  private pending = '';

  push(text: string): TokenChunk[] {
    this.pending += text;
    const out: TokenChunk[] = [];
    for (;;) {
      if (this.state === 'start') {
        const trimmed = this.pending.trimStart();
        if (trimmed.length === 0) return out;
        if (trimmed.startsWith(OPEN)) {
          this.pending = trimmed.slice(OPEN.length);
          this.state = 'thinking';
          continue;
        }
        if (OPEN.startsWith(trimmed)) return out; // could still become <think>
        this.state = 'answer';
        continue;
      }
      if (this.state === 'thinking') {
        const close = this.pending.indexOf(CLOSE);
        if (close !== -1) {
          if (close > 0) out.push({ text: this.pending.slice(0, close), reasoning: true });
          this.pending = this.pending.slice(close + CLOSE.length);
          this.state = 'answer';
          continue;
        }
        const keep = partialSuffix(this.pending, CLOSE);
        const emit = this.pending.slice(0, this.pending.length - keep);
        if (emit) out.push({ text: emit, reasoning: true });
        this.pending = this.pending.slice(emit.length);
        return out;
      }
      if (this.pending) out.push({ text: this.pending, reasoning: false });
      this.pending = '';
      return out;
    }
  }

  /** Whatever was held back at the end of the stream. */
  flush(): TokenChunk[] {
    const rest = this.pending;
    this.pending = '';
    return rest ? [{ text: rest, reasoning: this.state === 'thinking' }] : [];
  }
}

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialSuffix(text: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, text.length); n > 0; n--) {
    if (text.endsWith(tag.slice(0, n))) return n;
  }
  return 0;
}
