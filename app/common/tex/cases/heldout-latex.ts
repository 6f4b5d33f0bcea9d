// What a reader must see for each held-out LaTeX variant (app/check/corpus/heldout/latex/), on every surface:
// `check` and the report (app/check/heldout-latex.test.ts) and the preview renderer
// (renderer/preview/heldout-latex.test.ts). Test data only; the variants themselves are the files.

export interface HeldoutLatexCase {
  file: string;
  /** Formulas typeset (a formula holding nothing but macro definitions excluded). */
  formulas: number;
  /** Text shown as written, each on one source line. */
  shows?: string[];
  /** Uses of `\ensuremath` (or an `\ensuremath` macro) in running text, typeset where they stand. */
  textMacro?: number;
}

export const HELDOUT_LATEX: HeldoutLatexCase[] = [
  { file: 'l1-h1.md', formulas: 0, shows: ['Tickets cost $5 for children and $12 for adults, so a family of four pays $34.'] },
  { file: 'l1-h2.md', formulas: 0, shows: ['The rent grew from $1,500 to $2,250 per month, an increase of $750;'] },
  // Currency before a formula in the same paragraph: the dollar amount stays text (Pandoc gives up at
  // the first `$` that cannot close it), the formulas after it are typeset on their own.
  { file: 'l1-h3.md', formulas: 2, shows: ['Each ticket costs $5 and '] },
  { file: 'l1-h4.md', formulas: 2, shows: ['She saved $40; since '] },
  { file: 'l1-h5.md', formulas: 2, shows: ['A phone costs US$300 and a case costs US$25, so with '] },
  { file: 'l1-h6.md', formulas: 2, shows: ['Prices range from $10–$20 per item, and a box of '] },
  { file: 'l1-h7.md', formulas: 1, shows: ['He paid with a $50 bill and got $8.75 back. The meal cost '] },
  { file: 'l1-h8.md', formulas: 1, shows: ['The grant was ($250k) and the cost ($180k) left ($70k), i.e. '] },
  { file: 'l1-h9.md', formulas: 3, shows: ['Apples cost $3 each, pears $2 each. If ', ' pears cost $13, then '] },
  { file: 'l1-h10.md', formulas: 3, shows: ['A worker earns $12/hour. In ', ' hours that is $480.'] },
  { file: 'l3-h1.md', formulas: 2 },
  { file: 'l3-h2.md', formulas: 2 },
  { file: 'l3-h3.md', formulas: 1 },
  // `\$` in `\text{}`, at a formula's end (`5\$$`), alone (`$\$$`) and in a .tex file next to text `US\$`.
  { file: 'l3-h4.md', formulas: 2 },
  { file: 'l3-h5.md', formulas: 4 },
  { file: 'l3-h6.tex', formulas: 3, shows: ['Prices here are in US$.'] },
  { file: 'l3-h7.md', formulas: 2 },
  // Dollars in code are code: an indented code block (only the Markdown parser knows it), a fence, spans.
  { file: 'l4-h1.md', formulas: 2, shows: ['total = $5 + $x'] },
  { file: 'l4-h2.md', formulas: 2, shows: ['PRICE=$5', 'Total: $PRICE and $TAX'] },
  { file: 'l4-h3.md', formulas: 2, shows: ['but not '] },
  { file: 'l5-h1.tex', formulas: 2, textMacro: 1 },
  { file: 'l5-h2.tex', formulas: 2, textMacro: 1 },
  // xspace's `\xspace` after `\ensuremath{…}` in a preamble macro: nothing in math, no unknown macro.
  { file: 'l5-h3.tex', formulas: 3, textMacro: 1 },
  // `\ensuremath{…}` written in running text is math where it stands, not a `\mathbb` missing its `$`.
  { file: 'l5-h4.tex', formulas: 1, textMacro: 2 },
  // A preamble macro with an optional first argument (`[2][n]`), used with and without it.
  { file: 'l5-h5.tex', formulas: 2 },
  { file: 'l6-h1.md', formulas: 3 },
  { file: 'l6-h2.md', formulas: 1 },
  { file: 'l6-h3.md', formulas: 1 },
  { file: 'l6-h4.md', formulas: 2 },
  // Several definitions in one display, \DeclareMathOperator*, \renewcommand of a KaTeX macro, \def
  // with a parameter, definition-only inline formulas, `$\newcommand…$` as a paragraph of its own.
  { file: 'l6-h5.md', formulas: 2 },
  { file: 'l6-h6.md', formulas: 1 },
  { file: 'l6-h7.md', formulas: 1 },
  { file: 'l6-h8.md', formulas: 2 },
  { file: 'l6-h9.md', formulas: 1, shows: [' be notation; then '] },
  { file: 'l6-h10.md', formulas: 1 },
  // gather and align with \tag, \tag*, \notag and \label: no error.
  { file: 'l8-h1.md', formulas: 2 },
  { file: 'l12-h1.tex', formulas: 4 },
  { file: 'l12-h2.tex', formulas: 2 },
  // A preamble definition over several lines (`{%` … `}%`): its body is not prose with a missing `$`.
  { file: 'l12-h3.tex', formulas: 2 },
  // Optional arguments with an empty default and nested calls (`\ip{\seq{a}}{v}`, `\seq[m+1]{c}`).
  { file: 'l12-h4.tex', formulas: 3 },
];
