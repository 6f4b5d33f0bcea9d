// The one math scanner of the domain core (pure: no Node, no DOM), used by step segmentation
// (app/proof), the checker's lint (app/check), the preview (renderer/preview) and the reports.
// It finds math fragments ($, $$, \(, \[, math environments) in a span of source text and tells the
// segmenter where a display construct opens without closing inside a block (so blocks can be merged).
// It walks the text once, treating `\x` as one unit so `\\[2pt]` or `\$` never open or close math.
//
// Where `$` math starts and ends:
// - TeX rule (`.tex` files): any unescaped `$` opens and the next one closes.
// - Pandoc's rule (Markdown, `pandoc: true`; https://pandoc.org/MANUAL.html#math): an opening `$` must
//   have a non-space character right after it; a closing `$` must have a non-space character right
//   before it and must not be followed by a digit. So `$20,000 and $30,000` is text.
// - In both, a `$` inside a brace group of the formula does not close it: `$\text{if $n$ is odd}$` is
//   one formula (TeX reads the inner `$…$` as math inside the text box). When no `$` closes at brace
//   depth 0, the first candidate at any depth does (an unbalanced `{` is then KaTeX's error to report).
import type { DocumentFormat, MathDelimiter, MathFragment } from '../proof';
import { htmlCommentEnd } from '../html-comments';
import type { SourceRange } from '../text';

/** Environments whose body is math (rendered with KaTeX as a display block). */
export const MATH_ENVIRONMENTS = new Set([
  'equation', 'equation*', 'align', 'align*', 'alignat', 'alignat*', 'aligned', 'gather', 'gather*',
  'multline', 'multline*', 'flalign', 'flalign*', 'eqnarray', 'eqnarray*', 'displaymath', 'math',
  'split', 'cases', 'dmath', 'dmath*', 'CD',
]);

/** Environments whose body is not TeX to look into (no math, no nested environments). */
export const VERBATIM_ENVIRONMENTS = new Set(['verbatim', 'verbatim*', 'lstlisting', 'minted', 'comment']);

/**
 * Environments that wrap several steps instead of being one (see README of app/proof): their
 * `\begin`/`\end` lines are not steps, the paragraphs inside are.
 */
export const CONTAINER_ENVIRONMENTS = new Set(['proof', 'document', 'itemize', 'enumerate', 'description']);

export interface ScanOptions {
  /** Recognise `$`/`$$`. */
  dollars: boolean;
  /** `%` starts a comment to the end of the line (TeX files). */
  comments: boolean;
  /** Pandoc's rule for single `$` (Markdown): see the header of this file. */
  pandoc?: boolean;
  /** Skip Markdown code spans and backtick fences (for callers without a Markdown parser's `mask`). */
  codeSpans?: boolean;
  /** Skip Markdown HTML comments (`<!-- … -->`, app/common/html-comments.ts): notes, not math. */
  htmlComments?: boolean;
  /** Sorted, non-overlapping ranges to skip (code spans, math already found by mdast). */
  mask?: readonly SourceRange[];
}

/** A construct that opens in the scanned span but does not close inside it. */
export interface UnclosedOpener {
  at: number;
  delimiter: '\\[' | '$$' | 'env';
  env?: string;
}

export interface ScanResult {
  fragments: MathFragment[];
  /** The first display construct (or non-container environment) left open at the end of the span. */
  unclosed: UnclosedOpener | null;
}

const BEGIN_RE = /\\begin\s*\{([^{}\n]*)\}/y;
const END_RE = /\\end\s*\{([^{}\n]*)\}/y;

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

function isBlankLineAt(text: string, offset: number): boolean {
  // True when a line break at `offset` is followed by a line holding only whitespace.
  let i = offset + 1;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i++;
  return i >= text.length || text[i] === '\n';
}

/**
 * Scan text[start, end) for math. Fragments are returned in order and never nest (a fragment's
 * inside is not scanned again).
 */
