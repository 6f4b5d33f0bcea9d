// Where an environment closes (same-name nesting counted), memoised so many unclosed openers stay
// linear, and where any construct the scanner reported as unclosed ends.
import type { SourceRange } from '../text';
import { createSimpleCloser, findDollarClose } from './closers';
import { BEGIN_RE, END_RE } from './environments';
import { visible, type ScanOptions } from './visible';

/** A construct that opens in the scanned span but does not close inside it. */
export interface UnclosedOpener {
  at: number;
  delimiter: '\\[' | '$$' | 'env';
  env?: string;
}

/** Every opener {@link unclosedMessage} has words for: the displays above and the inline `\(` and `$`. */
export type UnclosedDelimiter = UnclosedOpener['delimiter'] | '\\(' | '$';

/**
 * What to say about an opener that never closes, the one wording of the checker's lint, the preview and
 * the report: "`\begin{align*}` is never closed by `\end{align*}`" (any environment), "`\[` is never
 * closed by `\]`", "`\(` is never closed by `\)`", "`$$` opens math that is never closed", "`$` opens
 * math that is never closed". TeX is quoted in code marks (Markdown); a surface showing plain text drops them.
 */
export function unclosedMessage(opener: { delimiter: UnclosedDelimiter; env?: string }): string {
  if (opener.delimiter === 'env') return `\`\\begin{${opener.env ?? ''}}\` is never closed by \`\\end{${opener.env ?? ''}}\``;
  if (opener.delimiter === '\\[') return '`\\[` is never closed by `\\]`';
  if (opener.delimiter === '\\(') return '`\\(` is never closed by `\\)`';
  return `\`${opener.delimiter}\` opens math that is never closed`;
}

/** {@link unclosedMessage} for a surface that shows it as plain text (the preview, the report): the code marks go. */
export function unclosedPlainMessage(opener: { delimiter: UnclosedDelimiter; env?: string }): string {
  return unclosedMessage(opener).replace(/`/g, '');
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
      // A close is found by walking forward from past the frame's `\begin{name}`, so it ends after the
      // frame's start; resuming at or before it would walk the same text again, forever.
      if (result.end <= frame.key) throw new Error(`resolveEnvClose: \\end{${name}} at ${result.start} does not close after ${frame.key}`);
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
