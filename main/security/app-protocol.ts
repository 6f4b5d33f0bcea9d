// app://proofwright/<path> → a file inside the built renderer folder, or null. No `..`, no escape.
import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';
import { APP_HOST, parseUrl } from './origin';

export function resolveAppRequest(rendererDir: string, requestUrl: string): string | null {
  const u = parseUrl(requestUrl);
  if (!u || u.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const rel = path === '/' || path === '' ? 'index.html' : path.replace(/^\/+/, '');
  if (rel.split(/[\\/]/).includes('..')) return null;
  const root = resolve(rendererDir);
  const file = resolve(root, normalize(rel));
  const r = relative(root, file);
  if (r === '' || isAbsolute(r) || r.split(sep)[0] === '..') return null;
  return file;
}
