// Settings and recent documents, persisted as JSON in the user-data folder (written atomically).
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import envPaths from 'env-paths';
import { DEFAULT_PROFILE, DEFAULT_SAMPLING, DEFAULT_VERIFY } from '../common/run-settings';
import { DEFAULT_SEARCH } from '../common/search';
import { DEFAULT_LOCAL_LOAD } from '../common/model-library';
import { describeIssues, SettingsPatchSchema, SettingsSchema, type RecentDocument, type Settings, type SettingsPatch } from '../common/contract';
import { moveAside, writeFileSafely } from '../store/safe-write';

/** The user-data folder: option, else PROOFWRIGHT_USER_DATA (tests), else the OS's per-user data folder. */
export function userDataDir(explicit?: string): string {
  return explicit ?? process.env.PROOFWRIGHT_USER_DATA ?? envPaths('proofwright', { suffix: '' }).data;
}

export const DEFAULT_SETTINGS: Settings = {
  backend: null,
  profile: DEFAULT_PROFILE,
  // The same sampling as the CLI (app/common/run-settings.ts), seed included: runs are reproducible.
  sampling: { ...DEFAULT_SAMPLING },
  concurrency: 4,
  verify: { ...DEFAULT_VERIFY, evidence: true, evidenceWithDeepseek: false },
  // One source of search defaults for the CLI and the app (app/common/search.ts).
  prove: { ...DEFAULT_SEARCH },
  theme: 'system',
  local: DEFAULT_LOCAL_LOAD,
  welcomeGuide: true,
};

