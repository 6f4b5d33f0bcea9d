// The block split of the previous text, carried through an edit: only the blocks around the edit are
// split again, so a keystroke in a 460-line proof costs a paragraph's split, not the document's (the
// whole split took ~6 ms per key). The result is always what `splitBlocks` gives for the whole text
// (incrementalSplit.property.test.ts); where that cannot be shown cheaply it falls back to it.
import type { DocumentFormat } from '../../app/common/proof';
import { displayClosesAtDepthZero, scanMath, scanOptionsFor } from '../../app/common/tex/math';
import { blockAt, displaySpans, splitBlocks, type Block } from '../../app/common/blocks';
import type { MathFragment } from '../../app/common/proof';
import { formatOfText, markdownFrontMatter } from '../../app/common/tex/document';
import { editRegion } from '../../app/common/text';

export interface SplitState {
  text: string;
  format: DocumentFormat;
  blocks: Block[];
  /**
   * Every display construct opening before this offset closes (`$$`, `\[`, environments; `$$` at brace
   * depth 0): an edit after it cannot make one of them close further on. null: not known yet (found by
   * one scan when needed).
   */
  cleanUntil: number | null;
  /** Where this text differs from the one split before ([start, end] here); null: no earlier text. */
  changed: { start: number; end: number } | null;
  /** End of the text's YAML front matter (`markdownFrontMatter`), 0 if none: the next edit compares against it without a rescan. */
  frontMatterEnd: number;
  /** The whole text's display math as splitBlocks reads it (`displaySpans`); null: not known (found by one scan when needed). */
  displays: readonly MathFragment[] | null;
}

const TILDE_FENCE_RE = /^ {0,3}~{3,}/m;

/** A split of the whole text (what the incremental path must equal). */
export function fullSplit(text: string, format: DocumentFormat = formatOfText(text), changed: SplitState['changed'] = null): SplitState {
  const displays = displaySpans(text, format);
  return { text, format, blocks: splitBlocks(text, format, displays), cleanUntil: null, changed, frontMatterEnd: markdownFrontMatter(text)?.end ?? 0, displays };
}

/**
 * `state` with `cleanUntil` found (one scan of the whole text for display math). The first edit after a
 * full split needs it, and on a long proof that scan was most of that key's work (a long task on the
 * first key typed, issue 11): the preview calls this when the browser is idle after a full split, so
 * the key does not pay for it. Same state (and the same later splits) as when the edit finds it itself.
 */
export function withCleanUntil(state: SplitState): SplitState {
  if (state.cleanUntil !== null || state.format !== 'markdown') return state;
  return { ...state, cleanUntil: firstUnstable(state.text, 0, state.text.length, state.format) };
}

/**
 * The gap between two neighbouring blocks holds a blank line: nothing inline runs across it. Unless
 * the first block ends in a backslash: the scanner reads `\` and the line break as one unit, and then
 * does not see the blank line (`$a\⏎⏎b$` is one inline formula to it).
 */
function blankBetween(text: string, from: number, to: number): boolean {
  if (escapesLineBreak(text, from)) return false;
  const first = text.indexOf('\n', from);
  return first >= 0 && first < to && text.indexOf('\n', first + 1) >= 0 && text.indexOf('\n', first + 1) < to;
}

/** An odd run of backslashes ends right before `at`: the last one escapes the character at `at`. */
function escapesLineBreak(text: string, at: number): boolean {
  let slashes = 0;
  while (at - slashes - 1 >= 0 && text.charCodeAt(at - slashes - 1) === 92) slashes++;
  return slashes % 2 === 1;
}

/**
 * A one-line heading block (`## Part 3`, `\section{…}`): splitBlocks ends the block before it and the one
 * on it whatever the lines around it hold, unless display math runs across it (checked against the
 * whole text's display spans where it is used as a window's edge).
 */
function isHeadingLine(block: Block): boolean {
  return block.kind === 'heading' && block.line === block.endLine;
}

/** Some display span in `spans` runs across `offset` (starts before it, ends after it). */
function spanAcross(spans: readonly MathFragment[], offset: number): boolean {
  return spans.some((s) => s.range.start < offset && s.range.end > offset);
}

/** The same display spans (range and delimiter), the second's offsets moved by `shift`. */
function sameSpans(a: readonly MathFragment[], b: readonly MathFragment[], shift: number): boolean {
  return a.length === b.length && a.every((s, i) => s.delimiter === b[i].delimiter && s.range.start === b[i].range.start + shift && s.range.end === b[i].range.end + shift);
}

