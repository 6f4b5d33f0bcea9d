// A document's own private-use characters (pasted from a PDF) are never read as the preview's marks
// (rev7: `\uE004 0 \uE005` threw in expandPlaceholders and the whole app went blank).
import { describe, expect, it } from 'vitest';
import { unshieldPrivateUse } from '../../app/common/tex/private-use';
import { PreviewRenderer, renderGuarded } from './incremental';
import type { PreviewNode } from './renderBlock';

/** The text a reader sees, as PreviewNodes draws it (formulas as <math>, errors as <error: message>). */
function shown(nodes: PreviewNode[]): string {
  return nodes.map((n) => (n.kind === 'text' ? unshieldPrivateUse(n.value) : n.kind === 'el' ? shown(n.children) : n.kind === 'math' ? '<math>' : `<error: ${n.message}>`)).join('');
}

const P = (n: number) => String.fromCharCode(0xe000 + n);

describe('private-use characters in the document', () => {
  it('each mark pair typed into prose shows as the characters typed, and nothing throws', () => {
    for (const [open, close] of [[0, 1], [2, 3], [4, 5], [6, 7], [0x11, 0x12]]) {
      for (const n of ['0', '99']) {
        const line = `Pasted: ${P(open)}${n}${P(close)} end.`;
        const state = new PreviewRenderer().update(`${line}\n`);
        expect(state.blocks.map((b) => shown(b.rendered.nodes)).join(''), line).toBe(line);
        expect(state.errors).toEqual([]);
      }
    }
  });

  it('a table mark alone in a paragraph stays text', () => {
    const state = new PreviewRenderer().update(`Before.\n\n${P(6)}0${P(7)}\n\nAfter.\n`);
    expect(state.blocks.map((b) => shown(b.rendered.nodes)).join('|')).toContain(`${P(6)}0${P(7)}`);
  });

  it('a heading holding the sentinel pair, named in math beside an unknown reference, typesets (no KaTeX error)', () => {
    const text = `## Heading ${P(0x11)}0${P(0x12)} with $x$\\label{sec:s}\n\nSee \\nameref{sec:s} and $\\text{\\nameref{sec:s}} \\ref{nope}$.\n`;
    const state = new PreviewRenderer().update(text);
    expect(state.errors).toEqual([]);
    expect(shown(state.blocks[state.blocks.length - 1].rendered.nodes)).toBe('See Heading \uE0110\uE012 with <math> and <math>.');
  });

  it('the unknown-reference control symbol typed by hand is no mark: KaTeX calls it undefined', () => {
    const state = new PreviewRenderer().update(`Math $\\${P(0x10)}{0}$ here.\n`);
    const html = JSON.stringify(state.blocks[0].rendered.nodes);
    expect(html).not.toContain('pw-ref-unknown');
    expect(state.errors.map((e) => e.message).join()).toMatch(/Undefined control sequence/);
  });

  it('a correct proof with no private-use characters renders as before (guard)', () => {
    const state = new PreviewRenderer().update('## Case one\\label{sec:a}\n\nBy \\nameref{sec:a}, $x \\ref{nope}$ holds.\n');
    expect(state.errors).toEqual([]);
    expect(shown(state.blocks[1].rendered.nodes)).toBe('By Case one, <math> holds.');
    expect(JSON.stringify(state.blocks[1].rendered.nodes)).toContain('pw-ref-unknown');
  });
});

describe('a block whose rendering throws', () => {
  it('shows its source as text with the reason instead of throwing out of the preview', () => {
    const out = renderGuarded('Some $x$ text.', () => { throw new Error('boom'); });
    expect(shown(out.nodes)).toBe('This block could not be rendered (boom); its source:Some $x$ text.');
    // Guard: a block that renders is what its renderer gave.
    const fine = { nodes: [], errors: [], growth: 0, refused: false };
    expect(renderGuarded('x', () => fine)).toBe(fine);
  });
});
