// Equation numbers in the preview follow LaTeX: one per numbered row, counted over the whole document in
// order (KaTeX alone numbered each formula from (1), every row of an align showing the same number).
import { describe, expect, it } from 'vitest';
import { PreviewRenderer, type PreviewState } from './incremental';
import type { PreviewNode } from './renderBlock';
import { NUMBERING_EXPECTED, NUMBERING_MARKDOWN, NUMBERING_TEX, visibleNumbers } from '../../app/common/tex/cases/numbering';

/** The equation numbers a reader sees, per display in document order: the text of each KaTeX tag. */
function numbers(state: PreviewState): string[][] {
  const out: string[][] = [];
  const walk = (n: PreviewNode) => {
    if (n.kind === 'el') n.children.forEach(walk);
    if (n.kind === 'math-error') throw new Error(`${n.message}: ${n.source}`);
    if (n.kind !== 'math' || !n.display) return;
    // KaTeX sets a display's tags in one column after its rows (the last thing in its HTML).
    const tags = n.html.split('class="tag"')[1]?.replace(/<[^>]*>/g, '') ?? '';
    out.push([...tags.matchAll(/\(([^)]*)\)/g)].map((m) => m[1]));
  };
  for (const b of state.blocks) b.rendered.nodes.forEach(walk);
  return out;
}

const DOC = [
  'First:',
  '\\begin{equation}\na = b \\label{eq:first}\n\\end{equation}',
  'An align, two rows, then a starred one:',
  '\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}',
  '$$\\begin{align*}\nx &= y \\\\\nz &= w\n\\end{align*}$$',
  'A gather with an unnumbered row and a tagged one:',
  '\\begin{gather}\nu = v \\nonumber \\\\\np = q \\\\\nr = s \\tag{$\\star$} \\\\\ne = f \\notag \\\\\ng = h\n\\end{gather}',
  'Multline and split each take one number:',
  '\\begin{multline}\nfirst + second \\\\\n+ third\n\\end{multline}',
  '\\begin{equation}\n\\begin{split}\nk &= l \\\\\n&= m\n\\end{split}\n\\end{equation}',
  '$$\\begin{gather}\nn = o\n\\end{gather}$$ and \\[ \\text{unnumbered} \\] and $$\\text{no number either}$$',
  '\\begin{equation*}\nnone\n\\end{equation*}',
  '\\begin{align}\nlast &= row \\\\\n\\end{align}',
].join('\n\n');

describe('equation numbers in the preview', () => {
  it('numbers each row of an align and goes on across displays in document order, as LaTeX does', () => {
    expect(numbers(new PreviewRenderer().update(DOC))).toEqual([
      ['1'], // equation
      ['2', '3'], // align: one number per row
      [], // align*
      ['4', '⋆', '5'], // gather: \nonumber and \notag rows have none, \tag shows its own text
      ['6'], // multline
      ['7'], // equation with split
      ['8'], [], [], // $$gather$$, \[…\], $$…$$
      [], // equation*
      ['9'], // an align's empty last row (after a trailing \\) has no number
    ]);
  });

  it('numbers again after an edit before a display, and the numbers do not depend on slices', () => {
    const renderer = new PreviewRenderer();
    renderer.update(DOC);
    const edited = DOC.replace('First:', 'First:\n\n\\begin{equation}\nnew\n\\end{equation}');
    const after = numbers(renderer.update(edited));
    expect(after[0]).toEqual(['1']);
    expect(after[2]).toEqual(['3', '4']);
    expect(after.at(-1)).toEqual(['10']);
    // Typeset in slices (blocks left pending, then finished), the numbers are the same.
    const sliced = new PreviewRenderer();
    let state = sliced.update(edited, {}, 'markdown', 0);
    while (state.pending > 0) state = sliced.update(edited, {}, 'markdown', 0);
    expect(numbers(state)).toEqual(after);
  });

  it('keeps KaTeX error positions exact inside a numbered align', () => {
    const text = '\\begin{align}\na &= b \\\\\nc &= \\oops d\n\\end{align}';
    const state = new PreviewRenderer().update(text);
    expect(state.errors).toHaveLength(1);
    expect(text.slice(state.errors[0].start, state.errors[0].end)).toBe('\\oops');
  });
});

