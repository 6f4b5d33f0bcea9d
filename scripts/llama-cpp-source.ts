// The llama.cpp source node-llama-cpp ships (a git bundle of the release it pins) and the plumbing the
// builds of llama.cpp's tools share: reading the pinned release, checking it out once per machine, the
// toolchain check, the build lock and logged build steps. Used by build-llama-tools.ts.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import envPaths from 'env-paths';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LLAMA_DIR = join(REPO_ROOT, 'node_modules', 'node-llama-cpp', 'llama');
const BUNDLE = join(LLAMA_DIR, 'gitRelease.bundle');

/** The llama.cpp release node-llama-cpp pins: its tag (llama.cpp.info.json) and the bundle's commit. */
export interface LlamaCppSource {
  tag: string;
  commit: string;
  bundle: string;
}

/** Runs a command synchronously, capturing its output (never throws). */
export function runSync(cmd: string, args: string[], cwd?: string) {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Reads the pinned release from node-llama-cpp's files. Throws with a clear message when they are missing. */
export function llamaCppSource(): LlamaCppSource {
  if (!existsSync(BUNDLE)) throw new Error(`node-llama-cpp ships no llama.cpp source here (${BUNDLE} is missing)`);
  const info = JSON.parse(readFileSync(join(LLAMA_DIR, 'llama.cpp.info.json'), 'utf8')) as { tag?: string };
  const heads = runSync('git', ['bundle', 'list-heads', BUNDLE]);
  const commit = heads.status === 0 ? /^([0-9a-f]{40})\b/m.exec(heads.stdout)?.[1] : undefined;
  if (!commit) throw new Error(`cannot read the commit of ${BUNDLE}: ${heads.stderr || heads.error?.message || 'no heads'}`);
  return { tag: info.tag ?? 'unknown', commit, bundle: BUNDLE };
}

/** The cache root: `cacheRoot`, else $PROOFWRIGHT_LLAMA_CPP_CACHE, else ~/.cache/proofwright. */
export function cacheBase(cacheRoot?: string): string {
  return cacheRoot ?? process.env.PROOFWRIGHT_LLAMA_CPP_CACHE ?? envPaths('proofwright', { suffix: '' }).cache;
}

/** Where the release is checked out (shared by every build of its tools): <cache>/llama.cpp-<tag>-<commit10>/src. */
export function sourceCheckoutDir(source: LlamaCppSource, cacheRoot?: string): string {
  return join(cacheBase(cacheRoot), `llama.cpp-${source.tag}-${source.commit.slice(0, 10)}`, 'src');
}

/** Why this machine cannot build llama.cpp's tools (a missing tool), or undefined when it can. */
export function missingToolchain(env: Record<string, string | undefined> = process.env): string | undefined {
  const missing: string[] = [];
  if (runSync('git', ['--version']).status !== 0) missing.push('git');
  if (runSync('cmake', ['--version']).status !== 0) missing.push('cmake');
  const cxx = env.CXX || 'c++';
  if (runSync(cxx, ['--version']).status !== 0) missing.push(`a C++ compiler (${cxx})`);
  return missing.length ? `cannot build llama-server: ${missing.join(', ')} not found` : undefined;
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
export function step(cmd: string, args: string[], cwd: string, logPath: string): Promise<void> {
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

/**
 * Checks the pinned commit out into `dir` (cloned from the bundle the first time; later calls only
 * reset the work tree to the commit). The caller holds a build lock.
 */
export async function checkoutSource(source: LlamaCppSource, dir: string, logPath: string): Promise<void> {
  if (!existsSync(join(dir, '.git'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await step('git', ['init', '--quiet'], dir, logPath);
    await step('git', ['fetch', '--quiet', source.bundle, source.commit], dir, logPath);
  }
  await step('git', ['checkout', '--quiet', '--force', '--detach', source.commit], dir, logPath);
}

/**
 * The command line of a build script, run only when `moduleUrl` (the script's import.meta.url) is the
 * file node was started on, so importing the script builds nothing:
 * `--check` prints `check()` (the built files' paths, or why they are not there) and never builds;
 * otherwise `build()` runs and its lines (the built files' paths) are printed one a line, or its
 * `reason` goes to stderr with exit code 1, as does anything it throws.
 */
export function runBuildScript(
  moduleUrl: string,
  check: () => string,
  build: () => Promise<{ ok: true; lines: string[] } | { ok: false; reason: string }>,
): void {
  if (!process.argv[1] || resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  const main = async (argv: string[]) => {
    if (argv.includes('--check')) {
      console.log(check());
      return;
    }
    const result = await build();
    if (!result.ok) {
      console.error(result.reason);
      process.exitCode = 1;
      return;
    }
    console.log(result.lines.join('\n'));
  };
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
