// Window position and size, remembered across launches (clamped to something sensible).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1400, height: 900, maximized: false };

export function parseWindowState(raw: unknown): WindowState {
  const s = raw as Partial<WindowState> | null;
  const num = (v: unknown, min: number, max: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : undefined);
  if (!s || typeof s !== 'object') return DEFAULT_WINDOW_STATE;
  return {
    x: num(s.x, -10_000, 10_000),
    y: num(s.y, -10_000, 10_000),
    width: num(s.width, 640, 10_000) ?? DEFAULT_WINDOW_STATE.width,
    height: num(s.height, 480, 10_000) ?? DEFAULT_WINDOW_STATE.height,
    maximized: s.maximized === true,
  };
}

export function loadWindowState(dir: string): WindowState {
  try {
    return parseWindowState(JSON.parse(readFileSync(join(dir, 'window-state.json'), 'utf8')));
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

export function saveWindowState(dir: string, state: WindowState): void {
  writeFileAtomic.sync(join(dir, 'window-state.json'), JSON.stringify(state));
}
