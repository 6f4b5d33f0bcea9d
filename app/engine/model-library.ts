// The engine's model-library methods (listModels, inspectModel, removeModel, catalogue, pulls,
// machineInfo): the library, its pulls and their events, behind the contract. The service keeps what
// touches the loaded backend (setBackend, unloadBackend) and the import (path confinement).
import os from 'node:os';
import { join, resolve } from 'node:path';
import { RpcError, type ClientEventSender, type EngineHandlers } from '../common/contract';
import type { LocalLoadSettings, MachineInfo } from '../common/model-library';
import { gpuMemory } from '../models/local/gpu-memory';
import { LibraryError, ModelLibrary, PullManager, loadCatalogue, toCatalogueEntries, toInspectView, toModelEntry } from './modules';

export interface ModelLibraryServiceOptions {
  /** Library folder (the service passes $PROOFWRIGHT_MODELS_DIR or `<user data>/models`). */
  dir: string;
  /** resources/ folder: the shipped catalogue is `models/catalogue.json` in it. */
  resourcesDir: string;
  /**
   * PROOFWRIGHT_CATALOGUE: a catalogue file to show instead of the shipped one (same format,
   * app/models/library/catalogue.ts); HF_ENDPOINT: the Hugging Face endpoint `hf:` refs resolve
   * against. Both for mirrors, air-gapped sites and tests.
   */
  env: Readonly<Record<string, string | undefined>>;
  /** Where pull progress events go (the connected client). */
  client: () => ClientEventSender | null;
  /** The absolute path of the loaded local model, if any (it cannot be removed while loaded). */
  loadedPath: () => string | null;
}

type LibraryHandlers = Pick<
  EngineHandlers,
  'listModels' | 'inspectModel' | 'removeModel' | 'pullModel' | 'cancelPull' | 'pendingPulls' | 'discardPull' | 'catalogue' | 'machineInfo'
>;

export interface ModelLibraryService {
  library: ModelLibrary;
  handlers: LibraryHandlers;
  /** Runs `body`, turning a LibraryError into an RpcError with the matching code (message kept). */
  libraryCall<T>(body: () => Promise<T>): Promise<T>;
  /** Pauses running pulls (their bytes stay for a resume). */
  dispose(): Promise<void>;
}

/** Library errors keep their message; the code tells the UI what kind of problem it is. */
export async function libraryCall<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof LibraryError) {
      const code = error.code === 'not-found' ? 'not-found' : error.code === 'exists' ? 'conflict' : error.code === 'bad-name' || error.code === 'bad-source' ? 'invalid-request' : 'internal';
      throw new RpcError(error.message, code);
    }
    throw error;
  }
}

/** The local backend's load options from the settings (null fields are left to the backend's own choice). */
export function localLoadOptions(local: LocalLoadSettings | undefined): { threads?: number; contextSize?: number; gpuLayers?: 'auto' | 'max' | number } {
  if (!local) return {};
  return {
    ...(local.threads !== null ? { threads: local.threads } : {}),
    ...(local.contextSize !== null ? { contextSize: local.contextSize } : {}),
    gpuLayers: local.gpuLayers,
  };
}

/** RAM from the OS; the GPU's memory from the node-llama-cpp runtime once a local model has loaded it. */
export async function machineInfo(): Promise<MachineInfo> {
  const { probed, gpu } = await gpuMemory();
  return { totalMemoryBytes: os.totalmem(), freeMemoryBytes: os.freemem(), cpuCores: Math.max(1, os.availableParallelism()), gpu: gpu ? { ...gpu } : null, gpuProbed: probed };
}

export function createModelLibraryService(options: ModelLibraryServiceOptions): ModelLibraryService {
  const library = new ModelLibrary({ dir: options.dir, hfEndpoint: options.env.HF_ENDPOINT || undefined, surface: 'app' });
  const pulls = new PullManager(library, (progress) => void options.client()?.pullProgress(progress).catch(() => undefined));
  const cataloguePath = options.env.PROOFWRIGHT_CATALOGUE ? resolve(options.env.PROOFWRIGHT_CATALOGUE) : join(options.resourcesDir, 'models', 'catalogue.json');

  const findEntry = async (id: string) => {
    const entry = (await library.list()).find((e) => e.name === id);
    if (!entry) throw new RpcError(`no model "${id}" in the library`, 'not-found');
    return entry;
  };

  const handlers: LibraryHandlers = {
    listModels: () => libraryCall(async () => (await library.list()).map(toModelEntry)),
    inspectModel: ({ id, contextSize }) =>
      libraryCall(async () => {
        const entry = await findEntry(id);
        return toInspectView(entry, await library.inspect(entry.path, { contextSize }));
      }),
    removeModel: ({ id }) =>
      libraryCall(async () => {
        const entry = await findEntry(id);
        const loaded = options.loadedPath();
        if (loaded !== null && (resolve(loaded) === resolve(entry.path) || (entry.target !== undefined && resolve(loaded) === resolve(entry.target)))) {
          throw new RpcError(`${entry.name} is loaded: unload it first`, 'conflict');
        }
        await library.remove(entry.name);
        return { ok: true as const };
      }),
    pullModel: ({ ref }) => pulls.start(ref),
    cancelPull: ({ pullId, discard }) => pulls.cancel(pullId, { discard }),
    pendingPulls: () => libraryCall(() => pulls.pending()),
    discardPull: ({ fileName }) => libraryCall(async () => ({ discarded: await library.discardPartial(fileName) })),
    catalogue: async () => toCatalogueEntries(await loadCatalogue(cataloguePath)),
    machineInfo,
  };

  return { library, handlers, libraryCall, dispose: () => pulls.dispose() };
}
