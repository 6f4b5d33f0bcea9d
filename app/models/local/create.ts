// `local:PATH.gguf`: picks the runtime that runs the model. Our own proofwright-runtime out of process
// when it is built (native/runtime, runtime-backend.ts: llama.cpp's speed, one decode loop), else
// llama.cpp's llama-server out of process when a binary is found (server-backend.ts), else
// node-llama-cpp in this process (local-backend.ts). All keep the same ModelBackend contract.
import { existsSync } from 'node:fs';
import { BackendError } from '../backend';
import { firstPartPath } from '../library/splitGguf';
import { getLlamaRuntime } from './llama-runtime';
import { createInProcessBackend, positiveInteger, type LocalBackendOptions, type LocalModelBackend } from './local-backend';
import { createRuntimeBackend } from './runtime-backend';
import { findLlamaRuntimeBinary, findLlamaServerBinary, type LlamaRuntimeBinary, type LlamaServerBinary } from './server-binary';
import { createServerBackend } from './server-backend';
import { availableCores, chooseServerThreads, otherProcessesLoad } from './threads';

const DEFAULT_PARALLEL = 4;

/** Which runtime runs a local model, and why (recorded in BackendInfo.runtime). */
export type RuntimeChoice =
  | { runtime: 'native'; binary: LlamaRuntimeBinary; why: string }
  | { runtime: 'server'; binary: LlamaServerBinary; why: string }
  | { runtime: 'in-process'; why: string };

/** The runtimes a user can ask for (option `runtime`, $PROOFWRIGHT_LOCAL_RUNTIME). */
export type LocalRuntimeName = 'native' | 'server' | 'in-process';

/**
 * The runtime rule. An explicit choice (option or $PROOFWRIGHT_LOCAL_RUNTIME) wins. Otherwise our
 * proofwright-runtime when it is built (`runtimeBinary`), under the same GPU rule as the server (our
 * build links node-llama-cpp's CPU libraries; one named by $PROOFWRIGHT_LLAMA_RUNTIME is used as given);
 * else llama-server when a binary is found, except where node-llama-cpp found a GPU (`runtimeGpu`: its
 * `llama.gpu`, e.g. 'cuda'; false for none) and the binary is our own build (the cache's, or its copy
 * bundled with the desktop app), which is linked against node-llama-cpp's CPU libraries only: a GPU
 * beats any CPU runtime. A binary named by
 * $PROOFWRIGHT_LLAMA_SERVER is the user's (perhaps a GPU build), so it is used as given. Throws
 * BackendError('model-load') when the server was asked for and there is no binary.
 */
export function chooseLocalRuntime(
  asked: LocalRuntimeName | undefined,
  binary: LlamaServerBinary | undefined,
  runtimeGpu: string | false,
  runtimeBinary?: LlamaRuntimeBinary,
): RuntimeChoice {
  if (asked === 'in-process') return { runtime: 'in-process', why: 'runtime: in-process was asked for' };
  if (asked === 'native') {
    if (!runtimeBinary) {
      throw new BackendError('local backend: runtime "native" was asked for but no proofwright-runtime was found ($PROOFWRIGHT_LLAMA_RUNTIME, or a build by scripts/build-llama-runtime.ts)', 'model-load');
    }
    return { runtime: 'native', binary: runtimeBinary, why: 'runtime: native was asked for' };
  }
  if (asked === undefined && runtimeBinary) {
    if (runtimeGpu === false || runtimeBinary.source === 'env') {
      const found = runtimeBinary.source === 'env' ? '$PROOFWRIGHT_LLAMA_RUNTIME' : runtimeBinary.source === 'bundled' ? 'bundled' : 'scripts/build-llama-runtime.ts build';
      return { runtime: 'native', binary: runtimeBinary, why: `proofwright-runtime found (${found}): runs at native llama.cpp speed` };
    }
  }
  if (!binary) {
    const missing = 'no llama-server binary found ($PROOFWRIGHT_LLAMA_SERVER, one bundled with the desktop app, or a build by scripts/build-llama-tools.ts)';
    if (asked === 'server') throw new BackendError(`local backend: runtime "server" was asked for but ${missing}`, 'model-load');
    return { runtime: 'in-process', why: `${missing}: running in process` };
  }
  if (asked === 'server') return { runtime: 'server', binary, why: 'runtime: server was asked for' };
  // The bundled binary is a copy of the fast build (scripts/stage-llama-server.ts): CPU-only too.
  if (runtimeGpu !== false && binary.source !== 'env') {
    return { runtime: 'in-process', why: `node-llama-cpp runs on the GPU (${runtimeGpu}); the llama-server build is CPU-only: running in process` };
  }
  const found = binary.source === 'env' ? '$PROOFWRIGHT_LLAMA_SERVER' : binary.source;
  return { runtime: 'server', binary, why: `llama-server found (${found}): runs at native llama.cpp speed` };
}

/**
 * A time limit in seconds: the out-of-process runtimes' idle limit, one for both (option
 * `streamIdleSeconds`, else $PROOFWRIGHT_LLAMA_SERVER_IDLE_S), or llama-server's keep-alive limit
 * (`streamKeepAliveSeconds`); undefined: the default. A positive number; else BackendError('bad-spec')
 * naming `what` (a zero or negative limit would fail every call at once).
 */
