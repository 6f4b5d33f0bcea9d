// Raw blocks (from mdast or the .tex splitter) → steps. Shared by both formats:
//  1. a paragraph that opens `\[`, `$$` or an environment and does not close it swallows the following
//     blocks up to the closing delimiter (environments may contain blank lines);
//  2. container environments (`proof`, lists) lose their `\begin`/`\end` lines: the paragraphs (and
//     `\item`s) inside are steps;
//  3. a display block following a sentence that introduces it (ends in ':' or without a terminal
//     period) joins that sentence's step.
import type { MathFragment, Step, StepKind } from '../common/proof';
import type { LineIndex, SourceRange } from '../common/text';
import { lowerBound } from '../common/sorted';
import { commentStart } from '../common/tex/document';
import { onlyDeclarations } from '../common/tex/declarations';
import { CONTAINER_ENVIRONMENTS, MATH_ENVIRONMENTS, createEnvCloser, createSimpleCloser, findOpenerClose, scanMath, type ScanOptions } from '../common/tex/math';

export interface RawBlock extends SourceRange {
  kind: StepKind;
  /** Heading title (kind 'heading'). */
  title?: string;
  /** Plain text that may be merged with following blocks or trimmed of container markers. */
  mergeable: boolean;
}

/** A block on its way to a step; `math` is kept once computed for exactly this range. */
interface WorkBlock extends RawBlock {
  math?: MathFragment[];
}

export interface SegmentInput {
  text: string;
  body: SourceRange;
  blocks: RawBlock[];
  scan: ScanOptions;
  /** Math found by the Markdown parser (already in `scan.mask`), sorted. */
  extraFragments: MathFragment[];
  lines: LineIndex;
}

/** A step before ids and labels are assigned. */
export type StepDraft = Omit<Step, 'id' | 'label' | 'index'>;

export function segment(input: SegmentInput): StepDraft[] {
  const merged = mergeOpenConstructs(input);
  const trimmed = merged.flatMap((b) => (b.mergeable ? splitContainers(input.text, b, input.scan.comments) : [b]));
  const attached = attachDisplayMath(input.text, trimmed.map((b) => classify(input, b)));
  const drafts: StepDraft[] = [];
  let section: string | undefined;
  for (const block of attached) {
    // A paragraph of preamble declarations (`\newtheorem{lemma}{Lemma}` atop a Markdown proof) prints
    // nothing: no step (its numbering is read from the whole text, numbering.ts).
    if (block.kind === 'paragraph' && onlyDeclarations(input.text.slice(block.start, block.end))) continue;
    if (block.kind === 'heading') section = block.title;
    drafts.push({
      kind: block.kind,
      range: input.lines.locate({ start: block.start, end: block.end }),
      text: input.text.slice(block.start, block.end),
      section,
      math: block.kind === 'code' ? [] : (block.math ?? fragmentsIn(input, block)),
    });
  }
  return drafts;
}

function mergeOpenConstructs(input: SegmentInput): RawBlock[] {
  const { text, blocks, scan, body } = input;
  const out: RawBlock[] = [];
  // One memory for every block's search, so n unclosed environments or `\[` in n paragraphs cost O(n), not O(n²).
  const envCloser = createEnvCloser(text, body.end, scan);
  const simpleCloser = createSimpleCloser(text, body.end, scan);
  for (let i = 0; i < blocks.length; i++) {
    const cur = { ...blocks[i] };
    if (cur.mergeable) {
      for (;;) {
        const { unclosed } = scanMath(text, cur.start, cur.end, scan);
        if (!unclosed) break;
        const close = findOpenerClose(text, unclosed, body.end, scan, envCloser, simpleCloser);
        if (close <= cur.end) break;
        while (i + 1 < blocks.length && blocks[i + 1].start < close) cur.end = Math.max(cur.end, blocks[++i].end);
        cur.end = Math.max(cur.end, close);
      }
    }
    out.push(cur);
  }
  return out;
}

const LEADING_MARKER = /^\\(begin|end)\s*\{([^{}\n]*)\}/;
const TRAILING_MARKER = /\\end\s*\{([^{}\n]*)\}$/;
const LEADING_ITEM = /^\\item(?![A-Za-z])/;
const ENV_TAG = /\\(begin|end)\s*\{([^{}\n]*)\}/g;

/**
 * Container environments (`proof`, `itemize`, `enumerate`…) are not steps: their `\begin`/`\end`
 * markers are dropped and split the block; each `\item` starts a list-item step. Only at the block's
 * top level: inside a theorem or an align nothing is split.
 */
