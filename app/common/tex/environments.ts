// TeX environment names the scanner, the segmenter and the preview sort by (one list each), and the
// `\begin{…}`/`\end{…}` patterns they read them with.

/** Environments whose body is math (rendered with KaTeX as a display block). */
export const MATH_ENVIRONMENTS = new Set([
  'equation', 'equation*', 'align', 'align*', 'alignat', 'alignat*', 'aligned', 'gather', 'gather*',
  'multline', 'multline*', 'flalign', 'flalign*', 'eqnarray', 'eqnarray*', 'displaymath', 'math',
  'split', 'cases', 'dmath', 'dmath*', 'CD',
]);

/** Environments whose body is not TeX to look into (no math, no nested environments). */
export const VERBATIM_ENVIRONMENTS = new Set(['verbatim', 'verbatim*', 'lstlisting', 'minted', 'comment']);

/**
 * Environments that wrap several steps instead of being one (see README of app/proof): their
 * `\begin`/`\end` lines are not steps, the paragraphs inside are.
 */
export const CONTAINER_ENVIRONMENTS = new Set(['proof', 'document', 'itemize', 'enumerate', 'description']);

/** `\begin{name}` at the regex's lastIndex (sticky: set lastIndex, then exec). */
export const BEGIN_RE = /\\begin\s*\{([^{}\n]*)\}/y;
/** `\end{name}` at the regex's lastIndex (sticky). */
export const END_RE = /\\end\s*\{([^{}\n]*)\}/y;
