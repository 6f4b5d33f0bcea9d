// The out-of-process runtimes' pure parts: which calls share a request, the thread split, the reason
// read from a failed server's log, where the binaries are looked for, which runtime runs, and the
// native runtime's event validation.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { GenerateRequest } from '../backend';
import { coalesceCalls } from './coalesce';
import { parseRuntimeEvent, RUNTIME_PROTOCOL } from './runtime-protocol';
import { findLlamaRuntimeBinary, findLlamaServerBinary } from './server-binary';
import { failureFromLog } from './server-process';
import { chooseLocalRuntime } from './create';
import { chooseServerThreads } from './threads';

const call = (name: string, extra: Partial<GenerateRequest> = {}) => ({
  name,
  request: { messages: [{ role: 'user' as const, content: 'p' }], role: 'verify' as const, maxTokens: 8, temperature: 1, topP: 1, sharedPrefixKey: 'k', ...extra },
});
const names = (groups: { name: string }[][]) => groups.map((group) => group.map((c) => c.name));

describe('coalesceCalls', () => {
  it('groups same-key calls with consecutive seeds, up to the slot count', () => {
    const calls = [0, 1, 2, 3, 4].map((i) => call(`s${i}`, { seed: 10 + i }));
    expect(names(coalesceCalls(calls, 4))).toEqual([['s0', 's1', 's2', 's3'], ['s4']]);
  });

  it('starts a new group where the seeds break their run, and keeps unseeded calls together', () => {
    const calls = [call('a', { seed: 1 }), call('b', { seed: 2 }), call('c', { seed: 4 }), call('d', { seed: 3 }), call('u1'), call('u2')];
    expect(names(coalesceCalls(calls, 8))).toEqual([['a', 'b', 'd'], ['c'], ['u1', 'u2']]);
  });

  it('never groups calls without a key, or with different sampling, prompts or schemas', () => {
    const calls = [
      call('nokey1', { sharedPrefixKey: undefined }),
      call('nokey2', { sharedPrefixKey: undefined }),
      call('t', { temperature: 0.5 }),
      call('m', { maxTokens: 9 }),
      call('msg', { messages: [{ role: 'user', content: 'other' }] }),
      call('json', { jsonSchema: { type: 'object' } }),
      call('plain'),
    ];
    expect(coalesceCalls(calls, 8)).toHaveLength(7);
  });
});

describe('chooseServerThreads', () => {
  it('uses the idle cores for decoding and for prompts alike (a busy core stalls both)', () => {
    expect(chooseServerThreads(2, 0)).toEqual({ decode: 2, batch: 2 });
    expect(chooseServerThreads(2, 1.5)).toEqual({ decode: 1, batch: 1 });
    expect(chooseServerThreads(16, 3.2)).toEqual({ decode: 13, batch: 13 });
    expect(chooseServerThreads(1, 9)).toEqual({ decode: 1, batch: 1 });
  });
});

describe('failureFromLog', () => {
  it("takes llama.cpp's reason for a failed load", () => {
    const log = [
      '0.00.087.044 E llama_model_load: error loading model: unknown model architecture: \'llamb\'',
      '0.00.087.779 E llama_model_load_from_file_impl: failed to load model',
      '0.00.091.360 E srv  llama_server: exiting due to model loading error',
    ];
    expect(failureFromLog(log)).toBe("unknown model architecture: 'llamb'");
  });

  it('else the last error line, without its timestamp', () => {
    expect(failureFromLog(['0.00.01 I srv  ok', '0.00.02 E srv  couldn\'t bind HTTP server socket'])).toBe("srv  couldn't bind HTTP server socket");
    expect(failureFromLog(['0.00.01 I all fine'])).toBeUndefined();
  });

  it("takes the dynamic loader's words when the binary cannot even start", () => {
    const glibcxx = "./llama-server: /lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.30' not found (required by ./llama-server)";
    expect(failureFromLog([glibcxx])).toBe(glibcxx);
    const missing = './llama-server: error while loading shared libraries: libllama.so: cannot open shared object file: No such file or directory';
    expect(failureFromLog([missing])).toBe(missing);
  });
});

