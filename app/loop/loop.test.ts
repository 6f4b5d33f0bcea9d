import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LoopEvent } from '../common/events';
import { estimateSearchCalls } from '../common/search';
import { ScriptedBackend } from '../models/scripted';
import { parseProof } from '../proof';
import type { LoopContext } from './context';
import { loopFixture, verifierAnswer, WIDGET_PROBLEM } from './testing/loop-fixture';
import { rankCandidates, selectAnalyses } from './candidates';
import { runProve } from './prove';
import { applyRecordedSettings, recordedPool } from './resume';
import { UNPLACED_EXCERPT_CHARS } from '../annotate';
import { passesAll, runVerify, verdictForAnnotation, verdictForMetaScore } from './verify';

const ver = verifierAnswer;
const gen = (marker: string, self: string) =>
  `## Solution\n\nWe argue as in ${marker}: the claim follows from the lemma applied twice.\n\n## Self Evaluation\n\n${ver(self)}`;
const PROBLEM = WIDGET_PROBLEM;

const fx = loopFixture('pw-loop-');

function context(backend: ScriptedBackend, events: LoopEvent[], extra: Partial<LoopContext> = {}): LoopContext {
  return {
    backend,
    templates: fx.templates,
    profile: 'deepseek-math-v2',
    store: fx.store,
    onEvent: (e) => events.push(e),
    concurrency: 3,
    sampling: { temperature: 1, topP: 0.95, maxTokens: 4096, seed: 100 },
    ...extra,
  };
}

/** A search where only DELTA passes: ALPHA, BETA generated; ALPHA refined to GAMMA; GAMMA refined to DELTA. */
const searchScript = {
  rules: [
    { role: 'generate', responses: [gen('PROOF-ALPHA', '0.5'), gen('PROOF-BETA', '1')] },
    { role: 'refine', match: 'PROOF-GAMMA', responses: [gen('PROOF-DELTA', '1')] },
    { role: 'refine', match: 'PROOF-ALPHA', responses: [gen('PROOF-GAMMA', '1')] },
    { role: 'verify', match: 'PROOF-ALPHA', responses: [ver('0'), ver('0.5')] },
    { role: 'verify', match: 'PROOF-BETA', responses: [ver('0')] },
    { role: 'verify', match: 'PROOF-GAMMA', responses: [ver('0.5')] },
    { role: 'verify', match: 'PROOF-DELTA', responses: [ver('1')] },
  ],
};

