// Step ids: a content hash plus an occurrence counter, so a fresh parse of the same text gives the same
// ids and a step keeps its id when text elsewhere changes. remapDocument carries ids through edits.

/** FNV-1a over UTF-16 code units: fast, stable across runs and platforms (not for security). */
export function contentHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** A fresh id for `text` that is not in `taken` (adds it). */
export function freshId(text: string, taken: Set<string>): string {
  const base = `s${contentHash(text)}`;
  let id = base;
  for (let n = 1; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