describe('findLlamaServerBinary', () => {
  const cache = mkdtempSync(join(os.tmpdir(), 'pw-llama-cache-'));
  afterAll(() => rmSync(cache, { recursive: true, force: true }));
  const exe = (path: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, 0o755);
    return path;
  };

  it('prefers $PROOFWRIGHT_LLAMA_SERVER, and `none` turns the runtime off', () => {
    const named = exe(join(cache, 'mine', 'llama-server'));
    expect(findLlamaServerBinary({ PROOFWRIGHT_LLAMA_SERVER: named, PROOFWRIGHT_LLAMA_CPP_CACHE: cache })).toEqual({ path: named, source: 'env' });
    expect(findLlamaServerBinary({ PROOFWRIGHT_LLAMA_SERVER: 'none', PROOFWRIGHT_LLAMA_CPP_CACHE: cache })).toBeUndefined();
    expect(findLlamaServerBinary({ PROOFWRIGHT_LLAMA_SERVER: join(cache, 'missing'), PROOFWRIGHT_LLAMA_CPP_CACHE: cache })).toBeUndefined();
  });

  it('then the newest finished fast build: not one without its stamp, nor one still building', () => {
    expect(findLlamaServerBinary({ PROOFWRIGHT_LLAMA_CPP_CACHE: cache })).toBeUndefined();
    const fast = exe(join(cache, 'llama-tools-v1-abc-key', 'bin', 'llama-server'));
    expect(findLlamaServerBinary({ PROOFWRIGHT_LLAMA_CPP_CACHE: cache })).toBeUndefined(); // no stamp yet
    writeFileSync(join(cache, 'llama-tools-v1-abc-key', 'built.json'), '{}');
    writeFileSync(join(cache, 'llama-tools-v1-abc-key', 'build.lock'), '1');
    expect(findLlamaServerBinary({ PROOFWRIGHT_LLAMA_CPP_CACHE: cache })).toBeUndefined(); // still building
    rmSync(join(cache, 'llama-tools-v1-abc-key', 'build.lock'));
    expect(findLlamaServerBinary({ PROOFWRIGHT_LLAMA_CPP_CACHE: cache })).toEqual({ path: fast, source: 'fast-build' });
  });

  it("takes the desktop app's bundled binary over the cache, and $PROOFWRIGHT_LLAMA_SERVER over both", () => {
    const resources = mkdtempSync(join(os.tmpdir(), 'pw-resources-'));
    try {
      const env = { PROOFWRIGHT_ELECTRON_RESOURCES: resources, PROOFWRIGHT_LLAMA_CPP_CACHE: cache };
      // An empty staging folder (nothing was bundled): the cache's build, as without the app.
      mkdirSync(join(resources, 'llama-server'));
      expect(findLlamaServerBinary(env)).toMatchObject({ source: 'fast-build' });
      const bundled = exe(join(resources, 'llama-server', 'llama-server'));
      expect(findLlamaServerBinary(env)).toEqual({ path: bundled, source: 'bundled' });
      const named = exe(join(cache, 'mine', 'llama-server'));
      expect(findLlamaServerBinary({ ...env, PROOFWRIGHT_LLAMA_SERVER: named })).toEqual({ path: named, source: 'env' });
      expect(findLlamaServerBinary({ ...env, PROOFWRIGHT_LLAMA_SERVER: 'none' })).toBeUndefined();
      // A bundled file that cannot be executed is passed over.
      chmodSync(bundled, 0o644);
      expect(findLlamaServerBinary(env)).toMatchObject({ source: 'fast-build' });
    } finally {
      rmSync(resources, { recursive: true, force: true });
    }
  });
});

