// Monaco closes a typed `$`, `(`, `{`… only when the line's tokens are cheap to get: when every line
// above it has been tokenized (TextModelTokenization.isCheapToTokenize; cursorTypeEditOperations'
// getAutoClosingPairClose says "Do not force tokenization"). Its tokenizer catches up in idle time, so
// whether a pair is closed depends on how busy the page is, and it can change between the two ends of
// one formula: right after opening a long proof (5,000 lines: 4 of 4 runs), or while the page is busy
// typesetting, `$x$` typed at a typist's pace came out `$x$$` — the opening `$` was not closed, the
// closing one was taken as an opening and closed (rev14 finding 1; the stray `(`…`)` of the
// long-insert e2e is the same thing). Bringing the tokens up to the caret's line before such a
// character is typed makes every `$` see the same rules; the tokenizer does that work anyway, only
// later (a one-time cost when typing right after opening a long document, none while typing on).
import type * as Monaco from 'monaco-editor/esm/vs/editor/editor.api';
import { AUTO_CLOSING_PAIRS } from './latexLanguage';

/** The characters whose typing Monaco's auto-closing rules read tokens for: the pairs' open and close characters. */
const PAIR_CHARACTERS = new Set(AUTO_CLOSING_PAIRS.flatMap((pair) => [pair.open, pair.close]));

/** Monaco's model tokenization part; not in its public typings (`ITextModel.tokenization`), so reached with a guard. */
interface TokenizationPart {
  forceTokenization(lineNumber: number): void;
  isCheapToTokenize(lineNumber: number): boolean;
}

function tokenizationOf(model: Monaco.editor.ITextModel): TokenizationPart | null {
  const part = (model as unknown as { tokenization?: Partial<TokenizationPart> }).tokenization;
  return part && typeof part.forceTokenization === 'function' && typeof part.isCheapToTokenize === 'function' ? (part as TokenizationPart) : null;
}

/**
 * Before `text` is typed into `editor` by keyboard: when it is one character of an auto-closing pair
 * (`$ ( ) [ ] { }` and the backtick), tokenizes the model up to the last selection's line if Monaco would otherwise skip
 * its auto-closing rules there. Does nothing for other text, or on a Monaco without the (internal)
 * tokenization part.
 */
export function tokensReadyForPairs(editor: Monaco.editor.ICodeEditor, text: string): void {
  if (text.length !== 1 || !PAIR_CHARACTERS.has(text)) return;
  const model = editor.getModel();
  const tokens = model && tokenizationOf(model);
  if (!model || !tokens) return;
  const line = Math.max(0, ...(editor.getSelections() ?? []).map((s) => s.getEndPosition().lineNumber));
  if (line > 0 && !tokens.isCheapToTokenize(line)) tokens.forceTokenization(line);
}
