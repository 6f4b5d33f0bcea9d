// The exported report shows a LaTeX proof's lists as the preview shows them (the shared case
// app/common/tex/cases/lists.ts; renderer/preview/lists.test.ts holds the preview to the same). Before,
// the report showed every `\item` and `\item[(b)]` as source text inside a paragraph.
import { describe, expect, it } from 'vitest';
import { LIST_CASES, LISTS_TEX, visibleItems } from '../common/tex/cases/lists';
import { parseProof } from '../proof';
import { renderReport } from './html';

/** The steps part of a one-proof report of `text`. */
function reportSteps(text: string, format: 'tex' | 'markdown'): string {
  const html = renderReport({
    title: 'lists', generatedAt: new Date(0), settings: {},
    entries: [{ name: `proof.${format === 'tex' ? 'tex' : 'md'}`, problem: 'Show that $x^2 \\ge 0$.', doc: parseProof(text, format), result: null }],
  });
  return html.slice(html.indexOf('<div class="steps">'), html.lastIndexOf('</section>'));
}

describe('lists in the report', () => {
  it.each(LIST_CASES)('$name: numbered, bulleted, labelled and nested as the preview shows them', ({ text, format, expected }) => {
    expect(visibleItems(reportSteps(text, format))).toEqual(expected);
  });

  it('leaves no \\item or \\section as source', () => {
    const steps = reportSteps(LISTS_TEX, 'tex');
    expect(steps).not.toMatch(/\\(item|section)/);
    // Numbered as LaTeX numbers it (numbering.ts documentNumbers), as the preview shows it.
    expect(steps).toContain('<h2>1\u2002Setup</h2>');
  });

  it('hides the marker of an unmarked item and indents no list deeper than the cap (its style sheet)', () => {
    const html = renderReport({ title: 'lists', generatedAt: new Date(0), settings: {}, entries: [] });
    expect(html).toMatch(/\.pw-item-unmarked[^{]*\{[^}]*list-style: none/);
    expect(html).toMatch(/\.pw-list-flat \{ padding-left: 0; \}/);
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
    // LaTeX's command numbers it (the `#` heading is not numbered: Pandoc's default), as in the preview.
    expect(steps).toContain('<h2>1\u2002A LaTeX section</h2>');
    expect(steps).toContain('<h1>Proof</h1>');
  });
});
