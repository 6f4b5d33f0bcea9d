// The engine's search workbench (issue 15) through the contract: the estimate shown before a run,
// prove runs in History with their document, and resuming a stopped run from its record.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineApi } from '../common/contract';
import type { LoopEvent } from '../common/events';
import { runStatusWording } from '../common/run-status';
import type { ProveResult } from '../common/results';
import { DEFAULT_SEARCH, estimateSearchCalls, SEARCH_PRESETS } from '../common/search';
import { RunStore } from '../store';
import type { EngineService } from './service';
import { startInProcessEngine } from './testing/in-process';

const SAMPLES = fileURLToPath(new URL('../../resources/samples/', import.meta.url));

let base: string;
let ws: string;
let service: EngineService;
let engine: EngineApi;
let docId: string;
const events: LoopEvent[] = [];

const finished = (runId: string) => events.find((e): e is Extract<LoopEvent, { type: 'run-finished' }> => e.type === 'run-finished' && e.runId === runId);
async function waitFinished(runId: string, after = 0): Promise<Extract<LoopEvent, { type: 'run-finished' }>> {
  let found: Extract<LoopEvent, { type: 'run-finished' }> | undefined;
  await vi.waitFor(() => {
    found = events.slice(after).find((e): e is Extract<LoopEvent, { type: 'run-finished' }> => e.type === 'run-finished' && e.runId === runId);
    expect(found).toBeDefined();
  }, { timeout: 60_000, interval: 50 });
  return found!;
}
/** Finished answers (parsed or unparsed) in a run's record. */
async function recordedAnswers(runId: string): Promise<number> {
  const run = await (await RunStore.open(ws)).loadRun(runId);
  return run.calls.filter((c) => c.status === 'parsed' || c.status === 'unparsed').length;
}
const pool = (r: ProveResult) => r.candidates.map((c) => ({ id: c.id, round: c.round, parentId: c.parentId, meanScore: c.meanScore, selfScore: c.selfScore, proof: c.proof }));

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'pw-search-'));
  ws = join(base, 'ws');
  mkdirSync(join(ws, 'proofs'), { recursive: true });
  cpSync(join(SAMPLES, 'cauchy-equation.md'), join(ws, 'proofs', 'cauchy.md'));
  cpSync(join(SAMPLES, 'cauchy-equation.problem.md'), join(ws, 'proofs', 'cauchy.problem.md'));
  cpSync(join(SAMPLES, 'outputs'), join(ws, 'outputs'), { recursive: true });
  cpSync(join(SAMPLES, 'scripts', 'cauchy-equation.search.scripted.json'), join(ws, 'scripts', 'search.json'));
  ({ service, engine } = await startInProcessEngine({ workspace: ws, userData: join(base, 'user') }, { loopEvent: (e) => void events.push(e) }));
  await engine.setSettings({ profile: 'labelled' });
  await expect(engine.setBackend({ spec: 'scripted:scripts/search.json' })).resolves.toMatchObject({ state: 'ready' });
  docId = (await engine.openDocument({ path: 'proofs/cauchy.md' })).docId;
});

afterAll(async () => {
  await service?.shutdown();
  rmSync(base, { recursive: true, force: true });
});

describe('estimate before a run', () => {
  it('counts the calls of the settings\' search (the CLI\'s defaults) and says when nothing is measured yet', async () => {
    expect((await engine.getSettings()).prove).toEqual(DEFAULT_SEARCH);
    const quick = await engine.estimateRun({ kind: 'prove' });
    expect(quick.calls).toEqual(estimateSearchCalls(SEARCH_PRESETS.quick));
    expect(quick.calls.total).toBe(40); // 8 proofs (4 + 2 + 2) and 32 verifications
    expect(quick.timeMs).toBeNull();
    expect(quick.backend).toMatch(/^scripted:/);
    const released = await engine.estimateRun({ kind: 'prove', ...SEARCH_PRESETS.released });
    expect(released.calls).toEqual(estimateSearchCalls(SEARCH_PRESETS.released));
    expect((await engine.estimateRun({ kind: 'verify', samples: 3, meta: true })).calls).toEqual({ proofs: 0, verifications: 6, total: 6 });
  });

  it('estimates the time from the calls this backend made in the workspace', async () => {
    const { runId } = await engine.startVerify({ docId, samples: 2, meta: false });
    expect((await waitFinished(runId)).status).toBe('completed');
    const verify = await engine.estimateRun({ kind: 'verify', samples: 8 });
    expect(verify.speed.verifyMs).toBeGreaterThan(0);
    expect(verify.speed.calls).toBe(2);
    // 8 calls of the measured mean, 4 at once.
    expect(verify.timeMs).toBeCloseTo((8 * verify.speed.verifyMs!) / 4, 6);
    // A search also needs the time of a generation: none measured yet.
    expect((await engine.estimateRun({ kind: 'prove' })).timeMs).toBeNull();
  });
});

