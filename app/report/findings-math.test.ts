// The checker's findings in the HTML report show their formulas typeset, as the workbench's cards do:
// a reviewer found `\ge` and `\frac{a}{b}` as raw TeX beside the steps. Real checker, real report.
import { parse } from 'parse5';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../check';
import { parseProof } from '../proof';
import { renderReport } from './html';

const PROOF = 'We compute\n\n$$\\frac{1}{2} \\ge \\frac{2}{3}$$\n\nand, for the record, \\( x is left open.\n';

interface HtmlNode { nodeName: string; attrs?: { name: string; value: string }[]; childNodes?: HtmlNode[]; value?: string }

/** What a reader sees of an element: its text with every typeset formula as <math>. */
function visible(n: HtmlNode): string {
  if ((n.attrs?.find((a) => a.name === 'class')?.value ?? '').split(/\s+/).includes('katex')) return '<math>';
  return n.nodeName === '#text' ? n.value ?? '' : (n.childNodes ?? []).map(visible).join('');
}

/** Each finding's message and quote in the report, as shown. */
function findings(html: string): { message: string; quote: string }[] {
  const out: { message: string; quote: string }[] = [];
  const cls = (n: HtmlNode) => n.attrs?.find((a) => a.name === 'class')?.value ?? '';
  const walk = (n: HtmlNode) => {
    if (n.nodeName === 'li' && cls(n).split(' ').includes('finding')) {
      const kids = n.childNodes ?? [];
      const part = (c: string) => kids.filter((k) => cls(k) === c).map(visible).join('');
      out.push({ message: part('message'), quote: part('quote') });
      return;
    }
    for (const c of n.childNodes ?? []) walk(c);
  };
  walk(parse(html) as unknown as HtmlNode);
  return out;
}

describe("the checker's findings in the report", () => {
  const doc = parseProof(PROOF, 'markdown');
  const html = renderReport({
    title: 'checker', generatedAt: new Date(0), settings: {},
    entries: [{ name: 'proof.md', problem: 'Compare.', doc, result: null, checker: checkDocument(doc).annotations }],
  });
  const shown = findings(html);

  it('typeset the formulas of a computation message and its quote: no \\ge or \\frac left as text', () => {
    const fails = shown.find((f) => f.message.startsWith('Computation fails'));
    expect(fails).toEqual({ message: 'Computation fails: <math> — left side = 0.5, right side = 0.666667', quote: '<math>' });
  });

  it('keep a lint message that quotes a delimiter as text, with nothing typeset', () => {
    expect(shown).toContainEqual({ message: '\\( is never closed by \\)', quote: '\\(' });
  });
});
