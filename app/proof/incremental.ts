// Incremental Markdown re-parse for remapDocument: only the top-level blocks around an edit go through
// mdast again; the rest of the old structure is shifted. The window runs from the start of the last
// top-level block before the edit (a clean parser state: every container is closed there) to the end
// of the first block after it, the "sentinel". If the sentinel does not come out exactly as before
// (the edit opened a fence, extended a list, …) the window grows, and after a few tries the whole text
// is parsed again.
import type { SourceRange, TextEdit } from '../common/text';
import { hiddenDisplayOpeners, markdownBlocks, type MarkdownBlocks } from './markdown-blocks';
import { markdownFrontMatter } from '../common/tex/document';

const MAX_SENTINEL_TRIES = 4;

/** The Markdown structure of `newText` (`old` after `edit`): equal to `markdownBlocks(newText)`, at a window's cost. */
export function reparseMarkdown(old: MarkdownBlocks, oldLength: number, edit: TextEdit, newText: string): MarkdownBlocks {
  const delta = edit.text.length - (edit.end - edit.start);
  const roots = old.roots;
  // Which `$$` openers are hidden from mdast depends on the next `$$` however far after them
  // (`$$\n\na\n\na$$`: deleting the last `$$` turns the first line into a fence running to the end):
  // the window must hold every opener whose fate the edit changed (new offsets).
  const hidden = hiddenDisplayOpeners(newText);
  // YAML front matter is decided on the whole text (its closing line may be anywhere): an edit in it,
  // next to it, or one that opens or closes it is parsed whole (front matter is short).
  const frontMatterEnd = markdownFrontMatter(newText)?.end ?? 0;
  if ((frontMatterEnd > 0 || old.frontMatterEnd > 0) && (frontMatterEnd !== old.frontMatterEnd || edit.start <= frontMatterEnd + 1)) {
    return markdownBlocks(newText, undefined, hidden);
  }
  const changed = changedOpeners(old.hidden, hidden, edit, delta);
  const from = changed ? Math.min(edit.start, changed.first) : edit.start;
  const to = changed && changed.last >= edit.start + edit.text.length ? Math.max(edit.end, changed.last - delta) : edit.end;
  // Last root ending strictly before the window's first change, and first root starting strictly after its last.
  let before = lastIndex(roots, (r) => r.end < from);
  // A block right after another, with no blank line between, may read differently alone: a list item
  // that interrupts a paragraph does not let an empty item open inside it (`a\n- 1. ` is one item
  // "- 1." after the paragraph, alone it is an empty item with an empty list). Start where a blank
  // line (or the text's start) or an ATX heading (one line, closed at its end) comes before: no
  // paragraph is open there. (Those roots end before the edit, so their offsets hold in the new text.)
  while (before > 0 && !cleanBetween(newText, roots[before - 1], roots[before])) before--;
  // From the start of that block's line: indentation is part of the syntax (indented code, lists).
  const windowStart = before >= 0 ? newText.lastIndexOf('\n', roots[before].start - 1) + 1 : 0;
  // micromark would drop a byte-order mark at the window start that a full parse reads as text.
  if (windowStart > 0 && newText.charCodeAt(windowStart) === 0xfeff) return markdownBlocks(newText, undefined, hidden);
  let after = before + 1;
  while (after < roots.length && roots[after].start <= to) after++;

  for (let tries = 0; tries < MAX_SENTINEL_TRIES; tries++, after++) {
    // The last root as sentinel: the window runs to the end, nothing after it to check.
    if (after >= roots.length - 1) {
      const window = markdownBlocks(newText, { start: windowStart, end: newText.length }, hidden);
      return { ...splice(old, windowStart, oldLength, window, delta), hidden };
    }
    const sentinel = roots[after];
    const next = roots[after + 1];
    // The window also holds the first line of the root after the sentinel: a fence, `$$` or HTML block
    // left open in the sentinel would otherwise end with the window, exactly where the sentinel ended
    // (`    ```` → `   ```` runs on to the end of the text). That line must still start a root.
    const nextLineEnd = newText.indexOf('\n', next.start + delta);
    const window = markdownBlocks(newText, { start: windowStart, end: nextLineEnd < 0 ? newText.length : nextLineEnd }, hidden);
    const at = window.roots.findIndex((r) => r.start === sentinel.start + delta);
    const found = window.roots[at];
    if (found && found.end === sentinel.end + delta && window.roots[at + 1]?.start === next.start + delta && at + 2 === window.roots.length) {
      if (describe(old, sentinel, delta) === describe(window, found, 0)) {
        return { ...splice(old, windowStart, sentinel.end, upTo(window, found.end), delta), hidden };
      }
    }
  }
  return markdownBlocks(newText, undefined, hidden);
}

/**
 * The first and last offset (in the new text) of an opener hidden in one text and not in the other,
 * outside the edit's own text; null when the edit changed none.
 */
function changedOpeners(oldHidden: number[], hidden: number[], edit: TextEdit, delta: number): { first: number; last: number } | null {
  const mapped = new Set<number>();
  for (const at of oldHidden) {
    if (at < edit.start) mapped.add(at);
    else if (at >= edit.end) mapped.add(at + delta);
  }
  let first = Infinity;
  let last = -Infinity;
  const note = (at: number) => {
    first = Math.min(first, at);
    last = Math.max(last, at);
  };
  const current = new Set(hidden);
  for (const at of hidden) if (!mapped.has(at)) note(at);
  for (const at of mapped) if (!current.has(at)) note(at);
  return first === Infinity ? null : { first, last };
}

/** The part of a window's structure that ends by `end` (the look-ahead line after it dropped). */
function upTo(md: MarkdownBlocks, end: number): MarkdownBlocks {
  const keep = (r: SourceRange) => r.end <= end;
  return {
    blocks: md.blocks.filter(keep),
    mask: md.mask.filter(keep),
    roots: md.roots.filter(keep),
    fragments: md.fragments.filter((f) => keep(f.range)),
    hidden: md.hidden.filter((at) => at < end),
    frontMatterEnd: md.frontMatterEnd,
  };
}

/**
 * Whether micromark's state is clean between two adjacent top-level blocks, so `next` parses alone as in
 * the whole text: after a heading line, or after a blank line unless `previous` is indented code (its
 * chunks run on through blank lines: after it, `1. ` reads as a paragraph, alone as an empty item).
 * Never before indented code either: what follows it depends on what came before it (after `- ` and
 * a blank line, `    $\n1. ` ends in an empty item; alone, `1. ` is a paragraph line).
 */
function cleanBetween(text: string, previous: SourceRange, next: SourceRange): boolean {
  const indented = (r: SourceRange) => /^(?: {4}| {0,3}\t)/.test(text.slice(text.lastIndexOf('\n', r.start - 1) + 1, r.start));
  if (indented(next)) return false;
  const lastLine = text.slice(text.lastIndexOf('\n', previous.end - 1) + 1, previous.end);
  if (/^ {0,3}#{1,6}(?:[ \t]|$)/.test(lastLine)) return true;
  if (!/\n[ \t]*\r?\n/.test(text.slice(previous.end, next.start))) return false;
  return !indented(previous);
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
    hidden: [],
    frontMatterEnd: window.frontMatterEnd,
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
