// Checker results as editor/report annotations (provenance `checker`, mappedBy `checker`).
//
// Severities: LaTeX errors (the math cannot be read or rendered) → 'minor'; lint warnings (a likely
// missing `$`, a text command in math) → 'note'; a computation that fails with a counterexample →
// 'critical' (a false step); verified or numerically holding computations → 'ok'. Unchecked
// computations get no annotation: silence over guessing.
import type { Annotation, Severity } from '../common/annotations';
import { fnv1a, type SourceRange } from '../common/text';
import type { ComputationFinding, LintIssue } from './types';

export interface StepSpan {
  id: string;
  start: number;
  end: number;
}

/** The step whose range contains `range.start` (steps sorted by start), or null. */
export function stepAt(steps: readonly StepSpan[], range: SourceRange): string | null {
  let lo = 0;
  let hi = steps.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = steps[mid];
    if (range.start < s.start) hi = mid - 1;
    else if (range.start >= s.end) lo = mid + 1;
    else return s.id;
  }
  return null;
}

const PROVENANCE = { source: 'checker', verdict: 'unchecked' } as const;

export function lintAnnotation(issue: LintIssue, text: string, steps: readonly StepSpan[]): Annotation {
  const severity: Severity = issue.level === 'error' ? 'minor' : 'note';
  return {
    id: `check:lint:${issue.code}:${issue.range.start}`,
    stepId: stepAt(steps, issue.range),
    range: { ...issue.range },
    severity,
    message: issue.message,
    quote: text.slice(issue.range.start, issue.range.end),
    mappedBy: 'checker',
    provenance: { ...PROVENANCE },
  };
}

/** Annotations for computations: failures and successes; unchecked ones stay silent. */
export function computationAnnotation(finding: ComputationFinding, text: string): Annotation | null {
  if (finding.status === 'unchecked') return null;
  return {
    id: finding.id,
    stepId: finding.stepId,
    range: { ...finding.range },
    severity: finding.status === 'fails' ? 'critical' : 'ok',
    message: finding.message,
    quote: text.slice(finding.range.start, finding.range.end),
    mappedBy: 'checker',
    provenance: { ...PROVENANCE },
  };
}

/**
 * Gives the checker's annotations ids that say what they are about, not where: `check:lint:CODE:KEY`
 * and `check:calc:KEY`, KEY the shared `fnv1a` of the severity, message and quoted text, plus `~n` for the n-th repeat
 * in document order. Ids with offsets changed with every key typed above a finding, so a dismissed
 * checker finding came back and every card was re-created (issue 11). Returns new objects; the
 * prefixes are kept (callers select lint findings by `check:lint:CODE:`).
 */
export function contentIds(annotations: readonly Annotation[]): Annotation[] {
  const seen = new Map<string, number>();
  return annotations.map((a) => {
    const kind = a.id.startsWith('check:lint:') ? a.id.slice(0, a.id.indexOf(':', 'check:lint:'.length) + 1) : 'check:calc:';
    const base = `${kind}${fnv1a(`${a.severity}\u0000${a.message}\u0000${a.quote ?? ''}`)}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { ...a, id: n === 0 ? base : `${base}~${n}` };
  });
}

