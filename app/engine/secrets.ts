// Secrets the user typed into the app (the API key of an OpenAI-compatible server). Kept apart from
// settings.json so that no settings call ever sends them back to a window: they can be set or
// forgotten, and the UI only learns whether one is set. The file is readable by its owner only.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';

const SecretsSchema = z.object({ openaiApiKey: z.string().min(1).optional() });
type Secrets = z.infer<typeof SecretsSchema>;

export class SecretStore {
  private secrets: Secrets = {};

  private constructor(private readonly path: string) {}

  static async open(dir: string): Promise<SecretStore> {
    const store = new SecretStore(join(dir, 'secrets.json'));
    const text = await readFile(store.path, 'utf8').catch(() => null);
    if (text !== null) {
      try {
        const parsed = SecretsSchema.safeParse(JSON.parse(text));
        if (parsed.success) store.secrets = parsed.data;
      } catch {
        // A damaged file holds nothing usable; the user can set the key again.
      }
    }
    return store;
  }

  get openaiApiKey(): string | undefined {
    return this.secrets.openaiApiKey;
  }

  async setOpenaiApiKey(key: string | null): Promise<void> {
    const trimmed = key?.trim();
    this.secrets = { ...this.secrets, openaiApiKey: trimmed ? trimmed : undefined };
    await writeFileAtomic(this.path, JSON.stringify(this.secrets), { mode: 0o600 });
  }
}
