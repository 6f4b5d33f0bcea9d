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
//   before it and must not be followed by a digit. So `$20,000 and $30,000` is text. The first `$`
//   outside braces that cannot close ends the attempt: `$5 and $n$ items` is a dollar sign, then `n`.
// - In both, a `$` inside a brace group of the formula does not close it: `$\text{if $n$ is odd}$` is
//   one formula (TeX reads the inner `$…$` as math inside the text box). When no `$` closes at brace
//   depth 0, the first candidate at any depth does (an unbalanced `{` is then KaTeX's error to report).
import type { DocumentFormat, MathDelimiter, MathFragment } from '../proof';
import type { SourceRange } from '../text';
import { createSimpleCloser, findDollarClose, inlineDollarOpens } from './closers';
import { createEnvCloser, type UnclosedOpener } from './env-close';
import { BEGIN_RE, CONTAINER_ENVIRONMENTS, END_RE, MATH_ENVIRONMENTS, VERBATIM_ENVIRONMENTS } from './environments';
import { scanOptionsFor, visible, type ScanOptions } from './visible';

// The scanner's parts, exported from here too so `tex/math` stays the one import for callers.
export { CONTAINER_ENVIRONMENTS, MATH_ENVIRONMENTS, VERBATIM_ENVIRONMENTS } from './environments';
export { scanOptionsFor, visible, type ScanOptions } from './visible';
export { createSimpleCloser, displayClosesAtDepthZero, findDollarClose, findSimpleClose } from './closers';
export { createEnvCloser, findEnvClose, findOpenerClose, unclosedMessage, unclosedPlainMessage, type UnclosedDelimiter, type UnclosedOpener } from './env-close';

export interface ScanResult {
  fragments: MathFragment[];
  /** The first display construct (or non-container environment) left open at the end of the span. */
  unclosed: UnclosedOpener | null;
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

/**
 * The display a scanned span leaves open (`\[`, `$$` or a math environment such as `align*`), which the
 * preview (renderer/preview/renderBlock.ts) and the report (app/report/markdown.ts) show from its opener
 * to the span's end as its source, with {@link unclosedPlainMessage}. An open text environment
 * (`\begin{theorem}`) is not math: its text is rendered as usual and only the lint reports it. Null when
 * nothing is left open.
 */
export function displayLeftOpen(scan: ScanResult | null): UnclosedOpener | null {
  const open = scan?.unclosed ?? null;
  return open && (open.delimiter !== 'env' || MATH_ENVIRONMENTS.has(open.env ?? '')) ? open : null;
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
