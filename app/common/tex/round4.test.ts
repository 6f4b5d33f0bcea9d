// LaTeX round 4 (break-it over check, preview and report): the shared reading's part of each kind.
import { describe, expect, it } from 'vitest';
import { mathFragments } from './math';
import { collectMacros, textModeMathUses } from './macros';
import { markdownFrontMatter } from './document';
import { renderTex } from './katex';
import { splitBlocks } from '../blocks';

const texs = (text: string, format: 'markdown' | 'tex' = 'markdown') => mathFragments(text, undefined, format).map((f) => f.tex);

describe('a control space before the closing dollar', () => {
  it('closes inline math, as in Pandoc (`\\ ` is one escaped unit, not a space before `$`)', () => {
    expect(texs('Write $a\\ $ for it, $x\\,$ too, and $\\ b$.')).toEqual(['a\\ ', 'x\\,', '\\ b']);
    // An escaped backslash before the space is a line break, then a real space: not a closer.
    expect(texs('no $a\\\\ $ here')).toEqual([]);
    // A plain space before `$` still cannot close (l1's rule).
    expect(texs('costs $5 and $ 6')).toEqual([]);
  });
});

describe('an \\ensuremath macro with an optional argument, in running text', () => {
  const macros = collectMacros('\\newcommand{\\vect}[2][n]{\\ensuremath{(#2_1,\\dots,#2_{#1})}}');
  it('is one text-mode math use with and without its `[…]`', () => {
    const text = 'The tuple \\vect{x} has n entries and \\vect[m]{y} has m, \\vect[k+1]{z} too.';
    expect(textModeMathUses(text, [], macros).map((u) => u.tex)).toEqual(['\\vect{x}', '\\vect[m]{y}', '\\vect[k+1]{z}']);
  });
  it('without its mandatory argument it is no use (LaTeX would fail there too)', () => {
    expect(textModeMathUses('a bare \\vect[m] here', [], macros)).toEqual([]);
  });
});

describe('LaTeX text boxes KaTeX lacks', () => {
  it('`\\mbox`, `\\textsc`, `\\textsl`, `\\lefteqn` and amsthm `\\qed` typeset, as LaTeX does in math', () => {
    for (const tex of ['f(n) = \\mbox{the number of $k$ with $k \\mid n$}', '\\textsc{opt} \\le 2', '\\textsl{slanted}', '\\lefteqn{a+b} \\qquad c', 'x = y. \\qed']) {
      expect(renderTex(tex, false, {}), tex).toHaveProperty('html');
    }
    expect(renderTex('\\mbox{OPT} = 1', false, {})).toMatchObject({ html: expect.stringContaining('OPT') });
  });
});

describe('YAML front matter (Pandoc metadata block) at the top of a Markdown document', () => {
  const doc = '---\ntitle: A lemma\nheader-includes: |\n  \\usepackage{amsmath}\n  \\newcommand{\\R}{\\mathbb{R}}\n---\n\n# Lemma\n\nFor $x \\in \\R$.';
  it('is found from the first line to its closing `---` or `...` line', () => {
    expect(markdownFrontMatter(doc)).toEqual({ start: 0, end: doc.indexOf('---', 4) + 3 });
    const dots = '---\r\ntitle: x\r\n...\r\nText';
    expect(markdownFrontMatter(dots)).toEqual({ start: 0, end: dots.indexOf('...') + 3 });
    expect(markdownFrontMatter('\ufeff---\nauthor: me\n---\n')).toEqual({ start: 0, end: 19 });
  });
  it('is not a rule followed by text, an unclosed block, or a block whose first line is blank', () => {
    expect(markdownFrontMatter('---\nSome words\n---\n')).toBeNull(); // a rule and a setext heading
    expect(markdownFrontMatter('---\ntitle: x\n\nno close')).toBeNull();
    expect(markdownFrontMatter('---\n\ntitle: x\n---\n')).toBeNull();
    expect(markdownFrontMatter('text\n---\ntitle: x\n---\n')).toBeNull();
  });
  it('is one preamble block, not a rule and a paragraph; its macros apply', () => {
    const blocks = splitBlocks(doc, 'markdown');
    expect(blocks.map((b) => b.kind)).toEqual(['preamble', 'heading', 'paragraph']);
    expect(collectMacros(doc)).toMatchObject({ '\\R': '\\mathbb{R}' });
  });
});
