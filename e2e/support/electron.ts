// Electron for e2e tests: where its binary is (null when it is not installed — it cannot be
// downloaded in some environments), whether a display exists, and a fresh bundle of dist/main.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from './serve';

const require = createRequire(import.meta.url);

/** Path of the Electron binary, or null with the reason. */
export function electronBinary(): { path: string | null; reason?: string } {
  try {
    const path = require('electron') as unknown as string;
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { path: null, reason: `Electron binary missing at ${String(path)}` };
  } catch {
    // The electron package is there but its binary was never fetched (ELECTRON_SKIP_BINARY_DOWNLOAD).
    return { path: null, reason: 'node_modules/electron has no binary' };
  }
}

/** Linux needs an X display: run these tests under `xvfb-run -a`. */
export function displayAvailable(): boolean {
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const full = join(dir, e.name);
    return Math.max(max, e.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }, 0);
}

/** Bundle main/, preload and the engine host into dist/main when missing or older than the sources. */
export function ensureMainBuilt(): void {
  const built = join(REPO_ROOT, 'dist', 'main', 'main.js');
  const sources = Math.max(newest(join(REPO_ROOT, 'main')), newest(join(REPO_ROOT, 'app')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  execFileSync(process.execPath, [join(REPO_ROOT, 'main', 'build.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' });
}
