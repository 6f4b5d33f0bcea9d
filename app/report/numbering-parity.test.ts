// The exported report and the live preview show the same equation numbers and the same references
// (app/common/tex/numbering.ts, one copy for both): LaTeX's numbers counted over the whole document,
// `\eqref{k}` as (n), `\ref{k}` as n, ?? for an unknown key. Before, the report let KaTeX number each
// formula with its CSS counter (every display from (1)) and blanked every reference.
import { describe, expect, it } from 'vitest';
import type { DocumentFormat } from '../common/proof';
import { parseProof } from '../proof';
import { PreviewRenderer } from '../../renderer/preview/incremental';
import type { PreviewNode } from '../../renderer/preview/renderBlock';
import { renderReport } from './html';
import { attr, findAll, parseHtml, textOf } from './testing/chart-reader';

const MARKDOWN = [
  'Before its label: R1 \\eqref{eq:b}; and in math M1 $x = \\ref{eq:c}$;',
  '\\begin{align}\na &= b \\label{eq:a} \\\\\nc &= d \\label{eq:b}\n\\end{align}',
  'Then an equation:',
  '\\begin{equation}\ne = f \\label{eq:c}\n\\end{equation}',
  '$$\\begin{align*}\ng &= h \\\\\ni &= j\n\\end{align*}$$',
  '\\begin{align}\nk &= l \\nonumber \\\\\nm &= n \\label{eq:d} \\\\\no &= p \\tag{A} \\label{eq:tag}\n\\end{align}',
  'R2 \\eqref{eq:a}; R3 \\ref{eq:b}; R4 \\eqref{eq:c}; R5 \\ref{eq:d}; R6 \\eqref{eq:tag}; R7 \\ref{eq:nope}; M2 $\\eqref{eq:d}$;',
].join('\n\n');

const TEX = `\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n${MARKDOWN.replace(/\$\$\\begin\{align\*\}([\s\S]*?)\\end\{align\*\}\$\$/, '\\begin{align*}$1\\end{align*}')}\n\\end{document}\n`;

/** What a reader sees: every equation number KaTeX's tags show, in order, and each marked reference (`R1 …;`). */
function visible(html: string): { tags: string[]; refs: string[] } {
  const page = parseHtml(`<body>${html}</body>`);
  const hasClass = (n: Parameters<typeof attr>[0], c: string) => (attr(n, 'class') ?? '').split(/\s+/).includes(c);
  // KaTeX sets a display's tags in one `.tag` column, a row's tag after another: "(1)(2)".
  const tags = findAll(page, (n) => hasClass(n, 'tag')).flatMap((n) => [...textOf(n).matchAll(/\([^()]*\)/g)].map((m) => m[0]));
  // MathML repeats each formula for screen readers: read the typeset (katex-html) part only.
  for (const mathml of findAll(page, (n) => hasClass(n, 'katex-mathml'))) mathml.childNodes = [];
  const text = textOf(page).replace(/\s+/g, ' ');
  const refs = [...text.matchAll(/\b([RM]\d) ([^;]*);/g)].map((m) => `${m[1]} ${m[2].trim()}`);
  return { tags, refs };
}

function reportHtml(text: string, format: DocumentFormat): string {
  const doc = parseProof(text, format);
  const html = renderReport({
    title: 'parity', generatedAt: new Date(0), settings: {},
    entries: [{ name: `proof.${format === 'tex' ? 'tex' : 'md'}`, problem: 'Show it.', doc, result: null }],
  });
  return html.slice(html.indexOf('<div class="steps">'), html.lastIndexOf('</section>'));
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' })[c]};`);

/** The preview's rows as the HTML the workbench builds from them (math: KaTeX's HTML as is). */
function previewHtml(text: string): string {
  const state = new PreviewRenderer().update(text);
  expect(state.errors).toEqual([]);
  const html = (n: PreviewNode): string =>
    n.kind === 'text' ? escape(n.value)
      : n.kind === 'math' ? n.html
        : n.kind === 'math-error' ? escape(n.source)
          : `<${n.tag}>${n.children.map(html).join('')}</${n.tag}>`;
  return state.blocks.map((b) => `<div>${b.rendered.nodes.map(html).join('')}</div>`).join('\n');
}

const EXPECTED = {
  // align (2 rows), equation, align* (none), align: \nonumber row none, then 4, then the \tag.
  tags: ['(1)', '(2)', '(3)', '(4)', '(A)'],
  refs: ['R1 (2)', 'M1 x=3', 'R2 (1)', 'R3 2', 'R4 (3)', 'R5 4', 'R6 (A)', 'R7 ??', 'M2 (4)'],
};

describe('equation numbers: report and preview agree', () => {
  for (const format of ['markdown', 'tex'] as const) {
    it(`shows the same numbers and references in the same order (${format})`, () => {
      const text = format === 'tex' ? TEX : MARKDOWN;
      const report = reportHtml(text, format);
      expect(visible(report)).toEqual(EXPECTED);
      expect(visible(previewHtml(text))).toEqual(visible(report));
      // No reference is left as source or blanked out.
      expect(report).not.toMatch(/\\(eq)?ref/);
    });
  }
});
