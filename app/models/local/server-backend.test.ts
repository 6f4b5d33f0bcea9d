// The out-of-process runtimes' own behaviour on the tiny GGUF, for llama.cpp's llama-server and our
// proofwright-runtime alike: concurrent samples of one prompt go as one n request and give what separate
// seeded calls give, one of them can be cancelled alone, a crashed process fails its calls clearly and
// comes back for the next call, and no process outlives its backend or the process that started it.
// What only one of them has (the server's slots API and idle limit; the runtime's freeing of one
// cancelled sequence and its stdin protocol) is tested for that one. Each is skipped, saying so,
// without its binary.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTinyModel } from '../../../scripts/make-tiny-gguf';
import { BackendError, type GenerateRequest } from '../backend';
import { createLocalBackend, findLlamaRuntimeBinary, findLlamaServerBinary, type LocalBackendOptions, type LocalModelBackend } from './index';
import type { RuntimeProcess } from './runtime-process';
import type { ServerBackendStats } from './server-backend';

const modelPath = ensureTinyModel({ size: 'test', seed: 1 });
const binary = findLlamaServerBinary();
if (!binary) console.warn('[llama-server runtime] SKIPPED coalescing, crash/restart and orphan tests: no binary (npx tsx scripts/build-llama-server.ts builds one)');
const runtimeBinary = findLlamaRuntimeBinary();
if (!runtimeBinary) console.warn('[native runtime] SKIPPED coalescing, cancel, crash/restart, orphan and protocol tests: no proofwright-runtime (npx tsx scripts/build-llama-runtime.ts builds one)');

type ServerLocal = Omit<LocalModelBackend, 'stats'> & { readonly serverPid: number | undefined; readonly serverUrl: string | undefined; stats(): ServerBackendStats };
type NativeLocal = Omit<LocalModelBackend, 'stats'> & {
  readonly runtimePid: number | undefined;
  readonly process: RuntimeProcess | undefined;
  stats(): ServerBackendStats;
  status(): Promise<{ busy: number; waiting: number }>;
};
type OutOfProcess = Omit<LocalModelBackend, 'stats'> & { stats(): ServerBackendStats };

/** What differs between the two out-of-process runtimes, for the tests they share. */
interface RuntimeUnderTest {
  name: 'server' | 'native';
  available: boolean;
  pid(backend: OutOfProcess): number;
  /** The message of a call whose process was killed by SIGKILL mid-answer. */
  died: RegExp;
  /** The message of a call whose process went silent (SIGSTOP) for the 2 s idle limit. */
  hung: RegExp;
}
const OUT_OF_PROCESS: RuntimeUnderTest[] = [
  { name: 'server', available: !!binary, pid: (b) => (b as ServerLocal).serverPid!, died: /llama-server stopped mid-call \(killed by SIGKILL\).*the next call starts it again/,
    hung: /^llama-server at http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions sent nothing for 2 s mid-response \(it pings every 30 s while it works\): it is hung: stopped it; the next call starts it again$/,
  },
  { name: 'native', available: !!runtimeBinary, pid: (b) => (b as NativeLocal).runtimePid!, died: /proofwright-runtime stopped mid-call \(killed by SIGKILL.*\); the next call starts it again/,
    hung: /^proofwright-runtime \(pid \d+\) sent nothing for 2 s while working on a request \(no token and no prompt progress, which it reports after every chunk of up to \d+ prompt tokens\): it is hung \(stopped or deadlocked\); stopped it, the next call starts it again$/,
  },
];

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

