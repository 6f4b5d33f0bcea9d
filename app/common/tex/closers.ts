// Where `$`, `$$`, `\)` and `\]` close (TeX's and Pandoc's rules, nesting in brace groups), with the
// memoised walk that keeps one unclosed `\[` per paragraph linear.
import { isBlankLineAt, visible, type ScanOptions } from './visible';

function isSpaceCode(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || Number.isNaN(code);
}

/** Whether the `$` at `i` may open inline math (Pandoc: a non-space must follow it). */
export function inlineDollarOpens(text: string, i: number, options: ScanOptions): boolean {
  return !options.pandoc || !isSpaceCode(text.charCodeAt(i + 1));
}

/**
 * Whether the `$` at `i` may close inline math (Pandoc: non-space before, no digit after). A control
 * space (`$a\ $`) is not a space before it: Pandoc reads `\` and the character after it as one unit.
 */
function inlineDollarCloses(text: string, i: number, options: ScanOptions): boolean {
  if (!options.pandoc) return true;
  const after = text.charCodeAt(i + 1);
  return (!isSpaceCode(text.charCodeAt(i - 1)) || escapedAt(text, i - 1)) && !(after >= 48 && after <= 57);
}

/** Whether the character at `i` is escaped: an odd run of backslashes right before it. */
function escapedAt(text: string, i: number): boolean {
  let slashes = 0;
  while (i - slashes - 1 >= 0 && text.charCodeAt(i - slashes - 1) === 92) slashes++;
  return slashes % 2 === 1;
}

/**
 * Offset of the `$` (or `$$`) closing math whose content starts at `from`, or -1. Code spans are not
 * skipped inside math (a backtick there is TeX), only comments and masked ranges.
 */
export function findDollarClose(text: string, from: number, end: number, double: boolean, options: ScanOptions): number {
  const { top, shallow } = dollarCloseCandidates(text, from, end, double, options);
  return top >= 0 ? top : shallow;
}

/**
 * Whether `$$` math whose content starts at `from` and that closes at `close` (as findDollarClose
 * found) closes there at brace depth 0. Only then does no text after it move its close: one closed by
 * the fallback (an unbalanced `{` inside) closes at a later `$$` at depth 0 once one is typed.
 */
export function displayClosesAtDepthZero(text: string, from: number, close: number, options: ScanOptions): boolean {
  return dollarCloseCandidates(text, from, close + 2, true, options).top === close;
}

/** The first closing candidate at brace depth 0 (`top`) and the first inside a brace group (`shallow`), or -1. */
function dollarCloseCandidates(text: string, from: number, end: number, double: boolean, options: ScanOptions): { top: number; shallow: number } {
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
      if (closes && depth === 0) return { top: i, shallow };
      // Pandoc gives up on inline math at the first `$` outside braces that cannot close it (a space
      // before it, a digit after): the opener was a dollar sign. `$5 and $n$ items` is text, then
      // the formula `n`, not the formula `5 and $n`; `US$5 … US$10 … $x$` likewise.
      if (!double && options.pandoc && depth === 0 && i > from) return { top: -1, shallow };
      if (closes && shallow < 0) shallow = i;
      // A `$` inside a group opens nested math (`\text{… $n$ …}`): step over a `$$` as one unit.
      if (double && text.charCodeAt(i + 1) === 36) i++;
    }
    i++;
  }
  return { top: -1, shallow };
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
