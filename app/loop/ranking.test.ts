// Which candidate a search calls best and refines: real searches over a scripted backend and a real run
// store (the rule itself: app/common/ranking.ts). Each case is a way the best candidate was wrong.
import { describe, expect, it } from 'vitest';
import type { LoopEvent } from '../common/events';
import { compareRank, isRanked, rankFactsOf, standingText } from '../common/ranking';
import type { Candidate, VerificationSample } from '../common/results';
import { ScriptedBackend } from '../models/scripted';
import { type TemplateSet } from '../prompts';
import type { LoopContext } from './context';
import { loopFixture, verifierAnswer, WIDGET_PROBLEM, withoutRunId } from './testing/loop-fixture';
import { runProve } from './prove';
import { applyRecordedSettings, resumedTemplatesNote } from './resume';
import { proveReport } from '../cli/report';

const ver = verifierAnswer;
const gen = (marker: string, self = '0.5') => `## Solution\n\nWe argue as in ${marker}: the claim follows from the lemma applied twice.\n\nHence the claim.\n\n## Self Evaluation\n\n${ver(self)}`;
const cut = (score: string) => ({ text: ver(score), finishReason: 'length' });
const PROBLEM = WIDGET_PROBLEM;

const fx = loopFixture('pw-rank-');

function context(backend: ScriptedBackend, extra: Partial<LoopContext> = {}): LoopContext {
  return { backend, templates: fx.templates, profile: 'deepseek-math-v2', store: fx.store, concurrency: 1, sampling: { temperature: 1, topP: 0.95, maxTokens: 4096, seed: 7 }, ...extra };
}

describe('the best candidate', () => {
  it('is not one whose mean rests on 1 verdict of 4: a candidate with every verdict at 0.875 is best and is the one refined', async () => {
    const backend = await ScriptedBackend.fromScript({
      rules: [
        { role: 'generate', responses: [gen('PROOF-ALPHA'), gen('PROOF-BETA')] },
        { role: 'refine', responses: [gen('PROOF-GAMMA')] },
        // ALPHA: three answers cut off at the token limit, then a 1: "mean 1" over one verdict of four.
        { role: 'verify', match: 'PROOF-ALPHA', responses: [cut('1'), cut('1'), cut('1'), ver('1')] },
        { role: 'verify', match: 'PROOF-BETA', responses: [ver('1'), ver('1'), ver('1'), ver('0.5')] },
        { role: 'verify', match: 'PROOF-GAMMA', responses: [ver('0')] },
      ],
    });
    const result = await runProve(context(backend), { problem: PROBLEM, candidates: 2, samples: 4, rounds: 1, topK: 1 });
    expect(result.status).toBe('exhausted');
    expect(result.candidates.map((c) => [c.id, c.meanScore])).toEqual([['c1', 1], ['c2', 0.875], ['c3', 0]]);
    expect(result.best?.id).toBe('c2');
    // The top 1 refined was BETA, not ALPHA.
    expect(result.candidates[2].parentId).toBe('c2');
    // The run record's score (what `runs` and History list) is the best's mean.
    expect((await fx.store.loadRun(result.runId)).summary?.score).toBe(0.875);
  });

  it('is one with every verdict failed only when no candidate has a verdict, and then it says so', async () => {
    const backend = await ScriptedBackend.fromScript({
      rules: [
        { role: 'generate', responses: [gen('PROOF-ALPHA', '1'), gen('PROOF-BETA', '0')] },
        { role: 'verify', match: 'PROOF-ALPHA', responses: [{ text: '', finishReason: 'error' }] },
        { role: 'verify', match: 'PROOF-BETA', responses: [ver('0')] },
      ],
    });
    const result = await runProve(context(backend), { problem: PROBLEM, candidates: 2, samples: 2, rounds: 0, topK: 1 });
    // ALPHA's self-score of 1 does not lift it over BETA's two real verdicts of 0.
    expect(result.best?.id).toBe('c2');
  });

  it('ties go to the mean over more verdicts, then the self-score', () => {
    const sample = (index: number, score: 0 | 0.5 | 1 | null): VerificationSample => ({
      index, callId: `v${index}`, status: score === null ? 'unparsed' : 'parsed', score, analysis: '', annotations: [],
    });
    const cand = (scores: (0 | 0.5 | 1 | null)[], selfScore: 0 | 0.5 | 1 | null = null, extra: Partial<Candidate> = {}): Candidate => {
      const verdicts = scores.filter((s): s is 0 | 0.5 | 1 => s !== null);
      return {
        id: 'x', round: 0, proof: 'p', selfScore, verifications: scores.map((s, i) => sample(i, s)),
        meanScore: verdicts.length ? verdicts.reduce((a: number, b) => a + b, 0) / verdicts.length : null, ...extra,
      };
    };
    const facts = (c: Candidate) => rankFactsOf(c);
    // 1 of 4 is too few; 2 of 4 (half) is enough.
    expect(isRanked(facts(cand([1, null, null, null])))).toBe(false);
    expect(isRanked(facts(cand([1, 1, null, null])))).toBe(true);
    // Equal means: more verdicts first; equal verdicts: higher self-score first.
    expect(compareRank(facts(cand([1, 1, 1, null])), facts(cand([1, 1, null, null], 1)))).toBeLessThan(0);
    expect(compareRank(facts(cand([1, 0], 0)), facts(cand([0, 1], 1)))).toBeGreaterThan(0);
    // Below the share, more verdicts first: 3 of 8 at 0.5 before 1 of 8 at 1.
    expect(compareRank(facts(cand([0.5, 0.5, 0.5, null, null, null, null, null])), facts(cand([1, null, null, null, null, null, null, null])))).toBeLessThan(0);
    // A candidate accepted early after 5 passes (59 saved of 64) is ranked: it was asked for 5.
    const early = cand([1, 1, 1, 1, 1], null, { earlyStop: { decision: 'accepted', callsSaved: 59 } });
    expect(isRanked(facts(early))).toBe(true);
    // A run cancelled after 1 of 64 verifications was asked for 64: too few to rank.
    const stopped = cand([1], null, { verificationsRequested: 64, earlyStop: { decision: null, callsSaved: 0 } });
    expect(standingText(facts(stopped), 1)).toBe('mean 1 over 1 of 64 verdicts: too few to rank');
  });
});

