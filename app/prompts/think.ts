// Reasoning models write their thinking before `</think>`; only the text after the LAST `</think>`
// is the answer. A `<think>` that never closes means the whole response is reasoning.

export interface ThinkSplit {
  /** The answer part (trimmed); empty when the response never left its reasoning. */
  answer: string;
  /** The reasoning part, without the think tags, if any. */
  reasoning?: string;
  /** True when a `<think>` was opened and never closed: there is no answer at all. */
  unterminated: boolean;
}

const OPEN = '<think>';
const CLOSE = '</think>';

export function splitThink(raw: string): ThinkSplit {
  // Every parser starts here: normalise line ends once so the heading and line readers see only \n.
  const text = raw.replace(/\r\n?/g, '\n');
  const close = text.lastIndexOf(CLOSE);
  const before = close >= 0 ? text.slice(0, close).replace(/^\s*<think>/, '').trim() : '';
  const after = close >= 0 ? text.slice(close + CLOSE.length) : text;
  // A `<think>` after the last `</think>` (or with none) was never closed: the model went (back) into
  // its reasoning and stopped there, so a box it wrote is a thought, not a verdict.
  const open = after.indexOf(OPEN);
  if (open >= 0) {
    const reasoning = [before, after.slice(0, open).trim(), after.slice(open + OPEN.length).trim()].filter(Boolean).join('\n\n');
    return { answer: '', reasoning: reasoning || undefined, unterminated: true };
  }
  return { answer: after.trim(), ...(before ? { reasoning: before } : {}), unterminated: false };
}