export function scanMath(text: string, start: number, end: number, options: ScanOptions): ScanResult {
  const fragments: MathFragment[] = [];
  let unclosed: UnclosedOpener | null = null;
  let i = start;
  // Non-math, non-container environments open at this point (to report the outermost unclosed one).
  const openEnvs: { name: string; at: number }[] = [];
  const envClose = createEnvCloser(text, end, options);
  const simpleClose = createSimpleCloser(text, end, options, start);

  while ((i = visible(text, i, end, options)) < end) {
    const ch = text.charCodeAt(i);
    if (ch === 36 /* $ */ && options.dollars) {
      const double = text.charCodeAt(i + 1) === 36;
      const delim = double ? '$$' : '$';
      if (!double && !inlineDollarOpens(text, i, options)) {
        i++;
        continue;
      }
      const close = findDollarClose(text, i + delim.length, end, double, options);
      if (close < 0) {
        if (double && !unclosed) unclosed = { at: i, delimiter: '$$' };
        i += delim.length;
        continue;
      }
      fragments.push(fragment(text, i, close + delim.length, delim.length, delim.length, delim, double));
      i = close + delim.length;
      continue;
    }
    if (ch !== 92 /* \ */) {
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '(' || next === '[') {
      const display = next === '[';
      const close = simpleClose(i + 2, display ? '\\]' : '\\)', !display);
      if (close < 0) {
        if (display && !unclosed) unclosed = { at: i, delimiter: '\\[' };
        i += 2;
        continue;
      }
      fragments.push(fragment(text, i, close + 2, 2, 2, display ? '\\[' : '\\(', display));
      i = close + 2;
      continue;
    }
    if (next === 'b') {
      BEGIN_RE.lastIndex = i;
      const begin = BEGIN_RE.exec(text);
      if (begin && begin.index + begin[0].length <= end) {
        const name = begin[1].trim();
        const afterBegin = i + begin[0].length;
        if (MATH_ENVIRONMENTS.has(name) || VERBATIM_ENVIRONMENTS.has(name)) {
          const close = envClose(afterBegin, name);
          if (!close) {
            if (!unclosed) unclosed = { at: i, delimiter: 'env', env: name };
            i = afterBegin;
            continue;
          }
          if (MATH_ENVIRONMENTS.has(name)) {
            const f = fragment(text, i, close.end, begin[0].length, close.end - close.start, 'env', name !== 'math');
            f.env = name;
            fragments.push(f);
          }
          i = close.end;
          continue;
        }
        if (!CONTAINER_ENVIRONMENTS.has(name)) openEnvs.push({ name, at: i });
        i = afterBegin;
        continue;
      }
    }
    if (next === 'e') {
      END_RE.lastIndex = i;
      const endMatch = END_RE.exec(text);
      if (endMatch && endMatch.index + endMatch[0].length <= end) {
        const name = endMatch[1].trim();
        for (let k = openEnvs.length - 1; k >= 0; k--) {
          if (openEnvs[k].name === name) {
            openEnvs.length = k;
            break;
          }
        }
        i += endMatch[0].length;
        continue;
      }
    }
    // Any other control sequence or escaped character: skip both characters as one unit.
    i += 2;
  }
  if (openEnvs.length > 0) {
    const outer = openEnvs[0];
    if (!unclosed || outer.at < unclosed.at) unclosed = { at: outer.at, delimiter: 'env', env: outer.name };
  }
  return { fragments, unclosed };
}

function fragment(
  text: string,
  start: number,
  end: number,
  openLength: number,
  closeLength: number,
  delimiter: MathDelimiter,
  display: boolean,
): MathFragment {
  const contentRange = { start: start + openLength, end: end - closeLength };
  return { range: { start, end }, contentRange, delimiter, display, tex: text.slice(contentRange.start, contentRange.end) };
}

/** Skip a comment, code span or masked range at `i`, returning the next index to look at (or `i`). */
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
  for (let next = skipIgnored(text, i, end, options); next !== i; next = skipIgnored(text, i, end, options)) i = next;
  return Math.min(i, end);
}

/**
 * End of the Markdown code span (or backtick fence) opening at `i`: the next run of exactly as many
 * backticks (CommonMark). An unmatched run is literal text: skip just the run.
 */
