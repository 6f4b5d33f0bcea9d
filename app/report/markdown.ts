// Markdown + math → HTML for reports. Proof text and model output are untrusted: raw HTML in the
// source is escaped (markdown-it's html tokens written back as text), links keep only safe targets (app/common/safe-link.ts), images show their alt text,
// and math goes through the core's KaTeX configuration (app/common/tex: `trust: false`, bounded
// expansion), with the document's macros, exactly as the preview and the checker parse it.
import MarkdownIt from 'markdown-it';
import { withoutHtmlComments } from '../common/html-comments';
import { escapeHtml } from '../common/html-escape';
import { safeHref } from '../common/safe-link';
import { MathBudget } from '../common/limits';
import type { DocumentFormat, MathFragment } from '../common/proof';
import type { InlineSegment } from '../common/tex/inline-math';
import { renderTex } from '../common/tex/katex';
import { displayLeftOpen, scanMath, scanOptionsFor, unclosedPlainMessage, type UnclosedOpener } from '../common/tex/math';
import { declarationLines } from '../common/tex/declarations';
import { definitionsInProse, inlineFragment, onlyMacroDefinitions, textModeMathUses, type MacroTable } from '../common/tex/macros';
import { DocumentNumbering, fragmentEquations, numberFragments, resolveRefs, UNKNOWN_REFERENCE_CLASS, unknownReferenceHint } from '../common/tex/numbering';
import { smartPunctuation, textEnvironmentLines, texTextToMarkdown, withoutLabels } from '../common/tex/text-mode';
import { MATH_NOWRAP_CLASS, punctuationAfterMath } from '../common/tex/math-punctuation';
import { alignClass, gfmTables, TABLE_CLASS, withTablePlaceholders, type GfmTable } from '../common/markdown-tables';

export { texTextToMarkdown } from '../common/tex/text-mode';

// `html: true` only so that raw HTML is read where CommonMark (and the preview's micromark) reads it;
// every raw-HTML token is then written back as escaped text without its comments, as the preview shows
// it (renderBlock.ts): `a <!-- note --> b` reads "a  b" on both surfaces, and `<img onerror>` is text.
const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false, breaks: false });
// GFM tables are read by the rule the preview uses (app/common/markdown-tables.ts, renderMarkdownWithMath), not markdown-it's.
markdown.disable('table');
markdown.renderer.rules.html_inline = (tokens, idx) => escapeHtml(withoutHtmlComments(tokens[idx].content));
markdown.renderer.rules.html_block = (tokens, idx) => {
  const text = withoutHtmlComments(tokens[idx].content);
  return text.trim() === '' ? '' : `<p>${escapeHtml(text.trimEnd())}</p>\n`;
};
// Links as the preview draws them (renderer/preview/renderBlock.ts): every link Markdown reads is a
// link, its href kept only where safeHref allows it, so `[x](javascript:…)` reads "x" with no href on
// both surfaces. markdown-it's own check left such a link unparsed, its raw source shown (rev16 F8).
markdown.validateLink = () => true;
markdown.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx];
  const href = safeHref(token.attrGet('href') ?? '');
  token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'href');
  if (href !== undefined) token.attrs.unshift(['href', href]);
  return self.renderToken(tokens, idx, options);
};
// An image is its alt text, as the preview shows it: a report loads nothing (its CSP would block a
// remote image, and a `data:` one from a proof is no figure of the proof's to draw).
markdown.renderer.rules.image = (tokens, idx, options, env, self) =>
  `<span class="pw-image-alt">[image: ${escapeHtml(self.renderInlineAsText(tokens[idx].children ?? [], options, env))}]</span>`;
