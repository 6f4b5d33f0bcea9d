// Locating a quoted fragment in the proof source, tolerant to the ways a model re-types TeX/Markdown:
// whitespace, LaTeX spacing (`\,` `\;` `\!` `\:` `\ ` `~` `\quad`), `\left`/`\right` and `\big…`
// sizing, math delimiters (`$` vs `\(`, `$$` vs `\[`), emphasis markers, curly quotes and case.
// Both sides are reduced to a normal form; the source keeps a map from each kept character back to
// its offset, so the answer is an exact source range.
import type { SourceRange } from '../common/text';
import { lowerBound as lowerIndex } from '../common/sorted';

const SKIPPED_COMMANDS = new Set(['left', 'right', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'biggl', 'biggr', 'Biggl', 'Biggr', 'quad', 'qquad', 'displaystyle', 'textstyle']);
const SKIPPED_SYMBOLS = new Set([',', ';', '!', ':', ' ', '>', '(', ')', '[', ']', '$', '*', '_', '\n', '\t']);
const CHARACTER_FOLDS: Record<string, string> = { '‘': "'", '’': "'", '“': '"', '”': '"', '−': '-', '\u00a0': ' ' };

interface Normalized {
  /** The normal form. */
  text: string;
  /** Lower-cased normal form (same length). */
  lower: string;
  /** Source offset of each normal-form character, and the offset just after it. */
  starts: number[];
  ends: number[];
}

function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z]/.test(ch);
}

function isSpace(ch: string | undefined): boolean {
  return ch === undefined || /\s/.test(ch);
}

function normalize(source: string, from = 0, to = source.length): Normalized {
  let text = '';
  let lower = '';
  const starts: number[] = [];
  const ends: number[] = [];
  const keep = (ch: string, start: number, end: number) => {
    const folded = CHARACTER_FOLDS[ch] ?? ch;
    if (/\s/.test(folded)) return;
    const lc = folded.toLowerCase();
    text += folded;
    lower += lc.length === folded.length ? lc : folded;
    starts.push(start);
    ends.push(end);
  };
  let i = from;
  while (i < to) {
    const ch = source[i];
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === '\\') {
        keep('\\', i, i + 1);
        keep('\\', i + 1, i + 2);
        i += 2; // a TeX line break: `\\[2pt]` does not open display math
        continue;
      }
      if (next !== undefined && SKIPPED_SYMBOLS.has(next)) {
        i += 2; // spacing command, math delimiter or escaped markup character
        continue;
      }
      if (isLetter(next)) {
        let j = i + 1;
        while (j < to && isLetter(source[j])) j++;
        if (SKIPPED_COMMANDS.has(source.slice(i + 1, j))) {
          i = j;
          continue;
        }
        for (let k = i; k < j; k++) keep(source[k], k, k + 1);
        i = j;
        continue;
      }
      keep(ch, i, i + 1);
      i++;
      continue;
    }
    if (ch === '$' || ch === '*' || ch === '~') {
      i++;
      continue;
    }
    if (ch === '_') {
      // A run of two or more, or one next to whitespace, is emphasis; `x_1` is a subscript and stays.
      let j = i;
      while (j < to && source[j] === '_') j++;
      if (j - i >= 2 || isSpace(source[i - 1]) || isSpace(source[j])) {
        i = j;
        continue;
      }
    }
    keep(ch, i, i + 1);
    i++;
  }
  return { text, lower, starts, ends };
}

/** Quote pieces: wrapping quotes and ellipses removed, split at inner ellipses (`...`, `…`). */
function quotePieces(quote: string): string[] {
  let q = quote.trim();
  const wrappers: [string, string][] = [['"', '"'], ['“', '”'], ["'", "'"], ['‘', '’'], ['`', '`'], ['«', '»']];
  for (const [open, close] of wrappers) {
    if (q.length >= 2 && q.startsWith(open) && q.endsWith(close)) q = q.slice(open.length, -close.length).trim();
  }
  return q
    .split(/\.\.\.+|…|\[\.\.\.\]/)
    .map((p) => p.trim())
    .filter((p) => normalize(p).text.length > 0);
}

/** Minimum normal-form length of a quote searched in the whole text (shorter ones match anywhere). */
const MIN_FREE_QUOTE = 3;

/** A text normalised once, for locating many quotes (placeFindings). */
export class QuoteIndex {
  private readonly normalized: Normalized;

  constructor(readonly source: string) {
    this.normalized = normalize(source);
  }

