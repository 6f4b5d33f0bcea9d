// `\boxed{…}` extraction with real brace matching (scores like `\boxed{\frac{1}{2}}` nest), and the
// strict reading of a box as a score in {0, 0.5, 1}.
import type { Score } from '../common/results';

export interface BoxedMatch {
  /** The text between the braces. */
  content: string;
  /** Offset of the backslash of `\boxed`. */
  start: number;
  /** Offset just after the closing brace. */
  end: number;
}

/** Every complete `\boxed{…}` in the text, in order. Escaped braces `\{ \}` do not count. */
export function boxedMatches(text: string): BoxedMatch[] {
  const found: BoxedMatch[] = [];
  const re = /\\boxed\s*\{/g;
  let closeOf: Map<number, number> | null = null;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    closeOf ??= matchBraces(text);
    const open = m.index + m[0].length;
    const close = closeOf.get(open - 1);
    if (close === undefined) continue; // an unclosed box (cut-off text) is not a box
    found.push({ content: text.slice(open, close), start: m.index, end: close + 1 });
    re.lastIndex = close + 1;
  }
  return found;
}

/** Contents of every complete `\boxed{…}` in the text, in order. */
export function allBoxed(text: string): string[] {
  return boxedMatches(text).map((b) => b.content);
}

/** Contents of the last complete `\boxed{…}`, or null when there is none. */
export function lastBoxed(text: string): string | null {
  const all = boxedMatches(text);
  return all.length ? all[all.length - 1].content : null;
}

/**
 * Offset of each `{` → offset of its matching `}`, in one pass with a stack (so text full of unclosed
 * boxes stays linear). Backslash-escaped characters (`\{`, `\}`, `\\`) are skipped.
 */
function matchBraces(text: string): Map<number, number> {
  const closeOf = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 92 /* \ */) i++;
    else if (ch === 123 /* { */) open.push(i);
    else if (ch === 125 /* } */ && open.length) closeOf.set(open.pop()!, i);
  }
  return closeOf;
}

const ONE = /^(?:1|1\.0*)$/;
const ZERO = /^(?:0|0\.0*|\.0+)$/;
const HALF = /^(?:0?\.50*|1\/2|\\[dt]?frac(?:\{1\}|1)(?:\{2\}|2))$/;

/**
 * Read a box's contents as a score. Accepts 1, 0, 0.5 and ½ written as `1/2`, `\frac{1}{2}`,
 * `\dfrac12`…, optionally wrapped in `$…$` or `\text{…}`. Anything else is not a score (null).
 */
export function parseScore(content: string): Score | null {
  let s = content.replace(/\s+/g, '');
  s = s.replace(/^\$+|\$+$/g, '');
  const text = /^\\(?:text|mathrm|mathbf)\{(.*)\}$/.exec(s);
  if (text) s = text[1];
  if (ONE.test(s)) return 1;
  if (ZERO.test(s)) return 0;
  if (HALF.test(s)) return 0.5;
  return null;
}
