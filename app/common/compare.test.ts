import { describe, expect, it } from 'vitest';
import type { StepConsensus, VerifyResult } from './results';
import { compareRuns, selectionScope, unmatchedWording } from './compare';

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

  // rev21 F5: a selection's run against a whole-proof run said "7 steps changed between the runs" of
  // steps that were only outside the selection.
  it('counts the steps outside a selection apart from changed ones, and names the selection', () => {
    const whole = result('W', 2, { s1: 0, s2: 1, s3: 0, s4: 2 }, 0.5);
    const selection = result('S', 2, { s2: 2, s3: 0 }, 0.5);
    const c = compareRuns(whole, selection, { selectionB: true });
    expect(c.steps.map((s) => s.id)).toEqual(['s2', 's3']);
    expect(c.unmatched).toEqual([]);
    expect(c.outsideSelection).toEqual([{ run: 'A', label: 'S1' }, { run: 'A', label: 'S4' }]);
    expect([c.scopeA, c.scopeB]).toEqual([null, 'selection S1–S2']);
    expect(unmatchedWording(c)).toBe('2 steps outside the selection of B, not compared');
    // Without the scopes (two whole-proof runs), the same difference is a change of the document.
    expect(unmatchedWording(compareRuns(whole, selection))).toBe('2 steps changed between the runs');
    expect(unmatchedWording(compareRuns(whole, whole))).toBeNull();
    expect(selectionScope(result('one', 1, { s7: 0 }, 1))).toBe('selection S1');
  });
});