function splitContainers(text: string, block: RawBlock, comments: boolean): RawBlock[] {
  const pieces: RawBlock[] = [];
  let current: RawBlock | null = null;
  const flush = () => {
    if (current && current.end > current.start) pieces.push(current);
    current = null;
  };
  let depth = 0;
  let lineStart = block.start;
  while (lineStart < block.end) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > block.end) lineEnd = block.end;
    const next = lineEnd + 1;
    let s = skipSpace(text, lineStart, lineEnd);
    let e = trimSpaceEnd(text, s, comments ? commentStart(text, s, lineEnd) : lineEnd);
    let closeAfter = false;
    if (depth === 0) {
      for (let m = LEADING_MARKER.exec(text.slice(s, e)); m && CONTAINER_ENVIRONMENTS.has(m[2].trim()); m = LEADING_MARKER.exec(text.slice(s, e))) {
        flush();
        s += m[0].length;
        if (m[1] === 'begin' && text[s] === '[') {
          const close = text.indexOf(']', s);
          if (close >= 0 && close < e) s = close + 1;
        }
        s = skipSpace(text, s, e);
      }
      if (LEADING_ITEM.test(text.slice(s, s + 6))) {
        flush();
        current = { ...block, start: s, end: s, kind: 'list-item' };
      }
      for (let m = TRAILING_MARKER.exec(text.slice(s, e)); m && CONTAINER_ENVIRONMENTS.has(m[1].trim()); m = TRAILING_MARKER.exec(text.slice(s, e))) {
        e = trimSpaceEnd(text, s, e - m[0].length);
        closeAfter = true;
      }
    }
    if (s < e) {
      if (!current) current = { ...block, start: s, end: e };
      current.end = e;
      for (const m of text.slice(s, e).matchAll(ENV_TAG)) {
        if (CONTAINER_ENVIRONMENTS.has(m[2].trim())) continue;
        depth = Math.max(0, depth + (m[1] === 'begin' ? 1 : -1));
      }
    }
    if (closeAfter) flush();
    lineStart = next;
  }
  flush();
  return pieces;
}

/** First non-space offset in [start, end). */
export function skipSpace(text: string, start: number, end: number): number {
  while (start < end && /\s/.test(text[start])) start++;
  return start;
}

/** End of [start, end) without trailing space. */
export function trimSpaceEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}

const LEADING_BEGIN = /^\\begin\s*\{([^{}\n]*)\}/;

/** A paragraph that is exactly one display fragment or one environment gets that kind. */
function classify(input: SegmentInput, raw: RawBlock): WorkBlock {
  if (!raw.mergeable) return raw;
  const frags = fragmentsIn(input, raw);
  const block: WorkBlock = { ...raw, math: frags };
  if (frags.length === 1 && frags[0].display && frags[0].range.start === block.start && frags[0].range.end === block.end) {
    return { ...block, kind: 'display-math' };
  }
  const begin = LEADING_BEGIN.exec(input.text.slice(block.start, block.start + 200));
  if (begin) {
    const name = begin[1].trim();
    if (name === 'verbatim' || name === 'lstlisting' || name === 'minted') return { ...block, kind: 'code' };
    const endTag = new RegExp(`\\\\end\\s*\\{${escapeRegExp(name)}\\}$`);
    if (!MATH_ENVIRONMENTS.has(name) && endTag.test(input.text.slice(Math.max(block.start, block.end - 200), block.end))) {
      return { ...block, kind: 'environment' };
    }
  }
  return block;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Sentence-ending punctuation, possibly followed by closing math/quote characters. */
const CLOSED_SENTENCE = /[.!?](?:\s*(?:\$+|\\\)|\\\]|\*+|_+|["')\]}]))*$/;

function attachDisplayMath(text: string, blocks: WorkBlock[]): WorkBlock[] {
  const isOpen = (b: SourceRange) => !CLOSED_SENTENCE.test(text.slice(Math.max(b.start, b.end - 40), b.end));
  const out: (WorkBlock & { open?: boolean })[] = [];
  for (const block of blocks) {
    const prev = out[out.length - 1];
    if (prev && prev.kind === 'paragraph' && prev.open && startsWithDisplay(block)) {
      prev.end = block.end;
      prev.math = undefined; // recomputed for the joined range
      // "…we get \[ x \] where x is fixed." may close the sentence; a bare display leaves it open.
      if (block.kind === 'paragraph') prev.open = isOpen(prev);
      continue;
    }
    out.push({ ...block, open: block.kind === 'paragraph' && isOpen(block) });
  }
  return out.map(({ open: _open, ...b }) => b);
}

/** A display block, or a paragraph that opens with display math and goes on ("\[ … \] where …"). */
function startsWithDisplay(block: WorkBlock): boolean {
  if (block.kind === 'display-math') return true;
  const first = block.kind === 'paragraph' ? block.math?.[0] : undefined;
  return first !== undefined && first.display && first.range.start === block.start;
}

function fragmentsIn(input: SegmentInput, range: SourceRange): MathFragment[] {
  const scanned = scanMath(input.text, range.start, range.end, input.scan).fragments;
  const extra: MathFragment[] = [];
  const all = input.extraFragments;
  for (let i = firstStartingAt(all, range.start); i < all.length && all[i].range.start < range.end; i++) {
    if (all[i].range.end <= range.end) extra.push(all[i]);
  }
  if (extra.length === 0) return scanned;
  const merged = [...scanned, ...extra].sort((a, b) => a.range.start - b.range.start || b.range.end - a.range.end);
  // Drop fragments inside another (e.g. `$x$` inside `\text{…}` of an align found by the scanner).
  const out: MathFragment[] = [];
  for (const f of merged) {
    const last = out[out.length - 1];
    if (last && f.range.start < last.range.end) continue;
    out.push(f);
  }
  return out;
}

/** Index of the first fragment starting at or after `offset` (fragments are in document order). */
function firstStartingAt(fragments: MathFragment[], offset: number): number {
  return lowerBound(fragments.length, (i) => fragments[i].range.start < offset);
}
