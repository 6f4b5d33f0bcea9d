// Nested lists across preview rows. Every list item is a block of its own (a step, app/common/blocks), so
// a nested item rendered alone came out as a top-level bullet: "1. Case one / - sub a / 2. Case two"
// showed three items side by side. Here the document is read in block order, the open items kept as
// CommonMark keeps them (a line indented to an item's content column belongs to it), and each row's
// tree is wrapped in its ancestors' lists: the same boxes, markers and indents a CommonMark renderer
// gives the whole list, one row at a time.
import type { Block } from '../../app/common/blocks';
import type { PreviewNode } from './renderBlock';

type ListTag = 'ul' | 'ol';

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

/**
 * `nodes` (one block's tree) inside its ancestors' lists: each ancestor an item without a marker of its
 * own (its marker is on its own row), so indents and nested markers are CommonMark's. An ordered item
 * shows `place.number`: its list is an `ol` from there (a LaTeX `\item` in an enumerate is rendered as a
 * bullet item until its place is known).
 */
export function nestInLists(nodes: PreviewNode[], place: ListPlace): PreviewNode[] {
  let out = nodes;
  if (place.number !== undefined) {
    out = out.map((n) => (n.kind === 'el' && (n.tag === 'ol' || n.tag === 'ul') ? { ...n, tag: 'ol', start: place.number } : n));
  }
  for (let i = place.parents.length - 1; i >= 0; i--) {
    out = [{
      kind: 'el', tag: place.parents[i], className: 'pw-list-outer',
      children: [{ kind: 'el', tag: 'li', className: 'pw-list-parent', children: out }],
    }];
  }
  return out;
}

/** A short key for a place (part of a row's cache key: the same text elsewhere in a list renders differently). */
export function placeKey(place: ListPlace): string {
  return place.parents.length === 0 && place.number === undefined ? '' : `${place.parents.join(',')}#${place.number ?? ''}`;
}
