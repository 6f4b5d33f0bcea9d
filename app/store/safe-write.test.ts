// Writes that never lie: a writer whose disk fills up (ENOSPC), takes only part of a write, or lies
// about what it wrote must throw a clear error, leave the old file as it was and no temp file behind.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonlAppender, readJsonl } from './jsonl';
import { MAX_NAME_BYTES, tempNameFor, WriteError, writeFileSafely } from './safe-write';
import { faultyWriterFs } from './testing/faulty-fs';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw-safe-write-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OLD = 'the old, complete document\n';
const NEW = 'x'.repeat(100_000);

function freshFile(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, OLD);
  return path;
}

/** Only the file itself: no `.NAME.*.tmp` left next to it. */
function leftovers(name: string): string[] {
  return readdirSync(dir).filter((n) => n.startsWith(`.${name}.`));
}

describe('writeFileSafely', () => {
  it('writes and verifies, looping over short writes', async () => {
    const path = freshFile('short-ok.md');
    await writeFileSafely(path, NEW, { fs: faultyWriterFs({ maxPerWrite: 4096 }) });
    expect(readFileSync(path, 'utf8')).toBe(NEW);
    expect(leftovers('short-ok.md')).toEqual([]);
  });

  it('fails with "the disk is full" on ENOSPC mid-write, old file intact, no temp file', async () => {
    const path = freshFile('enospc.md');
    const error = await writeFileSafely(path, NEW, { fs: faultyWriterFs({ capacity: 40_000 }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteError);
    expect((error as WriteError).code).toBe('ENOSPC');
    expect((error as Error).message).toBe('could not write enospc.md: the disk is full; the previous version is unchanged');
    expect(readFileSync(path, 'utf8')).toBe(OLD);
    expect(leftovers('enospc.md')).toEqual([]);
  });

  it('a new file that cannot be written says nothing was written (no previous version to keep)', async () => {
    const path = join(dir, 'new-enospc.md');
    const error = await writeFileSafely(path, NEW, { fs: faultyWriterFs({ capacity: 40_000 }) }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('could not write new-enospc.md: the disk is full; nothing was written');
    expect(readdirSync(dir).filter((n) => n.includes('new-enospc'))).toEqual([]);
  });

  it('fails when the disk stops taking bytes (a write of 0), instead of looping or reporting success', async () => {
    const path = freshFile('zero.md');
    await expect(writeFileSafely(path, NEW, { fs: faultyWriterFs({ capacity: 10_000, full: 'zero-write' }) })).rejects.toThrow(/accepted only part of it/);
    expect(readFileSync(path, 'utf8')).toBe(OLD);
    expect(leftovers('zero.md')).toEqual([]);
  });

  it('catches a disk that claims to have written everything but kept less (read-back check)', async () => {
    const path = freshFile('liar.md');
    await expect(writeFileSafely(path, NEW, { fs: faultyWriterFs({ capacity: 50_000, full: 'lie' }) })).rejects.toThrow(/accepted only part of it|did not read back the same/);
    expect(readFileSync(path, 'utf8')).toBe(OLD);
    expect(leftovers('liar.md')).toEqual([]);
  });

  it('keeps an existing file mode and writes a symlink target in place', async () => {
    const path = freshFile('mode.md');
    await fsp.chmod(path, 0o640);
    await writeFileSafely(path, 'new');
    expect(statSync(path).mode & 0o777).toBe(0o640);
    const link = join(dir, 'link.md');
    symlinkSync(path, link);
    await writeFileSafely(link, 'through the link');
    expect(readFileSync(path, 'utf8')).toBe('through the link');
    expect((await fsp.lstat(link)).isSymbolicLink()).toBe(true);
  });
});

describe('names near the limit', () => {
  it('replaces a file whose name nearly fills the limit (254 bytes, multi-byte), no temp file left', async () => {
    const fits = `${'é'.repeat(123)}12345.md`; // 123 × 2 + 8 = 254 bytes: the temp name must be cut inside the é's
    expect(Buffer.byteLength(fits)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    const path = freshFile(fits);
    await writeFileSafely(path, NEW);
    expect(readFileSync(path, 'utf8')).toBe(NEW);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    // The temporary name is cut on a character boundary and stays within the limit.
    const temp = basename(tempNameFor(path));
    expect(Buffer.byteLength(temp)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(temp).not.toContain('\uFFFD');
    expect(temp).toMatch(/^\.é+\.[0-9a-f]{12}\.tmp$/);
  });
});

describe('JsonlAppender on a full disk', () => {
  it('cuts a torn record off so the next append starts on a clean line', async () => {
    const path = join(dir, 'run.jsonl');
    let failNext = false;
    const appender = await JsonlAppender.open(path);
    await appender.append({ n: 1 });
    // Fail the next write after half of it reached the disk.
    const handle = (appender as unknown as { handle: fsp.FileHandle }).handle;
    const write = handle.write.bind(handle) as (b: Buffer, o: number, l: number) => Promise<{ bytesWritten: number }>;
    (handle as unknown as { write: unknown }).write = async (b: Buffer, o: number, l: number) => {
      if (!failNext) return write(b, o, l);
      failNext = false;
      await write(b, o, Math.floor(l / 2));
      throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
    };
    failNext = true;
    await expect(appender.append({ n: 2, text: 'y'.repeat(200) })).rejects.toThrow(/no space/);
    await appender.append({ n: 3 });
    await appender.close();
    const { records, warnings } = await readJsonl(path);
    expect(records).toEqual([{ n: 1 }, { n: 3 }]);
    expect(warnings).toEqual([]);
  });
});


