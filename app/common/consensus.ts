// The one rule for how verifier samples flag a step (DESIGN.md §3), used by the engine's per-step
// consensus (app/annotate/consensus.ts: run results, the report) and the workbench's annotation column
// (renderer/state/annotationsView.ts): a sample counts once per step however many findings it has
// there, only flagging severities count, a flag is confirmed when the meta-verifier confirmed any of
// that sample's findings on the step, and the worst severity given is kept.
import { FLAGGING_SEVERITIES, SEVERITIES, type Annotation, type Severity } from './annotations';

export interface StepFlags {
  flags: number;
  confirmed: number;
  worst: Severity | null;
}

/** Flags on one step, from each sample's annotations on that step (one array per sample). */
export function stepFlags(perSample: Iterable<readonly Annotation[]>): StepFlags {
  let flags = 0;
  let confirmed = 0;
  let worst: Severity | null = null;
  for (const annotations of perSample) {
    const flagging = annotations.filter((a) => FLAGGING_SEVERITIES.includes(a.severity));
    if (flagging.length === 0) continue;
    flags++;
    if (flagging.some((a) => a.provenance.verdict === 'confirmed')) confirmed++;
    for (const a of flagging) if (worst === null || SEVERITIES.indexOf(a.severity) < SEVERITIES.indexOf(worst)) worst = a.severity;
  }
  return { flags, confirmed, worst };
}

/** Which verifier sample an annotation came from (its run and sample, else its call, else itself). */
export function sampleKey(a: Annotation): string {
  return `${a.provenance.runId ?? ''}#${a.provenance.sample ?? a.provenance.callId ?? a.id}`;
}
