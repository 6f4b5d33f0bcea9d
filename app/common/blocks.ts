// The one block splitter of the domain core (pure: no Node, no DOM): a document → blocks with exact
// source ranges and lines. The preview renders and caches each block on its own (a keystroke re-renders
// one block, not the document) and scrolls by them; findings are placed on blocks through the steps of
// app/proof, whose boundaries are always block boundaries (blocks.agree.test.ts in app/proof checks it
// on every real document in the repository). Line-based, so it stays cheap per keystroke: mdast, which
// the step segmentation reads Markdown with, costs ~10× more on the same text.
import type { DocumentFormat, MathFragment } from './proof';
import { lowerBound } from './sorted';
import { fnv1a } from './text';
import { blankRange, commentStart, formatOfText, markdownFrontMatter, texBody } from './tex/document';
import { MATH_ENVIRONMENTS, mathFragments } from './tex/math';
import { onlyMacroDefinitions } from './tex/macros';
import { blankDeclarations } from './tex/declarations';

export type BlockKind =
  | 'paragraph' | 'heading' | 'list-item' | 'math' | 'code' | 'rule'
  | 'env-open' | 'env-close' | 'macros' | 'preamble'
  /** An HTML comment block (`<!-- … -->`): invisible, as in any Markdown renderer, and never a step. */
  | 'comment';

export interface Block {
  /** Stable while the block's text and its rank among blocks with the same text are unchanged. */
  key: string;
  kind: BlockKind;
  /** Source range [start, end) in the document; `text` is exactly that slice. */
  start: number;
  end: number;
  /** 0-based lines of `start` and of `end`. */
  line: number;
  endLine: number;
  text: string;
}

const FENCE_RE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING_RE = /^ {0,3}#{1,6}(\s|$)|^\\(part|chapter|section|subsection|subsubsection|paragraph)\*?\{/;
// Any indentation: a nested item is a step of its own (app/proof), so it is a block of its own.
const LIST_ITEM_RE = /^[ \t]*([-*+]|\d{1,9}[.)])[ \t]/;
/** A LaTeX `\item` line (in `itemize`/`enumerate`…, in either format): each item is a step. */
const TEX_ITEM_RE = /^[ \t]*\\item(?![A-Za-z])/;
const RULE_RE = /^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$/;
// A `\label{…}` beside it (`\begin{lemma}\label{lem:key}`) keeps it an environment line.
const ENV_LINE_RE = /^\s*\\(begin|end)\{([A-Za-z*]+)\}(\[[^\]\n]*\])?\s*(?:\\label\{[^{}\n]*\}\s*)?$/;

interface Line {
  start: number;
  end: number; // excluding the line break (\n or \r\n)
  text: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 10) {
      const end = i > start && text.charCodeAt(i - 1) === 13 ? i - 1 : i; // a CRLF line ends before its \r
      lines.push({ start, end, text: text.slice(start, end) });
      start = i + 1;
    }
  }
  return lines;
}

/** A block's cache key: the core's fast hash plus the length (cheap, stable; not an identity). */
function blockKeyHash(text: string): string {
  return fnv1a(text) + ':' + text.length.toString(36);
}

function classify(text: string, format: DocumentFormat): BlockKind {
  if (format !== 'tex' && COMMENT_BLOCK_RE.test(text)) return 'comment';
  if (HEADING_RE.test(text)) return 'heading';
  if (FENCE_RE.test(text)) return 'code';
  if (RULE_RE.test(text)) return 'rule';
  if ((format !== 'tex' && LIST_ITEM_RE.test(text)) || TEX_ITEM_RE.test(text)) return 'list-item';
  const env = ENV_LINE_RE.exec(text);
  if (env && !MATH_ENVIRONMENTS.has(env[2])) return env[1] === 'begin' ? 'env-open' : 'env-close';
  const math = mathFragments(text, undefined, format);
  const single = math.length === 1 && math[0].display && math[0].range.start === 0 && math[0].range.end === text.trimEnd().length;
  // Only definitions (bare, or alone in a `$$…$$`): nothing to typeset. A block with definitions and
  // prose is a paragraph: renderBlock hides the definitions and shows the rest.
  // Preamble declarations (`\newtheorem…`, `\usepackage…` lines, declarations.ts) print nothing either.
  const bare = single ? math[0].tex : blankDeclarations(text);
  if (bare.trim() === '' || onlyMacroDefinitions(bare)) return 'macros';
  if (single) return 'math';
  return 'paragraph';
}


/**
 * The display-math fragments (`$$`, `\\[`, math environments) of a document as splitBlocks reads them:
 * fenced code (fences included) and a Markdown document's YAML front matter blanked out first. Offsets
 * into `text`, in order. A line inside one of them never starts a block.
 */