export function mergeSettings(base: Settings, patch: SettingsPatch): Settings {
  const next: Settings = {
    ...base,
    ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    sampling: { ...base.sampling, ...stripUndefined(patch.sampling) },
    verify: { ...base.verify, ...stripUndefined(patch.verify) },
    prove: { ...base.prove, ...stripUndefined(patch.prove) },
    local: { ...base.local, ...stripUndefined(patch.local) },
  } as Settings;
  return SettingsSchema.parse(next);
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * recent.json is shared by every workspace (one user-data folder): it keeps each workspace's latest
 * documents, so one busy workspace does not push out the others' (each list shows at most 20).
 */
const MAX_RECENT = 200;
const NESTED_KEYS = new Set(['sampling', 'verify', 'prove', 'local']);

/**
 * Keep every valid field of a saved settings object, one field at a time, so that one unknown key or
 * bad value costs only that field (it falls back to its default). Returns the usable patch and one
 * line per field that was dropped (`concurrency: Too big: expected number to be <=256`).
 */
export function salvageSettings(saved: unknown): { patch: SettingsPatch; problems: string[] } {
  if (!saved || typeof saved !== 'object' || Array.isArray(saved)) return { patch: {}, problems: ['the file does not hold a JSON object'] };
  const patch: Record<string, unknown> = {};
  const problems: string[] = [];
  const tryField = (candidate: Record<string, unknown>, where: string): boolean => {
    const parsed = SettingsPatchSchema.safeParse(candidate);
    if (!parsed.success) problems.push(describeIssues(parsed.error, where).replace(/^(\w+)\./, ''));
    return parsed.success;
  };
  for (const [key, value] of Object.entries(saved as Record<string, unknown>)) {
    if (NESTED_KEYS.has(key) && value && typeof value === 'object' && !Array.isArray(value)) {
      const kept: Record<string, unknown> = {};
      for (const [sub, v] of Object.entries(value as Record<string, unknown>)) {
        if (tryField({ [key]: { [sub]: v } }, 'settings')) kept[sub] = v;
      }
      patch[key] = kept;
    } else if (tryField({ [key]: value }, 'settings')) patch[key] = value;
  }
  return { patch: patch as SettingsPatch, problems };
}

export class SettingsStore {
  private settings: Settings = DEFAULT_SETTINGS;
  private recent: RecentDocument[] = [];
  /**
   * The changes one after another: each merges into what the one before saved. Two at once (the
   * settings dialog saves each field as the user leaves it) used to both start from the same
   * settings, and the one that finished last undid the other.
   */
  private queue: Promise<unknown> = Promise.resolve();
  /** Damage found when the files were read, one message each (shown to the user by engineInfo). */
  readonly warnings: string[] = [];

  private constructor(readonly dir: string) {}

  static async open(dir: string): Promise<SettingsStore> {
    const store = new SettingsStore(dir);
    await mkdir(dir, { recursive: true });
    const settingsPath = join(dir, 'settings.json');
    const saved = await readJson(settingsPath);
    if (saved.state === 'damaged' || saved.state === 'ok') {
      // A settings file from an older or newer version, or edited by hand: keep what is valid.
      const { patch, problems } = saved.state === 'ok' ? salvageSettings(saved.value) : { patch: {}, problems: [`not valid JSON (${saved.error})`] };
      try {
        store.settings = mergeSettings(DEFAULT_SETTINGS, patch);
      } catch (error) {
        store.settings = DEFAULT_SETTINGS;
        problems.push(`the fields do not fit together (${(error as Error).message.slice(0, 200)}): all defaults`);
      }
      if (problems.length > 0) {
        // A copy of the file as it was, before the next change rewrites it with only the valid fields.
        const backup = `${settingsPath}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        const kept = await copyFile(settingsPath, backup).then(() => true, () => false);
        store.warnings.push(
          `settings.json: ${problems.slice(0, 8).join('; ')}${problems.length > 8 ? ` (and ${problems.length - 8} more)` : ''}. ` +
            `${saved.state === 'ok' ? 'These fields use their defaults; the others were kept.' : 'All settings use their defaults.'}` +
            `${kept ? ` The file as it was is kept at ${backup}.` : ''}`,
        );
      }
    }
    const recentPath = join(dir, 'recent.json');
    const recent = await readJson(recentPath);
    if (recent.state === 'ok' && Array.isArray(recent.value)) {
      const { entries, damaged } = validRecent(recent.value);
      store.recent = entries;
      if (damaged > 0) store.warnings.push(`recent.json: ${damaged} damaged entries were left out of the recent documents.`);
    } else if (recent.state !== 'missing') {
      const aside = await moveAside(recentPath);
      store.warnings.push(`recent.json was damaged and is not used${aside ? ` (moved to ${aside})` : ''}: the list of recent documents starts empty.`);
    }
    return store;
  }

  get(): Settings {
    return this.settings;
  }

  /**
   * Merge `patch` into the settings and save them; resolves with the settings as saved. Changes are
   * applied in the order they were asked for, each on top of the last (none is lost to another in
   * flight); a change whose write fails leaves the settings as they were, and the next one goes on.
   */
  update(patch: SettingsPatch): Promise<Settings> {
    return this.inTurn(async () => {
      const next = mergeSettings(this.settings, patch);
      await writeFileSafely(join(this.dir, 'settings.json'), JSON.stringify(next, null, 2));
      this.settings = next;
      return this.settings;
    });
  }

  /**
   * The settings once every change asked for before this call has been applied (or has failed): what
   * a step that acts on them, such as loading a model, must read, so that "Apply" then "Load" loads
   * with what was applied even while the write is still on its way to disk.
   */
  settled(): Promise<Settings> {
    return this.inTurn(async () => this.settings);
  }

  /** Runs `step` once every change asked for before it has finished (whether it worked or not). */
  private inTurn<T>(step: () => Promise<T>): Promise<T> {
    const result = this.queue.then(step, step);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * The recent documents of every workspace, newest first, each `path` absolute (the caller keeps
   * those of its workspace and shows them relative to it). Read again from recent.json when it can
   * be, so that documents another engine on the same user-data folder opened are listed too.
   */
  async recentDocuments(): Promise<RecentDocument[]> {
    await this.inTurn(() => this.reloadRecent());
    return this.recent;
  }

  /** Put the document at absolute path `absPath` first in the recent list and save the list. */
  async addRecent(absPath: string, name: string): Promise<void> {
    if (!isAbsolute(absPath)) throw new Error(`a recent document is kept by its absolute path, not "${absPath}"`);
    // In turn too: two writes at once could land in either order, leaving the older list on disk.
    // Merged into the list as saved, not this engine's copy of it: another engine (another workspace)
    // may have added to it since.
    await this.inTurn(async () => {
      await this.reloadRecent();
      this.recent = [{ path: absPath, name, openedAt: Date.now() }, ...this.recent.filter((r) => r.path !== absPath)].slice(0, MAX_RECENT);
      await writeFileSafely(join(this.dir, 'recent.json'), JSON.stringify(this.recent, null, 2));
    });
  }

  private async reloadRecent(): Promise<void> {
    const saved = await readJson(join(this.dir, 'recent.json'));
    if (saved.state === 'ok' && Array.isArray(saved.value)) this.recent = validRecent(saved.value).entries;
  }
}

/**
 * The usable entries of a saved recent list, and how many were damaged. An entry with a relative path
 * (written before the list was kept by absolute path) is dropped without a word: which workspace it
 * was relative to is not known, and shown in another it named a file that is not there.
 */
function validRecent(saved: unknown[]): { entries: RecentDocument[]; damaged: number } {
  const valid = saved.filter((r): r is RecentDocument => {
    const entry = r as Partial<Record<keyof RecentDocument, unknown>> | null;
    return !!entry && typeof entry === 'object' && typeof entry.path === 'string' && typeof entry.name === 'string';
  });
  return { entries: valid.filter((r) => isAbsolute(r.path)).slice(0, MAX_RECENT), damaged: saved.length - valid.length };
}

type JsonRead = { state: 'missing' } | { state: 'ok'; value: unknown } | { state: 'damaged'; error: string };

async function readJson(path: string): Promise<JsonRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    return { state: 'damaged', error: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
  try {
    return { state: 'ok', value: JSON.parse(text) };
  } catch (error) {
    return { state: 'damaged', error: (error as Error).message };
  }
}
