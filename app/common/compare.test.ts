import { describe, expect, it } from 'vitest';
import type { StepConsensus, VerifyResult } from './results';
import { compareRuns } from './compare';

const range = { start: 0, end: 1, startPos: { line: 1, column: 1 }, endPos: { line: 1, column: 2 } };
function result(runId: string, samples: number, flags: Record<string, number>, score: number): VerifyResult {
  const steps: StepConsensus[] = Object.entries(flags).map(([id, f], i) => ({ id, label: `S${i + 1}`, range, flags: f, confirmed: 0 }));
  return {
    runId,
    score,
    spread: null,
    parsedSamples: samples,
    samples: Array.from({ length: samples }, (_, index) => ({ index, callId: `c${index}`, status: 'parsed' as const, score: 1 as const, analysis: '', annotations: [] })),
    steps,
    documentAnnotations: [],
  };
}

describe('run comparison', () => {
  it('compares per-step flag rates and counts agreement by majority', () => {
    const a = result('A', 4, { s1: 0, s2: 3, s3: 1, s4: 2 }, 0.5);
    const b = result('B', 2, { s1: 0, s2: 2, s3: 1, s4: 0 }, 0.25);
    const c = compareRuns(a, b);
    expect(c.steps.map((s) => [s.id, s.rateA, s.rateB, s.agree])).toEqual([
      ['s1', 0, 0, true],
      ['s2', 0.75, 1, true],
      ['s3', 0.25, 0.5, false], // A: 1 of 4 (not a majority), B: 1 of 2 (half)
      ['s4', 0.5, 0, false],
    ]);
    expect(c.agreement).toBe(0.5);
    expect(c).toMatchObject({ runA: 'A', runB: 'B', scoreA: 0.5, scoreB: 0.25, unmatched: [] });
  });

  it('lists steps that only one run knows (the proof was edited between runs)', () => {
    const c = compareRuns(result('A', 2, { s1: 1, s2: 0 }, 1), result('B', 2, { s1: 1, s9: 2 }, 0));
    expect(c.steps.map((s) => s.id)).toEqual(['s1']);
    expect(c.unmatched).toEqual([{ run: 'A', label: 'S2' }, { run: 'B', label: 'S2' }]);
    expect(c.agreement).toBe(1);
  });
});
