// The core's block splitter (app/common/blocks.ts): what the preview renders and scrolls by. That its
// boundaries are the step segmentation's is app/proof/blocks-agree.test.ts.
import { describe, expect, it } from 'vitest';
import { blockAt, splitBlocks } from './blocks';

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

  it('gives each block its 0-based first and last line; CRLF lines end before the \\r', () => {
    const text = 'one\r\ntwo\r\n\r\n$$\r\nx\r\n$$\r\n';
    const blocks = splitBlocks(text);
    expect(blocks.map((b) => [b.line, b.endLine, b.text])).toEqual([[0, 1, 'one\r\ntwo'], [3, 5, '$$\r\nx\r\n$$']]);
  });

  it('makes an HTML comment and a Markdown $$ display blocks of their own, as mdast does', () => {
    const blocks = splitBlocks('<!-- note -->\nWe get.\n$$\nx\n$$\nSo $x$.');
    expect(blocks.map((b) => [b.kind, b.text])).toEqual([['comment', '<!-- note -->'], ['paragraph', 'We get.'], ['math', '$$\nx\n$$'], ['paragraph', 'So $x$.']]);
  });

  it('in a .tex body: \\item lines start blocks, comment lines at the edges and a trailing comment go, --- is text', () => {
    const text = '\\begin{document}\n% intro\nA --- b. % why\n\n\\item one\n\\item two\n\\end{document}\n';
    expect(splitBlocks(text, 'tex').map((b) => [b.kind, b.text])).toEqual([
      ['preamble', '\\begin{document}'], ['paragraph', 'A --- b.'], ['list-item', '\\item one'], ['list-item', '\\item two'],
    ]);
  });
});
