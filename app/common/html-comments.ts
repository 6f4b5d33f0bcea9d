// HTML comments in Markdown proofs (`<!-- TODO … -->`, one line or several): people leave notes in
// them, and they are invisible in rendered Markdown. The one rule, used by the math scanner (no math
// inside a comment, app/common/tex/math.ts), the checker's lint walk, the preview's block splitter and
// its renderer: a comment runs from `<!--` to the first `-->` after it; one that never closes is text.
import type { SourceRange } from './text';

/**
 * Where the first `-->` at or after `from` is (-1: none), for the last text asked about. The walks ask
 * again at every `<!--` they meet: without this, n unclosed `<!--` would each search to the end (n²).
 */
let memo: { text: string; from: number; close: number } | null = null;

function closeAtOrAfter(text: string, from: number): number {
  if (memo && memo.text === text && from >= memo.from && (memo.close < 0 || from <= memo.close)) return memo.close;
  const close = text.indexOf('-->', from);
  memo = { text, from, close };
  return close;
}

/** The end (just past `-->`) of the HTML comment opening at `i`, if one opens there and closes before `end`; else -1. */
export function htmlCommentEnd(text: string, i: number, end = text.length): number {
  if (text.charCodeAt(i) !== 60 /* < */ || !text.startsWith('<!--', i)) return -1;
  const close = closeAtOrAfter(text, i + 4);
  return close >= 0 && close + 3 <= end ? close + 3 : -1;
}

/** Every closed HTML comment of `text`, in order. */
export function htmlCommentRanges(text: string): SourceRange[] {
  const out: SourceRange[] = [];
  for (let i = text.indexOf('<!--'); i >= 0; ) {
    const end = htmlCommentEnd(text, i);
    if (end < 0) break; // no `-->` after this one: none after any later one either
    out.push({ start: i, end });
    i = text.indexOf('<!--', end);
  }
  return out;
}

/** `text` without its HTML comments (what rendered Markdown shows of a raw-HTML node). */
export function withoutHtmlComments(text: string): string {
  if (!text.includes('<!--')) return text;
  let out = '';
  let last = 0;
  for (const r of htmlCommentRanges(text)) {
    out += text.slice(last, r.start);
    last = r.end;
  }
  return out + text.slice(last);
}