// GFM's element for `~~struck~~`, as the preview draws it (renderer/preview/strikethrough.ts); markdown-it writes <s>.
markdown.renderer.rules.s_open = () => '<del>';
markdown.renderer.rules.s_close = () => '</del>';
// Markdown prose as Pandoc prints it (its `smart` dashes, ellipsis and quotes, text-mode.ts
// smartPunctuation), as the preview shows it: on text tokens only (code spans and fences are other
// tokens), when the render's env asks (a Markdown source; markdown-it's own typographer would also change
// (c) and +-, and curl quotes in URLs). Each text token is told the character before it in its paragraph.
markdown.core.ruler.push('pw_smart_punctuation', (state) => {
  if (!(state.env as { smart?: boolean } | undefined)?.smart) return;
  for (const token of state.tokens) {
    if (token.type !== 'inline') continue;
    let last = '';
    for (const child of token.children ?? []) {
      if (child.type === 'text') {
        const typed = withoutLabels(child.content);
        child.content = smartPunctuation(typed, last);
        // The character as printed (a curled quote), as the preview reads it.
        if (child.content !== '') last = child.content[child.content.length - 1];
      } else if (child.type === 'code_inline' && child.content !== '') last = child.content[child.content.length - 1];
      else if (child.type === 'softbreak' || child.type === 'hardbreak') last = '\n';
    }
  }
});

/**
 * How much of KaTeX's HTML one report holds (characters). KaTeX draws a formula with 0.5–2 KB of nested
 * spans beside its MathML, so a 2 MB proof of short formulas made a 163 MB page that took minutes to
 * write and that Chromium could not open in 30 s; the longest real proofs (~100 KB) need ~5 MB.
 */
export const REPORT_KATEX_HTML_CHARS = 8_000_000;

/**
 * A report's allowance of KaTeX HTML (REPORT_KATEX_HTML_CHARS). Once a formula does not fit, it and
 * every later one are given as the MathML KaTeX writes beside its HTML, which the browser typesets
 * itself: the same formula in a plainer look, at about a fifth of the bytes. One report, one allowance.
 */
export class KatexAllowance {
  private left: number;
  /** Formulas given as MathML only so far. */
  mathmlOnly = 0;

  constructor(chars = REPORT_KATEX_HTML_CHARS) {
    this.left = chars;
  }

  /** Whether a formula of `chars` characters of KaTeX HTML is still drawn by KaTeX (counted when it is). */
  take(chars: number): boolean {
    if (chars > this.left) {
      this.left = 0;
      this.mathmlOnly++;
      return false;
    }
    this.left -= chars;
    return true;
  }
}

/**
 * KaTeX's output (`htmlAndMathml`) reduced to its MathML, in the `katex` span the report's styles and
 * the no-wrap rule know; a display keeps KaTeX's display wrapper (block, centred). Null when the output
 * holds no MathML. The MathML is KaTeX's own (escaped) markup: nothing from the source is added.
 */
export function mathmlOnly(html: string, display: boolean): string | null {
  const start = html.indexOf('<math');
  const end = html.lastIndexOf('</math>');
  if (start < 0 || end < start) return null;
  // The namespace attribute is for XML: the HTML parser puts <math> in MathML's namespace by itself.
  const math = `<span class="katex pw-mathml">${html.slice(start, end + '</math>'.length).replace(/^<math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML"/, '<math')}</span>`;
  return display ? `<span class="katex-display">${math}</span>` : math;
}

/**
 * One fragment (its content `tex`, environment `env`) as HTML. A KaTeX error shows the source in
 * red with the message as its title (what KaTeX's `throwOnError: false` prints), never an exception.
 * A formula over the limits of app/common/limits.ts (nesting, macro expansion) is shown as its
 * escaped source with the reason, instead of being handed to KaTeX. `numbers`: a numbered display's
 * equation numbers in the document (app/common/tex/numbering.ts).
 */
