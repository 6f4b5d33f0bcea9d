// Step ids: a content hash plus an occurrence counter, so a fresh parse of the same text gives the same
// ids and a step keeps its id when text elsewhere changes. remapDocument carries ids through edits.
import { fnv1a } from '../common/text';

// Per set of taken ids: the next suffix worth trying for each base. Sets only grow while ids are
// assigned, so every suffix below it is known to be taken: n identical paragraphs cost O(n), not the
// O(n²) of probing from 1 each time (20,000 took 86 s), and the ids are the same as before.
const nextSuffix = new WeakMap<Set<string>, Map<string, number>>();

/** A fresh id for `text` that is not in `taken` (adds it): `s<hash>`, then `s<hash>-1`, `-2`, … */
export function freshId(text: string, taken: Set<string>): string {
  const base = `s${fnv1a(text)}`;
  let counters = nextSuffix.get(taken);
  if (!counters) nextSuffix.set(taken, (counters = new Map()));
  let n = counters.get(base) ?? 0;
  let id = n === 0 ? base : `${base}-${n}`;
  while (taken.has(id)) id = `${base}-${++n}`;
  counters.set(base, n + 1);
  taken.add(id);
  return id;
}
