// A checker finding's message in the workbench (its card, the Problems list): formulas typeset by KaTeX,
// the rest as text. The reviewer saw `\ge` and `\frac{a}{b}` as raw TeX in the cards. The findings are
// the checker's own for the proof below (app/report/findings-math.test.ts runs the real checker on such a
// proof; the renderer may not import app/check).
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../app/common/annotations';
import { findingQuoteSegments, inlineMathSegments } from '../../app/common/tex/inline-math';
import { inlineMathNodes } from './inlineMath';
import type { PreviewNode } from './renderBlock';

/** What a card shows of `nodes`: text as is, each typeset formula as <math>, a formula KaTeX refused as !source!. */
const shown = (nodes: PreviewNode[]): string =>
  nodes.map((n) => (n.kind === 'text' ? n.value : n.kind === 'math' ? '<math>' : n.kind === 'math-error' ? `!${n.source}!` : shown(n.children))).join('');

describe("a checker finding's message and quote in the workbench", () => {
  // `$$\frac{a}{b} + 1 = \frac{a + 2b}{b}$$` and `$$\frac{1}{2} \ge \frac{2}{3}$$`, as check reports them.
  const finding = (id: string, message: string, quote: string): Annotation => ({
    id, stepId: null, range: { start: 0, end: quote.length }, severity: 'critical', message, quote, mappedBy: 'checker',
    provenance: { source: 'checker', verdict: 'unchecked' },
  });
  const fails = [
    finding('check:calc:1', 'Computation fails at $a = 2$, $b = 3$: $\\frac{a}{b} + 1 = \\frac{a + 2b}{b}$ — left side = 1.66667, right side = 2.66667', '\\frac{a}{b} + 1 = \\frac{a + 2b}{b}'),
    finding('check:calc:2', 'Computation fails: $\\frac{1}{2} \\ge \\frac{2}{3}$ — left side = 0.5, right side = 0.666667', '\\frac{1}{2} \\ge \\frac{2}{3}'),
  ];

  it('show every formula typeset, no TeX as text', () => {
    expect(fails.map((a) => shown(inlineMathNodes(inlineMathSegments(a.message), {})))).toEqual([
      'Computation fails at <math>, <math>: <math> — left side = 1.66667, right side = 2.66667',
      'Computation fails: <math> — left side = 0.5, right side = 0.666667',
    ]);
    expect(fails.map((a) => shown(inlineMathNodes(findingQuoteSegments(a, a.quote!, 'markdown'), {})))).toEqual(['<math>', '<math>']);
  });

  it('typeset with KaTeX, the one HTML in the nodes', () => {
    const math = inlineMathNodes(inlineMathSegments(fails[1].message), {}).find((n) => n.kind === 'math');
    expect(math?.kind === 'math' && math.html).toContain('class="katex"');
  });

  it('show a formula KaTeX cannot read as its source, and a quoted delimiter as code', () => {
    expect(shown(inlineMathNodes(inlineMathSegments('bad $\\frac{1}$ here'), {}))).toBe('bad !\\frac{1}! here');
    expect(inlineMathNodes(inlineMathSegments('`\\[` is never closed by `\\]`'), {})).toEqual([
      { kind: 'el', tag: 'code', children: [{ kind: 'text', value: '\\[' }] },
      { kind: 'text', value: ' is never closed by ' },
      { kind: 'el', tag: 'code', children: [{ kind: 'text', value: '\\]' }] },
    ]);
  });
});