export function renderMath(tex: string, display: boolean, macros: MacroTable = {}, env?: string, budget = new MathBudget(macros), numbers?: readonly string[], allowance?: KatexAllowance, unknown?: readonly string[]): string {
  const tooLarge = budget.check(tex);
  if (tooLarge) {
    const shown = tex.length > 200 ? `${tex.slice(0, 200)}…` : tex;
    return `<span class="pw-too-large" title="${escapeHtml(tooLarge)}">[${escapeHtml(tooLarge)}] <code>${escapeHtml(shown)}</code></span>`;
  }
  const out = renderTex(tex, display, macros, env, numbers, unknown);
  if ('html' in out) {
    // A numbered display keeps KaTeX's HTML: MathML numbers its rows by a CSS counter, not the document's numbers.
    if (!allowance || numbers?.length || allowance.take(out.html.length)) return out.html;
    return mathmlOnly(out.html, display) ?? out.html;
  }
  const source = env ? `\\begin{${env}}${tex}\\end{${env}}` : tex;
  return `<span class="katex-error" title="${escapeHtml(out.error.message)}" style="color:#cc0000">${escapeHtml(source)}</span>`;
}

/**
 * A short text cut by app/common/tex/inline-math.ts (a checker message, a finding's quote) as HTML: its
 * formulas typeset as above, code spans as `<code>`, everything else escaped (no Markdown), as the
 * workbench's cards show it.
 */
export function renderInlineSegments(segments: readonly InlineSegment[], macros: MacroTable = {}, allowance?: KatexAllowance): string {
  const budget = new MathBudget(macros);
  return segments.map((s) =>
    s.kind === 'math' ? renderMath(s.fragment.tex, false, macros, undefined, budget, undefined, allowance)
      : s.kind === 'code' ? `<code>${escapeHtml(s.text)}</code>`
        : escapeHtml(s.text)).join('');
}

/**
 * Renders `source` (which starts at document offset `offset`) with its math fragments typeset.
 * Math is cut out before Markdown runs so that Markdown never mangles TeX (`_`, `*`, `\\`). `macros`
 * is the document-wide table (app/common/tex collectMacros); definitions in running text are applied
 * through it and not printed, as in the preview. `equations`: where the source sits in its document's
 * equation numbering (app/common/tex/numbering.ts, as the preview counts): the number of its first
 * numbered row and what each `\label` shows for `\ref`/`\eqref`; without it the source is numbered as a
 * document of its own.
 */
