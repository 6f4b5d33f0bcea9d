// Stages the desktop app's out-of-process local runtimes for its package: llama.cpp's `llama-server`
// and our own `proofwright-runtime` (native/runtime/). `npm run dist` runs this before electron-builder,
// which ships the staged folder as <resources>/llama-server/ (electron-builder.yml, extraResources),
// where the engine finds both (app/models/local/server-binary.ts, source 'bundled').
//
//   npx tsx scripts/stage-llama-server.ts [--dest <folder>]
//
// llama-server is the one scripts/build-llama-tools.ts builds, proofwright-runtime the one
// scripts/build-llama-runtime.ts builds, both against node-llama-cpp's prebuilt CPU libraries (built
// once per machine, cached; the tools' first build takes about 30 minutes, the runtime's about a
// minute). ONE folder, one rule for both: each executable is copied with every shared library beside
// it (their RUNPATH is $ORIGIN and ggml dl-loads its CPU variant, libggml-cpu-<variant>.so, from the
// executable's folder, so the folder runs wherever it is put). The two link the same prebuilt
// libraries, so they share one copy (~28 MB less in the package); a library of the same name that
// differs between the builds fails the staging rather than ship one executable the other's library.
//
// Default destination: build/llama-server/<os>-<arch>/ (git-ignored), one folder per platform so a
// package for another architecture never ships this one's binaries; electron-builder picks the folder
// by its own ${os}-${arch}. The folder is emptied first and always left in place, with only its stamp
// when nothing is staged. Where an executable cannot be built (not Linux, no compiler, cmake or git)
// this says so in one line and stages the other (with neither, the app runs models in process). A
// build that could run but failed fails the script, and with it the dist.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureLlamaRuntime, type LlamaRuntimeBuild } from './build-llama-runtime';
import { ensureLlamaTools, type LlamaToolsBuild } from './build-llama-tools';
import { REPO_ROOT, type LlamaCppSource } from './llama-cpp-source';

/** The stamp written beside the staged binaries: what they were built from, or why one is missing. */
export const STAGE_STAMP = 'staged.json';

/** electron-builder's name for a platform (its ${os} macro): linux, mac or win. */
function builderOs(platform: string): string {
  return platform === 'darwin' ? 'mac' : platform === 'win32' ? 'win' : platform;
}

/** The default staging folder for this platform and architecture (matches electron-builder.yml). */
export function defaultStageDir(platform: string = process.platform, arch: string = process.arch): string {
  return join(REPO_ROOT, 'build', 'llama-server', `${builderOs(platform)}-${arch}`);
}

/** One executable to stage: where its build put it (its libraries beside it, in `libDir`), or why there is none. */
export type StageBuild =
  | { ok: true; binary: string; libDir: string; source: LlamaCppSource }
  | { ok: false; reason: string; missingTools: boolean };

/** The executables the package ships, by file name. */
export type StageName = 'llama-server' | 'proofwright-runtime';

/** The tools' build (scripts/build-llama-tools.ts) as the server to stage. */
export function serverBuild(build: LlamaToolsBuild): StageBuild {
  return build.ok ? { ok: true, binary: build.server, libDir: build.libDir, source: build.source } : build;
}

/** The runtime's build (scripts/build-llama-runtime.ts: the prebuilt libraries are copied beside it) as the runtime to stage. */
export function runtimeBuild(build: LlamaRuntimeBuild): StageBuild {
  return build.ok ? { ok: true, binary: build.binary, libDir: dirname(build.binary), source: build.source } : build;
}

/** What staging did per executable: staged, or why not; `fatal` when the dist should fail. */
export type StagedBinary = { name: StageName; staged: true } | { name: StageName; staged: false; reason: string; fatal: boolean };

/** What staging did: the files copied (names, executables and libraries), and each executable's outcome. */
export interface StageResult {
  dest: string;
  files: string[];
  binaries: StagedBinary[];
}

/**
 * Copies each built executable and the shared libraries beside it into `dest` (emptied first, always
 * created), with a stamp naming the llama.cpp release of each and why any is missing. An executable
 * whose build is not there is left out (`fatal` false only when this machine cannot build it at all).
 * Throws when a folder holds files but no stamp (not one of ours: a mistyped --dest, never emptied),
 * when a build has no libraries beside it, or when two builds carry different libraries of one name.
 */
export function stageLocalRuntimes(builds: Partial<Record<StageName, StageBuild>>, dest: string = defaultStageDir()): StageResult {
  if (existsSync(dest) && readdirSync(dest).length && !existsSync(join(dest, STAGE_STAMP))) {
    throw new Error(`${dest} is not a llama-server staging folder (it has files but no ${STAGE_STAMP}); not emptying it`);
  }
  // A stale binary from an earlier stage must not ship when this one stages nothing.
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const files: string[] = [];
  const libraryFrom = new Map<string, string>();
  const binaries: StagedBinary[] = [];
  const stamps: Record<string, object> = {};
  for (const [name, build] of Object.entries(builds) as [StageName, StageBuild][]) {
    if (!build.ok) {
      binaries.push({ name, staged: false, reason: build.reason, fatal: !build.missingTools });
      stamps[name] = { staged: false, reason: build.reason };
      continue;
    }
    const libraries = readdirSync(build.libDir).filter((file) => file.endsWith('.so')).sort();
    if (!libraries.length) throw new Error(`no shared libraries beside ${build.binary}: the build in ${build.libDir} is incomplete`);
    for (const library of libraries) {
      const from = join(build.libDir, library);
      const earlier = libraryFrom.get(library);
      if (earlier === undefined) {
        copyFileSync(from, join(dest, library));
        libraryFrom.set(library, from);
        files.push(library);
      } else if (!readFileSync(earlier).equals(readFileSync(from))) {
        throw new Error(`${library} differs between ${earlier} and ${from}: the staged executables would share one; rebuild both against the same node-llama-cpp`);
      }
    }
    const exe = basename(build.binary);
    copyFileSync(build.binary, join(dest, exe));
    chmodSync(join(dest, exe), 0o755);
    files.push(exe);
    binaries.push({ name, staged: true });
    stamps[name] = { staged: true, tag: build.source.tag, commit: build.source.commit, from: build.libDir, libraries };
  }
  const stamp = { ...stamps, platform: process.platform, arch: process.arch, stagedAt: new Date().toISOString() };
  writeFileSync(join(dest, STAGE_STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
  return { dest, files: files.sort(), binaries };
}

async function main(argv: string[]) {
  const at = argv.indexOf('--dest');
  if (at >= 0 && !argv[at + 1]) throw new Error('--dest needs a folder');
  const dest = at >= 0 ? resolve(argv[at + 1]) : defaultStageDir();
  const server = serverBuild(await ensureLlamaTools());
  const runtime = runtimeBuild(await ensureLlamaRuntime());
  const result = stageLocalRuntimes({ 'llama-server': server, 'proofwright-runtime': runtime }, dest);
  const libraries = result.files.filter((file) => file.endsWith('.so')).length;
  for (const binary of result.binaries) {
    if (binary.staged) console.log(`[stage-llama-server] staged ${binary.name} in ${result.dest}`);
    else if (!binary.fatal) console.log(`[stage-llama-server] not bundling ${binary.name} (${binary.name === 'llama-server' ? 'the app falls back to proofwright-runtime or in process' : 'the app falls back to llama-server or in process'}): ${binary.reason}`);
    else {
      console.error(`[stage-llama-server] ${binary.reason}`);
      process.exitCode = 1;
    }
  }
  if (libraries) console.log(`[stage-llama-server] with ${libraries} libraries they share`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
