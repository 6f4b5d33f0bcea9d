// Settings and recent documents, persisted as JSON in the user-data folder (written atomically).
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import envPaths from 'env-paths';
import writeFileAtomic from 'write-file-atomic';
import { DEFAULT_SEARCH } from '../common/search';
import { SettingsPatchSchema, SettingsSchema, type RecentDocument, type Settings, type SettingsPatch } from '../common/contract';

/** The user-data folder: option, else PROOFWRIGHT_USER_DATA (tests), else the OS's per-user data folder. */
export function userDataDir(explicit?: string): string {
  return explicit ?? process.env.PROOFWRIGHT_USER_DATA ?? envPaths('proofwright', { suffix: '' }).data;
}

export const DEFAULT_SETTINGS: Settings = {
  backend: null,
  profile: 'labelled',
  sampling: { temperature: 1.0, topP: 0.95, maxTokens: 8192 },
  concurrency: 4,
  verify: { samples: 4, meta: false, evidence: true },
  // One source of search defaults for the CLI and the app (app/common/search.ts).
  prove: { ...DEFAULT_SEARCH },
  theme: 'system',
};

export function mergeSettings(base: Settings, patch: SettingsPatch): Settings {
  const next: Settings = {
    ...base,
    ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    sampling: { ...base.sampling, ...stripUndefined(patch.sampling) },
    verify: { ...base.verify, ...stripUndefined(patch.verify) },
    prove: { ...base.prove, ...stripUndefined(patch.prove) },
  } as Settings;
  return SettingsSchema.parse(next);
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const MAX_RECENT = 20;

export class SettingsStore {
  private settings: Settings = DEFAULT_SETTINGS;
  private recent: RecentDocument[] = [];

  private constructor(readonly dir: string) {}

  static async open(dir: string): Promise<SettingsStore> {
    const store = new SettingsStore(dir);
    await mkdir(dir, { recursive: true });
    const saved = await readJson(join(dir, 'settings.json'));
    if (saved !== undefined) {
      // A settings file from an older or newer version, or edited by hand: keep what is valid.
      const patch = SettingsPatchSchema.safeParse(saved);
      store.settings = patch.success ? mergeSettings(DEFAULT_SETTINGS, patch.data) : DEFAULT_SETTINGS;
    }
    const recent = await readJson(join(dir, 'recent.json'));
    if (Array.isArray(recent)) store.recent = recent.filter((r) => r && typeof r.path === 'string').slice(0, MAX_RECENT);
    return store;
  }

  get(): Settings {
    return this.settings;
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    this.settings = mergeSettings(this.settings, patch);
    await writeFileAtomic(join(this.dir, 'settings.json'), JSON.stringify(this.settings, null, 2));
    return this.settings;
  }

  recentDocuments(): RecentDocument[] {
    return this.recent;
  }

  async addRecent(path: string, name: string): Promise<void> {
    this.recent = [{ path, name, openedAt: Date.now() }, ...this.recent.filter((r) => r.path !== path)].slice(0, MAX_RECENT);
    await writeFileAtomic(join(this.dir, 'recent.json'), JSON.stringify(this.recent, null, 2));
  }
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}
