// Renders one preview block to a small, safe tree (no DOM, runs in Node for tests and benchmarks).
// Math is cut out first (the core's scanner) and rendered by KaTeX with the core's configuration
// (app/common/tex: trust: false, bounded); macro definitions are taken out of the text (the core's
// macro model applies them document-wide); the rest goes through a real Markdown parser whose
// raw-HTML nodes become plain text (HTML comments are dropped). The only HTML in the tree is KaTeX's output.
import { shieldPrivateUse } from '../../app/common/tex/private-use';
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Nodes as MdNode } from 'mdast';
import type { DocumentFormat, MathFragment } from '../../app/common/proof';
import { withoutHtmlComments } from '../../app/common/html-comments';
import { displayLeftOpen, mathFragments, scanMath, scanOptionsFor, unclosedPlainMessage } from '../../app/common/tex/math';
import { declarationLines } from '../../app/common/tex/declarations';
import { definitionsInProse, HAS_DEFINITION, inlineFragment, macroNames, onlyMacroDefinitions, textModeMathUses, type MacroTable } from '../../app/common/tex/macros';
import { renderTex } from '../../app/common/tex/katex';
import { MATH_NOWRAP_CLASS, punctuationAfterMath } from '../../app/common/tex/math-punctuation';
import { fragmentEquations, numberFragments, resolveRefs, theoremNumberOf, UNKNOWN_REFERENCE_CLASS, unknownReferenceHint, type FragmentEquations } from '../../app/common/tex/numbering';
import { environmentTitle, latexHeadingToMarkdown, latexItemToMarkdown, smartPunctuation, texTextToMarkdown, textEnvironmentLines, withoutLabels } from '../../app/common/tex/text-mode';
import { MathBudget, MAX_PREVIEW_EXPANSION_CHARS } from '../../app/common/limits';
import type { BlockKind } from '../../app/common/blocks';
import { dedentLines, listIndent, type ListPlace } from '../../app/common/lists';
import { applyStrikethrough } from './strikethrough';
import { alignClass, cellAsParagraph, gfmTables, TABLE_CLASS, withTablePlaceholders, type GfmTable } from '../../app/common/markdown-tables';
import { safeHref } from '../../app/common/safe-link';

/** Tags the preview may create; anything else from Markdown becomes a span. */
export type PreviewTag =
  | 'p' | 'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6' | 'em' | 'strong' | 'code' | 'pre' | 'ul' | 'ol' | 'li'
  | 'blockquote' | 'hr' | 'br' | 'a' | 'span' | 'del' | 'div' | 'table' | 'thead' | 'tbody' | 'tr' | 'th' | 'td';

export type PreviewNode =
  | { kind: 'text'; value: string }
  | { kind: 'el'; tag: PreviewTag; className?: string; start?: number; href?: string; title?: string; children: PreviewNode[] }
  /** KaTeX output; srcStart/srcEnd are offsets of the fragment within the block. */
  | { kind: 'math'; html: string; display: boolean; srcStart: number; srcEnd: number }
  | { kind: 'math-error'; source: string; message: string; display: boolean; srcStart: number; srcEnd: number };

export interface MathError {
  message: string;
  /** Offsets within the block text of the exact offending TeX. */
  start: number;
  end: number;
}

export interface RenderedBlock {
  nodes: PreviewNode[];
  errors: MathError[];
  /** Characters the block's macros added to the formulas it typeset (charged to the MathBudget). */
  growth: number;
  /** A formula was not typeset for being over a limit (then the block is not reused from a cache). */
  refused: boolean;
}

/** Equation numbers a block's displays take, and its `\label`s (what `\ref` shows for them). */
export type BlockEquations = FragmentEquations;

/** The numbered displays of a block (what `firstEquation` of the next block moves by). */
export function blockEquations(text: string, kind: BlockKind, format: DocumentFormat = 'markdown'): BlockEquations {
  // Cheap for the many blocks without an environment: every numbered display is one (a `\label` beside a
  // `\tag` in `$$…$$` or `\[…\]` has the tag: numbering.ts equationLabels).
  if ((!text.includes('\\begin') && !(text.includes('\\tag') && text.includes('\\label'))) || !MATH_KINDS.has(kind)) return { count: 0, labels: [] };
  return fragmentEquations(mathFragments(text, undefined, format));
}

/** Block kinds whose text is typeset (and so may hold numbered displays). */
const MATH_KINDS: ReadonlySet<BlockKind> = new Set(['paragraph', 'heading', 'list-item', 'math']);

