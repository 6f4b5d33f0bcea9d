// The held-out LaTeX variants (app/check/corpus/heldout/latex/) through the preview renderer, as the
// workbench runs it: the same formulas, text and no KaTeX error as `check` and the report
// (app/check/heldout-latex.test.ts), from the one expectation table.
import { describe, expect, it } from 'vitest';
import { HELDOUT_LATEX } from '../../app/common/tex/cases/heldout-latex';
import { PreviewRenderer } from './incremental';
import type { PreviewNode } from './renderBlock';

const files = import.meta.glob<string>('../../app/check/corpus/heldout/latex/*.{md,tex}', { query: '?raw', import: 'default', eager: true });
const source = (file: string) => files[`../../app/check/corpus/heldout/latex/${file}`];

/** A block's visible text, formulas shown as <math> and KaTeX errors as <error>. */
function texts(nodes: PreviewNode[]): string {
  return nodes.map((n) => (n.kind === 'text' ? n.value : n.kind === 'el' ? texts(n.children) : n.kind === 'math' ? '<math>' : '<error>')).join('');
}

describe('held-out LaTeX variants in the preview', () => {
  it('has an expectation for every file', () => {
    expect(Object.keys(files).map((f) => f.split('/').pop()).sort()).toEqual(HELDOUT_LATEX.map((c) => c.file).sort());
  });

  it.each(HELDOUT_LATEX)('$file: no KaTeX error, $formulas formulas (+ text-mode uses), the text kept', ({ file, formulas, shows, textMacro }) => {
    const text = source(file);
    const state = new PreviewRenderer().update(text, {}, file.endsWith('.tex') ? 'tex' : 'markdown');
    expect(state.errors).toEqual([]);
    const shown = state.blocks.map((b) => texts(b.rendered.nodes));
    expect(shown.join('\n').split('<math>').length - 1).toBe(formulas + (textMacro ?? 0));
    for (const phrase of shows ?? []) expect(shown.join('\n')).toContain(phrase);
    // Definitions and `\ensuremath` uses are applied, never printed as source.
    expect(shown.join('\n')).not.toMatch(/\\(?:newcommand|renewcommand|def|DeclareMathOperator|ensuremath|xspace)(?![A-Za-z])/);
  });
});
