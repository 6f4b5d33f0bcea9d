// A long text "typed" in one go (keyboard.insertText, a dictation or text-expander commit, an
// automation tool) goes into the editor as one edit, as a paste does. Monaco's `type` with keyboard as
// the source runs its typing rules character by character (auto-closing, overtyping, auto-indent on
// Enter), one model edit each, and its view-event dispatcher merges each new event by walking every
// event collected so far in that call (ViewModelEventDispatcher._addOutgoingEvent): quadratic in the
// length. A 3,000-line, 150 KB insert (rev14 finding 4) held the page for minutes; a 600-line one
// (34 KB) took 29.5 s in `type`, 65 % of it Monaco's event merging (CPU profile, bench/README.md).
import type * as Monaco from 'monaco-editor/esm/vs/editor/editor.api';
import { tokensReadyForPairs } from './pairTokens';

/**
 * Longer than this (characters), a typed text is inserted as it is, in one edit: keys typed one at a
 * time are single characters (Enter is a one-character "\n", which keeps its auto-indent), and a text
 * this long is not typed by hand. Below it, the per-character cost is small (quadratic only in this).
 */
export const LONG_TYPE_CHARS = 64;

/** Whether `text`, arriving as one `type`, is inserted in one edit rather than character by character. */
export function typedAsOneEdit(text: string): boolean {
  return text.length > LONG_TYPE_CHARS;
}

/**
 * Overrides Monaco's `type` command (an overwritable one, as VS Code's Vim extension does) for the
 * editor with focus: a long text goes in with a non-keyboard source, which Monaco inserts at each
 * selection in one edit, without its typing rules (so `f(x` stays `f(x`, as pasted); anything else is
 * typed as Monaco's default command types it, with the tokens its auto-closing rules read brought up
 * to the caret first (pairTokens.ts). Returns the registration to dispose.
 */
export function insertLongTypedTextAsOneEdit(monaco: typeof Monaco): Monaco.IDisposable {
  return monaco.editor.registerCommand('type', (_accessor: unknown, args: { text?: string } | undefined) => {
    const editor = monaco.editor.getEditors().find((e) => e.hasTextFocus()) ?? monaco.editor.getEditors().find((e) => e.hasWidgetFocus());
    if (!editor) return;
    const text = args?.text ?? '';
    // A key typed one at a time: its auto-closing rules must not depend on how far the tokenizer got.
    if (!typedAsOneEdit(text)) tokensReadyForPairs(editor, text);
    editor.trigger(typedAsOneEdit(text) ? 'pw-long-type' : 'keyboard', 'type', { text });
  });
}
