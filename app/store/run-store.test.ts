import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callCount, RunNotFoundError, RunStore, workedMs } from './run-store';
import { fakeCall } from './testing/fake-call';

let workspace: string;
beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'pw-store-'));
});
afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

const header = { kind: 'verify' as const, params: { samples: 2 }, backend: { spec: 'scripted:a.json', model: 'a' }, document: { path: 'p.md', hash: 'h' } };

describe('RunStore', () => {
  it('writes header, calls and summary as JSONL and loads them back', async () => {
    const store = await RunStore.open(workspace);
    const writer = await store.createRun(header);
    await Promise.all([writer.appendCall(fakeCall(0)), writer.appendCall(fakeCall(1))]);
    await writer.finish({ status: 'completed', calls: 2, score: 0.5 });

    const lines = (await readFile(writer.path, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['header', 'call', 'call', 'summary']);
    expect(writer.path).toBe(join(workspace, '.proofwright', 'runs', `${writer.runId}.jsonl`));

    const run = await store.loadRun(writer.runId);
    expect(run.status).toBe('completed');
    expect(run.header).toMatchObject({ runId: writer.runId, kind: 'verify', document: { path: 'p.md' } });
    expect(run.calls).toEqual([fakeCall(0), fakeCall(1)]);
    expect(run.summary).toMatchObject({ status: 'completed', score: 0.5 });
    expect(run.warnings).toEqual([]);
  });

  it('lists runs newest first with kind, status, score and document', async () => {
    const store = await RunStore.open(workspace);
    expect(await store.listRuns()).toEqual([]);
    const first = await store.createRun(header);
    await first.finish({ status: 'completed', calls: 0, score: 1 });
    await new Promise((r) => setTimeout(r, 5));
    const second = await store.createRun({ ...header, kind: 'prove' });
    await second.appendCall(fakeCall(0));
    const runs = await store.listRuns();
    expect(runs.map((r) => r.runId)).toEqual([second.runId, first.runId]);
    expect(runs[0]).toMatchObject({ kind: 'prove', status: 'interrupted', score: null, calls: 1 });
    expect(runs[1]).toMatchObject({ kind: 'verify', status: 'completed', score: 1, documentPath: 'p.md' });
  });

  it('counts an interrupted run\'s cancelled attempt and its re-issue as one call, as the run itself counts', async () => {
    const store = await RunStore.open(workspace);
    const writer = await store.createRun({ ...header, kind: 'prove' });
    await writer.appendCall(fakeCall(0));
    await writer.appendCall({ ...fakeCall(1), callId: 'c1', status: 'cancelled', finishReason: 'abort', parsed: undefined });
    await writer.appendCall({ ...fakeCall(1), callId: 'c1.2' });
    await writer.appendCall({ ...fakeCall(2), status: 'failed', finishReason: 'error', parsed: undefined });
    // Three calls: sample 1's cancelled attempt was issued again; sample 2 failed and was not (yet).
    expect((await store.listRuns())[0]).toMatchObject({ status: 'interrupted', calls: 3, failedCalls: 1 });
  });

  it('lists long runs from their first and last lines, and interrupted ones by counting', async () => {
    const store = await RunStore.open(workspace);
    const done = await store.createRun(header);
    for (let n = 0; n < 20; n++) await done.appendCall(fakeCall(n, 20_000));
    await done.finish({ status: 'cancelled', calls: 20, score: 0.25 });
    const crashed = await store.createRun(header);
    for (let n = 0; n < 15; n++) await crashed.appendCall(fakeCall(n, 20_000));
    await appendFile(crashed.path, '{"type":"call","callId":"torn');
    const runs = await store.listRuns();
    expect(runs.find((r) => r.runId === done.runId)).toMatchObject({ status: 'cancelled', score: 0.25, calls: 20, documentPath: 'p.md' });
    expect(runs.find((r) => r.runId === crashed.runId)).toMatchObject({ status: 'interrupted', score: null, calls: 15 });
  });

  it('lists how many calls of a completed run failed, also for records whose summary does not say', async () => {
    const store = await RunStore.open(workspace);
    const failed = { ...fakeCall(1), status: 'failed' as const, error: 'scripted backend: no rule matches a refine call' };
    const run = await store.createRun({ ...header, kind: 'prove' });
    await run.appendCall(fakeCall(0));
    await run.appendCall(failed);
    await run.finish({ status: 'completed', calls: 2, score: 1 });
    const summary = JSON.parse((await readFile(run.path, 'utf8')).trimEnd().split('\n').at(-1)!);
    expect(summary).toMatchObject({ type: 'summary', status: 'completed', calls: 2, failedCalls: 1 });
    // A record from before the summary counted failures: its call lines are counted.
    const old = await store.createRun(header);
    await old.appendCall(failed);
    await appendFile(old.path, JSON.stringify({ type: 'summary', status: 'completed', calls: 1, score: null, finishedAt: new Date().toISOString() }) + '\n');
    const runs = await store.listRuns();
    expect(runs.find((r) => r.runId === run.runId)).toMatchObject({ status: 'completed', calls: 2, failedCalls: 1 });
    expect(runs.find((r) => r.runId === old.runId)).toMatchObject({ status: 'completed', calls: 1, failedCalls: 1 });
  });

  it('ignores and reports a torn last line; earlier records stay intact', async () => {
    const store = await RunStore.open(workspace);
    const writer = await store.createRun(header);
    await writer.appendCall(fakeCall(0));
    await appendFile(writer.path, JSON.stringify({ type: 'call', ...fakeCall(1) }).slice(0, 40));
    const run = await store.loadRun(writer.runId);
    expect(run.calls).toEqual([fakeCall(0)]);
    expect(run.status).toBe('interrupted');
    expect(run.warnings).toEqual([expect.stringMatching(/torn last line/)]);
  });

  it('rejects unknown and path-like run ids', async () => {
    const store = await RunStore.open(workspace);
    await expect(store.loadRun('nope')).rejects.toBeInstanceOf(RunNotFoundError);
    await expect(store.loadRun('../../etc/passwd')).rejects.toBeInstanceOf(RunNotFoundError);
  });

  it('keeps every complete record when the writing process is killed mid-run', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./testing/append-forever.ts', import.meta.url)), workspace, '20000'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const acknowledged = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const counts = [...out.matchAll(/appended (\d+)\n/g)];
        const last = counts.length ? Number(counts[counts.length - 1][1]) : 0;
        if (last >= 30) {
          child.kill('SIGKILL');
          resolve(last);
        }
      });
      child.on('exit', () => reject(new Error(`child exited early: ${stderr}`)));
    });
    expect(await exited).toBe('SIGKILL');
    const runId = /run (\S+)\n/.exec(out)![1];

    const run = await (await RunStore.open(workspace)).loadRun(runId);
    expect(run.status).toBe('interrupted');
    expect(run.summary).toBeNull();
    // Everything acknowledged is there (the child may have written a few more before the kill landed).
    expect(run.calls.length).toBeGreaterThanOrEqual(acknowledged);
    run.calls.forEach((call, n) => expect(call).toEqual(fakeCall(n, 20000)));
    expect(run.warnings.every((w) => /torn last line/.test(w))).toBe(true);
  });

  it('counts a stopped and resumed run once: calls re-issued count once, its worked time leaves out the idle time between (rev16 F6)', async () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const store = await RunStore.open(workspace);
    const writer = await store.createRun(header);
    await writer.appendCall(fakeCall(0));
    await writer.appendCall({ ...fakeCall(1), status: 'cancelled' });
    await sleep(150);
    await writer.finish({ status: 'cancelled', calls: 2 });
    // Left stopped a while, then resumed: the cancelled call is issued again and the run completes.
    const IDLE = 1200;
    await sleep(IDLE);
    const { writer: resumed } = await store.reopenRun(writer.runId);
    await resumed.appendCall(fakeCall(1));
    await sleep(150);
    await resumed.finish({ status: 'completed', calls: 2, reissuedCalls: 1 });

    const run = await store.loadRun(writer.runId);
    expect(run.calls).toHaveLength(3);
    const listing = await store.listingOf(writer.runId);
    // One count: the listing (History), the loaded record (the Run panel's pool) and the summary agree.
    expect(callCount(run)).toBe(2);
    expect(listing.calls).toBe(2);
    const worked = workedMs(run)!;
    expect(worked).toBeGreaterThanOrEqual(300);
    expect(worked).toBeLessThan(IDLE);
    expect(listing.workedMs).toBe(worked);
    // From start to finish, the record spans the idle time too.
    expect(Date.parse(run.summary!.finishedAt) - Date.parse(run.header.createdAt)).toBeGreaterThan(IDLE);
  });

  it('guard: a run never stopped worked from its start to its summary; a record without a summary, to its last call', async () => {
    const store = await RunStore.open(workspace);
    const writer = await store.createRun(header);
    await writer.appendCall(fakeCall(0));
    await writer.finish({ status: 'completed', calls: 1 });
    const run = await store.loadRun(writer.runId);
    // (the writer starts once the header is written and synced: a few ms after createdAt)
    expect(Math.abs(workedMs(run)! - (Date.parse(run.summary!.finishedAt) - Date.parse(run.header.createdAt)))).toBeLessThanOrEqual(100);
    const createdAt = new Date(1_000_000).toISOString();
    const call = { ...fakeCall(0), timings: { startedAt: new Date(1_000_500).toISOString(), totalMs: 250 } };
    expect(workedMs({ header: { ...run.header, createdAt }, summary: null, calls: [call] })).toBe(750);
  });
});
