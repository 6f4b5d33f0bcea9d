// TEMPORARY shim until app/annotate lands (same signatures as docs/ARCHITECTURE.md): labels, exact
// quotes, else document-level. Delete this file and point deps.ts at '../annotate' when it exists.
import { FLAGGING_SEVERITIES, type Annotation, type Finding, type Provenance, type Severity } from '../common/annotations';
import type { ProofDocument } from '../common/proof';
import type { StepConsensus, VerificationSample } from '../common/results';
import type { ModelBackend } from '../models/backend';

let counter = 0;

export function placeFindings(findings: Finding[], doc: ProofDocument, provenance: Provenance): Annotation[] {
  return findings.map((f): Annotation => {
    const byLabel = f.stepLabel ? doc.steps.find((s) => s.label === f.stepLabel) : undefined;
    const at = !byLabel && f.quote ? doc.text.indexOf(f.quote) : -1;
    const byQuote = at >= 0 ? doc.steps.find((s) => s.range.start <= at && at < s.range.end) : undefined;
    const step = byLabel ?? byQuote;
    return {
      id: `a${++counter}`,
      stepId: step?.id ?? null,
      range: at >= 0 ? { start: at, end: at + f.quote!.length } : undefined,
      severity: f.severity,
      message: f.message,
      quote: f.quote,
      mappedBy: byLabel ? 'label' : byQuote ? 'quote' : 'none',
      provenance: { ...provenance },
    };
  });
}

const ORDER: Severity[] = ['critical', 'gap', 'minor', 'note', 'ok'];

export function stepConsensus(doc: ProofDocument, samples: VerificationSample[]): StepConsensus[] {
  return doc.steps.map((step) => {
    let flags = 0;
    let confirmed = 0;
    let worst: Severity | undefined;
    for (const sample of samples) {
      const mine = sample.annotations.filter((a) => a.stepId === step.id && FLAGGING_SEVERITIES.includes(a.severity));
      if (mine.length === 0) continue;
      flags++;
      if (mine.some((a) => a.provenance.verdict === 'confirmed')) confirmed++;
      for (const a of mine) if (!worst || ORDER.indexOf(a.severity) < ORDER.indexOf(worst)) worst = a.severity;
    }
    return { id: step.id, label: step.label, range: step.range, flags, confirmed, worst };
  });
}

export async function extractFindings(_analysis: string, _doc: ProofDocument, _backend: ModelBackend, _signal?: AbortSignal): Promise<Finding[]> {
  return [];
}
