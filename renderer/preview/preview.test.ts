import { describe, expect, it } from 'vitest';
import { blockAt, splitBlocks } from '../../app/common/blocks';
import { renderBlock, type PreviewNode } from './renderBlock';
import { PreviewRenderer } from './incremental';

function texts(nodes: PreviewNode[]): string {
  return nodes.map((n) => (n.kind === 'text' ? n.value : n.kind === 'el' ? texts(n.children) : n.kind === 'math' ? '<math>' : '<error>')).join('');
}

describe('splitBlocks', () => {
  it('splits on blank lines, keeps display math with blank lines together, and isolates list items', () => {
    const text = '# Title\n\nFirst para\nline two.\n\n$$\na\n\nb\n$$\n\n1. one\n2. two\n\n\\begin{proof}\nBody.\n\\end{proof}';
    const blocks = splitBlocks(text);
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'math', 'list-item', 'list-item', 'env-open', 'paragraph', 'env-close']);
    for (const b of blocks) expect(text.slice(b.start, b.end)).toBe(b.text);
    expect(blocks[2].text).toBe('$$\na\n\nb\n$$');
  });

  it('keeps fenced code whole and ignores $ inside it', () => {
    const blocks = splitBlocks('```\n$$\n\ncode\n```\n\nafter $x$');
    expect(blocks.map((b) => b.kind)).toEqual(['code', 'paragraph']);
  });

  it('renders only the body of a .tex document', () => {
    const blocks = splitBlocks('\\documentclass{article}\n\\newcommand{\\R}{\\mathbb R}\n\\begin{document}\nHello $\\R$.\n\\end{document}\n');
    expect(blocks.map((b) => b.kind)).toEqual(['preamble', 'paragraph']);
    expect(blocks[1].text).toBe('Hello $\\R$.');
  });

  it('gives equal keys to unchanged blocks after an edit above them', () => {
    const a = splitBlocks('one\n\ntwo\n\nthree');
    const b = splitBlocks('one!\n\ntwo\n\nthree');
    expect(a[0].key).not.toBe(b[0].key);
    expect(b.slice(1).map((x) => x.key)).toEqual(a.slice(1).map((x) => x.key));
    expect(b[1].start).toBe(a[1].start + 1);
  });

  it('finds the block at an offset', () => {
    const blocks = splitBlocks('aa\n\nbb\n\ncc');
    expect(blocks.map((_, i) => blockAt(blocks, blocks[i].start + 1))).toEqual([0, 1, 2]);
    expect(blockAt(blocks, 3)).toBe(0); // in the gap: the block before
  });
});

describe('renderBlock', () => {
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
