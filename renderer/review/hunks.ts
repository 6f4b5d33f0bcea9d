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

/** What the user decided for one change of a review; `open` until Accept or Reject on it. */
export type ChangeDecision = 'open' | 'accepted' | 'rejected';

/**
 * One stretch of a review, as lines (without their line breaks): lines both sides share, or one change
 * with the document's version, the proposal's and the user's decision. A `same` stretch keeps both
 * sides' lines, so that the two texts are rebuilt exactly whatever the diff called equal.
 */
export type ReviewPart =
  | { kind: 'same'; current: string[]; proposed: string[] }
  | { kind: 'change'; current: string[]; proposed: string[]; decision: ChangeDecision };

/**
 * The review's changes, fixed once from the first diff of the document (`current`, its lines) with the
 * proposal (`proposed`): `changes` in Monaco's ILineChange shape, in order. Each Accept or Reject then
 * decides one part, and the other parts stay exactly as they were shown. Recomputing the diff after
 * each decision, as the review did, let Monaco's heuristics (the alignment of repeated `$$` or blank
 * lines, and the joining of changes across a short unchanged stretch) regroup the remaining changes:
 * after one Accept a change could grow by lines the user had not seen in it, or split in two.
 */
export function reviewParts(current: string[], proposed: string[], changes: readonly LineChange[]): ReviewPart[] {
  const parts: ReviewPart[] = [];
  let o = 0; // lines of `current` consumed
  let m = 0; // lines of `proposed` consumed
  const same = (oEnd: number, mEnd: number) => {
    if (oEnd > o || mEnd > m) parts.push({ kind: 'same', current: current.slice(o, oEnd), proposed: proposed.slice(m, mEnd) });
    o = oEnd;
    m = mEnd;
  };
  for (const c of changes) {
    // An empty side starts after its StartLineNumber (Monaco's convention); 0-based starts and ends here.
    const oStart = c.originalEndLineNumber === 0 ? c.originalStartLineNumber : c.originalStartLineNumber - 1;
    const oEnd = c.originalEndLineNumber === 0 ? oStart : c.originalEndLineNumber;
    const mStart = c.modifiedEndLineNumber === 0 ? c.modifiedStartLineNumber : c.modifiedStartLineNumber - 1;
    const mEnd = c.modifiedEndLineNumber === 0 ? mStart : c.modifiedEndLineNumber;
    same(oStart, mStart);
    parts.push({ kind: 'change', current: current.slice(oStart, oEnd), proposed: proposed.slice(mStart, mEnd), decision: 'open' });
    o = oEnd;
    m = mEnd;
  }
  same(current.length, proposed.length);
  return parts;
}

/**
 * The two sides of a review as lines: `document`, the proof with the accepted changes (what the
 * editor holds), and `reviewed`, the proposal less the rejected changes (what Accept all writes).
 */
export function reviewSides(parts: readonly ReviewPart[]): { document: string[]; reviewed: string[] } {
  const document: string[] = [];
  const reviewed: string[] = [];
  for (const p of parts) {
    document.push(...(p.kind === 'change' && p.decision === 'accepted' ? p.proposed : p.current));
    reviewed.push(...(p.kind === 'change' && p.decision === 'rejected' ? p.current : p.proposed));
  }
  return { document, reviewed };
}

/**
 * One change of a review, as the list and the diff editor both show it for the whole review.
 * `number` is its "Change N" (1-based, in order; deciding a change never renumbers the others).
 * `shown` is where it stands in the diff editor, which keeps the document as the review opened against
 * the proposal (Monaco's first diff, never recomputed); `now` is where it stands in the two sides as
 * they are (reviewSides: the document with the accepted changes, the proposal less the rejected ones),
 * the lines hunkEdit applies. Both in Monaco's ILineChange shape.
 */
export interface ReviewChange {
  part: number;
  number: number;
  decision: ChangeDecision;
  shown: LineChange;
  now: LineChange;
}

/** Where a stretch of `length` lines after `before` lines stands, in ILineChange's terms (start, end). */
function stretch(before: number, length: number): [number, number] {
  return length === 0 ? [before, 0] : [before + 1, before + length];
}

/** Every change of a review in order, decided or not, with its number and its lines (ReviewChange). */
export function reviewChanges(parts: readonly ReviewPart[]): ReviewChange[] {
  const changes: ReviewChange[] = [];
  let o = 0; // lines of the document before this part
  let m = 0; // lines of the reviewed text before this part
  let so = 0; // lines of the document as the review opened, before this part
  let sm = 0; // lines of the proposal before this part
  parts.forEach((p, i) => {
    const left = p.kind === 'change' && p.decision === 'accepted' ? p.proposed : p.current;
    const right = p.kind === 'change' && p.decision === 'rejected' ? p.current : p.proposed;
    if (p.kind === 'change') {
      const [os, oe] = stretch(o, left.length);
      const [ms, me] = stretch(m, right.length);
      const [sos, soe] = stretch(so, p.current.length);
      const [sms, sme] = stretch(sm, p.proposed.length);
      changes.push({
        part: i, number: changes.length + 1, decision: p.decision,
        shown: { originalStartLineNumber: sos, originalEndLineNumber: soe, modifiedStartLineNumber: sms, modifiedEndLineNumber: sme },
        now: { originalStartLineNumber: os, originalEndLineNumber: oe, modifiedStartLineNumber: ms, modifiedEndLineNumber: me },
      });
    }
    o += left.length;
    m += right.length;
    so += p.current.length;
    sm += p.proposed.length;
  });
  return changes;
}

/**
 * The changes still to decide, each with its part's index (for `decideChange`) and its place in the
 * two sides as they stand (reviewSides), in Monaco's ILineChange shape for hunkEdit.
 */
export function openChanges(parts: readonly ReviewPart[]): { part: number; change: LineChange }[] {
  return reviewChanges(parts).filter((c) => c.decision === 'open').map((c) => ({ part: c.part, change: c.now }));
}

/** The parts with part `index` (an open change) decided; the others are the same objects. */
export function decideChange(parts: readonly ReviewPart[], index: number, decision: 'accepted' | 'rejected'): ReviewPart[] {
  return parts.map((p, i) => (i === index && p.kind === 'change' ? { ...p, decision } : p));
}
