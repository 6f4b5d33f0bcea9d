// Per-step consensus over m verifier samples (DESIGN.md §3): how many samples flagged each step, how
// many of those flags the meta-verifier confirmed, and the worst severity given.
import { FLAGGING_SEVERITIES, type Severity } from '../common/annotations';
import type { ProofDocument } from '../common/proof';
import type { StepConsensus, VerificationSample } from '../common/results';

const RANK: Record<Severity, number> = { critical: 4, gap: 3, minor: 2, note: 1, ok: 0 };

export function stepConsensus(doc: ProofDocument, samples: VerificationSample[]): StepConsensus[] {
  return doc.steps.map((step) => {
    let flags = 0;
    let confirmed = 0;
    let worst: Severity | undefined;
    for (const sample of samples) {
      const onStep = sample.annotations.filter((a) => a.stepId === step.id && FLAGGING_SEVERITIES.includes(a.severity));
      if (onStep.length === 0) continue;
      flags++; // one flag per sample, however many findings it has on the step
      if (onStep.some((a) => a.provenance.verdict === 'confirmed')) confirmed++;
      for (const a of onStep) if (!worst || RANK[a.severity] > RANK[worst]) worst = a.severity;
    }
    const consensus: StepConsensus = { id: step.id, label: step.label, range: step.range, flags, confirmed };
    if (worst) consensus.worst = worst;
    return consensus;
  });
}