describe('references to equations in the preview', () => {
  it('shows \\eqref{key} as (n) and \\ref{key} as n, in prose and in math, before or after the label', () => {
    const doc = [
      'By \\eqref{eq:sum} and $x = \\ref{eq:sum} + \\eqref{eq:tagged}$, see also \\ref{nope}.',
      '\\begin{equation}\na = b \\label{eq:first}\n\\end{equation}',
      '\\begin{align}\nc &= d \\nonumber \\\\\ne &= f \\label{eq:sum} \\\\\ng &= h \\tag{T} \\label{eq:tagged}\n\\end{align}',
      'Hence \\eqref{eq:first}.',
    ].join('\n\n');
    const state = new PreviewRenderer().update(doc);
    expect(state.errors).toEqual([]);
    const prose = (i: number) => JSON.stringify(state.blocks[i].rendered.nodes);
    expect(prose(0)).toContain('By (2) and ');
    // The unknown key's "??" carries why (a span with a title), as the report's does.
    expect(prose(0)).toContain('see also "},{"kind":"el","tag":"span","className":"pw-ref-unknown","title":"No \\\\label{nope} in this document","children":[{"kind":"text","value":"??"}]},{"kind":"text","value":"."}');
    expect(prose(3)).toContain('Hence (1).');
    // In the formula: 2 and (T) typeset, no \ref left for KaTeX to blank out.
    const math = state.blocks[0].rendered.nodes.flatMap(function all(n): PreviewNode[] { return n.kind === 'el' ? n.children.flatMap(all) : [n]; })
      .find((n) => n.kind === 'math');
    expect(math && math.kind === 'math' && math.html).toContain('<annotation encoding="application/x-tex">x = 2');
    expect(math && math.kind === 'math' && math.html).toMatch(/\(T\)/);
  });
});

/** The preview's rows as the HTML the workbench builds from them (math: KaTeX's HTML as is). */
function previewHtml(text: string): string {
  const state = new PreviewRenderer().update(text);
  expect(state.errors).toEqual([]);
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' })[c]};`);
  const html = (n: PreviewNode): string =>
    n.kind === 'text' ? escape(n.value)
      : n.kind === 'math' ? n.html
        : n.kind === 'math-error' ? escape(n.source)
          : `<${n.tag}>${n.children.map(html).join('')}</${n.tag}>`;
  return state.blocks.map((b) => `<div>${b.rendered.nodes.map(html).join('')}</div>`).join('\n');
}

describe("LaTeX's tie before a reference in the preview", () => {
  it('shows Theorem~\\ref{key} with a no-break space, as LaTeX prints it, not a tilde', () => {
    const doc = ['\\begin{theorem}\\label{t:a}\nFirst.\n\\end{theorem}', 'By Theorem~\\ref{t:a}, not ~~struck~~.'].join('\n\n');
    const prose = JSON.stringify(new PreviewRenderer().update(doc).blocks.map((b) => b.rendered.nodes));
    expect(prose).toContain('By Theorem\u00a01, not ');
    expect(prose).not.toContain('Theorem~');
  });
});

describe('equation numbers: the preview and the report agree', () => {
  // app/report/numbering-parity.test.ts holds the HTML report to the same expectation.
  for (const [format, text] of [['markdown', NUMBERING_MARKDOWN], ['tex', NUMBERING_TEX]] as const) {
    it(`shows the shared case's numbers and references (${format})`, () => {
      expect(visibleNumbers(previewHtml(text))).toEqual(NUMBERING_EXPECTED);
    });
  }
});