describe('a candidate the early-stopping rule rejected', () => {
  it('never outranks one that completed its samples, whatever its short mean: the complete one is best and refined, and every surface says why', async () => {
    // m = 12, reject after 10 failures. ALPHA: ten ½s, rejected after 10 (mean 0.5 over 10, 2 saved).
    // BETA: 4 passes then 8 zeros: 8 failures, never 5 passes in a row, so all 12 issued (mean 1/3).
    // By mean alone ALPHA (0.5) was best and the one refined.
    const backend = await ScriptedBackend.fromScript({
      rules: [
        { role: 'generate', responses: [gen('PROOF-ALPHA'), gen('PROOF-BETA')] },
        { role: 'refine', responses: [gen('PROOF-GAMMA')] },
        { role: 'verify', match: 'PROOF-ALPHA', responses: [ver('0.5')] },
        { role: 'verify', match: 'PROOF-BETA', responses: [ver('1'), ver('1'), ver('1'), ver('1'), ver('0')] },
        { role: 'verify', match: 'PROOF-GAMMA', responses: [ver('0')] },
      ],
    });
    const events: LoopEvent[] = [];
    const result = await runProve(context(backend, { onEvent: (e) => events.push(e) }), {
      problem: PROBLEM, candidates: 2, samples: 12, rounds: 1, topK: 1, earlyStop: { accept: 5, reject: 10 },
    });
    const alpha = result.candidates.find((c) => c.id === 'c1')!;
    const beta = result.candidates.find((c) => c.id === 'c2')!;
    expect([alpha.meanScore, alpha.verifications.length, alpha.earlyStop?.decision]).toEqual([0.5, 10, 'rejected']);
    expect([Math.round(beta.meanScore! * 1000) / 1000, beta.verifications.length, beta.earlyStop?.decision]).toEqual([0.333, 12, null]);
    // The top 1 refined was BETA; GAMMA (rejected too, mean 0) comes after ALPHA only by mean.
    expect(result.candidates.find((c) => c.id === 'c3')?.parentId).toBe('c2');
    expect(result.best?.id).toBe('c2');
    expect(compareRank(rankFactsOf(beta), rankFactsOf(alpha))).toBeLessThan(0);
    // The CLI's report says it beside the candidate.
    const report = proveReport(result);
    expect(report).toContain('c1 (round 0): mean 0.5 over 10 verification(s), stopped early (rejected): ranked after every candidate that was not');
    expect(report).toContain('Best candidate c2: the highest mean, not a pass');
    // The run panel's pool is built from the candidate-scored events: they carry the rejection.
    expect(events.filter((e) => e.type === 'candidate-scored').map((e) => [(e as { candidateId: string }).candidateId, (e as { rejectedEarly?: boolean }).rejectedEarly ?? false]))
      .toEqual([['c1', true], ['c2', false], ['c3', true]]);
  });
});

