// The engine in its own process, killed mid-run: the client hears why, a new engine starts, the
// document on disk is untouched, and the run record keeps every call that finished before the kill.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEngineClient, type EngineClient, type EngineStatus } from '../common/contract';
import type { LoopEvent } from '../common/events';
import { RunStore } from '../store';
import { EngineSupervisor } from './supervisor';

const PROOF = '# Claim\n\nFor every $n$, $n^2 \\ge 0$.\n\nProof. Squares are non-negative.\n';

let base: string;
let workspace: string;
let supervisor: EngineSupervisor;
let client: EngineClient;
const statuses: EngineStatus[] = [];
const events: LoopEvent[] = [];

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'pw-supervisor-'));
  workspace = join(base, 'ws');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(workspace);
  writeFileSync(join(workspace, 'square.md'), PROOF);
  // Each verification takes 400 ms: with 2 at a time, some finish before the kill, some do not.
  writeFileSync(
    join(workspace, 'slow.json'),
    JSON.stringify({ model: 'slow', parallel: 2, rules: [{ role: 'verify', responses: [{ text: 'Fine.\n\\boxed{1}', delayMs: 400 }] }] }),
  );
  supervisor = new EngineSupervisor({ workspace, userData: join(base, 'user'), backend: 'scripted:slow.json' });
  await supervisor.start();
  const conn = supervisor.connect();
  client = createEngineClient(conn.channel, {
    engineStatus: (s) => void statuses.push(s),
    loopEvent: (e) => void events.push(e),
  });
}, 60_000);

afterAll(async () => {
  client?.close();
  await supervisor?.stop();
  rmSync(base, { recursive: true, force: true });
});

