// Lists, as every surface must show them: an enumerate's `\item`s numbered, an itemize's as bullets, an
// `\item[label]` and a description's items with their label and no bullet or number (a description's
// label bold, as LaTeX sets it), no `\item` left as source; nested lists (Markdown and LaTeX) and a list
// item's later paragraphs indented inside their item. The HTML report (app/report/lists-parity.test.ts)
// and the preview (renderer/preview/lists.test.ts) are both held to LIST_CASES, so they agree. Test data only.
import { parse } from 'parse5';

/** A .tex proof with a section, an enumerate with a nested itemize, labels, a later paragraph and a description. */
export const LISTS_TEX = [
  '\\documentclass{article}',
  '\\begin{document}',
  '\\section{Setup}',
  'We argue in three steps.',
  '\\begin{enumerate}',
  '\\item First, $x^2 \\ge 0$ since squares are nonnegative.',
  '\\begin{itemize}',
  '\\item A bullet inside the first step.',
  '\\item[$\\ast$] A labelled bullet.',
  '\\end{itemize}',
  '',
  'A later paragraph of the first step.',
  '\\item[(b)] A labelled step: $x^2 = |x|^2$.',
  '\\item Second, $x^2 = 0$ only when $x = 0$.',
  '\\end{enumerate}',
  '\\begin{itemize}',
  '\\item A remark in a bullet.',
  '\\end{itemize}',
  '\\begin{description}',
  '\\item[Square] a number times itself.',
  '\\item An item without a label.',
  '\\end{description}',
  'Hence the claim.',
  '\\end{document}',
  '',
].join('\n');

/** A Markdown proof with nested lists and later paragraphs of items (at the item's content column). */
export const LISTS_MARKDOWN = [
  '1. Case one, $x \\ge 0$.',
  '',
  '   More about case one.',
  '',
  '   - sub a',
  '     - sub sub',
  '   - sub b',
  '',
  '     Later paragraph of sub b.',
  '',
  '2. Case two',
  '',
].join('\n');

/**
 * One list item or later paragraph of an item as a reader sees it: its marker (a number, • for a bullet,
 * '' for none: a labelled or description item, or a later paragraph), how many lists deep it is indented,
 * and its text (math as <math>, bold as **…**, code as `…`).
 */
export interface VisibleItem {
  marker: string;
  depth: number;
  text: string;
}

/** What LISTS_TEX shows, on every surface. */
export const LISTS_EXPECTED: VisibleItem[] = [
  { marker: '1', depth: 1, text: 'First, <math> since squares are nonnegative.' },
  { marker: '•', depth: 2, text: 'A bullet inside the first step.' },
  { marker: '', depth: 2, text: '<math> A labelled bullet.' },
  { marker: '', depth: 1, text: 'A later paragraph of the first step.' },
  { marker: '', depth: 1, text: '(b) A labelled step: <math>.' },
  { marker: '2', depth: 1, text: 'Second, <math> only when <math>.' },
  { marker: '•', depth: 1, text: 'A remark in a bullet.' },
  { marker: '', depth: 1, text: '**Square** a number times itself.' },
  { marker: '', depth: 1, text: 'An item without a label.' },
];

/** What LISTS_MARKDOWN shows, on every surface (CommonMark's nesting). */
export const LISTS_MARKDOWN_EXPECTED: VisibleItem[] = [
  { marker: '1', depth: 1, text: 'Case one, <math>.' },
  { marker: '', depth: 1, text: 'More about case one.' },
  { marker: '•', depth: 2, text: 'sub a' },
  { marker: '•', depth: 3, text: 'sub sub' },
  { marker: '•', depth: 2, text: 'sub b' },
  { marker: '', depth: 2, text: 'Later paragraph of sub b.' },
  { marker: '2', depth: 1, text: 'Case two' },
];

/**
 * A Markdown proof typed with tabs after the markers (`1.<tab>`, `-<tab>`: editors that insert a tab): a
 * tab after `1.` reaches column 4, the item's content column, so a later paragraph indented by one tab is
 * the item's (CommonMark). The preview counted the tab as four more columns and showed it as code.
 */
