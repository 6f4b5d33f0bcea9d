// Markdown → raw blocks, using mdast (micromark + math extension) for block structure, `$$` fenced
// display math and code spans. Inline `$` math, backslash math and environments are found later by the
// core's TeX scanner inside these ranges (app/common/tex/math: Pandoc's `$` rule, `\$` escapes and math
// nested in `\text{}`, none of which micromark's inline math follows). mdast reads `\(` as an escaped
// parenthesis, which is why positions, not values, are used.
import { fromMarkdown } from 'mdast-util-from-markdown';
import { mathFromMarkdown } from 'mdast-util-math';
import { math } from 'micromark-extension-math';
import type { ListItem, Nodes, Root, RootContent } from 'mdast';
import type { MathFragment } from '../common/proof';
import type { SourceRange } from '../common/text';
import type { RawBlock } from './segment';
import { blankRange, markdownFrontMatter } from '../common/tex/document';

export interface MarkdownBlocks {
  blocks: RawBlock[];
  /** `$$` fenced display math found by mdast, in document order. */
  fragments: MathFragment[];
  /** Ranges the TeX scanner must skip: code spans, fenced code, fenced math already found (sorted). */
  mask: SourceRange[];
  /** Ranges of the root's children: the units incremental re-parsing splices. */
  roots: SourceRange[];
  /** Offsets of the `$$` openers hidden from mdast (`hiddenDisplayOpeners` of the whole text). */
  hidden: number[];
  /** End of the whole text's YAML front matter (markdownFrontMatter), blanked for mdast; 0 when none. */
  frontMatterEnd: number;
}

const micromarkExtensions = [math()];
const mdastExtensions = [mathFromMarkdown()];

/**
 * Blocks of `text`, or of the window text[window.start, window.end) parsed as a document of its own.
 * Which `$$` openers are hidden is decided on the whole text (an opener's fate depends on the next `$$`
 * after it, however far): `hidden` is `hiddenDisplayOpeners(text)` when the caller has it already.
 */
export function markdownBlocks(text: string, window?: SourceRange, hidden: number[] = hiddenDisplayOpeners(text)): MarkdownBlocks {
  const start = window?.start ?? 0;
  const end = window?.end ?? text.length;
  const source = text.slice(start, end);
  const inWindow = hidden.filter((at) => at >= start && at < end).map((at) => at - start);
  // YAML front matter (read on the whole text) is not Markdown: blanked, it is no block and no step.
  const frontMatter = markdownFrontMatter(text);
  const unfronted = frontMatter && frontMatter.end > start ? blankRange(source, Math.min(frontMatter.end, end) - start) : source;
  const root = fromMarkdown(overwriteAt(limitQuoteNesting(unfronted), inWindow, '\u00a4\u00a4'), { extensions: micromarkExtensions, mdastExtensions });
  // micromark drops one leading byte-order mark and counts offsets without it.
  const blocks = new Collector(text, start + (unfronted.charCodeAt(0) === 0xfeff ? 1 : 0)).collect(root);
  return { ...blocks, hidden: window ? inWindow.map((at) => at + start) : hidden, frontMatterEnd: frontMatter?.end ?? 0 };
}

/** Deepest blockquote nesting parsed as structure (CommonMark sets none; real proofs use 1 or 2). */
export const MAX_QUOTE_NESTING = 64;

/**
 * micromark's time grows with the square of blockquote depth (16,000 `>` took seconds, 100,000 did not
 * finish). Past MAX_QUOTE_NESTING the next `>` of a line's marker run is replaced by `›` (one UTF-16
 * unit, so every offset stays exact): the rest of the line is then plain quoted text.
 */
function limitQuoteNesting(source: string): string {
  const cuts: number[] = [];
  for (let lineStart = 0; lineStart < source.length; ) {
    let depth = 0;
    let i = lineStart;
    for (; i < source.length; i++) {
      const c = source.charCodeAt(i);
      if (c === 0x3e) {
        if (++depth > MAX_QUOTE_NESTING) {
          cuts.push(i);
          break;
        }
      } else if (c !== 0x20 && c !== 0x09) break;
    }
    const next = source.indexOf('\n', i);
    lineStart = next < 0 ? source.length : next + 1;
  }
  return overwriteAt(source, cuts, '\u203a');
}

