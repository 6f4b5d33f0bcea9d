// Models: the model library (app/engine/model-library.ts: list, inspect, remove, pulls, catalogue,
// machine memory; here the import, which needs the path guard), and the one loaded backend
// (choose, reload, unload, API key). Other features reach the backend through `requireBackend`.
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { typedPath } from '../../common/model-library';
import { RpcError, type BackendStatus } from '../../common/contract';
import type { ModelBackend } from '../../models/backend';
import { parseBackendSpec } from '../../models/spec';
import type { EngineFeature } from '../container';
import { createModelLibraryService, localLoadOptions } from '../model-library';
import { createBackend, toModelEntry } from '../modules';
import { confineBackendSpec, type SpecContext } from '../backendSpecs';
import { originOf } from '../secrets';
import type { EngineContext } from './context';

type ModelMethods =
  | 'listModels' | 'inspectModel' | 'removeModel' | 'importModel' | 'pullModel' | 'cancelPull' | 'pendingPulls' | 'discardPull'
  | 'machineInfo' | 'catalogue' | 'unloadBackend'
  | 'setBackend' | 'backendStatus' | 'reloadBackend' | 'setApiKey' | 'apiKeyStatus';

export interface ModelsFeature extends EngineFeature<ModelMethods> {
  /** The loaded backend; throws `unavailable` (with the load error, if any) when there is none. */
  requireBackend(): ModelBackend;
}

/**
 * The model methods. Start loads the backend given at start (or saved in the settings) unless
 * `autoloadBackend` is false; shutdown stops downloads and disposes the backend.
 */
