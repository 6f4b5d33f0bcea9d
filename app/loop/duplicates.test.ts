// Equal proofs of one round are one candidate: real searches over a scripted backend and a real run
// store. What a user would notice: the calls paid for (the record's call lines), and the pool (top k
// holding one proof several times).
import { describe, expect, it } from 'vitest';
import type { LoopEvent } from '../common/events';
import { normalisedProof, producedMark, producedWords } from '../common/ranking';
import { ScriptedBackend } from '../models/scripted';
import type { LoopContext } from './context';
import { loopFixture, verifierAnswer as ver, WIDGET_PROBLEM as PROBLEM, withoutRunId } from './testing/loop-fixture';
import { runProve } from './prove';

const gen = (marker: string, self = '0.5') => `## Solution\n\nWe argue as in ${marker}: the claim follows from the lemma applied twice.\n\nHence the claim.\n\n## Self Evaluation\n\n${ver(self)}`;
/** The same proof as the model might repeat it: CRLF line endings, spaces after a line, blank lines around. */
const respaced = (answer: string) => answer.replace(/\n/g, '\r\n').replace('applied twice.', 'applied twice.  \t').replace('## Solution\r\n\r\n', '## Solution\r\n\r\n\r\n');

const fx = loopFixture('pw-dup-');

function context(backend: ScriptedBackend, extra: Partial<LoopContext> = {}): LoopContext {
  return { backend, templates: fx.templates, profile: 'deepseek-math-v2', store: fx.store, concurrency: 1, sampling: { temperature: 1, topP: 0.95, maxTokens: 4096, seed: 7 }, ...extra };
}

/** The record's call lines by role: what the run paid for. */
async function recordedCalls(runId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const call of (await fx.store.loadRun(runId)).calls) counts[call.role] = (counts[call.role] ?? 0) + 1;
  return counts;
}

const scored = (events: LoopEvent[]) => events.filter((e): e is Extract<LoopEvent, { type: 'candidate-scored' }> => e.type === 'candidate-scored');

