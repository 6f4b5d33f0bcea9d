// Staging the out-of-process runtimes (llama-server, proofwright-runtime) for the desktop app's package:
// what `npm run dist` gets where they cannot be built (nothing, one line each, no failure), where a build
// failed (a failure), two builds in one folder sharing their libraries (and refused when those differ),
// and, from this machine's cached builds when there are, a folder that runs on its own: the staged
// server and runtime load their libraries from beside themselves and serve a model. Never builds the
// tools (about 30 minutes) or the runtime: the cached-build tests are skipped, saying so, without a build.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findLlamaRuntimeBinary, findLlamaServerBinary } from '../app/models/local/server-binary';
import { RuntimeProcess } from '../app/models/local/runtime-process';
import { LlamaServerProcess } from '../app/models/local/server-process';
import { checkLlamaRuntime, ensureLlamaRuntime } from './build-llama-runtime';
import { checkLlamaTools, ensureLlamaTools } from './build-llama-tools';
import { REPO_ROOT, type LlamaCppSource } from './llama-cpp-source';
import { ensureTinyModel } from './make-tiny-gguf';
import { defaultStageDir, runtimeBuild, serverBuild, STAGE_STAMP, stageLocalRuntimes, type StageBuild } from './stage-llama-server';

const dir = mkdtempSync(join(tmpdir(), 'pw-stage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const check = checkLlamaTools();
if (!check.built) console.warn(`[stage-llama-server] SKIPPED staging the cached build and starting it: no build here (${check.message})`);
const runtimeCheck = checkLlamaRuntime();
if (!runtimeCheck.built) console.warn(`[stage-llama-server] SKIPPED staging the cached proofwright-runtime and starting it: no build here (${runtimeCheck.message})`);

const stamp = (folder: string) => JSON.parse(readFileSync(join(folder, STAGE_STAMP), 'utf8')) as Record<string, unknown>;

describe('stage-llama-server', () => {
  // That electron-builder.yml packs these folders as resources/llama-server: main/packaging.test.ts.
  it('stages into a git-ignored folder per platform and architecture, named as electron-builder names them', () => {
    expect(defaultStageDir('linux', 'x64')).toBe(join(REPO_ROOT, 'build', 'llama-server', 'linux-x64'));
    expect(defaultStageDir('darwin', 'arm64')).toBe(join(REPO_ROOT, 'build', 'llama-server', 'mac-arm64'));
    const ignored = spawnSync('git', ['check-ignore', '-q', 'build/llama-server/linux-x64/llama-server'], { cwd: REPO_ROOT });
    expect(ignored.status).toBe(0);
  });

  it('without a toolchain, says so in one line per executable, stages nothing and lets the dist go on', () => {
    const dest = join(dir, 'no-toolchain');
    // A stale binary from an earlier stage in the folder: it must not ship.
    mkdirSync(dest, { recursive: true });
    writeFileSync(join(dest, STAGE_STAMP), '{}');
    writeFileSync(join(dest, 'llama-server'), 'old');
    writeFileSync(join(dest, 'proofwright-runtime'), 'old');
    // An empty cache and no C++ compiler: ensureLlamaTools finds no build and cannot make one.
    const run = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [join(REPO_ROOT, 'scripts', 'stage-llama-server.ts'), '--dest', dest], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, CXX: 'no-such-compiler-xyz', PROOFWRIGHT_LLAMA_CPP_CACHE: join(dir, 'empty-cache') },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^\[stage-llama-server\] not bundling llama-server \(the app falls back to proofwright-runtime or in process\): cannot build llama-server: .*no-such-compiler-xyz/),
      expect.stringMatching(/^\[stage-llama-server\] not bundling proofwright-runtime \(the app falls back to llama-server or in process\): cannot build proofwright-runtime: .*no-such-compiler-xyz/),
    ]);
    expect(readdirSync(dest)).toEqual([STAGE_STAMP]);
    expect(stamp(dest)).toMatchObject({
      'llama-server': { staged: false, reason: expect.stringContaining('no-such-compiler-xyz') },
      'proofwright-runtime': { staged: false, reason: expect.stringContaining('no-such-compiler-xyz') },
    });
  });

  it('fails when a build was possible but failed', () => {
    const dest = join(dir, 'failed');
    const result = stageLocalRuntimes(
      {
        'llama-server': { ok: false, reason: "building llama.cpp's tools failed: cmake exited with code 1", missingTools: false },
        'proofwright-runtime': { ok: false, reason: 'cannot build proofwright-runtime: no C++ compiler', missingTools: true },
      },
      dest,
    );
    expect(result.binaries).toEqual([
      { name: 'llama-server', staged: false, fatal: true, reason: expect.stringContaining('cmake exited') },
      { name: 'proofwright-runtime', staged: false, fatal: false, reason: expect.stringContaining('no C++ compiler') },
    ]);
    expect(readdirSync(dest)).toEqual([STAGE_STAMP]);
  });

  it('refuses to empty a folder that is not a staging folder', () => {
    const dest = join(dir, 'someones-files');
    mkdirSync(dest);
    writeFileSync(join(dest, 'thesis.tex'), 'keep me');
    expect(() => stageLocalRuntimes({ 'llama-server': { ok: false, reason: 'x', missingTools: true } }, dest)).toThrow(/not a llama-server staging folder .*not emptying it/);
    expect(readFileSync(join(dest, 'thesis.tex'), 'utf8')).toBe('keep me');
  });

  /** A fake build: an executable and libraries (name → content) in a folder of their own. */
  const fakeBuild = (name: string, exe: string, libraries: Record<string, string>): StageBuild => {
    const folder = join(dir, 'builds', name);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, exe), `#!/bin/sh\necho ${name}\n`);
    for (const [library, content] of Object.entries(libraries)) writeFileSync(join(folder, library), content);
    return { ok: true, binary: join(folder, exe), libDir: folder, source: { tag: 'b1', commit: 'c'.repeat(40), bundle: 'none' } satisfies LlamaCppSource };
  };

  it('stages both executables into one folder with one copy of the libraries they share, where the engine finds them as bundled', () => {
    const resources = join(dir, 'fake-resources');
    const dest = join(resources, 'llama-server');
    const shared = { 'libllama.so': 'llama', 'libggml-cpu-x64.so': 'cpu' };
    const result = stageLocalRuntimes(
      { 'llama-server': fakeBuild('tools', 'llama-server', shared), 'proofwright-runtime': fakeBuild('runtime', 'proofwright-runtime', { ...shared, 'libextra.so': 'x' }) },
      dest,
    );
    expect(result.binaries).toEqual([
      { name: 'llama-server', staged: true },
      { name: 'proofwright-runtime', staged: true },
    ]);
    expect(readdirSync(dest).sort()).toEqual(['libextra.so', 'libggml-cpu-x64.so', 'libllama.so', 'llama-server', 'proofwright-runtime', STAGE_STAMP].sort());
    for (const exe of ['llama-server', 'proofwright-runtime']) expect(statSync(join(dest, exe)).mode & 0o111).not.toBe(0);
    expect(stamp(dest)).toMatchObject({ 'llama-server': { staged: true, tag: 'b1' }, 'proofwright-runtime': { staged: true, tag: 'b1', libraries: ['libextra.so', 'libggml-cpu-x64.so', 'libllama.so'] } });
    // The engine's search: $PROOFWRIGHT_LLAMA_RUNTIME, then this bundled copy, then the cache (empty here).
    const env = { PROOFWRIGHT_ELECTRON_RESOURCES: resources, PROOFWRIGHT_LLAMA_CPP_CACHE: join(dir, 'empty-cache') };
    expect(findLlamaRuntimeBinary(env)).toEqual({ path: join(dest, 'proofwright-runtime'), source: 'bundled' });
    expect(findLlamaServerBinary(env)).toEqual({ path: join(dest, 'llama-server'), source: 'bundled' });
    const own = join(dir, 'builds', 'runtime', 'proofwright-runtime');
    chmodSync(own, 0o755);
    expect(findLlamaRuntimeBinary({ ...env, PROOFWRIGHT_LLAMA_RUNTIME: own })).toEqual({ path: own, source: 'env' });
    expect(findLlamaRuntimeBinary({ ...env, PROOFWRIGHT_LLAMA_RUNTIME: 'none' })).toBeUndefined();
  });

  it('refuses two builds whose libraries of one name differ (one copy would serve both)', () => {
    const dest = join(dir, 'mismatch');
    expect(() =>
      stageLocalRuntimes(
        { 'llama-server': fakeBuild('tools-a', 'llama-server', { 'libllama.so': 'one' }), 'proofwright-runtime': fakeBuild('runtime-b', 'proofwright-runtime', { 'libllama.so': 'other' }) },
        dest,
      ),
    ).toThrow(/libllama\.so differs between .*tools-a.* and .*runtime-b/);
  });

  describe.skipIf(!check.built)("this machine's cached build, staged", () => {
    const dest = join(dir, 'resources', 'llama-server');
    let server: LlamaServerProcess | undefined;
    afterAll(async () => {
      await server?.stop();
    });

    it('copies llama-server and every library beside it, with a stamp naming the llama.cpp release', async () => {
      // The build exists (checked above), so this returns it without building.
      const build = await ensureLlamaTools({ log: () => {} });
      expect(build).toMatchObject({ ok: true, built: false });
      if (!build.ok) return;
      const result = stageLocalRuntimes({ 'llama-server': serverBuild(build) }, dest);
      expect(result.binaries).toEqual([{ name: 'llama-server', staged: true }]);
      const libraries = readdirSync(build.libDir).filter((name) => name.endsWith('.so'));
      expect(libraries).toEqual(expect.arrayContaining(['libllama-common.so', 'libggml-base.so']));
      expect(libraries.some((name) => name.startsWith('libggml-cpu-'))).toBe(true);
      expect(readdirSync(dest).sort()).toEqual(['llama-server', STAGE_STAMP, ...libraries].sort());
      expect(statSync(join(dest, 'llama-server')).mode & 0o111).not.toBe(0);
      expect(stamp(dest)).toMatchObject({ 'llama-server': { staged: true, tag: build.source.tag, commit: build.source.commit }, platform: process.platform, arch: process.arch });
      // No llama-bench or llama-batched-bench: the app runs only the server.
      expect(existsSync(join(dest, 'llama-bench'))).toBe(false);
    });

    it('runs from the staged folder alone: loads its libraries from beside itself and answers /health', async () => {
      expect(existsSync(join(dest, 'llama-server'))).toBe(true);
      // The small test model: any GGUF shows the server loads one (the 166 MB bench model adds nothing here).
      const model = ensureTinyModel({ size: 'test', seed: 1 });
      server = await LlamaServerProcess.start({ binary: join(dest, 'llama-server'), args: ['-m', model, '-c', '512', '-t', '1', '-np', '1'], startTimeoutMs: 120_000 });
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      // The libraries it runs on are the staged copies, not the cache's (RUNPATH $ORIGIN): the package works without the cache.
      const maps = readFileSync(`/proc/${server.serverPid}/maps`, 'utf8');
      const loaded = [...new Set(maps.split('\n').map((line) => /\s(\/\S+\.so)$/.exec(line)?.[1]).filter((path): path is string => !!path && /libllama|libggml/.test(path)))];
      expect(loaded.length).toBeGreaterThanOrEqual(4);
      for (const path of loaded) expect(path.startsWith(`${dest}/`), path).toBe(true);
      expect(loaded.some((path) => /libggml-cpu-/.test(path))).toBe(true);
      const completion = await fetch(`${server.url}/completion`, { method: 'POST', body: JSON.stringify({ prompt: 'Proof:', n_predict: 4, seed: 1 }) });
      expect(completion.status).toBe(200);
      expect((await completion.json()) as { tokens_predicted: number }).toMatchObject({ tokens_predicted: 4 });
    });
  });

  describe.skipIf(!check.built || !runtimeCheck.built)("this machine's cached server and runtime, staged together", () => {
    const dest = join(dir, 'both', 'llama-server');
    let runtime: RuntimeProcess | undefined;
    afterAll(async () => {
      await runtime?.stop();
    });

    it('runs proofwright-runtime from the staged folder alone, beside llama-server, on the shared libraries', async () => {
      const tools = await ensureLlamaTools({ log: () => {} });
      const built = await ensureLlamaRuntime({ log: () => {} });
      expect(built).toMatchObject({ ok: true, built: false });
      const result = stageLocalRuntimes({ 'llama-server': serverBuild(tools), 'proofwright-runtime': runtimeBuild(built) }, dest);
      expect(result.binaries.map((b) => b.staged)).toEqual([true, true]);
      expect(readdirSync(dest)).toEqual(expect.arrayContaining(['llama-server', 'proofwright-runtime', 'libllama-common.so']));
      const model = ensureTinyModel({ size: 'test', seed: 1 });
      runtime = await RuntimeProcess.start({ binary: join(dest, 'proofwright-runtime'), args: ['--model', model, '--ctx-seq', '512', '--parallel', '1', '--threads', '1', '--threads-batch', '1'], startTimeoutMs: 120_000 });
      const maps = readFileSync(`/proc/${runtime.pid}/maps`, 'utf8');
      const loaded = [...new Set(maps.split('\n').map((line) => /\s(\/\S+\.so)$/.exec(line)?.[1]).filter((path): path is string => !!path && /libllama|libggml/.test(path)))];
      expect(loaded.length).toBeGreaterThanOrEqual(4);
      for (const path of loaded) expect(path.startsWith(`${dest}/`), path).toBe(true);
      const events: string[] = [];
      runtime.onEvent = (event) => events.push(event.type);
      runtime.send({ type: 'generate', id: 'g', messages: [{ role: 'user', content: 'Proof:' }], n: 1, seed: 1, temperature: 0.5, top_p: 1, top_k: 0, min_p: 0, max_tokens: 4 });
      await expect.poll(() => events.at(-1), { timeout: 20_000 }).toBe('done');
      expect(events).toContain('token');
    });
  });
});
