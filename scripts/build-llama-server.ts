// Builds llama.cpp's `llama-server` from the llama.cpp source that node-llama-cpp ships (a git bundle of
// the release it pins), once per machine, so tests can run the `openai` backend against a real server.
//
//   npx tsx scripts/build-llama-server.ts          # build if needed, print the binary's path
//   npx tsx scripts/build-llama-server.ts --check  # print the path or why it cannot be built; never build
//
// The build is cached outside the clone (~/.cache/proofwright/llama.cpp-<tag>-<commit>/, or
// $PROOFWRIGHT_LLAMA_CPP_CACHE) because it takes 10–25 minutes on 2 cores. A lock file makes a second
// process (another test file, a second `npm test`) wait for the first build instead of starting its own.
// CPU only, no curl: the tests only need a server that loads a local GGUF.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import envPaths from 'env-paths';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LLAMA_DIR = join(REPO_ROOT, 'node_modules', 'node-llama-cpp', 'llama');
const BUNDLE = join(LLAMA_DIR, 'gitRelease.bundle');

/** The llama.cpp release node-llama-cpp pins: its tag (llama.cpp.info.json) and the bundle's commit. */
export interface LlamaCppSource {
  tag: string;
  commit: string;
  bundle: string;
}

/** Where a build lives: the checkout, the CMake build tree, the binary and the stamp written after success. */
export interface LlamaServerPaths {
  root: string;
  source: string;
  build: string;
  binary: string;
  stamp: string;
  lock: string;
  log: string;
}

/**
 * Either a ready `llama-server` binary, or the reason it is not available; `missingTools` is true when
 * the machine lacks git, cmake or a C++ compiler (callers may skip), false when a build was possible
 * but failed (callers should fail).
 */
export type LlamaServerBuild =
  | { ok: true; binary: string; built: boolean; seconds: number; source: LlamaCppSource }
  | { ok: false; reason: string; missingTools: boolean };

