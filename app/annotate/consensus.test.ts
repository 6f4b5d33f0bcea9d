import { describe, expect, it } from 'vitest';
import type { Annotation, MetaVerdict, Severity } from '../common/annotations';
import type { VerificationSample } from '../common/results';
import { parseProof } from '../proof';
import { stepConsensus } from './consensus';

const doc = parseProof('First.\n\nSecond.\n\nThird.\n');
const [s1, s2] = doc.steps;

function ann(stepId: string | null, severity: Severity, verdict: MetaVerdict = 'unchecked'): Annotation {
  return { id: `${stepId}-${severity}`, stepId, severity, message: 'm', mappedBy: 'label', provenance: { source: 'verifier', verdict } };
}

function sample(index: number, annotations: Annotation[]): VerificationSample {
  return { index, callId: `c${index}`, status: 'parsed', score: 0.5, analysis: '', annotations };
}

describe('stepConsensus', () => {
  it('counts samples (not findings) that flag each step, confirmed flags, and the worst severity', () => {
    const samples = [
      sample(0, [ann(s1.id, 'minor'), ann(s1.id, 'critical', 'confirmed'), ann(s2.id, 'note')]),
      sample(1, [ann(s1.id, 'gap', 'disputed')]),
      sample(2, [ann(s2.id, 'ok'), ann(null, 'critical', 'confirmed')]),
    ];
    const consensus = stepConsensus(doc, samples);
    expect(consensus.map((c) => [c.label, c.flags, c.confirmed, c.worst])).toEqual([
      ['S1', 2, 1, 'critical'],
      ['S2', 0, 0, undefined],
      ['S3', 0, 0, undefined],
    ]);
    expect(consensus[0]).toMatchObject({ id: s1.id, range: s1.range });
  });

  it('gives zero flags everywhere without samples', () => {
    expect(stepConsensus(doc, []).every((c) => c.flags === 0 && c.confirmed === 0)).toBe(true);
  });
});
