// A step card of a run whose every meta-verify call failed says "not meta-verified (N meta-verify calls
// failed)", not "0 confirmed" (rev16 F4: read as "the meta-verifier rejected the findings"); a run whose
// meta-verifier answered still counts its confirmations. The HTML report: app/report/html.test.ts.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { failedMetaCalls, isMetaVerified, type VerificationSample, type VerifyResult } from '../../app/common/results';
import { ConsensusBar } from './AnnotationCell';

const sample = (index: number, meta: VerificationSample['meta']): VerificationSample =>
  ({ index, callId: `v${index}`, status: 'parsed', score: 0.5, analysis: '', annotations: [], ...(meta ? { meta } : {}) });
const run = (samples: VerificationSample[]) => ({ runId: 'r1', samples } as unknown as VerifyResult);
/**
 * The consensus line of a step card flagged by both samples of `verify`, none confirmed, as StepCard
 * draws it (its meta state from the shown run: isMetaVerified, failedMetaCalls). Server rendering reads
 * the store's first state, so the card's two store reads are made here as it makes them.
 */
const consensus = (verify: VerifyResult) => /aria-label="([^"]*)"/.exec(renderToStaticMarkup(createElement(ConsensusBar, {
  flags: 2, confirmed: 0, samples: { verdicts: 2, requested: 2 }, metaVerified: isMetaVerified(verify), metaFailed: failedMetaCalls(verify),
})))?.[1];

describe('the step card\'s consensus when meta-verification failed', () => {
  it('says how many meta-verify calls failed instead of "0 confirmed"', () => {
    expect(consensus(run([0, 1].map((i) => sample(i, { callId: `m${i}`, status: 'failed', score: null, analysis: '' }))))).toBe('2 of 2 flagged, not meta-verified (2 meta-verify calls failed)');
  });
  it('counts confirmations when the meta-verifier answered', () => {
    expect(consensus(run([0, 1].map((i) => sample(i, { callId: `m${i}`, status: 'parsed', score: 1, analysis: '' }))))).toBe('2 of 2 flagged, 0 confirmed');
  });
  // Reviewer rev19 F6: one flag, one pass, two samples without a verdict: half the verdicts, not "1 of 4".
  it('counts the flags over the samples that gave a verdict, one cell each, and names the others', () => {
    const html = renderToStaticMarkup(createElement(ConsensusBar, { flags: 1, confirmed: 0, samples: { verdicts: 2, requested: 4 }, metaVerified: false }));
    expect(/aria-label="([^"]*)"/.exec(html)?.[1]).toBe('1 of 2 verdicts flagged (2 samples gave no verdict), not meta-verified');
    expect(html.match(/pw-cell /g)).toHaveLength(2);
  });
  it('says "not meta-verified" when it was off', () => {
    expect(consensus(run([0, 1].map((i) => sample(i, undefined))))).toBe('2 of 2 flagged, not meta-verified');
  });
});
