// LaTeX round 5 (break-it over check, preview and report): the shared reading's part of each kind.
// The whole cases (app/common/tex/cases l30–l59) run on every surface through expected.ts.
import { describe, expect, it } from 'vitest';
import { blankLineInDisplay } from './environments';
import { renderTex } from './katex';
import { documentNumbers, equationLabels, fragmentEquations } from './numbering';
import { mathFragments } from './math';
import { latexHeadingToMarkdown, smartPunctuation, textEnvironmentLines } from './text-mode';

const valuesAt = (map: Map<number, string>) => [...map.entries()].sort(([a], [b]) => a - b).map(([, v]) => v);

describe('section numbers (documentNumbers)', () => {
  it('numbers \\section, \\subsection, \\subsubsection as LaTeX does; starred ones are not numbered', () => {
    const text = [
      '\\section{A}\\label{sec:a}',
      '\\subsection{A1}',
      '\\label{ssec:a1}',
      '\\subsubsection{A1a}',
      '\\subsection*{Aside}',
      '\\subsection{A2}',
      '\\section*{Thanks}',
      '\\section[Short]{B {with} braces}\\label{sec:b}',
      '\\subsection{B1}',
      '% \\section{commented out}',
    ].join('\n');
    const { sections, labels } = documentNumbers(text);
    expect(valuesAt(sections)).toEqual(['1', '1.1', '1.1.1', '1.2', '2', '2.1']);
    expect(sections.get(text.indexOf('\\subsection{A2}'))).toBe('1.2');
    expect(Object.fromEntries(labels)).toEqual({ 'sec:a': '1', 'ssec:a1': '1.1', 'sec:b': '2' });
  });

  it('numbers sections within chapters, and as letters after \\appendix', () => {
    expect(valuesAt(documentNumbers('\\chapter{One}\\section{S}\\section{T}\\chapter{Two}\\section{U}').sections)).toEqual(['1', '1.1', '1.2', '2', '2.1']);
    expect(valuesAt(documentNumbers('\\section{S}\\appendix\\section{Proofs}\\subsection{P}\\section{More}').sections)).toEqual(['1', 'A', 'A.1', 'B']);
  });

  it('shows the number before the heading title', () => {
    expect(latexHeadingToMarkdown('\\subsection{Orders}\\label{x}', '1.1')).toBe('### 1.1\u2002Orders');
    expect(latexHeadingToMarkdown('\\section*{Thanks}')).toBe('## Thanks');
  });
});

