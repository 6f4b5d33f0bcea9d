// Group commit of the run record's appends: concurrent appends share a write + fsync, and an append
// resolves only when its own line is on disk (what --resume relies on for a finished call).
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonlAppender, readJsonl } from './jsonl';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-jsonl-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Counts fsyncs, and records for each one how many bytes the file held when it completed. */
function watchSyncs(appender: JsonlAppender, path: string): number[] {
  const synced: number[] = [];
  const handle = (appender as unknown as { handle: FileHandle }).handle;
  const sync = handle.sync.bind(handle);
  (handle as unknown as { sync: () => Promise<void> }).sync = async () => {
    await sync();
    synced.push(readFileSync(path).length);
  };
  return synced;
}

describe('JsonlAppender group commit', () => {
  it('writes 200 concurrent appends in order with far fewer fsyncs, each resolving only after its line was synced', async () => {
    const path = join(dir, 'run.jsonl');
    const appender = await JsonlAppender.open(path);
    const synced = watchSyncs(appender, path);
    const lineBytes = (n: number) => Buffer.byteLength(JSON.stringify({ n, text: 'x'.repeat(100) }) + '\n');
    // Byte offset at which line n ends.
    const ends: number[] = [];
    for (let n = 0, at = 0; n < 200; n++) ends.push((at += lineBytes(n)));
    const resolvedWith: number[] = [];
    await Promise.all(
      Array.from({ length: 200 }, (_, n) =>
        appender.append({ n, text: 'x'.repeat(100) }).then(() => {
          // The last fsync so far covered at least this line.
          resolvedWith[n] = synced.at(-1) ?? 0;
        }),
      ),
    );
    await appender.close();
    const { records, warnings } = await readJsonl(path);
    expect(warnings).toEqual([]);
    expect(records.map((r) => (r as { n: number }).n)).toEqual(Array.from({ length: 200 }, (_, n) => n));
    for (let n = 0; n < 200; n++) expect(resolvedWith[n]).toBeGreaterThanOrEqual(ends[n]);
    expect(synced.length).toBeLessThan(10);
  });

  it('appends one after another (each awaited) still get one fsync each', async () => {
    const path = join(dir, 'seq.jsonl');
    const appender = await JsonlAppender.open(path);
    const synced = watchSyncs(appender, path);
    for (let n = 0; n < 5; n++) {
      await appender.append({ n });
      expect(synced).toHaveLength(n + 1);
    }
    await appender.close();
    await expect(appender.append({ n: 9 })).rejects.toThrow(/after close/);
  });
});