export function renderMarkdownWithMath(
  source: string,
  fragments: readonly MathFragment[],
  options: {
    offset?: number;
    inline?: boolean;
    macros?: MacroTable;
    format?: DocumentFormat;
    equations?: { first: number; labels: ReadonlyMap<string, string> };
    /** The theorem number of the next `\begin{name}` line in `source` (text-mode.ts textEnvironmentLines). */
    theoremNumber?: (name: string) => string | undefined;
    /** The report's allowance of KaTeX HTML (none: every formula drawn by KaTeX). */
    allowance?: KatexAllowance;
  } = {},
): string {
  const offset = options.offset ?? 0;
  const placeholder = placeholderFor(source);
  const budget = new MathBudget(options.macros);
  // A display left open (`\begin{align*}` without `\end`, `\[`, `$$`) runs to the end: shown as its source
  // with the reason, as the preview shows it (displayLeftOpen); Markdown would eat its TeX escapes.
  const open = options.inline ? null : displayLeftOpen(scanMath(source, 0, source.length, scanOptionsFor(options.format ?? 'markdown')));
  const openAt = open?.at ?? source.length;
  const sorted = [...fragments].filter((f) => f.range.end - offset <= openAt).sort((a, b) => a.range.start - b.range.start);
  const definitions = definitionsInProse(source, sorted.map((f) => ({ start: f.range.start - offset, end: f.range.end - offset })))
    .filter((d) => d.end <= openAt);
  const cuts: { start: number; end: number; html?: string; display?: boolean }[] = definitions.map((d) => ({ start: d.start, end: d.end }));
  // A line of preamble declarations (`\newtheorem…`, `\usepackage…`) prints nothing, as in the preview.
  if (!options.inline) for (const d of declarationLines(source)) if (d.end <= openAt) cuts.push({ start: d.start, end: d.end });
  const shown = sorted.filter((f) => {
    const start = f.range.start - offset;
    const end = f.range.end - offset;
    return start >= 0 && end <= source.length && !definitions.some((d) => start < d.end && d.start < end);
  });
  // A math-only macro used in running text (`Let \eps{} be`) is typeset where it stands, as LaTeX does.
  const taken = [...sorted.map((f) => ({ start: f.range.start - offset, end: f.range.end - offset })), ...definitions];
  for (const use of options.macros ? textModeMathUses(source, taken, options.macros).filter((u) => u.end <= openAt) : []) {
    shown.push(inlineFragment({ ...use, start: use.start + offset, end: use.end + offset }));
  }
  shown.sort((a, b) => a.range.start - b.range.start);
  const equations = options.equations ?? ownEquations(shown);
  for (const { fragment, numbers, unknown: unknownKeys } of numberFragments(shown, equations.first, equations.labels)) {
    const start = fragment.range.start - offset;
    const end = fragment.range.end - offset;
    // A formula that only defines macros (`$$\newcommand…$$`) typesets nothing: no empty formula either.
    if (onlyMacroDefinitions(fragment.tex)) cuts.push({ start, end });
    else cuts.push({ start, end, html: renderMath(fragment.tex, fragment.display, options.macros, fragment.env, budget, numbers, options.allowance, unknownKeys), display: fragment.display });
  }
  if (open) cuts.push({ start: open.at, end: source.length });
  cuts.sort((a, b) => a.start - b.start);
  const rendered: { html: string; display: boolean }[] = [];
  let masked = '';
  let cursor = 0;
  for (const cut of cuts) {
    if (cut.start < cursor) continue;
    masked += source.slice(cursor, cut.start);
    if (cut.html !== undefined) {
      masked += placeholder(rendered.length);
      rendered.push({ html: cut.html, display: cut.display ?? false });
    }
    cursor = cut.end;
  }
  masked += source.slice(cursor);
  // References in the text show their numbers, as in the preview (before Markdown: `\eqref` is no Markdown).
  // An unknown key's "??" is marked (a second placeholder pair), then drawn with its hint (withMath).
  const unknownMark = placeholderFor(source + placeholder(0));
  const unknown: string[] = [];
  // A printed name's math (`\nameref` of `# The case $n = 1$`) is typeset as its heading shows it.
  const nameFormula = (tex: string) => {
    rendered.push({ html: renderMath(tex, false, options.macros, undefined, budget, undefined, options.allowance), display: false });
    return placeholder(rendered.length - 1);
  };
  masked = resolveRefs(masked, equations.labels, false, (key) => unknownMark(unknown.push(key) - 1), nameFormula);
  // A theorem's `\begin{lemma}[Name]` line reads as its title, as the preview's environment lines do.
  masked = textEnvironmentLines(masked, options.theoremNumber);
  if (options.format === 'tex') masked = texTextToMarkdown(masked);
  const env = { smart: options.format !== 'tex' };
  // GFM tables, read by the preview's rule (app/common/markdown-tables.ts), each a paragraph of its own
  // holding its mark in its quote or list item, then drawn in its place; a .tex text has none.
  const tables = options.inline || options.format === 'tex' ? [] : gfmTables(masked);
  const tableMark = placeholderFor(source + placeholder(0) + unknownMark(0));
  if (tables.length > 0) masked = withTablePlaceholders(masked, tables, tableMark);
  let html = options.inline ? markdown.renderInline(masked, env) : markdown.render(masked, env);
  // A tight list item's paragraph has no <p>; a table is a block of its own either way.
  if (tables.length > 0) html = html.replace(new RegExp(`(?:<p>)?${tableMark.pattern.source}(?:</p>\\n?)?`, 'g'), (_, n: string) => tableHtml(tables[Number(n)], env));
  // Inside a tag (an image's alt, a link's title) the mark is plain "??": markup there would break the tag.
  const marked = unknown.length === 0 ? html : html
    .replace(/<[^>]*>/g, (tag) => tag.replace(unknownMark.pattern, '??'))
    .replace(unknownMark.pattern, (_, n: string) => `<span class="${UNKNOWN_REFERENCE_CLASS}" title="${escapeHtml(unknownReferenceHint(unknown[Number(n)]))}">??</span>`);
  return withMath(marked, placeholder.pattern, rendered) + (open ? unclosedHtml(source.slice(open.at), open) : '');
}