describe('runProve', () => {
  it('finds the one candidate that passes, in n(1+m) + r·k(1+m) calls', async () => {
    const backend = await ScriptedBackend.fromScript(searchScript);
    const events: LoopEvent[] = [];
    const n = 2, m = 2, k = 1, T = 3;
    const result = await runProve(context(backend, events), { problem: PROBLEM, candidates: n, samples: m, rounds: T, topK: k });

    const roundsUsed = 2; // ALPHA → GAMMA (round 1), GAMMA → DELTA (round 2)
    const expectedCalls = n * (1 + m) + roundsUsed * k * (1 + m);
    expect(result.status).toBe('passed');
    expect(result.rounds).toBe(roundsUsed);
    expect(result.calls).toBe(expectedCalls);
    expect(backend.requests).toHaveLength(expectedCalls);
    expect(result.best?.proof).toContain('PROOF-DELTA');
    expect(result.best).toMatchObject({ round: 2, meanScore: 1, selfScore: 1 });
    expect(result.best?.parentId).toBe(result.candidates.find((c) => c.proof.includes('PROOF-GAMMA'))?.id);
    expect(result.candidates.map((c) => [c.proof.match(/PROOF-\w+/)?.[0], c.meanScore])).toEqual([
      ['PROOF-ALPHA', 0.25],
      ['PROOF-BETA', 0],
      ['PROOF-GAMMA', 0.5],
      ['PROOF-DELTA', 1],
    ]);
    // Round 1 refined the best-ranked ALPHA (0.25) with its analyses, lowest score first.
    const refine1 = backend.requests.find((r) => r.role === 'refine' && r.messages.at(-1)!.content.includes('PROOF-ALPHA'))!;
    expect(refine1.messages.at(-1)!.content).not.toContain('PROOF-BETA');
    // Seeds: seed base + sample index for the m verifications of a candidate.
    expect(backend.requests.filter((r) => r.role === 'verify' && r.messages.at(-1)!.content.includes('PROOF-DELTA')).map((r) => r.seed).sort()).toEqual([100, 101]);

    const record = await fx.store.loadRun(result.runId);
    expect(record.status).toBe('completed');
    expect(record.calls).toHaveLength(expectedCalls);
    expect(record.calls.filter((c) => c.role === 'generate')).toHaveLength(n);
    expect(record.calls.filter((c) => c.role === 'refine')).toHaveLength(roundsUsed * k);
    expect(record.calls.every((c) => c.templateId && c.templateHash && c.promptHash && c.model === backend.info().model)).toBe(true);
    expect(record.summary).toMatchObject({ status: 'completed', score: 1, calls: expectedCalls });

    const started = events.filter((e) => e.type === 'call-started').length;
    const finished = events.filter((e) => e.type === 'call-finished').length;
    expect([started, finished]).toEqual([expectedCalls, expectedCalls]);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'completed', prove: { status: 'passed' } });
    expect(events.filter((e) => e.type === 'candidate-scored')).toHaveLength(4);
  });

  it('stops after T refinement rounds when nothing passes', async () => {
    const backend = await ScriptedBackend.fromScript(searchScript);
    const result = await runProve(context(backend, []), { problem: PROBLEM, candidates: 2, samples: 2, rounds: 1, topK: 1 });
    expect(result.status).toBe('exhausted');
    expect(result.calls).toBe(2 * 3 + 1 * 3);
    expect(result.best?.proof).toContain('PROOF-GAMMA');
  });

  it('generates min(n, k) afresh when every generation was unusable (cut off), and ends exhausted with no best', async () => {
    const backend = await ScriptedBackend.fromScript({ rules: [{ role: 'generate', responses: [{ text: '## Solution\n\nWe start by', finishReason: 'length' }] }] });
    const events: LoopEvent[] = [];
    const result = await runProve(context(backend, events), { problem: PROBLEM, candidates: 2, samples: 3, rounds: 1, topK: 1 });
    expect(result).toMatchObject({ status: 'exhausted', best: null, candidates: [], calls: 3, rounds: 1 });
    // Round 0: n = 2 generations; round 1 (empty pool): min(n, k) = 1, so the round stays within k·(1+m).
    expect(backend.requests.map((r) => r.role)).toEqual(['generate', 'generate', 'generate']);
    // The plan shrinks by the m verifications each unusable generation no longer needs.
    expect(events.filter((e) => e.type === 'plan-changed').at(-1)).toMatchObject({ plannedCalls: 3 });
  });

  it('plans the estimate\'s bound from the start (n=16, m=4, T=5, k=2: 130 calls) and ends at the calls made', async () => {
    const search = { candidates: 16, samples: 4, rounds: 5, topK: 2 };
    expect(estimateSearchCalls(search).total).toBe(130);
    const planOf = (events: LoopEvent[]) => events.flatMap((e) => (e.type === 'run-started' || e.type === 'plan-changed' ? [e.plannedCalls] : []));

    // Nothing passes: every call of the bound is made, and the plan never moves off it. Each of the 10
    // refinements is a new text (one that repeats a candidate is no candidate and is not verified).
    const refinements = Array.from({ length: 10 }, (_, i) => gen(`PROOF-R${i}`, '1'));
    // So is each of the 16 generations (equal ones would be one candidate, verified once).
    const generations = Array.from({ length: 16 }, (_, i) => gen(`PROOF-G${i}`, '1'));
    const failing = await ScriptedBackend.fromScript({ rules: [{ role: 'generate', responses: generations }, { role: 'refine', responses: refinements }, { role: 'verify', responses: [ver('0.5')] }] });
    const exhausted: LoopEvent[] = [];
    const all = await runProve(context(failing, exhausted), { problem: PROBLEM, ...search });
    expect(all).toMatchObject({ status: 'exhausted', calls: 130 });
    expect(new Set(planOf(exhausted))).toEqual(new Set([130]));

    // Round 0 passes: the run starts at 130 (what the dialog said) and drops the unused rounds at the end.
    const passing = await ScriptedBackend.fromScript({ rules: [{ role: 'generate', responses: generations }, { role: 'verify', responses: [ver('1')] }] });
    const passed: LoopEvent[] = [];
    const early = await runProve(context(passing, passed), { problem: PROBLEM, ...search });
    expect(early).toMatchObject({ status: 'passed', calls: 16 * 5 });
    expect(planOf(passed)[0]).toBe(130);
    expect(planOf(passed).at(-1)).toBe(80);
  });

  it('does not count a truncated verification as a pass', async () => {
    const backend = await ScriptedBackend.fromScript({
      rules: [
        { role: 'generate', responses: [gen('PROOF-ALPHA', '1')] },
        { role: 'verify', responses: [ver('1'), { text: ver('1'), finishReason: 'length' }] },
      ],
    });
    const result = await runProve(context(backend, [], { concurrency: 1 }), { problem: PROBLEM, candidates: 1, samples: 2, rounds: 0, topK: 1 });
    expect(result.status).toBe('exhausted');
    expect(result.best?.meanScore).toBe(1);
    expect(result.best?.verifications.map((v) => v.status)).toEqual(['parsed', 'unparsed']);
  });

  it('cancelled mid-run: aborts in-flight calls and keeps the finished ones in the record', async () => {
    const slow = (text: string) => ({ text, chunkDelayMs: 20_000 });
    const backend = await ScriptedBackend.fromScript({
      chunkChars: 8,
      rules: [
        { role: 'generate', responses: [gen('PROOF-ALPHA', '1'), gen('PROOF-BETA', '1')] },
        { role: 'verify', match: 'PROOF-ALPHA', responses: [ver('1'), slow(ver('1'))] },
        { role: 'verify', match: 'PROOF-BETA', responses: [slow(ver('0'))] },
      ],
    });
    const controller = new AbortController();
    const events: LoopEvent[] = [];
    const ctx = context(backend, events, {
      signal: controller.signal,
      concurrency: 2,
      onEvent: (e) => {
        events.push(e);
        // Abort once the two generations and the first verification have finished.
        if (e.type === 'call-finished' && events.filter((x) => x.type === 'call-finished').length === 3) controller.abort();
      },
    });
    const result = await runProve(ctx, { problem: PROBLEM, candidates: 2, samples: 2, rounds: 3, topK: 1 });

    expect(result.status).toBe('cancelled');
    const finishedIds = events.flatMap((e) => (e.type === 'call-finished' ? [e.callId] : []));
    expect(finishedIds).toHaveLength(3);
    const record = await fx.store.loadRun(result.runId);
    expect(record.status).toBe('cancelled');
    expect(record.calls.filter((c) => c.status === 'parsed').map((c) => c.callId)).toEqual(finishedIds);
    // The calls in flight at the abort are recorded as cancelled with their partial output; nothing after.
    const cancelled = record.calls.filter((c) => c.status === 'cancelled');
    expect(cancelled.length).toBeGreaterThan(0);
    expect(cancelled.every((c) => c.finishReason === 'abort' && c.output.text.length < ver('1').length)).toBe(true);
    expect(record.calls.length).toBe(result.calls);
    expect(backend.requests.length).toBe(result.calls);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'cancelled' });
  });
});

