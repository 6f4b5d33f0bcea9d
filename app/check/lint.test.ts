import { describe, expect, it } from 'vitest';
import { LineIndex } from '../common/text';
import { Checker } from './checker';
import { collectMacros } from '../common/tex/macros';
import { unclosedMessage } from '../common/tex/math';
import type { DocumentFormat } from '../common/proof';

/** Lint issues as `line:col code "source text"`, so positions are checked exactly. */
function lint(text: string, format: DocumentFormat = 'markdown', macros?: Record<string, string>): string[] {
  const index = new LineIndex(text);
  return new Checker({ macros }).check({ text, format }).lint.map((issue) => {
    const p = index.positionAt(issue.range.start);
    return `${p.line}:${p.column} ${issue.code} ${JSON.stringify(text.slice(issue.range.start, issue.range.end))}`;
  });
}

describe('lint: parse errors at their exact position', () => {
  it('points at the unclosed brace of a nested group, not at the fragment start', () => {
    const text = 'Then $\\frac{1}{\\sqrt{\\frac{a}{b}}$ follows.';
    // The second argument of the outer \frac is the group left open.
    const open = text.indexOf('{\\sqrt');
    expect(lint(text)).toEqual([`1:${open + 1} parse-error "{"`]);
  });

  it('reports an unknown macro on the right line and column of a multi-line display', () => {
    const text = ['Proof.', '', '$$', '\\sum_{k=1}^{n}', '  \\left( k + \\foo{k}', '\\right)', '$$', ''].join('\n');
    const column = '  \\left( k + \\foo{k}'.indexOf('\\foo') + 1;
    expect(column).toBe(14);
    expect(lint(text)).toEqual([`5:${column} unknown-macro "\\\\foo"`]);
  });

  it('finds the error inside a multi-line align environment of a .tex file, after a comment line', () => {
    const text = [
      '\\begin{document}',
      '\\begin{align}',
      '  a &= b \\\\ % a comment with $ and { in it',
      '    &= \\frac{c}{\\left( d} \\\\',
      '    &= e',
      '\\end{align}',
      '\\end{document}',
    ].join('\n');
    expect(lint(text, 'tex')).toEqual(['4:17 parse-error "\\\\left"']);
  });

  it('accepts macros the document defines (\\newcommand with arguments, \\DeclareMathOperator, \\def) and those passed in', () => {
    const text = [
      '\\newcommand{\\R}{\\mathbb{R}}',
      '\\newcommand{\\norm}[1]{\\lVert #1 \\rVert}',
      '\\DeclareMathOperator{\\rank}{rank}',
      '\\def\\eps{\\varepsilon}',
      '\\begin{document}',
      'Let $x \\in \\R$ with $\\norm{x} \\le \\eps$ and $\\rank A = \\Q$ and $\\myop(x)$.',
      '\\end{document}',
    ].join('\n');
    const line6 = text.split('\n')[5];
    expect(lint(text, 'tex', { '\\myop': '\\operatorname{op}' })).toEqual([`6:${line6.indexOf('\\Q') + 1} unknown-macro "\\\\Q"`]);
    expect(collectMacros(text)).toMatchObject({ '\\R': '\\mathbb{R}', '\\norm': '\\lVert #1 \\rVert', '\\rank': '\\operatorname{rank}', '\\eps': '\\varepsilon' });
  });

  it("lets the document's own definitions win over macros passed in (macros.tex, --macros), as the preview and the report do", () => {
    const text = '\\newcommand{\\pair}[2]{(#1, #2)}\n\nThe point $\\pair{a}{b}$ lies on the line.\n';
    // The passed-in \pair would need a macro nobody defines; the document's own \pair is fine.
    expect(lint(text, 'markdown', { '\\pair': '\\undefinedthing{#1}', '\\other': '\\alpha' })).toEqual([]);
    // Without a definition in the document, the passed-in one applies.
    expect(lint('The point $\\pair{a}{b}$.\n', 'markdown', { '\\pair': '\\undefinedthing{#1}' })).toEqual([expect.stringContaining('unknown-macro')]);
  });
});

