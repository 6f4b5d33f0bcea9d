// Presets and the call bound, the early-stopping rule (exact call counts), and resuming a run from its
// record (in-process; the CLI test kills a real process).
import { describe, expect, it } from 'vitest';
import { SEARCH_PRESETS, earlyStopDecision, estimateSearchCalls, estimateSearchTime, resolveSearch } from '../common/search';
import { ScriptedBackend } from '../models/scripted';
import { parseProof } from '../proof';
import type { LoopContext } from './context';
import { loopFixture, verifierAnswer, WIDGET_PROBLEM, withoutRunId } from './testing/loop-fixture';
import { runProve } from './prove';
import { runVerify } from './verify';

const ver = verifierAnswer;
const gen = (marker: string, self: string) => `## Solution\n\nWe argue as in ${marker}: the claim follows from the lemma applied twice.\n\n## Self Evaluation\n\n${ver(self)}`;
const PROBLEM = WIDGET_PROBLEM;

const fx = loopFixture('pw-search-');

function context(backend: ScriptedBackend, extra: Partial<LoopContext> = {}): LoopContext {
  return { backend, templates: fx.templates, profile: 'deepseek-math-v2', store: fx.store, concurrency: 2, sampling: { temperature: 1, topP: 0.95, maxTokens: 4096, seed: 7 }, ...extra };
}

describe('presets and the call bound', () => {
  it('gives the published sizes and their exact call bounds', () => {
    expect(SEARCH_PRESETS.paper).toEqual({ candidates: 64, samples: 64, rounds: 16, topK: 64 });
    expect(SEARCH_PRESETS.released).toEqual({ candidates: 128, samples: 64, rounds: 16, topK: 32 });
    // quick: 4 + 2 + 2 = 8 proofs, 8·4 = 32 verifications.
    expect(estimateSearchCalls(SEARCH_PRESETS.quick)).toEqual({ proofs: 8, verifications: 32, total: 40 });
    // paper: 64 + 16·64 = 1088 proofs, ·64 = 69632 verifications.
    expect(estimateSearchCalls(SEARCH_PRESETS.paper)).toEqual({ proofs: 1088, verifications: 69632, total: 70720 });
    // released: 128 + 16·32 = 640 proofs, ·64 = 40960 verifications.
    expect(estimateSearchCalls(SEARCH_PRESETS.released)).toEqual({ proofs: 640, verifications: 40960, total: 41600 });
    // k > n: round 1 can refine only the n proofs there are, round 2 all k.
    expect(estimateSearchCalls({ candidates: 1, samples: 2, rounds: 2, topK: 3 })).toEqual({ proofs: 5, verifications: 10, total: 15 });
    expect(estimateSearchCalls({ candidates: 2, samples: 3, rounds: 0, topK: 1 }, { extract: true })).toEqual({ proofs: 2, verifications: 12, total: 14 });
  });

  it('lets explicit values override a preset and refuses an unknown one', () => {
    expect(resolveSearch('paper', { rounds: 2, samples: undefined })).toEqual({ candidates: 64, samples: 64, rounds: 2, topK: 64 });
    expect(resolveSearch(undefined)).toEqual(SEARCH_PRESETS.quick);
    expect(resolveSearch('custom', { candidates: 3 })).toEqual({ ...SEARCH_PRESETS.quick, candidates: 3 });
    expect(() => resolveSearch('huge')).toThrow(/unknown preset "huge".*quick, paper, released, custom/);
  });

  it('turns measured call times into a time, or none when a kind was never measured', () => {
    const calls = estimateSearchCalls(SEARCH_PRESETS.quick);
    expect(estimateSearchTime(calls, { proofMs: 1000, verifyMs: 500, tokensPerSecond: 20, calls: 9 }, 4)).toBe((8 * 1000 + 32 * 500) / 4);
    expect(estimateSearchTime(calls, { proofMs: 1000, verifyMs: null, tokensPerSecond: null, calls: 1 }, 4)).toBeNull();
  });

  it('is reached exactly by a search where nothing passes (k > n)', async () => {
    const backend = await ScriptedBackend.fromScript({
      rules: [
        // Two different generations (equal ones would be one candidate, verified once).
        { role: 'generate', responses: [gen('PROOF-ALPHA', '0.5'), gen('PROOF-ALEPH', '0.5')] },
        // Five refinements, each a new text (one that repeats a candidate is not verified).
        { role: 'refine', responses: ['BETA', 'GAMMA', 'DELTA', 'EPSILON', 'ZETA'].map((m) => gen(`PROOF-${m}`, '0.5')) },
        { role: 'verify', responses: [ver('0.5')] },
      ],
    });
    const params = { candidates: 2, samples: 2, rounds: 2, topK: 3 };
    const result = await runProve(context(backend), { problem: PROBLEM, ...params });
    expect(result.status).toBe('exhausted');
    expect(result.calls).toBe(estimateSearchCalls(params).total);
    expect(result.calls).toBe((2 + 2 + 3) * 3);
  });
});

