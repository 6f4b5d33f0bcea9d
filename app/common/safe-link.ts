// Which links from untrusted text (a proof, a problem statement, a model's output) keep their target.

/**
 * The href a Markdown link (or autolink) from untrusted text may carry: `http:`, `https:` and
 * `mailto:` URLs, trimmed; undefined for anything else (`javascript:`, `data:`, `vbscript:`, `file:`,
 * relative paths), whose link is then drawn as its text with no href. One rule for the preview
 * (renderer/preview/renderBlock.ts) and the report (app/report/markdown.ts), so both show a
 * `[x](javascript:…)` link the same way (rev16 F8).
 */
export function safeHref(url: string): string | undefined {
  const trimmed = url.trim();
  return /^(https?:|mailto:)/i.test(trimmed) ? trimmed : undefined;
}
