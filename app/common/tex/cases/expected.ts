// What a reader must see for the real-shaped cases l14…l59 (README.md here), on every surface: `check`
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
  // Round 5 (README): section numbers, theorems numbered within sections and within theorems, the usual
  // theorems numbered when none is declared, `\ref` to all of them; Pandoc's smart dashes in Markdown;
  // a `\label` beside a `\tag` in `$$…$$`; a list inside a theorem; a text command before a formula.
  {
    file: 'l30-arxiv-sections.tex',
    marker: 'good integer',
    formulas: 8,
    shows: ['1\u2002Introduction', '2\u2002Proof of the main result', 'We prove Theorem\u00a02.2 in Section\u00a02.', 'Definition 1.1', 'Lemma 2.1', 'Theorem 2.2', 'with Lemma\u00a02.1 and Definition\u00a01.1.'],
    hides: ['??', '\\ref', '\\label', 'sec:', 'theoremstyle'],
  },
  {
    file: 'l31-subsections.tex',
    marker: 'finite group',
    formulas: 8,
    shows: ['1\u2002Setting', '1.1\u2002Orders', '1.2\u2002Cosets', 'Acknowledgements', '2\u2002Consequences', 'see §1.1.', 'By Subsection\u00a01.1, '],
    hides: ['??', '\u2002Acknowledgements', '\\S'],
  },
  { file: 'l32-theorem-undeclared.md', marker: 'Sums of odd numbers', formulas: 4, shows: ['Theorem 1', 'Lemma 1', 'using Lemma 1 for the step; this proves Theorem 1.'], hides: ['??', '\\ref', '\\label'] },
  {
    file: 'l33-smart-dashes.md',
    marker: 'Dashes in prose',
    formulas: 2,
    shows: ['By Cauchy–Schwarz, for ', ' the bound holds—and it is sharp.', 'pages 3–7 uses a--b as a flag', 'run --fast --- done'],
    hides: ['Cauchy--', 'holds---', 'pages 3--'],
  },
  { file: 'l36-chatgpt-brackets.md', marker: 'Rewrite the expression', formulas: 5, shows: ['Since a square is nonnegative,', ' for every real '], hides: ['\\(', '\\[', '\\boxed'] },
  { file: 'l37-dollars-in-list.md', marker: 'We check each case', formulas: 9, shows: [' even: write ', ' or '], hides: ['$$', '\\pmod'] },
  { file: 'l38-front-matter-title-math.md', marker: 'lowest terms', formulas: 3, shows: [' in lowest terms. Then '], hides: ['title:', 'header-includes', 'DeclareMathOperator', 'A. Student', 'irrational'] },
  { file: 'l39-label-eqref.md', marker: 'Telescoping', formulas: 3, shows: ['By (1) the sum collapses.', ' in (1) gives the value '], hides: ['??', 'eqref', 'eq:tel'] },
  { file: 'l40-tag-star.md', marker: 'we conclude', formulas: 3, shows: [') and ((AM–GM)) we conclude.'], hides: ['??', 'eqref', 'amgm'] },
  { file: 'l41-operatorname.md', marker: 'Least common multiples', formulas: 2, shows: ['For positive integers, '], hides: ['operatorname'] },
  { file: 'l42-declaremathoperator-star.tex', marker: 'symmetric matrix', formulas: 3, shows: ['For a symmetric matrix '], hides: ['\\argmax', 'DeclareMathOperator'] },
  { file: 'l43-left-right-bar.md', marker: 'Evaluating a derivative', formulas: 2, shows: ['We have '], hides: ['\\left', '\\right'] },
  { file: 'l44-substack.md', marker: 'The number of pairs', formulas: 2, shows: ['where the sum runs over '], hides: ['substack'] },
  { file: 'l45-xrightarrow.md', marker: 'exact sequence', formulas: 3, shows: ['The maps ', ' compose to '], hides: ['xrightarrow', 'xleftarrow'] },
  { file: 'l46-fonts.md', marker: 'A sigma-algebra', formulas: 9, shows: ['-algebra on '], hides: ['\\mathcal', '\\mathbb'] },
  { file: 'l47-french-decimal.md', marker: 'Exercice', formulas: 2, shows: ['Le prix est de 12,50 $ et le ticket coûte 3 $ seulement.'], hides: ['{,}'] },
  { file: 'l48-icomma.tex', marker: 'Es gilt', formulas: 3, shows: ['Es gilt ', ' und damit '], hides: ['icomma', 'babel'] },
  { file: 'l49-code-fence-dollar.md', marker: 'Computing it', formulas: 1, shows: ['echo "$TOTAL costs $5"', 'The LaTeX source was $\\frac{a}{b}$ and the result is ', '$x^2$ stays code'], hides: [] },
  { file: 'l50-overleaf-habits.tex', marker: 'consecutive integers', formulas: 5, shows: ['Problem 3.', ' is divisible by ', '[hardy]'], hides: ['\\hfill', '\\noindent', '\\medskip', '\\textbf', '\\cite', '\\\\'] },
  { file: 'l51-align-tex.tex', marker: 'Subtracting', formulas: 2, shows: ['Subtracting (2) from (1) gives '], hides: ['??', 'eqref'] },
  { file: 'l52-chatgpt-bold-steps.md', marker: 'Writing the sum twice', formulas: 4, shows: ['Step 2.', 'Final answer:'], hides: ['\\(', '\\[', '\\boxed'] },
  { file: 'l53-theorem-in-enumerate.tex', marker: 'odd prime', formulas: 5, shows: ['Proposition 1', 'Part (ii) of Proposition\u00a01: '], hides: ['\\item', '\\begin', '\\end', '??'] },
  { file: 'l54-dollar-percent-tex.tex', marker: 'A loan', formulas: 2, shows: ['A loan of $1000 at 5% gives $50 a year; in general '], hides: ['\\$', '\\%', 'not \\$ shown'] },
  { file: 'l55-deepseek-split.md', marker: 'step by step', formulas: 5, shows: ['Let’s verify the identity step by step.', 'This follows from the binomial theorem with '], hides: ['\\(', '\\['] },
  { file: 'l56-corollary-within-theorem.tex', marker: 'infinitely many primes', formulas: 0, shows: ['Theorem 1', 'Corollary 1.1', 'By Corollary\u00a01.1 and Theorem\u00a01, done.'], hides: ['??'] },
  { file: 'l57-dashes-md-math.md', marker: 'Ranges', formulas: 2, shows: [' – that is, for every index – we have ', 'the text before — the aside — ends here.'], hides: ['--'] },
  // Break-it variant of l30: the declared title of an abbreviated name (`thm` prints Theorem), `\newtheorem*`,
  // a `\label` after the statement, a `\label` beside a `\tag` in `\[…\]`.
  {
    file: 'l60-declared-titles.tex',
    marker: 'converse fails',
    formulas: 8,
    shows: ['1\u2002Fermat', 'Lemma 1.1', 'Theorem 1.2 (Fermat)', 'Remark.', 'By Lemma\u00a01.1, ', 'as base (B) proves Theorem\u00a01.2 of Section\u00a01.'],
    hides: ['??', 'Thm', 'Lem ', 'Rem.', '\\ref', '\\eqref', '\\tag'],
  },
  { file: 'l58-section-in-markdown.md', marker: 'be an integer', formulas: 2, shows: ['1\u2002Setup', '2\u2002Claim', 'as claimed in Section 2.'], hides: ['??', '\\section', '\\label'] },
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
  // A blank line inside display math: LaTeX stops ("Paragraph ended before \align* was complete", or
  // "Missing $ inserted" for equation and `$$…$$`); KaTeX alone would read it as a space.
  { file: 'l34-blank-line-align.md', marker: 'Two estimates', errors: [/A blank line inside align\* ends the paragraph, and LaTeX stops with "Paragraph ended before \\align\* was complete"/], formulas: 1 },
  { file: 'l35-blank-line-equation.tex', marker: 'Squaring both sides', errors: [/A blank line inside equation ends the paragraph, and LaTeX stops with "Missing \$ inserted"/], formulas: 1 },
  { file: 'l59-blank-line-gather-md.md', marker: 'Both factor through', errors: [/A blank line inside gathered ends the paragraph/], formulas: 1 },
];
