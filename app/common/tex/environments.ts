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

/**
 * The first `\tag` amsmath refuses in a formula's TeX (`tex`, a fragment's content), or null: a tag
 * belongs to a row of the display itself (equation, align, gather, multline…); inside an inner
 * environment (aligned, gathered, split, cases…) LaTeX stops with "\tag not allowed here", even for one
 * tag. KaTeX typesets a single one there, so the checker, the preview and the report all ask this
 * after KaTeX has accepted the formula. `start`/`end`: the `\tag` in `tex`.
 */
export function tagNotAllowed(tex: string): { message: string; start: number; end: number } | null {
  if (!tex.includes('\\tag')) return null;
  const open: string[] = [];
  const re = /\\(begin|end)\s*\{([^{}\n]*)\}|\\tag(?![A-Za-z@])\*?|\\[\s\S]/g;
  for (let m = re.exec(tex); m; m = re.exec(tex)) {
    if (m[1] === 'begin') open.push(m[2].trim());
    else if (m[1] === 'end') {
      const at = open.lastIndexOf(m[2].trim());
      if (at >= 0) open.length = at;
    } else if (m[0].startsWith('\\tag')) {
      const inner = [...open].reverse().find((env) => INNER_MATH_ENVIRONMENTS.has(env));
      if (inner) {
        return {
          message: `\\tag not allowed here: inside ${inner} a row takes no tag (LaTeX stops), tag the display after \\end{${inner}}`,
          start: m.index,
          end: m.index + m[0].length,
        };
      }
    }
  }
  return null;
}

/** amsmath's display environments that read their whole body as one argument (`\collect@body`). */
const COLLECTED_BODY = /^(?:align|alignat|flalign|xalignat|gather|multline)\*?$/;

/**
 * A blank line inside display math (`tex`, a display fragment's content; `env` its environment): LaTeX
 * stops there, so every surface says so instead of typesetting what LaTeX refuses. align, gather,
 * multline… stop with "Paragraph ended before \align* was complete" (amsmath reads their body as one
 * argument); `\[…\]`, `$$…$$` and equation with "Missing $ inserted" (a paragraph cannot end in math).
 * KaTeX alone reads the blank line as a space. `start`/`end`: the blank line in `tex`. A line with a
 * `%` on it is no blank line (the usual way to space out a long display).
 */
export function blankLineInDisplay(tex: string, env: string | undefined): { message: string; start: number; end: number } | null {
  const m = /\n[ \t]*\r?\n/.exec(tex);
  if (!m) return null;
  const name = env ?? /^\s*\\begin\s*\{([A-Za-z*]+)\}/.exec(tex)?.[1];
  const stops = name && COLLECTED_BODY.test(name)
    ? `"Paragraph ended before \\${name} was complete"`
    : '"Missing $ inserted"';
  const where = name ? `inside ${name}` : 'inside display math';
  return {
    message: `A blank line ${where} ends the paragraph, and LaTeX stops with ${stops}: delete the blank line (or put a % on it)`,
    start: m.index + 1,
    end: m.index + m[0].length,
  };
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
