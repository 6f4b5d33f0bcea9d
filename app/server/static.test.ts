// The one static file rule (serve mode and the desktop app's app:// protocol) on real files: what a
// hostile URL path can reach. Only files inside the root come back; `..` in any spelling, absolute
// paths, NUL bytes and symlinks that lead out are refused.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mimeType, resolveStatic, staticPathFor } from './static';

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'pw-static-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'assets', 'main.js'), 'export {};');
  writeFileSync(join(base, 'secret.txt'), 'secret');
  mkdirSync(join(base, 'outside'));
  writeFileSync(join(base, 'outside', 'x.js'), 'leak');
  symlinkSync(join(base, 'secret.txt'), join(root, 'leak.txt'));
  symlinkSync(join(base, 'outside'), join(root, 'linked'));
  symlinkSync(join(root, 'assets', 'main.js'), join(root, 'alias.js')); // a link that stays inside
  // A sibling folder whose name starts like the root's: a prefix check would let it through.
  mkdirSync(join(base, 'renderer-evil'));
  writeFileSync(join(base, 'renderer-evil', 'x.js'), 'evil');
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('static files', () => {
  it('serves the files inside the root, / as index.html', async () => {
    expect(await resolveStatic(root, '/')).toBe(join(root, 'index.html'));
    expect(await resolveStatic(root, '/assets/main.js?v=3')).toBe(join(root, 'assets', 'main.js'));
    expect(await resolveStatic(root, '/alias.js')).toBe(join(root, 'assets', 'main.js'));
    expect(await resolveStatic(root, '/assets%2Fmain.js')).toBe(join(root, 'assets', 'main.js'));
  });

  it('refuses .. in every spelling', async () => {
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/..%5csecret.txt', '/assets%2f..%2f..%2fsecret.txt', '/..\\secret.txt', '/../renderer-evil/x.js']) {
      expect(await resolveStatic(root, path), path).toBeNull();
      expect(staticPathFor(root, path), path).toBeNull();
    }
  });

  it('refuses absolute paths, NUL bytes, bad escapes, folders and missing files', async () => {
    for (const path of [`/${join(base, 'secret.txt')}`, `//${base}/secret.txt`, '/%00index.html', '/index.html%00.js', '/%', '/assets', '/assets/', '/nope.js']) {
      expect(await resolveStatic(root, path), path).toBeNull();
    }
  });

  it('refuses symlinks that lead out of the root, even for a lexical-only fallback', async () => {
    expect(await resolveStatic(root, '/leak.txt')).toBeNull();
    expect(await resolveStatic(root, '/linked/x.js')).toBeNull();
    expect(await resolveStatic(root, '/leak.txt', { unresolvedIsLexical: true })).toBeNull();
  });

  it('names the content type by extension', () => {
    expect(mimeType('a/index.html')).toBe('text/html; charset=utf-8');
    expect(mimeType('x.WOFF2')).toBe('font/woff2');
    expect(mimeType('x.exe')).toBe('application/octet-stream');
  });
});