describe('engine supervisor', () => {
  it('serves the contract from a child process', async () => {
    const info = await client.engine.engineInfo();
    expect(info.pid).toBe(supervisor.pid);
    expect(info.pid).not.toBe(process.pid);
    expect(info.workspaceName).toBe('ws');
    await expect(client.engine.backendStatus()).resolves.toMatchObject({ state: 'ready', kind: 'scripted' });
  });

  it('refuses paths outside the workspace over RPC', async () => {
    await expect(client.engine.openDocument({ path: '../outside.md' })).rejects.toMatchObject({ code: 'forbidden-path' });
    await expect(client.engine.openDocument({ path: '/etc/passwd' })).rejects.toMatchObject({ code: 'forbidden-path' });
  });

  it('survives SIGKILL mid-run: stopped event, new engine, document and finished calls intact', async () => {
    const opened = await client.engine.openDocument({ path: 'square.md' });
    expect(opened.doc.steps.length).toBeGreaterThan(0);
    // Unsaved edit: the file on disk must stay exactly as it was.
    await client.engine.editDocument({ docId: opened.docId, edits: [{ start: 0, end: 0, text: 'UNSAVED ' }] });
    const firstPid = supervisor.pid!;
    const { runId } = await client.engine.startVerify({ docId: opened.docId, samples: 12 });

    // Wait until at least two calls finished (so the record has something to keep), then kill.
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'call-finished' && e.runId === runId).length).toBeGreaterThanOrEqual(2), {
      timeout: 20_000,
    });
    // A call in flight at the kill: it either got its answer first or a clear "engine stopped" error.
    const pendingOutcome = client.engine.cancelRun({ runId: 'not-yet-answered' }).then(
      (r) => r,
      (e: unknown) => e,
    );
    process.kill(firstPid, 'SIGKILL');

    await vi.waitFor(() => expect(statuses.some((s) => s.state === 'stopped')).toBe(true), { timeout: 10_000 });
    const stopped = statuses.find((s) => s.state === 'stopped')!;
    expect(stopped).toMatchObject({ signal: 'SIGKILL', willRestart: true, interruptedRuns: [runId] });
    expect(stopped.state === 'stopped' && stopped.reason).toMatch(/killed \(SIGKILL\)/);
    const outcome = await pendingOutcome;
    if (outcome instanceof Error) expect(outcome).toMatchObject({ code: 'engine-stopped', message: expect.stringMatching(/SIGKILL/) });
    else expect(outcome).toEqual({ cancelled: false });

    await vi.waitFor(() => expect(statuses.some((s) => s.state === 'restarted')).toBe(true), { timeout: 30_000 });
    const info = await client.engine.engineInfo();
    expect(info.pid).not.toBe(firstPid);
    expect(info.generation).toBe(1);

    // The document on disk is untouched.
    expect(readFileSync(join(workspace, 'square.md'), 'utf8')).toBe(PROOF);

    // The run record holds every call that finished before the kill, and is marked interrupted.
    const finishedBeforeKill = events.filter((e) => e.type === 'call-finished' && e.runId === runId).map((e) => (e as { callId: string }).callId);
    const run = await (await RunStore.open(workspace)).loadRun(runId);
    expect(run.status).toBe('interrupted');
    expect(run.calls.map((c) => c.callId)).toEqual(expect.arrayContaining(finishedBeforeKill));
    expect(run.calls.length).toBeLessThan(12);
    const listed = await client.engine.listRuns({ path: 'square.md' });
    expect(listed.find((r) => r.runId === runId)).toMatchObject({ status: 'interrupted', calls: run.calls.length });

    // The model is not reloaded by itself after a crash; the client asks for it.
    await expect(client.engine.backendStatus()).resolves.toMatchObject({ state: 'none', spec: 'scripted:slow.json' });
    await expect(client.engine.reloadBackend()).resolves.toMatchObject({ state: 'ready' });
  }, 90_000);

  it('answers a call made while the new engine is still starting', async () => {
    const before = statuses.length;
    const oldPid = supervisor.pid!;
    process.kill(oldPid, 'SIGKILL');
    await vi.waitFor(() => expect(statuses.slice(before).some((s) => s.state === 'stopped')).toBe(true), { timeout: 10_000 });
    // The replacement is spawned but not ready: the call is either held until it is, or refused clearly.
    const outcome: { pid: number } | Error = await client.engine.engineInfo().then(
      (info) => info,
      (error: Error) => error,
    );
    if (outcome instanceof Error) expect(outcome).toMatchObject({ code: 'engine-stopped' });
    else expect(outcome.pid).not.toBe(oldPid);
    await vi.waitFor(() => expect(statuses.slice(before).some((s) => s.state === 'restarted')).toBe(true), { timeout: 30_000 });
  }, 60_000);

  it('keeps the typed text in a recovery copy across the kill', async () => {
    const opened = await client.engine.openDocument({ path: 'square.md' });
    await client.engine.editDocument({ docId: opened.docId, edits: [{ start: 0, end: 0, text: 'DRAFT ' }] });
    await client.engine.saveRecovery({ docId: opened.docId });
    process.kill(supervisor.pid!, 'SIGKILL');
    const before = statuses.length;
    await vi.waitFor(() => expect(statuses.slice(before).some((s) => s.state === 'restarted')).toBe(true), { timeout: 30_000 });
    const recoveries = await client.engine.listRecoveries();
    const mine = recoveries.find((r) => r.path === 'square.md');
    expect(mine).toBeDefined();
    const restored = await client.engine.restoreRecovery({ recoveryId: mine!.recoveryId });
    expect(restored.text).toBe(`DRAFT ${PROOF}`);
    expect(restored.dirty).toBe(true);
    expect(readFileSync(join(workspace, 'square.md'), 'utf8')).toBe(PROOF);
    expect(await readdir(workspace)).toContain('square.md');
  }, 60_000);
});

describe('graceful stop', () => {
  it('cancels a run in flight and leaves a finished record with the calls that completed', async () => {
    const sup = new EngineSupervisor({ workspace, userData: join(base, 'user2'), backend: 'scripted:slow.json' });
    await sup.start();
    const seen: LoopEvent[] = [];
    const c = createEngineClient(sup.connect().channel, { loopEvent: (e) => void seen.push(e) });
    const doc = await c.engine.openDocument({ path: 'square.md' });
    const { runId } = await c.engine.startVerify({ docId: doc.docId, samples: 20 });
    await vi.waitFor(() => expect(seen.some((e) => e.type === 'call-finished' && e.runId === runId)).toBe(true), { timeout: 20_000 });
    await sup.stop();
    c.close();
    const run = await (await RunStore.open(workspace)).loadRun(runId);
    expect(run.status).toBe('cancelled');
    expect(run.summary).not.toBeNull();
    expect(run.calls.length).toBeGreaterThanOrEqual(1);
    expect(run.calls.length).toBeLessThan(20);
  }, 60_000);
});
