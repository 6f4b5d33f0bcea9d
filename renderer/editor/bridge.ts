// The one place the rest of the UI reaches the Monaco editor (set by EditorPane when it mounts).
import type { SourceRange, TextEdit } from '../../app/common/text';

export interface EditorBridge {
  getText(): string;
  /** Replace the whole text as one undoable edit (accepting a refinement, restoring a recovery). */
  replaceAll(text: string): void;
  /** Apply edits (offsets in the current text) as one undoable step. */
  applyEdits(edits: TextEdit[]): void;
  /**
   * Apply another page's edits (sequential: each on the text the previous one left) as one undo step
   * of their own, keeping this page's cursor where its text went.
   */
  applyRemoteEdits(edits: TextEdit[]): void;
  reveal(range: SourceRange, focus?: boolean): void;
  focus(): void;
  /** Run one of Monaco's editor actions by id (e.g. 'actions.find'). */
  runAction(id: string): void;
}

let current: EditorBridge | null = null;

export function setEditorBridge(bridge: EditorBridge | null): void {
  current = bridge;
}

export function editorBridge(): EditorBridge | null {
  return current;
}
