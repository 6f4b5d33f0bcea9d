// The llama-server runtime's own behaviour on the tiny GGUF: concurrent samples of one prompt go as
// one n_cmpl request and give what separate seeded calls give, one of them can be cancelled alone, a
// crashed server fails its calls clearly and comes back for the next call, and no server process
// outlives its backend or the process that started it. Skipped, saying so, without a binary.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTinyModel } from '../../../scripts/make-tiny-gguf';
import { BackendError, type GenerateRequest } from '../backend';
import { createLocalBackend, findLlamaServerBinary, type LocalModelBackend } from './index';
import type { ServerBackendStats } from './server-backend';

const modelPath = ensureTinyModel({ size: 'test', seed: 1 });
const binary = findLlamaServerBinary();
if (!binary) console.warn('[llama-server runtime] SKIPPED coalescing, crash/restart and orphan tests: no binary (npx tsx scripts/build-llama-server.ts builds one)');

type ServerLocal = Omit<LocalModelBackend, 'stats'> & { readonly serverPid: number | undefined; readonly serverUrl: string | undefined; stats(): ServerBackendStats };

/** Which of the server's slots are working on a request now (GET /slots). */
async function busySlots(url: string): Promise<number> {
  const slots = (await (await fetch(`${url}/slots`)).json()) as { is_processing: boolean }[];
  return slots.filter((slot) => slot.is_processing).length;
}

const request = (extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: 'Problem: show that 2 + 2 = 4.\nProof: count.' }],
  role: 'verify',
  maxTokens: 16,
  temperature: 0.9,
  topP: 1,
  ...extra,
});

/** True while the process exists and is not a zombie waiting to be reaped. */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 200 && running(pid); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  return !running(pid);
}