describe('early stopping (Huang–Yang)', () => {
  it('accepts after k consecutive passes and rejects after j failures; no verdict breaks a run', () => {
    const rule = { accept: 3, reject: 2 };
    expect(earlyStopDecision([1, 1, 1], rule)).toBe('accepted');
    expect(earlyStopDecision([1, 1, null, 1, 1], rule)).toBeNull();
    expect(earlyStopDecision([1, 0.5, 1, 1, 0], rule)).toBe('rejected');
    expect(earlyStopDecision([0, 1, 1, 1], rule)).toBe('accepted');
  });

  it('verify: issues only the samples the rule needs and says how many it saved', async () => {
    const backend = await ScriptedBackend.fromScript({ rules: [{ role: 'verify', exhausted: 'cycle', responses: [ver('1'), ver('0'), ver('1'), ver('1'), ver('1')] }] });
    const doc = parseProof('We argue as in PROOF-ALPHA.', 'markdown');
    const result = await runVerify(context(backend), { problem: PROBLEM, doc, samples: 10, meta: false, earlyStop: { accept: 3, reject: 10 } });
    // Verdicts 1, 0, 1, 1, 1: three passes in a row after the failure → accepted after 5 of 10 calls.
    expect(backend.requests).toHaveLength(5);
    expect(result.earlyStop).toEqual({ decision: 'accepted', callsSaved: 5 });
    expect(result.samples.map((s) => s.score)).toEqual([1, 0, 1, 1, 1]);

    const failing = await ScriptedBackend.fromScript({ rules: [{ role: 'verify', responses: [ver('0.5')] }] });
    const rejected = await runVerify(context(failing), { problem: PROBLEM, doc, samples: 64, meta: false, earlyStop: { accept: 5, reject: 10 } });
    expect(failing.requests).toHaveLength(10);
    expect(rejected.earlyStop).toEqual({ decision: 'rejected', callsSaved: 54 });
    const record = await fx.store.loadRun(rejected.runId);
    expect(record.calls).toHaveLength(10);
    expect(record.summary?.calls).toBe(10);
  });

  it('prove: a proof accepted early passes, and the result counts the calls saved', async () => {
    const backend = await ScriptedBackend.fromScript({
      rules: [
        { role: 'generate', responses: [gen('PROOF-ALPHA', '0.5'), gen('PROOF-BETA', '1')] },
        { role: 'refine', responses: [gen('PROOF-GAMMA', '1')] },
        { role: 'verify', match: 'PROOF-ALPHA', responses: [ver('0')] },
        { role: 'verify', match: 'PROOF-BETA', responses: [ver('0.5')] },
        { role: 'verify', match: 'PROOF-GAMMA', responses: [ver('1')] },
      ],
    });
    const result = await runProve(context(backend), { problem: PROBLEM, candidates: 2, samples: 20, rounds: 3, topK: 1, earlyStop: { accept: 5, reject: 10 } });
    // Round 0: 2 generations, each rejected after 10 of 20 verifications; round 1: GAMMA accepted after 5.
    expect(result.status).toBe('passed');
    expect(result.best?.proof).toContain('PROOF-GAMMA');
    expect(result.calls).toBe(2 + 10 + 10 + 1 + 5);
    expect(result.callsSaved).toBe(10 + 10 + 15);
    expect(result.candidates.map((c) => c.earlyStop?.decision)).toEqual(['rejected', 'rejected', 'accepted']);
  });
});