/** What a formula over the limits shows instead of KaTeX's output (the start of its source is kept). */
export const TOO_LARGE_PREFIX = 'Too large to preview here: ';
const SHOWN_SOURCE_CHARS = 200;

const PLACEHOLDER_RE = /\uE000(\d+)\uE001/g;
/**
 * A formula's place (\uE000n\uE001), an unknown reference's "??" (\uE002n\uE003, n its key's index in
 * ConvertContext.unknown) or a formula of a printed name (\uE004n\uE005, `\nameref` of `# The case $n = 1$`:
 * ConvertContext.names).
 */
const MARK_RE = /\uE000(\d+)\uE001|\uE002(\d+)\uE003|\uE004(\d+)\uE005/g;
const UNKNOWN_MARK_RE = /\uE002\d+\uE003/g;
const NAME_MARK_RE = /\uE004(\d+)\uE005/g;
/** A GFM table's place (\uE006n\uE007, n its index in ConvertContext.tables), alone in a paragraph. */
const TABLE_MARK_RE = /^\s*\uE006(\d+)\uE007\s*$/;

/** A formula of a name a reference prints (numbering.ts resolveRefs `formula`), typeset inline as its heading shows it; its source, when KaTeX refuses it. */
interface NameFormula { tex: string; node: PreviewNode }

/** One formula as a preview node: KaTeX's output, or its source with the error (one over the limits is never typeset). */
export function renderMath(span: MathFragment, macros: MacroTable, errors: MathError[], budget: MathBudget, numbers?: string[], unknown?: string[]): PreviewNode {
  const [srcStart, srcEnd] = [span.range.start, span.range.end];
  // KaTeX runs on the UI thread: a formula over the limits (a macro bomb, deep nesting) is never handed
  // to it, or the whole window freezes (issue 14).
  const tooLarge = budget.check(span.tex);
  if (tooLarge) {
    const source = span.tex.length > SHOWN_SOURCE_CHARS ? `${span.tex.slice(0, SHOWN_SOURCE_CHARS)}…` : span.tex;
    const message = TOO_LARGE_PREFIX + tooLarge.charAt(0).toLowerCase() + tooLarge.slice(1);
    errors.push({ message, start: srcStart, end: srcEnd });
    return { kind: 'math-error', source, message, display: span.display, srcStart, srcEnd };
  }
  const out = renderTex(span.tex, span.display, macros, span.env, numbers, unknown);
  if ('html' in out) return { kind: 'math', html: out.html, display: span.display, srcStart, srcEnd };
  const start = Math.min(span.contentRange.start + out.error.start, srcEnd);
  const end = Math.min(span.contentRange.start + out.error.end, Math.max(srcEnd, start + 1));
  errors.push({ message: out.error.message, start, end });
  return { kind: 'math-error', source: span.tex, message: out.error.message, display: span.display, srcStart, srcEnd };
}

/**
 * A text node's placeholders as their formulas. An inline formula followed by closing punctuation is
 * wrapped with it in a no-wrap span, so the stop never starts a line alone (app/common/tex/math-punctuation.ts,
 * as the report does); the formula keeps its own node (and its source offsets) inside the span.
 */
function expandPlaceholders(value: string, math: PreviewNode[], unknown: readonly string[], names: readonly NameFormula[] = []): PreviewNode[] {
  const out: PreviewNode[] = [];
  let last = 0;
  MARK_RE.lastIndex = 0;
  for (let m = MARK_RE.exec(value); m; m = MARK_RE.exec(value)) {
    if (m.index > last) out.push({ kind: 'text', value: value.slice(last, m.index) });
    last = m.index + m[0].length;
    if (m[3] !== undefined) {
      out.push(names[Number(m[3])].node);
      continue;
    }
    if (m[2] !== undefined) {
      // LaTeX's "??", with why (as the lint says it in Problems): never the key as markup.
      out.push({ kind: 'el', tag: 'span', className: UNKNOWN_REFERENCE_CLASS, title: unknownReferenceHint(unknown[Number(m[2])]), children: [{ kind: 'text', value: '??' }] });
      continue;
    }
    const formula = math[Number(m[1])];
    // A formula shown as an error keeps its message free to wrap.
    const inline = formula.kind === 'math' && !formula.display;
    const keep = inline ? punctuationAfterMath(value.slice(last, last + 16)) : 0;
    if (keep > 0) {
      out.push({ kind: 'el', tag: 'span', className: MATH_NOWRAP_CLASS, children: [formula, { kind: 'text', value: value.slice(last, last + keep) }] });
      last += keep;
      MARK_RE.lastIndex = last;
    } else out.push(formula);
  }
  if (last < value.length) out.push({ kind: 'text', value: value.slice(last) });
  return out;
}

