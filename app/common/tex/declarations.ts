// Preamble declarations written where the text is (a Markdown proof has no preamble, so people put
// `\newtheorem{lemma}{Lemma}` or `\usepackage{icomma}` at its top, as they would in Overleaf): LaTeX
// prints nothing for them. The numbering reads them (numbering.ts documentNumbers: `\newtheorem`), the
// macro table reads `\usepackage{icomma}` (macros.ts collectMacros), and every surface shows nothing
// for a line of them: the block splitter (app/common/blocks.ts), the step segmentation (not a step),
// the preview (renderer/preview/renderBlock.ts) and the report (app/report/markdown.ts).
import type { SourceRange } from '../text';

const ARG = String.raw`\{[^{}\n]*\}`;
const OPT = String.raw`\[[^\]\n]*\]`;

/** One declaration: amsthm's and cleveref's, packages, amsmath's `\numberwithin`. */
const DECLARATION = String.raw`\\(?:newtheorem\*?\s*${ARG}\s*(?:${OPT}\s*)?${ARG}(?:\s*${OPT})?|theoremstyle\s*${ARG}|usepackage\s*(?:${OPT}\s*)?${ARG}|[cC]refname\s*${ARG}\s*${ARG}\s*${ARG}|numberwithin\s*${ARG}\s*${ARG}|swapnumbers(?![A-Za-z]))`;

/** A line of declarations only (a `%` comment after them allowed), indented less than Markdown's code. */
const LINE_RE = new RegExp(String.raw`^ {0,3}${DECLARATION}(?:[ \t]*${DECLARATION})*[ \t]*(?:%.*)?$`, 'gm');

const FENCE_RE = /^ {0,3}(`{3,}|~{3,})/;

/** Ranges of fenced code in `text` (a fence shows its lines as written: a LaTeX template stays one). */
function fencedCode(text: string): SourceRange[] {
  if (!/^ {0,3}(?:`{3,}|~{3,})/m.test(text)) return [];
  const out: SourceRange[] = [];
  let fence: string | null = null;
  let start = 0;
  for (let at = 0; at <= text.length;) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    const marker = FENCE_RE.exec(text.slice(at, end))?.[1];
    if (fence === null && marker) {
      fence = marker;
      start = at;
    } else if (fence !== null && marker && marker[0] === fence[0] && marker.length >= fence.length) {
      out.push({ start, end });
      fence = null;
    }
    if (nl < 0) break;
    at = nl + 1;
  }
  if (fence !== null) out.push({ start, end: text.length });
  return out;
}

/** Cheap test before the line search. */
const HINT_RE = /\\(?:newtheorem|theoremstyle|usepackage|[cC]refname|numberwithin|swapnumbers)/;

/** The lines of `text` that hold only declarations (each range without its line break), in order. */
export function declarationLines(text: string): SourceRange[] {
  if (!HINT_RE.test(text)) return [];
  const code = fencedCode(text);
  return [...text.matchAll(LINE_RE)]
    .map((m) => ({ start: m.index, end: m.index + m[0].length }))
    .filter((r) => !code.some((c) => c.start <= r.start && r.end <= c.end));
}

/** `text` with its declaration lines blanked (same length, line breaks kept). */
export function blankDeclarations(text: string): string {
  let out = text;
  for (const r of declarationLines(text)) out = out.slice(0, r.start) + ' '.repeat(r.end - r.start) + out.slice(r.end);
  return out;
}

/** Whether `text` holds declaration lines and nothing else but blank lines. */
export function onlyDeclarations(text: string): boolean {
  return HINT_RE.test(text) && blankDeclarations(text).trim() === '';
}
