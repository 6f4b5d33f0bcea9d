// The tiny template renderer: `{{name}}` slots replaced by plain strings in one pass. It never
// evaluates anything, and text inside a value (a proof that contains `{{proof}}`) is never re-expanded.

const SLOT = /\{\{\s*([A-Za-z][\w-]*)\s*\}\}/g;

/** Names of all `{{slots}}` a template text uses, in order of first use. */
export function placeholdersOf(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(SLOT)) if (!names.includes(m[1])) names.push(m[1]);
  return names;
}

/**
 * Fill the slots of `text` from `values`. A slot whose value is missing or empty renders as nothing;
 * a line holding only such a slot is removed with its surrounding blank lines, so an optional block
 * leaves no hole. The values themselves are inserted verbatim.
 */
export function renderTemplate(text: string, values: Record<string, string | undefined>): string {
  const isEmpty = (name: string) => !values[name]?.trim();
  const shaped = text
    .replace(/^[ \t]*\{\{\s*([A-Za-z][\w-]*)\s*\}\}[ \t]*$/gm, (line, name: string) => (isEmpty(name) ? '' : line))
    .replace(/\n[ \t]*\n(?:[ \t]*\n)+/g, '\n\n');
  return shaped.replace(SLOT, (_all, name: string) => values[name] ?? '').trim();
}

/** SHA-256 (hex) of a text: the store's `hashText`, the one content hash of run records and templates. */
export { hashText as sha256 } from '../store/records';