describe.skipIf(!binary)('llama-server runtime', () => {
  let backend: ServerLocal;
  beforeAll(async () => {
    backend = (await createLocalBackend(modelPath, { runtime: 'server', parallel: 4, threads: 1, contextSize: 512 })) as ServerLocal;
  });
  afterAll(async () => {
    await backend?.dispose();
  });

  it('serves k same-prompt calls with consecutive seeds with one request, as k separate seeded calls would', { retry: 2 }, async () => {
    const before = backend.stats();
    const together = await Promise.all([0, 1, 2, 3].map((i) => backend.generate(request({ seed: 7 + i, sharedPrefixKey: 'p' }))));
    const after = backend.stats();
    expect(after.requests - before.requests).toBe(1);
    expect(after.prefixLoads - before.prefixLoads).toBe(3);
    const apart = [];
    for (let i = 0; i < 4; i++) apart.push(await backend.generate(request({ seed: 7 + i })));
    expect(together.map((r) => r.text)).toEqual(apart.map((r) => r.text));
    expect(new Set(together.map((r) => r.text)).size).toBeGreaterThan(1);
    for (const result of together) expect(result).toMatchObject({ finishReason: 'length', completionTokens: 16, promptTokens: apart[0].promptTokens });
  });

  it('sends seeds out of run, and calls without a shared key, as requests of their own', async () => {
    const before = backend.stats().requests;
    await Promise.all([
      backend.generate(request({ seed: 1, sharedPrefixKey: 'q' })),
      backend.generate(request({ seed: 2, sharedPrefixKey: 'q' })),
      backend.generate(request({ seed: 5, sharedPrefixKey: 'q' })),
      backend.generate(request({ seed: 6 })),
    ]);
    expect(backend.stats().requests - before).toBe(3);
  });

  it('cancels one of k coalesced calls while the others finish', async () => {
    const controller = new AbortController();
    let streamed = '';
    let chunks = 0;
    const before = backend.stats().requests;
    const results = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        backend.generate(
          request({
            seed: 40 + i,
            maxTokens: 64,
            sharedPrefixKey: 'abort-one',
            ...(i === 2
              ? {
                  signal: controller.signal,
                  onToken: (chunk) => {
                    streamed += chunk.text;
                    if (++chunks === 3) controller.abort();
                  },
                }
              : {}),
          }),
        ),
      ),
    );
    expect(backend.stats().requests - before).toBe(1);
    expect(results[2].finishReason).toBe('abort');
    expect(results[2].text).toBe(streamed);
    expect(chunks).toBe(3); // nothing more was delivered after the abort
    for (const i of [0, 1, 3]) expect(results[i]).toMatchObject({ finishReason: 'length', completionTokens: 64 });
  });

  it('frees the server at once when every call of a coalesced request is cancelled, and only then', async () => {
    // Answers the tiny model takes half a minute to finish (it never stops early at this temperature),
    // so a slot free within seconds is one the cancel freed.
    const roomy = (await createLocalBackend(modelPath, { runtime: 'server', parallel: 4, threads: 1, contextSize: 4096 })) as ServerLocal;
    try {
      const long = (seed: number, signal: AbortSignal, onToken?: () => void) =>
        roomy.generate(request({ seed, maxTokens: 3000, sharedPrefixKey: 'abort-all', signal, onToken }));
      const url = roomy.serverUrl!;
      expect(await busySlots(url)).toBe(0);
      const controllers = [0, 1, 2, 3].map(() => new AbortController());
      let tokens = 0;
      // The first three are cancelled at the first token, the last once those three have their results.
      const firstThree = Promise.all(
        [0, 1, 2].map((i) =>
          long(60 + i, controllers[i].signal, () => {
            if (++tokens === 1) for (const c of controllers.slice(0, 3)) c.abort();
          }),
        ),
      );
      const last = long(63, controllers[3].signal);
      const cancelled = await firstThree;
      expect(cancelled.map((r) => r.finishReason)).toEqual(['abort', 'abort', 'abort']);
      // llama-server cannot stop one choice of an n request: all four still decode for the last call.
      expect(await busySlots(url)).toBe(4);
      controllers[3].abort();
      expect((await last).finishReason).toBe('abort');
      // The connection closed at once: the server stops the request and frees every slot.
      await expect.poll(() => busySlots(url), { timeout: 3_000 }).toBe(0);
      expect(roomy.stats().requests).toBe(1);
    } finally {
      await roomy.dispose();
    }
  });

  it('holds a call until a slot is free instead of letting the server queue it in silence (which the idle limit would fail)', async () => {
    // One slot, and an idle limit shorter than one answer takes: a request the server queued behind the
    // other would get no byte until that answer ended.
    const single = (await createLocalBackend(modelPath, { runtime: 'server', parallel: 1, threads: 1, contextSize: 2048, streamIdleSeconds: 1 })) as ServerLocal;
    try {
      const results = await Promise.all([1, 2].map((seed) => single.generate(request({ seed, maxTokens: 1500 }))));
      for (const result of results) expect(result).toMatchObject({ finishReason: 'length', completionTokens: 1500 });
      expect(single.stats().requests).toBe(2);
    } finally {
      await single.dispose();
    }
  });

  it('fails the calls of a server that dies with a clear error, and starts it again for the next call', async () => {
    const crashing = (await createLocalBackend(modelPath, { runtime: 'server', parallel: 2, threads: 1, contextSize: 512 })) as ServerLocal;
    try {
      const first = crashing.serverPid!;
      let killed = false;
      const error = await crashing
        .generate(
          request({
            maxTokens: 400,
            onToken: () => {
              if (!killed) process.kill(first, 'SIGKILL');
              killed = true;
            },
          }),
        )
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackendError);
      expect((error as BackendError).message).toMatch(/llama-server stopped mid-call \(killed by SIGKILL\).*the next call starts it again/);
      const next = await crashing.generate(request());
      expect(next).toMatchObject({ finishReason: 'length', completionTokens: 16 });
      expect(crashing.serverPid).not.toBe(first);
      expect(await gone(first)).toBe(true);
    } finally {
      await crashing.dispose();
    }
  });

  it('fails the call of a hung server (alive, silent) after the idle limit, saying so, and starts a fresh one for the next call', async () => {
    const hanging = (await createLocalBackend(modelPath, { runtime: 'server', parallel: 1, threads: 1, contextSize: 512, streamIdleSeconds: 1 })) as ServerLocal;
    const first = hanging.serverPid!;
    try {
      let stopped = false;
      const error = await hanging
        .generate(
          request({
            maxTokens: 400,
            onToken: () => {
              // SIGSTOP: the process lives on, holding its connections, and sends nothing more.
              if (!stopped) process.kill(first, 'SIGSTOP');
              stopped = true;
            },
          }),
        )
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackendError);
      expect(error).toMatchObject({ code: 'timeout' });
      expect((error as Error).message).toMatch(
        /^llama-server at http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions sent nothing for 1 s mid-response \(it pings every 30 s while it works\): it is hung: stopped it; the next call starts it again$/,
      );
      expect(await gone(first)).toBe(true);
      const next = await hanging.generate(request());
      expect(next).toMatchObject({ finishReason: 'length', completionTokens: 16 });
      expect(hanging.serverPid).not.toBe(first);
    } finally {
      if (running(first)) process.kill(first, 'SIGCONT');
      await hanging.dispose();
    }
  });

  it('refuses an idle limit that is not a positive number of seconds, naming where it came from', async () => {
    await expect(createLocalBackend(modelPath, { runtime: 'server', parallel: 1, threads: 1, streamIdleSeconds: 0 })).rejects.toThrow(
      'local backend: the idle limit (streamIdleSeconds or $PROOFWRIGHT_LLAMA_SERVER_IDLE_S) must be a positive number of seconds, got 0',
    );
    const saved = process.env.PROOFWRIGHT_LLAMA_SERVER_IDLE_S;
    process.env.PROOFWRIGHT_LLAMA_SERVER_IDLE_S = '2min';
    try {
      await expect(createLocalBackend(modelPath, { parallel: 1, threads: 1 })).rejects.toThrow('got "2min"');
    } finally {
      if (saved === undefined) delete process.env.PROOFWRIGHT_LLAMA_SERVER_IDLE_S;
      else process.env.PROOFWRIGHT_LLAMA_SERVER_IDLE_S = saved;
    }
  });

  it('leaves no server process after dispose', async () => {
    const short = (await createLocalBackend(modelPath, { runtime: 'server', parallel: 1, threads: 1, contextSize: 256 })) as ServerLocal;
    const pid = short.serverPid!;
    expect(running(pid)).toBe(true);
    await short.dispose();
    expect(await gone(pid)).toBe(true);
  });

  it('leaves no server process when the process that started it is killed', async () => {
    const script = fileURLToPath(new URL('./server-orphan.fixture.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, modelPath], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /server pid (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`fixture exited (${code}) before starting a server: ${out}`)));
    });
    expect(running(pid)).toBe(true);
    child.kill('SIGKILL');
    expect(await gone(pid)).toBe(true);
  });
});

