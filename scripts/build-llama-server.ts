// llama.cpp's `llama-server` for the tests that run the `openai` backend against a real server (and for
// anything else that needs the binary): the fast build of build-llama-tools.ts, i.e. the server
// compiled from the llama.cpp source node-llama-cpp ships and linked against node-llama-cpp's prebuilt
// libraries, cached outside the clone.
//
//   npx tsx scripts/build-llama-server.ts          # build if needed, print the binary's path
//   npx tsx scripts/build-llama-server.ts --check  # print the path or why it cannot be built; never build
//
// Until issue 16 this script built all of llama.cpp (static, -O1) into
// <cache>/llama.cpp-<tag>-<commit10>/build: 46 minutes on the 2-core CI machine. That checkout's src/
// is still where the source lives; its old build/ is no longer used.
import { checkLlamaTools, ensureLlamaTools, type BuildOptions } from './build-llama-tools';
import { runBuildScript, type LlamaCppSource } from './llama-cpp-source';

export { acquireLock, llamaCppSource, missingToolchain, type LlamaCppSource } from './llama-cpp-source';
export type { BuildOptions } from './build-llama-tools';

/**
 * Either a ready `llama-server` binary, or the reason it is not available; `missingTools` is true when
 * the machine cannot build it (no git, cmake or C++ compiler, no prebuilt node-llama-cpp libraries:
 * callers may skip), false when a build was possible but failed (callers should fail).
 */
export type LlamaServerBuild =
  | { ok: true; binary: string; built: boolean; seconds: number; source: LlamaCppSource }
  | { ok: false; reason: string; missingTools: boolean };

/** The cached `llama-server`, built first (with llama-bench and llama-batched-bench) when there is none. Never throws. */
export async function ensureLlamaServer(options: BuildOptions = {}): Promise<LlamaServerBuild> {
  const tools = await ensureLlamaTools(options);
  if (!tools.ok) return tools;
  return { ok: true, binary: tools.server, built: tools.built, seconds: tools.seconds, source: tools.source };
}

runBuildScript(
  import.meta.url,
  () => {
    const check = checkLlamaTools();
    return check.built ? check.tools.server : check.message;
  },
  async () => {
    const result = await ensureLlamaServer();
    return result.ok ? { ok: true, lines: [result.binary] } : result;
  },
);
