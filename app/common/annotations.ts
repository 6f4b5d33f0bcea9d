// Findings attached to proof steps (DESIGN.md §3). Shared by engine, renderer, CLI and reports.
import { verdictShare, type SampleVerdicts } from './run-status';
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
  /**
   * Set when the model gave `quote` but no such text is in the proof (placement could not find it): a
   * paraphrase, a term in quotes or a guess. Every surface says so rather than show it as the proof's words.
   */
  quoteNotFound?: boolean;
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

/** The words shown before a finding's quote that is not in the proof (`quoteNotFound`): card, report. */
export const QUOTE_NOT_FOUND_WORDING = 'Quoted, but not found in the proof:';

/**
 * Whether a checker annotation is one of its findings as every surface lists and counts them: all but
 * its verified computations (`ok`, shown on request only). Notes count (a formula refused as nested
 * too deeply is one): the workbench's Problems list and the report's "Checker findings" column both
 * count by this rule, so the two never disagree (rev16 F7).
 */
export function isCheckerFinding(a: Annotation): boolean {
  return a.provenance.source === 'checker' && a.severity !== 'ok';
}

// ------------------------------------------------------------------------------------------------
// One finding across samples. With m verifier samples the same defect usually comes back m times;
// every surface (findings card, problems list, hover, F8, report) shows it once, with "k of m".

/** The findings that say the same thing about the same place, from any number of samples. */
export interface FindingCluster {
  /** The first annotation stands for the cluster (message, quote, severity, range). */
  lead: Annotation;
  members: Annotation[];
}

/**
 * Groups annotations that share step, severity, source and message (case and spacing ignored), in
 * first-seen order: one finding as each verifier sample stated it. Findings that differ in any of these
 * stay apart, and so do two of one sample, or two with no sample (the checker's: it is not sampled),
 * which are two findings at two places, not one said twice.
 */
export function clusterFindings(annotations: readonly Annotation[]): FindingCluster[] {
  const clusters: FindingCluster[] = [];
  const open = new Map<string, FindingCluster[]>();
  for (const a of annotations) {
    const key = [a.stepId ?? '', a.severity, a.provenance.source, a.message.trim().toLowerCase().replace(/\s+/g, ' ')].join('\u0000');
    const sample = a.provenance.sample;
    const same = open.get(key) ?? [];
    const c = sample === undefined ? undefined : same.find((x) => x.members.every((m) => m.provenance.sample !== undefined && m.provenance.sample !== sample));
    if (c) c.members.push(a);
    else {
      const made = { lead: a, members: [a] };
      clusters.push(made);
      same.push(made);
      open.set(key, same);
    }
  }
  return clusters;
}

/** How a checker finding was reached, shown wherever it is (it is no model's opinion). */
export const CHECKER_PROVENANCE = 'computer algebra, not a model';

/** "verifier · sample 2 · run 1a2b3c4d · model qwen · meta-verifier: confirmed" */
export function describeProvenance(a: Annotation): string {
  const p = a.provenance;
  const parts: string[] = [p.source];
  if (p.sample !== undefined) parts.push(`sample ${p.sample + 1}`);
  if (p.runId) parts.push(`run ${p.runId}`);
  if (p.model) parts.push(`model ${p.model}`);
  if (p.source === 'checker') parts.push(CHECKER_PROVENANCE);
  else parts.push(`meta-verifier: ${p.verdict}`);
  return parts.join(' · ');
}

/**
 * Who said a clustered finding: "verifier · 4 of 4 samples (1, 2, 3, 4) · run r1 · meta-verifier: 3
 * confirmed, 1 disputed". `samples` (the run's verifier samples: a count, all of which gave a verdict,
 * or SampleVerdicts) is optional; without it the count reads "4 samples". With samples that gave no
 * verdict the count is over the verdicts (verdictShare): "verifier · 1 of 2 verdicts (sample 1) · 2
 * samples gave no verdict · …". A cluster of one reads like describeProvenance, with "1 of m" when m > 1.
 */
export function describeCluster(c: FindingCluster, samples?: number | SampleVerdicts): string {
  const p = c.lead.provenance;
  const numbers = [...new Set(c.members.map((a) => a.provenance.sample).filter((s): s is number => s !== undefined))].map((s) => s + 1).sort((a, b) => a - b);
  const m = typeof samples === 'number' ? { verdicts: samples, requested: samples } : samples;
  // Only findings of known samples have a share (a checker's finding is no sample's).
  const share = m && m.requested > 1 && numbers.length ? verdictShare(numbers.length, m) : null;
  const said = share && (share.noVerdict ? `${share.of} (sample${numbers.length === 1 ? '' : 's'} ${numbers.join(', ')}) · ${share.noVerdict}` : `${share.of} samples (${numbers.join(', ')})`);
  if (c.members.length === 1) {
    const one = describeProvenance(c.lead);
    return said && numbers.length === 1 ? one.replace(/ · sample \d+/, ` · ${said}`) : one;
  }
  const verdicts = new Map<string, number>();
  for (const a of c.members) verdicts.set(a.provenance.verdict, (verdicts.get(a.provenance.verdict) ?? 0) + 1);
  const count = numbers.length || c.members.length;
  const parts: string[] = [p.source, said ?? `${count} samples${numbers.length ? ` (${numbers.join(', ')})` : ''}`];
  if (p.runId) parts.push(`run ${p.runId}`);
  if (p.model) parts.push(`model ${p.model}`);
  if (p.source === 'checker') parts.push(CHECKER_PROVENANCE);
  else parts.push(`meta-verifier: ${[...verdicts].map(([v, n]) => `${n} ${v}`).join(', ')}`);
  return parts.join(' · ');
}
