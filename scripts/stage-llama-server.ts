// Stages llama.cpp's `llama-server` for the desktop app's package: `npm run dist` runs this before
// electron-builder, which ships the staged folder as <resources>/llama-server/ (electron-builder.yml,
// extraResources), where the engine finds it (app/models/local/server-binary.ts, source 'bundled').
//
//   npx tsx scripts/stage-llama-server.ts [--dest <folder>]
//
// The binary is the one scripts/build-llama-tools.ts builds against node-llama-cpp's prebuilt CPU
// libraries (built once per machine, cached; the first build takes about 30 minutes). It is copied with
// every shared library beside it: its RUNPATH is $ORIGIN and ggml dl-loads its CPU variant
// (libggml-cpu-<variant>.so) from the executable's folder, so the folder runs wherever it is put.
//
// Default destination: build/llama-server/<os>-<arch>/ (git-ignored), one folder per platform so a
// package for another architecture never ships this one's binary; electron-builder picks the folder by
// its own ${os}-${arch}. The folder is emptied first and always left in place, with only its stamp
// when nothing is staged. Where the tools cannot be built (not Linux, no compiler, cmake or git) this says so in one
// line and stages nothing: the app then runs models in process. A build that could run but failed
// fails the script, and with it the dist.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureLlamaTools, type LlamaToolsBuild } from './build-llama-tools';
import { REPO_ROOT } from './llama-cpp-source';

/** The stamp written beside a staged binary: what it was built from. */
export const STAGE_STAMP = 'staged.json';

/** electron-builder's name for a platform (its ${os} macro): linux, mac or win. */
function builderOs(platform: string): string {
  return platform === 'darwin' ? 'mac' : platform === 'win32' ? 'win' : platform;
}

/** The default staging folder for this platform and architecture (matches electron-builder.yml). */
export function defaultStageDir(platform: string = process.platform, arch: string = process.arch): string {
  return join(REPO_ROOT, 'build', 'llama-server', `${builderOs(platform)}-${arch}`);
}

/** What staging did: the files copied (names), or why nothing was; `fatal` when the dist should fail. */
export type StageResult = { staged: true; dest: string; files: string[] } | { staged: false; dest: string; reason: string; fatal: boolean };

/**
 * Copies a built llama-server and the shared libraries beside it into `dest` (emptied first, always
 * created), with a stamp naming the llama.cpp release. Given a build that is not there, stages nothing
 * but the stamp saying why; `fatal` is false only when this machine cannot build the tools at all.
 * Refuses to empty a folder that holds files but no stamp (not one of ours: a mistyped --dest).
 */
export function stageLlamaServer(build: LlamaToolsBuild, dest: string = defaultStageDir()): StageResult {
  if (existsSync(dest) && readdirSync(dest).length && !existsSync(join(dest, STAGE_STAMP))) {
    throw new Error(`${dest} is not a llama-server staging folder (it has files but no ${STAGE_STAMP}); not emptying it`);
  }
  // A stale binary from an earlier stage must not ship when this one stages nothing.
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const stamp = (fields: object) => writeFileSync(join(dest, STAGE_STAMP), `${JSON.stringify({ ...fields, platform: process.platform, arch: process.arch, stagedAt: new Date().toISOString() }, null, 2)}\n`);
  if (!build.ok) {
    stamp({ llamaServer: false, reason: build.reason });
    return { staged: false, dest, reason: build.reason, fatal: !build.missingTools };
  }
  const libraries = readdirSync(build.libDir).filter((name) => name.endsWith('.so')).sort();
  if (!libraries.length) throw new Error(`no shared libraries beside ${build.server}: the build in ${build.libDir} is incomplete`);
  const server = basename(build.server);
  copyFileSync(build.server, join(dest, server));
  chmodSync(join(dest, server), 0o755);
  for (const name of libraries) copyFileSync(join(build.libDir, name), join(dest, name));
  const files = [server, ...libraries];
  stamp({ llamaServer: true, tag: build.source.tag, commit: build.source.commit, from: build.libDir, files });
  return { staged: true, dest, files };
}

async function main(argv: string[]) {
  const at = argv.indexOf('--dest');
  if (at >= 0 && !argv[at + 1]) throw new Error('--dest needs a folder');
  const dest = at >= 0 ? resolve(argv[at + 1]) : defaultStageDir();
  const result = stageLlamaServer(await ensureLlamaTools(), dest);
  if (result.staged) {
    console.log(`[stage-llama-server] staged llama-server and ${result.files.length - 1} libraries in ${result.dest}`);
  } else if (!result.fatal) {
    console.log(`[stage-llama-server] not bundling llama-server (the app will run models in process): ${result.reason}`);
  } else {
    console.error(`[stage-llama-server] ${result.reason}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
