// Findings: what is displayed (the verifier's and the checker's), the checker's coalesced requests,
// and dismissing / resolving findings.
import { useMemo } from 'react';
import type { Annotation } from '../../app/common/annotations';
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
  return useMemo(
    () => (checker.length === 0 ? annotations : [...annotations, ...(showVerified ? checker : checker.filter((a) => a.severity !== 'ok'))]),
    [annotations, checker, showVerified],
  );
}

// The checker runs in the engine (never on this thread). Like Overleaf's Code Check, at most one
// request is in flight and at most one more waits: however fast the user types, the engine checks the
// latest text once the previous check answers, and intermediate versions are skipped.
let checkInFlight = false;
let checkWanted = false;

/** Ask the engine to check the document as it now holds it; coalesced (one in flight, one waiting). */
export function requestCheck(): void {
  checkWanted = true;
  if (!checkInFlight) void runChecks();
}

async function runChecks(): Promise<void> {
  checkInFlight = true;
  try {
    while (checkWanted) {
      checkWanted = false;
      const { engine, docId } = get();
      if (!engine || !docId) return;
      try {
        const result = await engine.check({ docId });
        // Only findings about the text on screen: after a document switch they are about another one, and
        // when the engine answered for an older version a newer edit has already asked for another check.
        const now = get();
        if (now.docId === docId && (result.version === undefined || result.version === now.docVersion)) set({ checkerAnnotations: result.annotations });
      } catch (error) {
        // A failed check must not leave old findings looking current, nor interrupt typing.
        if (get().docId === docId) set({ checkerAnnotations: [] });
        console.warn('check failed', error);
      }
    }
  } finally {
    checkInFlight = false;
  }
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

