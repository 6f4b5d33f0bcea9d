// The parts of the native runtime's build that decide where and whether to build: its own cache folder
// (apart from the llama tools'), a key that changes with the prebuilt libraries and with any file of
// native/runtime but NOT with scripts/llama-tools (whose 30-minute build must not be triggered by the
// runtime), and the check that never builds. The build itself runs in .ci/run and the local backend's
// tests use its binary.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLlamaRuntime, llamaRuntimeCacheKey, llamaRuntimePaths, RUNTIME_PROJECT } from './build-llama-runtime';
import { llamaToolsPaths, PREBUILT_CMAKE } from './build-llama-tools';
import { llamaCppSource } from './llama-cpp-source';

const dir = mkdtempSync(join(tmpdir(), 'pw-llama-runtime-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('native runtime build', () => {
  it('caches per release and key in a folder of its own, the executable beside the libraries', () => {
    const source = llamaCppSource();
    const paths = llamaRuntimePaths(source, 'abcd1234', dir);
    expect(paths.root).toBe(join(dir, `llama-runtime-${source.tag}-${source.commit.slice(0, 10)}-abcd1234`));
    expect(paths.binary).toBe(join(paths.root, 'bin', 'proofwright-runtime'));
    expect(paths.root).not.toBe(llamaToolsPaths(source, 'abcd1234', dir).root);
    // The headers come from the one checkout of the release the tools use too.
    expect(paths.source).toBe(llamaToolsPaths(source, 'abcd1234', dir).source);
  });

  it('gets a new cache key when a prebuilt library or any runtime source changes', () => {
    const libs = join(dir, 'libs');
    const project = join(dir, 'runtime');
    cpSync(RUNTIME_PROJECT, project, { recursive: true });
    mkdirSync(libs);
    for (const name of ['libggml-base.so', 'libllama-common.so']) writeFileSync(join(libs, name), name);
    const key = llamaRuntimeCacheKey(libs, project);
    expect(key).toMatch(/^[0-9a-f]{8}$/);
    expect(llamaRuntimeCacheKey(libs, project)).toBe(key);
    writeFileSync(join(libs, 'libllama-common.so'), 'a newer node-llama-cpp');
    const afterLib = llamaRuntimeCacheKey(libs, project);
    expect(afterLib).not.toBe(key);
    writeFileSync(join(project, 'runtime.cpp'), '// changed\n', { flag: 'a' });
    const afterSource = llamaRuntimeCacheKey(libs, project);
    expect(afterSource).not.toBe(afterLib);
    writeFileSync(join(project, 'CMakeLists.txt'), '# changed\n', { flag: 'a' });
    const afterProject = llamaRuntimeCacheKey(libs, project);
    expect(afterProject).not.toBe(afterSource);
    // The prebuilt-library targets live in a file both native projects include: it counts too.
    const shared = join(dir, 'prebuilt-llama.cmake');
    cpSync(PREBUILT_CMAKE, shared);
    expect(llamaRuntimeCacheKey(libs, project, shared)).toBe(afterProject);
    writeFileSync(shared, '# changed\n', { flag: 'a' });
    expect(llamaRuntimeCacheKey(libs, project, shared)).not.toBe(afterProject);
  });

  it('says where it would build in an empty cache, without building', () => {
    const empty = join(dir, 'empty-cache');
    const check = checkLlamaRuntime(empty);
    expect(check.built).toBe(false);
    if (!check.built) expect(check.message).toMatch(/not built yet; it would be built in .*llama-runtime-|cannot build proofwright-runtime/);
  });
});
