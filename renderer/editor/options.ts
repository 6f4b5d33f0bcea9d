// The proof editor's Monaco options, in one place: the workbench's EditorPane creates its editor with
// them, and the keystroke-latency bench's editor-only page (bench/latency-floor/) creates a bare
// editor with the same ones, so the bench's floor is this editor, not a leaner one.
import type { monaco } from './monacoSetup';

/** Monaco construction options of the proof editor (model and theme are added by the caller). */
export const EDITOR_OPTIONS: monaco.editor.IStandaloneEditorConstructionOptions = {
  automaticLayout: true,
  wordWrap: 'on',
  glyphMargin: true,
  lineNumbers: 'on',
  minimap: { enabled: false },
  fontSize: 14,
  tabSize: 2,
  matchBrackets: 'always',
  bracketPairColorization: { enabled: true },
  renderLineHighlight: 'all',
  scrollBeyondLastLine: false,
  unicodeHighlight: { ambiguousCharacters: false },
  quickSuggestions: false,
  // No inline-completion (ghost text) provider is registered: left on, Monaco's inline suggestion
  // model still recomputed its observables on every key (~1 ms a key traced, issue 11).
  inlineSuggest: { enabled: false },
  suggestOnTriggerCharacters: true,
  // Enter accepts a suggestion only when it changes the text: with `\alpha` typed in full, Enter is
  // a new line, not a no-op accept (Tab still accepts).
  acceptSuggestionOnEnter: 'smart',
  ariaLabel: 'Proof editor (Markdown with LaTeX math)',
  fixedOverflowWidgets: true,
};
