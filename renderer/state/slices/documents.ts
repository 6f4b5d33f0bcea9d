// The documents/editor slice: the open document as the engine last reported it, the editor's text,
// and the lists the Open and Recover dialogs show.
import type { ExampleDocument, RecentDocument, RecoveryInfo } from '../../../app/common/contract';
import type { DocumentFormat, ProofDocument } from '../../../app/common/proof';
import type { SourceRange } from '../../../app/common/text';
import type { MathError } from '../../preview/renderBlock';

export interface DocumentSlice {
  docId: string | null;
  path: string | null;
  name: string;
  format: DocumentFormat;
  /** Bumped whenever a document is (re)loaded into the editor from the engine. */
  loadNonce: number;
  initialText: string;
  text: string;
  problem: string;
  doc: ProofDocument | null;
  docVersion: number;
  dirty: boolean;
  cursorOffset: number;
  /**
   * The editor's selection a Verify checks: non-empty and made by the user (renderer/editor/verifySelection.ts:
   * not one Find/Replace left); null: Verify checks the whole proof. The toolbar's Verify says which.
   */
  verifySelection: SourceRange | null;
  previewErrors: MathError[];
  /** Macros of the document (from the preview), used to render math in findings too. */
  macros: Record<string, string>;
  /** Macros of the workspace's macros.tex, applied under each document's own definitions. */
  workspaceMacros: Record<string, string>;
  exampleDocuments: ExampleDocument[];
  recent: RecentDocument[];
  recoveries: RecoveryInfo[];
  /** The shipped example (sample proof) this document was created from, while it has no file of its own. */
  example: string | null;
  /** The workspace file being opened (Files, Recent), from the click until it is in the editor or failed; null otherwise. */
  opening: string | null;
  /**
   * What the user typed while `opening` (the Files dialog keeps those keys: printable characters, Enter
   * as a line break, Backspace taking back the last one); the editor types it into the document that
   * opens, at its caret, as if the keys had come then. '' when nothing is kept.
   */
  typedAhead: string;
}

export function documentSlice(): DocumentSlice {
  return {
    docId: null,
    path: null,
    name: 'untitled.md',
    format: 'markdown',
    loadNonce: 0,
    initialText: '',
    text: '',
    problem: '',
    doc: null,
    docVersion: 0,
    dirty: false,
    cursorOffset: 0,
    verifySelection: null,
    previewErrors: [],
    macros: {},
    workspaceMacros: {},
    exampleDocuments: [],
    recent: [],
    recoveries: [],
    example: null,
    opening: null,
    typedAhead: '',
  };
}
