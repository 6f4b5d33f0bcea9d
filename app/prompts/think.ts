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

// gpt-oss's Harmony format, when a server passes it through raw (llama-server without reasoning
// parsing, some MLX/OpenVINO servers): `<|channel|>analysis<|message|>…<|end|><|start|>assistant<|channel|>final<|message|>…`.
// The analysis (and commentary) channels are reasoning; only the final channel is the answer.
const HARMONY_FINAL = '<|channel|>final<|message|>';
const HARMONY_REASONING = /^\s*(?:<\|start\|>assistant)?<\|channel\|>(?:analysis|commentary)\b/;
const HARMONY_TOKENS = /<\|(?:start|end|channel|message|return|call|constrain)\|>/g;

/** Harmony markup as readable reasoning: channel headers and roles dropped, other control tokens line breaks. */
function harmonyText(text: string): string {
  return text
    .replace(/<\|start\|>[a-z]*/g, '\n')
    .replace(/<\|channel\|>[^<]*<\|message\|>/g, '\n')
    .replace(HARMONY_TOKENS, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function splitThink(raw: string): ThinkSplit {
  // Every parser starts here: normalise line ends once so the heading and line readers see only \n.
  let text = raw.replace(/\r\n?/g, '\n');
  let harmonyReasoning = '';
  const final = text.lastIndexOf(HARMONY_FINAL);
  if (final >= 0) {
    harmonyReasoning = harmonyText(text.slice(0, final));
    text = text.slice(final + HARMONY_FINAL.length).replace(/<\|(?:return|end|call)\|>\s*$/, '');
  } else if (HARMONY_REASONING.test(text)) {
    // Harmony reasoning that never reached the final channel: like an unclosed <think>, no answer at all.
    return { answer: '', reasoning: harmonyText(text) || undefined, unterminated: true };
  }
  const split = splitTags(text);
  if (!harmonyReasoning) return split;
  return { ...split, reasoning: [harmonyReasoning, split.reasoning].filter(Boolean).join('\n\n') };
}

/** The `<think>` tag split of a text (after any Harmony channels are taken off). */
function splitTags(text: string): ThinkSplit {
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