  locate(quote: string, within?: SourceRange): SourceRange | null {
    const raw = quotePieces(quote);
    const pieces = raw.map((p) => normalize(p));
    if (pieces.length === 0) return null;
    const total = pieces.reduce((n, p) => n + p.text.length, 0);
    if (!within && total < MIN_FREE_QUOTE) return null;
    const found = this.find(pieces, within, false) ?? this.find(pieces, within, true);
    if (!found) return null;
    const wide = widened(this.source, found, edgeMarkup(raw[0], pieces[0]).lead, edgeMarkup(raw[raw.length - 1], pieces[pieces.length - 1]).trail);
    return within ? { start: Math.max(wide.start, Math.min(found.start, within.start)), end: Math.min(wide.end, Math.max(found.end, within.end)) } : wide;
  }

  private find(pieces: Normalized[], within: SourceRange | undefined, caseless: boolean): SourceRange | null {
    const n = this.normalized;
    const hay = caseless ? n.lower : n.text;
    const lo = within ? lowerBound(n.starts, within.start) : 0;
    const hi = within ? lowerBound(n.starts, within.end) : n.starts.length;
    const region = hay.slice(0, hi);
    const first = region.indexOf(caseless ? pieces[0].lower : pieces[0].text, lo);
    if (first < 0) return null;
    // Later pieces in order after the first; missing after its first occurrence means missing after any.
    let end = first + pieces[0].text.length;
    for (const piece of pieces.slice(1)) {
      const at = region.indexOf(caseless ? piece.lower : piece.text, end);
      if (at < 0) return null;
      end = at + piece.text.length;
    }
    return { start: n.starts[first], end: n.ends[end - 1] };
  }
}

/** The markup tokens normalize() drops that a quote's edge can hold: math delimiters and emphasis. */
const EDGE_TOKEN = /\\[()[\]]|\$|\*|~|_/y;

/**
 * The dropped markup at the start and at the end of `piece` (no spaces), as tokens in order: `$$x$$.` →
 * ['$','$'] / []; `n` is the piece's normal form (normalize(piece)), which says where its kept text lies.
 */
function edgeMarkup(piece: string, n: Normalized): { lead: string[]; trail: string[] } {
  if (n.text.length === 0) return { lead: [], trail: [] };
  const tokens = (s: string): string[] => {
    const out: string[] = [];
    const compact = s.replace(/\s+/g, '');
    for (let i = 0; i < compact.length; ) {
      EDGE_TOKEN.lastIndex = i;
      const m = EDGE_TOKEN.exec(compact);
      if (!m) return out; // anything else (a kept character's tail): stop
      out.push(m[0]);
      i += m[0].length;
    }
    return out;
  };
  return { lead: tokens(piece.slice(0, n.starts[0])), trail: tokens(piece.slice(n.ends[n.ends.length - 1])) };
}

/**
 * `range` widened over the math delimiters and emphasis marks the quote itself has at its edges (`lead`,
 * `trail`: edgeMarkup of its first and last piece), where
 * the source has them too (spaces between allowed): the normal form drops them, so "Setting $x = y = 0$"
 * was placed without its closing `$` and "$$x^2 = 4$$" without either pair (rev4, rev5). A quote that
 * stops inside a formula ("now: $p = 3") is not widened.
 */
function widened(source: string, range: SourceRange, lead: readonly string[], trail: readonly string[]): SourceRange {
  let { start, end } = range;
  for (const token of trail) {
    let j = end;
    while (j < source.length && /\s/.test(source[j])) j++;
    const found = sameKind(token).find((t) => source.startsWith(t, j));
    if (found === undefined) break;
    end = j + found.length;
  }
  for (const token of [...lead].reverse()) {
    let j = start;
    while (j > 0 && /\s/.test(source[j - 1])) j--;
    const found = sameKind(token).find((t) => j >= t.length && source.slice(j - t.length, j) === t);
    if (found === undefined) break;
    start = j - found.length;
  }
  return { start, end };
}

/** A delimiter and those that stand for it (the quote may write `$` where the source has `\(`, as normalize() allows). */
function sameKind(token: string): string[] {
  if (token === '$' || token === '\\(' || token === '\\)') return [token, ...['$', '\\(', '\\)'].filter((t) => t !== token)];
  if (token === '\\[' || token === '\\]') return [token, '$'];
  return [token];
}

function lowerBound(values: number[], target: number): number {
  return lowerIndex(values.length, (i) => values[i] < target);
}

/**
 * The exact source range of `quote` in `text` (optionally only inside `within`), or null. Tolerant to
 * whitespace, LaTeX spacing and sizing commands, `$` vs `\(`, Markdown emphasis, curly quotes, case,
 * and `...` standing for omitted text.
 */
export function locateQuote(text: string, quote: string, within?: SourceRange): SourceRange | null {
  return new QuoteIndex(text).locate(quote, within);
}
