// LaTeX round 4 (break-it over check, preview and report): the shared reading's part of each kind.
import { describe, expect, it } from 'vitest';
import { mathFragments } from './math';
import { collectMacros, textModeMathUses } from './macros';
import { markdownFrontMatter } from './document';
import { renderTex } from './katex';
import { documentNumbers } from './numbering';
import { environmentTitle, latexHeadingToMarkdown, textEnvironmentLines, texTextToMarkdown } from './text-mode';
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

describe('text-mode LaTeX as every surface shows it', () => {
  it('a heading command with more on its line keeps its title whole (`\\label` after it, run-in `\\paragraph`)', () => {
    expect(latexHeadingToMarkdown('\\section{Setup}\\label{sec:setup}')).toBe('## Setup');
    expect(latexHeadingToMarkdown('\\section*{The set $\\{x\\}$}')).toBe('## The set $\\{x\\}$');
    expect(latexHeadingToMarkdown('\\paragraph{Case 1.} If $n$ is even, then $n^2$ is even.\\footnote{Since $n = 2k$.}')).toBe(
      '**Case 1.** If $n$ is even, then $n^2$ is even.\\footnote{Since $n = 2k$.}',
    );
    expect(latexHeadingToMarkdown('\\subsection{Bounds} We show $x \\le 1$.')).toBe('### Bounds\n\nWe show $x \\le 1$.');
  });

  it("TeX's quotes and dashes are typographic, never a code span", () => {
    expect(texTextToMarkdown("By ``Cauchy--Schwarz'' --- the ``usual'' one --- pages 3--5.")).toBe('By “Cauchy–Schwarz” — the “usual” one — pages 3–5.');
    expect(texTextToMarkdown("a `single' quote")).toBe('a ‘single’ quote');
    expect(texTextToMarkdown('\\textsc{Lemma} 1, \\textrm{up} \\textsf{sans} \\textup{u} \\textsl{s} \\textnormal{n}')).toBe('Lemma 1, up sans u *s* n');
  });

  it('spacing commands typeset nothing; §, footnotes and citations read as LaTeX prints them', () => {
    expect(texTextToMarkdown('Done.\\medskip\n\\hfill $x$ \\vspace{2mm} \\hspace*{1em}end\\smallskip\\bigskip\\newpage')).toBe('Done.\n $x$  end');
    expect(texTextToMarkdown('By \\S 2 and \\cite{hardy} and \\cite[Thm.~3]{rudin,tao}.')).toBe('By § 2 and [hardy] and [rudin, tao, Thm.\u00a03].');
    expect(texTextToMarkdown('even.\\footnote{Since $n = 2k$.} Next')).toBe('even. (Footnote: Since $n = 2k$.) Next');
  });

  it('a theorem-like environment line reads as its title, a label beside it dropped', () => {
    expect(textEnvironmentLines('\\begin{theorem}[AM--GM]\\label{thm:amgm}\nFor $a \\ge 0$.\n\\end{theorem}')).toBe('**Theorem** (AM\u2013GM). \nFor $a \\ge 0$.\n');
    expect(textEnvironmentLines('\\begin{proof}[Proof of Lemma 2]\nClear.\n\\end{proof}')).toBe('*Proof of Lemma 2.* \nClear.\n∎');
    expect(environmentTitle('lemma', undefined)).toEqual({ title: 'Lemma', note: undefined, emphasis: 'strong' });
    // A layout environment or a list prints no line of its own; math environments are left as they are.
    expect(textEnvironmentLines('\\begin{center}\nCentered.\n\\end{center}')).toBe('\nCentered.\n');
    expect(textEnvironmentLines('\\begin{itemize}')).toBe('');
    expect(textEnvironmentLines('\\begin{align*}\na &= b\n\\end{align*}')).toBe('\\begin{align*}\na &= b\n\\end{align*}');
  });
});

describe('\\intertext in an aligned display', () => {
  it('shows its words on a row of their own (it was blanked: the words were lost on every surface)', () => {
    const tex = '\n  x + y &= 10 \\\\\n  \\intertext{and subtracting the second equation,}\n  x - y &= 2.\n';
    const out = renderTex(tex, true, {}, 'align*');
    expect(out).toMatchObject({ html: expect.stringContaining('subtracting') });
    expect(renderTex('a &= b \\shortintertext{so} c &= d', true, {}, 'align*')).toMatchObject({ html: expect.stringContaining('so') });
  });
});

describe('theorem numbers', () => {
  it('count declared environments in order, a shared counter shared, and resolve their labels', () => {
    const text = [
      '\\newtheorem{theorem}{Theorem}',
      '\\newtheorem{lemma}[theorem]{Lemma}',
      '\\newtheorem{claim}{Claim}',
      '\\newtheorem*{remark}{Remark}',
      '% \\begin{lemma} in a comment',
      '\\begin{theorem}[Main]\\label{thm:main}',
      '\\end{theorem}',
      '\\begin{lemma}',
      '\\label{lem:key}',
      '\\end{lemma}',
      '\\begin{claim} \\begin{remark} \\begin{proof}',
    ].join('\n');
    const { numbers, labels } = documentNumbers(text);
    expect([...numbers.values()]).toEqual(['1', '2', '1']);
    expect(numbers.get(text.indexOf('\\begin{lemma}\n'))).toBe('2');
    expect(Object.fromEntries(labels)).toEqual({ 'thm:main': '1', 'lem:key': '2' });
    // A document that declares theorems numbers only those (LaTeX stops at an undeclared one).
    expect(numbers.size).toBe(3);
  });
});
