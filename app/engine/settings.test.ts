import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsStore } from './settings';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('SettingsStore.update', () => {
  it('keeps every one of several changes asked for at once, in memory and on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-settings-'));
    dirs.push(dir);
    const store = await SettingsStore.open(dir);
    // What the settings dialog does when fields are left quickly one after another.
    const answers = await Promise.all([
      store.update({ sampling: { topP: 0.5 } }),
      store.update({ verify: { samples: 7 } }),
      store.update({ sampling: { maxTokens: 2048 } }),
      store.update({ concurrency: 3 }),
    ]);
    const expected = { sampling: { topP: 0.5, maxTokens: 2048 }, verify: { samples: 7 }, concurrency: 3 };
    expect(store.get()).toMatchObject(expected);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject(expected);
    // Each answer is the settings as that change left them: the last one has them all.
    expect(answers[3]).toMatchObject(expected);
    expect(answers[0].verify.samples).not.toBe(7);
    expect((await SettingsStore.open(dir)).get()).toMatchObject(expected);
  });

  it('a refused change leaves the settings as they were, and the next one still goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-settings-'));
    dirs.push(dir);
    const store = await SettingsStore.open(dir);
    const bad = store.update({ sampling: { temperature: 3 } } as never);
    const good = store.update({ sampling: { topP: 0.5 } });
    await expect(bad).rejects.toThrow();
    expect((await good).sampling.topP).toBe(0.5);
    expect(store.get().sampling.temperature).not.toBe(3);
  });
});
