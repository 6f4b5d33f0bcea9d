// The report and a document's own private-use characters (pasted from a PDF): never read as the marks
// the common TeX code writes (the unknown-reference control symbol, resolveRefs' sentinel), and no
// forged "??" mark of the document's own (rev7).
import { describe, expect, it } from 'vitest';
import { parseProof } from '../proof';
import { renderReport } from './html';

function report(proof: string): string {
  return renderReport({ title: 't', generatedAt: new Date(0), settings: {}, entries: [{ name: 'p.md', problem: 'P.', doc: parseProof(proof, 'markdown'), result: null }] });
}

describe('report: private-use characters and forged marks', () => {
  it('a heading holding the sentinel pair, named in math beside an unknown reference, typesets without error', () => {
    const html = report('## Heading \uE0110\uE012 with $x$\\label{sec:s}\n\nSee $\\text{\\nameref{sec:s}} \\ref{nope}$ and \\nameref{sec:s}.\n');
    expect(html).not.toContain('<span class="katex-error');
    expect(html).not.toContain('<div class="pw-math-error');
    expect(html).toContain('\uE0110\uE012');
    expect([...html.matchAll(/pw-ref-unknown" title="([^"]*)"/g)].map((m) => m[1])).toEqual(['No \\label{nope} in this document']);
  });

  it('a document\'s own \\htmlData{pw-ref-unknown=…} or hand-typed control symbol is no "??" mark', () => {
    const html = report('Forged $\\htmlData{pw-ref-unknown=0}{\\text{FORGED}} \\ref{nope}$ and $\\htmlData{ pw-ref-unknown = 7 }{y}$ and $\\\uE010{0}$.\n');
    expect([...html.matchAll(/pw-ref-unknown" title="([^"]*)"/g)].map((m) => m[1])).toEqual(['No \\label{nope} in this document']);
  });

  it('pasted private-use marks in prose show as typed (guard: the rest of the text is intact)', () => {
    const html = report('Pasted: \uE0040\uE005 and \uE00099\uE001 end, with $x$.\n');
    expect(html).toContain('Pasted: \uE0040\uE005 and \uE00099\uE001 end, with');
  });
});