describe('a refinement equal to its parent', () => {
  it('is no new candidate: recorded as unchanged, its call counted, not verified, and the plan says so', async () => {
    // The first refinement repeats ALPHA with other line endings, spaces after a line and blank lines
    // after it (app/common/ranking.ts normalisedProof); the second is new.
    const same = gen('PROOF-ALPHA').replace(/\n/g, '\r\n').replace('applied twice.', 'applied twice.  ') + '\n\n';
    const backend = await ScriptedBackend.fromScript({
      rules: [
        { role: 'generate', responses: [gen('PROOF-ALPHA')] },
        { role: 'refine', responses: [same, gen('PROOF-BETA')] },
        { role: 'verify', match: 'PROOF-ALPHA', responses: [ver('0.5')] },
        { role: 'verify', match: 'PROOF-BETA', responses: [ver('0')] },
      ],
    });
    const events: LoopEvent[] = [];
    const result = await runProve(context(backend, { onEvent: (e) => events.push(e) }), { problem: PROBLEM, candidates: 1, samples: 2, rounds: 2, topK: 1 });
    expect(result.candidates.map((c) => [c.id, c.parentId ?? null])).toEqual([['c1', null], ['c3', 'c1']]);
    expect(result.unchanged).toEqual([{ id: 'c2', round: 1, parentId: 'c1', sameAs: 'c1' }]);
    // 1 + 2 (ALPHA), 1 (the unchanged refinement, not verified), 1 + 2 (BETA).
    expect(result.calls).toBe(7);
    expect(backend.requests.filter((r) => r.role === 'verify')).toHaveLength(4);
    const plans = events.filter((e): e is Extract<LoopEvent, { type: 'plan-changed' }> => e.type === 'plan-changed');
    expect(plans.at(-1)?.plannedCalls).toBe(7);
    // No candidate-scored event of its own: the run panel's pool lists it as ALPHA produced once more (×2).
    expect(events.filter((e) => e.type === 'candidate-scored').map((e) => [(e as { candidateId: string }).candidateId, (e as { duplicates?: number }).duplicates ?? 0]))
      .toEqual([['c1', 0], ['c1', 1], ['c3', 0]]);
    expect(result.candidates[0]).toMatchObject({ id: 'c1', duplicates: 1, duplicateIds: ['c2'] });
    // Recorded: the stored result says the same.
    const stored = (await fx.store.loadRun(result.runId)).summary?.result as typeof result;
    expect(stored.unchanged).toEqual(result.unchanged);
  });

  it('resumes to the same result as the uninterrupted run', async () => {
    // Answers depend on the prompt only (a resumed run's replayed calls do not move a script's cursor):
    // every refinement of ALPHA repeats it.
    const script = {
      rules: [
        { role: 'generate', responses: [gen('PROOF-ALPHA'), gen('PROOF-BETA')] },
        { role: 'refine', match: 'PROOF-ALPHA', responses: [gen('PROOF-ALPHA') + '\n'] },
        { role: 'verify', match: 'PROOF-ALPHA', responses: [ver('0.5')] },
        { role: 'verify', match: 'PROOF-BETA', responses: [ver('0')] },
      ],
    };
    const input = { problem: PROBLEM, candidates: 2, samples: 2, rounds: 2, topK: 1 };
    const reference = await runProve(context(await ScriptedBackend.fromScript(script)), input);
    const controller = new AbortController();
    let finished = 0;
    const cancelled = await runProve(
      context(await ScriptedBackend.fromScript(script), { signal: controller.signal, onEvent: (e) => { if (e.type === 'call-finished' && ++finished === 4) controller.abort(); } }),
      input,
    );
    expect(cancelled.status).toBe('cancelled');
    const resumed = await runProve(context(await ScriptedBackend.fromScript(script)), input, await fx.store.reopenRun(cancelled.runId));
    expect(withoutRunId(resumed)).toEqual(withoutRunId(reference));
    expect(resumed.candidates.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(resumed.unchanged).toEqual([{ id: 'c3', round: 1, parentId: 'c1', sameAs: 'c1' }, { id: 'c4', round: 2, parentId: 'c1', sameAs: 'c1' }]);
    expect(resumed.calls).toBe(2 * 3 + 2);
  });
});

describe('verdicts from another template', () => {
  // The changed template asks for strictness; under it the script's verifier says 0, before it 1.
  const strict: TemplateSet = {
    get: (profile, role) => {
      const t = fx.templates.get(profile, role);
      return role === 'verify' ? { ...t, body: `${t.body}\n\nBe strict about every step.`, hash: `${t.hash}-strict` } : t;
    },
    list: () => fx.templates.list().map((t) => (t.role === 'verify' ? strict.get(t.profile, t.role) : t)),
  };
  const script = {
    rules: [
      { role: 'generate', responses: [gen('PROOF-ALPHA')] },
      { role: 'verify', match: 'Be strict about every step.', responses: [ver('0')] },
      { role: 'verify', responses: [ver('1')] },
    ],
  };
  const input = { problem: PROBLEM, candidates: 1, samples: 4, rounds: 0, topK: 1 };
  /** A run of `script` under the loaded templates, stopped once 3 calls have answered. */
  const stoppedAfter3 = async () => {
    const controller = new AbortController();
    let finished = 0;
    const cancelled = await runProve(
      context(await ScriptedBackend.fromScript(script), { signal: controller.signal, onEvent: (e) => { if (e.type === 'call-finished' && ++finished === 3) controller.abort(); } }),
      input,
    );
    expect(cancelled.status).toBe('cancelled');
    return cancelled;
  };

  it('a run resumed after its verify template changed re-verifies: no candidate mixes the two fx.templates\' verdicts', async () => {
    const cancelled = await stoppedAfter3();
    const backend = await ScriptedBackend.fromScript(script);
    const resumed = await runProve(context(backend, { templates: strict }), input, await fx.store.reopenRun(cancelled.runId));
    expect(resumed.best?.verifications.map((v) => v.score)).toEqual([0, 0, 0, 0]);
    // The generation is answered from the record (its template is the same); all four verifications are asked anew.
    expect(backend.requests.map((r) => r.role)).toEqual(['verify', 'verify', 'verify', 'verify']);
  });

  it('prove --resume and History\'s Resume go on with the templates the record keeps, not the ones loaded now, and say so', async () => {
    // The same stop as above; this time the resume is set up as the CLI and the engine set it up
    // (applyRecordedSettings), with the strict template loaded now.
    const reference = await runProve(context(await ScriptedBackend.fromScript(script)), input);
    const cancelled = await stoppedAfter3();
    const backend = await ScriptedBackend.fromScript(script);
    // Guard: with the run's own templates loaded, nothing is said.
    const same = applyRecordedSettings(context(backend), { run: await fx.store.loadRun(cancelled.runId), writer: null }, 'prove');
    expect(same.recorded).toContain('deepseek-math-v2/verify');
    expect(resumedTemplatesNote(same)).toBeNull();
    const ctx = context(backend, { templates: strict });
    const resume = await fx.store.reopenRun(cancelled.runId);
    const templates = applyRecordedSettings(ctx, resume, 'prove');
    expect(resumedTemplatesNote(templates)).toBe(
      'resumed with the prompt templates the run was started with (deepseek-math-v2/verify differs from the one loaded now, which this run does not use)',
    );
    const resumed = await runProve(ctx, input, resume);
    // The uninterrupted run's verdicts, not the strict template's: the 2 finished verifications are
    // answered from the record and only the other 2 are asked, with the run's own template.
    expect(resumed.best?.verifications.map((v) => v.score)).toEqual(reference.best?.verifications.map((v) => v.score));
    expect(resumed.best?.verifications.map((v) => v.score)).toEqual([1, 1, 1, 1]);
    expect(backend.requests.map((r) => r.role)).toEqual(['verify', 'verify']);
    expect(backend.requests.some((r) => JSON.stringify(r.messages).includes('Be strict'))).toBe(false);
  });
});
