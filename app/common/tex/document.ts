// Where a LaTeX document's body is and where its comments start: read by step segmentation
// (app/proof) and the preview's block splitter (app/common/blocks), so both agree on what is body.
import type { DocumentFormat } from '../proof';
import type { SourceRange } from '../text';

/** Offset of the first `%` that starts a comment on the line [lineStart, lineEnd), or lineEnd. */
export function commentStart(text: string, lineStart: number, lineEnd: number): number {
  for (let i = lineStart; i < lineEnd; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 92) i++;
    else if (ch === 37) return i;
  }
  return lineEnd;
}

function findOutsideComments(text: string, needle: string, from: number, last: boolean): number {
  let found = -1;
  let at = text.indexOf(needle, from);
  while (at >= 0) {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    if (commentStart(text, lineStart, at) === at) {
      found = at;
      if (!last) return found;
    }
    at = text.indexOf(needle, at + needle.length);
  }
  return found;
}

/** The part of a .tex file inside \begin{document}…\end{document}; the whole text when there is none. */
export function texBody(text: string): SourceRange {
  const begin = findOutsideComments(text, '\\begin{document}', 0, false);
  if (begin < 0) return { start: 0, end: text.length };
  const start = begin + '\\begin{document}'.length;
  const end = findOutsideComments(text, '\\end{document}', start, true);
  return { start, end: end < 0 ? text.length : end };
}

/**
 * The format of a text without a file name (a problem statement, a candidate proof, a pasted document):
 * LaTeX when it has a preamble or a document environment (TeX's `$` rules apply then), else Markdown.
 */
export function formatOfText(text: string): DocumentFormat {
  return /^\s*\\(documentclass|begin\{document\})/m.test(text) ? 'tex' : 'markdown';
}
