// What an edit changed, for the editor's checker (checker.ts): the stretch of text that differs from the
// previous check, where unchanged offsets moved to, and which stated facts differ. A fragment whose
// surroundings lie outside the changed stretch, and whose letters no changed fact mentions, keeps its
// reading and setting from the previous check, so a keystroke costs work near the edit, not a
// re-reading of every sentence of the document.
import type { Assignment } from './compute/context';
import { factBase, type ContextFact } from './compute/facts';
import type { EditRegion } from '../common/text';

/**
 * The old offset of `[from, to)` of the new text when that whole stretch is unchanged (before the edit,
 * or after it and shifted), else null. `from` may be negative and `to` past the end (a window around a
 * fragment near the ends of the text): the text's ends are unchanged only where both lie on one side.
 */
export function unchangedOffset(region: EditRegion, from: number, to: number, offset: number): number | null {
  if (to <= region.start) return offset;
  if (from >= region.newEnd) return offset - (region.newEnd - region.oldEnd);
  return null;
}

/**
 * An offset comparable across the two texts: unchanged offsets map to their old value, those inside
 * the edited stretch to −1 − their place in it, so that a statement re-read unchanged at the same
 * place in the edited stretch still compares equal. Infinity stays Infinity.
 */
function oldPlace(region: EditRegion, pos: number, isNew: boolean): number {
  const end = isNew ? region.newEnd : region.oldEnd;
  if (pos < region.start) return pos;
  if (pos >= end) return pos - end + region.oldEnd;
  return -1 - (pos - region.start);
}

/**
 * The letters (as `ContextFact.bases`, with the engine's Greek names filed under `'*'`) of facts that
 * differ between two checks — stated, dropped, moved relative to the text around them, or with another
 * scope. A fragment none of whose letters is in the set (and no `'*'` in it) has the same facts in scope.
 * Both lists are in document order: the common head and tail are skipped, and every fact of the two
 * middles counts as changed (a superset of the true difference, which is safe).
 */
export function changedFactBases(region: EditRegion, before: readonly ContextFact[], after: readonly ContextFact[]): Set<string> {
  const same = (a: ContextFact, b: ContextFact) =>
    a.key === b.key && oldPlace(region, a.at, false) === oldPlace(region, b.at, true) && oldPlace(region, a.until, false) === oldPlace(region, b.until, true);
  const [head, tail] = commonEnds(before, after, same);
  const bases = new Set<string>();
  for (const list of [before.slice(head, before.length - tail), after.slice(head, after.length - tail)]) {
    for (const fact of list) for (const b of fact.bases) bases.add(b.endsWith('Symbol') ? '*' : b);
  }
  return bases;
}

/** Lengths of the common head and tail of two lists (not overlapping). */
function commonEnds<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): [number, number] {
  const max = Math.min(a.length, b.length);
  let head = 0;
  while (head < max && same(a[head], b[head])) head++;
  let tail = 0;
  while (tail < max - head && same(a[a.length - 1 - tail], b[b.length - 1 - tail])) tail++;
  return [head, tail];
}

/**
 * The letters (as `fragmentNames` gives them) of values fixed by the text (`Let $n = 5$`) that differ
 * between two checks — stated, dropped, or with another scope — or `'*'` for one whose letter a stated
 * order ties to others (`ordered`) or that no letter files. A fragment none of whose letters is in the
 * set keeps its setting. Scopes are measured in characters (`valueScopeEnd` looks 400 ahead), so an
 * edit inside one moves its end: that must cost the fragments written with the name, not every
 * fragment of the document (it did: a keystroke re-set all 800 of the check bench's).
 * Both lists are in document order; as in `changedFactBases`, the two middles count as changed.
 */
export function changedAssignmentBases(region: EditRegion, before: readonly Assignment[], after: readonly Assignment[], ordered: (name: string) => boolean): Set<string> {
  const same = (a: Assignment, b: Assignment) =>
    a.name === b.name && a.value === b.value && oldPlace(region, a.at, false) === oldPlace(region, b.at, true) && oldPlace(region, a.until, false) === oldPlace(region, b.until, true);
  const [head, tail] = commonEnds(before, after, same);
  const bases = new Set<string>();
  for (const list of [before.slice(head, before.length - tail), after.slice(head, after.length - tail)]) {
    for (const a of list) {
      const base = factBase(a.name);
      bases.add(ordered(a.name) || !/^[A-Za-z]+(?:_[A-Za-z0-9]+)?$/.test(base) ? '*' : base);
    }
  }
  return bases;
}
