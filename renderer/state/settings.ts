// Settings: the theme (kept locally too) and every other saved setting, through the engine.
import type { SettingsPatch } from '../../app/common/contract';
import { saveJson } from './persist';
import { THEME_KEY, type ThemeChoice } from './slices/settings';
import { fail, get, set } from './workbench';

export function setTheme(theme: ThemeChoice): void {
  saveJson(THEME_KEY, theme);
  set({ theme });
  const { engine } = get();
  if (engine) engine.setSettings({ theme }).then((settings) => set({ settings })).catch(() => undefined);
}

export async function updateSettings(patch: SettingsPatch): Promise<void> {
  const { engine } = get();
  if (!engine) return;
  try {
    set({ settings: await engine.setSettings(patch) });
  } catch (error) {
    fail('Could not save the settings')(error);
  }
}

