// Secrets the user typed into the app (the API key of an OpenAI-compatible server). Kept apart from
// settings.json so that no settings call ever sends them back to a window: they can be set or
// forgotten, and the UI only learns whether one is set. The file is readable by its owner only.
// The key is bound to the origin (scheme://host:port) of the server it was set for: a client that
// changes the server URL afterwards gets no key sent to the new server.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { moveAside, writeFileSafely } from '../store/safe-write';

const SecretsSchema = z.object({
  openaiApiKey: z.string().min(1).optional(),
  /** Origin the key belongs to; absent until it is first used (then bound to that server). */
  openaiApiKeyOrigin: z.string().min(1).optional(),
});
type Secrets = z.infer<typeof SecretsSchema>;

/** The origin of a server URL ("http://gpu-box:8080"), or null when it is not an http(s) URL. */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

export class SecretStore {
  private secrets: Secrets = {};
  private writes: Promise<unknown> = Promise.resolve();
  /** Problems found when the file was read (shown to the user once, by engineInfo). */
  readonly warnings: string[] = [];

  private constructor(private readonly path: string) {}

  static async open(dir: string): Promise<SecretStore> {
    const store = new SecretStore(join(dir, 'secrets.json'));
    const text = await readFile(store.path, 'utf8').catch(() => null);
    if (text !== null) {
      let parsed: ReturnType<typeof SecretsSchema.safeParse> | null = null;
      try {
        parsed = SecretsSchema.safeParse(JSON.parse(text));
      } catch {
        parsed = null;
      }
      if (parsed?.success) store.secrets = parsed.data;
      else {
        // Kept for the user to look at, never overwritten by the next key they set.
        const aside = await moveAside(store.path);
        store.warnings.push(
          `secrets.json was damaged and is not used${aside ? ` (moved to ${aside})` : ''}: set the API key again in Settings.`,
        );
      }
    }
    return store;
  }

  get openaiApiKey(): string | undefined {
    return this.secrets.openaiApiKey;
  }

  /** The origin the key is bound to (null: not yet used with any server). */
  get openaiApiKeyOrigin(): string | null {
    return this.secrets.openaiApiKeyOrigin ?? null;
  }

  /**
   * The key to send to the server at `url`: only if it was set for that server's origin. A key set
   * before any server was chosen is bound to the first server it is asked for.
   */
  async openaiApiKeyFor(url: string): Promise<string | undefined> {
    const key = this.secrets.openaiApiKey;
    const origin = originOf(url);
    if (!key || !origin) return undefined;
    if (this.secrets.openaiApiKeyOrigin === undefined) {
      this.secrets = { ...this.secrets, openaiApiKeyOrigin: origin };
      await this.persist();
    }
    return this.secrets.openaiApiKeyOrigin === origin ? key : undefined;
  }

  /** Set (or with null, forget) the key, bound to the server at `serverUrl` when one is chosen. */
  async setOpenaiApiKey(key: string | null, serverUrl: string | null = null): Promise<void> {
    const trimmed = key?.trim();
    const origin = trimmed && serverUrl ? (originOf(serverUrl) ?? undefined) : undefined;
    this.secrets = { openaiApiKey: trimmed ? trimmed : undefined, openaiApiKeyOrigin: origin };
    await this.persist();
  }

  /** Writes one after another, each of the secrets as they are when it runs: two at once could land in either order. */
  private persist(): Promise<void> {
    const write = () => writeFileSafely(this.path, JSON.stringify(this.secrets), { mode: 0o600 });
    const result = this.writes.then(write, write);
    this.writes = result.catch(() => undefined);
    return result;
  }
}
