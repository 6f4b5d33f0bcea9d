// The exported report shows a LaTeX proof's lists as the preview shows them (the shared case
// app/common/tex/cases/lists.ts; renderer/preview/lists.test.ts holds the preview to the same). Before,
// the report showed every `\item` and `\item[(b)]` as source text inside a paragraph.
import { describe, expect, it } from 'vitest';
import { LISTS_EXPECTED, LISTS_TEX, visibleItems } from '../common/tex/cases/lists';
import { parseProof } from '../proof';
import { renderReport } from './html';

describe('LaTeX lists in the report', () => {
  it('numbers an enumerate\'s items, shows labels and bullets, and leaves no \\item or \\section as source', () => {
    const doc = parseProof(LISTS_TEX, 'tex');
    const html = renderReport({
      title: 'lists', generatedAt: new Date(0), settings: {},
      entries: [{ name: 'proof.tex', problem: 'Show that $x^2 \\ge 0$.', doc, result: null }],
    });
    const steps = html.slice(html.indexOf('<div class="steps">'), html.lastIndexOf('</section>'));
    expect(visibleItems(steps)).toEqual(LISTS_EXPECTED);
    expect(steps).not.toMatch(/\\(item|section)/);
    expect(steps).toContain('<h2>Setup</h2>');
  });
});

describe('LaTeX sectioning in a Markdown proof', () => {
  // The preview shows `\section{…}` in a .md proof as a heading; the report printed it as source.
  it('is a heading in the report too', () => {
    const doc = parseProof('# Proof\n\nWe argue.\n\n\\section{A LaTeX section}\n\nDone.\n', 'markdown');
    const html = renderReport({
      title: 'md', generatedAt: new Date(0), settings: {},
      entries: [{ name: 'proof.md', problem: 'Show it.', doc, result: null }],
    });
    const steps = html.slice(html.indexOf('<div class="steps">'), html.lastIndexOf('</section>'));
    expect(steps).not.toContain('\\section');
    expect(steps).toContain('<h2>A LaTeX section</h2>');
  });
});
