// LaTeX lists, as every surface must show them: an enumerate's `\item`s numbered (an `\item[label]` shows
// its label and is not counted, as in LaTeX), an itemize's as bullets, and no `\item` left as source. The
// HTML report (app/report/lists-parity.test.ts) and the preview (renderer/preview/lists.test.ts) are both
// held to LISTS_EXPECTED, so they agree. Test data only.
import { parse } from 'parse5';

/** A .tex proof with a section, an enumerate with a labelled item, and an itemize. */
export const LISTS_TEX = [
  '\\documentclass{article}',
  '\\begin{document}',
  '\\section{Setup}',
  'We argue in three steps.',
  '\\begin{enumerate}',
  '\\item First, $x^2 \\ge 0$ since squares are nonnegative.',
  '\\item[(b)] A labelled step: $x^2 = |x|^2$.',
  '\\item Second, $x^2 = 0$ only when $x = 0$.',
  '\\end{enumerate}',
  '\\begin{itemize}',
  '\\item A remark in a bullet.',
  '\\end{itemize}',
  'Hence the claim.',
  '\\end{document}',
  '',
].join('\n');

/** One list item as a reader sees it: its marker (a number, or • for a bullet) and its text. */
export interface VisibleItem {
  marker: string;
  text: string;
}

/** What LISTS_TEX shows, on every surface (math as <math>). */
export const LISTS_EXPECTED: VisibleItem[] = [
  { marker: '1', text: 'First, <math> since squares are nonnegative.' },
  { marker: '•', text: '(b) A labelled step: <math>.' },
  { marker: '2', text: 'Second, <math> only when <math>.' },
  { marker: '•', text: 'A remark in a bullet.' },
];

interface HtmlNode {
  nodeName: string;
  attrs?: { name: string; value: string }[];
  childNodes?: HtmlNode[];
  value?: string;
}

const attr = (n: HtmlNode, name: string) => n.attrs?.find((a) => a.name === name)?.value;
const hasClass = (n: HtmlNode, c: string) => (attr(n, 'class') ?? '').split(/\s+/).includes(c);
const textOf = (n: HtmlNode): string =>
  hasClass(n, 'katex') ? '<math>' : n.nodeName === '#text' ? n.value ?? '' : (n.childNodes ?? []).map(textOf).join('');

/** The list items in a surface's HTML (parsed as a browser does), each with the marker a browser draws. */
export function visibleItems(html: string): VisibleItem[] {
  const out: VisibleItem[] = [];
  const walk = (n: HtmlNode) => {
    if (n.nodeName === 'ol' || n.nodeName === 'ul') {
      const items = (n.childNodes ?? []).filter((c) => c.nodeName === 'li');
      const start = Number(attr(n, 'start') ?? 1);
      items.forEach((li, i) => {
        // An item wrapping a nested list for indentation only (the preview's pw-list-parent) has no marker.
        if (!hasClass(li, 'pw-list-parent')) {
          const own = (li.childNodes ?? []).filter((c) => c.nodeName !== 'ol' && c.nodeName !== 'ul');
          out.push({ marker: n.nodeName === 'ol' ? String(start + i) : '•', text: own.map(textOf).join('').replace(/\s+/g, ' ').trim() });
        }
        for (const c of li.childNodes ?? []) walk(c);
      });
      return;
    }
    for (const c of n.childNodes ?? []) walk(c);
  };
  walk(parse(`<body>${html}</body>`) as unknown as HtmlNode);
  return out;
}
