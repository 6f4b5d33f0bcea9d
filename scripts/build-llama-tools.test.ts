// The parts of the fast llama.cpp tools build that decide where and whether to build: the prebuilt
// libraries it links against, the cache key that changes when they (or our CMake project) change,
// the cache paths, and the reasons given when this machine cannot build. The build itself runs in
// app/models/openai/llama-server.test.ts (llama-server) and bench/native.bench.ts (all three tools).
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkLlamaTools,
  llamaToolsCacheKey,
  llamaToolsPaths,
  missingPrerequisite,
  PREBUILT_CMAKE,
  prebuiltLibDir,
  prebuiltLibraries,
} from './build-llama-tools';
import { llamaCppSource } from './llama-cpp-source';

const dir = mkdtempSync(join(tmpdir(), 'pw-llama-tools-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const onLinuxX64 = process.platform === 'linux' && process.arch === 'x64';

describe('llama.cpp tools build', () => {
  it.runIf(onLinuxX64)("links against node-llama-cpp's prebuilt ggml, llama and llama-common", () => {
    const libs = prebuiltLibraries(prebuiltLibDir());
    expect(libs).toEqual(expect.arrayContaining(['libggml-base.so', 'libllama-common.so']));
    expect(libs.some((name) => /^libggml\.v.*\.so$/.test(name))).toBe(true);
    expect(libs.some((name) => /^libllama\.v.*\.so$/.test(name))).toBe(true);
    // ggml's CPU kernels, one library per CPU family, chosen at run time.
    expect(libs.filter((name) => name.startsWith('libggml-cpu-')).length).toBeGreaterThan(1);
    expect(libs).not.toContain('llama-addon.node');
  });

  it('caches per release and per key, with the executables beside the libraries', () => {
    const source = llamaCppSource();
    const paths = llamaToolsPaths(source, 'abcd1234', dir);
    expect(paths.root).toBe(join(dir, `llama-tools-${source.tag}-${source.commit.slice(0, 10)}-abcd1234`));
    expect(paths.bin).toBe(join(paths.root, 'bin'));
    expect(paths.lock).toBe(join(paths.root, 'build.lock'));
    // One checkout of the release serves every build of its tools.
    expect(paths.source).toBe(join(dir, `llama.cpp-${source.tag}-${source.commit.slice(0, 10)}`, 'src'));
  });

  it('gets a new cache key when a prebuilt library or the CMake project changes', () => {
    const libs = join(dir, 'libs');
    const project = join(dir, 'project');
    cpSync(fileURLToPath(new URL('./llama-tools', import.meta.url)), project, { recursive: true });
    mkdirSync(libs);
    for (const name of ['libggml-base.so', 'libllama-common.so']) writeFileSync(join(libs, name), name);
    const key = llamaToolsCacheKey(libs, project);
    expect(key).toMatch(/^[0-9a-f]{8}$/);
    expect(llamaToolsCacheKey(libs, project)).toBe(key);
    writeFileSync(join(libs, 'libllama-common.so'), 'a newer node-llama-cpp');
    const afterLib = llamaToolsCacheKey(libs, project);
    expect(afterLib).not.toBe(key);
    writeFileSync(join(project, 'CMakeLists.txt'), '# changed\n', { flag: 'a' });
    const afterProject = llamaToolsCacheKey(libs, project);
    expect(afterProject).not.toBe(afterLib);
    const shared = join(dir, 'prebuilt-llama.cmake');
    cpSync(PREBUILT_CMAKE, shared);
    expect(llamaToolsCacheKey(libs, project, shared)).toBe(afterProject);
    writeFileSync(shared, '# changed\n', { flag: 'a' });
    expect(llamaToolsCacheKey(libs, project, shared)).not.toBe(afterProject);
  });

  it.runIf(process.platform === 'linux')('says what is missing instead of failing later in CMake', () => {
    expect(missingPrerequisite(join(dir, 'no-such-bins'))).toMatch(/cannot build llama-server: node-llama-cpp's prebuilt libraries are missing/);
    if (existsSync(join(prebuiltLibDir(), 'libllama-common.so'))) {
      expect(missingPrerequisite(prebuiltLibDir(), { CXX: 'no-such-compiler-xyz' })).toMatch(/a C\+\+ compiler \(no-such-compiler-xyz\) not found/);
    }
  });

  it('--check never builds: an empty cache says where the build would go', () => {
    const check = checkLlamaTools(join(dir, 'empty-cache'));
    expect(check.built).toBe(false);
    if (!check.built) expect(check.message).toMatch(/not built yet; it would be built in .*llama-tools-|cannot build llama-server/);
    expect(existsSync(join(dir, 'empty-cache'))).toBe(false);
  });
});
