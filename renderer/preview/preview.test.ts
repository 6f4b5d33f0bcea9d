import { describe, expect, it } from 'vitest';
import { renderBlock, type PreviewNode } from './renderBlock';
import { PreviewRenderer } from './incremental';

function texts(nodes: PreviewNode[]): string {
  return nodes.map((n) => (n.kind === 'text' ? n.value : n.kind === 'el' ? texts(n.children) : n.kind === 'math' ? '<math>' : '<error>')).join('');
}

describe('renderBlock', () => {
  it('renders a deeply nested list item as an item, not code, with source offsets in the block', () => {
    const r = renderBlock('      - deep $x^2$', 'list-item', {});
    expect(JSON.stringify(r.nodes)).toContain('"tag":"li"');
    const math = JSON.stringify(r.nodes).match(/"srcStart":(\d+)/);
    expect(Number(math?.[1])).toBe('      - deep '.length);
  });

  it('renders a LaTeX \\item as a list item (its label in bold), and an HTML comment as nothing', () => {
    const item = renderBlock('\\item[(a)] first $x$', 'list-item', {}, 'tex');
    expect(texts(item.nodes)).toBe('(a) first <math>');
    expect(JSON.stringify(item.nodes)).toContain('"tag":"li"');
    expect(renderBlock('<!-- hidden -->', 'comment', {}).nodes).toEqual([]);
  });

  it('renders Markdown with math, never interpreting raw HTML', () => {
    const r = renderBlock('Some **bold** and $x^2$ <img src=x onerror=alert(1)>', 'paragraph', {});
    expect(r.errors).toEqual([]);
    expect(texts(r.nodes)).toBe('Some bold and <math> <img src=x onerror=alert(1)>');
    const math = JSON.stringify(r.nodes);
    expect(math).toContain('katex');
  });

  it('keeps TeX away from Markdown: underscores and stars inside math survive', () => {
    const r = renderBlock('$a_1 * b_2 * c_3$', 'paragraph', {});
    expect(r.nodes[0].kind).toBe('el');
    expect(JSON.stringify(r.nodes)).not.toContain('"tag":"em"');
  });

  it('reports a KaTeX error at the exact offset of the bad token within the block', () => {
    const text = 'Intro line.\nThen $a + \\frac{1}{2} + \\badcommand x$ ends.';
    const r = renderBlock(text, 'paragraph', {});
    expect(r.errors).toHaveLength(1);
    expect(text.slice(r.errors[0].start, r.errors[0].end)).toBe('\\badcommand');
    expect(r.errors[0].message).toMatch(/Undefined control sequence/);
    expect(texts(r.nodes)).toContain('<error>');
  });

  it('uses document macros', () => {
    expect(renderBlock('$\\Rset$', 'paragraph', {}).errors).toHaveLength(1);
    expect(renderBlock('$\\Rset$', 'paragraph', { '\\Rset': '\\mathbb{R}' }).errors).toHaveLength(0);
  });

  it('bounds macro expansion instead of hanging', () => {
    const r = renderBlock('$\\loop$', 'paragraph', { '\\loop': '\\loop\\loop' });
    expect(r.errors).toHaveLength(1);
    // A macro that uses itself is over the limits before KaTeX runs (app/common/limits.ts).
    expect(r.errors[0].message).toMatch(/^Too large to preview here: .*macros expand/);
  });

  it('shows math inside code as its source', () => {
    expect(texts(renderBlock('`$x$`', 'paragraph', {}).nodes)).toBe('$x$');
  });

  it('turns javascript: links into plain text links without href', () => {
    const r = renderBlock('[x](javascript:alert(1)) [y](https://example.org)', 'paragraph', {});
    const json = JSON.stringify(r.nodes);
    expect(json).not.toContain('javascript:');
    expect(json).toContain('https://example.org');
  });
});

describe('PreviewRenderer', () => {
  const doc = Array.from({ length: 30 }, (_, i) => `Step ${i}: since $x_${i} > 0$, we get $$x_${i}^2 > 0.$$`).join('\n\n');

  it('re-renders only the block that changed and gives absolute error offsets', () => {
    const renderer = new PreviewRenderer();
    const first = renderer.update(doc);
    expect(first.rendered).toBe(30);
    const edited = doc.replace('Step 7:', 'Step 7!');
    const second = renderer.update(edited);
    expect(second.rendered).toBe(1);
    expect(second.blocks[8].rendered).toBe(first.blocks[8].rendered); // same object: React can skip it

    const broken = edited.replace('x_12 > 0', 'x_12 > \\oops');
    const third = renderer.update(broken);
    expect(third.rendered).toBe(1);
    expect(third.errors).toHaveLength(1);
    expect(broken.slice(third.errors[0].start, third.errors[0].end)).toBe('\\oops');
  });

  it('re-renders everything when a macro changes', () => {
    const renderer = new PreviewRenderer();
    renderer.update('\\newcommand{\\R}{\\mathbb R}\n\n$\\R$\n\n$x$');
    const next = renderer.update('\\newcommand{\\R}{\\mathbb{R}}\n\n$\\R$\n\n$x$');
    expect(next.rendered).toBe(3);
    expect(next.errors).toEqual([]);
  });
});

describe('an unclosed display', () => {
  const errorsOf = (nodes: PreviewNode[]): Extract<PreviewNode, { kind: 'math-error' }>[] =>
    nodes.flatMap((n) => (n.kind === 'math-error' ? [n] : n.kind === 'el' ? errorsOf(n.children) : []));

  it('shows an environment without \\end as its source, verbatim (`\\\\` kept), with the error, after the text before it', () => {
    const text = 'Then\n\\begin{align*}\na &= b \\\\\nc &= d';
    const r = renderBlock(text, 'paragraph', {});
    const [shown] = errorsOf(r.nodes);
    expect(shown.source).toBe('\\begin{align*}\na &= b \\\\\nc &= d');
    expect(shown.message).toBe('\\begin{align*} is never closed by \\end{align*}');
    expect(shown.display).toBe(true);
    expect(texts(r.nodes)).toBe('Then<error>');
    // The checker's lint reports it to the editor and Problems (once, in its words), not the preview.
    expect(r.errors).toEqual([]);
  });

  it('shows `\\[` and `$$` left open the same way, a formula inside them never typeset', () => {
    for (const [open, close] of [['\\[', '\\]'], ['$$', '$$']]) {
      const r = renderBlock(`${open} x \\\\ y $z$`, 'paragraph', {});
      const [shown] = errorsOf(r.nodes);
      expect(shown.source).toBe(`${open} x \\\\ y $z$`);
      expect(shown.message).toContain(open === '$$' ? '$$ opens math that is never closed' : `is never closed by ${close}`);
      expect(texts(r.nodes)).toBe('<error>');
    }
  });
});
