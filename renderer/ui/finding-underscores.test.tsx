// Finding messages quoting identifiers keep their underscores (review: `window.__x` and `__init__` were
// shown as "window.x" and a bold "init", because model findings are read as Markdown). Checked on the
// HTML the workbench's cards (RichText) and Problems list (MessageText) draw; the report shows the same
// text (app/report/finding-underscores.test.ts).
import { parse } from 'parse5';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { literalIdentifierUnderscores } from '../../app/common/finding-markdown';
import { UNDERSCORE_CASES as CASES } from '../../app/common/tex/cases/finding-underscores';
import { MessageText, RichText } from './AnnotationCell';

interface HtmlNode { nodeName: string; attrs?: { name: string; value: string }[]; childNodes?: HtmlNode[]; value?: string }
const cls = (n: HtmlNode) => n.attrs?.find((a) => a.name === 'class')?.value ?? '';
/** What a reader sees of an element: its text, typeset formulas as <math>, emphasis marked *…*. */
function visible(n: HtmlNode): string {
  if (cls(n).split(/\s+/).includes('katex')) return '<math>';
  if (n.nodeName === '#text') return n.value ?? '';
  const inner = (n.childNodes ?? []).map(visible).join('');
  return n.nodeName === 'strong' || n.nodeName === 'em' ? `*${inner}*` : n.nodeName === 'code' ? `\`${inner}\`` : inner;
}

/** The card's message as a reader sees it. */
const card = (text: string) => visible(parse(renderToStaticMarkup(createElement(RichText, { text }))) as unknown as HtmlNode).trim();

describe('identifiers with underscores in finding messages', () => {
  it.each(CASES)('the card shows %j as written', (message, shown) => {
    expect(card(message)).toBe(shown);
  });
  it('the Problems list (plain text with math, no Markdown) shows them as written too', () => {
    const problems = (text: string) => visible(parse(renderToStaticMarkup(createElement(MessageText, { message: text }))) as unknown as HtmlNode).trim();
    expect(problems('Calls __init__ on window.__x; `a__b` is $a_1$.')).toBe('Calls __init__ on window.__x; `a__b` is <math>.');
  });
  it('never adds HTML: a message with tags stays text', () => {
    expect(literalIdentifierUnderscores('<b>__x</b>')).toBe('<b>\\_\\_x</b>');
    expect(card('<img src=x onerror=alert(1)> __init__')).toBe('<img src=x onerror=alert(1)> __init__');
  });
});
