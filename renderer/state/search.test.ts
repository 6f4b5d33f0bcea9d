// What the Prove dialog and the toolbar say before a run: the preset the numbers match and the estimate line.
import { describe, expect, it } from 'vitest';
import type { RunEstimate } from '../../app/common/contract';
import { SEARCH_PRESETS } from '../../app/common/search';
import type { Candidate } from '../../app/common/results';
import { producedMark, producedWords } from '../../app/common/ranking';
import { cancelledNote, reduceRun, runOutcome, verdictsLabel } from './runs';
import { plotRounds } from './searchPlot';
import { canResume, describeSearch, estimateText, presetOf, proveRunView, shortEstimate } from './search';

const estimate = (timeMs: number | null, backend: string | null = 'scripted:s.json'): RunEstimate => ({
  calls: { proofs: 8, verifications: 32, total: 40 },
  timeMs,
  speed: { proofMs: timeMs === null ? null : 2000, verifyMs: timeMs === null ? null : 1000, tokensPerSecond: timeMs === null ? null : 25, calls: timeMs === null ? 0 : 12 },
  concurrency: 4,
  backend,
});

describe('search presets in the app', () => {
  it('names the preset the numbers match, and custom otherwise', () => {
    expect(presetOf({ ...SEARCH_PRESETS.released })).toBe('released');
    expect(presetOf({ candidates: 64, samples: 64, rounds: 16, topK: 64 })).toBe('paper');
    expect(presetOf({ ...SEARCH_PRESETS.quick, topK: 3 })).toBe('custom');
    // The app's old "Quick" (1 candidate, 1 round) is not the CLI's quick: custom.
    expect(presetOf({ candidates: 1, samples: 4, rounds: 1, topK: 1 })).toBe('custom');
    expect(describeSearch(SEARCH_PRESETS.quick)).toBe('n=4 × m=4, top 2, 2 rounds');
  });

  it('says the calls and the time at the measured speed, or that nothing is measured yet', () => {
    expect(estimateText(estimate(32_000 + 16_000))).toBe('at most 40 model calls (8 proofs + 32 verifications) · about 48 s at 4 calls at once (measured over 12 calls, 25.0 tokens/s)');
    expect(estimateText(estimate(null))).toBe('at most 40 model calls (8 proofs + 32 verifications) · time: no measurement yet for this backend');
    expect(estimateText(estimate(null, null))).toContain('no measurement yet (no model loaded)');
    expect(shortEstimate(estimate(600_000))).toBe('40 calls · ~10 min');
    // A scripted backend answers in milliseconds: not "about 0 s".
    expect(estimateText(estimate(120))).toBe('at most 40 model calls (8 proofs + 32 verifications) · under a second at 4 calls at once (measured over 12 calls, 25.0 tokens/s)');
    expect(shortEstimate(estimate(120))).toBe('40 calls · under a second');
    expect(shortEstimate({ ...estimate(null), calls: { proofs: 0, verifications: 4, total: 4 } })).toBe('4 calls · no measurement yet');
  });
});

describe('Resume in History', () => {
  it('is offered for verify and prove runs that did not complete, never for refine, running or selection runs', () => {
    expect(canResume({ kind: 'prove', status: 'cancelled' })).toBe(true);
    expect(canResume({ kind: 'prove', status: 'interrupted' })).toBe(true);
    expect(canResume({ kind: 'verify', status: 'failed' })).toBe(true);
    expect(canResume({ kind: 'prove', status: 'completed' })).toBe(false);
    expect(canResume({ kind: 'prove', status: 'running' })).toBe(false);
    expect(canResume({ kind: 'refine', status: 'cancelled' })).toBe(false);
    expect(canResume({ kind: 'verify', status: 'cancelled', selection: { start: 0, end: 4 } })).toBe(false);
  });
});