export function displaySpans(text: string, format: DocumentFormat = formatOfText(text)): MathFragment[] {
  return displaySpansOf(text, format);
}

/** displaySpans, with the text's lines when the caller has them (only fenced code needs them). */
function displaySpansOf(text: string, format: DocumentFormat, knownLines?: readonly Line[]): MathFragment[] {
  // Blank out fenced code, fences included, so `$` inside code is never read as math when finding
  // display spans (and a fence's backticks are not read as a code span running to the next fence).
  let masked = text;
  if (/^ {0,3}(`{3,}|~{3,})/m.test(text)) {
    const parts: string[] = [];
    let lastCut = 0;
    let fence: string | null = null;
    for (const line of knownLines ?? splitLines(text)) {
      const m = FENCE_RE.exec(line.text);
      if (fence || m) {
        parts.push(text.slice(lastCut, line.start), ' '.repeat(line.end - line.start));
        lastCut = line.end;
      }
      if (fence) {
        if (m && m[1][0] === fence[0] && m[1].length >= fence.length) fence = null;
      } else if (m) {
        fence = m[1];
      }
    }
    parts.push(text.slice(lastCut));
    masked = parts.join('');
  }
  const frontMatter = format === 'tex' ? null : markdownFrontMatter(text);
  if (frontMatter) masked = blankRange(masked, frontMatter.end);
  return mathFragments(masked, undefined, format).filter((s) => s.display);
}

/** A line that opens a Markdown HTML comment block (CommonMark HTML block type 2: it interrupts a paragraph). */
const COMMENT_OPEN_RE = /^ {0,3}<!--/;
const COMMENT_BLOCK_RE = /^\s*<!--[\s\S]*-->\s*$/;

/** A `$$` line that opens Markdown display math on its own (mdast's math flow: it interrupts a paragraph). */
const FLOW_MATH_OPEN_RE = /^ {0,3}\$\$[^$]*$/;

/**
 * The blocks of a document: pure, from the text alone. Blank lines separate blocks except inside
 * display math or fenced code; headings, list items, rules and text-environment lines
 * (`\begin{proof}`…) are blocks of their own, and so is a Markdown `$$` display on its own lines. A
 * document with `\begin{document}` is split only inside it: everything up to that line is one
 * `preamble` block (for its macros), nothing after `\end{document}` is a block, and so is a Markdown
 * document's YAML front matter (markdownFrontMatter); in a `.tex` body,
 * `%` comment lines at a block's edges and a comment at its end are left out (TeX never shows them).
 * `displays`: `displaySpans(text, format)` when the caller has it already (the incremental split does).
 */
export function splitBlocks(text: string, format: DocumentFormat = formatOfText(text), displays?: readonly MathFragment[]): Block[] {
  const lines = splitLines(text);
  const tex = format === 'tex';
  // Only the body is rendered; the preamble is kept as one block (for its macros).
  const body = texBody(text);
  const hasBody = body.start > 0;
  // Markdown's YAML front matter is the same kind of block: kept for its macros, never shown as text.
  const frontMatter = tex ? null : markdownFrontMatter(text);
  let first = 0;
  let last = lines.length;
  if (frontMatter) {
    while (first < lines.length && lines[first].end < frontMatter.end) first++;
    first++;
  } else if (hasBody) {
    while (first < lines.length && lines[first].end < body.start) first++;
    // The `\begin{document}` line belongs to the preamble (unless text follows it on that line).
    if (first < lines.length && text.slice(body.start, lines[first].end).trim() === '') first++;
    last = first;
    while (last < lines.length && lines[last].end < body.end) last++;
    // The `\end{document}` line is not body: only text before `\end{document}` on it would be (rare).
    if (last < lines.length && text.slice(lines[last].start, body.end).trim() !== '') last++;
  }

  const spans = displays ?? displaySpansOf(text, format, lines);
  let spanIndex = 0;
  /** The display fragment that starts before `offset` and ends after it, if any. */
  const displayAround = (offset: number) => {
    while (spanIndex < spans.length && spans[spanIndex].range.end <= offset) spanIndex++;
    const span = spans[spanIndex];
    return span && span.range.start < offset ? span : undefined;
  };

  const ranges: { start: number; end: number; line: number; endLine: number; kind?: BlockKind }[] = [];
  let current: { start: number; end: number; line: number; endLine: number } | null = null;
  const flush = () => {
    if (current && tex) trimTexComments(text, lines, current);
    if (current && current.end > current.start) ranges.push(current);
    current = null;
  };
  const extend = (n: number) => {
    if (current) {
      current.end = lines[n].end;
      current.endLine = n;
    } else current = { start: lines[n].start, end: lines[n].end, line: n, endLine: n };
  };
  let fence: string | null = null;
  let inComment = false;
  let flowMathEnd = -1; // end of the Markdown `$$` display being read, or -1

  if ((hasBody || frontMatter) && first > 0) ranges.push({ start: 0, end: lines[first - 1].end, line: 0, endLine: first - 1, kind: 'preamble' });
  for (let n = first; n < last; n++) {
    const line = lines[n];
    const display = displayAround(line.start);
    if (fence) {
      extend(n);
      const m = FENCE_RE.exec(line.text);
      if (m && m[1][0] === fence[0] && m[1].length >= fence.length) {
        fence = null;
        flush();
      }
      continue;
    }
    if (inComment) {
      extend(n);
      if (line.text.includes('-->')) {
        inComment = false;
        flush();
      }
      continue;
    }
    if (flowMathEnd >= 0) {
      extend(n);
      if (line.end >= flowMathEnd) {
        flowMathEnd = -1;
        flush();
      }
      continue;
    }
    if (!display) {
      const fenceOpen = FENCE_RE.exec(line.text);
      if (fenceOpen) {
        flush();
        fence = fenceOpen[1];
        extend(n);
        continue;
      }
      if (line.text.trim() === '') {
        flush();
        continue;
      }
      if (!tex && COMMENT_OPEN_RE.test(line.text)) {
        // Runs to the line holding `-->` (CommonMark): its own block, so the text after it is another.
        flush();
        extend(n);
        if (line.text.includes('-->', line.text.indexOf('<!--') + 4)) flush();
        else inComment = true;
        continue;
      }
      if (!tex && FLOW_MATH_OPEN_RE.test(line.text)) {
        const flow = displayAround(line.start + line.text.indexOf('$') + 1);
        // A `$$` display whose closing `$$` ends its line: a block of its own, like fenced code.
        if (flow && flow.delimiter === '$$' && text.slice(flow.range.end, lineEndAt(lines, flow.range.end, n)).trim() === '') {
          flush();
          extend(n);
          if (line.end >= flow.range.end) flush();
          else flowMathEnd = flow.range.end;
          continue;
        }
      }
      const single = HEADING_RE.test(line.text) || (!tex && RULE_RE.test(line.text)) ||
        (ENV_LINE_RE.test(line.text) && !MATH_ENVIRONMENTS.has(ENV_LINE_RE.exec(line.text)![2]));
      if (single) {
        flush();
        extend(n);
        flush();
        continue;
      }
      if ((!tex && LIST_ITEM_RE.test(line.text)) || TEX_ITEM_RE.test(line.text)) flush();
    }
    extend(n);
  }
  flush();

  const seen = new Map<string, number>();
  return ranges.map((r) => {
    const blockText = text.slice(r.start, r.end);
    const hash = blockKeyHash(blockText);
    const rank = seen.get(hash) ?? 0;
    seen.set(hash, rank + 1);
    return { key: `${hash}#${rank}`, kind: r.kind ?? classify(blockText, format), start: r.start, end: r.end, line: r.line, endLine: r.endLine, text: blockText };
  });
}

