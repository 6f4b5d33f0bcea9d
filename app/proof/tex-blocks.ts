// .tex → raw blocks: the document body, paragraphs separated by blank lines, `%` comment lines not
// part of any step, sectioning commands as headings.
import type { SourceRange } from '../common/text';
import type { RawBlock } from './segment';

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

const HEADING_RE = /^[ \t]*\\(part|chapter|section|subsection|subsubsection)\*?\s*(?:\[[^\]]*\])?\s*\{/;

interface Line {
  start: number;
  /** End of the line's content (before \r\n or \n). */
  end: number;
  blank: boolean;
  commentOnly: boolean;
}

function linesOf(text: string, body: SourceRange): Line[] {
  const lines: Line[] = [];
  let start = body.start;
  while (start <= body.end) {
    let nl = text.indexOf('\n', start);
    if (nl < 0 || nl > body.end) nl = body.end;
    let end = nl;
    if (end > start && text[end - 1] === '\r') end--;
    const content = text.slice(start, end);
    const trimmed = content.trim();
    lines.push({ start, end, blank: trimmed === '', commentOnly: trimmed.startsWith('%') });
    if (nl >= body.end) break;
    start = nl + 1;
  }
  return lines;
}

/** Matching closing brace for the `{` at `open`, or -1. */
function closingBrace(text: string, open: number, limit: number): number {
  let depth = 0;
  for (let i = open; i < limit; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i;
  }
  return -1;
}

export function texBlocks(text: string, body: SourceRange): RawBlock[] {
  const blocks: RawBlock[] = [];
  let run: Line[] = [];
  const flush = () => {
    pushRun(text, run, blocks);
    run = [];
  };
  for (const line of linesOf(text, body)) {
    if (line.blank) {
      flush();
      continue;
    }
    const heading = line.commentOnly ? null : HEADING_RE.exec(text.slice(line.start, line.end));
    if (heading) {
      flush();
      const open = line.start + heading[0].length - 1;
      const close = closingBrace(text, open, line.end);
      const title = close < 0 ? text.slice(open + 1, line.end).trim() : text.slice(open + 1, close).trim();
      const end = trimEnd(text, line.start, commentStart(text, line.start, line.end));
      blocks.push({ start: trimStart(text, line.start, end), end, kind: 'heading', title, mergeable: false });
      continue;
    }
    run.push(line);
  }
  flush();
  return blocks;
}

/** One paragraph: the run of lines without the comment-only lines at either end. */
function pushRun(text: string, run: Line[], blocks: RawBlock[]): void {
  let first = 0;
  let last = run.length - 1;
  while (first <= last && run[first].commentOnly) first++;
  while (last >= first && run[last].commentOnly) last--;
  if (first > last) return;
  const start = trimStart(text, run[first].start, run[first].end);
  const end = trimEnd(text, start, commentStart(text, run[last].start, run[last].end));
  if (end <= start) return;
  blocks.push({ start, end, kind: 'paragraph', mergeable: true });
}

function trimStart(text: string, start: number, end: number): number {
  while (start < end && /\s/.test(text[start])) start++;
  return start;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}
