// The checker's findings of a new version, sent as a change from the findings pushed for the last one
// (issue 11). The engine checks every version of the text and pushes the findings to the workbench;
// on a 460-line proof all of them were ~50 KB of JSON a keystroke, parsed and validated on the UI's
// thread, although a key usually changes none of them: only the ranges of the findings after it move.
// A kept finding goes as its index in the last push and its new range; only new or changed findings
// go in full. The engine sends a delta only when applying it gives exactly the new findings.
import type { Annotation } from './annotations';

/** A finding of the base push, by index: `[index]` unchanged, `[index, start, end]` moved to that range. */
export type KeptFinding = [index: number] | [index: number, start: number, end: number];

/** One entry of a delta: a finding of the base push (kept) or a new finding in full. */
export type CheckerDeltaEntry = KeptFinding | Annotation;

/** The fields of a finding other than its range, as one comparable string. */
function withoutRange(annotation: Annotation): string {
  const { range: _range, ...rest } = annotation;
  return JSON.stringify(rest);
}

/**
 * The entries that rebuild `next` from `base` (the findings of the last push) with
 * `applyCheckerDelta`, or null when no finding of `base` is kept (then the whole list is as small).
 * Findings are matched by id (the checker's ids name a finding by what it says, not where).
 */
export function checkerDelta(base: readonly Annotation[], next: readonly Annotation[]): CheckerDeltaEntry[] | null {
  const byId = new Map<string, number>();
  base.forEach((annotation, index) => byId.set(annotation.id, index));
  let kept = 0;
  const entries = next.map((annotation): CheckerDeltaEntry => {
    const index = byId.get(annotation.id);
    const old = index === undefined ? undefined : base[index];
    if (index === undefined || !old || (old.range === undefined) !== (annotation.range === undefined) || withoutRange(old) !== withoutRange(annotation)) return annotation;
    kept++;
    const range = annotation.range;
    return !range || (old.range!.start === range.start && old.range!.end === range.end) ? [index] : [index, range.start, range.end];
  });
  if (kept === 0) return null;
  // Only a delta that rebuilds `next` exactly is sent (a finding's fields in another order, say, would not).
  return JSON.stringify(applyCheckerDelta(base, entries)) === JSON.stringify(next) ? entries : null;
}

/**
 * `next` rebuilt from the base push's findings and a delta's entries. An unchanged finding is the base's
 * own object (so the workbench can tell nothing changed). Throws when an index is not in `base` (a
 * delta against other findings than these).
 */
export function applyCheckerDelta(base: readonly Annotation[], entries: readonly CheckerDeltaEntry[]): Annotation[] {
  return entries.map((entry) => {
    if (!Array.isArray(entry)) return entry;
    const old = base[entry[0]];
    if (!old) throw new Error(`checker delta names finding ${entry[0]} of a push that has ${base.length}`);
    return entry.length === 1 ? old : { ...old, range: { ...old.range, start: entry[1], end: entry[2] } };
  });
}
