// Static files of the built renderer, confined to its folder (no `..`, no symlink escape): the one
// copy of the rule for serve mode (`server.ts`) and the desktop app's `app://` protocol (main/main.ts).
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { isInside } from '../engine/paths';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** The Content-Type of a served file, by its extension (unknown: application/octet-stream). */
export function mimeType(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file a URL path names inside `root`, by the text alone, or null: the path is percent-decoded
 * once, and a NUL, any `..` segment (either slash, also when encoded) or a result outside `root`
 * refuses it. `/` is `index.html`.
 */
export function staticPathFor(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^[\\/]+/, '');
  if (relative.split(/[\\/]/).includes('..')) return null;
  const base = resolve(root);
  const candidate = resolve(base, normalize(relative));
  return candidate !== base && isInside(base, candidate) ? candidate : null;
}

export interface StaticOptions {
  /**
   * Accept a file whose real path cannot be resolved (inside an Electron asar archive realpath may
   * not see into it, and there are no symlinks there): the check by the text then stands alone.
   */
  unresolvedIsLexical?: boolean;
}

/**
 * The one static file rule (serve mode's HTTP server and the desktop app's `app://` protocol): the
 * regular file a URL path names inside `root`, after `staticPathFor` and with symlinks resolved so
 * none leads out of `root`; null when missing, a folder, or outside.
 */
export async function resolveStatic(root: string, urlPath: string, options: StaticOptions = {}): Promise<string | null> {
  const candidate = staticPathFor(root, urlPath);
  if (!candidate) return null;
  try {
    const [realRoot, real] = await Promise.all([
      realpath(root).catch((error: unknown) => (options.unresolvedIsLexical ? resolve(root) : Promise.reject(error))),
      realpath(candidate).catch((error: unknown) => (options.unresolvedIsLexical ? candidate : Promise.reject(error))),
    ]);
    if (!isInside(realRoot, real)) return null;
    const info = await stat(real);
    return info.isFile() ? real : null;
  } catch {
    return null;
  }
}

/** A stream of a file `resolveStatic` returned. */
export function openStatic(path: string) {
  return createReadStream(path);
}

export const PLACEHOLDER_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Proofwright</title></head>
<body><h1>Proofwright serve mode</h1>
<p>The renderer has not been built. Run <code>npx vite build</code> (or <code>npm start</code>) and reload.</p>
<p>The engine is running: the RPC WebSocket is at <code>/rpc</code>.</p></body></html>`;

export function defaultRendererDir(): string {
  return join(resolve(new URL('.', import.meta.url).pathname, '..', '..'), 'dist', 'renderer');
}