describe('resuming a run from its record', () => {
  /**
   * ALPHA → BETA → GAMMA → DELTA; only DELTA passes (round 3). Answers depend on the prompt only, but
   * for the two generations (ALPHA, then ALEPH: equal ones would be one candidate), which a resumed run
   * always answers from the record here.
   */
  const chain = {
    rules: [
      { role: 'generate', responses: [gen('PROOF-ALPHA', '0.5'), gen('PROOF-ALEPH', '0.5')] },
      { role: 'refine', match: 'PROOF-GAMMA', responses: [gen('PROOF-DELTA', '1')] },
      { role: 'refine', match: 'PROOF-BETA', responses: [gen('PROOF-GAMMA', '1')] },
      { role: 'refine', match: 'PROOF-ALPHA', responses: [gen('PROOF-BETA', '1')] },
      { role: 'verify', match: 'PROOF-DELTA', responses: [ver('1')] },
      { role: 'verify', match: 'PROOF-GAMMA', responses: [ver('0.5')] },
      { role: 'verify', responses: [ver('0')] },
    ],
  };
  const input = { problem: PROBLEM, candidates: 2, samples: 2, rounds: 4, topK: 1 };

  it('continues a cancelled prove run without repeating a finished call, to the uninterrupted result', async () => {
    const reference = await runProve(context(await ScriptedBackend.fromScript(chain), { concurrency: 1 }), input);
    expect(reference).toMatchObject({ status: 'passed', rounds: 3, calls: 6 + 3 + 3 + 3 });

    const controller = new AbortController();
    const first = await ScriptedBackend.fromScript(chain);
    let finished = 0;
    const cancelled = await runProve(
      context(first, {
        concurrency: 1,
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'call-finished' && ++finished === 8) controller.abort();
        },
      }),
      input,
    );
    expect(cancelled.status).toBe('cancelled');

    const second = await ScriptedBackend.fromScript(chain);
    const resume = await fx.store.reopenRun(cancelled.runId);
    const resumed = await runProve(context(second, { concurrency: 1 }), input, resume);
    expect(withoutRunId(resumed)).toEqual(withoutRunId(reference));
    // Only the 15 − 8 calls not finished before the cancel reached the backend the second time.
    expect(second.requests).toHaveLength(15 - 8);
    const record = await fx.store.loadRun(cancelled.runId);
    expect(record.status).toBe('completed');
    const answered = record.calls.filter((c) => c.status === 'parsed' || c.status === 'unparsed');
    expect(answered).toHaveLength(15);
    expect(new Set(answered.map((c) => JSON.stringify([c.role, c.candidateId, c.round, c.sample]))).size).toBe(15);
  });

  it('gives a call cancelled in flight and issued again on resume a suffixed id, and every other call its uninterrupted id', async () => {
    // Slow answers, so the cancel lands while a call is in flight and its cancelled line is recorded.
    const slowChain = { rules: chain.rules.map((r) => ({ ...r, responses: r.responses.map((text) => ({ text, delayMs: 20 })) })) };
    const reference = await runProve(context(await ScriptedBackend.fromScript(slowChain), { concurrency: 1 }), input);
    const controller = new AbortController();
    let started = 0;
    const cancelled = await runProve(
      context(await ScriptedBackend.fromScript(slowChain), {
        concurrency: 1,
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'call-started' && ++started === 5) setTimeout(() => controller.abort(), 5);
        },
      }),
      input,
    );
    expect(cancelled.status).toBe('cancelled');
    const broken = (await fx.store.loadRun(cancelled.runId)).calls.filter((c) => c.status === 'cancelled');
    expect(broken.map((c) => c.callId)).toEqual(['verify-5']);

    const resumed = await runProve(context(await ScriptedBackend.fromScript(slowChain), { concurrency: 1 }), input, await fx.store.reopenRun(cancelled.runId));
    const ids = (r: typeof reference) => r.candidates.flatMap((c) => c.verifications.map((s) => s.callId));
    // Only the re-issued call's id differs (by its attempt suffix); the 14 others are the reference's.
    expect(ids(resumed)).toEqual(ids(reference).map((id) => (id === 'verify-5' ? 'verify-5.2' : id)));
    const strip = (r: typeof reference) => JSON.parse(JSON.stringify(withoutRunId(r), (k, v) => (k === 'callId' ? undefined : v)));
    expect(strip(resumed)).toEqual(strip(reference));
    const lines = (await fx.store.loadRun(cancelled.runId)).calls;
    expect(new Set(lines.map((c) => c.callId)).size).toBe(lines.length);
  });

  it('refuses to resume a completed run', async () => {
    const done = await runProve(context(await ScriptedBackend.fromScript(chain)), input);
    await expect(fx.store.reopenRun(done.runId)).rejects.toThrow(/already completed/);
  });
});
