// Model downloads and copies on a disk that fills up (issue 14): the pull or import fails with a
// clear message, the partial file is deleted (no gigabytes left on a full disk), and the library never
// lists a torn model. Twice: with a writer that injects ENOSPC, short writes or a lying disk (runs
// everywhere), and on a real small tmpfs (needs permission to mount; skipped otherwise).
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyGguf, writeTinyGgufSplit } from '../../../scripts/make-tiny-gguf';
import { faultyWriterFs } from '../../store/testing/faulty-fs';
import { ModelLibrary } from './modelLibrary';

let base: string;
let model: Buffer;
let server: Server;
let url: string;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'pw-lib-full-'));
  writeTinyGguf(join(base, 'tiny.gguf'), { size: 'test', seed: 3 });
  model = readFileSync(join(base, 'tiny.gguf'));
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-length': model.length, 'content-type': 'application/octet-stream' });
    res.end(model);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/files/tiny.gguf`;
});
afterAll(async () => {
  await new Promise((done) => server.close(done));
  rmSync(base, { recursive: true, force: true });
});

/** Every file under the library folder, partial downloads included (not the small record of pull sources). */
function filesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name !== '.sources.json').map((e) => e.name);
}

describe('pull with a writer that runs out of space', () => {
  for (const [full, reason] of [
    ['enospc', 'the disk is full'],
    ['zero-write', 'the disk accepted only part of it'],
    ['lie', 'the disk accepted only part of it'],
  ] as const) {
    it(`fails clearly, deletes the partial file and lists nothing (${full})`, async () => {
      const dir = join(base, `lib-${full}`);
      const library = new ModelLibrary({ dir, fs: faultyWriterFs({ capacity: Math.floor(model.length / 2), full, maxPerWrite: 4096 }) });
      const error = await library.pull(url, { maxRetries: 0, retryBaseMs: 1 }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(new RegExp(`^pull of ${url} failed: could not save tiny\\.gguf: ${reason} \\(after \\d+ of ${model.length} bytes\\); the partial download was deleted$`));
      expect(await library.list()).toEqual([]);
      expect(filesIn(dir)).toEqual([]);
    });
  }

  it('with room, the same pull puts a complete model in the library', async () => {
    const dir = join(base, 'lib-room');
    const library = new ModelLibrary({ dir, fs: faultyWriterFs({ capacity: model.length, maxPerWrite: 4096 }) });
    const entry = await library.pull(url);
    expect(entry.summary).toBeDefined();
    expect(readFileSync(join(dir, 'tiny.gguf')).equals(model)).toBe(true);
    expect(filesIn(dir)).toEqual(['tiny.gguf']);
  });
});

describe('pull and import on a real, nearly full tmpfs', () => {
  const mountPoint = join(tmpdir(), `pw-lib-tmpfs-${process.pid}`);
  let mounted = false;
  let why = '';

  beforeAll(() => {
    mkdirSync(mountPoint, { recursive: true });
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${Math.ceil(model.length / 2 / 4096) * 4096}`, 'tmpfs', mountPoint], { stdio: 'pipe' });
      mounted = true;
    } catch (error) {
      why = `cannot mount a tmpfs here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`;
    }
  });
  afterAll(() => {
    if (mounted) execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it('a model that does not fit is neither pulled nor copied in, and the space is given back', async (ctx) => {
    if (!mounted) return ctx.skip(why);
    const dir = join(mountPoint, 'models');
    const library = new ModelLibrary({ dir });
    const free = () => statfsSync(mountPoint).bavail;
    const before = free();

    await expect(library.pull(url, { maxRetries: 0, retryBaseMs: 1 })).rejects.toThrow(
      new RegExp(`could not save tiny\\.gguf: the disk is full \\(after \\d+ of ${model.length} bytes\\); the partial download was deleted`),
    );
    expect(await library.list()).toEqual([]);
    expect(filesIn(dir)).toEqual([]);
    expect(free()).toBe(before);

    await expect(library.import(join(base, 'tiny.gguf'), { mode: 'copy' })).rejects.toThrow(
      `cannot copy ${join(base, 'tiny.gguf')} into the library: the disk is full; nothing was added`,
    );
    expect(await library.list()).toEqual([]);
    expect(filesIn(dir)).toEqual([]);
    expect(free()).toBe(before);
    writeFileSync(join(mountPoint, 'still-room.txt'), 'the disk is usable again');
  });
});