function run(cmd: string, args: string[], cwd?: string) {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Reads the pinned release from node-llama-cpp's files. Throws with a clear message when they are missing. */
export function llamaCppSource(): LlamaCppSource {
  if (!existsSync(BUNDLE)) throw new Error(`node-llama-cpp ships no llama.cpp source here (${BUNDLE} is missing)`);
  const info = JSON.parse(readFileSync(join(LLAMA_DIR, 'llama.cpp.info.json'), 'utf8')) as { tag?: string };
  const heads = run('git', ['bundle', 'list-heads', BUNDLE]);
  const commit = heads.status === 0 ? /^([0-9a-f]{40})\b/m.exec(heads.stdout)?.[1] : undefined;
  if (!commit) throw new Error(`cannot read the commit of ${BUNDLE}: ${heads.stderr || heads.error?.message || 'no heads'}`);
  return { tag: info.tag ?? 'unknown', commit, bundle: BUNDLE };
}

/** The cache paths for a source; `cacheRoot` defaults to $PROOFWRIGHT_LLAMA_CPP_CACHE or ~/.cache/proofwright. */
export function llamaServerPaths(source: LlamaCppSource, cacheRoot?: string): LlamaServerPaths {
  const base =
    cacheRoot ?? process.env.PROOFWRIGHT_LLAMA_CPP_CACHE ?? envPaths('proofwright', { suffix: '' }).cache;
  const root = join(base, `llama.cpp-${source.tag}-${source.commit.slice(0, 10)}`);
  const build = join(root, 'build');
  return {
    root,
    source: join(root, 'src'),
    build,
    binary: join(build, 'bin', 'llama-server'),
    stamp: join(root, 'built.json'),
    lock: join(root, 'build.lock'),
    log: join(root, 'build.log'),
  };
}

/** Why this machine cannot build llama-server (a missing tool), or undefined when it can. */
export function missingToolchain(env: Record<string, string | undefined> = process.env): string | undefined {
  const missing: string[] = [];
  if (run('git', ['--version']).status !== 0) missing.push('git');
  if (run('cmake', ['--version']).status !== 0) missing.push('cmake');
  const cxx = env.CXX || 'c++';
  if (run(cxx, ['--version']).status !== 0) missing.push(`a C++ compiler (${cxx})`);
  return missing.length ? `cannot build llama-server: ${missing.join(', ')} not found` : undefined;
}

function isBuilt(paths: LlamaServerPaths): boolean {
  return existsSync(paths.stamp) && existsSync(paths.binary);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the build lock (a file holding our pid, created exclusively). A lock whose process is gone is
 * stale and removed; a live one is waited for, polling every `pollMs` (default 5 s). Returns the
 * release function.
 */
export async function acquireLock(lock: string, log: (line: string) => void, pollMs = 5_000): Promise<() => void> {
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = Number(readFileSync(lock, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) {
      rmSync(lock, { force: true });
      continue;
    }
    if (!announced) log(`waiting for the llama-server build already running in process ${pid} (${lock})`);
    announced = true;
    await new Promise((done) => setTimeout(done, pollMs));
  }
}

/** Runs a build step, appending its output to the log; rejects with the step and the log's last lines. */
function step(cmd: string, args: string[], cwd: string, logPath: string): Promise<void> {
  return new Promise((resolveStep, reject) => {
    writeFileSync(logPath, `\n$ ${cmd} ${args.join(' ')}\n`, { flag: 'a' });
    const logFd = openSync(logPath, 'a');
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', logFd, logFd] });
    child.on('error', (error) => {
      closeSync(logFd);
      reject(new Error(`${cmd} failed to start: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      closeSync(logFd);
      if (code === 0) return resolveStep();
      const tail = readFileSync(logPath, 'utf8').split('\n').slice(-25).join('\n');
      reject(new Error(`${cmd} ${args[0]} ${signal ? `killed by ${signal}` : `exited ${code}`}; see ${logPath}\n${tail}`));
    });
  });
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
 * Returns the cached `llama-server` binary, building it first when there is none: clones the bundled
 * release, configures CMake (Release, CPU only, LLAMA_CURL=OFF, static) and builds only the
 * `llama-server` target. Never throws: a missing toolchain or a failed build comes back as `ok: false`
 * with the reason (the build log's tail included), so callers can say what they skip and why.
 */
export async function ensureLlamaServer(options: BuildOptions = {}): Promise<LlamaServerBuild> {
  const log = options.log ?? ((line: string) => process.stderr.write(`[llama-server] ${line}\n`));
  let source: LlamaCppSource;
  try {
    source = llamaCppSource();
  } catch (error) {
    return { ok: false, reason: (error as Error).message, missingTools: false };
  }
  const paths = llamaServerPaths(source, options.cacheRoot);
  if (isBuilt(paths)) return { ok: true, binary: paths.binary, built: false, seconds: 0, source };
  const missing = missingToolchain();
  if (missing) return { ok: false, reason: missing, missingTools: true };

  mkdirSync(paths.root, { recursive: true });
  const release = await acquireLock(paths.lock, log);
  try {
    // Another process may have finished the build while we waited for the lock.
    if (isBuilt(paths)) return { ok: true, binary: paths.binary, built: false, seconds: 0, source };
    const jobs = options.jobs ?? (Number(process.env.PROOFWRIGHT_BUILD_JOBS) || availableParallelism());
    const started = Date.now();
    log(
      `building llama-server from llama.cpp ${source.tag} (${source.commit.slice(0, 10)}) in ${paths.root} ` +
        `with ${jobs} jobs; the first build takes 10–25 minutes on 2 cores (log: ${paths.log})`,
    );
    writeFileSync(paths.log, `build started ${new Date().toISOString()}\n`);
    if (!existsSync(join(paths.source, '.git'))) {
      rmSync(paths.source, { recursive: true, force: true });
      mkdirSync(paths.source, { recursive: true });
      await step('git', ['init', '--quiet'], paths.source, paths.log);
      await step('git', ['fetch', '--quiet', source.bundle, source.commit], paths.source, paths.log);
    }
    await step('git', ['checkout', '--quiet', '--force', '--detach', source.commit], paths.source, paths.log);
    const ninja = run('ninja', ['--version']).status === 0;
    await step(
      'cmake',
      [
        '-S', paths.source,
        '-B', paths.build,
        ...(ninja ? ['-G', 'Ninja'] : []),
        '-DCMAKE_BUILD_TYPE=Release',
        // -O1: the tests need a working server, not a fast one, and -O1 compiles much faster than -O3
        // on a 2-core CI machine; the tiny test model runs in milliseconds either way.
        '-DCMAKE_C_FLAGS_RELEASE=-O1 -DNDEBUG',
        '-DCMAKE_CXX_FLAGS_RELEASE=-O1 -DNDEBUG',
        // Portable x86-64/arm64 code instead of -march=native: a cache copied to another CPU still runs.
        '-DGGML_NATIVE=OFF',
        '-DBUILD_SHARED_LIBS=OFF',
        // Nothing fetched or linked from the network: no curl/OpenSSL, no prebuilt web UI download.
        '-DLLAMA_CURL=OFF',
        '-DLLAMA_OPENSSL=OFF',
        '-DLLAMA_USE_PREBUILT_UI=OFF',
        '-DLLAMA_BUILD_UI=OFF',
        '-DLLAMA_BUILD_TESTS=OFF',
        '-DLLAMA_BUILD_EXAMPLES=OFF',
        '-DLLAMA_BUILD_SERVER=ON',
        '-DGGML_CUDA=OFF',
        '-DGGML_VULKAN=OFF',
        '-DGGML_METAL=OFF',
      ],
      paths.root,
      paths.log,
    );
    await step('cmake', ['--build', paths.build, '--config', 'Release', '--target', 'llama-server', '-j', String(jobs)], paths.root, paths.log);
    if (!existsSync(paths.binary)) throw new Error(`the build finished but ${paths.binary} is missing; see ${paths.log}`);
    const seconds = Math.round((Date.now() - started) / 1000);
    writeFileSync(paths.stamp, JSON.stringify({ ...source, jobs, seconds, builtAt: new Date().toISOString() }, null, 2));
    log(`built ${paths.binary} in ${Math.floor(seconds / 60)} min ${seconds % 60} s`);
    return { ok: true, binary: paths.binary, built: true, seconds, source };
  } catch (error) {
    return { ok: false, reason: `building llama-server failed: ${(error as Error).message}`, missingTools: false };
  } finally {
    release();
  }
}

async function main(argv: string[]) {
  if (argv.includes('--check')) {
    const source = llamaCppSource();
    const paths = llamaServerPaths(source);
    if (isBuilt(paths)) console.log(paths.binary);
    else console.log(missingToolchain() ?? `not built yet; it would be built in ${paths.root}`);
    return;
  }
  const result = await ensureLlamaServer();
  if (!result.ok) {
    console.error(result.reason);
    process.exitCode = 1;
    return;
  }
  console.log(result.binary);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
