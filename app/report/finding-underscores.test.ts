// Finding messages quoting identifiers keep their underscores in the HTML report, as on the workbench's
// cards (renderer/ui/finding-underscores.test.tsx): `__init__` was shown as a bold "init" (review).
import { parse } from 'parse5';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../common/annotations';
import { UNDERSCORE_CASES } from '../common/tex/cases/finding-underscores';
import { parseProof } from '../proof';
import { renderReport } from './html';

interface HtmlNode { nodeName: string; attrs?: { name: string; value: string }[]; childNodes?: HtmlNode[]; value?: string }
const cls = (n: HtmlNode) => n.attrs?.find((a) => a.name === 'class')?.value ?? '';
/** What a reader sees of an element: its text, typeset formulas as <math>, emphasis marked *…*. */
function visible(n: HtmlNode): string {
  if (cls(n).split(/\s+/).includes('katex')) return '<math>';
  if (n.nodeName === '#text') return n.value ?? '';
  const inner = (n.childNodes ?? []).map(visible).join('');
  return n.nodeName === 'strong' || n.nodeName === 'em' ? `*${inner}*` : n.nodeName === 'code' ? `\`${inner}\`` : inner;
}
function find(n: HtmlNode, pred: (n: HtmlNode) => boolean): HtmlNode[] {
  return [...(pred(n) ? [n] : []), ...(n.childNodes ?? []).flatMap((c) => find(c, pred))];
}

/** The report's finding message as a reader sees it (a verifier finding on step 1). */
function report(message: string): string {
  const doc = parseProof('We set $x = 1$.\n', 'markdown');
  const step = doc.steps[0]!;
  const finding: Annotation = { id: 'v1', stepId: step.id, severity: 'gap', message, mappedBy: 'label', provenance: { source: 'verifier', sample: 0, verdict: 'unchecked' } };
  const html = renderReport({
    title: 'r', generatedAt: new Date(0), settings: {},
    entries: [{
      name: 'p.md', problem: 'P.', doc, result: null,
      checker: [finding],
    }],
  });
  return find(parse(html) as unknown as HtmlNode, (n) => cls(n) === 'message').map(visible).join('|').trim();
}

describe('identifiers with underscores in the report', () => {
  it.each(UNDERSCORE_CASES)('shows the verifier finding %j as the card does', (message, shown) => {
    expect(report(message)).toBe(shown);
  });
});
