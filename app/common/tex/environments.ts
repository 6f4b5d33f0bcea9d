// TeX environment names the scanner, the segmenter and the preview sort by (one list each), and the
// `\begin{…}`/`\end{…}` patterns they read them with.

/**
 * Math environments that only work inside math (amsmath's cases, matrices, aligned…, and array): a bare
 * `\begin{cases}` in text is LaTeX's "Missing $ inserted". align, equation, gather, multline… start
 * display math themselves.
 */
export const INNER_MATH_ENVIRONMENTS: ReadonlySet<string> = new Set([
  'cases', 'dcases', 'rcases', 'aligned', 'alignedat', 'gathered', 'split', 'array', 'subarray', 'CD',
  'matrix', 'pmatrix', 'bmatrix', 'Bmatrix', 'vmatrix', 'Vmatrix', 'smallmatrix',
]);

/**
 * Why `\begin{env}` met in text (outside `$…$`, `\[…\]` or a display environment) is an error, or
 * null when `env` starts math itself (or is not math). The checker, the preview and the report all ask
 * this, so they agree.
 */
export function outsideMathError(env: string): string | null {
  if (!INNER_MATH_ENVIRONMENTS.has(env)) return null;
  return `\\begin{${env}} needs math mode: put it inside $$…$$ or \\[…\\] (LaTeX stops with "Missing $ inserted")`;
}

/** Environments whose body is math (rendered with KaTeX as a display block). */
export const MATH_ENVIRONMENTS = new Set([
  'equation', 'equation*', 'align', 'align*', 'alignat', 'alignat*', 'aligned', 'gather', 'gather*',
  'multline', 'multline*', 'flalign', 'flalign*', 'eqnarray', 'eqnarray*', 'displaymath', 'math',
  'split', 'cases', 'dmath', 'dmath*', 'CD',
  ...INNER_MATH_ENVIRONMENTS,
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
