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
 * LaTeX when a line starts with a preamble or a document environment (TeX's `$` rules apply then), else
 * Markdown. A line inside a Markdown code fence (```` ``` ```` or `~~~`) or indented as code (4+ spaces)
 * does not count: a Markdown note that shows a LaTeX template stays Markdown.
 */
export function formatOfText(text: string): DocumentFormat {
  if (!PREAMBLE_ANYWHERE.test(text)) return 'markdown';
  let fence: string | null = null;
  for (const line of text.split('\n')) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== null) {
      // A fence closes with at least as many of its own characters (CommonMark).
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null;
      continue;
    }
    if (marker) {
      fence = marker;
      continue;
    }
    if (PREAMBLE_LINE.test(line)) return 'tex';
  }
  return 'markdown';
}

const PREAMBLE_ANYWHERE = /\\(documentclass|begin\{document\})/;
const PREAMBLE_LINE = /^ {0,3}\\(documentclass|begin\{document\})/;
