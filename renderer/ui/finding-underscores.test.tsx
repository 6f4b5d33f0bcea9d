// Finding messages quoting identifiers keep their underscores (review: `window.__x` and `__init__` were
// shown as "window.x" and a bold "init", because model findings are read as Markdown). Checked on the
// HTML the workbench's cards (RichText) and Problems list (MessageText) draw; the report shows the same
// text (app/report/finding-underscores.test.ts).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { literalIdentifierUnderscores } from '../../app/common/finding-markdown';
import { readerText, UNDERSCORE_CASES as CASES } from '../../app/common/tex/cases/finding-underscores';
import { MessageText, RichText } from './AnnotationCell';

/** The card's message as a reader sees it. */
const card = (text: string) => readerText(renderToStaticMarkup(createElement(RichText, { text })));

describe('identifiers with underscores in finding messages', () => {
  it.each(CASES)('the card shows %j as written', (message, shown) => {
    expect(card(message)).toBe(shown);
  });
  it('the Problems list (plain text with math, no Markdown) shows them as written too', () => {
    const problems = (text: string) => readerText(renderToStaticMarkup(createElement(MessageText, { message: text })));
    expect(problems('Calls __init__ on window.__x; `a__b` is $a_1$.')).toBe('Calls __init__ on window.__x; `a__b` is <math>.');
  });
  it('never adds HTML: a message with tags stays text', () => {
    expect(literalIdentifierUnderscores('<b>__x</b>')).toBe('<b>\\_\\_x</b>');
    expect(card('<img src=x onerror=alert(1)> __init__')).toBe('<img src=x onerror=alert(1)> __init__');
  });
});
