// Builds llama.cpp's `llama-server`, `llama-bench` and `llama-batched-bench` from the llama.cpp source
// node-llama-cpp ships, LINKED AGAINST node-llama-cpp's prebuilt ggml / llama / llama-common shared
// libraries (scripts/llama-tools/CMakeLists.txt), once per machine:
//
//   npx tsx scripts/build-llama-tools.ts          # build if needed, print the three binaries' paths
//   npx tsx scripts/build-llama-tools.ts --check  # print them or why they cannot be built; never build
//
// Why against the prebuilt libraries: the tools then run exactly the kernels (and the CPU variant ggml
// picks at run time) that the in-process runtime runs, so native-vs-local figures compare the runtime
// around the kernels and nothing else; and only the tool sources are compiled (optimised, -O2), not
// llama.cpp and ggml (a full build took 46 minutes on the 2-core CI machine at -O1).
//
// Cached outside the clone in <cache>/llama-tools-<tag>-<commit10>-<key>/ (cache: ~/.cache/proofwright
// or $PROOFWRIGHT_LLAMA_CPP_CACHE); the key hashes the prebuilt libraries and our CMake project, so a
// new node-llama-cpp or a changed build gets a fresh folder. The executables sit in bin/ beside copies
// of the prebuilt libraries: their RUNPATH is $ORIGIN, and ggml looks for its dl-loaded CPU variants
// (libggml-cpu-<variant>.so) in the executable's folder. A lock keeps two processes from building at once.
import { createHash, type Hash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import {
  acquireLock,
  cacheBase,
  checkoutSource,
  llamaCppSource,
  missingToolchain,
  REPO_ROOT,
  runBuildScript,
  runSync,
  sourceCheckoutDir,
  step,
  type LlamaCppSource,
} from './llama-cpp-source';

const CMAKE_PROJECT = join(REPO_ROOT, 'scripts', 'llama-tools');
/** The CMake file both native projects include: the prebuilt libraries as IMPORTED targets. */
export const PREBUILT_CMAKE = join(REPO_ROOT, 'scripts', 'cmake', 'prebuilt-llama.cmake');
/** The executables, by the name callers use. */
export const LLAMA_TOOLS = { server: 'llama-server', bench: 'llama-bench', batchedBench: 'llama-batched-bench' } as const;
type ToolKey = keyof typeof LLAMA_TOOLS;

/** Where one build of the tools lives. */
export interface LlamaToolsPaths {
  root: string;
  /** The llama.cpp checkout (shared with every build of this release). */
  source: string;
  build: string;
  /** The executables and the copied prebuilt libraries. */
  bin: string;
  stamp: string;
  lock: string;
  log: string;
}

/** The three executables plus where they and the libraries they load live. */
export type LlamaTools = Record<ToolKey, string> & { libDir: string };

/**
 * The tools, or why they are not available; `missingTools` is true when this machine cannot build them
 * (no git, cmake or C++ compiler, or no prebuilt node-llama-cpp binaries for this platform: callers may
 * skip), false when a build was possible but failed (callers should fail).
 */
export type LlamaToolsBuild =
  | (LlamaTools & { ok: true; built: boolean; seconds: number; source: LlamaCppSource })
  | { ok: false; reason: string; missingTools: boolean };

/** node-llama-cpp's prebuilt CPU binaries for this platform (a folder name; it may not exist). */
export function prebuiltLibDir(platform: string = process.platform, arch: string = process.arch): string {
  const name = `${platform}-${arch}`;
  return join(REPO_ROOT, 'node_modules', '@node-llama-cpp', name, 'bins', name);
}

/** The shared libraries in a prebuilt folder (everything the tools load: ggml, its CPU variants, llama, common). */
export function prebuiltLibraries(libDir: string): string[] {
  return readdirSync(libDir)
    .filter((name) => name.endsWith('.so'))
    .sort();
}

/**
 * The part of the cache folder's name that changes when the build would: the prebuilt libraries'
 * bytes, our CMake project's text and the shared file it includes (8 hex digits of a SHA-256).
 */
export function llamaToolsCacheKey(libDir: string, cmakeProject: string = CMAKE_PROJECT, sharedCmake: string = PREBUILT_CMAKE): string {
  return prebuiltCacheKey(libDir, sharedCmake, (hash) => hash.update(readFileSync(join(cmakeProject, 'CMakeLists.txt'))));
}

/**
 * 8 hex digits of a SHA-256 over, in this order: each prebuilt library's name and bytes, what `project`
 * adds (the native project's own files), the shared CMake file. Both native builds key their cache
 * folders by it; the order is part of the key (a change renames every cache folder: a rebuild).
 */
export function prebuiltCacheKey(libDir: string, sharedCmake: string, project: (hash: Hash) => void): string {
  const hash = createHash('sha256');
  for (const name of prebuiltLibraries(libDir)) hash.update(name).update(readFileSync(join(libDir, name)));
  project(hash);
  hash.update(readFileSync(sharedCmake));
  return hash.digest('hex').slice(0, 8);
}

/** The cache paths for a release and a cache key (see llamaToolsCacheKey). */
export function llamaToolsPaths(source: LlamaCppSource, key: string, cacheRoot?: string): LlamaToolsPaths {
  const root = join(cacheBase(cacheRoot), `llama-tools-${source.tag}-${source.commit.slice(0, 10)}-${key}`);
  return {
    root,
    source: sourceCheckoutDir(source, cacheRoot),
    build: join(root, 'build'),
    bin: join(root, 'bin'),
    stamp: join(root, 'built.json'),
    lock: join(root, 'build.lock'),
    log: join(root, 'build.log'),
  };
}

function toolsIn(paths: LlamaToolsPaths): LlamaTools {
  return {
    server: join(paths.bin, LLAMA_TOOLS.server),
    bench: join(paths.bin, LLAMA_TOOLS.bench),
    batchedBench: join(paths.bin, LLAMA_TOOLS.batchedBench),
    libDir: paths.bin,
  };
}

function isBuilt(paths: LlamaToolsPaths): boolean {
  const tools = toolsIn(paths);
  return existsSync(paths.stamp) && [tools.server, tools.bench, tools.batchedBench].every((file) => existsSync(file));
}

/**
 * Why the tools cannot be built here, or undefined: no prebuilt node-llama-cpp binaries for this
 * platform (only Linux's .so layout is handled), or a missing git / cmake / C++ compiler.
 */
export function missingPrerequisite(libDir: string, env: Record<string, string | undefined> = process.env): string | undefined {
  if (process.platform !== 'linux') return `cannot build llama-server: building against node-llama-cpp's prebuilt libraries is only set up for Linux (this is ${process.platform})`;
  if (!existsSync(join(libDir, 'libllama-common.so'))) return `cannot build llama-server: node-llama-cpp's prebuilt libraries are missing (${libDir})`;
  return missingToolchain(env);
}

export interface BuildOptions {
  /** Cache root (default: $PROOFWRIGHT_LLAMA_CPP_CACHE or ~/.cache/proofwright). */
  cacheRoot?: string;
  /** Parallel compile jobs (default: $PROOFWRIGHT_BUILD_JOBS or the number of usable cores). */
  jobs?: number;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
}

/**
 * The release, node-llama-cpp's prebuilt library folder and a build's cache paths (`pathsFor` them), or
 * why they cannot be known here: `missingTools` is true when the prebuilt libraries are missing (the
 * reason is missingPrerequisite's, said by `words`: the runtime build names its own executable), false
 * when node-llama-cpp ships no readable llama.cpp source. Shared by build-llama-runtime.ts.
 */
export function locatePrebuiltBuild<P>(
  pathsFor: (source: LlamaCppSource, libDir: string) => P,
  words: (reason: string | undefined) => string | undefined = (reason) => reason,
): { source: LlamaCppSource; libDir: string; paths: P } | { reason: string; missingTools: boolean } {
  let source: LlamaCppSource;
  try {
    source = llamaCppSource();
  } catch (error) {
    return { reason: (error as Error).message, missingTools: false };
  }
  const libDir = prebuiltLibDir();
  if (!existsSync(libDir)) return { reason: words(missingPrerequisite(libDir)) ?? `${libDir} is missing`, missingTools: true };
  return { source, libDir, paths: pathsFor(source, libDir) };
}

const locate = (cacheRoot?: string) => locatePrebuiltBuild((source, libDir) => llamaToolsPaths(source, llamaToolsCacheKey(libDir), cacheRoot));

/**
 * Returns the cached tools, building them first when there are none. Never throws: a machine that
 * cannot build them or a failed build comes back as `ok: false` with the reason (the build log's tail
 * included), so callers can say what they skip and why.
 */
export async function ensureLlamaTools(options: BuildOptions = {}): Promise<LlamaToolsBuild> {
  const log = options.log ?? ((line: string) => process.stderr.write(`[llama-tools] ${line}\n`));
  const where = locate(options.cacheRoot);
  if ('reason' in where) return { ok: false, ...where };
  const { source, libDir, paths } = where;
  if (isBuilt(paths)) return { ok: true, ...toolsIn(paths), built: false, seconds: 0, source };
  const missing = missingPrerequisite(libDir);
  if (missing) return { ok: false, reason: missing, missingTools: true };

  mkdirSync(paths.root, { recursive: true });
  const release = await acquireLock(paths.lock, log);
  try {
    // Another process may have finished the build while we waited for the lock.
    if (isBuilt(paths)) return { ok: true, ...toolsIn(paths), built: false, seconds: 0, source };
    const jobs = options.jobs ?? (Number(process.env.PROOFWRIGHT_BUILD_JOBS) || availableParallelism());
    const started = Date.now();
    log(
      `building llama.cpp tools from node-llama-cpp's bundled source (once, cached in ${paths.root}): ` +
        `llama.cpp ${source.tag} (${source.commit.slice(0, 10)}) against the prebuilt libraries in ${libDir}, ` +
        `${jobs} jobs; 29 minutes on a 2-core machine at load 13–17, less when idle (log: ${paths.log})`,
    );
    writeFileSync(paths.log, `build started ${new Date().toISOString()}\n`);
    // The source checkout is shared with every build of this release: it has its own lock.
    mkdirSync(resolve(paths.source, '..'), { recursive: true });
    const releaseSource = await acquireLock(join(resolve(paths.source, '..'), 'checkout.lock'), log);
    try {
      await checkoutSource(source, paths.source, paths.log);
    } finally {
      releaseSource();
    }
    // Copies of the prebuilt libraries beside the executables (see the header).
    mkdirSync(paths.bin, { recursive: true });
    for (const name of prebuiltLibraries(libDir)) copyFileSync(join(libDir, name), join(paths.bin, name));
    const ninja = runSync('ninja', ['--version']).status === 0;
    await step(
      'cmake',
      [
        '-S', CMAKE_PROJECT,
        '-B', paths.build,
        ...(ninja ? ['-G', 'Ninja'] : []),
        '-DCMAKE_BUILD_TYPE=Release',
        // -O2: the tool code (server loop, HTTP, JSON) optimised; the kernels are the prebuilt ones.
        '-DCMAKE_C_FLAGS_RELEASE=-O2 -DNDEBUG',
        '-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG',
        `-DLLAMA_SRC=${paths.source}`,
        `-DLLAMA_PREBUILT_DIR=${libDir}`,
        `-DLLAMA_TOOLS_BIN_DIR=${paths.bin}`,
      ],
      paths.root,
      paths.log,
    );
    const targets = Object.values(LLAMA_TOOLS);
    await step('cmake', ['--build', paths.build, '--config', 'Release', '-j', String(jobs), '--target', ...targets], paths.root, paths.log);
    const tools = toolsIn(paths);
    const absent = [tools.server, tools.bench, tools.batchedBench].filter((file) => !existsSync(file));
    if (absent.length) throw new Error(`the build finished but ${absent.join(', ')} is missing; see ${paths.log}`);
    const seconds = Math.round((Date.now() - started) / 1000);
    writeFileSync(paths.stamp, JSON.stringify({ ...source, libDir, jobs, seconds, builtAt: new Date().toISOString() }, null, 2));
    log(`built ${targets.join(', ')} in ${paths.bin} in ${Math.floor(seconds / 60)} min ${seconds % 60} s`);
    return { ok: true, ...tools, built: true, seconds, source };
  } catch (error) {
    return { ok: false, reason: `building llama.cpp's tools failed: ${(error as Error).message}`, missingTools: false };
  } finally {
    release();
  }
}

/** Without building: the tools' paths when they are built, else why not or where they would be built. */
export function checkLlamaTools(cacheRoot?: string): { built: true; tools: LlamaTools } | { built: false; message: string } {
  const where = locate(cacheRoot);
  if ('reason' in where) return { built: false, message: where.reason };
  if (isBuilt(where.paths)) return { built: true, tools: toolsIn(where.paths) };
  return { built: false, message: missingPrerequisite(where.libDir) ?? `not built yet; it would be built in ${where.paths.root}` };
}

runBuildScript(
  import.meta.url,
  () => {
    const check = checkLlamaTools();
    return check.built ? [check.tools.server, check.tools.bench, check.tools.batchedBench].join('\n') : check.message;
  },
  async () => {
    const result = await ensureLlamaTools();
    return result.ok ? { ok: true, lines: [result.server, result.bench, result.batchedBench] } : result;
  },
);
