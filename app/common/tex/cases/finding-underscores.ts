// Finding messages quoting identifiers, and what a reader must see of them (`*…*` marks emphasis,
// `<math>` a typeset formula): shared by the cards' test (renderer/ui/finding-underscores.test.tsx) and
// the report's (app/report/finding-underscores.test.ts), so both surfaces are held to the same text.
import { parse } from 'parse5';
export const UNDERSCORE_CASES: [message: string, shown: string][] = [
  ['The proof reads window.__x before it is set, and window.__y__ too.', 'The proof reads window.__x before it is set, and window.__y__ too.'],
  ['Calls __init__ twice; a__b is never defined.', 'Calls __init__ twice; a__b is never defined.'],
  ['In code: `window.__x` and `__init__` and ``a `__` b``.', 'In code: `window.__x` and `__init__` and `a `__` b`.'],
  ['Math stays math: $a_1 + a_2$, and **bold** and _emphasis_ stay.', 'Math stays math: <math>, and *bold* and *emphasis* stay.'],
  ['An escaped \\_\\_x stays, snake_case_name too.', 'An escaped __x stays, snake_case_name too.'],
];

interface HtmlNode { nodeName: string; attrs?: { name: string; value: string }[]; childNodes?: HtmlNode[]; value?: string }
const classOf = (n: HtmlNode) => n.attrs?.find((a) => a.name === 'class')?.value ?? '';
/** What a reader sees of an element: its text, typeset formulas as <math>, emphasis marked *…*, code in backticks. */
function visible(n: HtmlNode): string {
  if (classOf(n).split(/\s+/).includes('katex')) return '<math>';
  if (n.nodeName === '#text') return n.value ?? '';
  const inner = (n.childNodes ?? []).map(visible).join('');
  return n.nodeName === 'strong' || n.nodeName === 'em' ? `*${inner}*` : n.nodeName === 'code' ? `\`${inner}\`` : inner;
}
function find(n: HtmlNode, pred: (n: HtmlNode) => boolean): HtmlNode[] {
  return [...(pred(n) ? [n] : []), ...(n.childNodes ?? []).flatMap((c) => find(c, pred))];
}

/**
 * What a reader sees of `html` in the shape UNDERSCORE_CASES gives (`*…*` emphasis, `<math>` formulas):
 * the whole fragment, or with `className` the elements of that class joined by `|`.
 */
export function readerText(html: string, className?: string): string {
  const root = parse(html) as unknown as HtmlNode;
  const nodes = className === undefined ? [root] : find(root, (n) => classOf(n) === className);
  return nodes.map(visible).join('|').trim();
}
