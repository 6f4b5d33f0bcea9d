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
    .replace(/\\\\/g, '  \n');
}
