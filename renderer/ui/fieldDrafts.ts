// What a dialog's fields hold typed but not yet committed (a NumberField commits on Enter or when
// focus leaves it), so that closing the dialog (Escape, ✕, a click outside) does what leaving the
// field does: a valid draft is saved, an invalid one is neither saved nor silently dropped.
import { createContext } from 'react';

/** One field's draft, as its dialog sees it when asked to close. */
export interface FieldDraft {
  /**
   * Commits the draft if it is valid and new (as leaving the field does) and returns null; an
   * invalid draft is not committed: its message shows, and a key naming the field and the text is returned.
   */
  settle(): string | null;
  /** Closing was stopped on this field: focus it, and say that closing again leaves it unsaved. */
  stopClose(): void;
  /** Focus the field (an action was refused on its invalid draft: its message shows already). */
  focus(): void;
}

/** The drafts of the fields inside one dialog; each field registers while it is shown. */
export interface FieldDrafts {
  register(field: FieldDraft): () => void;
  /**
   * Before an action that uses the fields' values (Prove's Start search): every valid draft is
   * committed; false when one is invalid, with focus on the first such field, so the action is not
   * taken with a value other than the one the field shows.
   */
  settleAll(): boolean;
}

/** `settleAll` over `fields`: commits the valid drafts; false, with the first invalid field focused, if any is invalid. */
export function settleForAction(fields: Iterable<FieldDraft>): boolean {
  let first: FieldDraft | null = null;
  for (const field of fields) if (field.settle() !== null) first ??= field;
  first?.focus();
  return first === null;
}

export const FieldDraftsContext = createContext<FieldDrafts | null>(null);

/**
 * The rule for closing a dialog whose fields may hold drafts: every valid draft is committed; if
 * any is invalid, the first close is stopped on it (`stop`), and asked again with the same invalid
 * text, the dialog closes without saving it. Returns whether to close, and the key to remember.
 */
export function settleForClose(fields: Iterable<FieldDraft>, stoppedFor: string | null): { close: boolean; stoppedFor: string | null } {
  const invalid: { field: FieldDraft; key: string }[] = [];
  for (const field of fields) {
    const key = field.settle();
    if (key !== null) invalid.push({ field, key });
  }
  if (invalid.length === 0) return { close: true, stoppedFor: null };
  const key = invalid.map((i) => i.key).join('\n');
  if (key === stoppedFor) return { close: true, stoppedFor: null };
  invalid[0].field.stopClose();
  return { close: false, stoppedFor: key };
}
