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

/**
 * The YAML front matter at the top of a Markdown document (Pandoc's `yaml_metadata_block`, also what
 * Obsidian, Jekyll and Quarto read): a `---` first line (after a byte-order mark), a non-blank next
 * line that starts a YAML mapping (`key:`, or a `#` comment), and a closing `---` or `...` line. Its
 * range runs from the start to the end of the closing line (line break excluded); null when there is
 * none. Pandoc shows none of it as text; the macros its `header-includes` define apply to the math
 * (they are ordinary definitions, app/common/tex/macros.ts). A `---` that is a rule above a setext
 * heading (`---\nSome words\n---`) is not front matter: its first line is no mapping key.
 */
export function markdownFrontMatter(text: string): SourceRange | null {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!text.startsWith('---', bom)) return null;
  let lineStart = bom;
  let first = true;
  for (let n = 0; lineStart < text.length; n++) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    if (n === 0) {
      if (!/^---[ \t]*$/.test(line)) return null;
    } else if (first) {
      if (!/^(?:#|["']?[\w$@][^:\n]*["']?:(?:[ \t]|$))/.test(line)) return null;
      first = false;
    } else if (/^(?:---|\.\.\.)[ \t]*$/.test(line)) {
      return { start: 0, end: lineStart + line.replace(/[ \t]+$/, '').length };
    }
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  return null;
}

/** `text` with its first `end` characters blanked, line breaks kept (offsets stay exact). */
export function blankRange(text: string, end: number): string {
  return text.slice(0, end).replace(/[^\r\n]/g, ' ') + text.slice(end);
}
