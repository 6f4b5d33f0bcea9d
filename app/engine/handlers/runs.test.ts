// annotationsOf: what the workbench is given of a verification (Problems list, findings column).
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../common/annotations';
import type { VerifyResult } from '../../common/results';
import { annotationsOf } from './runs';

const unplaced: Annotation = {
  id: 'r1:verifier:0:0', stepId: null, severity: 'gap', message: 'Scored 0.5, no finding placed on a step: “Weaker than it looks.”',
  mappedBy: 'none', provenance: { source: 'verifier', runId: 'r1', callId: 'verify-1', sample: 0, verdict: 'unchecked' },
};
const result = (documentAnnotations: Annotation[]): VerifyResult => ({
  runId: 'r1', score: 0.5, spread: null, parsedSamples: 1, steps: [], documentAnnotations,
  samples: [{ index: 0, callId: 'verify-1', status: 'parsed', score: 0.5, analysis: 'Weaker than it looks.', annotations: [unplaced] }],
});

describe('annotationsOf', () => {
  it('gives a sample\'s document-level finding once, though the result lists it among its document-level ones too', () => {
    expect(annotationsOf(result([unplaced]))).toEqual([unplaced]);
  });

  it('keeps a document-level finding that no sample holds (guard)', () => {
    const other = { ...unplaced, id: 'r1:verifier:x:0', message: 'Another.' };
    expect(annotationsOf(result([unplaced, other]))).toEqual([unplaced, other]);
  });
});
