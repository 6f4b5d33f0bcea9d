// Per-step consensus over m verifier samples (DESIGN.md §3): how many samples flagged each step, how
// many of those flags the meta-verifier confirmed, and the worst severity given.
import { stepFlags } from '../common/consensus';
import type { ProofDocument } from '../common/proof';
import type { StepConsensus, VerificationSample } from '../common/results';

/** One entry per step: the samples that flagged it (the rule is the core's, app/common/consensus.ts). */
export function stepConsensus(doc: ProofDocument, samples: VerificationSample[]): StepConsensus[] {
  return doc.steps.map((step) => {
    const { flags, confirmed, worst } = stepFlags(samples.map((sample) => sample.annotations.filter((a) => a.stepId === step.id)));
    const consensus: StepConsensus = { id: step.id, label: step.label, range: step.range, flags, confirmed };
    if (worst) consensus.worst = worst;
    return consensus;
  });
}
