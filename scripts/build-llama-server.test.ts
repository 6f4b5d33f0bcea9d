// The parts of the llama-server build that decide whether and when to build: the pinned source, the
// toolchain check and the lock that keeps two processes from building at once (the cache paths and key
// are in build-llama-tools.test.ts). The build itself runs in app/models/openai/llama-server.test.ts.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireLock, llamaCppSource, missingToolchain } from './build-llama-server';
import { sourceCheckoutDir } from './llama-cpp-source';

const dir = mkdtempSync(join(tmpdir(), 'pw-llama-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('llama-server build', () => {
  it('pins the release node-llama-cpp ships, checked out once per tag and commit', () => {
    const source = llamaCppSource();
    expect(source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(source.tag.length).toBeGreaterThan(0);
    expect(sourceCheckoutDir(source, dir)).toBe(join(dir, `llama.cpp-${source.tag}-${source.commit.slice(0, 10)}`, 'src'));
  });

  it('names the missing compiler instead of failing later in CMake', () => {
    expect(missingToolchain({ CXX: 'no-such-compiler-xyz' })).toMatch(/cannot build llama-server: .*a C\+\+ compiler \(no-such-compiler-xyz\) not found/);
  });

  it('takes over a lock whose process is gone', async () => {
    const lock = join(dir, 'stale.lock');
    // A pid that certainly exited: a child we waited for.
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => child.once('exit', resolve));
    writeFileSync(lock, String(child.pid));
    const release = await acquireLock(lock, () => {}, 10);
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(lock)).toBe(false);
  });

  it('waits for a live lock to be released, then takes it', async () => {
    const lock = join(dir, 'live.lock');
    const lines: string[] = [];
    const first = await acquireLock(lock, () => {}, 10);
    let second: (() => void) | undefined;
    const waiting = acquireLock(lock, (line) => lines.push(line), 10).then((release) => (second = release));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(second).toBeUndefined();
    expect(lines).toEqual([expect.stringMatching(/^waiting for the llama-server build already running in process \d+/)]);
    first();
    await waiting;
    expect(second).toBeDefined();
    second!();
  });
});
