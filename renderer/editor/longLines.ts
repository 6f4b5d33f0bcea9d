// Bracket-pair colours off on a document with a very long line (review 9, finding 7). Monaco keeps one
// decoration per bracket and, for each wrapped row of a line on screen, walks every decoration of that
// whole line: a 20,000-character paragraph with 600 formulas ($a_{i}+b^{2}$) had 3,200, and that walk was
// the largest part of the editor's work per key (traced: ~75 → ~27 ms of Monaco's frame per key).
import type { monaco } from './monacoSetup';

/** A line longer than this (characters) turns bracket colours off for its document. */
export const LONG_LINE_CHARS = 3000;

function setBracketColors(model: monaco.editor.ITextModel, enabled: boolean): void {
  // A model option: Monaco's model service sets it again only when the editor's own option changes,
  // which the workbench never does after creating the editor.
  model.updateOptions({ bracketColorizationOptions: { enabled, independentColorPoolPerBracketType: false } });
}

function hasLongLine(model: monaco.editor.ITextModel, from: number, to: number): boolean {
  for (let line = from; line <= to; line++) if (model.getLineLength(line) > LONG_LINE_CHARS) return true;
  return false;
}

/**
 * Keeps bracket colours on `model` while none of its lines is longer than LONG_LINE_CHARS. Checks the
 * whole text now and after each `setValue` (a document loaded), only the lines an edit wrote
 * otherwise; once off, typing does not turn them back on (the next document loaded does), so that a
 * keystroke never scans the whole document. Returns the subscription to dispose.
 */
export function limitBracketColorsOnLongLines(model: monaco.editor.ITextModel): monaco.IDisposable {
  let enabled = !hasLongLine(model, 1, model.getLineCount());
  setBracketColors(model, enabled);
  return model.onDidChangeContent((e) => {
    if (e.isFlush) {
      const next = !hasLongLine(model, 1, model.getLineCount());
      if (next !== enabled) setBracketColors(model, (enabled = next));
      return;
    }
    if (!enabled) return;
    const long = e.changes.some((c) => {
      const first = c.range.startLineNumber;
      let lines = 0;
      for (let i = c.text.indexOf('\n'); i !== -1; i = c.text.indexOf('\n', i + 1)) lines++;
      return hasLongLine(model, first, Math.min(first + lines, model.getLineCount()));
    });
    if (long) setBracketColors(model, (enabled = false));
  });
}