describe('equal round-0 generations', () => {
  it('are one candidate, verified once, recorded with the calls that repeated it', async () => {
    // Four generations: ALPHA, ALPHA again (re-spaced), BETA, ALPHA again.
    const backend = await ScriptedBackend.fromScript({
      rules: [
        { role: 'generate', responses: [gen('PROOF-ALPHA'), respaced(gen('PROOF-ALPHA')), gen('PROOF-BETA'), gen('PROOF-ALPHA')] },
        { role: 'verify', match: 'PROOF-ALPHA', responses: [ver('1'), ver('0.5')] },
        { role: 'verify', match: 'PROOF-BETA', responses: [ver('0')] },
      ],
    });
    const events: LoopEvent[] = [];
    const result = await runProve(context(backend, { onEvent: (e) => events.push(e) }), { problem: PROBLEM, candidates: 4, samples: 3, rounds: 0, topK: 2 });
    expect(result.candidates.map((c) => [c.id, c.duplicates ?? 0, c.duplicateIds ?? []])).toEqual([['c1', 2, ['c2', 'c4']], ['c3', 0, []]]);
    // 4 generations + 3 verifications of ALPHA + 3 of BETA (was 4 + 4 × 3).
    expect(await recordedCalls(result.runId)).toEqual({ generate: 4, verify: 6 });
    expect(result.calls).toBe(10);
    expect(backend.requests.filter((r) => r.role === 'verify')).toHaveLength(6);
    // The plan ends at the calls made; the pool (candidate-scored) lists two, ALPHA with its count.
    const plans = events.filter((e): e is Extract<LoopEvent, { type: 'plan-changed' }> => e.type === 'plan-changed');
    expect(plans.at(-1)?.plannedCalls).toBe(10);
    expect(scored(events).map((e) => [e.candidateId, e.duplicates ?? 0])).toEqual([['c1', 2], ['c3', 0]]);
    expect(producedWords(result.candidates[0])).toBe('×3: 3 samples gave this proof (c2, c4 repeated it), verified once');
    const stored = (await fx.store.loadRun(result.runId)).summary?.result as typeof result;
    expect(stored.candidates.map((c) => c.duplicates ?? 0)).toEqual([2, 0]);
  });

  it('the shipped search script\'s four equal generations take one place in the top k, so the second refined is another proof', async () => {
    // Round 0: four equal generations. Before, the top 2 were two copies of one proof, both refined.
    const backend = await ScriptedBackend.fromScript({
      rules: [
        { role: 'generate', responses: [gen('PROOF-ALPHA')] },
        { role: 'refine', responses: [gen('PROOF-BETA')] },
        { role: 'verify', match: 'PROOF-ALPHA', responses: [ver('0.5')] },
        { role: 'verify', match: 'PROOF-BETA', responses: [ver('0')] },
      ],
    });
    const result = await runProve(context(backend), { problem: PROBLEM, candidates: 4, samples: 2, rounds: 1, topK: 2 });
    expect(result.candidates.map((c) => [c.id, c.round, c.parentId ?? null, producedMark(c)])).toEqual([['c1', 0, null, '×4'], ['c5', 1, 'c1', '']]);
    // 4 + 2, then one refinement (the pool has one proof) + 2.
    expect(await recordedCalls(result.runId)).toEqual({ generate: 4, verify: 4, refine: 1 });
  });

  it('the candidate verified is the first asked, whichever answer came back first', async () => {
    // c1's answer takes longest; c2 and c3 (the same text) answer at once, four calls at a time.
    const backend = await ScriptedBackend.fromScript({
      parallel: 4,
      rules: [
        { role: 'generate', responses: [{ text: gen('PROOF-ALPHA'), delayMs: 150 }, gen('PROOF-ALPHA'), gen('PROOF-ALPHA')] },
        { role: 'verify', responses: [ver('1')] },
      ],
    });
    const result = await runProve(context(backend, { concurrency: 4 }), { problem: PROBLEM, candidates: 3, samples: 2, rounds: 0, topK: 1 });
    expect(result.candidates.map((c) => [c.id, c.duplicateIds])).toEqual([['c1', ['c2', 'c3']]]);
    const verified = (await fx.store.loadRun(result.runId)).calls.filter((c) => c.role === 'verify').map((c) => c.candidateId);
    expect(verified).toEqual(['c1', 'c1']);
  });

  it('proofs that differ inside a line or in indentation stay two candidates', async () => {
    const backend = await ScriptedBackend.fromScript({
      rules: [
        { role: 'generate', responses: [gen('PROOF-ALPHA'), gen('PROOF-ALPHA').replace('Hence the claim.', '    Hence the claim.')] },
        { role: 'verify', responses: [ver('0.5')] },
      ],
    });
    const result = await runProve(context(backend), { problem: PROBLEM, candidates: 2, samples: 1, rounds: 0, topK: 1 });
    expect(result.candidates.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(normalisedProof('a  b\r\n\r\n  c  \n\n')).toBe('a  b\n\n  c');
  });
});

describe('equal refinements of one round', () => {
  it('are one candidate even from different parents', async () => {
    // ALPHA and BETA are both refined (top 2) into GAMMA.
    const backend = await ScriptedBackend.fromScript({
      rules: [
        { role: 'generate', responses: [gen('PROOF-ALPHA'), gen('PROOF-BETA')] },
        { role: 'refine', responses: [gen('PROOF-GAMMA'), respaced(gen('PROOF-GAMMA'))] },
        { role: 'verify', match: 'PROOF-ALPHA', responses: [ver('0.5')] },
        { role: 'verify', match: 'PROOF-BETA', responses: [ver('0')] },
        { role: 'verify', match: 'PROOF-GAMMA', responses: [ver('0.5')] },
      ],
    });
    const result = await runProve(context(backend), { problem: PROBLEM, candidates: 2, samples: 2, rounds: 1, topK: 2 });
    expect(result.candidates.map((c) => [c.id, c.parentId ?? null, c.duplicateIds ?? []])).toEqual([['c1', null, []], ['c2', null, []], ['c3', 'c1', ['c4']]]);
    expect(await recordedCalls(result.runId)).toEqual({ generate: 2, refine: 2, verify: 6 });
    expect(result.unchanged).toBeUndefined();
  });
});

describe('a refinement equal to a candidate of an earlier round', () => {
  it('counts as that candidate produced once more (×N), as equal proofs of one round do, in the result, the pool and the record', async () => {
    // Round 0: ALPHA and BETA; round 1 refines both (top 2): ALPHA's refinement is GAMMA, BETA's gives
    // ALPHA back (re-spaced); round 2 refines the top 2 (ALPHA, GAMMA): ALPHA gives GAMMA again, GAMMA
    // gives ALPHA once more. Every repeat is of an earlier round's candidate.
    const backend = await ScriptedBackend.fromScript({
      rules: [
        { role: 'generate', responses: [gen('PROOF-ALPHA'), gen('PROOF-BETA')] },
        { role: 'refine', match: 'PROOF-BETA', responses: [respaced(gen('PROOF-ALPHA'))] },
        { role: 'refine', match: 'PROOF-GAMMA', responses: [gen('PROOF-ALPHA') + '\n\n'] },
        { role: 'refine', match: 'PROOF-ALPHA', responses: [gen('PROOF-GAMMA')] },
        { role: 'verify', match: 'PROOF-ALPHA', responses: [ver('0.5')] },
        { role: 'verify', match: 'PROOF-BETA', responses: [ver('0')] },
        { role: 'verify', match: 'PROOF-GAMMA', responses: [ver('0.5')] },
      ],
    });
    const events: LoopEvent[] = [];
    const result = await runProve(context(backend, { onEvent: (e) => events.push(e) }), { problem: PROBLEM, candidates: 2, samples: 2, rounds: 2, topK: 2 });
    // Before: ALPHA listed once (no ×N), its repeats only as "unchanged".
    expect(result.candidates.map((c) => [c.id, producedMark(c), c.duplicateIds ?? []])).toEqual([['c1', '×3', ['c4', 'c6']], ['c2', '', []], ['c3', '×2', ['c5']]]);
    expect(producedWords(result.candidates[0])).toBe('×3: 3 samples gave this proof (c4, c6 repeated it), verified once');
    expect(result.unchanged?.map((u) => [u.id, u.sameAs])).toEqual([['c4', 'c1'], ['c5', 'c3'], ['c6', 'c1']]);
    // No repeat verified again: ALPHA, BETA and GAMMA twice each.
    expect(await recordedCalls(result.runId)).toEqual({ generate: 2, refine: 4, verify: 6 });
    // The pool's last word on ALPHA (the run panel replaces a row by id) carries its count.
    const lastAlpha = scored(events).filter((e) => e.candidateId === 'c1').at(-1);
    expect([lastAlpha?.duplicates, lastAlpha?.duplicateIds]).toEqual([2, ['c4', 'c6']]);
    const stored = (await fx.store.loadRun(result.runId)).summary?.result as typeof result;
    expect(stored.candidates[0]).toMatchObject({ duplicates: 2, duplicateIds: ['c4', 'c6'] });
  });
});

describe('a resumed search', () => {
  it('reaches the same candidates and duplicates, asking only for the calls the stopped one did not finish', async () => {
    // Answers depend on the prompt only (replayed calls do not move a script's cursor).
    const script = {
      rules: [
        { role: 'generate', responses: [gen('PROOF-ALPHA')] },
        { role: 'refine', match: 'PROOF-ALPHA', responses: [gen('PROOF-BETA')] },
        { role: 'refine', match: 'PROOF-BETA', responses: [gen('PROOF-GAMMA')] },
        { role: 'verify', match: 'PROOF-ALPHA', responses: [ver('0.5')] },
        { role: 'verify', match: 'PROOF-BETA', responses: [ver('0.5')] },
        { role: 'verify', match: 'PROOF-GAMMA', responses: [ver('0')] },
      ],
    };
    const input = { problem: PROBLEM, candidates: 3, samples: 2, rounds: 2, topK: 2 };
    const reference = await runProve(context(await ScriptedBackend.fromScript(script)), input);
    // Round 1 refines the one proof of round 0 (BETA); round 2 refines both, ALPHA into BETA again (unchanged: BETA ×2).
    expect(reference.candidates.map((c) => [c.id, c.duplicates ?? 0])).toEqual([['c1', 2], ['c4', 1], ['c6', 0]]);
    expect(reference.unchanged?.map((u) => u.id)).toEqual(['c5']);
    const controller = new AbortController();
    let finished = 0;
    const cancelled = await runProve(
      context(await ScriptedBackend.fromScript(script), { signal: controller.signal, onEvent: (e) => { if (e.type === 'call-finished' && ++finished === 4) controller.abort(); } }),
      input,
    );
    expect(cancelled.status).toBe('cancelled');
    const backend = await ScriptedBackend.fromScript(script);
    const resumed = await runProve(context(backend), input, await fx.store.reopenRun(cancelled.runId));
    expect(withoutRunId(resumed)).toEqual(withoutRunId(reference));
    // The three generations and c1's first verification came from the record.
    expect(backend.requests).toHaveLength(reference.calls - 4);
  });
});
