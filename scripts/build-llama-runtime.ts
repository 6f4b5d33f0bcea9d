// Builds `proofwright-runtime` (native/runtime/: our own llama.cpp inference process, the local backend's
// default runtime, app/models/local/runtime-backend.ts) against node-llama-cpp's PREBUILT ggml / llama /
// llama-common shared libraries, with headers from the llama.cpp checkout of the release it pins:
//
//   npx tsx scripts/build-llama-runtime.ts          # build if needed, print the binary's path
//   npx tsx scripts/build-llama-runtime.ts --check  # print the path or why it cannot be built; never build
//
// Only runtime.cpp is compiled (~20 s idle, 1-2 min on a loaded 2-core machine). Kept apart from
// scripts/llama-tools (llama-server etc.) on purpose: a change here must not change that 30-minute
// build's cache key. Cached in <cache>/llama-runtime-<tag>-<commit10>-<key>/bin/ (cache:
// ~/.cache/proofwright or $PROOFWRIGHT_LLAMA_CPP_CACHE); the key hashes the prebuilt libraries and
// native/runtime's files, so a new node-llama-cpp or an edited runtime gets a fresh folder. The
// prebuilt .so files are copied beside the executable (RUNPATH $ORIGIN; ggml dl-loads its CPU variant
// from the executable's folder).
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { RUNTIME_PROTOCOL } from '../app/models/local/runtime-protocol';
import { locatePrebuiltBuild, missingPrerequisite, PREBUILT_CMAKE, prebuiltCacheKey, prebuiltLibraries } from './build-llama-tools';
import { acquireLock, cacheBase, checkoutSource, REPO_ROOT, runBuildScript, runSync, sourceCheckoutDir, step, type LlamaCppSource } from './llama-cpp-source';

/** Our runtime's CMake project and sources. */
export const RUNTIME_PROJECT = join(REPO_ROOT, 'native', 'runtime');
/** The executable's file name. */
export const RUNTIME_EXE = 'proofwright-runtime';

/** Where one build of the runtime lives. */
export interface LlamaRuntimePaths {
  root: string;
  source: string;
  build: string;
  bin: string;
  binary: string;
  stamp: string;
  lock: string;
  log: string;
}

/**
 * The runtime, or why it is not available; `missingTools` is true when this machine cannot build it
 * (no git / cmake / C++ compiler, no prebuilt libraries: callers may skip), false when a build failed.
 */
export type LlamaRuntimeBuild =
  | { ok: true; binary: string; built: boolean; seconds: number; source: LlamaCppSource }
  | { ok: false; reason: string; missingTools: boolean };

/**
 * 8 hex digits of a SHA-256 over the prebuilt libraries' bytes, every file of native/runtime and the
 * shared CMake file its CMakeLists.txt includes (scripts/cmake/prebuilt-llama.cmake).
 */
export function llamaRuntimeCacheKey(libDir: string, project: string = RUNTIME_PROJECT, sharedCmake: string = PREBUILT_CMAKE): string {
  return prebuiltCacheKey(libDir, sharedCmake, (hash) => {
    for (const name of readdirSync(project).sort()) hash.update(name).update(readFileSync(join(project, name)));
  });
}

/** The cache paths for a release and a cache key. */
export function llamaRuntimePaths(source: LlamaCppSource, key: string, cacheRoot?: string): LlamaRuntimePaths {
  const root = join(cacheBase(cacheRoot), `llama-runtime-${source.tag}-${source.commit.slice(0, 10)}-${key}`);
  const bin = join(root, 'bin');
  return {
    root,
    source: sourceCheckoutDir(source, cacheRoot),
    build: join(root, 'build'),
    bin,
    binary: join(bin, RUNTIME_EXE),
    stamp: join(root, 'built.json'),
    lock: join(root, 'build.lock'),
    log: join(root, 'build.log'),
  };
}

const isBuilt = (paths: LlamaRuntimePaths) => existsSync(paths.stamp) && existsSync(paths.binary);

const locate = (cacheRoot?: string) =>
  locatePrebuiltBuild((source, libDir) => llamaRuntimePaths(source, llamaRuntimeCacheKey(libDir), cacheRoot), runtimeWords);

/** missingPrerequisite's sentence about llama-server, said of the runtime. */
function runtimeWords(reason: string | undefined): string | undefined {
  return reason?.replace('cannot build llama-server', `cannot build ${RUNTIME_EXE}`);
}

