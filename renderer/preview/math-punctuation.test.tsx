// A stop or comma right after inline math never starts a line alone (review 9, finding 11): the preview
// wraps an inline formula and the punctuation after it in one no-wrap span (app/common/tex/math-punctuation.ts,
// the report does the same: app/report/markdown.test.ts). Checked on the HTML the workbench draws.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PreviewContent } from '../ui/PreviewNodes';
import { renderBlock } from './renderBlock';

const TEXT = 'Hence $f(x) = cx$ for all $x \\in \\mathbb{R}$. With $c = f(1)$, as claimed; and $y$ then.';

/** The preview's HTML for a paragraph, as the workbench draws it. */
const previewHtml = (text: string) => renderToStaticMarkup(createElement(PreviewContent, { nodes: renderBlock(text, 'paragraph', {}).nodes }));

describe('inline math and the punctuation after it', () => {
  it('keeps a full stop or comma after inline math with the formula; a space or a word is not', () => {
    const html = previewHtml(TEXT);
    const wrapped = [...html.matchAll(/<span class="pw-math-nowrap">/g)].length;
    // "$x \in \mathbb{R}$." and "$c = f(1)$," are wrapped; "$f(x) = cx$ for" and "$y$ then" are not.
    expect(wrapped).toBe(2);
    // Each wrapper closes right after its punctuation; no stop or comma follows a formula outside one.
    expect(html).toMatch(/<\/span>\.<\/span> With/);
    expect(html).toMatch(/<\/span>,<\/span> as claimed/);
    expect(html).not.toMatch(/<\/span>[.,;]\s/);
    // Nothing lost: the text reads the same around the formulas.
    expect(html).toContain(' for all ');
    expect(html).toContain(' as claimed; and ');
  });

  it('a display formula is never wrapped, and neither is a formula shown as an error', () => {
    expect(previewHtml('See $$z = 1$$. And $\\frac{1$, then.')).not.toContain('pw-math-nowrap');
  });
});
