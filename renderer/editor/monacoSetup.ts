// Monaco, bundled locally: the core editor with its contributions (find/replace, folding, suggest,
// snippets, bracket matching, diff editor) but none of the built-in languages, and its worker loaded
// through Vite's `?worker` import so it is served from our own origin (CSP script-src 'self').
import 'monaco-editor/esm/vs/editor/edcore.main.js';
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import { registerLatexLanguage } from './latexLanguage';
import { insertLongTypedTextAsOneEdit } from './longType';

declare global {
  interface Window {
    MonacoEnvironment?: monaco.Environment;
  }
}

let ready = false;

/**
 * Monaco's CancellationError (name and message "Canceled"), the test Monaco's own `isCancellationError`
 * makes: the error its delayed work rejects with when it is called off.
 */
export function isMonacoCancellation(error: unknown): boolean {
  return error instanceof Error && error.name === 'Canceled' && error.message === 'Canceled';
}

/**
 * Monaco calls off its own delayed work when an editor's model goes (the word highlighter's 50 ms
 * delayer, hovers, peeks): a cursor move in the review's diff and Escape within 50 ms disposed it and
 * left a rejected promise no one handled, logged on the page as an uncaught "Canceled". Monaco's
 * `onUnexpectedError` ignores these; its contributions that skip it (monaco-editor#4702, #5135) are
 * handled here, once for every editor. Any other rejection is left to be reported.
 */
function ignoreMonacoCancellations(): void {
  window.addEventListener('unhandledrejection', (event) => {
    if (isMonacoCancellation(event.reason)) event.preventDefault();
  });
}

export function setupMonaco(): typeof monaco {
  if (!ready) {
    ready = true;
    window.MonacoEnvironment = { getWorker: () => new EditorWorker() };
    ignoreMonacoCancellations();
    registerLatexLanguage();
    insertLongTypedTextAsOneEdit(monaco);
  }
  return monaco;
}

export { monaco };
