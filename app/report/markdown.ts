// Markdown + math → HTML for reports. Proof text and model output are untrusted: raw HTML in the
// source is escaped (markdown-it `html: false`), links are filtered by markdown-it's URL validator,
// and math goes through KaTeX with `trust: false` and bounded expansion.
import katex from 'katex';
import MarkdownIt from 'markdown-it';
import { MathBudget } from '../common/limits';
import type { DocumentFormat, MathFragment } from '../common/proof';

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });

export const KATEX_OPTIONS = {
  trust: false,
  throwOnError: false,
  strict: 'ignore' as const,
  maxExpand: 1000,
  maxSize: 50,
  output: 'htmlAndMathml' as const,
};

/**
 * One formula as HTML. A formula over the limits of app/common/limits.ts (nesting, macro expansion)
 * is shown as its escaped source with the reason, instead of being handed to KaTeX.
 */
export function renderMath(tex: string, display: boolean, macros?: Record<string, string>, budget = new MathBudget(macros)): string {
  const tooLarge = budget.check(tex);
  if (tooLarge) {
    const shown = tex.length > 200 ? `${tex.slice(0, 200)}…` : tex;
    return `<span class="pw-too-large" title="${escapeHtml(tooLarge)}">[${escapeHtml(tooLarge)}] <code>${escapeHtml(shown)}</code></span>`;
  }
  // KaTeX mutates the macros object with \gdef results: give each fragment its own copy.
  return katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode: display, macros: macros ? { ...macros } : undefined });
}

/** The TeX KaTeX should see for a fragment: environments keep their \begin…\end, delimiters are dropped. */
function fragmentTex(source: string, fragment: MathFragment, offset: number): string {
  if (fragment.delimiter === 'env') return source.slice(fragment.range.start - offset, fragment.range.end - offset);
  return source.slice(fragment.contentRange.start - offset, fragment.contentRange.end - offset);
}

/**
 * Renders `source` (which starts at document offset `offset`) with its math fragments typeset.
 * Math is cut out before Markdown runs so that Markdown never mangles TeX (`_`, `*`, `\\`).
 */
export function renderMarkdownWithMath(
  source: string,
  fragments: readonly MathFragment[],
  options: { offset?: number; inline?: boolean; macros?: Record<string, string>; format?: DocumentFormat } = {},
): string {
  const offset = options.offset ?? 0;
  const placeholder = placeholderFor(source);
  const budget = new MathBudget(options.macros);
  const rendered: string[] = [];
  let masked = '';
  let cursor = 0;
  const sorted = [...fragments].sort((a, b) => a.range.start - b.range.start);
  for (const fragment of sorted) {
    const start = fragment.range.start - offset;
    const end = fragment.range.end - offset;
    if (start < cursor || end > source.length) continue;
    masked += source.slice(cursor, start) + placeholder(rendered.length);
    rendered.push(renderMath(fragmentTex(source, fragment, offset), fragment.display, options.macros, budget));
    cursor = end;
  }
  masked += source.slice(cursor);
  if (options.format === 'tex') masked = texTextToMarkdown(masked);
  const html = options.inline ? markdown.renderInline(masked) : markdown.render(masked);
  return html.replace(placeholder.pattern, (_, index: string) => rendered[Number(index)] ?? '');
}

/**
 * Placeholders for cut-out math: letters and digits only, so Markdown passes them through untouched,
 * with a prefix that does not occur in the source, so proof text that happens to contain one
 * (`PWMATH0X`) stays text instead of being replaced by a formula or dropped.
 */
function placeholderFor(source: string): ((index: number) => string) & { pattern: RegExp } {
  let prefix = 'PWMATH';
  for (let k = 1; source.includes(prefix); k++) prefix = `PWMATHK${k}K`;
  return Object.assign((index: number) => `${prefix}${index}X`, { pattern: new RegExp(`${prefix}(\\d+)X`, 'g') });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The text-mode LaTeX a .tex proof uses most, as Markdown (math has already been cut out). Anything not
 * listed stays as source text, which is honest and readable.
 */
export function texTextToMarkdown(text: string): string {
  return text
    .replace(/(^|[^\\])%.*$/gm, '$1')
    .replace(/\\(sub)?section\*?\{([^{}]*)\}/g, (_, sub: string | undefined, title: string) => `${sub ? '###' : '##'} ${title}\n`)
    .replace(/\\(?:emph|textit)\{([^{}]*)\}/g, '*$1*')
    .replace(/\\textbf\{([^{}]*)\}/g, '**$1**')
    .replace(/\\texttt\{([^{}]*)\}/g, '`$1`')
    .replace(/\\(?:label|noindent)(?:\{[^{}]*\})?/g, '')
    .replace(/\\qed(?![a-zA-Z])/g, '∎')
    .replace(/\\(?:ldots|dots)(?![a-zA-Z])/g, '…')
    .replace(/\\begin\{proof\}(?:\[([^\]]*)\])?/g, (_, title: string | undefined) => `*${title ?? 'Proof'}.* `)
    .replace(/\\end\{proof\}/g, ' ∎')
    .replace(/~/g, '\u00a0')
    .replace(/\\\\/g, '  \n');
}
