// Splits a proof document into preview blocks with exact source ranges. Each block is rendered on its
// own and cached by its text, so a keystroke re-renders one block, not the document.
import type { DocumentFormat } from '../../app/common/proof';
import { htmlCommentRanges } from '../../app/common/html-comments';
import { fnv1a } from '../../app/common/text';
import { MATH_ENVIRONMENTS, mathFragments } from '../../app/common/tex/math';
import { onlyMacroDefinitions } from '../../app/common/tex/macros';

export type BlockKind =
  | 'paragraph' | 'heading' | 'list-item' | 'math' | 'code' | 'rule'
  | 'env-open' | 'env-close' | 'macros' | 'preamble';

export interface Block {
  /** Stable while the block's text and its rank among blocks with the same text are unchanged. */
  key: string;
  kind: BlockKind;
  start: number;
  end: number;
  text: string;
}

const FENCE_RE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING_RE = /^ {0,3}#{1,6}(\s|$)|^\\(part|chapter|section|subsection|subsubsection|paragraph)\*?\{/;
const LIST_ITEM_RE = /^ {0,1}([-*+]|\d{1,9}[.)])[ \t]/;
const RULE_RE = /^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$/;
const ENV_LINE_RE = /^\s*\\(begin|end)\{([A-Za-z*]+)\}(\[[^\]\n]*\])?\s*$/;

interface Line {
  start: number;
  end: number; // excluding the newline
  text: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 10) {
      lines.push({ start, end: i, text: text.slice(start, i) });
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
  if (HEADING_RE.test(text)) return 'heading';
  if (FENCE_RE.test(text)) return 'code';
  if (RULE_RE.test(text)) return 'rule';
  if (LIST_ITEM_RE.test(text)) return 'list-item';
  const env = ENV_LINE_RE.exec(text);
  if (env && !MATH_ENVIRONMENTS.has(env[2])) return env[1] === 'begin' ? 'env-open' : 'env-close';
  const math = mathFragments(text, undefined, format);
  const single = math.length === 1 && math[0].display && math[0].range.start === 0 && math[0].range.end === text.trimEnd().length;
  // Only definitions (bare, or alone in a `$$…$$`): nothing to typeset. A block with definitions and
  // prose is a paragraph: renderBlock hides the definitions and shows the rest.
  if (onlyMacroDefinitions(single ? math[0].tex : text)) return 'macros';
  if (single) return 'math';
  return 'paragraph';
}

/** A document is LaTeX when it has a preamble or a document environment (TeX's `$` rules apply then). */
export function previewFormat(text: string): DocumentFormat {
  return /^\s*\\(documentclass|begin\{document\})/m.test(text) ? 'tex' : 'markdown';
}

/**
 * The blocks of a Markdown (or LaTeX body) document. Blank lines separate blocks except inside
 * display math, fenced code or an HTML comment; headings, list items, rules and text-environment lines
 * (`\begin{proof}`…) are blocks of their own.
 */
export function splitBlocks(text: string, format: DocumentFormat = previewFormat(text)): Block[] {
  const lines = splitLines(text);
  // A .tex file: only the body is rendered; the preamble is kept as one block (for its macros).
  const beginDoc = lines.findIndex((l) => /^\s*\\begin\{document\}/.test(l.text));
  const endDoc = lines.findIndex((l) => /^\s*\\end\{document\}/.test(l.text));

  // Blank out fenced code so `$` inside code is never read as math when finding display spans.
  let masked = text;
  if (/^ {0,3}(`{3,}|~{3,})/m.test(text)) {
    const parts: string[] = [];
    let last = 0;
    let fence: string | null = null;
    for (const line of lines) {
      const m = FENCE_RE.exec(line.text);
      if (fence) {
        parts.push(text.slice(last, line.start), ' '.repeat(line.end - line.start));
        last = line.end;
        if (m && m[1][0] === fence[0] && m[1].length >= fence.length) fence = null;
      } else if (m) {
        fence = m[1];
      }
    }
    parts.push(text.slice(last));
    masked = parts.join('');
  }
  const display = mathFragments(masked, undefined, format).filter((s) => s.display).map((s) => s.range);
  // A Markdown HTML comment is one block however many blank lines it holds (the renderer hides it).
  const comments = format === 'markdown' && text.includes('<!--') ? htmlCommentRanges(masked) : [];
  const spans = comments.length === 0 ? display : [...display, ...comments].sort((a, b) => a.start - b.start);
  let spanIndex = 0;
  const insideDisplay = (offset: number): boolean => {
    while (spanIndex < spans.length && spans[spanIndex].end <= offset) spanIndex++;
    return spanIndex < spans.length && spans[spanIndex].start < offset;
  };

  const ranges: { start: number; end: number; kind?: BlockKind }[] = [];
  let current: { start: number; end: number } | null = null;
  const flush = () => {
    if (current) ranges.push(current);
    current = null;
  };
  let fence: string | null = null;

  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    if (beginDoc >= 0 && n <= beginDoc) {
      if (n === 0) ranges.push({ start: line.start, end: lines[beginDoc].end, kind: 'preamble' });
      continue;
    }
    if (endDoc >= 0 && endDoc > beginDoc && n >= endDoc) break;
    const inMath = insideDisplay(line.start);
    if (fence) {
      current!.end = line.end;
      const m = FENCE_RE.exec(line.text);
      if (m && m[1][0] === fence[0] && m[1].length >= fence.length) {
        fence = null;
        flush();
      }
      continue;
    }
    if (!inMath) {
      const fenceOpen = FENCE_RE.exec(line.text);
      if (fenceOpen) {
        flush();
        fence = fenceOpen[1];
        current = { start: line.start, end: line.end };
        continue;
      }
      if (line.text.trim() === '') {
        flush();
        continue;
      }
      const single = HEADING_RE.test(line.text) || RULE_RE.test(line.text) ||
        (ENV_LINE_RE.test(line.text) && !MATH_ENVIRONMENTS.has(ENV_LINE_RE.exec(line.text)![2]));
      if (single) {
        flush();
        ranges.push({ start: line.start, end: line.end });
        continue;
      }
      if (LIST_ITEM_RE.test(line.text)) flush();
    }
    if (current) current.end = line.end;
    else current = { start: line.start, end: line.end };
  }
  flush();

  const seen = new Map<string, number>();
  return ranges.map((r) => {
    const blockText = text.slice(r.start, r.end);
    const hash = blockKeyHash(blockText);
    const rank = seen.get(hash) ?? 0;
    seen.set(hash, rank + 1);
    return { key: `${hash}#${rank}`, kind: r.kind ?? classify(blockText, format), start: r.start, end: r.end, text: blockText };
  });
}

/** Index of the block that contains `offset` (or the last block starting before it); -1 if none. */
export function blockAt(blocks: readonly Block[], offset: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid].start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
