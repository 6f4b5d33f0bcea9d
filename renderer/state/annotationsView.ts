// How annotations are arranged for display: per step (with consensus), and as a flat problems list.
// Pure functions over the shared types; the components only draw what these return.
import { clusterFindings, describeCluster, SEVERITIES, type Annotation, type Severity } from '../../app/common/annotations';
// The grouping of one finding across samples lives with the shared types (the report uses it too).
export { clusterFindings, describeCluster, describeProvenance, type FindingCluster } from '../../app/common/annotations';
import { sampleKey, stepFlags } from '../../app/common/consensus';
import type { ProofDocument, Step } from '../../app/common/proof';
import type { VerifyResult } from '../../app/common/results';
import { sampleVerdictsOf, type SampleVerdicts } from '../../app/common/run-status';
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
  /** The finding's lead annotation; with `members`, every sample that stated it. */
  annotation?: Annotation;
  members?: Annotation[];
  /** Who said it: "verifier · 4 of 4 samples (1, 2, 3, 4) · …", or the source for KaTeX errors. */
  detail: string;
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

/**
 * Where the editor marks a finding placed on no step (a verifier's "the proof never handles n = 0"):
 * the document's first word, so Monaco's F8 reaches it and counts it as the Problems tab does. A word
 * is a run of letters or digits ("# Infinitely many" gives "Infinitely"); failing one, the first
 * character that is not a space; an empty or blank text, its start.
 */
export function wholeProofAnchor(text: string): SourceRange {
  const word = /[\p{L}\p{N}]+/u.exec(text) ?? /\S/.exec(text);
  return word ? { start: word.index, end: word.index + word[0].length } : { start: 0, end: 0 };
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
    // One group per verifier sample: the core's rule (app/common/consensus.ts) counts each once.
    const perSample = new Map<string, Annotation[]>();
    for (const a of list) {
      if (a.provenance.source !== 'verifier') continue;
      const key = sampleKey(a);
      perSample.set(key, [...(perSample.get(key) ?? []), a]);
    }
    const { flags, confirmed, worst } = stepFlags(perSample.values());
    const nonChecker = list.filter((a) => a.provenance.source !== 'checker');
    const bySeverity = SEVERITIES.map((severity) => ({ severity, annotations: nonChecker.filter((a) => a.severity === severity) }))
      .filter((g) => g.annotations.length > 0);
    out.set(stepId, {
      step: steps.get(stepId)!,
      flags,
      confirmed,
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

/**
 * Every finding once (one finding stated by k of m samples is one item, see clusterFindings) and every
 * KaTeX error once (previewOnlyErrors), in document order. `samples`: the verifier samples of the run shown (verifierSamples).
 */
export function problemItems(
  doc: ProofDocument | null,
  annotations: readonly Annotation[],
  previewErrors: readonly { message: string; start: number; end: number }[],
  hidden: ReadonlySet<string>,
  samples?: SampleVerdicts,
): ProblemItem[] {
  const label = new Map((doc?.steps ?? []).map((s) => [s.id, s.label]));
  const items: ProblemItem[] = clusterFindings(annotations.filter((a) => !isHidden(a, hidden)))
    .map(({ lead: a, members }) => ({
      id: a.id, severity: a.severity, message: a.message, source: a.provenance.source, range: anchorOf(a, doc),
      stepLabel: a.stepId ? label.get(a.stepId) ?? null : null, stale: members.every((m) => m.stale), annotation: a, members,
      detail: describeCluster({ lead: a, members }, samples),
    }));
  previewOnlyErrors(previewErrors, annotations, doc).forEach((e, i) => items.push({
    id: `katex-${i}-${e.start}`, severity: 'critical', message: `KaTeX: ${e.message}`, source: 'preview',
    range: { start: e.start, end: e.end }, stepLabel: null, stale: false, detail: 'preview',
  }));
  // Document order; document-level findings (no range) last; worst first at the same place.
  return items.sort((a, b) => (a.range?.start ?? Infinity) - (b.range?.start ?? Infinity) || severityRank(a.severity) - severityRank(b.severity));
}

/**
 * The checker's findings that are KaTeX's parse of a formula, as the preview does it (app/check/lint/katex.ts),
 * or the formula refused as too large to typeset (the same MathBudget as the preview's "Too large to preview").
 */
const CHECKER_TEX_ERROR = /^check:lint:(parse-error|unknown-macro|too-large):/;

/**
 * The preview's KaTeX errors that the checker does not already report. Both parse each formula with
 * KaTeX, so one error would be listed twice; the checker's entry stays (its wording and range are the
 * sharper: "Unknown macro \foo…", the unclosed `{`). Merged when both are in the same formula (their
 * positions inside it differ by the checker's hints), else when they start at the same place.
 * Dismissed checker findings count too: dismissing one must not bring back its twin.
 */
export function previewOnlyErrors<E extends { message: string; start: number; end: number }>(
  previewErrors: readonly E[],
  annotations: readonly Annotation[],
  doc: ProofDocument | null,
): E[] {
  const checker = annotations.filter((a) => a.range && CHECKER_TEX_ERROR.test(a.id));
  if (checker.length === 0) return [...previewErrors];
  const formulas = (doc?.steps ?? []).flatMap((s) => s.math.map((m) => m.range));
  const formulaAt = (offset: number) => formulas.find((f) => f.start <= offset && offset < f.end);
  return previewErrors.filter((e) => {
    const formula = formulaAt(e.start);
    return !checker.some((a) => (formula ? formula === formulaAt(a.range!.start) : a.range!.start === e.start));
  });
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

export const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'Critical error', gap: 'Justification gap', minor: 'Minor issue', note: 'Note', ok: 'OK',
};

/**
 * The verifier samples behind the findings on screen, and how many gave a verdict (the denominator of
 * every "k of m", app/common/run-status.ts verdictShare): the run's own counts when it is known, else
 * the distinct (run, sample) pairs among the verifier's annotations (a past run loaded from History),
 * each of which gave a verdict (a sample without one has no findings).
 */
export function verifierSamples(verify: Pick<VerifyResult, 'samples' | 'parsedSamples'> | null, annotations: readonly Annotation[]): SampleVerdicts {
  const known = sampleVerdictsOf(verify);
  if (known) return known;
  const n = new Set(annotations.filter((a) => a.provenance.source === 'verifier').map((a) => `${a.provenance.runId}#${a.provenance.sample}`)).size;
  return { verdicts: n, requested: n };
}
