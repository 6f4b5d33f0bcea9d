// The LaTeX cases (app/common/tex/cases) through the preview renderer, as the workbench runs it.
import { describe, expect, it } from 'vitest';
import l1 from '../../app/common/tex/cases/l1-currency.md?raw';
import l3 from '../../app/common/tex/cases/l3-escaped-dollar-in-math.md?raw';
import l4 from '../../app/common/tex/cases/l4-code-span-dollar.md?raw';
import l5 from '../../app/common/tex/cases/l5-ensuremath.tex?raw';
import l6 from '../../app/common/tex/cases/l6-newcommand-in-display.md?raw';
import l8 from '../../app/common/tex/cases/l8-align-multiple-tags.md?raw';
import l11 from '../../app/common/tex/cases/l11-tag-in-aligned.md?raw';
import l12 from '../../app/common/tex/cases/l12-preamble-macro-report.tex?raw';
import l13 from '../../app/common/tex/cases/l13-math-in-text-in-math.md?raw';

const more = import.meta.glob<string>('../../app/common/tex/cases/l{1[4-9],[2-6][0-9]}-*.{md,tex}', { query: '?raw', import: 'default', eager: true });
const source = (file: string) => more[`../../app/common/tex/cases/${file}`];
import { ERROR_CASES, MORE_CASES } from '../../app/common/tex/cases/expected';
import { PreviewRenderer } from './incremental';
import type { PreviewNode } from './renderBlock';

/** A block's visible text, math shown as <math> and KaTeX errors as <error>. */
function texts(nodes: PreviewNode[]): string {
  return nodes.map((n) => (n.kind === 'text' ? n.value : n.kind === 'el' ? texts(n.children) : n.kind === 'math' ? '<math>' : '<error>')).join('');
}

const preview = (text: string) => new PreviewRenderer().update(text);
const shown = (text: string) => preview(text).blocks.map((b) => texts(b.rendered.nodes));

describe('LaTeX cases in the preview', () => {
  it('l1: shows both dollar amounts as text', () => {
    expect(shown(l1)[1]).toBe('The first plan costs $20,000 and the second costs $30,000, so the second one is dearer.');
    expect(preview(l1).errors).toEqual([]);
  });

  it('l3: \\$ inside math does not end it: one formula, no error', () => {
    expect(shown(l3)[1]).toBe('The total is <math> for <math> items.');
    expect(preview(l3).errors).toEqual([]);
  });

  it('l4, l5, l8, l12: no errors; .tex preamble macros (\\ensuremath, \\sen) apply', () => {
    for (const text of [l4, l5, l8, l12]) expect(preview(text).errors).toEqual([]);
    expect(shown(l4)[1]).toBe('The script reads $HOME and prints cost=$5 $x$; separately <math> gives <math>.');
    expect(shown(l12)).toEqual(['Preamble (1 macros)', 'For every real <math> we have <math>.']);
  });

  it('l5 kind: an \\ensuremath macro used in running text is typeset where it stands, arguments and `{}` included', () => {
    const text = [
      '\\documentclass{article}',
      '\\newcommand{\\eps}{\\ensuremath{\\varepsilon}}',
      '\\newcommand*{\\norm}[1]{\\ensuremath{\\lVert #1 \\rVert}}',
      '\\newcommand{\\half}{\\frac12}',
      '\\begin{document}',
      'Let \\eps{} be positive, \\norm{x} small, \\eps\\ too, \\half{} kept and 50\\% done. % \\eps here is a comment',
      '\\end{document}',
    ].join('\n');
    const state = preview(text);
    expect(state.errors).toEqual([]);
    // \half has no \ensuremath: outside math LaTeX would fail on it too, so it stays as written.
    expect(shown(text).find((t) => t.startsWith('Let'))?.trim()).toBe('Let <math> be positive, <math> small, <math> too, \\half{} kept and 50% done.');
  });

  it('l6: the $$\\newcommand$$ block is a macro block, no error, and \\norm renders below it', () => {
    const state = preview(l6);
    expect(state.errors).toEqual([]);
    expect(state.blocks.map((b) => b.kind)).toEqual(['heading', 'macros', 'paragraph']);
    expect(shown(l6)[2]).toBe('For every vector <math> we have <math>.');
  });

  it('l6: a paragraph that starts with a \\newcommand line previews the rest of the paragraph', () => {
    const state = preview('\\newcommand{\\R}{\\mathbb{R}}\nLet $x \\in \\R$ and \\DeclareMathOperator{\\rk}{rk} $\\rk A = 1$.\n\nThen $\\R$.');
    expect(state.errors).toEqual([]);
    expect(state.blocks.map((b) => texts(b.rendered.nodes).trim())).toEqual(['Let <math> and  <math>.', 'Then <math>.']);
  });

  it('l6 variants: \\gdef, \\def and \\let inside inline math apply document-wide without errors', () => {
    const state = preview('Let $\\gdef\\eps{\\varepsilon}$ $\\def\\pair#1#2{(#1,#2)}$ $\\let\\phi\\varphi$.\n\nThen $\\eps + \\pair{1}{2} + \\phi$.');
    expect(state.errors).toEqual([]);
    expect(state.macros).toMatchObject({ '\\eps': '\\varepsilon', '\\phi': '\\varphi' });
  });

  it('l11: two \\tag in one aligned is a KaTeX error in the preview too', () => {
    expect(preview(l11).errors.map((e) => e.message)).toEqual([expect.stringMatching(/Multiple \\tag/)]);
  });

  it('l13: math nested in text nested in math stays one formula', () => {
    expect(shown(l13)[1]).toBe('For every <math> we have <math>, and <math>');
    expect(preview(l13).errors).toEqual([]);
  });

  it.each(MORE_CASES)('$file: no error, the formulas and text the README lists', ({ file, formulas, shows, hides, textMath }) => {
    const text = source(file);
    expect(text, file).toBeDefined();
    expect(preview(text).errors).toEqual([]);
    const all = shown(text).join('\n');
    expect(all.split('<math>').length - 1).toBe(formulas + (textMath ?? 0));
    for (const phrase of shows) expect(all).toContain(phrase);
    for (const phrase of hides) expect(all).not.toContain(phrase);
  });

  it.each(ERROR_CASES)('$file: the errors LaTeX reports, and the other formulas typeset', ({ file, errors, formulas }) => {
    const text = source(file);
    expect(text, file).toBeDefined();
    expect(preview(text).errors.map((e) => e.message)).toEqual(errors.map((e) => expect.stringMatching(e)));
    expect(shown(text).join('\n').split('<math>').length - 1).toBe(formulas);
  });
});
