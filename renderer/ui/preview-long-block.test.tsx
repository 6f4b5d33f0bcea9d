// A paragraph of 75,000 formulas (a 1.9 MB line) is 150,000 pieces in one preview block: drawn, not
// "This block could not be shown (Maximum call stack size exceeded)" (spread into one createElement call).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PreviewNode } from '../preview/renderBlock';
import { BlockBoundary, PreviewContent } from './PreviewNodes';

describe('a preview block with 150,000 pieces', () => {
  it('is drawn whole, in order', () => {
    const children: PreviewNode[] = [];
    for (let i = 0; i < 75_000; i++) children.push({ kind: 'text', value: `Then ${i} ` }, { kind: 'math', html: `<b>${i}</b>`, display: false, srcStart: i, srcEnd: i + 1 });
    const nodes: PreviewNode[] = [{ kind: 'el', tag: 'p', children }];
    const html = renderToStaticMarkup(createElement(BlockBoundary, { source: 'x', children: createElement(PreviewContent, { nodes }) }));
    expect(html).not.toContain('could not be shown');
    expect(html.match(/<b>/g)).toHaveLength(75_000);
    expect(html.indexOf('Then 74999 ')).toBeGreaterThan(html.indexOf('<b>74998</b>'));
  });
});