/** End of the line holding `offset` (searching from line `from`). */
function lineEndAt(lines: readonly Line[], offset: number, from: number): number {
  let n = from;
  while (n < lines.length - 1 && lines[n].end < offset) n++;
  return lines[n].end;
}

/**
 * A .tex block without `%` comment-only lines at its edges and without a comment at its end (the step
 * segmentation drops them too, app/proof/tex-blocks.ts). May leave the block empty.
 */
function trimTexComments(text: string, lines: readonly Line[], block: { start: number; end: number; line: number; endLine: number }): void {
  const commentOnly = (n: number) => lines[n].text.trim().startsWith('%');
  while (block.line <= block.endLine && commentOnly(block.line)) block.line++;
  while (block.endLine >= block.line && commentOnly(block.endLine)) block.endLine--;
  if (block.line > block.endLine) {
    block.end = block.start;
    return;
  }
  const firstLine = lines[block.line];
  const lastLine = lines[block.endLine];
  let start = firstLine.start;
  while (start < firstLine.end && /\s/.test(text[start])) start++;
  let end = commentStart(text, block.line === block.endLine ? start : lastLine.start, lastLine.end);
  while (end > start && /\s/.test(text[end - 1])) end--;
  block.start = start;
  block.end = end;
}

/** Index of the block that contains `offset` (or the last block starting before it); -1 if none. */
export function blockAt(blocks: readonly Block[], offset: number): number {
  return lowerBound(blocks.length, (i) => blocks[i].start <= offset) - 1;
}