/**
 * `source` with `text` written over it at each offset of `at` (ascending, not overlapping), in one
 * pass: the same length, so every offset mdast reports stays exact.
 */
function overwriteAt(source: string, at: number[], text: string): string {
  if (at.length === 0) return source;
  let result = '';
  let cursor = 0;
  for (const offset of at) {
    result += `${source.slice(cursor, offset)}${text}`;
    cursor = offset + text.length;
  }
  return result + source.slice(cursor);
}

/** A line that opens mdast's math flow (`$$`, optionally followed by text without `$`), and one that closes it. */
const FLOW_OPEN_RE = /^ {0,3}\$\$[^$\n]*$/;
const FLOW_CLOSE_RE = /^ {0,3}\$\$+[ \t]*$/;

/**
 * mdast reads a `$$` line as the opening fence of display math that runs to the next line that is
 * only `$$`, so the common `$$\begin{align*}` … `\end{align*}$$` (closing `$$` at the end of a line)
 * swallowed the rest of the document into one formula, where TeX, the preview and the block splitter
 * (app/common/blocks.ts) end the display at that `$$`. Such an opener is hidden from mdast (`$$` →
 * `¤¤`, same length, so every offset stays exact): the display is then paragraph text, in which
 * the TeX scanner finds the `$$…$$` as it does everywhere else. Openers whose first later `$$`
 * stands on a line of its own are left to mdast (its fence and the scanner agree there).
 * Returns the offsets of the openers to hide. It jumps from `$$` to `$$` (only a line holding one can
 * open), so the incremental re-parse can afford it on the whole text at every keystroke.
 */
export function hiddenDisplayOpeners(source: string): number[] {
  const hidden: number[] = [];
  for (let at = source.indexOf('$$'); at >= 0; ) {
    const lineStart = source.lastIndexOf('\n', at - 1) + 1;
    const lineEnd = source.indexOf('\n', at);
    const end = lineEnd < 0 ? source.length : lineEnd;
    const line = source.slice(lineStart, end).replace(/\r$/, '');
    let next = end + 1;
    if (FLOW_OPEN_RE.test(line)) {
      const close = nextDisplayDollars(source, end);
      if (close >= 0) {
        const closeLineStart = source.lastIndexOf('\n', close) + 1;
        const closeLineEnd = source.indexOf('\n', close);
        const closeLine = source.slice(closeLineStart, closeLineEnd < 0 ? source.length : closeLineEnd).replace(/\r$/, '');
        if (!FLOW_CLOSE_RE.test(closeLine)) hidden.push(at);
        // The display's text is not scanned for openers again.
        next = closeLineEnd < 0 ? source.length : closeLineEnd + 1;
      }
    }
    at = next >= source.length ? -1 : source.indexOf('$$', next);
  }
  return hidden;
}

/** Offset of the next `$$` at or after `from` that a backslash does not escape, or -1. */
function nextDisplayDollars(source: string, from: number): number {
  for (let at = source.indexOf('$$', from); at >= 0; at = source.indexOf('$$', at + 1)) {
    let slashes = 0;
    while (at - slashes - 1 >= 0 && source.charCodeAt(at - slashes - 1) === 0x5c) slashes++;
    if (slashes % 2 === 0) return at;
  }
  return -1;
}

class Collector {
  private readonly blocks: RawBlock[] = [];
  private readonly fragments: MathFragment[] = [];
  private readonly mask: SourceRange[] = [];

  /** `base`: offset of the parsed window in `text` (mdast positions are relative to the window). */
  constructor(
    private readonly text: string,
    private readonly base: number,
  ) {}

  collect(root: Root): Omit<MarkdownBlocks, 'hidden' | 'frontMatterEnd'> {
    this.collectInline(root);
    for (const child of root.children) this.pushBlock(child);
    this.mask.sort((a, b) => a.start - b.start);
    return { blocks: this.blocks, fragments: this.fragments, mask: this.mask, roots: root.children.map((c) => this.rangeOf(c)) };
  }

  /**
   * The node's source range without surrounding whitespace (indented code starts with its indent; an
   * unclosed fence runs to the end of the text).
   */
  private rangeOf(node: Nodes): SourceRange {
    let start = this.base + (node.position?.start.offset ?? 0);
    let end = this.base + (node.position?.end.offset ?? 0);
    while (end > start && isSpace(this.text.charCodeAt(end - 1))) end--;
    while (start < end && isSpace(this.text.charCodeAt(start))) start++;
    return { start, end };
  }