/** Inside code the math was never math: put the source back (an unknown reference there prints its "??"). */
function restoreSource(value: string, spans: MathFragment[], text: string, names: readonly NameFormula[]): string {
  return value.replace(PLACEHOLDER_RE, (_, n: string) => text.slice(spans[Number(n)].range.start, spans[Number(n)].range.end)).replace(UNKNOWN_MARK_RE, '??')
    .replace(NAME_MARK_RE, (_, n: string) => `$${names[Number(n)].tex}$`);
}

/**
 * What convert carries through one block's tree. `last`: the last character of prose or code met so far in
 * the current paragraph ('' at its start), so smart quotes know what precedes a text node that follows
 * emphasis or code (`"*word*"`).
 */
interface ConvertContext { math: PreviewNode[]; spans: MathFragment[]; text: string; smart: boolean; last: string; unknown: string[]; names: NameFormula[]; tables?: GfmTable[] }

function smartText(typed: string, ctx: ConvertContext): string {
  // A Markdown text's prose (ctx.smart): its `\label{…}`s print nothing, as in LaTeX.
  const value = ctx.smart ? withoutLabels(typed) : typed;
  const out = ctx.smart ? smartPunctuation(value, ctx.last) : value;
  // What the next text reads before it is the character as printed (a curled quote), as in the report.
  if (out !== '') ctx.last = out[out.length - 1];
  return out;
}

function convert(node: MdNode, ctx: ConvertContext): PreviewNode[] {
  const kids = (n: { children: MdNode[] }) => n.children.flatMap((c) => convert(c, ctx));
  const el = (tag: PreviewTag, children: PreviewNode[], extra: Partial<Extract<PreviewNode, { kind: 'el' }>> = {}): PreviewNode[] =>
    [{ kind: 'el', tag, children, ...extra }];
  switch (node.type) {
    case 'root': return kids(node);
    case 'paragraph': {
      ctx.last = '';
      // A table's mark alone in its paragraph (withTablePlaceholders): the table.
      const only = node.children.length === 1 && node.children[0].type === 'text' ? TABLE_MARK_RE.exec(node.children[0].value) : null;
      const table = only && ctx.tables?.[Number(only[1])];
      return table ? [tableNode(table, ctx)] : el('p', kids(node));
    }
    case 'heading': ctx.last = ''; return el(`h${node.depth}` as PreviewTag, kids(node));
    case 'text': return expandPlaceholders(smartText(node.value, ctx), ctx.math, ctx.unknown, ctx.names);
    case 'emphasis': return el('em', kids(node));
    case 'strong': return el('strong', kids(node));
    case 'delete': return el('del', kids(node));
    case 'inlineCode':
      if (node.value !== '') ctx.last = node.value[node.value.length - 1];
      return el('code', [{ kind: 'text', value: restoreSource(node.value, ctx.spans, ctx.text, ctx.names) }]);
    case 'code': return el('pre', el('code', [{ kind: 'text', value: restoreSource(node.value, ctx.spans, ctx.text, ctx.names) }]));
    case 'list': return el(node.ordered ? 'ol' : 'ul', kids(node), node.ordered && node.start != null ? { start: node.start } : {});
    case 'listItem': return el('li', kids(node));
    case 'blockquote': return el('blockquote', kids(node));
    case 'thematicBreak': return el('hr', []);
    case 'break': ctx.last = '\n'; return el('br', []);
    case 'link': return el('a', kids(node), { href: safeHref(node.url) });
    case 'image': return el('span', [{ kind: 'text', value: `[image: ${restoreSource(node.alt ?? '', [], '', ctx.names)}]` }], { className: 'pw-image-alt' });
    // Raw HTML from the document or a model is shown as the text it is, never interpreted; HTML
    // comments (notes, TODOs) are hidden, as rendered Markdown hides them.
    case 'html': {
      const value = withoutHtmlComments(restoreSource(node.value, ctx.spans, ctx.text, ctx.names));
      return value.trim() === '' ? [] : [{ kind: 'text', value }];
    }
    case 'definition': return [];
    default:
      return 'children' in node ? el('span', kids(node as { children: MdNode[] })) : [];
  }
}

