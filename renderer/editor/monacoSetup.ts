// Monaco, bundled locally: the core editor with its contributions (find/replace, folding, suggest,
// snippets, bracket matching, diff editor) but none of the built-in languages, and its worker loaded
// through Vite's `?worker` import so it is served from our own origin (CSP script-src 'self').
import 'monaco-editor/esm/vs/editor/edcore.main.js';
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import { registerLatexLanguage } from './latexLanguage';

declare global {
  interface Window {
    MonacoEnvironment?: monaco.Environment;
  }
}

let ready = false;

export function setupMonaco(): typeof monaco {
  if (!ready) {
    ready = true;
    window.MonacoEnvironment = { getWorker: () => new EditorWorker() };
    registerLatexLanguage();
  }
  return monaco;
}

export { monaco };
