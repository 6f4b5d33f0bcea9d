// HTML escaping for text placed in element content or in a double- or single-quoted attribute value.
// One copy for every surface that writes HTML by hand: the report (app/report) and KaTeX's output
// post-processing (app/common/tex/katex.ts), which the preview and the report share.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` with `& < > " '` as character references, safe in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