function secondsLimit(value: unknown, what = 'the idle limit (streamIdleSeconds or $PROOFWRIGHT_LLAMA_SERVER_IDLE_S)'): number | undefined {
  if (value === undefined) return undefined;
  const seconds = typeof value === 'string' ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new BackendError(`local backend: ${what} must be a positive number of seconds, got ${JSON.stringify(value)}`, 'bad-spec');
  }
  return seconds;
}

/**
 * Load a GGUF model for local inference with the chosen runtime; bad files and load failures throw
 * BackendError('model-load'). A later part of a split model (`…-00002-of-00003.gguf`) loads the model
 * from its first part, as llama.cpp requires (splitGguf.ts).
 */
export async function createLocalBackend(path: string, options: LocalBackendOptions = {}): Promise<LocalModelBackend> {
  path = firstSplitPart(path);
  const asked = options.runtime ?? (process.env.PROOFWRIGHT_LOCAL_RUNTIME || undefined);
  if (asked !== undefined && asked !== 'native' && asked !== 'server' && asked !== 'in-process') {
    throw new BackendError(`local backend: runtime must be "native", "server" or "in-process", got ${String(asked)}`, 'bad-spec');
  }
  const binary = asked === 'in-process' || asked === 'native' ? undefined : findLlamaServerBinary();
  const runtimeBinary = asked === undefined || asked === 'native' ? findLlamaRuntimeBinary() : undefined;
  // node-llama-cpp's runtime is loaded on every path: the in-process runtime runs on it, the model
  // library's GPU memory comes from its probe (gpu-memory.ts), and its GPU decides the runtime. Its
  // failure does not concern the server.
  const gpu = options.gpu ?? 'auto';
  const llama = gpu === false ? undefined : await getLlamaRuntime(gpu).catch(() => undefined);
  const choice = chooseLocalRuntime(asked, binary, llama?.gpu ?? false, runtimeBinary);
  if (choice.runtime === 'in-process') return createInProcessBackend(path, options, choice.why);
  const parallel = positiveInteger(options.parallel, 'parallel') ?? DEFAULT_PARALLEL;
  const threads = positiveInteger(options.threads, 'threads');
  const contextSize = positiveInteger(options.contextSize, 'contextSize');
  const batchSize = positiveInteger(options.batchSize, 'batchSize');
  const streamIdleSeconds = secondsLimit(options.streamIdleSeconds ?? (process.env.PROOFWRIGHT_LLAMA_SERVER_IDLE_S || undefined));
  // Checked here; it reaches the server backend with the other options.
  secondsLimit(options.streamKeepAliveSeconds, 'the keep-alive limit (streamKeepAliveSeconds)');
  // Threads the user set cap both decode and prompt processing. Otherwise the cores others leave free,
  // measured now (before our server starts), not the load average (threads.ts says why).
  const split = threads !== undefined ? { decode: threads, batch: threads } : chooseServerThreads(availableCores(), await otherProcessesLoad());
  if (choice.runtime === 'native') {
    try {
      return await createRuntimeBackend(path, { ...options, parallel, contextSize, batchSize, streamIdleSeconds }, choice.binary.path, split, choice.why);
    } catch (error) {
      // As for the server below: a runtime that cannot start must not cost the user the model. The
      // server, when there is one, else in process, with the runtime's words as the reason.
      if (asked === 'native') throw error;
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      const server = findLlamaServerBinary();
      const fallback = server ? chooseLocalRuntime(undefined, server, llama?.gpu ?? false) : undefined;
      if (fallback?.runtime !== 'server') return createInProcessBackend(path, options, `proofwright-runtime failed to start (${reason}): running in process`);
      return createServer(path, options, fallback.binary, split, `proofwright-runtime failed to start (${reason}): ${fallback.why}`, { parallel, contextSize, batchSize, streamIdleSeconds }, asked);
    }
  }
  return createServer(path, options, choice.binary, split, choice.why, { parallel, contextSize, batchSize, streamIdleSeconds }, asked);
}

/** The llama-server backend, falling back to in process (saying why) when the server cannot start and was not asked for. */
async function createServer(
  path: string,
  options: LocalBackendOptions,
  binary: LlamaServerBinary,
  split: { decode: number; batch: number },
  why: string,
  sizes: { parallel: number; contextSize?: number; batchSize?: number; streamIdleSeconds?: number },
  asked: LocalRuntimeName | undefined,
): Promise<LocalModelBackend> {
  const { parallel, contextSize, batchSize, streamIdleSeconds } = sizes;
  try {
    return await createServerBackend(path, { ...options, parallel, contextSize, batchSize, streamIdleSeconds }, binary, split, why);
  } catch (error) {
    // A server that cannot start where node-llama-cpp can (a system libstdc++ older than the build's,
    // a binary for another CPU) must not cost the user the model: unless the server was asked for,
    // run in process and say why. A bad file fails there too, with node-llama-cpp's reason.
    if (asked === 'server') throw error;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return createInProcessBackend(path, options, `llama-server failed to start (${reason}): running in process`);
  }
}

/** The first part's path when `path` names a later part of a split model that has its first part beside it; else `path`. */
function firstSplitPart(path: string): string {
  const first = firstPartPath(path);
  return first !== path && existsSync(first) ? first : path;
}
