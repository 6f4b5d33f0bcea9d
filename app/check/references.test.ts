// A reference to a label the document does not define is a warning in Problems (LaTeX's "Reference
// undefined"), where the preview and the report print "??"; defined labels of every kind are not.
import { describe, expect, it } from 'vitest';
import { parseProof } from '../proof';
import { Checker } from './checker';

const check = (text: string, format: 'markdown' | 'tex' = 'markdown') => new Checker().check(parseProof(text, format));
const undefinedRefs = (text: string, format: 'markdown' | 'tex' = 'markdown') =>
  check(text, format).lint.filter((l) => l.code === 'undefined-reference').map((l) => [text.slice(l.range.start, l.range.end), l.message]);

describe('undefined references', () => {
  it('names each key no \\label defines, at the reference, in prose and in math', () => {
    const text = [
      '\\section{Main}\\label{sec:main}',
      '',
      '\\begin{lemma}\\label{lem:a}',
      'Squares are nonnegative.',
      '\\end{lemma}',
      '',
      '\\begin{equation}\\label{eq:c}',
      'x^2 \\ge 0',
      '\\end{equation}',
      '',
      'By \\cref{lem:a,lem:gone} and \\eqref{eq:c}, see \\ref{sec:main} and \\autoref{sec:nope}; also $a \\overset{\\eqref{eq:none}}{=} b$.',
      '',
      'Code `\\ref{in:code}` is never read.',
      '',
    ].join('\n');
    expect(undefinedRefs(text)).toEqual([
      ['\\cref{lem:a,lem:gone}', '"lem:gone": no \\label of that name in the document, so the reference prints "??" (as LaTeX\'s "Reference undefined")'],
      ['\\autoref{sec:nope}', '"sec:nope": no \\label of that name in the document, so the reference prints "??" (as LaTeX\'s "Reference undefined")'],
      ['\\eqref{eq:none}', '"eq:none": no \\label of that name in the document, so the reference prints "??" (as LaTeX\'s "Reference undefined")'],
    ]);
  });

  it('reads \\crefrange, \\labelcref, \\nameref, \\pageref and \\cpageref as the surfaces resolve them', () => {
    const text = [
      '\\section{Bounds}\\label{sec:b}',
      '',
      '\\begin{align}',
      'a &\\le b \\label{eq:1} \\\\',
      'b &\\le c \\label{eq:2}',
      '\\end{align}',
      '',
      'By \\crefrange{eq:1}{eq:9}, \\labelcref{eq:2,eq:0}, \\nameref{sec:b}, \\nameref{sec:x}, page~\\pageref{eq:1}, \\pageref{p:x} and \\Cpageref{eq:2}.',
      '',
    ].join('\n');
    expect(undefinedRefs(text).map(([quote]) => quote)).toEqual(['\\crefrange{eq:1}{eq:9}', '\\labelcref{eq:2,eq:0}', '\\nameref{sec:x}', '\\pageref{p:x}']);
  });

  it('a Markdown heading\'s label is named for \\nameref, and a number reference to it says why it prints "??" (rev4)', () => {
    const text = '# Intro \\label{sec:intro}\n\nSee \\nameref{sec:intro}, \\cref{sec:intro} and \\ref{gone}.\n';
    expect(undefinedRefs(text)).toEqual([
      ['\\cref{sec:intro}', '"sec:intro" labels a Markdown heading, which has no number (Pandoc numbers none), so this reference prints "??"; \\nameref{sec:intro} prints its title'],
      ['\\ref{gone}', '"gone": no \\label of that name in the document, so the reference prints "??" (as LaTeX\'s "Reference undefined")'],
    ]);
  });

  it('takes every reference command inside math (\\text{} included) for valid LaTeX, not an unknown macro (rev4)', () => {
    const text = [
      'Then $$a \\le b \\quad \\text{by \\cref{lem:a} and \\nameref{lem:a}}$$ holds, and $x \\le y$ by $\\text{\\Crefrange{lem:a}{lem:a}}$.',
      '',
      '\\begin{lemma}[AM--GM]\\label{lem:a}',
      'X.',
      '\\end{lemma}',
      '',
    ].join('\n');
    expect(check(text).lint.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('is quiet for a document whose references all resolve, and shows as a note in Problems beside the reference', () => {
    expect(undefinedRefs('$$ a = b \\tag{A} \\label{eq:a} $$\n\nBy \\eqref{eq:a}.\n')).toEqual([]);
    const report = check('See \\ref{nowhere}.\n');
    expect(report.annotations.filter((a) => a.id.startsWith('check:lint:undefined-reference'))).toEqual([
      expect.objectContaining({ severity: 'note', quote: '\\ref{nowhere}', mappedBy: 'checker' }),
    ]);
  });
});

describe('labels defined twice (rev5)', () => {
  const duplicates = (text: string, format: 'markdown' | 'tex' = 'markdown') =>
    check(text, format).lint.filter((l) => l.code === 'duplicate-label').map((l) => [text.slice(l.range.start, l.range.end), l.message]);

  it('warns at each repeated \\label (headings, theorems, an equation), naming the first one\'s line, as LaTeX\'s "multiply defined"', () => {
    const text = [
      '# The case $n = 1$ \\label{sec:base}',
      '',
      'For $n = 1$ both sides are $1$.',
      '',
      '# The inductive step \\label{sec:base}',
      '',
      '\\begin{lemma}\\label{lem:sum}',
      'For every $n \\ge 1$, $\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}$.',
      '\\end{lemma}',
      '',
      '\\begin{equation}\\label{lem:sum}',
      '\\sum_{k=1}^{n+1} k = \\frac{(n+1)(n+2)}{2}',
      '\\end{equation}',
      '',
      'By \\nameref{sec:base} and \\cref{lem:sum}. Code `\\label{sec:base}` is never read.',
      '',
    ].join('\n');
    expect(duplicates(text)).toEqual([
      ['\\label{sec:base}', '\\label{sec:base} is defined twice (first on line 1), as LaTeX warns "Label `sec:base\' multiply defined": every reference to it names only one of them'],
      ['\\label{lem:sum}', '\\label{lem:sum} is defined twice (first on line 7), as LaTeX warns "Label `lem:sum\' multiply defined": every reference to it names only one of them'],
    ]);
    expect(text.slice(0, check(text).lint.find((l) => l.code === 'duplicate-label')!.range.start)).toContain('# The inductive step');
  });

  it('is silent for a proof whose labels are all distinct, in Markdown and in LaTeX', () => {
    const md = [
      '# Setup \\label{sec:setup}',
      '',
      '\\begin{theorem}[Main]\\label{thm:main}',
      'Every bounded monotone sequence converges.',
      '\\end{theorem}',
      '',
      '$$ a_{n+1} \\le a_n \\tag{M} \\label{eq:mono} $$',
      '',
      '\\begin{align}',
      'a &= b \\label{eq:a} \\\\',
      'c &= d \\label{eq:c}',
      '\\end{align}',
      '',
      'By \\cref{thm:main}, \\eqref{eq:mono}, \\eqref{eq:a} and \\nameref{sec:setup}.',
      '',
    ].join('\n');
    expect(duplicates(md)).toEqual([]);
    const tex = '\\documentclass{article}\n\\begin{document}\n\\section{Start}\\label{sec:start}\n\\begin{lemma}\\label{lem:a}\nA.\n\\end{lemma}\nBy \\cref{lem:a} in \\cref{sec:start}.\n\\end{document}\n';
    expect(duplicates(tex, 'tex')).toEqual([]);
  });
});
