// `npm start` on a machine without the Electron binary (this one: it cannot be downloaded here): one
// line says what is missing, and the workbench is served on loopback instead of a stack trace.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without types
import { electronBinary } from './electron-binary.mjs';

const workspace = mkdtempSync(join(tmpdir(), 'pw-start-'));
// Its own settings: the machine's (a backend chosen in an earlier session) printed why that backend
// failed to load on stderr, beside the one line this test is about.
const userData = mkdtempSync(join(tmpdir(), 'pw-start-user-'));
afterAll(() => {
  rmSync(workspace, { recursive: true, force: true });
  rmSync(userData, { recursive: true, force: true });
});

describe('npm start without the Electron binary', () => {
  it.skipIf(!!(electronBinary() as { path?: string }).path)('says in one line what is missing and serves the workbench on loopback', async () => {
    const child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0', '--workspace', workspace], {
      env: { ...process.env, PROOFWRIGHT_NO_OPEN: '1', PROOFWRIGHT_USER_DATA: userData },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    try {
      await expect.poll(() => /Open: (http:\S+)/.exec(stdout)?.[1], { timeout: 60_000 }).toBeTruthy();
      const url = /Open: (http:\S+)/.exec(stdout)![1];
      expect(new URL(url).hostname).toBe('127.0.0.1');
      expect(stderr.trim().split('\n')).toEqual([
        'npm start: the Electron binary is not installed (its download was skipped or failed); opening the workbench in your browser instead (proofwright serve on 127.0.0.1).',
      ]);
      expect(stderr).not.toMatch(/\n\s+at /);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<html/i);
      expect(await (await fetch(new URL('/healthz', url))).json()).toMatchObject({ engine: expect.any(String) });
      // Stopping `npm start` stops the workbench server it started (it used to be left running).
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      await expect.poll(() => fetch(new URL('/healthz', url)).then(() => 'answering', () => 'gone'), { timeout: 15_000 }).toBe('gone');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
