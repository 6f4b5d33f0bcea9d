// What a reader must see for the real-shaped cases l14…l19 (README.md here), on every surface: `check`
// and the step segmentation (app/check/latex-cases.test.ts), the preview renderer
// (renderer/preview/latex-cases.test.ts), the HTML report (app/report/latex-cases.test.ts) and the
// workbench in Chromium (e2e/latex.test.ts). Test data only; the cases themselves are the .md/.tex files.

export interface CaseExpectation {
  file: string;
  /** A word of the document's text, to know the preview shows this document. */
  marker: string;
  /** Formulas typeset (top-level: math nested in `\text{}` is part of its formula). */
  formulas: number;
  /** Phrases shown as text, each on one source line. */
  shows: string[];
  /** Text that must not be shown (definitions, comments). */
  hides: string[];
  /**
   * `\ensuremath` macros used in running text (macros.ts textModeMathUses): typeset where they stand by
   * the preview and the report, on top of `formulas`; not formulas to the checker.
   */
  textMath?: number;
}

/** Every case here has no KaTeX error and no lint finding, and `check` exits 0. */
export const MORE_CASES: CaseExpectation[] = [
  {
    file: 'l14-currency-with-math.md',
    marker: 'Tickets',
    formulas: 1,
    shows: ['friends each pay $15, the total is $45.', 'A ticket at $7.50 and a drink at $2 cost $9.50 together.'],
    hides: [],
  },
  { file: 'l15-escaped-dollar-display.md', marker: 'Pricing', formulas: 3, shows: ['so three units cost'], hides: ['\\$'] },
  {
    file: 'l16-macros-in-math.md',
    marker: 'Setup',
    formulas: 4,
    shows: ['denotes the integers and'],
    hides: ['newcommand', 'DeclareMathOperator', '\\def', '\\let'],
  },
  { file: 'l17-ensuremath-preamble.tex', marker: 'rationals', formulas: 4, shows: ['The rationals are dense: for'], hides: ['ensuremath'] },
  { file: 'l18-text-in-math-cases.md', marker: 'Parity function', formulas: 2, shows: ['Also'], hides: ['$n$'] },
  { file: 'l19-tex-preamble-macros.tex', marker: 'prime', formulas: 5, shows: ['be prime and'], hides: ['a remark', '\\abs', '\\ord'] },
  // Round 4 (README): YAML front matter is hidden and its header-includes macros apply; a control space
  // closes inline math; an \ensuremath macro's optional argument in text; LaTeX's text boxes in math.
  { file: 'l22-yaml-front-matter.md', marker: 'Lemma on squares', formulas: 3, shows: ['For every '], hides: ['title:', 'header-includes', 'usepackage', 'Jane Student'] },
  { file: 'l23-yaml-front-matter-list.md', marker: 'Divisibility', formulas: 2, shows: ['be positive. Then'], hides: ['title:', 'date:', 'header-includes', 'usepackage', 'DeclareMathOperator'] },
  { file: 'l24-control-space-closes.md', marker: 'Spacing', formulas: 4, shows: [' for the value with a trailing space, and '], hides: ['$a'] },
  { file: 'l25-ensuremath-optional.tex', marker: 'tuple', formulas: 2, textMath: 2, shows: ['The tuple ', ' entries and '], hides: ['\\vect'] },
  // Text-mode LaTeX read as LaTeX prints it: a \label beside a heading or a theorem line, a theorem's
  // number (\newtheorem) and `\ref` to it, a theorem's and a proof's titles (also in Markdown), TeX quotes and dashes, spacing commands, §, \cite, \footnote, a run-in \paragraph.
  { file: 'l27-theorem-label.tex', marker: 'Odd squares', formulas: 4, shows: ['Setup', 'Lemma 1', 'Odd squares', 'Proof of Lemma\u00a01'], hides: ['\\begin', '\\end', '\\label', 'sec:setup', 'lem:key', '}{', '??'] },
  {
    file: 'l28-text-commands.tex',
    marker: 'Cauchy',
    formulas: 5,
    shows: ['By “Cauchy–Schwarz” — as in § 2 of [hardy] — we get', 'Case 1.'],
    hides: ['\\medskip', '\\vspace', '\\hfill', '\\cite', '\\paragraph', '\\footnote', '``', '\\S'],
  },
  { file: 'l29-theorem-in-markdown.md', marker: 'AM-GM for two', formulas: 3, shows: ['Theorem', '(AM-GM)'], hides: ['\\begin', '\\end'] },
  { file: 'l26-text-boxes-in-math.md', marker: 'Counting divisors', formulas: 2, shows: ['and the greedy value satisfies'], hides: ['\\mbox', '\\textsc'] },
];

/** A case LaTeX rejects: every surface reports these errors (messages matched), and only these. */
export interface ErrorCaseExpectation {
  file: string;
  /** A word of the document's text, to know the preview shows this document. */
  marker: string;
  /** The errors, in document order. */
  errors: RegExp[];
  /** Formulas typeset without error. */
  formulas: number;
}

export const ERROR_CASES: ErrorCaseExpectation[] = [
  // amsmath's inner environments (cases, pmatrix, aligned…) need math mode; align*/equation start it.
  { file: 'l20-cases-outside-math.md', marker: 'starts display math itself', errors: [/\\begin\{cases\} needs math mode/], formulas: 2 },
  // amsmath refuses even one \tag on a row of aligned ("\tag not allowed here"); KaTeX alone would take it.
  { file: 'l21-tag-in-aligned-one.md', marker: 'while here it is fine', errors: [/\\tag not allowed here/], formulas: 1 },
];