/** Markdown text (math cut out) as preview nodes. */
function markdownNodes(text: string, ctx: ConvertContext): PreviewNode[] {
  if (text.trim() === '') return [];
  const tree = fromMarkdown(text);
  // `~~struck~~` as GFM (and the report's markdown-it) reads it; code and math are no text nodes.
  applyStrikethrough(tree, text);
  return convert(tree, ctx);
}

/** A GFM table: each cell inline Markdown (its own paragraph's children), math typeset, no HTML from the text. */
function tableNode(table: GfmTable, ctx: ConvertContext): PreviewNode {
  const row = (cells: string[], tag: 'th' | 'td'): PreviewNode => ({
    kind: 'el',
    tag: 'tr',
    children: cells.map((cell, i): PreviewNode => {
      ctx.last = '';
      const inline = markdownNodes(cellAsParagraph(cell), ctx).flatMap((n) => (n.kind === 'el' && n.tag === 'p' ? n.children : [n]));
      const className = alignClass(table.align[i]);
      return { kind: 'el', tag, ...(className ? { className } : {}), children: inline };
    }),
  });
  const [header, ...body] = table.rows;
  const head: PreviewNode = { kind: 'el', tag: 'thead', children: [row(header, 'th')] };
  const rows: PreviewNode[] = body.length ? [{ kind: 'el', tag: 'tbody', children: body.map((r) => row(r, 'td')) }] : [];
  return { kind: 'el', tag: 'table', className: TABLE_CLASS, children: [head, ...rows] };
}

function renderEnvironmentLine(text: string, kind: 'env-open' | 'env-close', labels: ReadonlyMap<string, string>, theorem?: string): PreviewNode[] {
  const m = /\\(?:begin|end)\{([A-Za-z*]+)\}(?:\[([^\]\n]*)\])?/.exec(text);
  const name = m?.[1] ?? '';
  const base = name.replace(/\*$/, '');
  if (kind === 'env-close') {
    return base === 'proof'
      ? [{ kind: 'el', tag: 'div', className: 'pw-qed', children: [{ kind: 'text', value: '∎' }] }]
      : [{ kind: 'el', tag: 'div', className: 'pw-env-end', children: [] }];
  }
  // LaTeX prints no title for a list (its items show it) or a layout environment, nor does the report.
  // The note reads as the report's does: references resolved, `~` a no-break space.
  // An unknown key's "??" is marked, and drawn with its hint as in prose (expandPlaceholders).
  const unknown: string[] = [];
  const typed = m?.[2] === undefined ? undefined : resolveRefs(m[2], labels, false, (key) => `\uE002${unknown.push(key) - 1}\uE003`).replace(/~/g, '\u00a0');
  const title = environmentTitle(name, typed, theorem);
  if (!title) return [];
  const label: PreviewNode = { kind: 'el', tag: title.emphasis, children: expandPlaceholders(title.title, [], unknown) };
  const note: PreviewNode[] = title.note ? [{ kind: 'text', value: ' (' }, ...expandPlaceholders(title.note, [], unknown), { kind: 'text', value: ')' }] : [];
  return [{ kind: 'el', tag: 'div', className: `pw-env-title pw-env-${base}`, children: [label, ...note, { kind: 'text', value: '.' }] }];
}

/**
 * One block's preview tree and its KaTeX errors (offsets within `text`). `macros` is the document-wide
 * table (definitions in this block are already in it); `format` picks the `$` rules (Pandoc's for
 * Markdown, TeX's for .tex). `budget` bounds the formulas given to KaTeX (app/common/limits.ts): pass the
 * document's, so what macros add is counted over all blocks; a formula over a limit is shown as its
 * source with "Too large to preview here: <reason>", and that reason is in `errors` over the whole formula.
 * `firstEquation` is the number LaTeX gives the block's first numbered display row (the count runs over
 * the document: blockEquations of the blocks before); `labels` what `\ref{key}`/`\eqref{key}` show, in
 * math and in prose. `place`: where the block sits in its lists (app/common/lists.ts): a description's
 * label is bold, and a later paragraph of an item loses the indentation that belongs to the list.
 * `theorem`: an environment line's printed title with its number ("Theorem 1.1"), or a heading's section
 * number, shown before its title (numbering.ts documentNumbers). `titles`: in a paragraph or an item,
 * the printed titles of the theorems whose `\begin` shares a line with text, keyed by that `\begin`'s
 * offset in `text` (documentNumbers titles; text-mode.ts textEnvironmentLines, as the report prints them).
 */
