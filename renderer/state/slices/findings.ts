// The findings slice: the verifier's annotations, the checker's, and what the user did with them
// (dismissed and resolved ids, kept in localStorage) and the Problems panel's filters.
import type { Annotation, Severity } from '../../../app/common/annotations';
import type { ProblemSource } from '../annotationsView';
import { loadIdSet } from '../persist';

export const DISMISSED_KEY = 'pw.dismissed';
export const RESOLVED_KEY = 'pw.resolved';

export interface FindingsSlice {
  annotations: Annotation[];
  /**
   * The deterministic checker's findings (computer algebra and LaTeX lint), from the engine after each
   * edit. Apart from `annotations` so a verify run never wipes them, nor they a run's findings.
   */
  checkerAnnotations: Annotation[];
  /**
   * The document version `checkerAnnotations` are about (-1: none yet). The engine's answer to a key
   * comes before the checker's push for the same version: meanwhile the checker's offsets describe the
   * text before the key.
   */
  checkerVersion: number;
  /** Show the checker's verified computations too (not only what failed). */
  showVerified: boolean;
  dismissed: Set<string>;
  resolved: Set<string>;
  severityFilter: Set<Severity>;
  sourceFilter: ProblemSource | 'all';
}

export function findingsSlice(): FindingsSlice {
  return {
    annotations: [],
    checkerAnnotations: [],
    checkerVersion: -1,
    showVerified: false,
    dismissed: loadIdSet(DISMISSED_KEY),
    resolved: loadIdSet(RESOLVED_KEY),
    severityFilter: new Set<Severity>(['critical', 'gap', 'minor', 'note']),
    sourceFilter: 'all',
  };
}
