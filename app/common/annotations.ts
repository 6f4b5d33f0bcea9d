// Findings attached to proof steps (DESIGN.md §3). Shared by engine, renderer, CLI and reports.
import type { SourceRange } from './text';

export type Severity = 'critical' | 'gap' | 'minor' | 'note' | 'ok';
export const SEVERITIES: readonly Severity[] = ['critical', 'gap', 'minor', 'note', 'ok'];
/** Severities that count as a "flag" on a step for consensus. */
export const FLAGGING_SEVERITIES: readonly Severity[] = ['critical', 'gap', 'minor'];

export type MetaVerdict = 'confirmed' | 'disputed' | 'unchecked';

/** How a free-text finding was tied to a step. */
export type MappedBy = 'label' | 'quote' | 'extraction' | 'checker' | 'none';

export interface Provenance {
  source: 'verifier' | 'self-evaluation' | 'checker';
  runId?: string;
  callId?: string;
  /** 0-based verifier sample index within the run. */
  sample?: number;
  model?: string;
  verdict: MetaVerdict;
}

export interface Annotation {
  id: string;
  /** null: a document-level finding that could not be tied to a step (shown, never dropped). */
  stepId: string | null;
  /** Exact range in the document when the finding quoted it. */
  range?: SourceRange;
  severity: Severity;
  message: string;
  quote?: string;
  mappedBy: MappedBy;
  provenance: Provenance;
  /** Set when the text the annotation was about has been rewritten since. */
  stale?: boolean;
}

/** A finding as a model states it, before it is placed on a step. */
export interface Finding {
  severity: Severity;
  message: string;
  /** Step label cited by the model (labelled profile), e.g. "S3". */
  stepLabel?: string;
  /** Text quoted from the proof as the location. */
  quote?: string;
}
