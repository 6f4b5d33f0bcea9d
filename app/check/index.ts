// app/check — deterministic checks, no model: LaTeX lint and computation checks with counterexamples.
import type { Annotation } from '../common/annotations';
import type { ProofDocument } from '../common/proof';
import { baseMacrosFor, type MacroTable } from '../common/tex/macros';
import { Checker, fromProofDocument, type CheckReport, type DocumentInput } from './checker';
import { formatEvidence } from './evidence';
import type { CheckOptions, ComputationFinding } from './types';

export { Checker, CheckCancelled, fromProofDocument, type CheckCall, type CheckReport, type DocumentInput } from './checker';
export { formatEvidence };
export { evidenceByDefault } from './evidence';
export { lintAnnotation, computationAnnotation, stepAt, type StepSpan } from './annotations';
export { lintMath } from './lint/katex';
export { collectMacros } from '../common/tex/macros';
export { scanDocument } from './lint/scan';
export { checkFragmentComputations, documentContext, fragmentSetting, relationPairs, judgeRelation } from './compute';
export type * from './types';
import { clearParseCaches } from './compute/parse';
import { clearStatementCache } from './compute/context';
import { clearFactCache } from './compute/facts';

/** Drops the module-wide memo tables (parsed TeX, simplifier answers, stated domains, facts per fragment). */
export function clearCheckerCaches(): void {
  clearParseCaches();
  clearStatementCache();
  clearFactCache();
}

/** Lint annotations for a parsed document (macros: extra macros, under those the document defines). */
export function lintDocument(doc: ProofDocument, macros?: Record<string, string>): Annotation[] {
  const report = new Checker({ macros }).check(fromProofDocument(doc));
  return report.annotations.filter((a) => a.id.startsWith('check:lint:'));
}

/** Computation findings (every relation, unchecked ones included) for a parsed document. */
export function checkComputations(doc: ProofDocument, options?: CheckOptions): ComputationFinding[] {
  return new Checker({ symbolic: true, ...options }).check(fromProofDocument(doc)).computations;
}

/**
 * Lint and computations in one pass (symbolic checks on, within 200 simplifier attempts), from a document model or
 * plain text (the checker then finds the math itself). For the editor, keep one `Checker` per document
 * instead: it re-checks only what an edit changed and leaves the (slow) simplifier off.
 */
export function checkDocument(input: ProofDocument | DocumentInput, options?: CheckOptions): CheckReport {
  return new Checker({ symbolic: true, symbolicAttempts: 200, ...options }).check(input);
}

/**
 * The checker's decided computations as evidence for the verifier prompt ('' when it decided nothing).
 * Symbolic checks run within a short budget (100 simplifier attempts, ~1 s) so a long proof never
 * stalls a verification; counted in work, so the prompt, which resume and folder reuse match by its
 * hash, is the same text on every machine and under any load.
 */
export function computationEvidence(doc: ProofDocument): string {
  return formatEvidence(checkDocument(doc, { symbolicAttempts: 100 }).computations);
}

/**
 * The checker's findings for an exported report — lint and computations as annotations
 * (`provenance.source: 'checker'`), checked as `proofwright check` does (symbolic upgrade on within
 * `checkDocument`'s budget), with workspace macros (`macros.tex`) under the document's own. The app's
 * "Export report" and `proofwright verify --report` both use it, so they show the same findings.
 */
export function checkerFindingsForReport(doc: ProofDocument, workspaceMacros?: MacroTable): Annotation[] {
  const macros = workspaceMacros ? baseMacrosFor(doc.text, workspaceMacros) : undefined;
  return checkDocument(doc, { macros }).annotations;
}