describe('runVerify', () => {
  it('averages parsed samples only; truncated and score-less samples are counted but never pass', async () => {
    const backend = await ScriptedBackend.fromScript({
      rules: [{ role: 'verify', responses: [ver('1'), { text: ver('1'), finishReason: 'length' }, 'I think it is fine.', ver('0.5')] }],
    });
    const doc = parseProof('First step.\n\nSecond step.\n');
    const result = await runVerify(context(backend, [], { concurrency: 1 }), { problem: PROBLEM, doc, samples: 4, meta: false, documentPath: 'p.md' });
    expect(result.samples.map((s) => [s.status, s.reason ?? null, s.score])).toEqual([
      ['parsed', null, 1],
      ['unparsed', 'truncated', null],
      ['unparsed', 'no-score', null],
      ['parsed', null, 0.5],
    ]);
    expect(result.score).toBe(0.75);
    expect(result.parsedSamples).toBe(2);
    expect(result.spread).toEqual({ min: 0.5, max: 1, stdev: 0.25 });
    expect(passesAll(result.samples, 4)).toBe(false);

    const record = await fx.store.loadRun(result.runId);
    expect(record.header).toMatchObject({ kind: 'verify', document: { path: 'p.md' }, params: { samples: 4 } });
    expect(record.calls.map((c) => c.status)).toEqual(['parsed', 'unparsed', 'unparsed', 'parsed']);
    expect(record.calls[1]).toMatchObject({ finishReason: 'length', output: { text: ver('1') } });
    expect(record.summary).toMatchObject({ status: 'completed', score: 0.75 });
  });

  it('a backend error fails that sample only; the run completes and records the error', async () => {
    const scripted = await ScriptedBackend.fromScript({ rules: [{ role: 'verify', responses: [ver('1')] }] });
    let calls = 0;
    const backend = Object.assign(Object.create(scripted) as ScriptedBackend, {
      generate: (request: Parameters<ScriptedBackend['generate']>[0]) => (++calls === 2 ? Promise.reject(new Error('connection reset')) : scripted.generate(request)),
    });
    const events: LoopEvent[] = [];
    const result = await runVerify(context(backend, events, { concurrency: 1 }), { problem: PROBLEM, doc: parseProof('A step.\n'), samples: 3, meta: false });
    expect(result.samples.map((s) => s.status)).toEqual(['parsed', 'failed', 'parsed']);
    expect(result.samples[1].reason).toBe('connection reset');
    expect(result.score).toBe(1);
    const record = await fx.store.loadRun(result.runId);
    expect(record.status).toBe('completed');
    expect(record.calls[1]).toMatchObject({ status: 'failed', error: 'connection reset', finishReason: null });
    expect(events.filter((e) => e.type === 'call-failed')).toEqual([expect.objectContaining({ error: 'connection reset', cancelled: false })]);
  });

  it('only a completed answer is a verdict: a server-ended one fails its sample with the reason, an end-of-sequence word completes', async () => {
    const backend = await ScriptedBackend.fromScript({
      rules: [{ role: 'verify', exhausted: 'cycle', responses: [{ text: ver('1'), finishReason: 'content_filter' }, { text: ver('1'), finishReason: 'eos' }, { text: ver('1'), finishReason: 'incomplete' }] }],
    });
    const result = await runVerify(context(backend, [], { concurrency: 1 }), { problem: PROBLEM, doc: parseProof('A step.\n'), samples: 3, meta: false });
    expect(result.samples.map((s) => s.status)).toEqual(['failed', 'parsed', 'failed']);
    expect(result.samples[0].reason).toMatch(/without completing it \(finish_reason "content_filter"\)/);
    expect(result.score).toBe(1);
    expect(result.parsedSamples).toBe(1);
    const record = await fx.store.loadRun(result.runId);
    expect(record.calls[0]).toMatchObject({ status: 'failed', finishReason: 'incomplete', finishDetail: 'finish_reason "content_filter"' });
  });

  it("records and announces the backend's request adaptations with each call", async () => {
    const scripted = await ScriptedBackend.fromScript({ rules: [{ role: 'verify', responses: [ver('1')] }] });
    const note = 'the server refused `seed`: sent without it';
    const backend = Object.assign(Object.create(scripted) as ScriptedBackend, {
      generate: async (request: Parameters<ScriptedBackend['generate']>[0]) => ({ ...(await scripted.generate(request)), adaptations: [note] }),
    });
    const events: LoopEvent[] = [];
    const result = await runVerify(context(backend, events), { problem: PROBLEM, doc: parseProof('A step.\n'), samples: 2, meta: false });
    expect(events.filter((e) => e.type === 'call-finished')).toEqual([expect.objectContaining({ adaptations: [note] }), expect.objectContaining({ adaptations: [note] })]);
    const record = await fx.store.loadRun(result.runId);
    expect(record.calls.map((c) => c.adaptations)).toEqual([[note], [note]]);
  });

  it('gives no score when no sample produced a verdict', async () => {
    const backend = await ScriptedBackend.fromScript({ rules: [{ responses: [{ text: ver('1'), finishReason: 'length' }] }] });
    const result = await runVerify(context(backend, []), { problem: PROBLEM, doc: parseProof('A step.\n'), samples: 2, meta: false });
    expect(result.score).toBeNull();
    expect(result.spread).toBeNull();
  });

  it('places the gap on the right step and marks annotations by the meta verdict (1 confirmed, 0 disputed, ½ unchecked unless a line names it)', async () => {
    const samplesDir = fileURLToPath(new URL('../../resources/samples/', import.meta.url));
    const proof = await readFile(join(samplesDir, 'cauchy-equation.md'), 'utf8');
    const verifyText = await readFile(join(samplesDir, 'outputs/cauchy-equation.labelled.verify.txt'), 'utf8');
    const metaText = (score: string, line = 'The analysis was checked.') => `${line}\n\nBased on my analysis, the score of the evaluation should be:\n\\boxed{${score}}`;
    const backend = await ScriptedBackend.fromScript({
      rules: [
        { role: 'verify', responses: [verifyText] },
        {
          role: 'meta-verify',
          responses: [metaText('1'), metaText('0'), metaText('0.5'), metaText('0.5', '[S8] confirmed: the gap is real; the score is too generous.')],
        },
      ],
    });
    const doc = parseProof(proof);
    const events: LoopEvent[] = [];
    const result = await runVerify(context(backend, events, { profile: 'labelled', concurrency: 1 }), { problem: PROBLEM, doc, samples: 4, meta: true });
    const s8 = doc.steps.find((s) => s.label === 'S8')!;
    expect(result.samples.map((s) => s.annotations.map((a) => [a.stepId, a.severity, a.provenance.verdict]))).toEqual([
      [[s8.id, 'gap', 'confirmed']],
      [[s8.id, 'gap', 'disputed']],
      [[s8.id, 'gap', 'unchecked']],
      [[s8.id, 'gap', 'confirmed']],
    ]);
    expect(result.samples.map((s) => s.meta?.score)).toEqual([1, 0, 0.5, 0.5]);
    expect(result.steps.find((s) => s.id === s8.id)).toMatchObject({ flags: 4, confirmed: 2 });
    expect(result.steps.filter((s) => s.flags > 0)).toHaveLength(1);
    // FIFO: the m verifications queue first; each meta call queues as soon as its verification is parsed.
    expect(events.filter((e) => e.type === 'call-started').map((e) => (e as { role: string }).role)).toEqual([
      'verify', 'verify', 'verify', 'verify', 'meta-verify', 'meta-verify', 'meta-verify', 'meta-verify',
    ]);
  });

  it('runs the extraction pass through the run (recorded, greedy) when a free-text analysis has no findings', async () => {
    const freeText = ver('0').replace('The argument was read line by line.', 'The second step divides by a number that may be zero.');
    const backend = await ScriptedBackend.fromScript({
      rules: [
        { role: 'verify', responses: [freeText] },
        { role: 'extract', responses: [JSON.stringify({ findings: [{ step: 'S2', severity: 'critical', message: 'division by zero', quote: null }] })] },
      ],
    });
    const doc = parseProof('First we set $x = 0$.\n\nThen divide by $x$.\n');
    const events: LoopEvent[] = [];
    const result = await runVerify(context(backend, events, { extractFindings: true }), { problem: PROBLEM, doc, samples: 1, meta: false });
    expect(result.samples[0].annotations).toEqual([
      expect.objectContaining({ stepId: doc.steps[1].id, severity: 'critical', mappedBy: 'extraction', provenance: expect.objectContaining({ callId: result.samples[0].callId }) }),
    ]);
    const record = await fx.store.loadRun(result.runId);
    expect(record.calls.map((c) => [c.role, c.status])).toEqual([['verify', 'parsed'], ['extract', 'parsed']]);
    expect(record.calls[1].params.temperature).toBe(0);
    expect(backend.requests[1].jsonSchema).toBeDefined();
    expect(events.filter((e) => e.type === 'plan-changed').at(-1)).toMatchObject({ plannedCalls: 2 });
  });

  it('a verify run resumed from its record (applyRecordedSettings) keeps the extraction pass it was started with', async () => {
    const freeText = ver('0').replace('The argument was read line by line.', 'The second step divides by a number that may be zero.');
    const script = {
      rules: [
        { role: 'verify' as const, responses: [freeText] },
        { role: 'extract' as const, responses: [JSON.stringify({ findings: [{ step: 'S2', severity: 'critical', message: 'division by zero', quote: null }] })] },
      ],
    };
    const doc = parseProof('First we set $x = 0$.\n\nThen divide by $x$.\n');
    const withPass = await runVerify(context(await ScriptedBackend.fromScript(script), [], { extractFindings: true }), { problem: PROBLEM, doc, samples: 1, meta: false });
    const without = await runVerify(context(await ScriptedBackend.fromScript(script), []), { problem: PROBLEM, doc, samples: 1, meta: false });
    // Resumed where the pass is not set now (a CLI run without --extract, settings turned off since): the record's pass.
    const resumed = context(await ScriptedBackend.fromScript(script), []);
    applyRecordedSettings(resumed, { run: await fx.store.loadRun(withPass.runId), writer: null }, 'verify');
    expect(resumed.extractFindings).toBe(true);
    // And a run started without it is not resumed with it.
    const other = context(await ScriptedBackend.fromScript(script), [], { extractFindings: true });
    applyRecordedSettings(other, { run: await fx.store.loadRun(without.runId), writer: null }, 'verify');
    expect(other.extractFindings).toBe(false);
  });

  it('a search records its extraction pass, so the pool rebuilt from its record has the findings the run had', async () => {
    const freeText = ver('0').replace('The argument was read line by line.', 'The second step divides by a number that may be zero.');
    const backend = await ScriptedBackend.fromScript({
      rules: [
        { role: 'generate', responses: [gen('PROOF-ALPHA', '0.5')] },
        { role: 'verify', responses: [freeText] },
        { role: 'extract', responses: [JSON.stringify({ findings: [{ step: 'S1', severity: 'critical', message: 'division by zero', quote: null }] })] },
      ],
    });
    const result = await runProve(context(backend, [], { extractFindings: true }), { problem: PROBLEM, candidates: 1, samples: 1, rounds: 0, topK: 1 });
    const found = result.candidates[0].verifications[0].annotations;
    expect(found).toEqual([expect.objectContaining({ severity: 'critical', mappedBy: 'extraction' })]);
    // What a kill before the summary leaves; the pool rebuilt from it (History's Pool, runs show).
    const file = join(fx.store.dir, `${result.runId}.jsonl`);
    const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(['header', 'call', 'call', 'call', 'summary']);
    await writeFile(file, lines.slice(0, -1).join('\n') + '\n');
    const run = await fx.store.loadRun(result.runId);
    expect(run.header.params).toMatchObject({ extractFindings: true });
    const rebuilt = await recordedPool(run, fx.templates);
    // Before, the replay knew nothing of the pass: the extraction's answer was not reached and the finding was lost.
    expect(rebuilt.rebuilt.unreached).toBe(0);
    expect(rebuilt.candidates[0].verifications[0].annotations).toEqual(found);
  });

  it('a search without the extraction pass records none and its rebuilt pool asks none (guard)', async () => {
    const backend = await ScriptedBackend.fromScript({ rules: [{ role: 'generate', responses: [gen('PROOF-ALPHA', '0.5')] }, { role: 'verify', responses: [ver('0')] }] });
    const result = await runProve(context(backend, []), { problem: PROBLEM, candidates: 1, samples: 1, rounds: 0, topK: 1 });
    const run = await fx.store.loadRun(result.runId);
    expect(run.header.params).not.toHaveProperty('extractFindings');
    const rebuilt = await recordedPool(run, fx.templates);
    expect([rebuilt.calls, rebuilt.rebuilt.unreached, rebuilt.candidates[0].meanScore]).toEqual([2, 0, 0]);
  });

  // rev19 F4: a sample that scores the proof ½ in words no parser can place gave nothing anywhere, and
  // every surface said "No problems" beside a score of 0.5.
  const unplaceable = (score: string) =>
    ver(score).replace('The argument was read line by line.', 'Here and there the second half is weaker than the first; '.repeat(8).trim());

  it('says at document level that a sample scored below 1 names a defect it could not place, quoting its analysis', async () => {
    const backend = await ScriptedBackend.fromScript({ rules: [{ role: 'verify', responses: [unplaceable('0.5'), unplaceable('0')] }] });
    const doc = parseProof('First we set $x = 0$.\n\nThen divide by $x$.\n');
    const result = await runVerify(context(backend, [], { concurrency: 1 }), { problem: PROBLEM, doc, samples: 2, meta: false });
    expect(result.score).toBe(0.25);
    expect(result.documentAnnotations.map((a) => [a.severity, a.provenance.sample, a.mappedBy])).toEqual([['gap', 0, 'none'], ['critical', 1, 'none']]);
    const [first] = result.documentAnnotations;
    expect(first.message).toMatch(/^Scored 0\.5, no finding placed on a step: “Here and there the second half is weaker/);
    // The template's opening line is not quoted; the quote is cut, and says so.
    expect(first.message).not.toContain('Here is my evaluation');
    expect(first.message.endsWith('…”')).toBe(true);
    expect(first.message.length).toBeLessThan(UNPLACED_EXCERPT_CHARS + 100);
    expect(result.samples.map((s) => s.annotations)).toEqual(result.documentAnnotations.map((a) => [a]));
    // No step is flagged by it: it is about no step.
    expect(result.steps.every((s) => s.flags === 0)).toBe(true);
  });

  it('the meta-verifier\'s score judges the document-level line like any finding of that analysis', async () => {
    const meta = 'Here is my analysis of the evaluation:\n\nThe evaluation names no real defect.\n\nBased on my analysis, I will rate the evaluation as:\n\\boxed{0}';
    const backend = await ScriptedBackend.fromScript({ rules: [{ role: 'verify', responses: [unplaceable('0.5')] }, { role: 'meta-verify', responses: [meta] }] });
    const result = await runVerify(context(backend, []), { problem: PROBLEM, doc: parseProof('A step.\n'), samples: 1, meta: true });
    expect(result.documentAnnotations.map((a) => a.provenance.verdict)).toEqual(['disputed']);
  });

  it('adds no document-level line to a sample scored 1, nor to one whose defect was placed (guards)', async () => {
    const placed = ver('0.5').replace('The argument was read line by line.', 'The step "divide by $x$" is not justified.');
    const backend = await ScriptedBackend.fromScript({ rules: [{ role: 'verify', responses: [unplaceable('1'), placed] }] });
    const doc = parseProof('First we set $x = 0$.\n\nThen divide by $x$.\n');
    const result = await runVerify(context(backend, [], { concurrency: 1 }), { problem: PROBLEM, doc, samples: 2, meta: false });
    expect(result.samples[0].annotations).toEqual([]);
    expect(result.samples[1].annotations.map((a) => [a.stepId, a.severity])).toEqual([[doc.steps[1].id, 'gap']]);
    expect(result.documentAnnotations).toEqual([]);
  });

  it('skips meta-verification of a clean pass and re-plans the call count', async () => {
    const backend = await ScriptedBackend.fromScript({ rules: [{ role: 'verify', responses: [ver('1')] }] });
    const events: LoopEvent[] = [];
    await runVerify(context(backend, events), { problem: PROBLEM, doc: parseProof('A step.\n'), samples: 2, meta: true });
    expect(events[0]).toMatchObject({ type: 'run-started', plannedCalls: 4 });
    expect(events.filter((e) => e.type === 'plan-changed').at(-1)).toMatchObject({ plannedCalls: 2 });
    expect(backend.requests.map((r) => r.role)).toEqual(['verify', 'verify']);
  });
});

