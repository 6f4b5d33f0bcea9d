// Nested lists across preview rows. Every list item is a block of its own (a step, app/common/blocks), so
// a nested item rendered alone came out as a top-level bullet: "1. Case one / - sub a / 2. Case two"
// showed three items side by side. Each row's place in the lists (app/common/lists.ts, read in block
// order) wraps its tree in its ancestors' lists: the same boxes, markers and indents a CommonMark
// renderer gives the whole list, one row at a time.
import type { ListPlace } from '../../app/common/lists';
import type { PreviewNode } from './renderBlock';

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