describe('theorem numbers within sections and within other theorems', () => {
  it('numbers [section] theorems 1.1, 1.2, 2.1 (reset by each section), sharing counters, labels resolved', () => {
    const text = [
      '\\newtheorem{theorem}{Theorem}[section]',
      '\\newtheorem{lemma}[theorem]{Lemma}',
      '\\newtheorem{corollary}{Corollary}[theorem]',
      '\\begin{lemma}\\label{lem:zero}', // before any section: LaTeX prints 0.1
      '\\section{One}',
      '\\begin{theorem}\\label{thm:a}',
      '\\begin{corollary}\\label{cor:a}',
      '\\begin{corollary}',
      '\\begin{lemma}[Key]',
      '\\label{lem:key}',
      '\\section{Two}',
      '\\begin{theorem}',
      '\\begin{corollary}\\label{cor:b}',
    ].join('\n');
    const { numbers, labels } = documentNumbers(text);
    expect(valuesAt(numbers)).toEqual(['0.1', '1.1', '1.1.1', '1.1.2', '1.2', '2.1', '2.1.1']);
    expect(Object.fromEntries(labels)).toEqual({ 'lem:zero': '0.1', 'thm:a': '1.1', 'cor:a': '1.1.1', 'lem:key': '1.2', 'cor:b': '2.1.1' });
  });

  it("reads a \\label further down a theorem's body (ChatGPT puts it after the statement), an equation's label kept apart", () => {
    const text = '\\begin{lemma}\nFor all $n$ we have $n \\ge 0$.\n\\label{lem:late}\n\\end{lemma}\n\\begin{theorem}\nThen\n\\begin{equation}\\label{eq:in}x\\end{equation}\n\\end{theorem}';
    expect(Object.fromEntries(documentNumbers(text).labels)).toEqual({ 'lem:late': '1' });
  });

  it('prints the declared title (`\\newtheorem{thm}{Theorem}`) with the number, and an unnumbered one alone', () => {
    const text = '\\newtheorem{thm}{Theorem}[section]\n\\newtheorem{lem}[thm]{Lemma}\n\\newtheorem*{rem}{Remark}\n\\section{A}\n\\begin{thm}\n\\begin{lem}\n\\begin{rem}\n\\begin{proof}';
    expect(valuesAt(documentNumbers(text).titles)).toEqual(['Theorem 1.1', 'Lemma 1.2', 'Remark']);
    expect(textEnvironmentLines('\\begin{thm}[Fermat]', () => 'Theorem 1.1')).toBe('**Theorem 1.1** (Fermat). ');
  });

  it('reads the document once: many theorems left open cost no more than closed ones (the preview calls it per keystroke)', () => {
    const open = '\\begin{lemma}\nx \\label{l}\n'.repeat(20_000);
    const started = performance.now();
    const { numbers } = documentNumbers(open);
    expect(numbers.size).toBe(20_000);
    // Linear (a search for each body grew with the square: 10,000 open lemmas took 0.7 s, this 20,000 about 3 s).
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('numbers the usual theorem names, each on its own counter, when the document declares none', () => {
    const text = '\\begin{theorem}\\label{t}\n\\end{theorem}\n\\begin{lemma}\n\\begin{theorem}\n\\begin{theorem*}\n\\begin{proof}\n\\begin{center}';
    const { numbers, labels } = documentNumbers(text);
    expect(valuesAt(numbers)).toEqual(['1', '1', '2']);
    expect(labels.get('t')).toBe('1');
  });
});

describe("Pandoc's smart punctuation in Markdown prose", () => {
  it('makes -- an en dash, --- an em dash and ... an ellipsis', () => {
    expect(smartPunctuation('Cauchy--Schwarz, pages 3--7---and so on...')).toBe('Cauchy–Schwarz, pages 3–7—and so on…');
    expect(smartPunctuation('a ---- b')).toBe('a —- b');
    // Not prose: an HTML comment, a table's delimiter row (the preview shows tables as text).
    expect(smartPunctuation('x <!-- a -- b --> y -- z')).toBe('x <!-- a -- b --> y – z');
    expect(smartPunctuation('| a -- b |\n|---|:--:|\n---|---')).toBe('| a – b |\n|---|:--:|\n---|---');
  });
});

describe('a blank line inside display math', () => {
  it("is LaTeX's error: amsmath's collected bodies and plain displays each with LaTeX's words", () => {
    expect(blankLineInDisplay('a &= b \\\\\n\nc &= d', 'align*')?.message).toMatch(/inside align\* .*"Paragraph ended before \\align\* was complete"/);
    expect(blankLineInDisplay('x^2\n  \n', 'equation')?.message).toMatch(/"Missing \$ inserted"/);
    expect(blankLineInDisplay('\n\\begin{gathered} a \\\\\n\n b \\end{gathered}\n', undefined)?.message).toMatch(/inside gathered .*Missing \$ inserted/);
    // A line with a comment on it is how a long display is spaced out: no blank line.
    expect(blankLineInDisplay('a &= b \\\\\n%\nc &= d', 'align*')).toBeNull();
    expect(blankLineInDisplay('a\nb', undefined)).toBeNull();
  });

  it('is the error renderTex gives (the preview and the report), where KaTeX alone typesets it', () => {
    const out = renderTex('a &= b \\\\\n\nc &= d', true, {}, 'align*');
    expect(out).toMatchObject({ error: { message: expect.stringMatching(/^A blank line inside align\*/), start: 10, end: 11 } });
    expect(renderTex('a &= b \\\\\nc &= d', true, {}, 'align*')).toHaveProperty('html');
  });
});

describe('a \\label beside a \\tag in a display LaTeX does not number', () => {
  it('refers to the tag (amsmath), in $$…$$, \\[…\\] and align*', () => {
    expect(equationLabels('x \\tag*{(AM--GM)} \\label{eq:amgm}', undefined, 1)).toEqual([{ key: 'eq:amgm', tag: '(AM--GM)' }]);
    expect(equationLabels('a &= b \\tag{A} \\label{a} \\\\ c &= d \\label{c}', 'align*', 1)).toEqual([{ key: 'a', tag: 'A' }]);
    const run = fragmentEquations(mathFragments('$$\nx = 1 \\tag{$\\ast$}\\label{k}\n$$'));
    expect(run).toEqual({ count: 0, labels: [{ key: 'k', tag: '$\\ast$' }] });
  });
});

describe('a list inside a theorem, read as one step', () => {
  it('becomes a Markdown list: numbered in an enumerate, nested lists indented, labelled items unnumbered', () => {
    const text = [
      '\\begin{proposition}',
      'Let $p$ be odd.',
      '\\begin{enumerate}',
      '\\item first;',
      '\\begin{itemize}',
      '\\item inner',
      '\\end{itemize}',
      '\\item[(c)] labelled',
      '\\item second.',
      '\\end{enumerate}',
      '\\end{proposition}',
    ].join('\n');
    expect(textEnvironmentLines(text, () => 'Proposition 1').split('\n')).toEqual(['**Proposition 1**. ', 'Let $p$ be odd.', '', '1. first;', '', '    - inner', '', '- (c) labelled', '2. second.', '', '']);
  });
});
