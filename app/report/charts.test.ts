import { describe, expect, it } from 'vitest';
import { SCORE_BINS, scoreHistogram } from './charts';

describe('scoreHistogram', () => {
  it('puts a score on a bin edge in the bin above it, 1 in the last bin and no verdict apart', () => {
    // 0.3 is 0.29999… in floating point (0.1 + 0.2): still the 0.3–0.4 bin.
    const counts = scoreHistogram([0, 0.05, 0.1 + 0.2, 0.5, 0.75, 0.99, 1, null, null]);
    const byBin = Object.fromEntries(SCORE_BINS.map((b, i) => [b, counts[i]]).filter(([, n]) => n));
    expect(byBin).toEqual({ '0.0–0.1': 2, '0.3–0.4': 1, '0.5–0.6': 1, '0.7–0.8': 1, '0.9–1.0': 2, 'no verdict': 2 });
  });

  it('refuses a score outside 0–1', () => {
    expect(() => scoreHistogram([1.5])).toThrow(RangeError);
    expect(() => scoreHistogram([Number.NaN])).toThrow(RangeError);
  });
});
