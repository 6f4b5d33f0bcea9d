// Renders one preview block to a small, safe tree (no DOM, runs in Node for tests and benchmarks).
// Math is cut out first and rendered by KaTeX (trust: false, bounded); the rest goes through a real
// Markdown parser whose raw-HTML nodes become plain text. The only HTML in the tree is KaTeX's output.
import katex from 'katex';
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Nodes as MdNode } from 'mdast';
import type { BlockKind } from './blocks';
import { findMath, type MathSpan } from './math';
import type { MacroTable } from './macros';

/** Tags the preview may create; anything else from Markdown becomes a span. */
export type PreviewTag =
  | 'p' | 'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6' | 'em' | 'strong' | 'code' | 'pre' | 'ul' | 'ol' | 'li'
  | 'blockquote' | 'hr' | 'br' | 'a' | 'span' | 'del' | 'div';

export type PreviewNode =
  | { kind: 'text'; value: string }
  | { kind: 'el'; tag: PreviewTag; className?: string; start?: number; href?: string; children: PreviewNode[] }
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
}

export const KATEX_LIMITS = { maxExpand: 1000, maxSize: 50 } as const;

const PLACEHOLDER_RE = /\uE000(\d+)\uE001/g;

const TEXT_ENV_TITLES: Record<string, string> = {
  proof: 'Proof', theorem: 'Theorem', lemma: 'Lemma', proposition: 'Proposition', corollary: 'Corollary',
  claim: 'Claim', definition: 'Definition', remark: 'Remark', example: 'Example', conjecture: 'Conjecture',
  solution: 'Solution', problem: 'Problem', exercise: 'Exercise', note: 'Note', case: 'Case',
};

interface KatexParseError extends Error {
  position?: number;
  length?: number;
  rawMessage?: string;
}

function renderMath(span: MathSpan, macros: MacroTable, errors: MathError[]): PreviewNode {
  try {
    const html = katex.renderToString(span.tex, {
      displayMode: span.display,
      throwOnError: true,
      trust: false,
      strict: 'ignore',
      output: 'htmlAndMathml',
      ...KATEX_LIMITS,
      macros: { ...macros }, // KaTeX writes \gdef results into this object: never share it
    });
    return { kind: 'math', html, display: span.display, srcStart: span.start, srcEnd: span.end };
  } catch (err) {
    const e = err as KatexParseError;
    const position = typeof e.position === 'number' ? e.position : 0;
    let length = typeof e.length === 'number' && e.length > 0 ? e.length : 1;
    // KaTeX's token for a control word swallows the space after it: mark only the word.
    while (length > 1 && /\s/.test(span.tex[position + length - 1] ?? '')) length--;
    const start = Math.min(span.texStart + position, span.end);
    const message = e.rawMessage ?? e.message ?? String(err);
    errors.push({ message, start, end: Math.min(start + length, Math.max(span.end, start + 1)) });
    return {
      kind: 'math-error', source: span.tex, message, display: span.display, srcStart: span.start, srcEnd: span.end,
    };
  }
}

function safeHref(url: string): string | undefined {
  return /^(https?:|mailto:)/i.test(url.trim()) ? url.trim() : undefined;
}

function expandPlaceholders(value: string, math: PreviewNode[]): PreviewNode[] {
  const out: PreviewNode[] = [];
  let last = 0;
  PLACEHOLDER_RE.lastIndex = 0;
  for (let m = PLACEHOLDER_RE.exec(value); m; m = PLACEHOLDER_RE.exec(value)) {
    if (m.index > last) out.push({ kind: 'text', value: value.slice(last, m.index) });
    out.push(math[Number(m[1])]);
    last = m.index + m[0].length;
  }
  if (last < value.length) out.push({ kind: 'text', value: value.slice(last) });
  return out;
}

/** Inside code the math was never math: put the source back. */
function restoreSource(value: string, spans: MathSpan[], text: string): string {
  return value.replace(PLACEHOLDER_RE, (_, n: string) => text.slice(spans[Number(n)].start, spans[Number(n)].end));
}

