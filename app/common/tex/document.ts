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

/** A front matter's closing fence: `---`, or `...` (YAML's document end, which Pandoc takes too). */
const CLOSING_FENCE = /^(?:---|\.\.\.)[ \t]*$/;

/** The first line inside a fenced block at the top of a text that is not blank (frontMatterFences). */
export interface FrontMatterFirstLine {
  /** The line, without its line break. */
  text: string;
  /** Its number counted from the opening fence: 1 when right below it. */
  line: number;
  /** It is the closing fence: nothing but blank lines between the fences. */
  closes: boolean;
}

/**
 * The one reader of front-matter fences: a `---` first line (after a byte-order mark) and the first
 * later line that is `---` or `...` (blanks after either allowed), when `opens` takes the first line
 * between them that is not blank (asked as soon as it is read, so a text opening with a rule is not
 * read to its end). Its range runs from the start to the end of the closing line (line break
 * excluded); null otherwise. `opens` is the reader's rule: Markdown's (markdownFrontMatter) or a YAML
 * reader's, which takes more (app/common/rubric.ts).
 */
export function frontMatterFences(text: string, opens: (first: FrontMatterFirstLine) => boolean): SourceRange | null {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const opening = /---[ \t]*\r?\n/y;
  opening.lastIndex = bom;
  if (!opening.test(text)) return null;
  let opened = false;
  for (let lineStart = opening.lastIndex, n = 1; lineStart < text.length; n++) {
    const newline = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, newline < 0 ? text.length : newline).replace(/\r$/, '');
    const closes = CLOSING_FENCE.test(line);
    if (!opened && line.trim() !== '') {
      if (!opens({ text: line, line: n, closes })) return null;
      opened = true;
    }
    if (closes) return { start: 0, end: lineStart + line.replace(/[ \t]+$/, '').length };
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  return null;
}

/** Whether a fenced block's first line opens a YAML front matter as Markdown readers take it: right below the fence, a mapping key (`key:`) or a `#` comment. */
export function opensMarkdownFrontMatter(first: FrontMatterFirstLine): boolean {
  return first.line === 1 && /^(?:#|["']?[\w$@][^:\n]*["']?:(?:[ \t]|$))/.test(first.text);
}

/**
 * The YAML front matter at the top of a Markdown document (Pandoc's `yaml_metadata_block`, also what
 * Obsidian, Jekyll and Quarto read): fenced (frontMatterFences), with a next line right below the
 * opening fence that starts a YAML mapping (opensMarkdownFrontMatter). Its range runs from the start
 * to the end of the closing line (line break excluded); null when there is none. Pandoc shows none of
 * it as text; the macros its `header-includes` define apply to the math (they are ordinary
 * definitions, app/common/tex/macros.ts). A `---` that is a rule above a setext heading (`---\nSome
 * words\n---`) is not front matter: its first line is no mapping key.
 */
export function markdownFrontMatter(text: string): SourceRange | null {
  return frontMatterFences(text, opensMarkdownFrontMatter);
}

/** `text` with its first `end` characters blanked, line breaks kept (offsets stay exact). */
export function blankRange(text: string, end: number): string {
  return text.slice(0, end).replace(/[^\r\n]/g, ' ') + text.slice(end);
}