export function modelsFeature(ctx: EngineContext): ModelsFeature {
  const { guard, settings, secrets, options } = ctx;
  let backend: ModelBackend | null = null;
  let backendStatus: BackendStatus = { state: 'none', spec: null, kind: null, model: null };

  /**
   * Every change of the backend's state reaches the clients as a `backendChanged` event (loading, then
   * ready with its model and threads, or the error), so no client asks again to learn it.
   */
  function announce(status: BackendStatus): void {
    backendStatus = status;
    void ctx.client()?.backendChanged(status).catch(() => undefined);
  }

  const environment = options.env ?? process.env;
  /** The file the loaded local model was read from (for "cannot remove a loaded model"). */
  let loadedLocalPath: string | null = null;
  // The model library lives in the user-data folder (or PROOFWRIGHT_MODELS_DIR), outside the workspace.
  const models = createModelLibraryService({
    dir: process.env.PROOFWRIGHT_MODELS_DIR || join(ctx.dataDir, 'models'),
    resourcesDir: ctx.resourcesDir,
    env: environment,
    client: () => ctx.client(),
    loadedPath: () => (backendStatus.kind === 'local' && backendStatus.spec ? loadedLocalPath : null),
  });
  const { library, libraryCall } = models;
  const environmentKey = environment.PROOFWRIGHT_OPENAI_API_KEY || environment.OPENAI_API_KEY || undefined;
  const startOrigin = (() => {
    try {
      const parsed = options.backend ? parseBackendSpec(options.backend) : null;
      return parsed?.scheme === 'openai' ? originOf(parsed.url) : null;
    } catch {
      return null; // a bad spec fails, with its message, when it is loaded
    }
  })();
  /** The environment's API key if `url` is on the server given at start (--backend, PROOFWRIGHT_BACKEND). */
  function environmentKeyFor(url: string): string | undefined {
    return startOrigin !== null && originOf(url) === startOrigin ? environmentKey : undefined;
  }

  /** Backend specs name files too: the rules are in backendSpecs.ts (operator, shipped, client). */
  const specContext = (): SpecContext => ({
    guard,
    samplesDir: join(ctx.resourcesDir, 'samples'),
    startSpec: options.backend,
    libraryDir: library.dir,
    resolveLibraryName: (name) => libraryCall(() => library.resolve(name)),
  });

  /**
   * Loads a backend and probes it (a remote server must answer before it is "ready"). The working
   * backend stays loaded until the new one is: a switch that fails keeps it, and its status says why
   * the new one failed. (Replacing the same spec, as reload and a new API key do, drops the old one first.)
   */
  async function loadBackend(spec: string): Promise<BackendStatus> {
    const previous = backend;
    const previousStatus = backendStatus;
    const keepPrevious = previous !== null && previousStatus.state === 'ready' && previousStatus.spec !== spec;
    if (!keepPrevious) {
      backend = null;
      await previous?.dispose().catch(() => undefined);
    }
    announce({ state: 'loading', spec, kind: null, model: null });
    let loaded: ModelBackend | undefined;
    try {
      const confined = await confineBackendSpec(spec, specContext());
      const parsed = parseBackendSpec(confined.spec);
      // Settings changed just before (Apply, then Load) may still be on their way to disk: load with them.
      const current = await settings.settled();
      loaded = await createBackend(confined.spec, {
        cwd: guard.root,
        parallel: current.concurrency,
        // The saved key goes only to the server it was set for (SecretStore.openaiApiKeyFor), the
        // environment's only to the server given at start; no other fallback (env: {}).
        apiKey: parsed.scheme === 'openai' ? ((await secrets.openaiApiKeyFor(parsed.url)) ?? environmentKeyFor(parsed.url)) : undefined,
        env: {},
        confineFile: confined.confineFile,
        // Threads, context and GPU layers as set in the model library (null: the backend chooses).
        ...(parsed.scheme === 'local' ? localLoadOptions(current.local) : {}),
      });
      await loaded.probe?.();
    } catch (error) {
      await loaded?.dispose().catch(() => undefined);
      const message = (error as Error).message;
      // Said on the terminal too: in serve mode the person who typed --backend is watching it.
      console.error(`[engine] model failed to load (${spec}): ${message}`);
      if (keepPrevious) {
        announce({ ...previousStatus, error: `could not switch to ${spec}: ${message}; still using ${previousStatus.spec}` });
      } else {
        announce({ state: 'error', spec, kind: null, model: null, error: message });
      }
      return backendStatus;
    }
    if (keepPrevious) await previous.dispose().catch(() => undefined);
    const info = loaded.info();
    backend = loaded;
    const asked = info.kind === 'local' ? parseLocalPath((await confineBackendSpec(spec, specContext())).spec) : null;
    // The file the runtime loaded: a split model's later part given loads its first part beside it
    // (create.ts), which is what the library lists, removes and marks "loaded".
    loadedLocalPath = asked === null ? null : join(dirname(asked), info.model);
    announce({
      state: 'ready', spec: asked !== null && loadedLocalPath !== asked ? `local:${loadedLocalPath}` : spec, kind: info.kind, model: info.model, contextSize: info.contextSize, parallel: info.parallel,
      ...(info.threads !== undefined ? { threads: info.threads } : {}), ...(info.gpuLayers !== undefined ? { gpuLayers: info.gpuLayers } : {}),
    });
    return backendStatus;
  }

  function parseLocalPath(confined: string): string | null {
    const parsed = parseBackendSpec(confined);
    return parsed.scheme === 'local' ? parsed.path : null;
  }

  function parseBackendSpecOrThrow(spec: string): void {
    try {
      parseBackendSpec(spec);
    } catch (error) {
      throw new RpcError((error as Error).message, 'invalid-request');
    }
  }

  return {
    name: 'models',
    requireBackend: () => {
      if (!backend) {
        throw new RpcError(
          backendStatus.state === 'error' ? `the model failed to load: ${backendStatus.error}` : 'no model is loaded: choose a backend first',
          'unavailable',
        );
      }
      return backend;
    },
    start: async () => {
      const initialSpec = options.backend ?? settings.get().backend;
      if (initialSpec && options.autoloadBackend !== false) await loadBackend(initialSpec);
      else if (initialSpec) announce({ state: 'none', spec: initialSpec, kind: null, model: null });
    },
    shutdown: async () => {
      await models.dispose();
      await backend?.dispose().catch(() => undefined);
    },
    handlers: {
      ...models.handlers,
      // Importing is the user's explicit choice of a file (typed or picked anywhere): an absolute path is
      // taken as given, a relative one is in the workspace. The library validates it as GGUF before it
      // links it, and never hands its bytes to the client; only the header summary comes back.
      importModel: ({ path: typed }) =>
        libraryCall(async () => {
          const path = typedPath(typed, homedir());
          return toModelEntry(await library.import(isAbsolute(path) ? resolve(path) : guard.resolve(path)));
        }),
      unloadBackend: async () => {
        const loaded = backend;
        backend = null;
        loadedLocalPath = null;
        // The spec stays (state none): the settings keep naming the model, Load brings it back.
        announce({ state: 'none', spec: backendStatus.spec, kind: null, model: null });
        await loaded?.dispose().catch(() => undefined);
        return backendStatus;
      },
      setBackend: async ({ spec }) => {
        parseBackendSpecOrThrow(spec);
        const status = await loadBackend(spec);
        // A failed switch leaves the previous backend ready: the setting keeps naming that one.
        if (status.state === 'ready' && status.spec === spec) await settings.update({ backend: spec });
        return status;
      },
      backendStatus: () => backendStatus,
      setApiKey: async ({ key }) => {
        // Bound to the server chosen now (loaded, or saved in settings); with none chosen yet, to the
        // first OpenAI-compatible server it is used with. Another server URL never receives it.
        const spec = backendStatus.spec ?? settings.get().backend;
        const current = spec ? (() => { try { return parseBackendSpec(spec); } catch { return null; } })() : null;
        await secrets.setOpenaiApiKey(key, current?.scheme === 'openai' ? current.url : null);
        // A loaded OpenAI-compatible backend keeps the key it was created with: load it again.
        if (backendStatus.kind === 'openai' && backendStatus.spec) await loadBackend(backendStatus.spec);
        return { apiKeySet: secrets.openaiApiKey !== undefined };
      },
      apiKeyStatus: () => ({ apiKeySet: secrets.openaiApiKey !== undefined }),
      reloadBackend: async () => {
        const spec = backendStatus.spec ?? settings.get().backend;
        if (!spec) return backendStatus;
        return loadBackend(spec);
      },
    },
  };
}
