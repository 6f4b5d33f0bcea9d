// Static files of the built renderer, confined to its folder (no `..`, no symlink escape).
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

export function mimeType(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Resolve a URL path to a file inside `root`, or null (missing, a folder, or outside). */
export async function resolveStatic(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (relative.split(/[\\/]/).includes('..')) return null;
  const candidate = resolve(root, normalize(relative));
  if (!isInside(resolve(root), candidate)) return null;
  try {
    const [realRoot, real] = await Promise.all([realpath(root), realpath(candidate)]);
    if (!isInside(realRoot, real)) return null;
    const info = await stat(real);
    return info.isFile() ? real : null;
  } catch {
    return null;
  }
}

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