/**
 * The first display construct in text[start, end) whose end text after it could move: one left open,
 * or a `$$` display that closes only by the brace fallback (`$$\end{$$ … a$$ … }`: a `$$` typed later
 * at brace depth 0 closes it there instead, across blank lines). `end` when there is none.
 */
function firstUnstable(text: string, start: number, end: number, format: DocumentFormat): number {
  const options = scanOptionsFor(format);
  const { fragments, unclosed } = scanMath(text, start, end, options);
  const limit = unclosed?.at ?? end;
  for (const f of fragments) {
    if (f.range.start >= limit) break;
    if (f.delimiter === '$$' && !displayClosesAtDepthZero(text, f.range.start + 2, f.range.end - 2, options)) return f.range.start;
  }
  return limit;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Block keys are `hash#rank` (rank among blocks with the same text): ranks after the edit may move. */
function rerank(blocks: Block[], from: number): void {
  const seen = new Map<string, number>();
  for (let i = 0; i < blocks.length; i++) {
    const hash = blocks[i].key.slice(0, blocks[i].key.lastIndexOf('#'));
    const rank = seen.get(hash) ?? 0;
    seen.set(hash, rank + 1);
    if (i >= from) {
      const key = `${hash}#${rank}`;
      if (key !== blocks[i].key) blocks[i] = { ...blocks[i], key };
    }
  }
}

/**
 * The blocks of `text`, reusing `prev` (the split of an earlier text) outside the edit between them.
 * The window split again runs from a block start after a blank line before the edit to a block end
 * before a blank line after it, so inline math cannot cross its edges; display math can, and then (an
 * opener left unclosed in the window, or one before it unclosed in the old text), as with code spans,
 * fences and LaTeX preambles, the whole text is split again, and so is a text in another `format`
 * than `prev`'s (the same text read by another rule: a name changed to `.tex`).
 */
export function splitIncremental(prev: SplitState | null, text: string, format: DocumentFormat = formatOfText(text)): SplitState {
  if (!prev) return fullSplit(text, format);
  if (prev.text === text && prev.format === format) return { ...prev, changed: null };
  const edit = editRegion(prev.text, text);
  const changed = { start: edit.start, end: edit.newEnd };
  if (prev.format !== format || format !== 'markdown' || prev.blocks.length === 0) return fullSplit(text, format, changed);
  // Code spans (and backtick fences) and HTML comments may run across blank lines; fences mask what they hold.
  if (text.includes('`') || TILDE_FENCE_RE.test(text) || text.includes('\\begin{document}')) return fullSplit(text, format, changed);
  if (text.includes('<!--') || prev.text.includes('<!--')) return fullSplit(text, format, changed);
  // YAML front matter is read at the text's start only, to its closing line however far: an edit that
  // opens, closes or touches it is split whole (below, a window is never read as a text's start).
  const frontMatter = markdownFrontMatter(text)?.end ?? 0;
  const oldFrontMatter = prev.frontMatterEnd;
  if ((frontMatter || oldFrontMatter) && (frontMatter !== oldFrontMatter || edit.start <= frontMatter + 1)) return fullSplit(text, format, changed);
  const old = prev.blocks;
  const delta = edit.newEnd - edit.oldEnd;

  // The window's edges: a blank line, or (rev16's 3,000-line proof has no blank line at all) a
  // one-line heading outside the window, which splitBlocks always splits before and after. Across a
  // heading inline math may still run in the scanner's view, so a window with a heading edge is
  // checked against the whole text's display spans below.
  let first = Math.max(0, blockAt(old, edit.start));
  const edgeBefore = (i: number) => blankBetween(prev.text, old[i - 1].end, old[i].start) || isHeadingLine(old[i - 1]);
  while (first > 0 && !edgeBefore(first)) first--;
  let last = Math.max(0, blockAt(old, edit.oldEnd));
  const edgeAfter = (i: number) => blankBetween(prev.text, old[i].end, old[i + 1].start) || (isHeadingLine(old[i + 1]) && edit.oldEnd <= old[i].end);
  // One block past the edit, unless a heading line follows it untouched (an edit at a block's end may join the next block to it).
  if (!(last < old.length - 1 && !blankBetween(prev.text, old[last].end, old[last + 1].start) && edgeAfter(last))) last++;
  while (last < old.length - 1 && !edgeAfter(last)) last++;
  const start = first === 0 ? 0 : old[first].start;
  const oldEnd = last >= old.length - 1 ? prev.text.length : old[last].end;
  const afterIndex = last >= old.length - 1 ? old.length : last + 1;
  const end = oldEnd + delta;
  if (start > edit.start || end < edit.newEnd) return fullSplit(text, format, changed);
  // A backslash the edit typed at the window's end would join the blank line after it to the window.
  if (end < text.length && escapesLineBreak(text, end)) return fullSplit(text, format, changed);

  const windowText = text.slice(start, end);
  // A window starting at `---` and a key line would read as front matter there, where the text has none.
  if (start > 0 && markdownFrontMatter(windowText)) return fullSplit(text, format, changed);
  const blankEdges = (first === 0 || blankBetween(prev.text, old[first - 1].end, old[first].start)) &&
    (last >= old.length - 1 || blankBetween(prev.text, old[last].end, old[last + 1].start));
  let cleanUntil: number | null = null;
  let displays: readonly MathFragment[] | null = null;
  let windowDisplays: readonly MathFragment[] | undefined;
  if (blankEdges) {
    // A display construct opened before the window and never closed (or closed by the brace fallback) could close inside it now.
    cleanUntil = prev.cleanUntil ?? firstUnstable(prev.text, 0, prev.text.length, format);
    if (cleanUntil < start) return fullSplit(text, format, changed);
    // One opened inside the window and not closed there (or by the brace fallback) could close after it, in the whole text.
    if (firstUnstable(windowText, 0, windowText.length, format) < windowText.length) return fullSplit(text, format, changed);
  } else {
    // A heading edge: inline math opened before the window may now close inside it (or one inside may
    // close after it) and change which display math the scanner sees. The split equals the whole
    // text's when its display spans are the old ones outside the window, none runs across an edge or
    // an edge heading, and inside the window they are the window's own (one scan of the text, ~2 ms
    // on 200 KB, instead of the whole split's ~17).
    const oldSpans = prev.displays ?? displaySpans(prev.text, format);
    const newSpans = displaySpans(text, format);
    windowDisplays = displaySpans(windowText, format);
    const before = newSpans.filter((s) => s.range.end <= start);
    const after = newSpans.filter((s) => s.range.start >= end);
    const inside = newSpans.filter((s) => s.range.start >= start && s.range.end <= end);
    const oldBefore = oldSpans.filter((s) => s.range.end <= start);
    const oldAfter = oldSpans.filter((s) => s.range.start >= oldEnd);
    if (before.length + inside.length + after.length !== newSpans.length || spanAcross(oldSpans, start) || spanAcross(oldSpans, oldEnd)) return fullSplit(text, format, changed);
    if (!sameSpans(before, oldBefore, 0) || !sameSpans(after, oldAfter, delta) || !sameSpans(inside, windowDisplays, start)) return fullSplit(text, format, changed);
    if (first > 0 && spanAcross(newSpans, old[first - 1].start)) return fullSplit(text, format, changed);
    if (afterIndex < old.length && spanAcross(newSpans, old[afterIndex].start + delta)) return fullSplit(text, format, changed);
    displays = newSpans;
  }

  // Lines move too: the window's blocks count from the window's first line, later ones by the lines the edit added.
  const startLine = first === 0 ? 0 : old[first].line;
  const lineDelta = countNewlines(text, edit.start, edit.newEnd) - countNewlines(prev.text, edit.start, edit.oldEnd);
  const middle = splitBlocks(windowText, format, windowDisplays).map((b) => ({
    ...b,
    start: b.start + start,
    end: b.end + start,
    line: b.line + startLine,
    endLine: b.endLine + startLine,
  }));
  const shifted = old
    .slice(afterIndex)
    .map((b) => (delta === 0 && lineDelta === 0 ? b : { ...b, start: b.start + delta, end: b.end + delta, line: b.line + lineDelta, endLine: b.endLine + lineDelta }));
  const blocks = [...old.slice(0, first), ...middle, ...shifted];
  rerank(blocks, first);
  // Openers before the window close; the window's close in it; after it, as before (shifted). After a
  // heading-edge window not known (found by one scan when a blank-edge window needs it).
  const nextClean = cleanUntil === null ? null : cleanUntil >= oldEnd ? (cleanUntil === prev.text.length ? text.length : cleanUntil + delta) : end;
  return { text, format, blocks, cleanUntil: nextClean, changed, frontMatterEnd: frontMatter, displays };
}
