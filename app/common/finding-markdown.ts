// Model findings are Markdown with math, but they quote code and identifiers (`window.__x`, `a__b`,
// `__init__`) that CommonMark would read as strong emphasis ("__init__" → bold "init") and lose the
// underscores. Both surfaces that read findings as Markdown (the workbench's cards, the HTML report)
// pass the message through `literalIdentifierUnderscores` first, so they show the same text.
import { mathFragments } from './tex/math';

const WORD = /[\p{L}\p{N}]/u;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

function isWord(ch: string | undefined): boolean {
  return ch !== undefined && WORD.test(ch);
}

/**
 * `text` (a model finding, Markdown with `$…$` math) with the underscores of identifiers backslash-escaped,
 * so a Markdown reader shows them as written: a run of two or more `_` touching a letter or digit
 * (`window.__x`, `__init__`, `x__`), and any run between two letters or digits (`a__b`, `snake_case`;
 * CommonMark already keeps those literal, escaping them is harmless). A single `_` at a word's edge
 * (`_word_`) stays emphasis; the price is that `__bold__` is shown as written, as models write strong
 * emphasis as `**bold**`. Code spans (always literal in Markdown), math (`$a_1$`, `\(…\)`), autolinks and
 * characters already escaped are left as they are. Pure; never adds HTML.
 */
export function literalIdentifierUnderscores(text: string): string {
  if (!text.includes('_')) return text;
  const skip = skippedRanges(text);
  let out = '';
  let last = 0;
  let k = 0;
  for (let i = 0; i < text.length; i++) {
    while (k < skip.length && skip[k]!.end <= i) k++;
    if (k < skip.length && skip[k]!.start <= i) { i = skip[k]!.end - 1; continue; }
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length && ASCII_PUNCTUATION.test(text[i + 1]!)) { i++; continue; }
    if (ch !== '_') continue;
    let j = i;
    while (j < text.length && text[j] === '_' && !(k < skip.length && skip[k]!.start <= j)) j++;
    const before = text[i - 1];
    const after = text[j];
    const identifier = (j - i >= 2 && (isWord(before) || isWord(after))) || (isWord(before) && isWord(after));
    if (identifier) {
      out += text.slice(last, i) + '\\_'.repeat(j - i);
      last = j;
    }
    i = j - 1;
  }
  return out + text.slice(last);
}

/** Code spans (CommonMark's backtick rule), math fragments and autolinks in `text`, sorted, as offsets. */
function skippedRanges(text: string): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = mathFragments(text, undefined, 'markdown').map((f) => f.range);
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') { i++; continue; }
    if (text[i] !== '`') continue;
    let n = i;
    while (n < text.length && text[n] === '`') n++;
    const run = n - i;
    // The closing run has exactly as many backticks; without one the opening run is plain text.
    let close = -1;
    for (let j = n; j < text.length;) {
      if (text[j] !== '`') { j++; continue; }
      let m = j;
      while (m < text.length && text[m] === '`') m++;
      if (m - j === run) { close = m; break; }
      j = m;
    }
    if (close < 0) { i = n - 1; continue; }
    ranges.push({ start: i, end: close });
    i = close - 1;
  }
  for (const m of text.matchAll(/<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>/g)) ranges.push({ start: m.index, end: m.index + m[0].length });
  ranges.sort((a, b) => a.start - b.start);
  // Overlaps (a `$` inside a code span) collapse into one range.
  const merged: { start: number; end: number }[] = [];
  for (const r of ranges) {
    const prev = merged[merged.length - 1];
    if (prev && r.start < prev.end) prev.end = Math.max(prev.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}
