// The first key typed into a freshly opened workbench was a long task (latency bench, key 0: 53–86 ms
// on an idle machine, every later key ~20–30 ms): Monaco's edit, view-model and line-render code ran
// for the first time, unoptimised, inside that key's task and frame. Typing a few characters into a
// throwaway editor at idle runs the same code first, so the user's first key finds it compiled.
import * as monaco from 'monaco-editor';
import { whenIdle } from '../ui/idle';
import { LANGUAGE_ID } from './latexLanguage';
import { EDITOR_OPTIONS } from './options';

/** Text like a proof's, so the language's tokenizer and brackets run on the same kinds of tokens. */
const SAMPLE = 'Let $x$ be a real number.\n\nThen $x^2 \\ge 0$, since\n$$\n  x^2 = |x|^2 \\ge 0.\n$$\n';

/**
 * At idle, once: an off-screen editor with the workbench's options and language, a few characters
 * typed into it and two frames rendered, then disposed (its model never reaches the store, the engine
 * or the undo history of the user's editor). Returns a handle that cancels it if not started yet.
 */
export function warmTyping(): { cancel(): void } {
  let cancelled = false;
  const idle = whenIdle(() => {
    if (cancelled) return;
    const host = document.createElement('div');
    // Off screen, same size class as the real pane; hidden from assistive tech and the pointer.
    host.setAttribute('aria-hidden', 'true');
    host.dataset.pwWarmup = '';
    host.style.cssText = 'position: fixed; left: -10000px; top: 0; width: 600px; height: 240px; overflow: hidden; pointer-events: none; contain: strict';
    document.body.append(host);
    const model = monaco.editor.createModel(SAMPLE, LANGUAGE_ID);
    const editor = monaco.editor.create(host, { ...EDITOR_OPTIONS, automaticLayout: false, model, quickSuggestions: false, ariaLabel: '' });
    editor.layout({ width: 600, height: 240 });
    editor.setPosition({ lineNumber: 3, column: 5 });
    for (const ch of 'Now ') editor.trigger('warmup', 'type', { text: ch });
    editor.trigger('warmup', 'deleteLeft', null);
    // Two frames: Monaco renders the typed lines in an animation frame.
    requestAnimationFrame(() => requestAnimationFrame(() => {
      editor.dispose();
      model.dispose();
      host.remove();
    }));
  });
  return { cancel: () => { cancelled = true; idle.cancel(); } };
}
