import { describe, expect, it } from 'vitest';
import type { ProofDocument } from '../common/proof';
import { formatFromPath, mathFragments, parseProof } from './index';

const md = String.raw;
const summary = (doc: ProofDocument) => doc.steps.map((s) => [s.kind, s.text]);

describe('parseProof (Markdown)', () => {
  it('splits paragraphs, headings and list items, with sections and positional labels', () => {
    const text = md`# Setup

Let $n$ be odd.

## Claim

- First, $n^2$ is odd.
- Second, \(n+1\) is even.
  1. nested item
- Third.
`;
    const doc = parseProof(text);
    expect(summary(doc)).toEqual([
      ['heading', '# Setup'],
      ['paragraph', 'Let $n$ be odd.'],
      ['heading', '## Claim'],
      ['list-item', '- First, $n^2$ is odd.'],
      ['list-item', md`- Second, \(n+1\) is even.`],
      ['list-item', '1. nested item'],
      ['list-item', '- Third.'],
    ]);
    expect(doc.steps.map((s) => s.label)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7']);
    expect(doc.steps.map((s) => s.section)).toEqual(['Setup', 'Setup', 'Claim', 'Claim', 'Claim', 'Claim', 'Claim']);
    const second = doc.steps[4];
    expect(second.range.startPos).toEqual({ line: 8, column: 1 });
    expect(second.range.endPos).toEqual({ line: 8, column: 27 });
  });

  it('finds all four math delimiters with exact delimiter and content ranges, and skips code spans', () => {
    const text = md`Inline $a$, $$b$$, \(c\) and \[d\], not ${'`$e$`'} nor \$5.`;
    const [step] = parseProof(text).steps;
    expect(step.math.map((m) => [m.delimiter, m.display, m.tex])).toEqual([
      ['$', false, 'a'],
      ['$$', true, 'b'],
      ['\\(', false, 'c'],
      ['\\[', true, 'd'],
    ]);
    for (const m of step.math) {
      expect(text.slice(m.contentRange.start, m.contentRange.end)).toBe(m.tex);
      expect(text.slice(m.range.start, m.contentRange.start)).toBe(m.delimiter);
    }
  });

  it('attaches display math to the sentence that introduces it', () => {
    const text = md`We have:
$$
x^2 \ge 0
$$

Moreover

\[ y > 0 \]

This is closed.

\begin{align}
a &= b \\
  &= c
\end{align}
`;
    const doc = parseProof(text);
    expect(summary(doc)).toEqual([
      ['paragraph', 'We have:\n$$\nx^2 \\ge 0\n$$'],
      ['paragraph', 'Moreover\n\n\\[ y > 0 \\]'],
      ['paragraph', 'This is closed.'],
      ['display-math', '\\begin{align}\na &= b \\\\\n  &= c\n\\end{align}'],
    ]);
    expect(doc.steps[0].math[0]).toMatchObject({ delimiter: '$$', display: true, tex: 'x^2 \\ge 0' });
    expect(doc.steps[3].math[0]).toMatchObject({ delimiter: 'env', env: 'align', display: true });
  });

  it('keeps the text after an attached display in the step when it goes on with the sentence', () => {
    const text = md`Hence:

\begin{equation}
x = 1
\end{equation}
where $x$ is fixed.

\[ y \]

Next.`;
    expect(summary(parseProof(text))).toEqual([
      ['paragraph', 'Hence:\n\n\\begin{equation}\nx = 1\n\\end{equation}\nwhere $x$ is fixed.'],
      ['display-math', '\\[ y \\]'],
      ['paragraph', 'Next.'],
    ]);
  });

  it('ends a $$ display at its closing $$ when that $$ ends a line of math, as TeX does', () => {
    // mdast reads a `$$` line as a fence that runs to a line of only `$$`: this display used to swallow
    // the rest of the document into one formula.
    for (const close of ['\\end{align*}$$', '\\end{align*} $$']) {
      const text = `We compute.\n\n$$\\begin{align*}\na &= b \\\\\nc &= d\n${close}\n\nSo $x = 1$.\n\n$$\ny = 2\n$$\n\nDone.\n`;
      const steps = parseProof(text, 'markdown').steps;
      expect(steps.map((s) => s.text)).toEqual(['We compute.', `$$\\begin{align*}\na &= b \\\\\nc &= d\n${close}`, 'So $x = 1$.', '$$\ny = 2\n$$', 'Done.']);
      expect(steps[1].math.map((m) => [m.display, m.tex])).toEqual([[true, '\\begin{align*}\na &= b \\\\\nc &= d\n\\end{align*}' + (close.endsWith(' $$') ? ' ' : '')]]);
      expect(steps[2].math.map((m) => m.tex)).toEqual(['x = 1']);
    }
  });

  it('keeps an environment or \\[ … \\] with blank lines inside as one step', () => {
    const text = md`\begin{theorem}[Main]
For all $n$,

we have $n \ge 0$.
\end{theorem}

\[
a

b
\]
`;
    const doc = parseProof(text);
    expect(doc.steps.map((s) => s.kind)).toEqual(['environment', 'display-math']);
    expect(doc.steps[0].text.endsWith('\\end{theorem}')).toBe(true);
    expect(doc.steps[0].math.map((m) => m.tex)).toEqual(['n', 'n \\ge 0']);
    expect(doc.steps[1].math).toHaveLength(1);
    expect(doc.steps[1].math[0].tex).toBe('\na\n\nb\n');
  });

  it('makes the paragraphs inside \\begin{proof} separate steps and drops the markers', () => {
    const text = md`\begin{proof}[Proof of the claim]
First we note $x > 0$.

Then we conclude.
\end{proof}
`;
    expect(summary(parseProof(text))).toEqual([
      ['paragraph', 'First we note $x > 0$.'],
      ['paragraph', 'Then we conclude.'],
    ]);
  });

  it('handles nested environments and \\\\[2pt] inside math', () => {
    const text = md`\begin{lemma}
Let
\begin{align*}
x &= 1 \\[2pt]

y &= 2
\end{align*}
\end{lemma}

Next.`;
    const doc = parseProof(text);
    expect(doc.steps.map((s) => s.kind)).toEqual(['environment', 'paragraph']);
    expect(doc.steps[0].math).toHaveLength(1);
    expect(doc.steps[0].math[0].env).toBe('align*');
  });

  it('keeps code, quotes and HTML as their own steps without reading math inside code; HTML comments are no steps', () => {
    const text = '```\n$x$ \\(y\\)\n```\n\n> A quoted $z$.\n\n<!-- a note\n\nto self -->\n\n<div>box</div>\n';
    const doc = parseProof(text);
    expect(doc.steps.map((s) => [s.kind, s.math.length])).toEqual([
      ['code', 0],
      ['quote', 1],
      ['other', 0],
    ]);
  });

  it('gives exact ranges with CRLF line endings and non-BMP characters', () => {
    const text = 'Let 😀 be $x$.\r\n\r\nThen é holds.\r\n';
    const doc = parseProof(text);
    expect(doc.steps.map((s) => s.text)).toEqual(['Let 😀 be $x$.', 'Then é holds.']);
    expect(doc.steps[1].range.startPos).toEqual({ line: 3, column: 1 });
    const m = doc.steps[0].math[0];
    expect(text.slice(m.range.start, m.range.end)).toBe('$x$');
  });

  it('keeps offsets exact after a byte-order mark', () => {
    const doc = parseProof('\uFEFFFirst $x$.\n\nSecond.\n');
    expect(doc.steps.map((s) => [s.range.start, s.text])).toEqual([
      [1, 'First $x$.'],
      [13, 'Second.'],
    ]);
    expect(doc.steps[0].math[0].range).toEqual({ start: 7, end: 10 });
  });

  it('gives the same ids for the same text, and distinct ids for repeated steps', () => {
    const text = 'Same.\n\nSame.\n\nOther.\n';
    const a = parseProof(text);
    const b = parseProof(text);
    expect(a.steps.map((s) => s.id)).toEqual(b.steps.map((s) => s.id));
    expect(new Set(a.steps.map((s) => s.id)).size).toBe(3);
  });

  it('returns no steps for an empty document and rejects unknown formats clearly', () => {
    expect(parseProof('').steps).toEqual([]);
    expect(parseProof('\n\n  \n').steps).toEqual([]);
    expect(() => parseProof('x', 'docx' as never)).toThrow(/unknown format "docx"/);
  });
});

describe('parseProof (.tex)', () => {
  const tex = md`\documentclass{article}
% \begin{document} in a comment does not count
\begin{document}
\section{Setup}\label{sec:setup}
% a comment line is not a step
Let $x > 0$. % a trailing comment
Then 50\% of it is $x/2$.

% only comments here

Hence
\begin{equation}
  x^2 > 0
\end{equation}

\begin{proof}
Trivial.

Done.
\end{proof}
\end{document}
Text after the document is ignored.
`;

  it('uses only the document body; headings, paragraphs and comments as described', () => {
    const doc = parseProof(tex, 'tex');
    expect(tex.slice(doc.body.start, doc.body.end).startsWith('\n\\section{Setup}')).toBe(true);
    expect(summary(doc)).toEqual([
      ['heading', '\\section{Setup}\\label{sec:setup}'],
      ['paragraph', 'Let $x > 0$. % a trailing comment\nThen 50\\% of it is $x/2$.'],
      ['paragraph', 'Hence\n\\begin{equation}\n  x^2 > 0\n\\end{equation}'],
      ['paragraph', 'Trivial.'],
      ['paragraph', 'Done.'],
    ]);
    expect(doc.steps[1].section).toBe('Setup');
    expect(doc.steps[1].math.map((m) => m.tex)).toEqual(['x > 0', 'x/2']);
    expect(doc.steps[2].math[0]).toMatchObject({ delimiter: 'env', env: 'equation' });
  });

  it('makes each \\item of itemize/enumerate a list-item step, but never splits inside a theorem', () => {
    const text = md`\begin{document}
Two cases:
\begin{enumerate}
  \item[(a)] If $n$ is even, then
  \[ n^2 \equiv 0 \]
  \item If $n$ is odd. % the odd case

  \item Nested:
  \begin{itemize}
  \item inner
  \end{itemize}
\end{enumerate}

\begin{theorem}
\begin{enumerate}
\item stays inside
\end{enumerate}
\end{theorem}
\end{document}
`;
    expect(summary(parseProof(text, 'tex'))).toEqual([
      ['paragraph', 'Two cases:'],
      ['list-item', '\\item[(a)] If $n$ is even, then\n  \\[ n^2 \\equiv 0 \\]'],
      ['list-item', '\\item If $n$ is odd.'],
      ['list-item', '\\item Nested:'],
      ['list-item', '\\item inner'],
      ['environment', '\\begin{theorem}\n\\begin{enumerate}\n\\item stays inside\n\\end{enumerate}\n\\end{theorem}'],
    ]);
  });

  it('parses the whole file when there is no document environment', () => {
    const doc = parseProof('First.\n\n%c\n\nSecond $y$.\n', 'tex');
    expect(summary(doc)).toEqual([
      ['paragraph', 'First.'],
      ['paragraph', 'Second $y$.'],
    ]);
  });
});

describe('formatFromPath', () => {
  it('reads .tex/.latex/.ltx as TeX and everything else as Markdown', () => {
    expect(formatFromPath('/a/b/proof.tex')).toBe('tex');
    expect(formatFromPath('C:\\x\\P.LaTeX')).toBe('tex');
    expect(formatFromPath('proof.md')).toBe('markdown');
    expect(formatFromPath('notes.txt')).toBe('markdown');
  });
});

describe('mathFragments', () => {
  it('finds math in a span, honours escapes, and reads % as a comment only in TeX', () => {
    const text = md`50% of \$ is $a$; \\[2pt] is no math; \begin{gather}b\end{gather} % $c$`;
    expect(mathFragments(text).map((m) => m.tex)).toEqual(['a', 'b', 'c']);
    expect(mathFragments(text, undefined, 'tex').map((m) => m.tex)).toEqual([]);
    const from = text.indexOf(';');
    expect(mathFragments(text, { start: from, end: text.length }).map((m) => m.delimiter)).toEqual(['env', '$']);
  });

  it('leaves unclosed delimiters alone', () => {
    expect(mathFragments('cost $5 and \\(x')).toEqual([]);
  });
});