export const LISTS_TABS = '1.\tCase one, $x \\ge 0$.\n\n\tMore about case one.\n\n2.\tCase two\n\n-\tA remark.\n\n\tIts second paragraph.\n';

/** What LISTS_TABS shows, on every surface. */
export const LISTS_TABS_EXPECTED: VisibleItem[] = [
  { marker: '1', depth: 1, text: 'Case one, <math>.' },
  { marker: '', depth: 1, text: 'More about case one.' },
  { marker: '2', depth: 1, text: 'Case two' },
  { marker: '•', depth: 1, text: 'A remark.' },
  { marker: '', depth: 1, text: 'Its second paragraph.' },
];

/** Every shared list case: the proof, its format and what it shows. */
export const LIST_CASES: { name: string; text: string; format: 'tex' | 'markdown'; expected: VisibleItem[] }[] = [
  { name: 'LaTeX lists', text: LISTS_TEX, format: 'tex', expected: LISTS_EXPECTED },
  { name: 'Markdown nested lists', text: LISTS_MARKDOWN, format: 'markdown', expected: LISTS_MARKDOWN_EXPECTED },
  { name: 'Markdown items with tabs', text: LISTS_TABS, format: 'markdown', expected: LISTS_TABS_EXPECTED },
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
  hasClass(n, 'katex') ? '<math>'
    : n.nodeName === '#text' ? n.value ?? ''
      : n.nodeName === 'strong' ? `**${(n.childNodes ?? []).map(textOf).join('')}**`
        // Code shows as code: a later paragraph indented past its item's content would read as code.
        : n.nodeName === 'code' ? `\`${(n.childNodes ?? []).map(textOf).join('')}\``
        : (n.childNodes ?? []).map(textOf).join('');

/** Elements that start a block of their own inside a list item (a later paragraph, a display, code). */
const BLOCK_TAGS = new Set(['p', 'pre', 'div', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/**
 * The list items in a surface's HTML (parsed as a browser does), each with the marker a browser draws
 * (none for `pw-item-unmarked`, whose style hides it) and how many lists deep it sits; each later block
 * of an item (a second paragraph) is an entry of its own without a marker, as the preview's rows show it.
 */
export function visibleItems(html: string): VisibleItem[] {
  const out: VisibleItem[] = [];
  const push = (marker: string, depth: number, nodes: HtmlNode[]) => {
    const text = nodes.map(textOf).join('').replace(/\s+/g, ' ').trim();
    if (text !== '' || marker !== '') out.push({ marker, depth, text });
  };
  const walk = (n: HtmlNode, depth: number) => {
    if (n.nodeName === 'ol' || n.nodeName === 'ul') {
      const items = (n.childNodes ?? []).filter((c) => c.nodeName === 'li');
      const start = Number(attr(n, 'start') ?? 1);
      items.forEach((li, i) => {
        // Its own content, cut into blocks: inline text before the first block element is one.
        const blocks: HtmlNode[][] = [[]];
        for (const c of li.childNodes ?? []) {
          if (c.nodeName === 'ol' || c.nodeName === 'ul') continue;
          if (BLOCK_TAGS.has(c.nodeName)) blocks.push([c], []);
          else blocks[blocks.length - 1].push(c);
        }
        const own = blocks.filter((b) => b.map(textOf).join('').trim() !== '');
        // An item wrapping a nested row for indentation only (the pw-list-parent of listNesting) has no marker.
        const marker = hasClass(li, 'pw-list-parent') || hasClass(li, 'pw-item-unmarked') ? '' : n.nodeName === 'ol' ? String(start + i) : '•';
        if (!hasClass(li, 'pw-list-parent')) push(marker, depth + 1, own.shift() ?? []);
        for (const b of own) push('', depth + 1, b);
        for (const c of li.childNodes ?? []) walk(c, depth + 1);
      });
      return;
    }
    for (const c of n.childNodes ?? []) walk(c, depth);
  };
  walk(parse(`<body>${html}</body>`) as unknown as HtmlNode, 0);
  return out;
}
