// Finds the math in a piece of Markdown + LaTeX source before any Markdown parser sees it, so that
// `_`, `*` and `\\` inside TeX are never read as Markdown. Offsets are relative to the given text.

export type MathDelimiterKind = '$' | '$$' | '\\(' | '\\[' | 'env';

export interface MathSpan {
  /** The whole fragment, delimiters included: [start, end). */
  start: number;
  end: number;
  /** Offset in the text of tex[0]: a KaTeX error position p maps to texStart + p. */
  texStart: number;
  /** What is handed to KaTeX (for environments: the whole \begin…\end, which KaTeX parses itself). */
  tex: string;
  display: boolean;
  delimiter: MathDelimiterKind;
  env?: string;
}

/** Environments KaTeX renders as display math on their own. */
export const MATH_ENVIRONMENTS: ReadonlySet<string> = new Set([
  'equation', 'equation*', 'align', 'align*', 'aligned', 'alignat', 'alignat*', 'gather', 'gather*',
  'multline', 'multline*', 'eqnarray', 'eqnarray*', 'displaymath', 'split', 'CD',
]);

const BEGIN_RE = /^\\begin\{([A-Za-z*]+)\}/;

/** A `$` closes inline math when it follows a non-space and is not followed by a digit (Pandoc's rule). */
function findInlineDollarClose(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') { i++; continue; }
    if (c === '\n' && /^\n[ \t]*(\n|$)/.test(text.slice(i, i + 80))) return -1; // no blank line inside
    if (c === '$') {
      if (text[i + 1] === '$') return -1; // `$a$$` is not a clean inline close
      const prev = text[i - 1];
      if (prev === ' ' || prev === '\t' || prev === '\n') continue;
      if (/[0-9]/.test(text[i + 1] ?? '')) continue;
      return i;
    }
  }
  return -1;
}

/** Finds `closer` from `from`, skipping backslash escapes (`\$`, `\\`, `\{`) that cannot close it. */
function findCloser(text: string, from: number, closer: string): number {
  for (let i = from; i <= text.length - closer.length; i++) {
    if (text.startsWith(closer, i)) return i;
    if (text[i] === '\\') i++;
  }
  return -1;
}

/** The offset just after the `\end{env}` that closes the `\begin{env}` at `from`, or -1. */
export function findEnvironmentEnd(text: string, from: number, env: string): number {
  const begin = `\\begin{${env}}`;
  const end = `\\end{${env}}`;
  let depth = 0;
  let i = from;
  while (i < text.length) {
    const nextBegin = text.indexOf(begin, i);
    const nextEnd = text.indexOf(end, i);
    if (nextEnd < 0) return -1;
    if (nextBegin >= 0 && nextBegin < nextEnd) {
      depth++;
      i = nextBegin + begin.length;
    } else {
      depth--;
      i = nextEnd + end.length;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Length of the run of backticks at `i`. */
function backtickRun(text: string, i: number): number {
  let n = 0;
  while (text[i + n] === '`') n++;
  return n;
}

/**
 * All math fragments, in order, non-overlapping. Unclosed delimiters are left as text (the preview
 * shows them literally; the checker reports them). Inline code spans are skipped.
 */
export function findMath(text: string): MathSpan[] {
  const spans: MathSpan[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '`') {
      const run = backtickRun(text, i);
      const close = text.indexOf('`'.repeat(run), i + run);
      i = close < 0 ? i + run : close + run;
      continue;
    }
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '(' || next === '[') {
        const closer = next === '(' ? '\\)' : '\\]';
        const close = findCloser(text, i + 2, closer);
        if (close >= 0) {
          spans.push({
            start: i, end: close + 2, texStart: i + 2, tex: text.slice(i + 2, close),
            display: next === '[', delimiter: next === '(' ? '\\(' : '\\[',
          });
          i = close + 2;
          continue;
        }
      }
      const begin = BEGIN_RE.exec(text.slice(i, i + 40));
      if (begin && MATH_ENVIRONMENTS.has(begin[1])) {
        const end = findEnvironmentEnd(text, i, begin[1]);
        if (end >= 0) {
          spans.push({ start: i, end, texStart: i, tex: text.slice(i, end), display: true, delimiter: 'env', env: begin[1] });
          i = end;
          continue;
        }
      }
      i += 2; // an escape (`\$`, `\\`) or a command outside math
      continue;
    }
    if (c === '$') {
      if (text[i + 1] === '$') {
        const close = findCloser(text, i + 2, '$$');
        if (close >= 0) {
          spans.push({ start: i, end: close + 2, texStart: i + 2, tex: text.slice(i + 2, close), display: true, delimiter: '$$' });
          i = close + 2;
          continue;
        }
        i += 2;
        continue;
      }
      const after = text[i + 1];
      if (after !== undefined && !/\s/.test(after)) {
        const close = findInlineDollarClose(text, i + 1);
        if (close >= 0) {
          spans.push({ start: i, end: close + 1, texStart: i + 1, tex: text.slice(i + 1, close), display: false, delimiter: '$' });
          i = close + 1;
          continue;
        }
      }
    }
    i++;
  }
  return spans;
}
