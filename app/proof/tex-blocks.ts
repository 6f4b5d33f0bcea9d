// .tex → raw blocks: the document body, paragraphs separated by blank lines, `%` comment lines not
// part of any step, sectioning commands as headings. Where the body is: app/common/tex/document.ts.
import type { SourceRange } from '../common/text';
import { commentStart } from '../common/tex/document';
import { skipSpace, trimSpaceEnd, type RawBlock } from './segment';

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
      const end = trimSpaceEnd(text, line.start, commentStart(text, line.start, line.end));
      blocks.push({ start: skipSpace(text, line.start, end), end, kind: 'heading', title, mergeable: false });
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
  const start = skipSpace(text, run[first].start, run[first].end);
  const end = trimSpaceEnd(text, start, commentStart(text, run[last].start, run[last].end));
  if (end <= start) return;
  blocks.push({ start, end, kind: 'paragraph', mergeable: true });
}
