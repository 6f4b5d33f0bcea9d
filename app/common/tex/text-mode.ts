// Text-mode LaTeX (outside math) as Markdown: one conversion for every surface that shows a .tex proof
// (the preview, the HTML report), so `\emph{…}`, `\section{…}` and `%` comments look the same in both.

/**
 * The text-mode LaTeX a .tex proof uses most, as Markdown (math has already been cut out). Anything not
 * listed stays as source text, which is honest and readable. Comments (`%` to the end of the line) go.
 */
export function texTextToMarkdown(text: string): string {
  return text
    .replace(/(^|[^\\])%.*$/gm, '$1')
    .replace(/\\(sub)?section\*?\{([^{}]*)\}/g, (_, sub: string | undefined, title: string) => `${sub ? '###' : '##'} ${title}\n`)
    .replace(/\\(?:emph|textit)\{([^{}]*)\}/g, '*$1*')
    .replace(/\\textbf\{([^{}]*)\}/g, '**$1**')
    .replace(/\\texttt\{([^{}]*)\}/g, '`$1`')
    .replace(/\\(?:label|noindent)(?:\{[^{}]*\})?/g, '')
    .replace(/\\qed(?![a-zA-Z])/g, '∎')
    .replace(/\\(?:ldots|dots)(?![a-zA-Z])/g, '…')
    .replace(/\\begin\{proof\}(?:\[([^\]]*)\])?/g, (_, title: string | undefined) => `*${title ?? 'Proof'}.* `)
    .replace(/\\end\{proof\}/g, ' ∎')
    .replace(/~/g, '\u00a0')
    // A control space (`\eps\ is`, `Mr.\ Smith`) is a space; `\\` before it is a line break.
    .replace(/(?<!\\)((?:\\\\)*)\\ /g, '$1 ')
    .replace(/\\\\/g, '  \n');
}

const BLACKBOARD: Record<string, string> = { N: 'ℕ', Z: 'ℤ', Q: 'ℚ', R: 'ℝ', C: 'ℂ' };

/**
 * A title written in Markdown + TeX (a sample's first heading, `\section*{…}`) as plain text for a
 * label or a list: math delimiters dropped (`$4k+3$` → 4k+3), a few math and text-mode commands
 * read out (`\mathbb{R}` → ℝ, `\emph{…}` → …); other commands stay as written. Every list of sample titles uses it.
 */
export function plainTexTitle(title: string): string {
  return title
    .replace(/\\mathbb\{([A-Z])\}/g, (_, letter: string) => BLACKBOARD[letter] ?? letter)
    .replace(/\\(?:emph|textit|textbf|texttt|text|mathrm)\{([^{}]*)\}/g, '$1')
    .replace(/\\(?:le|leq)(?![a-zA-Z])/g, '≤')
    .replace(/\\(?:ge|geq)(?![a-zA-Z])/g, '≥')
    .replace(/\\cdot(?![a-zA-Z])/g, '·')
    .replace(/\\(?:to|rightarrow)(?![a-zA-Z])/g, '→')
    .replace(/\\infty(?![a-zA-Z])/g, '∞')
    .replace(/\\in(?![a-zA-Z])/g, '∈')
    .replace(/\\(?:ldots|dots|cdots)(?![a-zA-Z])/g, '…')
    .replace(/\$\$|\$|\\\(|\\\)/g, '')
    .replace(/~/g, '\u00a0')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A list item's block as Markdown: `\item text` → `- text`, `\item[label] text` → `- label text`, so a
 * LaTeX list item renders like a Markdown one (the preview's rows, the report's steps). With `number`
 * (the item's place in an enumerate, app/common/lists.ts) it is `number. text`. `boldLabel`: the label
 * in bold (`- **label** text`), as a description shows it; an itemize's or enumerate's label is upright.
 * Markdown items are returned as they are.
 */
export function latexItemToMarkdown(text: string, number?: number, boldLabel = false): string {
  const m = /^\s*\\item(?![A-Za-z])\s*(?:\[([^\]\n]*)\])?\s*/.exec(text);
  if (!m) return text;
  // A label that reads as a list marker (`\item[1.]`, `\item[*]`) must not open a nested Markdown list.
  const label = m[1]?.replace(/^(\d{1,9})([.)])/, '$1\\$2').replace(/^([-*+#>])/, '\\$1');
  const shown = label ? (boldLabel ? `**${label}** ` : `${label} `) : '';
  return `${number === undefined ? '-' : `${number}.`} ${shown}${text.slice(m[0].length)}`;
}

/** `\section{Title}` → `# Title`, so LaTeX sectioning renders like a Markdown heading. */
export function latexHeadingToMarkdown(text: string): string {
  const m = /^\\(part|chapter|section|subsection|subsubsection|paragraph)\*?\{(.*)\}\s*$/s.exec(text);
  if (!m) return text;
  const depth = { part: 1, chapter: 1, section: 2, subsection: 3, subsubsection: 4, paragraph: 5 }[m[1]] ?? 2;
  return `${'#'.repeat(depth)} ${m[2]}`;
}