describe('resuming a prove run from History', () => {
  let uninterrupted: ProveResult;

  it('lists a prove run with its document path and the proof it found', async () => {
    const estimate = await engine.estimateRun({ kind: 'prove' });
    const { runId } = await engine.startProve({ docId });
    const end = await waitFinished(runId);
    expect(end.status).toBe('completed');
    // The run panel's planned calls start at the dialog's estimate (40 for the quick preset), and the
    // search that passed in round 1 ends planning the 13 calls it made: the script's four generations
    // are one proof, verified 4 times (4 + 4), and the pool's one proof is refined (1 + 4).
    const plans = events.flatMap((e) => ((e.type === 'run-started' || e.type === 'plan-changed') && e.runId === runId ? [e.plannedCalls] : []));
    expect(plans[0]).toBe(estimate.calls.total);
    expect(plans.at(-1)).toBe(13);
    expect(await recordedAnswers(runId)).toBe(13);
    uninterrupted = (await engine.loadRun({ runId })).prove!;
    expect(uninterrupted.status).toBe('passed');
    expect(uninterrupted.rounds).toBe(1);
    expect(uninterrupted.best?.proof).toContain('is dense in');
    // The pool reaches the run panel as it grows: each candidate with its round, parent and proof.
    const scored = events.filter((e): e is Extract<LoopEvent, { type: 'candidate-scored' }> => e.type === 'candidate-scored' && e.runId === runId);
    // Round 0 is one candidate produced four times (×4), not four copies taking the top k.
    expect(scored.filter((e) => e.round === 0).map((e) => [e.candidateId, e.meanScore, e.selfScore, e.parentId, e.duplicates, e.duplicateIds])).toEqual([['c1', 0.5, 1, undefined, 3, ['c2', 'c3', 'c4']]]);
    expect(uninterrupted.candidates[0]).toMatchObject({ id: 'c1', duplicates: 3, duplicateIds: ['c2', 'c3', 'c4'] });
    expect(scored.filter((e) => e.round === 1).map((e) => e.meanScore)).toEqual([1]);
    expect(scored.filter((e) => e.round === 1).every((e) => e.parentId === 'c1' && e.proof?.includes('is dense in'))).toBe(true);
    const listed = (await engine.listRuns({ docId })).find((r) => r.runId === runId);
    expect(listed).toMatchObject({ kind: 'prove', path: 'proofs/cauchy.md', status: 'completed', score: 1 });
    // Now a prove estimate has a measured generation time too.
    expect((await engine.estimateRun({ kind: 'prove' })).timeMs).toBeGreaterThan(0);
  });

  it('shows the pool of a search the engine was killed in (no result written), from its record, saying it was interrupted', async () => {
    // What a kill in round 1 leaves: the finished run's header and round 0's 8 call lines, no summary.
    const runsDir = join(ws, '.proofwright', 'runs');
    const lines = readFileSync(join(runsDir, `${uninterrupted.runId}.jsonl`), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; runId?: string; round?: number });
    const killedId = `${uninterrupted.runId}-killed`;
    const kept = [{ ...lines[0], runId: killedId }, ...lines.filter((l) => l.type === 'call' && l.round === 0)];
    expect(kept).toHaveLength(1 + 8);
    writeFileSync(join(runsDir, `${killedId}.jsonl`), kept.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const before = readFileSync(join(runsDir, `${killedId}.jsonl`), 'utf8');
    const detail = await engine.loadRun({ runId: killedId });
    expect(detail.summary.status).toBe('interrupted');
    // Before: no pool until resumed. Now round 0's candidate, as the finished run had it.
    expect(detail.prove).toMatchObject({ runId: killedId, status: 'cancelled', rounds: 0, calls: 8 });
    // (Its findings name the run they came from: the copy's id here.)
    expect(JSON.parse(JSON.stringify(detail.prove!.candidates).replaceAll(killedId, uninterrupted.runId))).toEqual([uninterrupted.candidates[0]]);
    // The run panel's words for it: renderer/state/search.test.ts.
    // Nothing was written to the record.
    expect(readFileSync(join(runsDir, `${killedId}.jsonl`), 'utf8')).toBe(before);
  });

  it('shows the pool of a search that failed (an error ended it before its result): from its record, failed, with the error', async () => {
    // What a search whose loop threw in round 1 leaves (app/loop/session.ts runSession): round 0's 8
    // call lines and a 'failed' summary with the error, no result; written by the store's own writer.
    const runsDir = join(ws, '.proofwright', 'runs');
    const lines = readFileSync(join(runsDir, `${uninterrupted.runId}.jsonl`), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; runId?: string; round?: number });
    const failedId = `${uninterrupted.runId}-failed`;
    const kept = [{ ...lines[0], runId: failedId }, ...lines.filter((l) => l.type === 'call' && l.round === 0)];
    writeFileSync(join(runsDir, `${failedId}.jsonl`), kept.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const { writer } = await (await RunStore.open(ws)).reopenRun(failedId);
    await writer.finish({ status: 'failed', calls: 8, error: 'ENOSPC: no space left on device, write' });
    const detail = await engine.loadRun({ runId: failedId });
    expect(detail.summary).toMatchObject({ status: 'failed', error: 'ENOSPC: no space left on device, write' });
    // Before: no pool (History's Pool said it had none). Now round 0's candidate, as the run had it.
    expect(detail.prove).toMatchObject({ runId: failedId, status: 'failed', rounds: 0, calls: 8 });
    expect(JSON.parse(JSON.stringify(detail.prove!.candidates).replaceAll(failedId, uninterrupted.runId))).toEqual([uninterrupted.candidates[0]]);
    // The run panel's words for it: renderer/state/search.test.ts.
  });

  it('continues a stopped search without repeating a finished call and ends where the uninterrupted one did', async () => {
    const { runId } = await engine.startProve({ docId });
    // Stop it once a few calls are done (round 0: 8 calls there).
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'call-finished' && e.runId === runId).length).toBeGreaterThanOrEqual(6), { timeout: 60_000, interval: 20 });
    await engine.cancelRun({ runId });
    expect((await waitFinished(runId)).status).toBe('cancelled');
    expect((await engine.listRuns({ docId })).find((r) => r.runId === runId)?.status).toBe('cancelled');
    const before = await recordedAnswers(runId);
    expect(before).toBeGreaterThanOrEqual(6);
    expect(before).toBeLessThan(13);

    const mark = events.length;
    await expect(engine.resumeRun({ docId, runId })).resolves.toEqual({ runId });
    const end = await waitFinished(runId, mark);
    expect(end.status).toBe('completed');
    const mine = events.slice(mark).filter((e): e is Extract<LoopEvent, { type: 'call-finished' }> => e.type === 'call-finished' && e.runId === runId);
    // Every answer in the record was replayed; only the rest went to the model.
    expect(mine.filter((e) => e.replayed).length).toBe(before);
    const total = await recordedAnswers(runId);
    expect(mine.filter((e) => !e.replayed).length).toBe(total - before);
    expect(total).toBe(await recordedAnswers(uninterrupted.runId));
    // The same result, shown like a normal run: its proof in the run-finished event and in History.
    expect(pool(end.prove!)).toEqual(pool(uninterrupted));
    expect(end.prove!.best?.proof).toBe(uninterrupted.best?.proof);
    expect((await engine.listRuns({ docId })).find((r) => r.runId === runId)).toMatchObject({ status: 'completed', score: 1 });
  });

  it('resumes with the prompt templates the record keeps and says when they are not the ones loaded now', async () => {
    const { runId } = await engine.startProve({ docId });
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'call-finished' && e.runId === runId).length).toBeGreaterThanOrEqual(6), { timeout: 60_000, interval: 20 });
    await engine.cancelRun({ runId });
    expect((await waitFinished(runId)).status).toBe('cancelled');
    // A record made with another verify template than the one this engine has loaded (an earlier
    // version's, or one edited since): its header keeps that template's text.
    const file = join(ws, '.proofwright', 'runs', `${runId}.jsonl`);
    const [head, ...rest] = readFileSync(file, 'utf8').split('\n');
    const header = JSON.parse(head) as { templates: { id: string; body: string; system?: string; hash: string }[] };
    const verify = header.templates.find((t) => t.id === 'labelled/verify')!;
    verify.body += '\n\nAn earlier wording.';
    verify.hash = createHash('sha256').update(`${verify.system ?? ''}\0${verify.body}`).digest('hex');
    writeFileSync(file, [JSON.stringify(header), ...rest].join('\n'));

    const mark = events.length;
    await expect(engine.resumeRun({ docId, runId })).resolves.toEqual({
      runId,
      note: 'resumed with the prompt templates the run was started with (labelled/verify differs from the one loaded now, which this run does not use)',
    });
    expect((await waitFinished(runId, mark)).status).toBe('completed');
  });

  it('refuses what cannot be resumed, with the reason', async () => {
    await expect(engine.resumeRun({ docId, runId: uninterrupted.runId })).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringMatching(/already completed/) });
    await expect(engine.resumeRun({ docId, runId: 'prove-nope' })).rejects.toMatchObject({ code: 'not-found' });
    // A verification stopped before its end, then the proof edited: its answers are for another text.
    const { runId } = await engine.startVerify({ docId, samples: 16, meta: false });
    await vi.waitFor(() => expect(events.some((e) => e.type === 'call-finished' && e.runId === runId)).toBe(true), { timeout: 60_000, interval: 20 });
    await engine.cancelRun({ runId });
    await waitFinished(runId);
    expect(finished(runId)?.status).toBe('cancelled');
    const snap = await engine.getDocument({ docId });
    await engine.editDocument({ docId, edits: [{ start: snap.text.length, end: snap.text.length, text: '\nQED.\n' }] });
    await expect(engine.resumeRun({ docId, runId })).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringMatching(/has changed since run/) });
    // Undone, it resumes and completes all 16 samples.
    const now = await engine.getDocument({ docId });
    await engine.editDocument({ docId, edits: [{ start: snap.text.length, end: now.text.length, text: '' }] });
    const mark = events.length;
    await engine.resumeRun({ docId, runId });
    const end = await waitFinished(runId, mark);
    expect(end.status).toBe('completed');
    expect(end.verify?.samples.filter((s) => s.status === 'parsed')).toHaveLength(16);
  });
});

describe('History says when calls of a run failed', () => {
  it('lists a prove run whose refinements failed as completed with its failed calls counted', async () => {
    // The search script without its refine rule: round 0 works, every refinement fails.
    writeFileSync(join(ws, 'scripts', 'no-refine.json'), JSON.stringify({ rules: [
      { role: 'verify', responses: [{ file: '../outputs/cauchy-equation.labelled.verify.txt' }] },
      { role: 'generate', responses: [{ file: '../outputs/cauchy-equation.labelled.generate.txt' }] },
    ] }));
    await expect(engine.setBackend({ spec: 'scripted:scripts/no-refine.json' })).resolves.toMatchObject({ state: 'ready' });
    const { runId } = await engine.startProve({ docId });
    expect((await waitFinished(runId)).status).toBe('completed');
    const listed = (await engine.listRuns({ docId })).find((r) => r.runId === runId);
    // Quick preset: 4 equal generations (one proof) + 4 verifications, then the pool's one proof
    // refined in each of 2 rounds, both failed.
    expect(listed).toMatchObject({ status: 'completed', calls: 10, failedCalls: 2 });
    expect(runStatusWording(listed!)).toBe('completed, 2 of 10 calls failed');
  });
});