function convert(node: MdNode, ctx: { math: PreviewNode[]; spans: MathSpan[]; text: string }): PreviewNode[] {
  const kids = (n: { children: MdNode[] }) => n.children.flatMap((c) => convert(c, ctx));
  const el = (tag: PreviewTag, children: PreviewNode[], extra: Partial<Extract<PreviewNode, { kind: 'el' }>> = {}): PreviewNode[] =>
    [{ kind: 'el', tag, children, ...extra }];
  switch (node.type) {
    case 'root': return kids(node);
    case 'paragraph': return el('p', kids(node));
    case 'heading': return el(`h${node.depth}` as PreviewTag, kids(node));
    case 'text': return expandPlaceholders(node.value, ctx.math);
    case 'emphasis': return el('em', kids(node));
    case 'strong': return el('strong', kids(node));
    case 'delete': return el('del', kids(node));
    case 'inlineCode': return el('code', [{ kind: 'text', value: restoreSource(node.value, ctx.spans, ctx.text) }]);
    case 'code': return el('pre', el('code', [{ kind: 'text', value: restoreSource(node.value, ctx.spans, ctx.text) }]));
    case 'list': return el(node.ordered ? 'ol' : 'ul', kids(node), node.ordered && node.start != null ? { start: node.start } : {});
    case 'listItem': return el('li', kids(node));
    case 'blockquote': return el('blockquote', kids(node));
    case 'thematicBreak': return el('hr', []);
    case 'break': return el('br', []);
    case 'link': return el('a', kids(node), { href: safeHref(node.url) });
    case 'image': return el('span', [{ kind: 'text', value: `[image: ${node.alt ?? ''}]` }], { className: 'pw-image-alt' });
    // Raw HTML from the document or a model is shown as the text it is, never interpreted.
    case 'html': return [{ kind: 'text', value: restoreSource(node.value, ctx.spans, ctx.text) }];
    case 'definition': return [];
    default:
      return 'children' in node ? el('span', kids(node as { children: MdNode[] })) : [];
  }
}

function renderEnvironmentLine(text: string, kind: 'env-open' | 'env-close'): PreviewNode[] {
  const m = /\\(?:begin|end)\{([A-Za-z*]+)\}(?:\[([^\]\n]*)\])?/.exec(text);
  const name = m?.[1] ?? '';
  const base = name.replace(/\*$/, '');
  if (kind === 'env-close') {
    return base === 'proof'
      ? [{ kind: 'el', tag: 'div', className: 'pw-qed', children: [{ kind: 'text', value: '∎' }] }]
      : [{ kind: 'el', tag: 'div', className: 'pw-env-end', children: [] }];
  }
  const title = TEXT_ENV_TITLES[base] ?? base.charAt(0).toUpperCase() + base.slice(1);
  const label: PreviewNode = { kind: 'el', tag: base === 'proof' ? 'em' : 'strong', children: [{ kind: 'text', value: title }] };
  const note: PreviewNode[] = m?.[2] ? [{ kind: 'text', value: ` (${m[2]})` }] : [];
  return [{ kind: 'el', tag: 'div', className: `pw-env-title pw-env-${base}`, children: [label, ...note, { kind: 'text', value: '.' }] }];
}

/** `\section{Title}` → `# Title`, so LaTeX sectioning renders like a Markdown heading. */
function latexHeadingToMarkdown(text: string): string {
  const m = /^\\(part|chapter|section|subsection|subsubsection|paragraph)\*?\{(.*)\}\s*$/s.exec(text);
  if (!m) return text;
  const depth = { part: 1, chapter: 1, section: 2, subsection: 3, subsubsection: 4, paragraph: 5 }[m[1]] ?? 2;
  return `${'#'.repeat(depth)} ${m[2]}`;
}

export function renderBlock(text: string, kind: BlockKind, macros: MacroTable): RenderedBlock {
  if (kind === 'env-open' || kind === 'env-close') return { nodes: renderEnvironmentLine(text, kind), errors: [] };
  if (kind === 'macros' || kind === 'preamble') {
    const names = Object.keys(macros).length;
    return {
      nodes: [{ kind: 'el', tag: 'div', className: 'pw-macros', children: [{ kind: 'text', value: kind === 'preamble' ? `Preamble (${names} macros)` : 'Macro definitions' }] }],
      errors: [],
    };
  }
  const errors: MathError[] = [];
  const source = kind === 'heading' ? latexHeadingToMarkdown(text) : text;
  // Heading rewriting shifts offsets; math in LaTeX headings is rare, and errors there map to the block start.
  const shift = source === text ? 0 : -1;
  const spans = kind === 'code' ? [] : findMath(source);
  const math = spans.map((s) => renderMath(s, macros, errors));
  if (shift) for (const e of errors) { e.start = 0; e.end = Math.min(1, text.length); }
  let masked = '';
  let last = 0;
  spans.forEach((s, n) => {
    masked += source.slice(last, s.start) + `\uE000${n}\uE001`;
    last = s.end;
  });
  masked += source.slice(last);
  const tree = fromMarkdown(masked);
  return { nodes: convert(tree, { math, spans, text: source }), errors };
}