/** A GFM table as HTML: each cell inline Markdown (escaped as all text is), as the preview draws it (renderBlock.ts tableNode). */
function tableHtml(table: GfmTable, env: { smart: boolean }): string {
  const row = (cells: string[], tag: 'th' | 'td') => `<tr>${cells.map((cell, i) => {
    const className = alignClass(table.align[i]);
    return `<${tag}${className ? ` class="${className}"` : ''}>${markdown.renderInline(cell, env)}</${tag}>`;
  }).join('')}</tr>\n`;
  const [header, ...body] = table.rows;
  return `<table class="${TABLE_CLASS}">\n<thead>\n${row(header, 'th')}</thead>\n${body.length ? `<tbody>\n${body.map((r) => row(r, 'td')).join('')}</tbody>\n` : ''}</table>\n`;
}

/**
 * `html` with each placeholder replaced by its formula; an inline formula followed by closing
 * punctuation is wrapped with it in a no-wrap span, so the stop never starts a line alone
 * (app/common/tex/math-punctuation.ts, as the preview does). The punctuation is Markdown's output,
 * already escaped: the run stops at `&` or `<`, so no entity or tag is ever split.
 */
function withMath(html: string, pattern: RegExp, rendered: readonly { html: string; display: boolean }[]): string {
  let out = '';
  let last = 0;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(html); m; m = pattern.exec(html)) {
    const math = rendered[Number(m[1])];
    const end = m.index + m[0].length;
    // Only a typeset formula: one shown as an error (or as too large) keeps its message free to wrap.
    const keep = math && !math.display && /^<span class="katex[ "]/.test(math.html) ? punctuationAfterMath(html.slice(end, end + 16)) : 0;
    out += html.slice(last, m.index) + (keep > 0 ? `<span class="${MATH_NOWRAP_CLASS}">${math.html}${html.slice(end, end + keep)}</span>` : math?.html ?? '');
    last = end + keep;
    pattern.lastIndex = last;
  }
  return out + html.slice(last);
}

/** A display left open, as the preview draws it (renderer/ui/PreviewNodes.tsx): its source, lines kept, then why; all escaped. */
function unclosedHtml(shown: string, open: UnclosedOpener): string {
  const message = escapeHtml(unclosedPlainMessage(open));
  return `<div class="pw-math-error pw-math-display" title="${message}" role="note"><code>${escapeHtml(shown)}</code><span class="pw-math-error-message">${message}</span></div>\n`;
}

/** The numbering of a text that is a document of its own (a problem statement): from 1, its own labels. */
function ownEquations(fragments: readonly MathFragment[]): { first: number; labels: ReadonlyMap<string, string> } {
  const numbering = new DocumentNumbering();
  return { first: numbering.add(fragmentEquations(fragments)), labels: numbering.labels };
}

/**
 * Placeholders for cut-out math: two private-use characters around the index, as the preview's
 * (renderer/preview/renderBlock.ts), so Markdown passes them through untouched and a text command
 * before a formula (`\hfill$\square$`, `\S$3$`) still ends where LaTeX ends it (a placeholder of
 * letters ran into the command's name). The pair is one the source does not hold, so proof text that
 * happens to contain one stays text instead of being replaced by a formula or dropped.
 */
function placeholderFor(source: string): ((index: number) => string) & { pattern: RegExp } {
  let code = 0xe000;
  while (source.includes(String.fromCharCode(code)) || source.includes(String.fromCharCode(code + 1))) code += 2;
  const open = String.fromCharCode(code);
  const close = String.fromCharCode(code + 1);
  return Object.assign((index: number) => `${open}${index}${close}`, { pattern: new RegExp(`${open}(\\d+)${close}`, 'g') });
}