function codeSpanEnd(text: string, i: number, end: number): number {
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

function isSpaceCode(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || Number.isNaN(code);
}

/** Whether the `$` at `i` may open inline math (Pandoc: a non-space must follow it). */
function inlineDollarOpens(text: string, i: number, options: ScanOptions): boolean {
  return !options.pandoc || !isSpaceCode(text.charCodeAt(i + 1));
}

/** Whether the `$` at `i` may close inline math (Pandoc: non-space before, no digit after). */
function inlineDollarCloses(text: string, i: number, options: ScanOptions): boolean {
  if (!options.pandoc) return true;
  const after = text.charCodeAt(i + 1);
  return !isSpaceCode(text.charCodeAt(i - 1)) && !(after >= 48 && after <= 57);
}

/**
 * Offset of the `$` (or `$$`) closing math whose content starts at `from`, or -1. Code spans are not
 * skipped inside math (a backtick there is TeX), only comments and masked ranges.
 */
export function findDollarClose(text: string, from: number, end: number, double: boolean, options: ScanOptions): number {
  const inside = { ...options, codeSpans: false, htmlComments: false };
  let depth = 0;
  let shallow = -1; // first closing candidate inside a brace group, the fallback
  for (let i = from; (i = visible(text, i, end, inside)) < end; ) {
    const ch = text.charCodeAt(i);
    if (ch === 92) {
      i += 2;
      continue;
    }
    if (ch === 123 /* { */) depth++;
    else if (ch === 125 /* } */ && depth > 0) depth--;
    else if (ch === 10 && !double && isBlankLineAt(text, i)) break; // inline math never spans paragraphs
    else if (ch === 36) {
      const closes = double ? text.charCodeAt(i + 1) === 36 : i > from && inlineDollarCloses(text, i, options);
      if (closes && depth === 0) return i;
      if (closes && shallow < 0) shallow = i;
      // A `$` inside a group opens nested math (`\text{… $n$ …}`): step over a `$$` as one unit.
      if (double && text.charCodeAt(i + 1) === 36) i++;
    }
    i++;
  }
  return shallow;
}

/** Offset of `closer` (`\\)` or `\\]`) ending math whose content starts at `from`, or -1. */
export function findSimpleClose(text: string, from: number, end: number, closer: string, inline: boolean, options: ScanOptions): number {
  return walkSimpleClose(text, from, end, closer, inline, { ...options, codeSpans: false, htmlComments: false });
}

/**
 * `(from, closer, inline) => findSimpleClose(text, from, end, closer, inline, options)` with memory of
 * failures, for one text, range and options. Without it each unclosed `\[` scanned to the end again,
 * so one per paragraph cost O(n²) (issue 14). The walk's answer depends only on the position it is at
 * (it steps over `\x` pairs and ignored text deterministically), so every position a failing walk
 * visited fails too: those are marked, and a later walk that reaches one stops there. Each position is
 * marked at most once per closer; the marks (one byte per character of [start, end)) are allocated on
 * the first failure. Successes are not remembered: the callers step past a found closer.
 */
export function createSimpleCloser(text: string, end: number, options: ScanOptions, start = 0): (from: number, closer: string, inline: boolean) => number {
  const inside = { ...options, codeSpans: false, htmlComments: false };
  let failed: Uint8Array | null = null;
  const bits = new Map<string, number>();
  return (from, closer, inline) => {
    const key = `${closer}${inline}`;
    let bit = bits.get(key);
    if (bit === undefined) bits.set(key, (bit = 1 << bits.size));
    const known = (i: number) => failed !== null && i >= start && (failed[i - start] & bit) !== 0;
    const close = walkSimpleClose(text, from, end, closer, inline, inside, known);
    if (close < 0) {
      const marks = (failed ??= new Uint8Array(Math.max(0, end - start)));
      walkSimpleClose(text, from, end, closer, inline, inside, (i) => {
        if (i < start) return false;
        if ((marks[i - start] & bit) !== 0) return true;
        marks[i - start] |= bit;
        return false;
      });
    }
    return close;
  };
}

/** The walk of findSimpleClose; `stop(i)` (asked at each position visited) true ends it with -1. */
function walkSimpleClose(
  text: string,
  from: number,
  end: number,
  closer: string,
  inline: boolean,
  inside: ScanOptions,
  stop?: (i: number) => boolean,
): number {
  for (let i = from; (i = visible(text, i, end, inside)) < end; ) {
    if (stop?.(i)) return -1;
    const ch = text.charCodeAt(i);
    if (ch === 10 && inline && isBlankLineAt(text, i)) return -1;
    if (ch === 92) {
      if (text.startsWith(closer, i) && i + closer.length <= end) return i;
      i += 2;
      continue;
    }
    i++;
  }
  return -1;
}

/**
 * Range of the `\end{name}` that closes an environment opened before `from` (same-name nesting
 * counted), searching text[from, end); null when it never closes. One-shot: a caller asking for many
 * openers in the same text should use {@link createEnvCloser}, which answers all of them in linear time.
 */
export function findEnvClose(text: string, from: number, end: number, name: string, options: ScanOptions): SourceRange | null {
  return createEnvCloser(text, end, options)(from, name);
}

/**
 * `(from, name) => findEnvClose(text, from, end, name, options)` with memory, for one text, `end` and
 * `options`. Without it every unclosed `\begin{align}` scanned to the end of the document again, so n of
 * them cost O(n²) (issue 14). The answer from a position p depends only on p (the walk is
 * deterministic), and a walk from p that meets `\begin{name}` at q resumes, one level deeper, exactly
 * where the walk from just after q closes; so close(p) = close(close(after q).end), or null when the
 * inner one never closes. Memoising every position a walk starts from makes each stretch of text walked
 * about once per name. Iterative (an explicit stack), because thousands of nested openers would
 * overflow the call stack.
 */
export function createEnvCloser(text: string, end: number, options: ScanOptions): (from: number, name: string) => SourceRange | null {
  const memos = new Map<string, Map<number, SourceRange | null>>();
  return (from, name) => {
    let memo = memos.get(name);
    if (!memo) memos.set(name, (memo = new Map()));
    return resolveEnvClose(text, end, name, options, memo, from);
  };
}

type EnvEvent = { kind: 'end'; range: SourceRange } | { kind: 'begin'; after: number } | null;

/** The next `\begin{name}` or `\end{name}` a walk from `from` meets (the walk of the original scanner). */
function nextEnvEvent(text: string, from: number, end: number, name: string, options: ScanOptions): EnvEvent {
  for (let i = from; (i = visible(text, i, end, options)) < end; ) {
    if (text.charCodeAt(i) !== 92) {
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === 'e') {
      END_RE.lastIndex = i;
      const m = END_RE.exec(text);
      if (m && i + m[0].length <= end && m[1].trim() === name) return { kind: 'end', range: { start: i, end: i + m[0].length } };
    } else if (next === 'b') {
      BEGIN_RE.lastIndex = i;
      const m = BEGIN_RE.exec(text);
      if (m && i + m[0].length <= end && m[1].trim() === name) return { kind: 'begin', after: i + m[0].length };
    }
    i += 2;
  }
  return null;
}

function resolveEnvClose(
  text: string,
  end: number,
  name: string,
  options: ScanOptions,
  memo: Map<number, SourceRange | null>,
  from: number,
): SourceRange | null {
  // Each frame waits for the inner environment opened at its walk's `\begin{name}`; `same` holds the
  // positions whose answer is the answer of the position being resolved now (tail calls).
  const frames: { key: number; same: number[] }[] = [];
  let same: number[] = [];
  let cur = from;
  for (;;) {
    let result: SourceRange | null;
    if (memo.has(cur)) result = memo.get(cur) ?? null;
    else {
      const event = nextEnvEvent(text, cur, end, name, options);
      if (event?.kind === 'begin') {
        frames.push({ key: cur, same });
        same = [];
        cur = event.after;
        continue;
      }
      result = event ? event.range : null;
    }
    // `result` answers `cur` and every position in `same`; hand it to the waiting frames.
    for (;;) {
      memo.set(cur, result);
      for (const k of same) memo.set(k, result);
      const frame = frames.pop();
      if (!frame) return result;
      same = frame.same;
      if (result === null) {
        cur = frame.key; // the inner environment never closes, so neither does the outer one
        continue;
      }
      same.push(frame.key);
      cur = result.end; // the outer walk resumes after the inner `\end{name}`, at depth 1 again
      break;
    }
  }
}

/**
 * Where the construct reported as unclosed ends, searching up to `limit`; -1 when it never closes.
 * `envCloser` and `simpleCloser` (from {@link createEnvCloser} and {@link createSimpleCloser} for the
 * same text, `limit` and options) let a caller asking for many openers share one memory.
 */
export function findOpenerClose(
  text: string,
  opener: UnclosedOpener,
  limit: number,
  options: ScanOptions,
  envCloser: (from: number, name: string) => SourceRange | null = createEnvCloser(text, limit, options),
  simpleCloser: (from: number, closer: string, inline: boolean) => number = createSimpleCloser(text, limit, options),
): number {
  if (opener.delimiter === 'env') {
    BEGIN_RE.lastIndex = opener.at;
    const m = BEGIN_RE.exec(text);
    if (!m) return -1;
    const close = envCloser(opener.at + m[0].length, opener.env ?? '');
    return close ? close.end : -1;
  }
  if (opener.delimiter === '$$') {
    const close = findDollarClose(text, opener.at + 2, limit, true, options);
    return close < 0 ? -1 : close + 2;
  }
  const close = simpleCloser(opener.at + 2, '\\]', false);
  return close < 0 ? -1 : close + 2;
}

/** The scan options every surface uses for a format: TeX's rules for `.tex`, Pandoc's for Markdown. */
export function scanOptionsFor(format: DocumentFormat, extra: Partial<ScanOptions> = {}): ScanOptions {
  const tex = format === 'tex';
  return { dollars: true, comments: tex, pandoc: !tex, codeSpans: !tex, htmlComments: !tex, ...extra };
}

/**
 * All math in a span of TeX/Markdown text: `$…$`, `$$…$$`, `\(…\)`, `\[…\]` and math environments,
 * with the exact range of each fragment and of its content. `%` starts a comment only for `format: 'tex'`
 * (in Markdown "50%" is just text); in Markdown, code spans and HTML comments are skipped and `$` follows Pandoc's rule.
 */
export function mathFragments(text: string, range?: SourceRange, format: DocumentFormat = 'markdown'): MathFragment[] {
  const start = Math.max(0, range?.start ?? 0);
  const end = Math.min(text.length, range?.end ?? text.length);
  return scanMath(text, start, end, scanOptionsFor(format)).fragments;
}
