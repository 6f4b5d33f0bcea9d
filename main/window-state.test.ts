import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_STATE, loadWindowState, parseWindowState, saveWindowState } from './window-state';

describe('window state', () => {
  it('round-trips through the user-data folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-ws-'));
    saveWindowState(dir, { x: 10, y: 20, width: 1000, height: 700, maximized: true });
    expect(loadWindowState(dir)).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: true });
    rmSync(dir, { recursive: true });
  });

  it('falls back to defaults on a missing or corrupt file, and clamps sizes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-ws-'));
    expect(loadWindowState(dir)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(join(dir, 'window-state.json'), '{oops');
    expect(loadWindowState(dir)).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState({ width: 5, height: 1e9, x: 'a' })).toMatchObject({ width: 640, height: 10_000, x: undefined });
    rmSync(dir, { recursive: true });
  });
});
