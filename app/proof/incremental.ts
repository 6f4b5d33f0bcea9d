// Incremental Markdown re-parse for remapDocument: only the top-level blocks around an edit go through
// mdast again; the rest of the old structure is shifted. The window runs from the start of the last
// top-level block before the edit (a clean parser state: every container is closed there) to the end
// of the first block after it, the "sentinel". If the sentinel does not come out exactly as before
// (the edit opened a fence, extended a list, …) the window grows, and after a few tries the whole text
// is parsed again.
import type { SourceRange, TextEdit } from '../common/text';
import { markdownBlocks, type MarkdownBlocks } from './markdown-blocks';

const MAX_SENTINEL_TRIES = 4;

export function reparseMarkdown(old: MarkdownBlocks, oldLength: number, edit: TextEdit, newText: string): MarkdownBlocks {
  const delta = edit.text.length - (edit.end - edit.start);
  const roots = old.roots;
  // Last root ending strictly before the edit, and first root starting strictly after it.
  let before = lastIndex(roots, (r) => r.end < edit.start);
  // A block right after another, with no blank line between, may read differently alone: a list item
  // that interrupts a paragraph does not let an empty item open inside it (`a\n- 1. ` is one item
  // "- 1." after the paragraph, alone it is an empty item with an empty list). Start where a blank
  // line (or the text's start) or an ATX heading (one line, closed at its end) comes before: no
  // paragraph is open there. (Those roots end before the edit, so their offsets hold in the new text.)
  while (before > 0 && !cleanBetween(newText, roots[before - 1], roots[before])) before--;
  // From the start of that block's line: indentation is part of the syntax (indented code, lists).
  const windowStart = before >= 0 ? newText.lastIndexOf('\n', roots[before].start - 1) + 1 : 0;
  // micromark would drop a byte-order mark at the window start that a full parse reads as text.
  if (windowStart > 0 && newText.charCodeAt(windowStart) === 0xfeff) return markdownBlocks(newText);
  let after = before + 1;
  while (after < roots.length && roots[after].start <= edit.end) after++;

  for (let tries = 0; tries < MAX_SENTINEL_TRIES; tries++, after++) {
    if (after >= roots.length) {
      const window = markdownBlocks(newText, { start: windowStart, end: newText.length });
      return splice(old, windowStart, oldLength, window, delta);
    }
    const sentinel = roots[after];
    const window = markdownBlocks(newText, { start: windowStart, end: sentinel.end + delta });
    const last = window.roots[window.roots.length - 1];
    if (last && last.start === sentinel.start + delta && last.end === sentinel.end + delta) {
      if (describe(old, sentinel, delta) === describe(window, { start: sentinel.start + delta, end: sentinel.end + delta }, 0)) {
        return splice(old, windowStart, sentinel.end, window, delta);
      }
    }
  }
  return markdownBlocks(newText);
}

/**
 * Whether micromark's state is clean between two adjacent top-level blocks, so `next` parses alone as in
 * the whole text: after a heading line, or after a blank line unless `previous` is indented code (its
 * chunks run on through blank lines: after it, `1. ` reads as a paragraph, alone as an empty item).
 */
function cleanBetween(text: string, previous: SourceRange, next: SourceRange): boolean {
  const lastLine = text.slice(text.lastIndexOf('\n', previous.end - 1) + 1, previous.end);
  if (/^ {0,3}#{1,6}(?:[ \t]|$)/.test(lastLine)) return true;
  if (!/\n[ \t]*\r?\n/.test(text.slice(previous.end, next.start))) return false;
  const firstLine = text.slice(text.lastIndexOf('\n', previous.start - 1) + 1, previous.start);
  return !/^(?: {4}| {0,3}\t)/.test(firstLine);
}

function lastIndex(roots: SourceRange[], pred: (r: SourceRange) => boolean): number {
  let lo = 0;
  let hi = roots.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pred(roots[mid])) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function shifted<T extends SourceRange>(item: T, delta: number): T {
  return { ...item, start: item.start + delta, end: item.end + delta };
}

/** Old structure before `from`, the window's structure, and the old structure from `to` on, shifted. */
function splice(old: MarkdownBlocks, from: number, to: number, window: MarkdownBlocks, delta: number): MarkdownBlocks {
  const join = <T extends SourceRange>(a: T[], w: T[], move: (t: T) => T, rangeOf: (t: T) => SourceRange): T[] => [
    ...a.filter((t) => rangeOf(t).end <= from),
    ...w,
    ...a.filter((t) => rangeOf(t).start >= to).map(move),
  ];
  const id = (r: SourceRange) => r;
  return {
    blocks: join(old.blocks, window.blocks, (b) => shifted(b, delta), id),
    mask: join(old.mask, window.mask, (m) => shifted(m, delta), id),
    roots: join(old.roots, window.roots, (r) => shifted(r, delta), id),
    fragments: [
      ...old.fragments.filter((f) => f.range.end <= from),
      ...window.fragments,
      ...old.fragments
        .filter((f) => f.range.start >= to)
        .map((f) => ({ ...f, range: shifted(f.range, delta), contentRange: shifted(f.contentRange, delta) })),
    ],
  };
}

/** A comparable description of the structure inside `range`, in coordinates shifted by `delta`. */
function describe(md: MarkdownBlocks, range: SourceRange, delta: number): string {
  const inside = (r: SourceRange) => r.start >= range.start && r.end <= range.end;
  const parts: string[] = [];
  for (const b of md.blocks) if (inside(b)) parts.push(`b${b.start + delta},${b.end + delta},${b.kind},${b.title ?? ''}`);
  for (const m of md.mask) if (inside(m)) parts.push(`m${m.start + delta},${m.end + delta}`);
  for (const f of md.fragments) {
    if (inside(f.range)) parts.push(`f${f.range.start + delta},${f.range.end + delta},${f.contentRange.start + delta},${f.delimiter},${f.tex}`);
  }
  return parts.join('|');
}
