// Step ids: a content hash plus an occurrence counter, so a fresh parse of the same text gives the same
// ids and a step keeps its id when text elsewhere changes. remapDocument carries ids through edits.
import { fnv1a } from '../common/text';

/** A fresh id for `text` that is not in `taken` (adds it). */
export function freshId(text: string, taken: Set<string>): string {
  const base = `s${fnv1a(text)}`;
  let id = base;
  for (let n = 1; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
