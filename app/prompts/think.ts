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
  if (close >= 0) {
    const reasoning = text.slice(0, close).replace(/^\s*<think>/, '').trim();
    return { answer: text.slice(close + CLOSE.length).trim(), reasoning: reasoning || undefined, unterminated: false };
  }
  const open = text.indexOf(OPEN);
  if (open >= 0) {
    const reasoning = text.slice(open + OPEN.length).trim();
    return { answer: '', reasoning: reasoning || undefined, unterminated: true };
  }
  return { answer: text.trim(), unterminated: false };
}