describe('chooseLocalRuntime', () => {
  const build = { path: '/cache/llama-tools-x/bin/llama-server', source: 'fast-build' } as const;
  const users = { path: '/opt/llama/llama-server', source: 'env' } as const;

  it('runs our CPU-only llama-server build unless node-llama-cpp found a GPU', () => {
    expect(chooseLocalRuntime(undefined, build, false)).toMatchObject({ runtime: 'server', binary: build });
    const gpu = chooseLocalRuntime(undefined, build, 'cuda');
    expect(gpu.runtime).toBe('in-process');
    expect(gpu.why).toContain('GPU (cuda)');
  });

  it('treats the binary bundled with the app as the CPU-only build it is a copy of', () => {
    const bundled = { path: '/opt/Proofwright/resources/llama-server/llama-server', source: 'bundled' } as const;
    expect(chooseLocalRuntime(undefined, bundled, false)).toMatchObject({ runtime: 'server', binary: bundled, why: expect.stringContaining('(bundled)') });
    expect(chooseLocalRuntime(undefined, bundled, 'vulkan')).toMatchObject({ runtime: 'in-process', why: expect.stringContaining('GPU (vulkan)') });
  });

  it('uses a binary the user named as given, GPU or not', () => {
    expect(chooseLocalRuntime(undefined, users, 'vulkan')).toMatchObject({ runtime: 'server', binary: users });
  });

  it('follows an explicit choice, and says when the asked-for server is missing', () => {
    expect(chooseLocalRuntime('server', build, 'cuda')).toMatchObject({ runtime: 'server' });
    expect(chooseLocalRuntime('in-process', build, false)).toMatchObject({ runtime: 'in-process' });
    expect(chooseLocalRuntime(undefined, undefined, false)).toMatchObject({ runtime: 'in-process' });
    expect(() => chooseLocalRuntime('server', undefined, false)).toThrow(/runtime "server" was asked for but no llama-server binary/);
  });

  const native = { path: '/cache/llama-runtime-x/bin/proofwright-runtime', source: 'build' } as const;
  const usersNative = { path: '/opt/pw/proofwright-runtime', source: 'env' } as const;

  it('runs our native runtime by default when it is built, under the same GPU rule as the server', () => {
    expect(chooseLocalRuntime(undefined, build, false, native)).toMatchObject({ runtime: 'native', binary: native });
    expect(chooseLocalRuntime(undefined, undefined, false, native)).toMatchObject({ runtime: 'native', why: expect.stringContaining('proofwright-runtime found') });
    // A GPU: our CPU-only builds give way to node-llama-cpp; a user's own binary is used as given.
    expect(chooseLocalRuntime(undefined, build, 'cuda', native)).toMatchObject({ runtime: 'in-process' });
    expect(chooseLocalRuntime(undefined, users, 'cuda', native)).toMatchObject({ runtime: 'server', binary: users });
    expect(chooseLocalRuntime(undefined, build, 'cuda', usersNative)).toMatchObject({ runtime: 'native', binary: usersNative });
  });

  it('follows an explicit choice of runtime over the native one, and says when the asked-for native runtime is missing', () => {
    expect(chooseLocalRuntime('server', build, false, native)).toMatchObject({ runtime: 'server' });
    expect(chooseLocalRuntime('in-process', build, false, native)).toMatchObject({ runtime: 'in-process' });
    expect(chooseLocalRuntime('native', build, 'cuda', native)).toMatchObject({ runtime: 'native', why: 'runtime: native was asked for' });
    expect(() => chooseLocalRuntime('native', build, false)).toThrow(/runtime "native" was asked for but no proofwright-runtime was found/);
  });
});

