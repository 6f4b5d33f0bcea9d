import { describe, expect, it } from 'vitest';
import { plainTexTitle, textEnvironmentLines } from './text-mode';

describe('plainTexTitle', () => {
  it('reads the shipped samples\' titles as plain text, with no TeX markup left', () => {
    expect(plainTexTitle('Infinitely many primes of the form $4k+3$')).toBe('Infinitely many primes of the form 4k+3');
    expect(plainTexTitle('The sum of the first $n$ cubes')).toBe('The sum of the first n cubes');
    expect(plainTexTitle('Additive maps $\\mathbb{R} \\to \\mathbb{R}$ and \\emph{continuity}')).toBe('Additive maps ℝ → ℝ and continuity');
    expect(plainTexTitle('Bounds \\(a \\le b\\), $$x \\cdot y$$')).toBe('Bounds a ≤ b, x · y');
  });
});

describe('textEnvironmentLines: a titled environment sharing its line with text', () => {
  it('titles a \\begin followed by text and drops an \\end after text (∎ for a proof), label gone, math kept', () => {
    const numberOf = (name: string) => (name === 'theorem' ? 'Theorem 3' : undefined);
    expect(textEnvironmentLines('\\begin{theorem}\\label{thm:main} For all $n$, $n^2 \\ge 0$. \\end{theorem}', numberOf))
      .toBe('**Theorem 3**. For all $n$, $n^2 \\ge 0$.');
    expect(textEnvironmentLines('\\begin{lemma}[AM--GM] For $a, b \\ge 0$,\nit holds.\n\\end{lemma}')).toBe('**Lemma** (AM\u2013GM). For $a, b \\ge 0$,\nit holds.\n');
    expect(textEnvironmentLines('  which completes the argument. \\end{proof}\r')).toBe('  which completes the argument. ∎\r');
    expect(textEnvironmentLines('\\begin{proof} Trivial. \\end{proof}')).toBe('*Proof.* Trivial. ∎');
  });

  it('titles a declared name only when the document numbers or declares it, and closes only what it titled', () => {
    expect(textEnvironmentLines('\\begin{thm}[Main] Text. \\end{thm}', () => 'Theorem 1.1')).toBe('**Theorem 1.1** (Main). Text.');
    expect(textEnvironmentLines('\\begin{tikzpicture} \\draw (0,0); \\end{tikzpicture}')).toBe('\\begin{tikzpicture} \\draw (0,0); \\end{tikzpicture}');
    // A declared theorem's `\end` in another paragraph than its `\begin` line (a blank line in the theorem).
    expect(textEnvironmentLines('Second paragraph. \\end{thm}')).toBe('Second paragraph.');
  });

  it('leaves math environments, lists and layout environments as written', () => {
    for (const line of [
      '\\begin{align*} a &= b \\end{align*}',
      '\\begin{equation} x = 1 \\end{equation}',
      '\\begin{itemize} \\item a \\end{itemize}',
      '\\begin{center} Centered. \\end{center}',
      'Then $$\\begin{aligned} a &= b \\end{aligned}$$',
      'the command `\\begin{theorem} x \\end{theorem}` in a code span',
    ]) expect(textEnvironmentLines(line, () => 'Theorem 1')).toBe(line);
  });

  it('titles a \\begin in mid-line and ends the environment\'s paragraph at a mid-line \\end, as LaTeX sets it (numbered as documentNumbers counts it)', () => {
    const numbers = ['Theorem 2', 'Theorem 3'];
    const numberOf = (name: string) => (name === 'theorem' ? numbers.shift() : undefined);
    expect(textEnvironmentLines('As we see \\begin{theorem}\\label{thm:mid} Every $n$ works. \\end{theorem} and so on.', numberOf))
      .toBe('As we see  \n**Theorem 2**. Every $n$ works.  \nand so on.');
    expect(textEnvironmentLines('Hence \\begin{proof}[Sketch] Induct. \\end{proof} Next.')).toBe('Hence  \n*Sketch.* Induct. ∎  \nNext.');
    // At the start of a line under text: a break after that text.
    expect(textEnvironmentLines('and so on.\n\\begin{lemma}[Key] Squares. \\end{lemma}')).toBe('and so on.  \n**Lemma** (Key). Squares.');
    // After a list item's marker it starts its line: no break.
    expect(textEnvironmentLines('- \\begin{theorem} In an item. \\end{theorem}', numberOf)).toBe('- **Theorem 3**. In an item.');
  });
});
