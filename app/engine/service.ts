// The engine service: implements every method of the RPC contract (app/common/contract.ts) on top of
// the engine modules. One service per engine process; all file paths go through the PathGuard.
// The methods live per feature in handlers/ (documents, checks, models, runs, reports, settings);
// this file builds what they share (handlers/context.ts) and starts them in order (container.ts).
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientEventSender, EngineHandlers } from '../common/contract';
import { EngineContainer } from './container';
import { DocumentManager } from './documents';
import { checksFeature } from './handlers/checks';
import type { EngineContext, EngineServiceOptions, WorkspaceMacros } from './handlers/context';
import { documentsFeature } from './handlers/documents';
import { modelsFeature } from './handlers/models';
import { reportsFeature } from './handlers/reports';
import { runsFeature } from './handlers/runs';
import { settingsFeature } from './handlers/settings';
import { RunStore } from './modules';
import { PathGuard } from './paths';
import { SecretStore } from './secrets';
import { SettingsStore, userDataDir } from './settings';
import { readWorkspaceMacros } from './workspace-macros';

/** The per-workspace macro file, at the workspace root. */
export { WORKSPACE_MACROS_FILE } from '../common/proof-files';
export type { EngineServiceOptions } from './handlers/context';

export interface EngineService {
  handlers: EngineHandlers;
  /** Attach the client that receives events (one per engine; the supervisor fans out). */
  setClient(client: ClientEventSender | null): void;
  /** Grant one absolute path from a native dialog (Electron main only, never the renderer). */
  grantPath(path: string): void;
  /**
   * The client `caller` (callers.ts) is gone: the documents it held are let go, so their recovery
   * copies are offered to the next page (DocumentManager.release).
   */
  clientGone(caller: string): Promise<void>;
  /** Cancel runs, wait for their records to be flushed, write pending recovery copies. */
  shutdown(): Promise<void>;
}

const DEFAULT_RESOURCES = fileURLToPath(new URL('../../resources/', import.meta.url));

/** The workspace macros.tex, read through the guard: a symbolic link in its place must not pull in a file from elsewhere. */
async function workspaceMacrosOf(guard: PathGuard): Promise<WorkspaceMacros> {
  const listeners: (() => void)[] = [];
  let current: Record<string, string> | null = null;
  const macros: WorkspaceMacros = {
    get current() {
      return current;
    },
    reload: async () => {
      current = await readWorkspaceMacros(guard.root, (path) => guard.resolve(path));
      listeners.forEach((fn) => fn());
      return current;
    },
    onReload: (fn) => void listeners.push(fn),
  };
  await macros.reload();
  return macros;
}

/**
 * Open the stores, start the features in order (the backend loads last, unless `autoloadBackend` is
 * false) and return the handlers. Throws when settings, the run store or a feature cannot start.
 */
export async function createEngineService(options: EngineServiceOptions): Promise<EngineService> {
  const startedAt = Date.now();
  const guard = new PathGuard(options.workspace);
  const dataDir = userDataDir(options.userData);
  // Settings, secrets and recovery copies: never a place to save a document into.
  guard.protect(dataDir, "Proofwright's data folder");
  guard.protect(join(dataDir, 'recovery'), "Proofwright's recovery folder");
  const settings = await SettingsStore.open(dataDir);
  const secrets = await SecretStore.open(dataDir);
  const workspaceKey = createHash('sha256').update(guard.root).digest('hex').slice(0, 16);
  const docs = new DocumentManager(guard, join(dataDir, 'recovery', workspaceKey));
  const store = await RunStore.open(guard.root);
  let client: ClientEventSender | null = null;
  const ctx: EngineContext = {
    options,
    startedAt,
    guard,
    dataDir,
    resourcesDir: options.resourcesDir ?? DEFAULT_RESOURCES,
    settings,
    secrets,
    docs,
    store,
    workspaceMacros: await workspaceMacrosOf(guard),
    client: () => client,
  };

  const checks = checksFeature(ctx);
  const models = modelsFeature(ctx);
  // Start order: what a feature uses starts before it (runs need the model), and stops after it.
  const container = new EngineContainer([
    settingsFeature(ctx),
    documentsFeature(ctx, { closed: (docId) => checks.forget(docId), changed: (docId) => checks.changed(docId) }),
    checks,
    reportsFeature(ctx),
    models,
    runsFeature(ctx, () => models.requireBackend()),
  ]);
  await container.start();
  // The operator's terminal gets the full paths of backups (a client sees them as <user data>/…).
  for (const warning of [...settings.warnings, ...secrets.warnings]) console.error(`[engine] warning: ${warning}`);

  return {
    handlers: container.handlers,
    setClient: (next) => {
      client = next;
    },
    grantPath: (path) => guard.grant(resolve(path)),
    clientGone: (caller) => docs.release(caller),
    shutdown: () => container.shutdown(),
  };
}