describe('findLlamaRuntimeBinary', () => {
  it('prefers $PROOFWRIGHT_LLAMA_RUNTIME (`none`: off), then the newest finished build in the cache', () => {
    const cache = mkdtempSync(join(os.tmpdir(), 'pw-runtime-cache-'));
    try {
      const exe = (path: string) => {
        mkdirSync(join(path, '..'), { recursive: true });
        writeFileSync(path, '#!/bin/sh\n');
        chmodSync(path, 0o755);
        return path;
      };
      expect(findLlamaRuntimeBinary({ PROOFWRIGHT_LLAMA_CPP_CACHE: cache })).toBeUndefined();
      const built = exe(join(cache, 'llama-runtime-v1-abc-key', 'bin', 'proofwright-runtime'));
      expect(findLlamaRuntimeBinary({ PROOFWRIGHT_LLAMA_CPP_CACHE: cache })).toBeUndefined(); // no stamp yet
      writeFileSync(join(cache, 'llama-runtime-v1-abc-key', 'built.json'), '{}');
      // A build from before the wire format's version (or of another one) speaks another protocol: skipped.
      expect(findLlamaRuntimeBinary({ PROOFWRIGHT_LLAMA_CPP_CACHE: cache })).toBeUndefined();
      writeFileSync(join(cache, 'llama-runtime-v1-abc-key', 'built.json'), JSON.stringify({ protocol: RUNTIME_PROTOCOL + 1 }));
      expect(findLlamaRuntimeBinary({ PROOFWRIGHT_LLAMA_CPP_CACHE: cache })).toBeUndefined();
      writeFileSync(join(cache, 'llama-runtime-v1-abc-key', 'built.json'), JSON.stringify({ protocol: RUNTIME_PROTOCOL }));
      writeFileSync(join(cache, 'llama-runtime-v1-abc-key', 'build.lock'), '1');
      expect(findLlamaRuntimeBinary({ PROOFWRIGHT_LLAMA_CPP_CACHE: cache })).toBeUndefined(); // still building
      rmSync(join(cache, 'llama-runtime-v1-abc-key', 'build.lock'));
      expect(findLlamaRuntimeBinary({ PROOFWRIGHT_LLAMA_CPP_CACHE: cache })).toEqual({ path: built, source: 'build' });
      const named = exe(join(cache, 'mine', 'proofwright-runtime'));
      expect(findLlamaRuntimeBinary({ PROOFWRIGHT_LLAMA_CPP_CACHE: cache, PROOFWRIGHT_LLAMA_RUNTIME: named })).toEqual({ path: named, source: 'env' });
      expect(findLlamaRuntimeBinary({ PROOFWRIGHT_LLAMA_CPP_CACHE: cache, PROOFWRIGHT_LLAMA_RUNTIME: 'none' })).toBeUndefined();
      // The packaged app's copy (beside llama-server in <resources>/llama-server/) comes before the cache's build.
      const resources = join(cache, 'resources');
      expect(findLlamaRuntimeBinary({ PROOFWRIGHT_LLAMA_CPP_CACHE: cache, PROOFWRIGHT_ELECTRON_RESOURCES: resources })).toEqual({ path: built, source: 'build' }); // not staged there
      const bundled = exe(join(resources, 'llama-server', 'proofwright-runtime'));
      expect(findLlamaRuntimeBinary({ PROOFWRIGHT_LLAMA_CPP_CACHE: cache, PROOFWRIGHT_ELECTRON_RESOURCES: resources })).toEqual({ path: bundled, source: 'bundled' });
      expect(findLlamaRuntimeBinary({ PROOFWRIGHT_LLAMA_CPP_CACHE: cache, PROOFWRIGHT_ELECTRON_RESOURCES: resources, PROOFWRIGHT_LLAMA_RUNTIME: named })).toEqual({ path: named, source: 'env' });
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});

describe('the runtime wire format version', () => {
  it('is the same number in the engine and in native/runtime/runtime.cpp', () => {
    const source = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'native', 'runtime', 'runtime.cpp'), 'utf8');
    expect(Number(/constexpr int kProtocol = (\d+);/.exec(source)?.[1])).toBe(RUNTIME_PROTOCOL);
  });
});

describe('parseRuntimeEvent', () => {
  it('accepts the events the runtime writes and names what is wrong with anything else', () => {
    expect(parseRuntimeEvent('{"type":"token","id":"g1","index":0,"text":"a"}')).toEqual({ event: { type: 'token', id: 'g1', index: 0, text: 'a' } });
    expect(parseRuntimeEvent('{"type":"done","id":"g1","index":1,"finish":"cancelled","prompt_tokens":9,"completion_tokens":3}')).toMatchObject({ event: { finish: 'cancelled' } });
    expect(parseRuntimeEvent('{"type":"error","id":null,"code":"model-load","message":"x"}')).toMatchObject({ event: { code: 'model-load' } });
    expect(parseRuntimeEvent('llama_model_load: loading')).toEqual({ error: 'not JSON: llama_model_load: loading' });
    expect(parseRuntimeEvent('{"type":"token","id":"g1","index":-1,"text":"a"}')).toMatchObject({ error: expect.stringMatching(/^not a runtime event/) });
    expect(parseRuntimeEvent('{"type":"done","id":"g1","index":0,"finish":"exploded","prompt_tokens":1,"completion_tokens":1}')).toMatchObject({ error: expect.stringMatching(/^not a runtime event/) });
    expect(parseRuntimeEvent('{"type":"error","id":"g1","code":"teapot","message":"x"}')).toMatchObject({ error: expect.stringMatching(/^not a runtime event/) });
  });
});
