// Before the e2e project: build the renderer with vite when dist/renderer is missing or older than
// any source in renderer/ (or vite.config.ts), so serve mode serves what the tests expect.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './support/serve';

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export function rendererBuildNeeded(root = REPO_ROOT): boolean {
  const built = join(root, 'dist', 'renderer', 'index.html');
  if (!existsSync(built)) return true;
  const sources = Math.max(newestMtime(join(root, 'renderer')), newestMtime(join(root, 'vite.config.ts')), newestMtime(join(root, 'app', 'common')));
  return sources > statSync(built).mtimeMs;
}

export default function setup(): void {
  if (!existsSync(join(REPO_ROOT, 'renderer', 'index.html'))) {
    console.warn('[e2e] renderer/index.html does not exist yet: serve mode will show its placeholder page.');
    return;
  }
  if (!rendererBuildNeeded()) return;
  console.log('[e2e] building the renderer (vite build)…');
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
}
