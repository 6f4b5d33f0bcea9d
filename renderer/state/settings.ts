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

let settingsAsked = 0;

/**
 * Saves a settings patch through the engine. The patch shows at once (a checkbox ticks on the click,
 * not when the engine answers: reviewer rev19 F9); the engine's answer then replaces it, only the
 * latest one's if the user changed more meanwhile; a failed save puts back what was shown before it
 * and says why.
 */
export async function updateSettings(patch: SettingsPatch): Promise<void> {
  const { engine, settings: before } = get();
  if (!engine) return;
  const asked = ++settingsAsked;
  if (before) set({ settings: withPatch(before, patch) });
  try {
    const saved = await engine.setSettings(patch);
    if (asked === settingsAsked) set({ settings: saved });
  } catch (error) {
    if (asked === settingsAsked && before) set({ settings: before });
    fail('Could not save the settings')(error);
  }
}

/** `settings` with `patch` over it, one level into its groups (`{ verify: { meta } }` keeps `verify.samples`). */
function withPatch<T extends object>(settings: T, patch: object): T {
  const next: Record<string, unknown> = { ...(settings as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    const was = next[key];
    next[key] = value && typeof value === 'object' && !Array.isArray(value) && was && typeof was === 'object' && !Array.isArray(was) ? { ...was, ...value } : value;
  }
  return next as T;
}