  private pushBlock(node: RootContent): void {
    const range = this.rangeOf(node);
    if (range.end <= range.start && node.type !== 'list') return; // only whitespace: nothing to show
    switch (node.type) {
      case 'heading': {
        const first = node.children[0];
        const last = node.children[node.children.length - 1];
        const title = first && last ? this.text.slice(this.rangeOf(first).start, this.rangeOf(last).end).trim() : '';
        this.blocks.push({ ...range, kind: 'heading', title, mergeable: false });
        return;
      }
      case 'paragraph':
        this.blocks.push({ ...range, kind: 'paragraph', mergeable: true });
        return;
      case 'math':
        this.blocks.push({ ...range, kind: 'display-math', mergeable: false });
        return;
      case 'code':
        this.blocks.push({ ...range, kind: 'code', mergeable: false });
        return;
      case 'blockquote':
        this.blocks.push({ ...range, kind: 'quote', mergeable: false });
        return;
      case 'list':
        for (const item of node.children) this.pushListItem(item);
        return;
      case 'thematicBreak':
      case 'definition':
      case 'yaml':
        return;
      case 'html':
        // An HTML comment is invisible in the rendered proof: not a step.
        if (!/^<!--[\s\S]*-->$/.test(this.text.slice(range.start, range.end))) this.blocks.push({ ...range, kind: 'other', mergeable: false });
        return;
      default:
        this.blocks.push({ ...range, kind: 'other', mergeable: false });
    }
  }

  /** One step per item: the item's own content (marker included) up to its first nested list. */
  private pushListItem(item: ListItem): void {
    const range = this.rangeOf(item);
    let ownEnd = range.start;
    let i = 0;
    for (; i < item.children.length && item.children[i].type !== 'list'; i++) ownEnd = this.rangeOf(item.children[i]).end;
    // An empty item (a bare marker) says nothing: not a step.
    while (ownEnd > range.start && isSpace(this.text.charCodeAt(ownEnd - 1))) ownEnd--;
    if (i > 0 && ownEnd > range.start) this.blocks.push({ start: range.start, end: ownEnd, kind: 'list-item', mergeable: false });
    for (; i < item.children.length; i++) this.pushBlock(item.children[i]);
  }

  /** Code and math in document order, by an explicit stack: 16,000 nested blockquotes overflowed recursion. */
  private collectInline(root: Nodes): void {
    const stack: Nodes[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'inlineCode') {
        this.mask.push(this.rangeOf(node));
      } else if (node.type === 'code') {
        // Indented code is not masked: inside a LaTeX environment an indented line is still TeX.
        const r = this.rangeOf(node);
        if (/^ {0,3}(`{3,}|~{3,})/.test(this.text.slice(r.start, r.start + 16))) this.mask.push(r);
      } else if (node.type === 'math') {
        const r = this.rangeOf(node);
        this.mask.push(r);
        this.fragments.push(flowMath(this.text, r, node.value));
      } else if (node.type === 'inlineMath') {
        // Inline math is left to the core scanner; its text is not Markdown (no code spans inside it).
      } else if ('children' in node) {
        for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
      }
    }
  }
}

/** Whitespace as String.prototype.trim sees it (step texts are trimmed slices). */
function isSpace(code: number): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  return code > 127 && /\s/.test(String.fromCharCode(code));
}


/** A `$$` fence block: content runs from the line after the opening fence to the closing fence. */
function flowMath(text: string, r: SourceRange, tex: string): MathFragment {
  const slice = text.slice(r.start, r.end);
  const firstBreak = slice.indexOf('\n');
  const contentStart = firstBreak < 0 ? r.end : r.start + firstBreak + 1;
  let contentEnd = r.end;
  const lastBreak = slice.lastIndexOf('\n');
  if (lastBreak > firstBreak && /^[ \t>]*\${2,}[ \t]*$/.test(slice.slice(lastBreak + 1))) {
    contentEnd = r.start + lastBreak;
    if (text[contentEnd - 1] === '\r') contentEnd--;
  }
  return {
    range: r,
    contentRange: { start: contentStart, end: Math.max(contentStart, contentEnd) },
    delimiter: '$$',
    display: true,
    tex,
  };
}
