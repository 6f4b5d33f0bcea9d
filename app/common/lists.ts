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
}

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
function columns(text: string): number {
  let col = 0;
  for (const c of text) {
    if (c === ' ') col++;
    else if (c === '\t') col += 4 - (col % 4);
    else break;
  }
  return col;
}

/** Reads blocks in document order and says where each one sits in the lists open at it. */
export class ListNesting {
  private open: OpenItem[] = [];
  /** LaTeX lists open (itemize, enumerate, description), outermost first, with the items counted so far. */
  private tex: { tag: ListTag; items: number }[] = [];

  /** The place of `block` (the next block in order). */
  next(block: Pick<Block, 'kind' | 'text'>): ListPlace {
    if (block.kind === 'comment' || block.kind === 'macros') return { parents: this.open.map((o) => o.tag) };
    const env = TEX_LIST_RE.exec(block.text);
    if (env && (block.kind === 'env-open' || block.kind === 'env-close')) {
      if (env[1] === 'begin') this.tex.push({ tag: env[2] === 'enumerate' ? 'ol' : 'ul', items: 0 });
      else this.tex.pop();
      return { parents: [] };
    }
    const item = block.kind === 'list-item' ? TEX_ITEM_RE.exec(block.text) : null;
    if (item) {
      const parents = this.tex.slice(0, -1).map((l) => l.tag);
      const list = this.tex.at(-1);
      // An enumerate's `\item` shows the next number; `\item[label]` shows its label and is not counted (LaTeX).
      if (list?.tag !== 'ol' || item[1]) return { parents };
      return { parents, number: ++list.items };
    }
    const m = block.kind === 'list-item' ? MD_ITEM_RE.exec(block.text) : null;
    if (!m) {
      // Indented to an open item's content: a later paragraph (or display) of that item.
      const indent = columns(block.text);
      const continues = block.kind === 'paragraph' || block.kind === 'math' || block.kind === 'code';
      while (this.open.length > 0 && (!continues || indent < this.open[this.open.length - 1].content)) this.open.pop();
      return { parents: this.open.map((o) => o.tag) };
    }
    const indent = columns(m[1]);
    const markerEnd = indent + m[2].length;
    const gap = m[4] === '' ? 1 : columns(m[4]);
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
