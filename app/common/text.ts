// Positions and ranges in a source text. Offsets are UTF-16 code units (JavaScript string indices),
// ranges are half-open [start, end). Lines and columns are 1-based, as in Monaco and unist.

export interface Position {
  line: number;
  column: number;
}

export interface SourceRange {
  start: number;
  end: number;
}

/** A range with its line/column form, for display and for the editor. */
export interface LocatedRange extends SourceRange {
  startPos: Position;
  endPos: Position;
}

/** Replace text[start, end) with `text`. The one edit shape used by re-mapping, the editor and the engine. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Line-start offsets of a text, for offset ↔ line/column conversion in O(log n). */
export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - this.starts[lo] + 1 };
  }

  offsetAt(pos: Position): number {
    const line = Math.max(1, Math.min(pos.line, this.starts.length));
    const lineStart = this.starts[line - 1];
    const lineEnd = line < this.starts.length ? this.starts[line] - 1 : this.text.length;
    return Math.min(lineStart + Math.max(0, pos.column - 1), lineEnd);
  }

  locate(range: SourceRange): LocatedRange {
    return { ...range, startPos: this.positionAt(range.start), endPos: this.positionAt(range.end) };
  }
}

/**
 * Where two versions of a text differ: `[start, oldEnd)` of the old text became `[start, newEnd)` of
 * the new one (common prefix and suffix excluded; an insertion has `oldEnd === start`).
 */
export interface EditRegion {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * The changed stretch between two texts (one pass from each end; identical texts give an empty region):
 * the one text diff of the editor's checker, the preview's incremental split and a page catching up.
 */
export function editRegion(before: string, after: string): EditRegion {
  const max = Math.min(before.length, after.length);
  const start = commonPrefix(before, after, max);
  const suffix = commonSuffix(before, after, max - start);
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}

/** One edit turning `from` into `to`: what lies between their common start and common end (`editRegion`). */
export function replacement(from: string, to: string): TextEdit {
  const { start, oldEnd, newEnd } = editRegion(from, to);
  return { start, end: oldEnd, text: to.slice(start, newEnd) };
}

/**
 * Characters compared at once by commonPrefix/commonSuffix: equal slices compare as one memory
 * comparison in the JS engine, ~40× faster than a charCodeAt loop, which cost ~0.2 ms per 40 KB; the
 * renderer diffs the whole text two or three times per keystroke (issue 11: 114 KB for 460 lines).
 */
const COMPARE_CHUNK = 1024;

/** Length of the common start of `a` and `b`, at most `max` UTF-16 code units. */
function commonPrefix(a: string, b: string, max: number): number {
  let n = 0;
  for (let chunk = COMPARE_CHUNK; chunk >= 32; chunk >>= 5) {
    while (n + chunk <= max && a.slice(n, n + chunk) === b.slice(n, n + chunk)) n += chunk;
  }
  while (n < max && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return n;
}

/** Length of the common end of `a` and `b`, at most `max` UTF-16 code units. */
function commonSuffix(a: string, b: string, max: number): number {
  const al = a.length;
  const bl = b.length;
  let n = 0;
  for (let chunk = COMPARE_CHUNK; chunk >= 32; chunk >>= 5) {
    while (n + chunk <= max && a.slice(al - n - chunk, al - n) === b.slice(bl - n - chunk, bl - n)) n += chunk;
  }
  while (n < max && a.charCodeAt(al - 1 - n) === b.charCodeAt(bl - 1 - n)) n++;
  return n;
}

export function applyEdit(text: string, edit: TextEdit): string {
  return text.slice(0, edit.start) + edit.text + text.slice(edit.end);
}

/**
 * Sequential edits (each on the text the previous ones left) with every edit that falls inside the text
 * the previous one inserted folded into it: the same result, in fewer edits. Typing and Monaco's
 * keyboard-sourced input come as one edit per character (a 1,141-character insert was 1,141 edits),
 * and the engine re-parses the edited block once per edit, so n edits into one growing paragraph cost
 * O(n²) (issue 11: a 200-line insert took 72 s to reach the engine's answer). Edits elsewhere are kept
 * apart, so findings between them are re-mapped exactly.
 */
export function composeEdits(edits: readonly TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const edit of edits) {
    const last = out.at(-1);
    if (last && edit.start >= last.start && edit.end <= last.start + last.text.length) {
      const at = edit.start - last.start;
      out[out.length - 1] = { start: last.start, end: last.end, text: last.text.slice(0, at) + edit.text + last.text.slice(edit.end - last.start) };
    } else {
      out.push({ ...edit });
    }
  }
  return out;
}

/**
 * FNV-1a over UTF-16 code units, base 36: a fast hash, stable across runs and platforms, for ids and
 * cache keys (step ids, preview block keys). Not for identity in records (the store's `hashText`,
 * SHA-256, is) and never for security.
 */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
