// `local:PATH.gguf`: picks the runtime that runs the model. llama.cpp's own llama-server out of
// process when a binary is found (native speed, in-memory prompt sharing: server-backend.ts), else
// node-llama-cpp in this process (local-backend.ts). Both keep the same ModelBackend contract.
import { BackendError } from '../backend';
import { getLlamaRuntime } from './llama-runtime';
import { createInProcessBackend, positiveInteger, type LocalBackendOptions, type LocalModelBackend } from './local-backend';
import { findLlamaServerBinary, type LlamaServerBinary } from './server-binary';
import { createServerBackend } from './server-backend';
import { availableCores, chooseServerThreads, otherProcessesLoad } from './threads';

const DEFAULT_PARALLEL = 4;

/** Which runtime runs a local model, and why (recorded in BackendInfo.runtime). */
export type RuntimeChoice = { runtime: 'server'; binary: LlamaServerBinary; why: string } | { runtime: 'in-process'; why: string };

/**
 * The runtime rule. An explicit choice (option or $PROOFWRIGHT_LOCAL_RUNTIME) wins. Otherwise
 * llama-server when a binary is found, except where node-llama-cpp found a GPU (`runtimeGpu`: its
 * `llama.gpu`, e.g. 'cuda'; false for none) and the binary is our own build (the cache's, or its copy
 * bundled with the desktop app), which is linked against node-llama-cpp's CPU libraries only: a GPU
 * beats any CPU runtime. A binary named by
 * $PROOFWRIGHT_LLAMA_SERVER is the user's (perhaps a GPU build), so it is used as given. Throws
 * BackendError('model-load') when the server was asked for and there is no binary.
 */
export function chooseLocalRuntime(asked: 'server' | 'in-process' | undefined, binary: LlamaServerBinary | undefined, runtimeGpu: string | false): RuntimeChoice {
  if (asked === 'in-process') return { runtime: 'in-process', why: 'runtime: in-process was asked for' };
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
 * The llama-server runtime's idle limit in seconds (option `streamIdleSeconds`, else
 * $PROOFWRIGHT_LLAMA_SERVER_IDLE_S; undefined: the default), a positive number; else BackendError('bad-spec').
 */
function idleLimit(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const seconds = typeof value === 'string' ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new BackendError(`local backend: the idle limit (streamIdleSeconds or $PROOFWRIGHT_LLAMA_SERVER_IDLE_S) must be a positive number of seconds, got ${JSON.stringify(value)}`, 'bad-spec');
  }
  return seconds;
}

/** Load a GGUF model for local inference with the chosen runtime; bad files and load failures throw BackendError('model-load'). */
export async function createLocalBackend(path: string, options: LocalBackendOptions = {}): Promise<LocalModelBackend> {
  const asked = options.runtime ?? (process.env.PROOFWRIGHT_LOCAL_RUNTIME || undefined);
  if (asked !== undefined && asked !== 'server' && asked !== 'in-process') {
    throw new BackendError(`local backend: runtime must be "server" or "in-process", got ${String(asked)}`, 'bad-spec');
  }
  const binary = asked === 'in-process' ? undefined : findLlamaServerBinary();
  // node-llama-cpp's runtime is loaded on every path: the in-process runtime runs on it, the model
  // library's GPU memory comes from its probe (gpu-memory.ts), and its GPU decides the runtime. Its
  // failure does not concern the server.
  const gpu = options.gpu ?? 'auto';
  const llama = gpu === false ? undefined : await getLlamaRuntime(gpu).catch(() => undefined);
  const choice = chooseLocalRuntime(asked, binary, llama?.gpu ?? false);
  if (choice.runtime === 'in-process') return createInProcessBackend(path, options, choice.why);
  const parallel = positiveInteger(options.parallel, 'parallel') ?? DEFAULT_PARALLEL;
  const threads = positiveInteger(options.threads, 'threads');
  const contextSize = positiveInteger(options.contextSize, 'contextSize');
  const batchSize = positiveInteger(options.batchSize, 'batchSize');
  const streamIdleSeconds = idleLimit(options.streamIdleSeconds ?? (process.env.PROOFWRIGHT_LLAMA_SERVER_IDLE_S || undefined));
  // Threads the user set cap both decode and prompt processing. Otherwise the cores others leave free,
  // measured now (before our server starts), not the load average (threads.ts says why).
  const split = threads !== undefined ? { decode: threads, batch: threads } : chooseServerThreads(availableCores(), await otherProcessesLoad());
  try {
    return await createServerBackend(path, { ...options, parallel, contextSize, batchSize, streamIdleSeconds }, choice.binary, split, choice.why);
  } catch (error) {
    // A server that cannot start where node-llama-cpp can (a system libstdc++ older than the build's,
    // a binary for another CPU) must not cost the user the model: unless the server was asked for,
    // run in process and say why. A bad file fails there too, with node-llama-cpp's reason.
    if (asked === 'server') throw error;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return createInProcessBackend(path, options, `llama-server failed to start (${reason}): running in process`);
  }
}
