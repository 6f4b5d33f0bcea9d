// The proof editor alone: Monaco with the workbench's own set-up (language, themes, worker) and
// options, and nothing else (no store, engine, preview or findings). bench/latency.bench.ts types
// into it as into the workbench: its keystroke-to-paint figure is the floor the editor itself sets.
// `?options=<JSON>` (bench/latency-options.ts only) overrides some options, to see what each costs.
import { LANGUAGE_ID } from '../../renderer/editor/latexLanguage';
import { monaco, setupMonaco } from '../../renderer/editor/monacoSetup';
import { EDITOR_OPTIONS } from '../../renderer/editor/options';

setupMonaco();
const overrides = JSON.parse(new URLSearchParams(location.search).get('options') ?? '{}') as monaco.editor.IStandaloneEditorConstructionOptions;
const model = monaco.editor.createModel('', LANGUAGE_ID);
const editor = monaco.editor.create(document.getElementById('editor')!, { ...EDITOR_OPTIONS, ...overrides, model, theme: 'pw-light' });
// The same debugging handle the workbench exposes (bench/latency-setup.ts's caretAfterMarker uses it).
(window as unknown as { __pwEditor?: unknown }).__pwEditor = { editor, monaco };
