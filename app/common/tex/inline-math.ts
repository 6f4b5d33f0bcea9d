// Short plain texts that quote math (a checker finding's message, a finding's quote): which parts are
// inline math, which are code spans and which are text. One copy for every surface that shows findings
// (the workbench's cards and Problems list, the HTML report), each of which typesets the math with the
// core's KaTeX configuration and shows everything else as escaped text: no Markdown, so a message that
// quotes a display delimiter ("`\[` is never closed by `\]`") reads as written.
import type { Annotation } from '../annotations';
import type { DocumentFormat, MathFragment } from '../proof';
import { mathFragments } from './math';
import { codeSpanEnd } from './visible';

/** A piece of a short text: plain text, a code span's content, or an inline formula. */
export type InlineSegment =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'math'; fragment: MathFragment };

/**
 * `text` cut into text, code spans (Markdown backticks) and inline math: `$…$` (by the format's `$` rule,
 * Pandoc's by default) and `\(…\)`. Display math (`$$…$$`, `\[…\]`, environments) stays text: in a
 * one-line message it is far more often a quoted delimiter than a formula. Code spans are never math.
 */
export function inlineMathSegments(text: string, format: DocumentFormat = 'markdown'): InlineSegment[] {
  const out: InlineSegment[] = [];
  const pushText = (from: number, to: number) => {
    // Code spans only exist in Markdown; in a .tex quote a backtick is a backtick.
    let last = from;
    for (let i = format === 'markdown' ? text.indexOf('`', from) : -1; i >= 0 && i < to; i = text.indexOf('`', i)) {
      let run = 0;
      while (text[i + run] === '`') run++;
      const end = codeSpanEnd(text, i, to);
      if (end === i + run) {
        i += run;
        continue;
      }
      if (i > last) out.push({ kind: 'text', text: text.slice(last, i) });
      const inner = text.slice(i + run, end - run);
      // CommonMark strips one space on each side when both are there (`` ` `` `` shows a backtick).
      out.push({ kind: 'code', text: /^ .* $/s.test(inner) && inner.trim() !== '' ? inner.slice(1, -1) : inner });
      last = i = end;
    }
    if (to > last) out.push({ kind: 'text', text: text.slice(last, to) });
  };
  let cursor = 0;
  for (const fragment of mathFragments(text, undefined, format)) {
    if (fragment.delimiter !== '$' && fragment.delimiter !== '\\(') continue;
    pushText(cursor, fragment.range.start);
    out.push({ kind: 'math', fragment });
    cursor = fragment.range.end;
  }
  pushText(cursor, text.length);
  return out;
}

/**
 * TeX quoted from an align or cases row (`1 & x > 0`, `b \\ &= c`) as one inline formula: alignment tabs
 * and row breaks mean nothing out of their environment (KaTeX would refuse them), so they go.
 */
function alignedAsInline(tex: string): string {
  return tex.replace(/\\\\(?:\[[^\]]*\])?/g, ' ').replace(/(?<!\\)&/g, ' ').trim();
}

/** `tex` (TeX from inside a formula, no delimiters) as one inline formula segment. */
export function mathSegment(tex: string): InlineSegment {
  const range = { start: 0, end: tex.length };
  return { kind: 'math', fragment: { tex, display: false, delimiter: '$', range, contentRange: range } };
}

/**
 * A finding's quote (or the shown start of it, `quote`) as segments. The checker's computation findings
 * (`check:calc:…`) quote the inside of a formula, TeX without delimiters: one formula. Any other quote is
 * a copy of the proof's source, in its `format`: its inline math is typeset, the rest stays as written.
 * A clipped quote (`clipped`) that would be one formula stays source: half a formula does not typeset.
 */
export function findingQuoteSegments(a: Pick<Annotation, 'id' | 'provenance'>, quote: string, format: DocumentFormat, clipped = false): InlineSegment[] {
  if (a.provenance.source === 'checker' && a.id.startsWith('check:calc:')) return clipped ? [{ kind: 'text', text: quote }] : [mathSegment(alignedAsInline(quote))];
  return inlineMathSegments(quote, format);
}
