// The preview never hands KaTeX a formula over the limits of app/common/limits.ts (issue 14: a 13 KB
// macro bomb froze the preview for over a minute); such a formula shows "Too large to preview here".
import { describe, expect, it } from 'vitest';
import { MathBudget, MAX_MATH_EXPANSION_CHARS } from '../../app/common/limits';
import { collectMacros } from '../../app/common/tex/macros';
import { PreviewRenderer } from './incremental';
import { renderBlock, TOO_LARGE_PREFIX, type PreviewNode } from './renderBlock';

function flat(nodes: PreviewNode[]): PreviewNode[] {
  return nodes.flatMap((n) => (n.kind === 'el' ? flat(n.children) : [n]));
}
const tooLarge = (nodes: PreviewNode[]) =>
  flat(nodes).filter((n): n is Extract<PreviewNode, { kind: 'math-error' }> => n.kind === 'math-error' && n.message.startsWith(TOO_LARGE_PREFIX));
const typeset = (nodes: PreviewNode[]) => flat(nodes).filter((n) => n.kind === 'math').length;

describe('preview limits', () => {
  it('shows a formula whose macros expand past the per-formula limit as too large, next to the rest of the block', () => {
    const body = 'x+'.repeat(600); // 1,200 characters: 20 uses are over 20,000
    const text = `\\newcommand{\\bomb}{${body}}\n\nFine $a+b$ and bad $${'\\bomb '.repeat(20).trim()}$.`;
    const macros = collectMacros(text);
    const block = renderBlock(text.split('\n\n')[1], 'paragraph', macros);
    const [refused] = tooLarge(block.nodes);
    expect(refused.message).toBe(
      `${TOO_LARGE_PREFIX}formula too large to typeset or check: its macros expand to more than ${MAX_MATH_EXPANSION_CHARS.toLocaleString('en-US')} characters`,
    );
    expect(refused.source.length).toBeLessThanOrEqual(201); // the start of the source, not all of it
    expect(typeset(block.nodes)).toBe(1); // $a+b$ still renders
    // An editor marker on the whole formula, with the same reason.
    expect(block.errors).toEqual([{ message: refused.message, start: text.split('\n\n')[1].indexOf('$\\bomb'), end: text.split('\n\n')[1].length - 1 }]);
    expect(block.refused).toBe(true);
  });

  it('shows a long formula without macros as too long, with its length, not as a macro expansion', () => {
    const block = renderBlock(`Long $${'x+'.repeat(13_000)}y$.`, 'paragraph', {});
    expect(tooLarge(block.nodes).map((n) => n.message)).toEqual([
      `${TOO_LARGE_PREFIX}formula too long to typeset or check: 26,001 characters; the limit is 20,000`,
    ]);
  });

  it('shows a formula nested too deeply as too large', () => {
    const block = renderBlock(`Deep $${'{'.repeat(150)}x${'}'.repeat(150)}$.`, 'paragraph', {});
    expect(tooLarge(block.nodes)[0].message).toMatch(/^Too large to preview here: formula nested too deeply .*150 levels/);
  });

  it('counts what macros add over all blocks of the document, including blocks reused from the cache', () => {
    const body = 'y+'.repeat(150); // each use adds about 300 characters
    const step = (i: number) => `Step ${i}: $\\m = ${i}$.`;
    const doc = (from: number) => [`\\newcommand{\\m}{${body}}`, ...Array.from({ length: 6 - from }, (_, i) => step(from + i))].join('\n\n');
    const preview = new PreviewRenderer(1000); // room for three uses
    const shown = (state: ReturnType<PreviewRenderer['update']>) => state.blocks.filter((b) => b.kind === 'paragraph').map((b) => (tooLarge(b.rendered.nodes).length ? 'too large' : typeset(b.rendered.nodes) === 1 ? 'math' : '?'));

    const first = preview.update(doc(0));
    expect(shown(first)).toEqual(['math', 'math', 'math', 'too large', 'too large', 'too large']);
    expect(tooLarge(first.blocks.at(-1)!.rendered.nodes)[0].message).toMatch(/macros together expand by more than 1,000 characters/);

    // The same document again: cached blocks are charged, so the total stays bounded.
    expect(shown(preview.update(doc(0)))).toEqual(['math', 'math', 'math', 'too large', 'too large', 'too large']);

    // Delete two steps: the budget they used frees up for the next ones.
    expect(shown(preview.update(doc(2)))).toEqual(['math', 'math', 'math', 'too large']);
  });

  it('a budget passed to renderBlock is shared by its formulas', () => {
    const macros = { '\\m': 'z+'.repeat(100) };
    const budget = new MathBudget(macros, new Map(), 500);
    const a = renderBlock('$\\m$ $\\m$', 'paragraph', macros, 'markdown', budget);
    const b = renderBlock('$\\m$ $\\m$', 'paragraph', macros, 'markdown', budget);
    expect([typeset(a.nodes), typeset(b.nodes)]).toEqual([2, 0]);
    expect(a.growth).toBe(budget.spent);
  });
});
