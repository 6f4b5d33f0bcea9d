// One diff hunk (Monaco's ILineChange shape) turned into the TextEdit that applies just that hunk to
// the original text: "accept this hunk" in the refinement review.
import { LineIndex, type TextEdit } from '../../app/common/text';

export interface LineChange {
  originalStartLineNumber: number;
  /** 0 when the hunk inserts lines after originalStartLineNumber. */
  originalEndLineNumber: number;
  modifiedStartLineNumber: number;
  /** 0 when the hunk deletes lines. */
  modifiedEndLineNumber: number;
}

function lineEnd(index: LineIndex, line: number): number {
  return line < index.lineCount ? index.offsetAt({ line: line + 1, column: 1 }) - 1 : index.text.length;
}

export function hunkEdit(original: string, modified: string, change: LineChange): TextEdit {
  const o = new LineIndex(original);
  const mLines = modified.split('\n');
  const added = change.modifiedEndLineNumber === 0 ? null : mLines.slice(change.modifiedStartLineNumber - 1, change.modifiedEndLineNumber).join('\n');
  if (change.originalEndLineNumber === 0) {
    // Insertion after originalStartLineNumber (0: at the very start).
    if (change.originalStartLineNumber === 0) return { start: 0, end: 0, text: `${added ?? ''}\n` };
    const at = lineEnd(o, change.originalStartLineNumber);
    return { start: at, end: at, text: `\n${added ?? ''}` };
  }
  const start = o.offsetAt({ line: change.originalStartLineNumber, column: 1 });
  const end = lineEnd(o, change.originalEndLineNumber);
  if (added !== null) return { start, end, text: added };
  // Deletion: take one line break with the lines.
  if (change.originalEndLineNumber < o.lineCount) return { start, end: end + 1, text: '' };
  return { start: Math.max(0, start - 1), end, text: '' };
}