/** Options of ensureLlamaRuntime. */
export interface RuntimeBuildOptions {
  cacheRoot?: string;
  /** Parallel compile jobs (default: $PROOFWRIGHT_BUILD_JOBS or the usable cores). */
  jobs?: number;
  log?: (line: string) => void;
}

/** The cached runtime, built first when there is none. Never throws: failures come back as `ok: false` with the reason. */
export async function ensureLlamaRuntime(options: RuntimeBuildOptions = {}): Promise<LlamaRuntimeBuild> {
  const log = options.log ?? ((line: string) => process.stderr.write(`[llama-runtime] ${line}\n`));
  const where = locate(options.cacheRoot);
  if ('reason' in where) return { ok: false, ...where };
  const { source, libDir, paths } = where;
  if (isBuilt(paths)) return { ok: true, binary: paths.binary, built: false, seconds: 0, source };
  const missing = runtimeWords(missingPrerequisite(libDir));
  if (missing) return { ok: false, reason: missing, missingTools: true };

  mkdirSync(paths.root, { recursive: true });
  const release = await acquireLock(paths.lock, log);
  try {
    if (isBuilt(paths)) return { ok: true, binary: paths.binary, built: false, seconds: 0, source };
    const jobs = options.jobs ?? (Number(process.env.PROOFWRIGHT_BUILD_JOBS) || availableParallelism());
    const started = Date.now();
    log(`building ${RUNTIME_EXE} (once, cached in ${paths.root}) against the prebuilt libraries in ${libDir}; about a minute (log: ${paths.log})`);
    writeFileSync(paths.log, `build started ${new Date().toISOString()}\n`);
    // The checkout is shared with the llama-tools build (same lock file).
    mkdirSync(resolve(paths.source, '..'), { recursive: true });
    const releaseSource = await acquireLock(join(resolve(paths.source, '..'), 'checkout.lock'), log);
    try {
      // Only the headers are needed: an existing checkout is used as it is (a llama-tools build may be
      // compiling from it right now; resetting its work tree would not change the pinned files).
      if (!existsSync(join(paths.source, 'include', 'llama.h'))) await checkoutSource(source, paths.source, paths.log);
    } finally {
      releaseSource();
    }
    mkdirSync(paths.bin, { recursive: true });
    for (const name of prebuiltLibraries(libDir)) copyFileSync(join(libDir, name), join(paths.bin, name));
    rmSync(paths.build, { recursive: true, force: true });
    const ninja = runSync('ninja', ['--version']).status === 0;
    await step(
      'cmake',
      [
        '-S', RUNTIME_PROJECT,
        '-B', paths.build,
        ...(ninja ? ['-G', 'Ninja'] : []),
        '-DCMAKE_BUILD_TYPE=Release',
        '-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG',
        `-DLLAMA_SRC=${paths.source}`,
        `-DLLAMA_PREBUILT_DIR=${libDir}`,
        `-DRUNTIME_BIN_DIR=${paths.bin}`,
      ],
      paths.root,
      paths.log,
    );
    await step('cmake', ['--build', paths.build, '--config', 'Release', '-j', String(jobs)], paths.root, paths.log);
    if (!existsSync(paths.binary)) throw new Error(`the build finished but ${paths.binary} is missing; see ${paths.log}`);
    const seconds = Math.round((Date.now() - started) / 1000);
    writeFileSync(paths.stamp, JSON.stringify({ ...source, protocol: RUNTIME_PROTOCOL, libDir, jobs, seconds, builtAt: new Date().toISOString() }, null, 2));
    log(`built ${paths.binary} in ${seconds} s`);
    return { ok: true, binary: paths.binary, built: true, seconds, source };
  } catch (error) {
    return { ok: false, reason: `building ${RUNTIME_EXE} failed: ${(error as Error).message}`, missingTools: false };
  } finally {
    release();
  }
}

/** Without building: the runtime's path when it is built, else why not or where it would be built. */
export function checkLlamaRuntime(cacheRoot?: string): { built: true; binary: string } | { built: false; message: string } {
  const where = locate(cacheRoot);
  if ('reason' in where) return { built: false, message: where.reason };
  if (isBuilt(where.paths)) return { built: true, binary: where.paths.binary };
  return { built: false, message: runtimeWords(missingPrerequisite(where.libDir)) ?? `not built yet; it would be built in ${where.paths.root}` };
}

runBuildScript(
  import.meta.url,
  () => {
    const check = checkLlamaRuntime();
    return check.built ? check.binary : check.message;
  },
  async () => {
    const result = await ensureLlamaRuntime();
    return result.ok ? { ok: true, lines: [result.binary] } : result;
  },
);
