// Nested lists across preview rows. Every list item is a block of its own (a step, app/common/blocks), so
// a nested item rendered alone came out as a top-level bullet: "1. Case one / - sub a / 2. Case two"
// showed three items side by side. Each row's place in the lists (app/common/lists.ts, read in block
// order) wraps its tree in its ancestors' lists: the same boxes, markers and indents a CommonMark
// renderer gives the whole list, one row at a time.
import { MAX_INDENTED_LIST_LEVELS, type ListPlace } from '../../app/common/lists';
import type { PreviewNode } from './renderBlock';

type ElementNode = Extract<PreviewNode, { kind: 'el' }>;

const classes = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(' ') || undefined;

/**
 * `nodes` (one block's tree) inside its ancestors' lists: each ancestor an item without a marker of its
 * own (its marker is on its own row), so indents and nested markers are CommonMark's. An ordered item
 * shows `place.number`: its list is an `ol` from there (a LaTeX `\item` in an enumerate is rendered as a
 * bullet item until its place is known). An unmarked item (`\item[label]`, a description's) is
 * `pw-item-unmarked`: no bullet. Lists deeper than MAX_INDENTED_LIST_LEVELS are `pw-list-flat`: no
 * further indentation. A later block of an item (a paragraph under it) is wrapped the same way.
 */
export function nestInLists(nodes: PreviewNode[], place: ListPlace): PreviewNode[] {
  const depth = place.parents.length;
  let out = nodes.map((n): PreviewNode => {
    if (n.kind !== 'el' || (n.tag !== 'ol' && n.tag !== 'ul')) return n;
    let list: ElementNode = place.number !== undefined ? { ...n, tag: 'ol', start: place.number } : n;
    if (depth >= MAX_INDENTED_LIST_LEVELS) list = { ...list, className: classes(list.className, 'pw-list-flat') };
    if (place.unmarked) {
      list = { ...list, children: list.children.map((c) => (c.kind === 'el' && c.tag === 'li' ? { ...c, className: classes(c.className, 'pw-item-unmarked') } : c)) };
    }
    return list;
  });
  for (let i = depth - 1; i >= 0; i--) {
    out = [{
      kind: 'el', tag: place.parents[i], className: classes('pw-list-outer', i >= MAX_INDENTED_LIST_LEVELS && 'pw-list-flat'),
      children: [{ kind: 'el', tag: 'li', className: 'pw-list-parent', children: out }],
    }];
  }
  return out;
}

/** A short key for a place (part of a row's cache key: the same text elsewhere in a list renders differently). */
export function placeKey(place: ListPlace): string {
  return place.parents.length === 0 && place.number === undefined && !place.unmarked && !place.contentColumn
    ? '' : `${place.parents.join(',')}#${place.number ?? ''}#${place.unmarked ?? ''}#${place.contentColumn ?? ''}`;
}