describe('ranking and analysis selection', () => {
  const sample = (index: number, score: 0 | 0.5 | 1 | null) => ({
    index, callId: `v${index}`, status: score === null ? ('unparsed' as const) : ('parsed' as const), score, analysis: `a${index}:${score}`, annotations: [],
  });

  it('refinement sees ≤8 parsed analyses, lowest scores first, ≤4 per score value', () => {
    const samples = [1, 1, 1, 1, 1, 0.5, 0, 0, 0, 0, 0, null, 0.5].map((s, i) => sample(i, s as 0 | 0.5 | 1 | null));
    expect(selectAnalyses(samples)).toEqual(['a6:0', 'a7:0', 'a8:0', 'a9:0', 'a5:0.5', 'a12:0.5', 'a0:1', 'a1:1']);
  });

  it('ranks by mean score, then self-score, then age', () => {
    const c = (id: string, meanScore: number | null, selfScore: 0 | 0.5 | 1 | null) => ({ id, round: 0, proof: '', verifications: [], meanScore, selfScore });
    expect(rankCandidates([c('a', 0.5, 0), c('b', 0.5, 1), c('c', null, 1), c('d', 0.75, null), c('e', 0.5, 1)]).map((x) => x.id)).toEqual(['d', 'b', 'e', 'a', 'c']);
  });

  it('maps meta scores to verdicts; a per-defect line naming the step or quote wins', () => {
    expect([1, 0, 0.5, null].map((s) => verdictForMetaScore(s as 0 | 0.5 | 1 | null))).toEqual(['confirmed', 'disputed', 'unchecked', 'unchecked']);
    const a = { id: 'a', stepId: 'x', severity: 'gap' as const, message: 'm', quote: 'by continuity of f', mappedBy: 'quote' as const, provenance: { source: 'verifier' as const, verdict: 'unchecked' as const } };
    expect(verdictForAnnotation(a, 'S3', [{ quote: 'by continuity', verdict: 'disputed', reason: '' }], 1)).toBe('disputed');
    expect(verdictForAnnotation(a, 'S3', [{ stepLabel: 'S3', verdict: 'confirmed', reason: '' }], 0.5)).toBe('confirmed');
    expect(verdictForAnnotation(a, 'S3', [{ stepLabel: 'S4', verdict: 'disputed', reason: '' }], 0.5)).toBe('unchecked');
  });
});
