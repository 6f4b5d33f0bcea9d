// `local:PATH.gguf`: picks the runtime that runs the model. llama.cpp's own llama-server out of
// process when a binary is found (native speed, in-memory prompt sharing: server-backend.ts), else
// node-llama-cpp in this process (local-backend.ts). Both keep the same ModelBackend contract.
import { BackendError } from '../backend';
import { getLlamaRuntime } from './llama-runtime';
import { createInProcessBackend, positiveInteger, type LocalBackendOptions, type LocalModelBackend } from './local-backend';
import { findLlamaServerBinary } from './server-binary';
import { createServerBackend } from './server-backend';
import { availableCores, chooseServerThreads, otherProcessesLoad } from './threads';

const DEFAULT_PARALLEL = 4;

/** Load a GGUF model for local inference with the chosen runtime; bad files and load failures throw BackendError('model-load'). */
export async function createLocalBackend(path: string, options: LocalBackendOptions = {}): Promise<LocalModelBackend> {
  const asked = options.runtime ?? (process.env.PROOFWRIGHT_LOCAL_RUNTIME || undefined);
  if (asked !== undefined && asked !== 'server' && asked !== 'in-process') {
    throw new BackendError(`local backend: runtime must be "server" or "in-process", got ${String(asked)}`, 'bad-spec');
  }
  if (asked === 'in-process') return createInProcessBackend(path, options, 'runtime: in-process was asked for');
  const binary = findLlamaServerBinary();
  if (!binary) {
    const missing = 'no llama-server binary found ($PROOFWRIGHT_LLAMA_SERVER, or a build by scripts/build-llama-tools.ts)';
    if (asked === 'server') throw new BackendError(`local backend: runtime "server" was asked for but ${missing}`, 'model-load');
    return createInProcessBackend(path, options, `${missing}: running in process`);
  }
  const parallel = positiveInteger(options.parallel, 'parallel') ?? DEFAULT_PARALLEL;
  const threads = positiveInteger(options.threads, 'threads');
  const contextSize = positiveInteger(options.contextSize, 'contextSize');
  const batchSize = positiveInteger(options.batchSize, 'batchSize');
  // Threads the user set cap both decode and prompt processing. Otherwise the cores others leave free,
  // measured now (before our server or runtime starts), not the load average (threads.ts says why).
  const split = threads !== undefined ? { decode: threads, batch: threads } : chooseServerThreads(availableCores(), await otherProcessesLoad());
  const why = asked === 'server' ? 'runtime: server was asked for' : `llama-server found (${binary.source === 'env' ? '$PROOFWRIGHT_LLAMA_SERVER' : binary.source}): runs at native llama.cpp speed`;
  // The model library's GPU memory comes from node-llama-cpp's probe (gpu-memory.ts), set once its
  // runtime has loaded: load it beside the server, as the in-process path always did, so VRAM stays
  // known. Its failure does not concern the server.
  const [backend] = await Promise.all([
    createServerBackend(path, { ...options, parallel, contextSize, batchSize }, binary, split, why),
    getLlamaRuntime(options.gpu ?? 'auto').catch(() => undefined),
  ]);
  return backend;
}
