import { describe, expect, it } from 'vitest';
import { verifyScoreTone } from './ranking';

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
