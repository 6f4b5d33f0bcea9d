// Which editor selection a Verify checks (reviewer rev19 F7): after Find/Replace (Ctrl+H, Replace,
// Escape) Monaco leaves the replaced text selected, grey and easy to miss, and Verify then checked only
// that step ("Selection S6 1.00" in place of the whole proof's 0.50). A selection the find widget made
// is not the user's choice of what to verify; one made with the keyboard or the mouse is. Nor is the
// line a jump to a finding selects (F8, a card's Jump, Problems): the app made it. And a selection of
// the whole text (Ctrl+A) is the whole proof, not a part of it (reviewer F8a: the button said "Verify
// selection" for it).
import type { SourceRange } from '../../app/common/text';

/** The cursor-change source of the app's own jumps (the editor bridge's reveal). */
export const REVEAL_SOURCE = 'proofwright.reveal';

/**
 * Whether the selection after one of Monaco's cursor changes is one the user made. `source` is the
 * change's `source` (ICursorSelectionChangedEvent): 'keyboard' and 'mouse' for the user's keys and
 * clicks; 'api' for setSelection, which is how the find widget moves to a match; 'replace' /
 * 'replaceAll' for its Replace; REVEAL_SOURCE for the app's jumps; 'model' when the text changed
 * under the selection (it keeps its owner: `wasUsers`). `findOpen`: the find widget is shown (an
 * 'api' change then is its move to a match; else a test's or an extension's setSelection, counted).
 */
export function selectionIsUsers(source: string, findOpen: boolean, wasUsers: boolean): boolean {
  if (source === 'replace' || source === 'replaceAll' || source === REVEAL_SOURCE) return false;
  if (source === 'api') return !findOpen;
  if (source === 'model' || source === 'restoreState') return wasUsers;
  return true;
}

/** The part of `text` that is not blank at either end (null: the text is blank). */
export function nonBlankSpan(text: string): SourceRange | null {
  const start = text.search(/\S/);
  if (start < 0) return null;
  return { start, end: text.trimEnd().length };
}

/**
 * What a Verify with the user's selection checks: the selection, or null for the whole proof, when
 * nothing is selected or the selection takes in every non-blank character of the text (`content`,
 * nonBlankSpan): Ctrl+A, or a drag from the top to the end, is not a choice of some steps.
 */
export function verifyScope(selection: SourceRange, content: SourceRange | null): SourceRange | null {
  if (selection.end <= selection.start) return null;
  if (!content || (selection.start <= content.start && selection.end >= content.end)) return null;
  return selection;
}
