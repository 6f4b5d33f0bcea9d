// One diff hunk (Monaco's ILineChange shape) turned into the TextEdit that applies just that hunk to
// the original text: "accept this hunk" in the refinement review. And the proposal put into the
// document's own conventions before it is compared at all.
import type { TextEdit } from '../../app/common/text';

export interface LineChange {
  originalStartLineNumber: number;
  /** 0 when the hunk inserts lines after originalStartLineNumber. */
  originalEndLineNumber: number;
  modifiedStartLineNumber: number;
  /** 0 when the hunk deletes lines. */
  modifiedEndLineNumber: number;
}

/**
 * What a change does, in the review's list, by the current text's line numbers: "line 22" for one
 * line (it read "lines 22–22"), "lines 22–25" for several, "delete line 5", "insert after line 3",
 * "insert at the start" (it read "insert after line 0").
 */
export function describeChange(h: LineChange): string {
  const span = (from: number, to: number) => (from === to ? `line ${from}` : `lines ${from}–${to}`);
  if (h.originalEndLineNumber === 0) return h.originalStartLineNumber === 0 ? 'insert at the start' : `insert after line ${h.originalStartLineNumber}`;
  if (h.modifiedEndLineNumber === 0) return `delete ${span(h.originalStartLineNumber, h.originalEndLineNumber)}`;
  return span(h.originalStartLineNumber, h.originalEndLineNumber);
}

/** The line break a text uses: CRLF when most of its line breaks are CRLF (Monaco's rule), else LF. */
export function lineBreakOf(text: string): '\r\n' | '\n' {
  const all = text.split('\n').length - 1;
  const crlf = text.split('\r\n').length - 1;
  return crlf > all - crlf ? '\r\n' : '\n';
}

/**
 * Where a text's ending starts: the line break after its last non-blank character, so the ending is
 * its final line breaks and any blank lines after the last line (empty when it ends without one).
 */
function endingStart(text: string): number {
  let last = text.length - 1;
  while (last >= 0 && /\s/.test(text[last])) last--;
  for (let i = last + 1; i < text.length; i++) if (text[i] === '\r' || text[i] === '\n') return i;
  return text.length;
}

/**
 * The proposal in the document's conventions: the document's line break throughout, and the document's
 * own ending (final line break or not, blank lines after the last line) in place of the proposal's.
 * A model's answer is parsed and trimmed, so its ending says nothing about the proof: without this the
 * review showed a change "delete lines N–N" at the end, and Accept all dropped the final line break.
 */
export function conformProposal(document: string, proposal: string): string {
  const body = proposal.slice(0, endingStart(proposal)).replace(/\r?\n/g, lineBreakOf(document));
  return body + document.slice(endingStart(document));
}

interface Line { start: number; end: number; next: number }

/** Each line's start, end (before its line break) and the start of the line after it. */
function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 10) continue;
    lines.push({ start, end: i > start && text.charCodeAt(i - 1) === 13 ? i - 1 : i, next: i + 1 });
    start = i + 1;
  }
  lines.push({ start, end: text.length, next: text.length });
  return lines;
}

/**
 * The edit to `original` that applies one hunk of its diff with `modified`, in the original's line
 * breaks (LF or CRLF), so that accepting a hunk never mixes line endings into the document.
 */
export function hunkEdit(original: string, modified: string, change: LineChange): TextEdit {
  const eol = lineBreakOf(original);
  const o = linesOf(original);
  const m = linesOf(modified);
  const added = change.modifiedEndLineNumber === 0 ? null
    : m.slice(change.modifiedStartLineNumber - 1, change.modifiedEndLineNumber).map((l) => modified.slice(l.start, l.end)).join(eol);
  if (change.originalEndLineNumber === 0) {
    // Insertion after originalStartLineNumber (0: at the very start).
    if (change.originalStartLineNumber === 0) return { start: 0, end: 0, text: `${added ?? ''}${eol}` };
    const at = o[change.originalStartLineNumber - 1].end;
    return { start: at, end: at, text: `${eol}${added ?? ''}` };
  }
  const first = o[change.originalStartLineNumber - 1];
  const last = o[change.originalEndLineNumber - 1];
  if (added !== null) return { start: first.start, end: last.end, text: added };
  // Deletion: take one line break with the lines (the one before them when they end the text).
  if (change.originalEndLineNumber < o.length) return { start: first.start, end: last.next, text: '' };
  return { start: change.originalStartLineNumber > 1 ? o[change.originalStartLineNumber - 2].end : 0, end: last.end, text: '' };
}
