// What the math scanner looks at: the scan options of each format and the walk that steps over text
// no math can start in (TeX comments, Markdown code spans and HTML comments, ranges a Markdown parser
// already claimed).
import { htmlCommentEnd } from '../html-comments';
import type { DocumentFormat } from '../proof';
import type { SourceRange } from '../text';

export interface ScanOptions {
  /** Recognise `$`/`$$`. */
  dollars: boolean;
  /** `%` starts a comment to the end of the line (TeX files). */
  comments: boolean;
  /** Pandoc's rule for single `$` (Markdown): see the header of math.ts. */
  pandoc?: boolean;
  /** Skip Markdown code spans and backtick fences (for callers without a Markdown parser's `mask`). */
  codeSpans?: boolean;
  /** Skip Markdown HTML comments (`<!-- … -->`, app/common/html-comments.ts): notes, not math. */
  htmlComments?: boolean;
  /** Sorted, non-overlapping ranges to skip (code spans, math already found by mdast). */
  mask?: readonly SourceRange[];
}

/** End of the mask range holding `offset`, or -1 (binary search: masks are sorted and disjoint). */
function maskedUntil(mask: readonly SourceRange[] | undefined, offset: number): number {
  if (!mask || mask.length === 0) return -1;
  let lo = 0;
  let hi = mask.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (mask[mid].end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo < mask.length && mask[lo].start <= offset ? mask[lo].end : -1;
}

export function isBlankLineAt(text: string, offset: number): boolean {
  // True when a line break at `offset` is followed by a line holding only whitespace.
  let i = offset + 1;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i++;
  return i >= text.length || text[i] === '\n';
}

/**
 * Skip a comment, code span or masked range at `i` (`i < end`), returning the next index to look at:
 * `i` when nothing is hidden there, else a larger index (possibly past `end`, for a mask running over it).
 */
function skipIgnored(text: string, i: number, end: number, options: ScanOptions): number {
  const ch = text.charCodeAt(i);
  if (options.comments && ch === 37) {
    const nl = text.indexOf('\n', i);
    return nl < 0 || nl >= end ? end : nl;
  }
  if (options.codeSpans && ch === 96 /* ` */) return codeSpanEnd(text, i, end);
  if (options.htmlComments && ch === 60 /* < */) {
    const close = htmlCommentEnd(text, i, end);
    if (close > i) return close;
  }
  const masked = maskedUntil(options.mask, i);
  return masked > i ? masked : i;
}

/**
 * The first index at or after `i` that no comment, code span or masked range hides (or `end`).
 * Exported only so the property test of {@link createEnvCloser} can keep the original walk as its oracle.
 */
export function visible(text: string, i: number, end: number, options: ScanOptions): number {
  // Only ever forward, and nothing past `end` is looked at: a mask running over `end` used to carry the
  // walk past it, where a `%` comment "ended" back at `end`, inside the mask again, forever.
  while (i < end) {
    const next = skipIgnored(text, i, end, options);
    if (next === i) return i;
    if (next < i) throw new Error(`visible: skipping ignored text at ${i} went back to ${next} (end ${end}); every skip must move forward`);
    i = next;
  }
  return end;
}

/**
 * End of the Markdown code span (or backtick fence) opening at `i`: the next run of exactly as many
 * backticks (CommonMark). An unmatched run is literal text: skip just the run.
 */
export function codeSpanEnd(text: string, i: number, end: number): number {
  let run = 0;
  while (i + run < end && text.charCodeAt(i + run) === 96) run++;
  let j = i + run;
  while (j < end) {
    const close = text.indexOf('`', j);
    if (close < 0 || close >= end) break;
    let n = 0;
    while (close + n < end && text.charCodeAt(close + n) === 96) n++;
    if (n === run) return close + n;
    j = close + n;
  }
  return i + run;
}

/** The scan options every surface uses for a format: TeX's rules for `.tex`, Pandoc's for Markdown. */
export function scanOptionsFor(format: DocumentFormat, extra: Partial<ScanOptions> = {}): ScanOptions {
  const tex = format === 'tex';
  return { dollars: true, comments: tex, pandoc: !tex, codeSpans: !tex, htmlComments: !tex, ...extra };
}
