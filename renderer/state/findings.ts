// Findings: what is displayed (the verifier's and the checker's), the checker's pushed findings,
// and dismissing / resolving findings.
import { useMemo } from 'react';
import { isCheckerFinding, type Annotation } from '../../app/common/annotations';
import { applyCheckerDelta } from '../../app/common/checkerDelta';
import { isCheckerDelta, type CheckerFindings } from '../../app/common/contract';
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
  return checker.length === 0 ? s.annotations : [...s.annotations, ...(s.showVerified ? checker : checker.filter(isCheckerFinding))];
}

// The checker runs in the engine (never on this thread), which checks every new version of the text
// by itself and pushes the findings (`checkerFindings`), in full or as a change from its previous
// push (app/common/checkerDelta.ts). The newest findings are kept: they are shown once they are about
// the text on screen (the edit's reply may arrive before or after the push).
let latestFindings: { docId: string; version: number; annotations: Annotation[] } | null = null;

/** The engine's findings for one version of a document (the `checkerFindings` event). */
export function onCheckerFindings(findings: CheckerFindings): void {
  if (!isCheckerDelta(findings)) {
    latestFindings = { docId: findings.docId, version: findings.version, annotations: findings.annotations };
  } else {
    const base = latestFindings;
    let rebuilt: Annotation[] | null = null;
    if (base && base.docId === findings.docId && base.version === findings.base) {
      try {
        rebuilt = applyCheckerDelta(base.annotations, findings.entries);
      } catch {
        rebuilt = null;
      }
    }
    // A change from a push this page did not get (it connected, or switched documents, since): ask.
    if (!rebuilt) return void fetchCheckerFindings(findings.docId);
    latestFindings = { docId: findings.docId, version: findings.version, annotations: rebuilt };
  }
  showCheckerFindings();
}

/** The whole findings of the document from `check`, kept unless a newer push came meanwhile. */
function fetchCheckerFindings(docId: string): void {
  const engine = get().engine;
  if (!engine) return;
  void engine.check({ docId }).then((answer) => {
    if (answer.version === undefined) return;
    if (latestFindings && latestFindings.docId === docId && latestFindings.version >= answer.version) return;
    latestFindings = { docId, version: answer.version, annotations: answer.annotations };
    showCheckerFindings();
  }, () => undefined);
}

/** Show the engine's newest findings if they are about the document and version on screen. */
export function showCheckerFindings(): void {
  const { docId, docVersion } = get();
  if (!latestFindings || latestFindings.docId !== docId || latestFindings.version !== docVersion) return;
  // Most keys leave the checker's findings as they were: the same array is kept so nothing redraws.
  // A delta keeps each unchanged finding's own object, so equal lists are mostly told apart at once.
  const shown = get().checkerAnnotations;
  const next = latestFindings.annotations;
  const same = shown === next || (shown.length === next.length && (next.every((a, i) => a === shown[i]) || JSON.stringify(shown) === JSON.stringify(next)));
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

