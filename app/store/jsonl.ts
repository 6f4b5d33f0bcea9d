// Durable JSON Lines: each record is appended with one write and then fsync'd, so a crash or kill loses
// at most the line being written; reading skips (and reports) a torn or corrupt line instead of failing.
import { open, readFile, type FileHandle } from 'node:fs/promises';

/** An open append-only JSONL file. Appends are serialised in call order. */
export class JsonlAppender {
  private tail: Promise<void> = Promise.resolve();
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

  append(record: unknown): Promise<void> {
    if (this.closed) return Promise.reject(new Error('append after close'));
    // Serialise before queueing so a later mutation of the object cannot change what was appended.
    const line = Buffer.from(JSON.stringify(record) + '\n', 'utf8');
    const next = this.tail.then(() => this.writeDurably(line));
    this.tail = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tail;
    await this.handle.close();
  }

  private async writeDurably(line: Buffer): Promise<void> {
    // One write() in practice; the loop only matters for short writes (full disk, signals).
    try {
      let offset = 0;
      while (offset < line.length) {
        const { bytesWritten } = await this.handle.write(line, offset, line.length - offset);
        if (bytesWritten <= 0) throw Object.assign(new Error('the disk accepted only part of the record'), { code: 'ENOSPC' });
        offset += bytesWritten;
      }
      await this.handle.sync();
      this.size += line.length;
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
