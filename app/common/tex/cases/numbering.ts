// Equation numbers and references, as every surface must show them (LaTeX/amsmath, counted over the
// whole document: app/common/tex/numbering.ts). One document, in Markdown and in LaTeX, and what a reader
// sees in it; the HTML report (app/report/numbering-parity.test.ts) and the preview
// (renderer/preview/numbering.test.ts) are both held to NUMBERING_EXPECTED, so they agree. Test data only.
import { parse } from 'parse5';

/** Two align rows, an equation, an align*, a \nonumber row, a \tag{A}; refs before and after labels, one unknown. */
export const NUMBERING_MARKDOWN = [
  'Before its label: R1 \\eqref{eq:b}; and in math M1 $x = \\ref{eq:c}$;',
  '\\begin{align}\na &= b \\label{eq:a} \\\\\nc &= d \\label{eq:b}\n\\end{align}',
  'Then an equation:',
  '\\begin{equation}\ne = f \\label{eq:c}\n\\end{equation}',
  // `$$` fences on lines of their own: mdast (the report's steps) reads `$$\begin{…}` as a fence line.
  '$$\n\\begin{align*}\ng &= h \\\\\ni &= j\n\\end{align*}\n$$',
  '\\begin{align}\nk &= l \\nonumber \\\\\nm &= n \\label{eq:d} \\\\\no &= p \\tag{A} \\label{eq:tag}\n\\end{align}',
  'R2 \\eqref{eq:a}; R3 \\ref{eq:b}; R4 \\eqref{eq:c}; R5 \\ref{eq:d}; R6 \\eqref{eq:tag}; R7 \\ref{eq:nope}; M2 $\\eqref{eq:d}$;',
].join('\n\n');

/** The same document as a .tex proof. */
export const NUMBERING_TEX = `\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n${NUMBERING_MARKDOWN.replace(/\$\$\n(\\begin\{align\*\}[\s\S]*?\\end\{align\*\})\n\$\$/, '$1')}\n\\end{document}\n`;

interface HtmlNode {
  nodeName: string;
  attrs?: { name: string; value: string }[];
  childNodes?: HtmlNode[];
  value?: string;
}

const hasClass = (n: HtmlNode, c: string) => (n.attrs?.find((a) => a.name === 'class')?.value ?? '').split(/\s+/).includes(c);
const textOf = (n: HtmlNode): string => (n.nodeName === '#text' ? n.value ?? '' : (n.childNodes ?? []).map(textOf).join(''));
function findAll(root: HtmlNode, test: (n: HtmlNode) => boolean, out: HtmlNode[] = []): HtmlNode[] {
  if (test(root)) out.push(root);
  for (const c of root.childNodes ?? []) findAll(c, test, out);
  return out;
}

/**
 * What a reader sees in the HTML of a surface (parsed as a browser does, with parse5): every equation
 * number KaTeX's tags show, in order, and each marked reference (`R1 …;` in prose, `M1 …;` in math).
 */
export function visibleNumbers(html: string): { tags: string[]; refs: string[] } {
  const page = parse(`<body>${html}</body>`) as unknown as HtmlNode;
  // KaTeX sets a display's tags in one `.tag` column, a row's tag after another: "(1)(2)". (Numbers from
  // KaTeX's own CSS counter are no text at all: a surface that relies on them shows none here.)
  const tags = findAll(page, (n) => hasClass(n, 'tag')).flatMap((n) => [...textOf(n).matchAll(/\([^()]*\)/g)].map((m) => m[0]));
  // MathML repeats each formula for screen readers: read the typeset (katex-html) part only.
  for (const mathml of findAll(page, (n) => hasClass(n, 'katex-mathml'))) mathml.childNodes = [];
  const text = textOf(page).replace(/\s+/g, ' ');
  const refs = [...text.matchAll(/\b([RM]\d) ([^;]*);/g)].map((m) => `${m[1]} ${m[2].trim()}`);
  return { tags, refs };
}

/** What NUMBERING_MARKDOWN and NUMBERING_TEX show, on every surface. */
export const NUMBERING_EXPECTED = {
  // align (2 rows), equation, align* (none), align: \nonumber row none, then 4, then the \tag.
  tags: ['(1)', '(2)', '(3)', '(4)', '(A)'],
  refs: ['R1 (2)', 'M1 x=3', 'R2 (1)', 'R3 2', 'R4 (3)', 'R5 4', 'R6 (A)', 'R7 ??', 'M2 (4)'],
};
