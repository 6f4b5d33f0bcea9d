// Where the local backend's out-of-process runtimes, llama.cpp's own `llama-server` and our
// `proofwright-runtime`, are found. The one place that knows: the integrator points them at other
// builds here (see NOTES.md, issue 16).
import { accessSync, constants, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import envPaths from 'env-paths';
import { RUNTIME_PROTOCOL } from './runtime-protocol';

/** A llama-server binary and how it was found (reported in BackendInfo.runtime). */
export interface LlamaServerBinary {
  path: string;
  source: 'env' | 'bundled' | 'fast-build';
}

/**
 * The environment variable through which the desktop app's main process hands the engine Electron's
 * `process.resourcesPath` (main/engine.ts): the engine runs in a utility process, where Electron does
 * not document that property, so main passes it rather than the engine guessing.
 */
export const ELECTRON_RESOURCES_ENV = 'PROOFWRIGHT_ELECTRON_RESOURCES';

const EXE = process.platform === 'win32' ? 'llama-server.exe' : 'llama-server';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Sub-folders of `base` whose name starts with `prefix`, newest first. */
function foldersNewestFirst(base: string, prefix: string): string[] {
  try {
    return readdirSync(base, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name.startsWith(prefix))
      .map((entry) => join(base, entry.name))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  } catch {
    return [];
  }
}

/**
 * The llama-server to run, or undefined when there is none: $PROOFWRIGHT_LLAMA_SERVER (a path; `none`
 * turns the server runtime off), else the one the packaged desktop app ships
 * (`<resources>/llama-server/llama-server`, staged by scripts/stage-llama-server.ts; `<resources>` is
 * $PROOFWRIGHT_ELECTRON_RESOURCES, set by the app's main process), else the optimised build linked
 * against node-llama-cpp's libraries (scripts/build-llama-tools.ts: `<cache>/llama-tools-*\/bin/`, only
 * once its stamp `built.json` says the build finished and no build holds its lock; the newest such build).
 * `<cache>` is $PROOFWRIGHT_LLAMA_CPP_CACHE or ~/.cache/proofwright, as for those scripts.
 */
export function findLlamaServerBinary(env: Readonly<Record<string, string | undefined>> = process.env): LlamaServerBinary | undefined {
  const named = env.PROOFWRIGHT_LLAMA_SERVER;
  if (named) return named === 'none' || !executable(named) ? undefined : { path: named, source: 'env' };
  const bundled = bundledPath(env, EXE);
  if (bundled) return { path: bundled, source: 'bundled' };
  const cache = env.PROOFWRIGHT_LLAMA_CPP_CACHE || envPaths('proofwright', { suffix: '' }).cache;
  for (const root of foldersNewestFirst(cache, 'llama-tools-')) {
    const path = join(root, 'bin', EXE);
    // A build in progress holds its lock file; its binary may be half written. The stamp is written last.
    if (executable(path) && exists(join(root, 'built.json')) && !exists(join(root, 'build.lock'))) return { path, source: 'fast-build' };
  }
  return undefined;
}

/** `<resources>/llama-server/<exe>` of the packaged desktop app, when it is there and executable. */
function bundledPath(env: Readonly<Record<string, string | undefined>>, exe: string): string | undefined {
  const resources = env[ELECTRON_RESOURCES_ENV];
  if (!resources) return undefined;
  // Staged whole by `npm run dist` before packaging, so there is no half-written build to guard against.
  const path = join(resources, 'llama-server', exe);
  return executable(path) ? path : undefined;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Our own native runtime (native/runtime/, scripts/build-llama-runtime.ts) and how it was found. */
export interface LlamaRuntimeBinary {
  path: string;
  source: 'env' | 'bundled' | 'build';
}

const RUNTIME_EXE = process.platform === 'win32' ? 'proofwright-runtime.exe' : 'proofwright-runtime';

/**
 * The proofwright-runtime to run, or undefined when there is none: $PROOFWRIGHT_LLAMA_RUNTIME (a path;
 * `none` turns the native runtime off), else the one the packaged desktop app ships beside llama-server
 * (`<resources>/llama-server/proofwright-runtime`, staged by scripts/stage-llama-server.ts; `<resources>`
 * is $PROOFWRIGHT_ELECTRON_RESOURCES), else the newest finished build in
 * `<cache>/llama-runtime-*\/bin/` (scripts/build-llama-runtime.ts: its stamp `built.json` written, no
 * build holding its lock). `<cache>` is $PROOFWRIGHT_LLAMA_CPP_CACHE or ~/.cache/proofwright.
 */
export function findLlamaRuntimeBinary(env: Readonly<Record<string, string | undefined>> = process.env): LlamaRuntimeBinary | undefined {
  const named = env.PROOFWRIGHT_LLAMA_RUNTIME;
  if (named) return named === 'none' || !executable(named) ? undefined : { path: named, source: 'env' };
  const bundled = bundledPath(env, RUNTIME_EXE);
  if (bundled) return { path: bundled, source: 'bundled' };
  const cache = env.PROOFWRIGHT_LLAMA_CPP_CACHE || envPaths('proofwright', { suffix: '' }).cache;
  for (const root of foldersNewestFirst(cache, 'llama-runtime-')) {
    const path = join(root, 'bin', RUNTIME_EXE);
    if (executable(path) && stampedProtocol(join(root, 'built.json')) === RUNTIME_PROTOCOL && !exists(join(root, 'build.lock'))) return { path, source: 'build' };
  }
  return undefined;
}

/** The wire format a runtime build was stamped with (`built.json`'s `protocol`; none: 1), or null without a readable stamp. */
function stampedProtocol(stamp: string): number | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(stamp, 'utf8'));
    const protocol = parsed && typeof parsed === 'object' ? (parsed as { protocol?: unknown }).protocol : undefined;
    return typeof protocol === 'number' ? protocol : 1;
  } catch {
    return null;
  }
}
