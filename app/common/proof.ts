// The proof document model shared by engine, renderer and CLI (types only; the parser lives in app/proof).
import type { LocatedRange, SourceRange } from './text';

export type DocumentFormat = 'markdown' | 'tex';

export type StepKind =
  | 'heading'      // a section boundary; shown, never flagged by the verifier as a step of reasoning
  | 'paragraph'
  | 'list-item'
  | 'display-math' // a display block not attached to an introducing sentence
  | 'environment'  // \begin{…}…\end{…} at block level (theorem, proof, align…)
  | 'code'
  | 'quote'
  | 'other';

export type MathDelimiter = '$' | '$$' | '\\(' | '\\[' | 'env';

/** One math fragment with the exact range of its delimiters and of its TeX content. */
export interface MathFragment {
  range: SourceRange;
  contentRange: SourceRange;
  delimiter: MathDelimiter;
  display: boolean;
  /** Environment name for `env` fragments (align, equation*, …). */
  env?: string;
  tex: string;
}

export interface Step {
  /** Stable id: survives edits elsewhere in the document (see app/proof/remap). */
  id: string;
  /** Positional label shown to models: S1, S2, … (recomputed on every parse). */
  label: string;
  index: number;
  kind: StepKind;
  range: LocatedRange;
  /** Source text of the step, exactly text.slice(range.start, range.end). */
  text: string;
  /** Title of the heading this step falls under, if any. */
  section?: string;
  math: MathFragment[];
}

export interface ProofDocument {
  format: DocumentFormat;
  text: string;
  /** The part of the text that holds the proof (for .tex: inside \begin{document}…\end{document}). */
  body: SourceRange;
  steps: Step[];
}