describe('pull on a real tmpfs with no room for its small files', () => {
  /** Mounts a tmpfs with `options` for one test; undefined (with why) where mounting is not allowed. */
  const withTmpfs = async (options: string, body: (dir: string) => Promise<void>, skip: (why: string) => void) => {
    const mountPoint = mkdtempSync(join(tmpdir(), 'pw-lib-small-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', mountPoint], { stdio: 'pipe' });
    } catch (error) {
      rmSync(mountPoint, { recursive: true, force: true });
      return skip(`cannot mount a tmpfs here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`);
    }
    try {
      await body(mountPoint);
    } finally {
      execFileSync('umount', [mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    }
  };

  it('a disk already full fails at the progress record in plain words, leaving nothing', async (ctx) => {
    await withTmpfs('size=64k', async (mountPoint) => {
      const dir = join(mountPoint, 'models');
      mkdirSync(dir);
      // Fill every block: the pull gets as far as its progress record (the sidecar), before any model byte.
      try {
        writeFileSync(join(mountPoint, 'filler'), Buffer.alloc(1 << 20));
      } catch {
        // ENOSPC: full now
      }
      const library = new ModelLibrary({ dir });
      const error = await library.pull(url, { maxRetries: 0, retryBaseMs: 1 }).catch((e: Error) => e);
      expect(error).toMatchObject({ name: 'LibraryError', code: 'io' });
      expect((error as Error).message).toBe(`pull of ${url} failed: could not save tiny.gguf: the disk is full (after 0 of ${model.length} bytes); the partial download was deleted`);
      expect(filesIn(dir)).toEqual([]);
    }, (why) => ctx.skip(why));
  });

  it('a file system out of inodes fails at the pull lock in plain words', async (ctx) => {
    await withTmpfs('size=4m,nr_inodes=3', async (mountPoint) => {
      const dir = join(mountPoint, 'models');
      mkdirSync(dir);
      const library = new ModelLibrary({ dir });
      const error = await library.pull(url, { maxRetries: 0, retryBaseMs: 1 }).catch((e: Error) => e);
      expect(error).toMatchObject({ name: 'LibraryError', code: 'io' });
      expect((error as Error).message).toMatch(/^cannot pull tiny\.gguf: the disk is full \((its lock .*tiny\.gguf\.lock|the folder for downloads, .*\.partial,) cannot be made\); nothing was downloaded$/);
      expect((error as Error).message).not.toContain('ENOSPC');
      expect(filesIn(dir)).toEqual([]);
    }, (why) => ctx.skip(why));
  });

  it('a split model copied in on a disk too small for it leaves none of its parts', async (ctx) => {
    const { paths } = writeTinyGgufSplit(join(base, 'split', 'big'), { size: 'test', seed: 3 }, 3);
    // Room for the two later parts (copied first) but not the first, which holds the vocabulary too.
    await withTmpfs('size=700k', async (mountPoint) => {
      const dir = join(mountPoint, 'models');
      const library = new ModelLibrary({ dir });
      const error = await library.import(paths[1], { mode: 'copy' }).catch((e: Error) => e);
      expect((error as Error).message).toMatch(/the disk is full; nothing was added$/);
      expect(filesIn(dir)).toEqual([]);
      expect(await library.list()).toEqual([]);
    }, (why) => ctx.skip(why));
  });
});
