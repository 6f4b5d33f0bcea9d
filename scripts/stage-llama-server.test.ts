// Staging llama-server for the desktop app's package: what `npm run dist` gets where the tools cannot be
// built (nothing, one line, no failure), where a build failed (a failure), and, from this machine's
// cached build when there is one, a folder that runs on its own: the staged server loads its libraries
// from beside itself and answers /health on a model. Never builds the tools (about 30 minutes): the
// cached-build tests are skipped, saying so, without a build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LlamaServerProcess } from '../app/models/local/server-process';
import { checkLlamaTools, ensureLlamaTools } from './build-llama-tools';
import { REPO_ROOT } from './llama-cpp-source';
import { ensureTinyModel } from './make-tiny-gguf';
import { defaultStageDir, STAGE_STAMP, stageLlamaServer } from './stage-llama-server';

const dir = mkdtempSync(join(tmpdir(), 'pw-stage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const check = checkLlamaTools();
if (!check.built) console.warn(`[stage-llama-server] SKIPPED staging the cached build and starting it: no build here (${check.message})`);

const stamp = (folder: string) => JSON.parse(readFileSync(join(folder, STAGE_STAMP), 'utf8')) as Record<string, unknown>;

describe('stage-llama-server', () => {
  // That electron-builder.yml packs these folders as resources/llama-server: main/packaging.test.ts.
  it('stages into a git-ignored folder per platform and architecture, named as electron-builder names them', () => {
    expect(defaultStageDir('linux', 'x64')).toBe(join(REPO_ROOT, 'build', 'llama-server', 'linux-x64'));
    expect(defaultStageDir('darwin', 'arm64')).toBe(join(REPO_ROOT, 'build', 'llama-server', 'mac-arm64'));
    const ignored = spawnSync('git', ['check-ignore', '-q', 'build/llama-server/linux-x64/llama-server'], { cwd: REPO_ROOT });
    expect(ignored.status).toBe(0);
  });

  it('without a toolchain, says so in one line, stages nothing and lets the dist go on', () => {
    const dest = join(dir, 'no-toolchain');
    // A stale binary from an earlier stage in the folder: it must not ship.
    mkdirSync(dest, { recursive: true });
    writeFileSync(join(dest, STAGE_STAMP), '{}');
    writeFileSync(join(dest, 'llama-server'), 'old');
    // An empty cache and no C++ compiler: ensureLlamaTools finds no build and cannot make one.
    const run = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [join(REPO_ROOT, 'scripts', 'stage-llama-server.ts'), '--dest', dest], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, CXX: 'no-such-compiler-xyz', PROOFWRIGHT_LLAMA_CPP_CACHE: join(dir, 'empty-cache') },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^\[stage-llama-server\] not bundling llama-server \(the app will run models in process\): cannot build llama-server: .*no-such-compiler-xyz/)]);
    expect(readdirSync(dest)).toEqual([STAGE_STAMP]);
    expect(stamp(dest)).toMatchObject({ llamaServer: false, reason: expect.stringContaining('no-such-compiler-xyz') });
  });

  it('fails when a build was possible but failed', () => {
    const dest = join(dir, 'failed');
    const result = stageLlamaServer({ ok: false, reason: "building llama.cpp's tools failed: cmake exited with code 1", missingTools: false }, dest);
    expect(result).toMatchObject({ staged: false, fatal: true, reason: expect.stringContaining('cmake exited') });
    expect(readdirSync(dest)).toEqual([STAGE_STAMP]);
  });

  it('refuses to empty a folder that is not a staging folder', () => {
    const dest = join(dir, 'someones-files');
    mkdirSync(dest);
    writeFileSync(join(dest, 'thesis.tex'), 'keep me');
    expect(() => stageLlamaServer({ ok: false, reason: 'x', missingTools: true }, dest)).toThrow(/not a llama-server staging folder .*not emptying it/);
    expect(readFileSync(join(dest, 'thesis.tex'), 'utf8')).toBe('keep me');
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
      const result = stageLlamaServer(build, dest);
      expect(result.staged).toBe(true);
      const libraries = readdirSync(build.libDir).filter((name) => name.endsWith('.so'));
      expect(libraries).toEqual(expect.arrayContaining(['libllama-common.so', 'libggml-base.so']));
      expect(libraries.some((name) => name.startsWith('libggml-cpu-'))).toBe(true);
      expect(readdirSync(dest).sort()).toEqual(['llama-server', STAGE_STAMP, ...libraries].sort());
      expect(statSync(join(dest, 'llama-server')).mode & 0o111).not.toBe(0);
      expect(stamp(dest)).toMatchObject({ llamaServer: true, tag: build.source.tag, commit: build.source.commit, platform: process.platform, arch: process.arch });
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
});
