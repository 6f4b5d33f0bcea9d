// Where each block sits in the lists around it, read in document order: Markdown items as CommonMark
// nests them (a line indented to an item's content column belongs to it) and LaTeX `\item`s inside
// itemize / enumerate / description. Every list item is a block of its own (a step, app/common/blocks),
// so a surface that renders one block at a time (the preview's rows, the report's steps) asks here which
// lists enclose it and what number an ordered item shows.
import type { Block } from './blocks';

export type ListTag = 'ul' | 'ol';

/** Where a block sits in the lists around it. */
export interface ListPlace {
  /** The list of each item the block is inside, outermost first. */
  parents: ListTag[];
  /** The number an ordered item shows (CommonMark counts on from the list's first item). */
  number?: number;
  /**
   * An item LaTeX shows without a bullet or number: `label` for an `\item[label]` of an itemize or
   * enumerate (the label takes the marker's place), `description` for any item of a description (its
   * label, if any, in bold).
   */
  unmarked?: 'label' | 'description';
  /**
   * A later block of an item (a paragraph, display or code under it): the columns of indentation that
   * belong to the list, not to the block (the item's content column). Without them, a paragraph indented
   * to a nested item's content (four spaces or more) would read as indented code.
   */
  contentColumn?: number;
}

/**
 * Nesting levels that still indent: deeper lists keep their markers but no further indentation, so
 * 40 nested bullets stay inside the preview (and the report) instead of running past its right edge.
 */
export const MAX_INDENTED_LIST_LEVELS = 8;

interface OpenItem {
  /** Column of the item's marker and of its content. */
  indent: number;
  content: number;
  tag: ListTag;
  /** Bullet character or ordered delimiter: another one starts a new list (CommonMark). */
  marker: string;
  number: number;
}

const MD_ITEM_RE = /^([ \t]*)([-*+]|(\d{1,9})[.)])([ \t]+|$)/;
const TEX_ITEM_RE = /^\s*\\item(?![A-Za-z])(\s*\[)?/;
const TEX_LIST_RE = /^\s*\\(begin|end)\{(itemize|enumerate|description)\}/;

/** Columns of leading whitespace (a tab to the next multiple of 4). */
export function listIndentColumns(text: string): number {
  let col = 0;
  for (const c of text) {
    if (c === ' ') col++;
    else if (c === '\t') col += 4 - (col % 4);
    else break;
  }
  return col;
}

/**
 * Characters of `text`'s leading whitespace that make up at most `column` columns: what a renderer cuts
 * from a later block of a list item (ListPlace.contentColumn) so it reads as the item's content.
 */
export function listIndent(text: string, column: number): number {
  let col = 0;
  let i = 0;
  while (i < text.length && col < column && (text[i] === ' ' || text[i] === '\t')) {
    col += text[i] === '\t' ? 4 - (col % 4) : 1;
    i++;
  }
  return i;
}

/** `text` with up to `column` columns of leading whitespace cut from every line (see listIndent). */
export function dedentLines(text: string, column: number): string {
  return column <= 0 ? text : text.split('\n').map((line) => line.slice(listIndent(line, column))).join('\n');
}

/** Reads blocks in document order and says where each one sits in the lists open at it. */
export class ListNesting {
  private open: OpenItem[] = [];
  /** LaTeX lists open (itemize, enumerate, description), outermost first: their `\item`s so far, and those numbered. */
  private tex: { tag: ListTag; items: number; numbered: number; description: boolean }[] = [];

  /** The place of `block` (the next block in order). */
  next(block: Pick<Block, 'kind' | 'text'>): ListPlace {
    if (block.kind === 'comment' || block.kind === 'macros') return { parents: this.open.map((o) => o.tag) };
    const env = TEX_LIST_RE.exec(block.text);
    if (env && (block.kind === 'env-open' || block.kind === 'env-close')) {
      if (env[1] === 'begin') this.tex.push({ tag: env[2] === 'enumerate' ? 'ol' : 'ul', items: 0, numbered: 0, description: env[2] === 'description' });
      else this.tex.pop();
      return { parents: [] };
    }
    const item = block.kind === 'list-item' ? TEX_ITEM_RE.exec(block.text) : null;
    if (item) {
      const parents = this.tex.slice(0, -1).map((l) => l.tag);
      const list = this.tex.at(-1);
      if (list) list.items++;
      // A description's items and an `\item[label]` show no bullet or number; a labelled item is not counted (LaTeX).
      if (list?.description) return { parents, unmarked: 'description' };
      if (item[1]) return { parents, unmarked: 'label' };
      if (list?.tag !== 'ol') return { parents };
      return { parents, number: ++list.numbered };
    }
    const m = block.kind === 'list-item' ? MD_ITEM_RE.exec(block.text) : null;
    const continues = block.kind === 'paragraph' || block.kind === 'math' || block.kind === 'code';
    if (!m && continues && this.tex.length > 0 && this.tex[this.tex.length - 1].items > 0) {
      // A paragraph inside a LaTeX list, after an `\item`: a later paragraph of that item.
      return { parents: this.tex.map((l) => l.tag), contentColumn: listIndentColumns(block.text) };
    }
    if (!m) {
      // Indented to an open item's content: a later paragraph (or display) of that item.
      const indent = listIndentColumns(block.text);
      while (this.open.length > 0 && (!continues || indent < this.open[this.open.length - 1].content)) this.open.pop();
      const top = this.open.at(-1);
      return top ? { parents: this.open.map((o) => o.tag), contentColumn: top.content } : { parents: [] };
    }
    const indent = listIndentColumns(m[1]);
    const markerEnd = indent + m[2].length;
    // Columns from the marker's end: a tab after `1.` reaches column 4, not 2 + 4 (CommonMark's tab stops).
    const gap = m[4] === '' ? 1 : listIndentColumns(' '.repeat(markerEnd) + m[4]) - markerEnd;
    // Five or more spaces after the marker: the content starts after one (the rest is indented code).
    const content = markerEnd + (gap >= 1 && gap <= 4 ? gap : 1);
    const tag: ListTag = m[3] ? 'ol' : 'ul';
    const marker = m[3] ? m[2].slice(-1) : m[2];
    let sibling: OpenItem | undefined;
    while (this.open.length > 0) {
      const top = this.open[this.open.length - 1];
      if (indent >= top.content) break; // a child of the top item
      this.open.pop();
      if (indent >= top.indent) {
        sibling = top;
        break;
      }
    }
    const own = m[3] ? Number(m[3]) : 1;
    const number = sibling && sibling.tag === tag && sibling.marker === marker ? sibling.number + 1 : own;
    const parents = this.open.map((o) => o.tag);
    this.open.push({ indent, content, tag, marker, number });
    return tag === 'ol' ? { parents, number } : { parents };
  }
}
