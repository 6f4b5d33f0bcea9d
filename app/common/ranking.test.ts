import { describe, expect, it } from 'vitest';
import { rankFactsOf, standingText, verifyScoreTone } from './ranking';
import type { VerificationSample } from './results';

const result = (score: number | null, verdicts: number, issued: number) => ({ score, parsedSamples: verdicts, samples: new Array(issued).fill(null) });

describe('verifyScoreTone: how the workbench shows a verification score', () => {
  it('does not show a mean of 1 from 1 verdict of 4 as a pass (the rank rule: at least half the verdicts)', () => {
    expect(verifyScoreTone(result(1, 1, 4))).toBe('few');
    expect(verifyScoreTone(result(1, 2, 4))).toBe('pass');
    expect(verifyScoreTone(result(0.5, 4, 4))).toBe('partial');
    expect(verifyScoreTone(result(0, 3, 4))).toBe('fail');
    expect(verifyScoreTone(result(null, 0, 4))).toBe('none');
    // Early stopping issues fewer samples: 2 of 2 issued is all of them.
    expect(verifyScoreTone(result(1, 2, 2))).toBe('pass');
  });
});

describe('standingText: a candidate whose verifications the run stopped (rev7: a killed prove run)', () => {
  const sample = (index: number, status: VerificationSample['status'], score: number | null): VerificationSample =>
    ({ index, callId: `verify-${index}`, status, score, analysis: '', annotations: [], ...(status === 'cancelled' ? { reason: 'cancelled' } : {}) }) as VerificationSample;
  const standing = (verifications: VerificationSample[]) =>
    standingText(rankFactsOf({ meanScore: null, selfScore: 1, verifications, verificationsRequested: verifications.length }), verifications.length);

  it('says it was not verified when every verification was stopped, not that none gave a verdict', () => {
    expect(standing([0, 1, 2, 3].map((i) => sample(i, 'cancelled', null)))).toBe('not verified: the run stopped before its 4 verification(s) ended');
  });

  it('counts only the finished ones as giving no verdict, and says how many were stopped', () => {
    expect(standing([sample(0, 'unparsed', null), sample(1, 'cancelled', null)])).toBe('no verdict (none of 1 verification(s) gave one; 1 stopped before it ended)');
    // Guard: a candidate whose verifications all ended without a verdict reads as before.
    expect(standing([sample(0, 'unparsed', null), sample(1, 'unparsed', null)])).toBe('no verdict (none of 2 verification(s) gave one)');
  });
});
