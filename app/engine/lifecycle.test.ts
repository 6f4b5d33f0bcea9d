// The one supervisor policy (lifecycle.ts) with the Node adapter (child-adapter.ts) over real child
// processes (testing/fake-host.mjs): what clients hear when the engine is killed, crashes or stops
// by itself, that a crash loop ends with the engine down and saying so, and that a stop is not a crash.
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { EngineStatus } from '../common/contract';
import { childProcessAdapter } from './child-adapter';
import { describeExit, EngineLifecycle, RestartPolicy, type RestartLimits } from './lifecycle';

const FAKE_HOST = fileURLToPath(new URL('./testing/fake-host.mjs', import.meta.url));

/** A lifecycle over fake hosts following `plan`; the statuses it announced and the children it started. */
function supervise(plan: string, limits: RestartLimits = {}) {
  const statuses: EngineStatus[] = [];
  const pids: number[] = [];
  const envs: Record<string, string>[] = [];
  const adapter = childProcessAdapter({
    entry: FAKE_HOST,
    env: (generation, first) => {
      const env = { ...(process.env as Record<string, string>), FAKE_HOST_PLAN: plan, PROOFWRIGHT_GENERATION: String(generation), PROOFWRIGHT_AUTOLOAD_BACKEND: first ? '1' : '0' };
      envs.push(env);
      return env;
    },
    onChild: (child) => void (child.pid !== undefined && pids.push(child.pid)),
    onRpc: () => undefined,
  });
  const lifecycle = new EngineLifecycle(adapter, { ...limits, onStatus: (s) => void statuses.push(s) });
  const seen = (state: EngineStatus['state']) => statuses.filter((s) => s.state === state);
  return { lifecycle, statuses, pids, envs, seen };
}

describe('restart policy', () => {
  it('restarts the first crash at once, backs off after, and gives up past the limit', () => {
    const policy = new RestartPolicy({ maxCrashes: 5, backoffMs: 250, maxBackoffMs: 1000 });
    const decisions = [0, 1, 2, 3, 4, 5].map((i) => policy.onCrash(1000 + i));
    expect(decisions).toEqual([
      { willRestart: true, delayMs: 0 },
      { willRestart: true, delayMs: 250 },
      { willRestart: true, delayMs: 500 },
      { willRestart: true, delayMs: 1000 },
      { willRestart: true, delayMs: 1000 },
      { willRestart: false, delayMs: 0 },
    ]);
    // Crashes older than the window are forgiven.
    expect(policy.onCrash(1000 + 60_000 + 10)).toEqual({ willRestart: true, delayMs: 0 });
    expect(new RestartPolicy({ restart: false }).onCrash(0)).toEqual({ willRestart: false, delayMs: 0 });
  });

  it('names why the engine went away: stopped, crashed or was killed', () => {
    expect(describeExit({ code: null, signal: 'SIGKILL' })).toMatchObject({ kind: 'killed', reason: expect.stringMatching(/^the engine was killed \(SIGKILL\)/) });
    expect(describeExit({ code: 9, signal: null, gone: 'oom' })).toEqual({ kind: 'killed', reason: 'the engine was killed: it ran out of memory' });
    expect(describeExit({ code: 139, signal: null })).toMatchObject({ kind: 'crashed' });
    expect(describeExit({ code: 5, signal: null, gone: 'crashed' })).toEqual({ kind: 'crashed', reason: 'the engine crashed (exit code 5)' });
    expect(describeExit({ code: 1, signal: null })).toEqual({ kind: 'stopped', reason: 'the engine stopped unexpectedly (exit code 1)' });
  });
});

describe('engine lifecycle over real child processes', () => {
  it('a killed engine: clients hear it was killed, a new one starts without autoloading the model', async () => {
    const { lifecycle, pids, envs, seen } = supervise('ready');
    await lifecycle.start();
    expect(seen('ready')).toHaveLength(1);
    process.kill(pids[0], 'SIGKILL');
    await vi.waitFor(() => expect(seen('restarted')).toHaveLength(1), { timeout: 20_000 });
    expect(seen('stopped')[0]).toMatchObject({ signal: 'SIGKILL', willRestart: true, reason: expect.stringMatching(/was killed \(SIGKILL\)/) });
    expect(seen('restarted')[0]).toMatchObject({ generation: 1 });
    expect(envs.map((e) => e.PROOFWRIGHT_AUTOLOAD_BACKEND)).toEqual(['1', '0']);
    expect(pids[1]).not.toBe(pids[0]);
    await lifecycle.stop();
    expect(seen('stopped').at(-1)).toMatchObject({ reason: 'the engine was shut down', willRestart: false });
    expect(pids).toHaveLength(2);
  }, 30_000);

  it('an engine that dies of a signal crashed; one that exits by itself stopped', async () => {
    const { lifecycle, seen } = supervise('segv,crash-after-ready,ready', { backoffMs: 10 });
    await lifecycle.start();
    await vi.waitFor(() => expect(seen('restarted')).toHaveLength(2), { timeout: 20_000 });
    expect(seen('stopped').map((s) => s.state === 'stopped' && s.reason)).toEqual([
      'the engine crashed (SIGSEGV)',
      'the engine stopped unexpectedly (exit code 3)',
    ]);
    await lifecycle.stop();
  }, 30_000);

  it('a crash loop: restarts up to the limit, then stays down and says it will not restart', async () => {
    const { lifecycle, pids, seen } = supervise('crash-after-ready', { maxCrashes: 3, backoffMs: 10 });
    await lifecycle.start();
    await vi.waitFor(() => expect(seen('stopped').some((s) => s.state === 'stopped' && !s.willRestart)).toBe(true), { timeout: 20_000 });
    expect(seen('stopped').map((s) => s.state === 'stopped' && s.willRestart)).toEqual([true, true, true, false]);
    expect(pids).toHaveLength(4);
    expect(lifecycle.running).toBe(false);
    await lifecycle.stop();
    expect(pids).toHaveLength(4);
  }, 30_000);

  it('an engine that cannot start: start() rejects with its reason, no restart', async () => {
    const { lifecycle, pids, seen } = supervise('fatal');
    await expect(lifecycle.start()).rejects.toThrow('no workspace here');
    await vi.waitFor(() => expect(seen('stopped')).toHaveLength(1), { timeout: 10_000 });
    expect(seen('stopped')[0]).toMatchObject({ willRestart: false, reason: 'the engine did not start: the engine stopped unexpectedly (exit code 2)' });
    expect(pids).toHaveLength(1);
  }, 20_000);

  it('a host that ignores the shutdown request is killed after the grace period, and not restarted', async () => {
    const { lifecycle, pids, seen } = supervise('deaf');
    await lifecycle.start();
    await lifecycle.stop(200);
    expect(lifecycle.running).toBe(false);
    expect(seen('stopped')).toEqual([expect.objectContaining({ reason: 'the engine was shut down', signal: 'SIGKILL', willRestart: false })]);
    expect(() => process.kill(pids[0], 0)).toThrow();
  }, 20_000);
});