for (const rt of OUT_OF_PROCESS) {
  const load = (options: LocalBackendOptions) => createLocalBackend(modelPath, { ...options, runtime: rt.name }) as Promise<OutOfProcess>;
  describe.skipIf(!rt.available)(`${rt.name} runtime (out of process)`, () => {
    let backend: OutOfProcess;
    beforeAll(async () => {
      backend = await load({ parallel: 4, threads: 1, contextSize: 512 });
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

    it('fails the calls of a process that dies with a clear error, and starts it again for the next call', async () => {
      const crashing = await load({ parallel: 2, threads: 1, contextSize: 512 });
      try {
        const first = rt.pid(crashing);
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
        expect((error as BackendError).message).toMatch(rt.died);
        const next = await crashing.generate(request());
        expect(next).toMatchObject({ finishReason: 'length', completionTokens: 16 });
        expect(rt.pid(crashing)).not.toBe(first);
        expect(await gone(first)).toBe(true);
      } finally {
        await crashing.dispose();
      }
    });

    it('fails the call of a hung process (alive, silent) after the idle limit, saying so, and starts a fresh one for the next call', async () => {
      const hanging = await load({ parallel: 1, threads: 1, contextSize: 512, streamIdleSeconds: 2 });
      const first = rt.pid(hanging);
      let stoppedAt = 0;
      try {
        const error = await hanging
          .generate(
            request({
              maxTokens: 400,
              onToken: () => {
                // SIGSTOP: the process lives on, holding its pipes or connections, and sends nothing more.
                if (!stoppedAt) process.kill(first, 'SIGSTOP');
                stoppedAt ||= performance.now();
              },
            }),
          )
          .catch((e: unknown) => e);
        const waited = performance.now() - stoppedAt;
        expect(error).toBeInstanceOf(BackendError);
        expect(error).toMatchObject({ code: 'timeout' });
        expect((error as Error).message).toMatch(rt.hung);
        // The limit, plus the tokens already on their way, and no more: not a wait for ever.
        expect(waited).toBeGreaterThan(1_500);
        expect(waited).toBeLessThan(6_000);
        expect(await gone(first)).toBe(true);
        const next = await hanging.generate(request());
        expect(next).toMatchObject({ finishReason: 'length', completionTokens: 16 });
        expect(rt.pid(hanging)).not.toBe(first);
      } finally {
        if (running(first)) process.kill(first, 'SIGCONT');
        await hanging.dispose();
      }
    });

    it('leaves no process after dispose', async () => {
      const short = await load({ parallel: 1, threads: 1, contextSize: 256 });
      const pid = rt.pid(short);
      expect(running(pid)).toBe(true);
      await short.dispose();
      expect(await gone(pid)).toBe(true);
    });

    it('leaves no process when the process that started it is killed', async () => {
      const script = fileURLToPath(new URL('./server-orphan.fixture.ts', import.meta.url));
      const child = spawn(process.execPath, ['--import', 'tsx', script, modelPath, rt.name], { stdio: ['ignore', 'pipe', 'inherit'] });
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
}

describe.skipIf(!runtimeBinary)('native runtime only', () => {
  let backend: NativeLocal;
  beforeAll(async () => {
    backend = (await createLocalBackend(modelPath, { runtime: 'native', parallel: 4, threads: 1, contextSize: 4096 })) as unknown as NativeLocal;
  });
  afterAll(async () => {
    await backend?.dispose();
  });

  it("frees a cancelled call's sequence at once while the others of its request decode on", async () => {
    // Answers the tiny model takes many seconds to finish (it never stops early at this temperature).
    const controllers = [0, 1, 2, 3].map(() => new AbortController());
    let first = true;
    const calls = [0, 1, 2, 3].map((i) =>
      backend.generate(
        request({
          seed: 60 + i,
          maxTokens: 3000,
          sharedPrefixKey: 'abort-each',
          signal: controllers[i].signal,
          onToken: () => {
            if (i === 0 && first) {
              first = false;
              controllers[0].abort();
            }
          },
        }),
      ),
    );
    expect((await calls[0]).finishReason).toBe('abort');
    // llama-server keeps all four slots busy here; the runtime frees the one cancelled sequence.
    expect((await backend.status()).busy).toBe(3);
    for (const c of controllers.slice(1)) c.abort();
    const rest = await Promise.all(calls.slice(1));
    expect(rest.map((r) => r.finishReason)).toEqual(['abort', 'abort', 'abort']);
    for (const r of rest) expect(r.completionTokens).toBeLessThan(3000);
    await expect.poll(async () => (await backend.status()).busy, { timeout: 3_000 }).toBe(0);
  });

  it('does not count a long prompt prefill as silence: progress events keep a call alive past a short idle limit', async () => {
    // ~6,900 prompt tokens (the tiny model's vocabulary is near bytes) in chunks of 256: the whole prefill
    // takes seconds, each chunk well under the 0.5 s limit. Without the runtime's progress events the
    // call would fail as 'timeout' before its first token.
    const slow = (await createLocalBackend(modelPath, { runtime: 'native', parallel: 1, threads: 1, contextSize: 8192, batchSize: 256, streamIdleSeconds: 0.5 })) as unknown as NativeLocal;
    try {
      const progress: { prefilled: number; total: number }[] = [];
      const runtime = slow.process!;
      const original = runtime.onEvent;
      runtime.onEvent = (event) => {
        if (event.type === 'progress') progress.push({ prefilled: event.prefilled, total: event.total });
        original(event);
      };
      const long = Array.from({ length: 1000 }, (_, i) => `word${i}`).join(' ');
      const result = await slow.generate(request({ messages: [{ role: 'user', content: long }], maxTokens: 4 }));
      expect(result).toMatchObject({ finishReason: 'length', completionTokens: 4 });
      expect(result.promptTokens).toBeGreaterThan(6000);
      // The prefill was longer than the limit: only the progress events kept the call alive.
      expect(result.timings.firstTokenMs).toBeGreaterThan(500);
      // One event per 256-token chunk but the last (which is followed by the first token), in order.
      expect(progress.length).toBe(Math.ceil(result.promptTokens / 256) - 1);
      expect(progress.map((p) => p.prefilled)).toEqual(progress.map((_, i) => 256 * (i + 1)));
      for (const p of progress) expect(p.total).toBe(result.promptTokens);
      expect(slow.runtimePid).toBe(runtime.pid);
    } finally {
      await slow.dispose();
    }
  });

  it('does not fail a call queued behind others (all sequences busy) under a short idle limit', async () => {
    // One sequence, and a limit shorter than one answer takes: the second request waits in the runtime,
    // hearing nothing of its own, while the first one's tokens show the runtime is working.
    const single = (await createLocalBackend(modelPath, { runtime: 'native', parallel: 1, threads: 1, contextSize: 2048, streamIdleSeconds: 0.5 })) as unknown as NativeLocal;
    try {
      const started = performance.now();
      const results = await Promise.all([1, 2].map((seed) => single.generate(request({ seed, maxTokens: 1500 }))));
      for (const result of results) expect(result).toMatchObject({ finishReason: 'length', completionTokens: 1500 });
      // The second waited longer than the limit for its first token.
      expect(Math.max(...results.map((r) => r.timings.firstTokenMs ?? 0))).toBeGreaterThan(500);
      expect(single.stats().requests).toBe(2);
      expect(performance.now() - started).toBeGreaterThan(500);
    } finally {
      await single.dispose();
    }
  });

  it('answers hostile input on stdin with error events and keeps serving', async () => {
    const runtime = backend.process!;
    const errors: string[] = [];
    const original = runtime.onEvent;
    runtime.onEvent = (event) => {
      if (event.type === 'error' && event.id === null) errors.push(event.message);
      original(event);
    };
    try {
      runtime.sendRaw('this is not json\n');
      runtime.sendRaw(`${JSON.stringify({ type: 'launch-missiles', id: 'x' })}\n`);
      runtime.sendRaw('[1, 2, 3]\n');
      // A line longer than the runtime's 16 MiB limit, then a valid request right behind it.
      runtime.sendRaw(`${'{"type":"template","messages":"'.padEnd(17 << 20, 'x')}"}\n`);
      await expect.poll(() => errors.length, { timeout: 20_000 }).toBe(3);
      expect(errors).toEqual([
        expect.stringMatching(/^request is not a JSON object: this is not json/),
        expect.stringMatching(/^request is not a JSON object: \[1, 2, 3\]/),
        'request line longer than 16 MiB: ignored',
      ]);
      const result = await backend.generate(request({ seed: 3 }));
      expect(result).toMatchObject({ finishReason: 'length', completionTokens: 16 });
      expect(runtime.alive).toBe(true);
    } finally {
      runtime.onEvent = original;
    }
  });

  it('refuses a bad request (unknown type, bad grammar) with an error naming it, and survives', async () => {
    const runtime = backend.process!;
    const events: unknown[] = [];
    const original = runtime.onEvent;
    runtime.onEvent = (event) => {
      if (event.type === 'error' && (event.id === 'u1' || event.id === 'g1')) events.push(event);
      original(event);
    };
    try {
      runtime.sendRaw(`${JSON.stringify({ type: 'launch-missiles', id: 'u1' })}\n`);
      runtime.sendRaw(`${JSON.stringify({ type: 'generate', id: 'g1', messages: [{ role: 'user', content: 'x' }], n: 1, max_tokens: 4, grammar: 'root ::= (((' })}\n`);
      await expect.poll(() => events.length, { timeout: 10_000 }).toBe(2);
      expect(events).toEqual([
        { type: 'error', id: 'u1', code: 'bad-spec', message: 'unknown request type "launch-missiles" (template, generate, cancel, status)' },
        { type: 'error', id: 'g1', code: 'bad-spec', message: 'bad generate request: failed to parse grammar' },
      ]);
      expect((await backend.generate(request({ seed: 4 }))).completionTokens).toBe(16);
    } finally {
      runtime.onEvent = original;
    }
  });
  it('never splits a multi-byte character across token events', async () => {
    // The tiny model's vocabulary falls back to single bytes: a grammar that forces non-ASCII text makes
    // it write characters one byte token at a time. Each event must still carry whole characters (a
    // split one would arrive as U+FFFD), and together exactly the text.
    const runtime = backend.process!;
    const texts: string[] = [];
    let done: unknown;
    const original = runtime.onEvent;
    runtime.onEvent = (event) => {
      if (event.type === 'token' && event.id === 'utf8') texts.push(event.text);
      else if ((event.type === 'done' || event.type === 'error') && event.id === 'utf8') done = event;
      else original(event);
    };
    try {
      const grammar = 'root ::= "é日本語 ∀x∃y 🙂"';
      runtime.send({ type: 'generate', id: 'utf8', messages: [{ role: 'user', content: 'x' }], n: 1, temperature: 0, top_p: 1, top_k: 0, min_p: 0, max_tokens: 64, grammar });
      await expect.poll(() => done, { timeout: 10_000 }).toMatchObject({ type: 'done', finish: 'stop' });
      expect(texts.join('')).toBe('é日本語 ∀x∃y 🙂');
      for (const text of texts) expect(text).not.toContain('\uFFFD');
      // Byte tokens, so more tokens than characters: the runtime held partial characters back.
      expect((done as { completion_tokens: number }).completion_tokens).toBeGreaterThan([...'é日本語 ∀x∃y 🙂'].length);
    } finally {
      runtime.onEvent = original;
    }
  });
});

describe.skipIf(!binary)('llama-server runtime only', () => {
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
});

describe('a llama-server that cannot start', () => {
  it('costs the user nothing: the model runs in process and says why, unless the server was asked for', async () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'pw-broken-server-'));
    const broken = join(dir, 'llama-server');
    // What a binary built against a newer libstdc++ does on an older system: print the loader's error, exit 127.
    writeFileSync(broken, "#!/bin/sh\necho \"llama-server: /lib/x86_64-linux-gnu/libstdc++.so.6: version 'GLIBCXX_3.4.30' not found\" >&2\nexit 127\n");
    chmodSync(broken, 0o755);
    const saved = process.env.PROOFWRIGHT_LLAMA_SERVER;
    const savedRuntime = process.env.PROOFWRIGHT_LLAMA_RUNTIME;
    process.env.PROOFWRIGHT_LLAMA_SERVER = broken;
    process.env.PROOFWRIGHT_LLAMA_RUNTIME = 'none'; // the server's fallback, not the native runtime's
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
      if (savedRuntime === undefined) delete process.env.PROOFWRIGHT_LLAMA_RUNTIME;
      else process.env.PROOFWRIGHT_LLAMA_RUNTIME = savedRuntime;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a native runtime that cannot start', () => {
  it('costs the user nothing: the next runtime runs the model and says why, unless the native one was asked for', async () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'pw-broken-runtime-'));
    const broken = join(dir, 'proofwright-runtime');
    writeFileSync(broken, "#!/bin/sh\necho \"proofwright-runtime: /lib/x86_64-linux-gnu/libstdc++.so.6: version 'GLIBCXX_3.4.30' not found\" >&2\nexit 127\n");
    chmodSync(broken, 0o755);
    const saved = { runtime: process.env.PROOFWRIGHT_LLAMA_RUNTIME, server: process.env.PROOFWRIGHT_LLAMA_SERVER };
    process.env.PROOFWRIGHT_LLAMA_RUNTIME = broken;
    process.env.PROOFWRIGHT_LLAMA_SERVER = 'none'; // no server either: in process
    try {
      const fallback = await createLocalBackend(modelPath, { parallel: 1, threads: 1, contextSize: 512 });
      try {
        expect(fallback.info().runtime).toMatchObject({
          name: 'node-llama-cpp',
          why: expect.stringMatching(/^proofwright-runtime failed to start \(.*exit code 127: .*GLIBCXX_3\.4\.30.*\): running in process$/),
        });
        expect((await fallback.generate(request({ maxTokens: 4, temperature: 0 }))).completionTokens).toBe(4);
      } finally {
        await fallback.dispose();
      }
      await expect(createLocalBackend(modelPath, { runtime: 'native', parallel: 1, threads: 1, contextSize: 512 })).rejects.toThrow(
        /llama\.cpp could not load .*: exit code 127: .*GLIBCXX_3\.4\.30/,
      );
    } finally {
      for (const [key, value] of [['PROOFWRIGHT_LLAMA_RUNTIME', saved.runtime], ['PROOFWRIGHT_LLAMA_SERVER', saved.server]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
