// The workbench's Verify with the extraction pass (settings verify.extract, as the CLI's `--extract`):
// a verifier's free-text analysis that names a defect without naming its step is turned into findings
// on steps by one more model call. Through the engine's contract, as the workbench starts a verify
// run, with the scripted backend and real run records; the resumed run keeps the pass it started with.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineApi } from '../common/contract';
import type { LoopEvent } from '../common/events';
import { RunStore } from '../store/run-store';
import type { EngineService } from './service';
import { startInProcessEngine } from './testing/in-process';

const PROOF = 'First we set $x = 0$.\n\nThen we divide both sides by $x$.\n';
// No "Findings:" block and no step named: the labelled parser has nothing to place on a step.
const FREE_TEXT = 'Summary: the argument divides by a number that was set to zero just before, so it is invalid.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{0}';
const EXTRACTED = JSON.stringify({ findings: [{ step: 'S2', severity: 'critical', message: 'division by a number set to zero', quote: null }] });

let base: string;
let ws: string;
let service: EngineService | undefined;
let engine: EngineApi;
let docId: string;
let secondStep: string;
const events: LoopEvent[] = [];

async function waitFinished(runId: string, after = 0): Promise<Extract<LoopEvent, { type: 'run-finished' }>> {
  let found: Extract<LoopEvent, { type: 'run-finished' }> | undefined;
  await vi.waitFor(() => {
    found = events.slice(after).find((e): e is Extract<LoopEvent, { type: 'run-finished' }> => e.type === 'run-finished' && e.runId === runId);
    expect(found).toBeDefined();
  }, { timeout: 30_000, interval: 20 });
  return found!;
}

/** The roles of a run's answered calls (a call cut off by Stop is recorded too, unanswered), in record order. */
async function recordedRoles(runId: string): Promise<string[]> {
  return (await (await RunStore.open(ws)).loadRun(runId)).calls.filter((c) => c.status === 'parsed' || c.status === 'unparsed').map((c) => c.role);
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'pw-verify-extract-'));
  ws = join(base, 'ws');
  mkdirSync(join(ws, 'proofs'), { recursive: true });
  writeFileSync(join(ws, 'proofs', 'divide.md'), PROOF);
  writeFileSync(join(ws, 'proofs', 'divide.problem.md'), 'Show that $1 = 2$ is not provable this way.\n');
  // Slow verifications (resume test: a run is stopped after its first sample).
  const script = { rules: [{ role: 'verify', responses: [{ text: FREE_TEXT, delayMs: 150 }] }, { role: 'extract', responses: [EXTRACTED] }] };
  writeFileSync(join(ws, 'script.json'), JSON.stringify(script));
  ({ service, engine } = await startInProcessEngine({ workspace: ws, userData: join(base, 'user') }, { loopEvent: (e) => void events.push(e) }));
  await engine.setSettings({ profile: 'labelled', concurrency: 1 });
  await expect(engine.setBackend({ spec: 'scripted:script.json' })).resolves.toMatchObject({ state: 'ready' });
  const opened = await engine.openDocument({ path: 'proofs/divide.md' });
  docId = opened.docId;
  expect(opened.doc.steps).toHaveLength(2);
  secondStep = opened.doc.steps[1].id;
});

afterAll(async () => {
  await service?.shutdown();
  rmSync(base, { recursive: true, force: true });
});

describe('Verify with the extraction pass (settings verify.extract)', () => {
  it('is off by default: the free-text defect stays a document-level finding, and no extraction call is made', async () => {
    expect((await engine.getSettings()).verify.extract).toBe(false);
    expect((await engine.estimateRun({ kind: 'verify', samples: 2 })).calls).toEqual({ proofs: 0, verifications: 2, total: 2 });
    const { runId } = await engine.startVerify({ docId, samples: 1 });
    const end = await waitFinished(runId);
    expect(end.status).toBe('completed');
    expect(end.document!.annotations.map((a) => [a.stepId, a.severity])).toEqual([[null, expect.any(String)]]);
    expect(await recordedRoles(runId)).toEqual(['verify']);
  });

  it('when on, places the defect beside its step and counts the possible extraction calls in the estimate', async () => {
    await engine.setSettings({ verify: { extract: true } });
    // One extraction call per sample at most, on top of the verifications (and meta-verifications).
    expect((await engine.estimateRun({ kind: 'verify', samples: 2 })).calls).toEqual({ proofs: 0, verifications: 4, total: 4 });
    expect((await engine.estimateRun({ kind: 'verify', samples: 2, meta: true })).calls).toEqual({ proofs: 0, verifications: 6, total: 6 });
    const { runId } = await engine.startVerify({ docId, samples: 1 });
    const end = await waitFinished(runId);
    expect(end.status).toBe('completed');
    expect(end.document!.annotations).toEqual([expect.objectContaining({ stepId: secondStep, severity: 'critical', mappedBy: 'extraction', message: 'division by a number set to zero' })]);
    expect(await recordedRoles(runId)).toEqual(['verify', 'extract']);
  });

  it('a stopped verify run resumed keeps the extraction pass it was started with, whatever the settings say now', async () => {
    await engine.setSettings({ verify: { extract: true } });
    const { runId } = await engine.startVerify({ docId, samples: 3 });
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'call-finished' && e.runId === runId).length).toBeGreaterThanOrEqual(1), { timeout: 30_000, interval: 10 });
    await engine.cancelRun({ runId });
    expect((await waitFinished(runId)).status).toBe('cancelled');
    // Turned off since: the resumed run is still the run it was, with its extraction pass.
    await engine.setSettings({ verify: { extract: false } });
    const mark = events.length;
    await expect(engine.resumeRun({ docId, runId })).resolves.toMatchObject({ runId });
    const end = await waitFinished(runId, mark);
    expect(end.status).toBe('completed');
    expect(end.verify!.samples).toHaveLength(3);
    for (const sample of end.verify!.samples) {
      expect(sample.annotations).toEqual([expect.objectContaining({ stepId: secondStep, mappedBy: 'extraction' })]);
    }
    const roles = await recordedRoles(runId);
    expect(roles.filter((r) => r === 'verify')).toHaveLength(3);
    expect(roles.filter((r) => r === 'extract')).toHaveLength(3);
  });
});
