// The settings slice: the engine's saved settings and the theme (also kept locally, so the first
// paint has it before the engine answers).
import type { Settings } from '../../../app/common/contract';
import { loadJson } from '../persist';

export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_KEY = 'pw.theme';

export interface SettingsSlice {
  settings: Settings | null;
  theme: ThemeChoice;
}

export function settingsSlice(): SettingsSlice {
  return { settings: null, theme: loadJson<ThemeChoice>(THEME_KEY, 'system') };
}
