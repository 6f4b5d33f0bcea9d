// Public types of the deterministic checker (app/check).
import type { SourceRange } from '../common/text';
import type { RelOp } from './compute/chains';

export type { RelOp };

/** One math fragment as the checker sees it: its TeX and where that TeX starts in the document. */
export interface CheckFragment {
  tex: string;
  /** Document offset of tex[0] (MathFragment.contentRange.start). */
  contentOffset: number;
  display: boolean;
  /** Environment name for `\begin{align}…` fragments. */
  env?: string;
  /** Document range of the whole fragment, delimiters included. */
  range?: SourceRange;
  stepId?: string | null;
}

export type ComputationStatus = 'verified' | 'holds' | 'fails' | 'unchecked';

export interface Counterexample {
  /** Values of the free variables (fixed values from the text included). */
  assignment: Record<string, number>;
  left: number;
  right: number;
}

/** One checked relation `left op right` between adjacent terms of a chain. */
export interface ComputationFinding {
  id: string;
  stepId: string | null;
  op: RelOp;
  left: string;
  right: string;
  /** From the start of the left term to the end of the right term. */
  range: SourceRange;
  status: ComputationStatus;
  /** Sample points at which both sides were defined (numeric checks). */
  points?: number;
  counterexample?: Counterexample;
  /** Why a relation is unchecked (parse failure, not an identity, undefined at the points…). */
  reason?: string;
  /** The stated definitions and hypotheses the verdict used ("holds under m = …"). */
  hypotheses?: string[];
  message: string;
}

export type LintLevel = 'error' | 'warning';

export type LintCode =
  | 'parse-error'
  | 'unknown-macro'
  | 'unclosed-math'
  | 'unmatched-math-close'
  | 'unbalanced-env'
  | 'unbalanced-brace'
  /** `\\begin{cases}` (matrix, aligned…) in text: LaTeX's "Missing $ inserted" (tex/environments.ts). */
  | 'math-env-outside-math'
  | 'math-command-in-text'
  | 'text-command-in-math'
  /** A formula over the nesting or macro-expansion limit (app/common/limits.ts): not parsed or checked. */
  | 'too-large'
  /** `\ref`/`\cref`/… to a key no `\label` defines: printed "??" (lint/references.ts). */
  | 'undefined-reference'
  /** A `\label` key defined twice (two headings, environments or equations): LaTeX's "Label multiply defined" (lint/references.ts). */
  | 'duplicate-label';

export interface LintIssue {
  code: LintCode;
  level: LintLevel;
  range: SourceRange;
  message: string;
}

export interface CheckOptions {
  /** Extra macros (name with backslash → expansion), added to those the document defines. */
  macros?: Record<string, string>;
  /**
   * Try the symbolic simplifier on equalities that hold numerically (turns 'holds' into 'verified').
   * It costs 1–250 ms a relation, so the editor's checker leaves it off (default false) and batch
   * runs (CLI, reports, the verifier's evidence) turn it on with a budget.
   */
  symbolic?: boolean;
  /**
   * Budget of the symbolic pass in one check, counted in simplifier attempts (default 1,000; ~8 ms each
   * on average). Once a fragment starts with the budget spent, it and later ones stay 'holds'. Work, not
   * milliseconds: the verdicts, and the verifier prompt that shows them, must be the same for the same
   * text on any machine under any load, or a resumed run would ask its finished calls again.
   */
  symbolicAttempts?: number;
  /** Number of sample points per relation. */
  samples?: number;
}
