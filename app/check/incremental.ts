// What an edit changed, for the editor's checker (checker.ts): the stretch of text that differs from the
// previous check, where unchanged offsets moved to, and which stated facts differ. A fragment whose
// surroundings lie outside the changed stretch, and whose letters no changed fact mentions, keeps its
// reading and setting from the previous check, so a keystroke costs work near the edit, not a
// re-reading of every sentence of the document.
import type { Assignment } from './compute/context';
import type { ContextFact } from './compute/facts';
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
 * Whether values fixed by the text (`Let $n = 5$`) differ between two checks outside the edited
 * stretch (those inside it concern only fragments near the edit, which are re-read anyway).
 */
export function assignmentsChanged(region: EditRegion, before: readonly Assignment[], after: readonly Assignment[]): boolean {
  const outside = (list: readonly Assignment[], isNew: boolean) => list.filter((a) => oldPlace(region, a.at, isNew) >= 0);
  const a = outside(before, false);
  const b = outside(after, true);
  return a.length !== b.length || a.some((x, i) => x.name !== b[i].name || x.value !== b[i].value || oldPlace(region, x.at, false) !== oldPlace(region, b[i].at, true) || oldPlace(region, x.until, false) !== oldPlace(region, b[i].until, true));
}