describe('lint: balance across the document', () => {
  it('reports an unclosed $, a stray \\) and math commands in prose, each where it is', () => {
    const text = ['We have $x = 1$ and \\frac{1}{2} in text.', '', 'Unclosed $x + y', '', 'next \\) para'].join('\n');
    expect(lint(text)).toEqual(['1:21 math-command-in-text "\\\\frac"', '3:10 unclosed-math "$"', '5:6 unmatched-math-close "\\\\)"']);
  });

  it('reports \\begin/\\end that do not match, and braces left open in TeX prose', () => {
    const text = ['\\begin{document}', '\\begin{proof}', 'Text with {an open brace.', '\\end{theorem}', '\\end{document}'].join('\n');
    expect(lint(text, 'tex')).toEqual([
      '3:11 unbalanced-brace "{"',
      '4:1 unbalanced-env "\\\\end{theorem}"',
      '5:1 unbalanced-env "\\\\end{document}"',
    ]);
  });

  it('reports an unclosed display and environment at their opening', () => {
    expect(lint('Start\n\n$$ a + b\n\nmore')).toEqual(['3:1 unclosed-math "$$"']);
    expect(lint('x\n\\begin{align}\na &= b\n', 'tex')).toEqual(['2:1 unbalanced-env "\\\\begin{align}"']);
  });

  it('says of every opener left open what the preview says (one wording, unclosedMessage)', () => {
    const said = (text: string, format: DocumentFormat = 'markdown') =>
      new Checker({}).check({ text, format }).lint.filter((i) => i.code === 'unclosed-math' || i.code === 'unbalanced-env').map((i) => i.message);
    expect(said('Then \\( x + y.')).toEqual(['`\\(` is never closed by `\\)`']);
    expect(said('Then $x + y.', 'tex')).toEqual(['`$` opens math that is never closed']);
    expect(said('Then \\( x + y.')).toEqual([unclosedMessage({ delimiter: '\\(' })]);
    expect(said('Then $x + y.')).toEqual([unclosedMessage({ delimiter: '$' })]);
    expect(said('Then \\[ x + y.')).toEqual([unclosedMessage({ delimiter: '\\[' })]);
    expect(said('Then $$ x + y.')).toEqual([unclosedMessage({ delimiter: '$$' })]);
    expect(said('x\n\\begin{align}\na &= b\n', 'tex')).toEqual([unclosedMessage({ delimiter: 'env', env: 'align' })]);
    // A text environment left open (lint only: the preview does not treat it as math) is said the same way.
    expect(said('\\begin{theorem}\nText.\n', 'tex')).toEqual(['`\\begin{theorem}` is never closed by `\\end{theorem}`']);
  });

  it('warns about text commands inside math, once, at the command', () => {
    expect(lint('Here $a \\section{b}$ ends.')).toEqual(['1:9 text-command-in-math "\\\\section"']);
  });

  it('ignores code in Markdown and escaped dollars', () => {
    expect(lint('Costs \\$5 and `$x` and\n\n```\n$$ \\frac{\n```\n')).toEqual([]);
  });
});

describe('Checker: incremental', () => {
  const doc = (middle: string) => ['Let $x > 0$.', '', '$$(x+1)^2 = x^2 + 2x + 1$$', '', `$$${middle}$$`, '', '$$\\frac{1}{2} + \\frac{1}{3} = \\frac{5}{6}$$', ''].join('\n');

  it('re-parses only the edited fragment and gives the same results as a fresh run', () => {
    const checker = new Checker();
    const first = checker.check({ text: doc('(x-1)^2 = x^2 - 2x + 1'), format: 'markdown' });
    expect(first.stats.lintParsed).toBe(first.stats.fragments);
    const edited = { text: doc('(x-1)^2 = x^2 - 2x - 1'), format: 'markdown' as const };
    const second = checker.check(edited);
    expect(second.stats.lintParsed).toBe(1);
    expect(second.stats.computeChecked).toBe(1);
    const fresh = new Checker().check(edited);
    expect(second.computations).toEqual(fresh.computations);
    expect(second.lint).toEqual(fresh.lint);
    expect(second.computations.find((c) => c.status === 'fails')?.left).toBe('(x-1)^2');
  });

  it('shifts cached results when text before them changes length', () => {
    const checker = new Checker();
    checker.check({ text: doc('\\frac{1}{'), format: 'markdown' });
    const text = `Added words. ${doc('\\frac{1}{')}`;
    const report = checker.check({ text, format: 'markdown' });
    expect(report.stats.lintParsed).toBe(0);
    const error = report.lint.find((l) => l.code === 'parse-error')!;
    expect(text.slice(error.range.start, error.range.end)).toBe('{');
    expect(error.range.start).toBe(text.indexOf('\\frac{1}{$$') + '\\frac{1}'.length);
  });
});

describe('private-use characters in math (rev10)', () => {
  const issues = (text: string) => new Checker({}).check({ text, format: 'markdown' }).lint;
  it('are checked as the preview and the report typeset them, and said as typed', () => {
    // Both surfaces shield them (app/common/tex/private-use.ts) and typeset the formula: no error here either.
    expect(issues('We have $a \uE000 b$ here.\n').filter((i) => i.code === 'parse-error')).toEqual([]);
    // An error about one names the character the user typed, not the shielded one.
    const undefinedMark = issues('Then $\\\uE010{0}$.\n').map((i) => i.message).join('\n');
    expect(undefinedMark).toContain('\uE010');
    expect(undefinedMark).not.toMatch(/[\uFDD0-\uFDEF]/);
  });
});