export function renderBlock(
  text: string,
  kind: BlockKind,
  macros: MacroTable,
  format: DocumentFormat = 'markdown',
  budget = new MathBudget(macros, new Map(), MAX_PREVIEW_EXPANSION_CHARS),
  firstEquation = 1,
  labels: ReadonlyMap<string, string> = new Map(),
  place?: ListPlace,
  theorem?: string,
  titles?: ReadonlyMap<number, string>,
): RenderedBlock {
  // A block's own private-use characters are never read as the marks below (private-use.ts); PreviewRenderer
  // shields the whole document already, other callers (a finding's text) get it here.
  text = shieldPrivateUse(text);
  if (kind === 'comment') return { nodes: [], errors: [], growth: 0, refused: false };
  if (kind === 'env-open' || kind === 'env-close') return { nodes: renderEnvironmentLine(text, kind, labels, theorem), errors: [], growth: 0, refused: false };
  // Declarations alone (`\newtheorem…`, `\usepackage…`, declarations.ts) print nothing, as in LaTeX.
  if (kind === 'macros' && !HAS_DEFINITION.test(text)) return { nodes: [], errors: [], growth: 0, refused: false };
  if (kind === 'macros' || kind === 'preamble') {
    const names = macroNames(macros).length;
    return {
      nodes: [{ kind: 'el', tag: 'div', className: 'pw-macros', children: [{ kind: 'text', value: kind === 'preamble' ? `${/^\uFEFF?---/.test(text) ? 'Front matter' : 'Preamble'} (${names} macros)` : 'Macro definitions' }] }],
      errors: [],
      growth: 0,
      refused: false,
    };
  }
  const errors: MathError[] = [];
  // A nested list item is rendered without its indentation (four spaces alone would make it code), and
  // so is a later paragraph of an item, up to the item's content column (app/common/lists.ts).
  const lead = kind === 'list-item' ? text.length - text.trimStart().length : listIndent(text, place?.contentColumn ?? 0);
  const source = kind === 'heading' ? latexHeadingToMarkdown(text, theorem)
    : kind === 'list-item' ? latexItemToMarkdown(text.slice(lead), undefined, place?.unmarked === 'description')
      // Code has no math offsets to keep: every line of it loses the list's indentation.
      : kind === 'code' && place?.contentColumn ? dedentLines(text, place.contentColumn)
        : text.slice(lead);
  // Heading and `\item` rewriting shift offsets; errors there map to the block start.
  const shift = source === text.slice(lead) ? 0 : -1;
  // Definitions in running text (`\newcommand{\R}{…}` on the paragraph's first line) are applied
  // document-wide and not shown; math inside a definition's body is part of the definition.
  const scan = kind === 'code' ? null : scanMath(source, 0, source.length, scanOptionsFor(format));
  // A display left open (`\begin{align*}` without `\end`, `\[`, `$$`) runs to the block's end: that part is
  // shown as its source, verbatim, with the reason; Markdown would eat its TeX escapes (`\\` shown as `\`).
  const open = displayLeftOpen(scan);
  const found = (scan?.fragments ?? []).filter((f) => !open || f.range.end <= open.at);
  const definitions = kind === 'code' ? [] : definitionsInProse(source, found.map((f) => f.range));
  const inMath = found.filter((s) => !definitions.some((d) => s.range.start < d.end && d.start < s.range.end));
  // A formula that only defines macros (`Write $\newcommand{\ip}[2]{…}$ for`) typesets nothing, as in the
  // report (app/report/markdown.ts): its definitions apply document-wide, the formula itself is cut.
  const definingOnly = inMath.filter((s) => onlyMacroDefinitions(s.tex));
  // A math-only macro used in running text (`Let \eps{} be`) is typeset where it stands, as LaTeX does.
  const textUses = kind === 'code' ? [] : textModeMathUses(source, [...found.map((f) => f.range), ...definitions], macros).filter((u) => !open || u.end <= open.at);
  const typeset = definingOnly.length === 0 ? inMath : inMath.filter((s) => !definingOnly.includes(s));
  const spans = textUses.length === 0 ? typeset : [...typeset, ...textUses.map(inlineFragment)].sort((a, b) => a.range.start - b.range.start);
  const spentBefore = budget.spent;
  // Numbered from the block's first equation on; a reference becomes its number in place.
  const math = numberFragments(spans, firstEquation, labels).map(({ fragment, numbers, unknown }) => renderMath(fragment, macros, errors, budget, numbers, unknown));
  const refused = math.some((m) => m.kind === 'math-error' && m.message.startsWith(TOO_LARGE_PREFIX));
  if (shift) for (const e of errors) { e.start = 0; e.end = Math.min(1, text.length); }
  else if (lead) {
    for (const e of errors) { e.start += lead; e.end += lead; }
    for (const m of math) if (m.kind === 'math' || m.kind === 'math-error') { m.srcStart += lead; m.srcEnd += lead; }
  }
  // Not in `errors`: the checker's lint reports the same opener (same words, app/check/lint/scan.ts), and
  // the editor and Problems would list it twice, once as a "KaTeX" error. The report shows it the same way
  // (app/report/markdown.ts).
  const unclosed: PreviewNode | null = open
    ? { kind: 'math-error', source: source.slice(open.at), message: unclosedPlainMessage(open), display: true, srcStart: open.at + lead, srcEnd: source.length + lead }
    : null;
  const cuts = [
    ...spans.map((s, n) => ({ start: s.range.start, end: s.range.end, with: `\uE000${n}\uE001` })),
    ...definitions.filter((d) => !open || d.end <= open.at).map((d) => ({ start: d.start, end: d.end, with: '' })),
    ...definingOnly.map((s) => ({ start: s.range.start, end: s.range.end, with: '' })),
    // A line of declarations in a paragraph prints nothing (declarations.ts); no formula is on it.
    ...(kind === 'code' ? [] : declarationLines(source)).filter((d) => !open || d.end <= open.at).map((d) => ({ start: d.start, end: d.end, with: '' })),
    ...(open ? [{ start: open.at, end: source.length, with: '' }] : []),
  ].sort((a, b) => a.start - b.start);
  let masked = '';
  let last = 0;
  for (const cut of cuts) {
    masked += source.slice(last, cut.start) + cut.with;
    last = cut.end;
  }
  masked += source.slice(last);
  // An unknown key's "??" is marked, and drawn with a hint (expandPlaceholders).
  const unknown: string[] = [];
  // A printed name's math (`\nameref` of `# The case $n = 1$`) is typeset as its heading shows it.
  const names: NameFormula[] = [];
  const nameFormula = (tex: string) => {
    const out = renderTex(tex, false, macros);
    const node: PreviewNode = 'html' in out ? { kind: 'math', html: out.html, display: false, srcStart: lead, srcEnd: lead } : { kind: 'text', value: `$${tex}$` };
    return `\uE004${names.push({ tex, node }) - 1}\uE005`;
  };
  masked = resolveRefs(masked, labels, false, (key) => `\uE002${unknown.push(key) - 1}\uE003`, nameFormula);
  // A theorem's `\begin`/`\end` sharing a line with text prints as its title/nothing (∎ for a proof): the
  // report's rule (app/report/markdown.ts), numbered as documentNumbers counts it.
  if (kind === 'paragraph' || kind === 'list-item') masked = textEnvironmentLines(masked, titles && theoremNumberOf(text, titles));
  // A .tex proof's text mode as the report shows it (comments dropped, \emph, \textbf…); code stays code.
  if (format === 'tex' && kind !== 'code') masked = texTextToMarkdown(masked);
  // Markdown prose reads as Pandoc prints it (dashes, ellipsis, quotes), as in the report (app/report/markdown.ts).
  const ctx: ConvertContext = { math, spans, text: source, smart: format === 'markdown', last: '', unknown, names };
  // GFM tables, read by the rule the report uses (app/common/markdown-tables.ts), each a paragraph of its
  // own holding its mark in its quote or list item, drawn in that paragraph's place (convert); a .tex text has none.
  const tables = format === 'markdown' && kind !== 'code' ? gfmTables(masked) : [];
  if (tables.length > 0) {
    ctx.tables = tables;
    masked = withTablePlaceholders(masked, tables, (i) => `\uE006${i}\uE007`);
  }
  const nodes = markdownNodes(masked, ctx);
  return { nodes: unclosed ? [...nodes, unclosed] : nodes, errors, growth: budget.spent - spentBefore, refused };
}
