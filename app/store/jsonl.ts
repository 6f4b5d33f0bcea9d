// Durable JSON Lines: each record is appended and fsync'd before its append() resolves, so a crash or
// kill loses at most lines still being written (never one whose append() resolved); reading skips
// (and reports) a torn or corrupt line instead of failing.
//
// Group commit: lines appended while a write + fsync is in flight are written together by the next
// one (one write, one fsync, at most MAX_GROUP_BYTES), as databases do with their logs. A search
// with 64 calls at once finishes many calls within one fsync; one fsync per line made the run record
// the search loop's main cost (bench/search.bench.ts). Each append() still resolves only once its own
// line is on disk, so a finished call is as safe for --resume as before.
import { open, readFile, type FileHandle } from 'node:fs/promises';

/** A group stops growing past this many bytes (memory and write size stay bounded). */
const MAX_GROUP_BYTES = 1 << 20;

interface PendingLine {
  line: Buffer;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** An open append-only JSONL file. Lines land in call order. */
export class JsonlAppender {
  private pending: PendingLine[] = [];
  /** The flush loop while it runs (it drains `pending` group by group). */
  private flushing: Promise<void> | null = null;
  private closed = false;

  private constructor(
    private readonly handle: FileHandle,
    /** Bytes of complete lines in the file: a failed append is cut back to this. */
    private size: number,
  ) {}

  /** Open for appending; `exclusive` fails when the file already exists (new runs never reuse a file). */
  static async open(path: string, options: { exclusive?: boolean } = {}): Promise<JsonlAppender> {
    const handle = await open(path, options.exclusive ? 'ax' : 'a');
    return new JsonlAppender(handle, (await handle.stat()).size);
  }

  /** Append one record as a line; resolves once it is written and fsync'd (rejects if it could not be). */
  append(record: unknown): Promise<void> {
    if (this.closed) return Promise.reject(new Error('append after close'));
    // Serialise now so a later mutation of the object cannot change what was appended.
    const line = Buffer.from(JSON.stringify(record) + '\n', 'utf8');
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line, resolve, reject });
      this.flushing ??= this.flushAll();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flushing;
    await this.handle.close();
  }

  private async flushAll(): Promise<void> {
    // Let the appends of this turn of the event loop join the first group.
    await Promise.resolve();
    while (this.pending.length > 0) {
      let bytes = 0;
      let count = 0;
      while (count < this.pending.length && (count === 0 || bytes + this.pending[count].line.length <= MAX_GROUP_BYTES)) bytes += this.pending[count++].line.length;
      const group = this.pending.splice(0, count);
      try {
        await this.writeDurably(group.length === 1 ? group[0].line : Buffer.concat(group.map((g) => g.line), bytes));
        for (const g of group) g.resolve();
      } catch (error) {
        for (const g of group) g.reject(error);
      }
    }
    this.flushing = null;
  }

  private async writeDurably(data: Buffer): Promise<void> {
    // One write() in practice; the loop only matters for short writes (full disk, signals).
    try {
      let offset = 0;
      while (offset < data.length) {
        const { bytesWritten } = await this.handle.write(data, offset, data.length - offset);
        if (bytesWritten <= 0) throw Object.assign(new Error('the disk accepted only part of the record'), { code: 'ENOSPC' });
        offset += bytesWritten;
      }
      await this.handle.sync();
      this.size += data.length;
    } catch (error) {
      // A full disk mid-line would leave a torn line that the next append glues onto: cut it off, so
      // the file keeps only whole records and the error reaches the caller.
      await this.handle.truncate(this.size).catch(() => undefined);
      throw error;
    }
  }
}

export interface JsonlReadResult {
  records: unknown[];
  /** Problems found (torn last line, corrupt lines), with their 1-based line numbers. */
  warnings: string[];
}

/** Read every complete, well-formed line. Never throws for bad content (it does for a missing file). */
export async function readJsonl(path: string): Promise<JsonlReadResult> {
  const text = await readFile(path, 'utf8');
  const lines = text.split('\n');
  const warnings: string[] = [];
  const records: unknown[] = [];
  const last = lines.pop() ?? '';
  if (last !== '') warnings.push(`line ${lines.length + 1}: torn last line ignored (${last.length} bytes without a newline)`);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      records.push(JSON.parse(line));
    } catch {
      warnings.push(`line ${i + 1}: not valid JSON, skipped`);
    }
  });
  return { records, warnings };
}