describe('a llama-server that cannot start', () => {
  it('costs the user nothing: the model runs in process and says why, unless the server was asked for', async () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'pw-broken-server-'));
    const broken = join(dir, 'llama-server');
    // What a binary built against a newer libstdc++ does on an older system: print the loader's error, exit 127.
    writeFileSync(broken, "#!/bin/sh\necho \"llama-server: /lib/x86_64-linux-gnu/libstdc++.so.6: version 'GLIBCXX_3.4.30' not found\" >&2\nexit 127\n");
    chmodSync(broken, 0o755);
    const saved = process.env.PROOFWRIGHT_LLAMA_SERVER;
    process.env.PROOFWRIGHT_LLAMA_SERVER = broken;
    try {
      const fallback = await createLocalBackend(modelPath, { parallel: 1, threads: 1, contextSize: 512 });
      try {
        expect(fallback.info().runtime).toMatchObject({ name: 'node-llama-cpp', why: expect.stringMatching(/^llama-server failed to start \(.*GLIBCXX_3\.4\.30.*\): running in process$/) });
        const result = await fallback.generate(request({ maxTokens: 4, temperature: 0 }));
        expect(result.completionTokens).toBe(4);
      } finally {
        await fallback.dispose();
      }
      await expect(createLocalBackend(modelPath, { runtime: 'server', parallel: 1, threads: 1, contextSize: 512 })).rejects.toBeInstanceOf(BackendError);
    } finally {
      if (saved === undefined) delete process.env.PROOFWRIGHT_LLAMA_SERVER;
      else process.env.PROOFWRIGHT_LLAMA_SERVER = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
