// How annotations are arranged for display: per step (with consensus), and as a flat problems list.
// Pure functions over the shared types; the components only draw what these return.
import { FLAGGING_SEVERITIES, SEVERITIES, type Annotation, type Severity } from '../../app/common/annotations';
import type { ProofDocument, Step } from '../../app/common/proof';
import type { SourceRange } from '../../app/common/text';

export type ProblemSource = 'verifier' | 'self-evaluation' | 'checker' | 'preview';

export interface ProblemItem {
  id: string;
  severity: Severity;
  message: string;
  source: ProblemSource;
  range: SourceRange | null;
  stepLabel: string | null;
  stale: boolean;
  annotation?: Annotation;
}

export interface StepFindings {
  step: Step;
  /** Distinct verifier samples that flagged the step, and how many of those the meta-verifier confirmed. */
  flags: number;
  confirmed: number;
  worst: Severity | null;
  bySeverity: { severity: Severity; annotations: Annotation[] }[];
  checker: Annotation[];
  stale: boolean;
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Where an annotation points in the current text: its own range, else its step's range. */
export function anchorOf(annotation: Annotation, doc: ProofDocument | null): SourceRange | null {
  if (annotation.range) return annotation.range;
  if (!annotation.stepId || !doc) return null;
  const step = doc.steps.find((s) => s.id === annotation.stepId);
  return step ? { start: step.range.start, end: step.range.end } : null;
}

export function isHidden(a: Annotation, hidden: ReadonlySet<string>): boolean {
  return hidden.has(a.id);
}

/** Consensus and grouped findings for every step that has any annotation. */
export function findingsByStep(doc: ProofDocument | null, annotations: readonly Annotation[], hidden: ReadonlySet<string>): Map<string, StepFindings> {
  const out = new Map<string, StepFindings>();
  if (!doc) return out;
  const steps = new Map(doc.steps.map((s) => [s.id, s]));
  const byStep = new Map<string, Annotation[]>();
  for (const a of annotations) {
    if (!a.stepId || isHidden(a, hidden) || !steps.has(a.stepId)) continue;
    const list = byStep.get(a.stepId) ?? [];
    list.push(a);
    byStep.set(a.stepId, list);
  }
  for (const [stepId, list] of byStep) {
    const flaggingSamples = new Set<string>();
    const confirmedSamples = new Set<string>();
    let worst: Severity | null = null;
    for (const a of list) {
      if (a.provenance.source !== 'verifier' || !FLAGGING_SEVERITIES.includes(a.severity)) continue;
      const sampleKey = `${a.provenance.runId ?? ''}#${a.provenance.sample ?? a.provenance.callId ?? a.id}`;
      flaggingSamples.add(sampleKey);
      if (a.provenance.verdict === 'confirmed') confirmedSamples.add(sampleKey);
      if (worst === null || severityRank(a.severity) < severityRank(worst)) worst = a.severity;
    }
    const nonChecker = list.filter((a) => a.provenance.source !== 'checker');
    const bySeverity = SEVERITIES.map((severity) => ({ severity, annotations: nonChecker.filter((a) => a.severity === severity) }))
      .filter((g) => g.annotations.length > 0);
    out.set(stepId, {
      step: steps.get(stepId)!,
      flags: flaggingSamples.size,
      confirmed: confirmedSamples.size,
      worst,
      bySeverity,
      checker: list.filter((a) => a.provenance.source === 'checker'),
      stale: list.every((a) => a.stale),
    });
  }
  return out;
}

export interface ProblemFilter {
  severities: ReadonlySet<Severity>;
  source: ProblemSource | 'all';
}

export function problemItems(
  doc: ProofDocument | null,
  annotations: readonly Annotation[],
  previewErrors: readonly { message: string; start: number; end: number }[],
  hidden: ReadonlySet<string>,
): ProblemItem[] {
  const label = new Map((doc?.steps ?? []).map((s) => [s.id, s.label]));
  const items: ProblemItem[] = annotations
    .filter((a) => !isHidden(a, hidden))
    .map((a) => ({
      id: a.id, severity: a.severity, message: a.message, source: a.provenance.source, range: anchorOf(a, doc),
      stepLabel: a.stepId ? label.get(a.stepId) ?? null : null, stale: !!a.stale, annotation: a,
    }));
  previewErrors.forEach((e, i) => items.push({
    id: `katex-${i}-${e.start}`, severity: 'critical', message: `KaTeX: ${e.message}`, source: 'preview',
    range: { start: e.start, end: e.end }, stepLabel: null, stale: false,
  }));
  // Document order; document-level findings (no range) last; worst first at the same place.
  return items.sort((a, b) => (a.range?.start ?? Infinity) - (b.range?.start ?? Infinity) || severityRank(a.severity) - severityRank(b.severity));
}

export function filterProblems(items: readonly ProblemItem[], filter: ProblemFilter): ProblemItem[] {
  return items.filter((i) => filter.severities.has(i.severity) && (filter.source === 'all' || i.source === filter.source));
}

/** The next problem after `offset` (wrapping), for F8. */
export function nextProblem(items: readonly ProblemItem[], offset: number): ProblemItem | null {
  const located = items.filter((i) => i.range);
  if (located.length === 0) return items[0] ?? null;
  return located.find((i) => i.range!.start > offset) ?? located[0];
}

/** "verifier · sample 2 · run 1a2b3c4d · model qwen · meta-verifier: confirmed" */
export function describeProvenance(a: Annotation): string {
  const p = a.provenance;
  const parts: string[] = [p.source];
  if (p.sample !== undefined) parts.push(`sample ${p.sample + 1}`);
  if (p.runId) parts.push(`run ${p.runId}`);
  if (p.model) parts.push(`model ${p.model}`);
  if (p.source !== 'checker') parts.push(`meta-verifier: ${p.verdict}`);
  return parts.join(' · ');
}

export const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'Critical error', gap: 'Justification gap', minor: 'Minor issue', note: 'Note', ok: 'OK',
};

export interface FindingCluster {
  /** The first annotation stands for the cluster (message, quote, severity). */
  lead: Annotation;
  members: Annotation[];
}

/** Findings that several samples state in the same words are shown once, with who said them. */
export function clusterFindings(annotations: readonly Annotation[]): FindingCluster[] {
  const clusters = new Map<string, FindingCluster>();
  for (const a of annotations) {
    const key = `${a.severity}\u0000${a.provenance.source}\u0000${a.message.trim().toLowerCase().replace(/\s+/g, ' ')}`;
    const c = clusters.get(key);
    if (c) c.members.push(a);
    else clusters.set(key, { lead: a, members: [a] });
  }
  return [...clusters.values()];
}

/** "samples 1–4 · meta-verifier: 2 confirmed, 1 disputed" for a cluster. */
export function describeCluster(c: FindingCluster): string {
  if (c.members.length === 1) return describeProvenance(c.lead);
  const samples = c.members.map((a) => a.provenance.sample).filter((s): s is number => s !== undefined).map((s) => s + 1).sort((a, b) => a - b);
  const verdicts = new Map<string, number>();
  for (const a of c.members) verdicts.set(a.provenance.verdict, (verdicts.get(a.provenance.verdict) ?? 0) + 1);
  const p = c.lead.provenance;
  const parts: string[] = [p.source, `${c.members.length} samples (${samples.join(', ')})`];
  if (p.runId) parts.push(`run ${p.runId}`);
  if (p.model) parts.push(`model ${p.model}`);
  if (p.source !== 'checker') parts.push(`meta-verifier: ${[...verdicts].map(([v, n]) => `${n} ${v}`).join(', ')}`);
  return parts.join(' · ');
}
