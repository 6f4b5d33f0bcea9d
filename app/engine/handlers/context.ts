// What every engine feature shares: the options the engine was started with, the path guard, the
// stores (settings, secrets, documents, runs), the workspace macros and the event sender.
import type { ClientEventSender } from '../../common/contract';
import type { DocumentManager } from '../documents';
import type { RunStore } from '../modules';
import type { PathGuard } from '../paths';
import type { SecretStore } from '../secrets';
import type { SettingsStore } from '../settings';

export interface EngineServiceOptions {
  /** Workspace root: every client path is confined to it (plus paths the shell grants). */
  workspace: string;
  /** User-data folder (settings, recovery copies); default: userDataDir(). */
  userData?: string;
  /** resources/ folder (samples, catalogue); default: the repository's. */
  resourcesDir?: string;
  /** How many times this engine was restarted before (reported in engineInfo). */
  generation?: number;
  /** Backend spec to use, overriding the saved setting (serve --backend, tests). */
  backend?: string;
  /**
   * Environment the API key for OpenAI-compatible servers is read from (PROOFWRIGHT_OPENAI_API_KEY,
   * else OPENAI_API_KEY; default process.env). That key goes only to the origin of `backend`, the server
   * the person starting the engine chose: never to a URL a client sets later (issue 14).
   */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Load the backend at start (default true). The supervisor passes false after a crash: the model
   * may be what crashed, so it is reloaded only when the user asks (reloadBackend).
   */
  autoloadBackend?: boolean;
}

/** The workspace's macros.tex, read once per engine (checks run on every keystroke and must not touch the disk). */
export interface WorkspaceMacros {
  /** The macros as last read; null when the workspace has no macros.tex. */
  readonly current: Record<string, string> | null;
  /** Read the file again (through the guard) and tell the listeners. */
  reload(): Promise<Record<string, string> | null>;
  /** Called after every reload (the checks drop checkers made for the old macros). */
  onReload(listener: () => void): void;
}

export interface EngineContext {
  options: EngineServiceOptions;
  startedAt: number;
  guard: PathGuard;
  dataDir: string;
  resourcesDir: string;
  settings: SettingsStore;
  secrets: SecretStore;
  docs: DocumentManager;
  store: RunStore;
  workspaceMacros: WorkspaceMacros;
  /** The client that receives events, or null before one attaches (events are then dropped). */
  client(): ClientEventSender | null;
}