describe('a past search from History', () => {
  const cand = (id: string, round: number, meanScore: number | null, parentId?: string): Candidate =>
    ({ id, round, meanScore, selfScore: 1, proof: `proof ${id}`, verifications: [], ...(parentId ? { parentId } : {}) });

  it('refills the pool and the plot from the recorded result, best first', () => {
    const prove = { runId: 'p1', status: 'cancelled' as const, best: null, rounds: 1, calls: 23, candidates: [cand('c1', 0, 0.5), cand('c2', 0, null), cand('c3', 1, 1, 'c1')] };
    const view = proveRunView({ runId: 'p1', startedAt: 10, finishedAt: 20, calls: 23, status: 'cancelled' }, prove);
    expect(view).toMatchObject({ runId: 'p1', kind: 'prove', status: 'cancelled', doneCalls: 23, finishedAt: 20, prove });
    expect(view.candidates.map((c) => [c.id, c.parentId ?? null, c.proof])).toEqual([['c3', 'c1', 'proof c3'], ['c1', null, 'proof c1'], ['c2', null, 'proof c2']]);
    expect(plotRounds(view.candidates)).toEqual([{ round: 0, best: 0.5, mean: 0.5, count: 1 }, { round: 1, best: 1, mean: 1, count: 1 }]);
    expect(proveRunView({ runId: 'p1', startedAt: 10, finishedAt: null, calls: 0, status: 'completed' }, prove).status).toBe('completed');
  });

  it('shows a proof several calls of its round gave as one row marked ×N, live and from History alike', () => {
    const c1 = { ...cand('c1', 0, 0.5), duplicates: 3, duplicateIds: ['c2', 'c3', 'c4'] };
    const prove = { runId: 'p1', status: 'exhausted' as const, best: c1, rounds: 0, calls: 8, candidates: [c1] };
    const past = proveRunView({ runId: 'p1', startedAt: 10, finishedAt: 20, calls: 8, status: 'completed' }, prove).candidates;
    const started = reduceRun(null, { type: 'run-started', runId: 'p1', kind: 'prove', plannedCalls: 40, at: 1 }, 1);
    const live = reduceRun(started, {
      type: 'candidate-scored', runId: 'p1', candidateId: 'c1', round: 0, meanScore: 0.5, selfScore: 1, verdicts: 4, requested: 4, proof: 'proof c1', duplicates: 3, duplicateIds: ['c2', 'c3', 'c4'],
    }, 2)!.candidates;
    for (const rows of [past, live]) {
      expect(rows.map((r) => [r.id, producedMark(r), producedWords(r)])).toEqual([['c1', '×4', '×4: 4 samples gave this proof (c2, c3, c4 repeated it), verified once']]);
    }
    expect(producedMark(cand('c5', 1, 1))).toBe('');
  });

  it('shows an interrupted search (no result written) as stopped, saying it was interrupted and that the pool is rebuilt from its record', () => {
    const c1 = { ...cand('c1', 0, 0.5), duplicates: 3, duplicateIds: ['c2', 'c3', 'c4'] };
    const prove = { runId: 'p1', status: 'cancelled' as const, best: c1, rounds: 0, calls: 8, candidates: [c1] };
    const view = proveRunView({ runId: 'p1', startedAt: 10, finishedAt: null, calls: 8, status: 'interrupted' }, prove);
    expect([view.status, view.rebuilt, view.candidates.map((c) => c.id)]).toEqual(['cancelled', 'interrupted', ['c1']]);
    expect(cancelledNote(view, true)).toBe('Interrupted: the run stopped before writing its result; this pool is rebuilt from its record. Kept: its 8 finished calls and the 1 candidate so far, in its record (History › Record, Pool). History › Resume goes on from there without asking them again.');
    // The panel's status says interrupted, as History does (rev4: "prove · cancelled").
    expect(runOutcome(view).label).toBe('interrupted');
    // A run stopped by the user says only what it kept.
    const stopped = proveRunView({ runId: 'p1', startedAt: 10, finishedAt: 20, calls: 8, status: 'cancelled' }, prove);
    expect(cancelledNote(stopped, true)).toMatch(/^Kept: /);
    expect(runOutcome(stopped).label).toBe('cancelled');
  });

  it('shows a failed search (an error ended it before its result) as failed, with its error, saying the pool is rebuilt from its record', () => {
    const c1 = cand('c1', 0, 0.5);
    // What loadRun gives for it (app/engine/search.test.ts): the rebuilt pool and the summary's error.
    const prove = { runId: 'p1', status: 'failed' as const, best: c1, rounds: 0, calls: 8, candidates: [c1] };
    const summary = { runId: 'p1', kind: 'prove' as const, startedAt: 10, finishedAt: 20, calls: 8, status: 'failed' as const, error: 'ENOSPC: no space left on device, write' };
    const view = proveRunView(summary, prove);
    expect([view.status, view.rebuilt, runOutcome(view).label, runOutcome(view).why]).toEqual(['failed', 'failed', 'failed', 'ENOSPC: no space left on device, write']);
    expect(cancelledNote(view, canResume(summary))).toBe(
      'Failed: the run ended with an error before writing its result; this pool is rebuilt from its record. Kept: its 8 finished calls and the 1 candidate so far, in its record (History › Record, Pool). History › Resume goes on from there without asking them again.',
    );
    // A finished search says none of that (guard).
    const done = proveRunView({ ...summary, status: 'completed', error: undefined }, { ...prove, status: 'exhausted' });
    expect([done.rebuilt, cancelledNote(done, false), runOutcome(done).label]).toEqual([undefined, null, 'completed']);
  });

  it('ranks a candidate the early-stopping rule rejected after one that completed its samples, and says why, live and from History alike', () => {
    // c1: rejected after 10 failures of ½ (mean 0.5 over 10); c2: all 12 issued, mean 1/3. By mean alone c1 led.
    const half = (n: number) => Array.from({ length: n }, (_, i) => ({ index: i, callId: `v${i}`, status: 'parsed' as const, score: 0.5 as const, analysis: '', annotations: [] }));
    const c1: Candidate = { ...cand('c1', 0, 0.5), verifications: half(10), verificationsRequested: 10, earlyStop: { decision: 'rejected', callsSaved: 2 } };
    const c2: Candidate = { ...cand('c2', 0, 1 / 3), verifications: half(12), verificationsRequested: 12, earlyStop: { decision: null, callsSaved: 0 } };
    const prove = { runId: 'p1', status: 'exhausted' as const, best: c2, rounds: 0, calls: 24, candidates: [c1, c2] };
    const past = proveRunView({ runId: 'p1', startedAt: 10, finishedAt: 20, calls: 24, status: 'completed' }, prove).candidates;
    let live = reduceRun(null, { type: 'run-started', runId: 'p1', kind: 'prove', plannedCalls: 26, at: 1 }, 1);
    live = reduceRun(live, { type: 'candidate-scored', runId: 'p1', candidateId: 'c1', round: 0, meanScore: 0.5, selfScore: 1, verdicts: 10, requested: 10, rejectedEarly: true, proof: 'proof c1' }, 2);
    live = reduceRun(live, { type: 'candidate-scored', runId: 'p1', candidateId: 'c2', round: 0, meanScore: 1 / 3, selfScore: 1, verdicts: 12, requested: 12, proof: 'proof c2' }, 3);
    for (const rows of [past, live!.candidates]) {
      expect(rows.map((r) => [r.id, verdictsLabel(r)])).toEqual([['c2', '12/12'], ['c1', '10/10: stopped early (rejected)']]);
    }
  });
});
