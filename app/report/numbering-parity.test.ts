// The exported report shows the equation numbers and references the preview shows (the shared case
// app/common/tex/cases/numbering.ts; renderer/preview/numbering.test.ts holds the preview to the same):
// LaTeX's numbers counted over the whole proof, `\\eqref{k}` as (n), `\\ref{k}` as n, ?? for an unknown
// key. Before, the report let KaTeX number each formula with its CSS counter (every display from (1))
// and showed or blanked every reference. Both the app's export and `verify --report` build it here.
import { describe, expect, it } from 'vitest';
import { NUMBERING_EXPECTED, NUMBERING_MARKDOWN, NUMBERING_TEX, visibleNumbers } from '../common/tex/cases/numbering';
import type { DocumentFormat } from '../common/proof';
import { parseProof } from '../proof';
import { renderReport } from './html';

/** The proof part of a report (steps), as the report page shows it. */
function reportHtml(text: string, format: DocumentFormat): string {
  const doc = parseProof(text, format);
  const html = renderReport({
    title: 'numbers', generatedAt: new Date(0), settings: {},
    entries: [{ name: `proof.${format === 'tex' ? 'tex' : 'md'}`, problem: 'Show it.', doc, result: null }],
  });
  return html.slice(html.indexOf('<div class="steps">'), html.lastIndexOf('</section>'));
}

describe('equation numbers in the report', () => {
  for (const format of ['markdown', 'tex'] as const) {
    it(`shows the numbers and references the preview shows (${format})`, () => {
      const report = reportHtml(format === 'tex' ? NUMBERING_TEX : NUMBERING_MARKDOWN, format);
      expect(visibleNumbers(report)).toEqual(NUMBERING_EXPECTED);
      // No reference is left as source.
      expect(report).not.toMatch(/\\(eq)?ref/);
    });
  }

  it('shows a \\tag text a reference repeats as text, never as HTML', () => {
    const report = reportHtml('\\begin{equation}\nx \\tag{<b>T</b>} \\label{t}\n\\end{equation}\n\nSee \\eqref{t}.', 'markdown');
    expect(report).toContain('See (&lt;b&gt;T&lt;/b&gt;).');
    expect(report).not.toContain('<b>');
  });
});
