// Findings: what is displayed (the verifier's and the checker's), the checker's pushed findings,
// and dismissing / resolving findings.
import { useMemo } from 'react';
import type { Annotation } from '../../app/common/annotations';
import type { CheckerFindings } from '../../app/common/contract';
import { DISMISSED_KEY, RESOLVED_KEY } from './slices/findings';
import { saveIdSet } from './persist';
import { get, set, useWorkbench } from './workbench';

/**
 * Every annotation to display: the last run's findings and the checker's. The checker's verified
 * computations (severity `ok`) only with `showVerified`, so by default it speaks only about failures.
 */
export function useDisplayedAnnotations(): Annotation[] {
  const annotations = useWorkbench((s) => s.annotations);
  const checker = useWorkbench((s) => s.checkerAnnotations);
  const showVerified = useWorkbench((s) => s.showVerified);
  return useMemo(() => displayedAnnotations({ annotations, checkerAnnotations: checker, showVerified }), [annotations, checker, showVerified]);
}

/** What useDisplayedAnnotations shows, for a state read once (no subscription). */
export function displayedAnnotations(s: { annotations: Annotation[]; checkerAnnotations: Annotation[]; showVerified: boolean }): Annotation[] {
  const checker = s.checkerAnnotations;
  return checker.length === 0 ? s.annotations : [...s.annotations, ...(s.showVerified ? checker : checker.filter((a) => a.severity !== 'ok'))];
}

// The checker runs in the engine (never on this thread), which checks every new version of the text
// by itself and pushes the findings (`checkerFindings`). The newest push is kept: it is shown once
// it is about the text on screen (its reply may arrive before or after the push).
let latestFindings: CheckerFindings | null = null;

/** The engine's findings for one version of a document (the `checkerFindings` event). */
export function onCheckerFindings(findings: CheckerFindings): void {
  latestFindings = findings;
  showCheckerFindings();
}

/** Show the engine's newest findings if they are about the document and version on screen. */
export function showCheckerFindings(): void {
  const { docId, docVersion } = get();
  if (!latestFindings || latestFindings.docId !== docId || latestFindings.version !== docVersion) return;
  // Most keys leave the checker's findings as they were: the same array is kept so nothing redraws.
  const shown = get().checkerAnnotations;
  const next = latestFindings.annotations;
  const same = shown === next || (shown.length === next.length && JSON.stringify(shown) === JSON.stringify(next));
  if (!same) set({ checkerAnnotations: next, checkerVersion: docVersion });
  else if (get().checkerVersion !== docVersion) set({ checkerVersion: docVersion });
}

export function dismissAnnotation(id: string): void {
  const dismissed = new Set(get().dismissed).add(id);
  saveIdSet(DISMISSED_KEY, dismissed);
  set({ dismissed });
}

export function toggleResolved(id: string, to?: boolean): void {
  const resolved = new Set(get().resolved);
  const on = to ?? !resolved.has(id);
  if (on) resolved.add(id);
  else resolved.delete(id);
  saveIdSet(RESOLVED_KEY, resolved);
  set({ resolved });
}

export function restoreDismissed(): void {
  saveIdSet(DISMISSED_KEY, new Set());
  set({ dismissed: new Set() });
}

