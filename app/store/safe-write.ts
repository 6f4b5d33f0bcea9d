// The one way the product replaces a file (documents, problem files, recovery copies, settings,
// secrets, reports): write a temporary file next to it, loop over short writes, fsync, read it back
// and compare size and SHA-256, then rename over the old file and fsync the folder. Either the new
// content is on disk and verified, or the call throws a WriteError with a plain reason, the old file
// is untouched and no temporary file is left behind. (write-file-atomic reported success for a
// truncated file on a nearly full disk: a short write was not an error to it.)
import { createHash, randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Longest file or folder name most file systems take (bytes of UTF-8; ENAMETOOLONG past it). */
export const MAX_NAME_BYTES = 255;

/** `name` cut to at most `maxBytes` bytes of UTF-8, never inside a character. */
function truncateUtf8(name: string, maxBytes: number): string {
  const bytes = Buffer.from(name, 'utf8');
  if (bytes.length <= maxBytes) return name;
  let end = maxBytes;
  // Back up over continuation bytes (10xxxxxx) to the start of the character that would be cut.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

/**
 * The temporary file written beside `target` before the rename: `.NAME.<12 hex>.tmp`, NAME shortened
 * so the whole stays within MAX_NAME_BYTES (a 240-byte name that the system takes must be savable;
 * the suffix alone adds 18 bytes).
 */
export function tempNameFor(target: string): string {
  const suffix = `.${randomBytes(6).toString('hex')}.tmp`;
  const stem = truncateUtf8(basename(target), MAX_NAME_BYTES - 1 - Buffer.byteLength(suffix));
  return join(dirname(target), `.${stem}${suffix}`);
}

/** The file operations the writer uses; tests inject faults (ENOSPC, short writes) through them. */
export interface WriterFs {
  open: typeof fsp.open;
  readFile: typeof fsp.readFile;
  rename: typeof fsp.rename;
  rm: typeof fsp.rm;
  stat: typeof fsp.stat;
  realpath: typeof fsp.realpath;
}

const realFs: WriterFs = { open: fsp.open, readFile: fsp.readFile, rename: fsp.rename, rm: fsp.rm, stat: fsp.stat, realpath: fsp.realpath };

export interface SafeWriteOptions {
  /** File mode for a new file (an existing file keeps its own); default 0o666 minus the umask. */
  mode?: number;
  /** Replace the file operations (tests). */
  fs?: WriterFs;
}

/** A write that did not happen; `message` says why in plain words, `code` is the system's (ENOSPC…). */
export class WriteError extends Error {
  readonly rpcCode = 'internal';
  constructor(
    message: string,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WriteError';
  }
}

const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'a folder has that name',
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'part of its path is not a folder',
  EIO: 'an input/output error occurred',
  EFBIG: 'the file is too large for this file system',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EEXIST: 'something already has that name',
  ESHORT: 'the disk accepted only part of it',
  EVERIFY: 'what was written did not read back the same',
};

/**
 * A failed file operation in plain words for a message ("the disk is full" for ENOSPC…), with the
 * system's code (undefined when the error has none).
 */
export function writeFailureReason(error: unknown): { code: string | undefined; reason: string } {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return { code, reason: (code && REASONS[code]) ?? (code ? `${code}` : (error as Error)?.message ?? String(error)) };
}

/**
 * Replace `path` with `data` (a string is written as UTF-8), verified. A symbolic link at `path` is
 * followed (its target is replaced), as an editor saving through a link would; callers confine paths
 * before calling. Throws WriteError ("…; the previous version is unchanged", or "…; nothing was written"
 * when there was no file); on failure the old content is unchanged and no temp file remains.
 */
export async function writeFileSafely(path: string, data: string | Uint8Array, options: SafeWriteOptions = {}): Promise<void> {
  const fs = options.fs ?? realFs;
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const target = await fs.realpath(path).catch(() => path);
  const previous = await fs.stat(target).catch(() => null);
  const mode = previous ? previous.mode & 0o7777 : (options.mode ?? 0o666);
  const temp = tempNameFor(target);
  let created = false;
  try {
    const handle = await fs.open(temp, 'wx', mode);
    created = true;
    try {
      let offset = 0;
      while (offset < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
        // A write that makes no progress would loop for ever: the disk took nothing more.
        if (bytesWritten <= 0) throw Object.assign(new Error('short write'), { code: 'ESHORT' });
        offset += bytesWritten;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    const info = await fs.stat(temp);
    if (info.size !== bytes.length) throw Object.assign(new Error(`wrote ${info.size} of ${bytes.length} bytes`), { code: 'ESHORT' });
    const back = await fs.readFile(temp);
    if (sha256(back) !== sha256(bytes)) throw Object.assign(new Error('read-back differs'), { code: 'EVERIFY' });
    await fs.rename(temp, target);
    created = false;
  } catch (error) {
    if (created) await fs.rm(temp, { force: true }).catch(() => undefined);
    const { code, reason } = writeFailureReason(error);
    // Only a file that was there has a previous version to keep; a new one simply was not written.
    const kept = previous ? 'the previous version is unchanged' : 'nothing was written';
    throw new WriteError(`could not write ${basename(path)}: ${reason}; ${kept}`, code, { cause: error });
  }
  await syncFolder(dirname(target), fs);
}

/**
 * Move a damaged file out of the way (to `NAME.damaged-<time>`) so it can be inspected and is never
 * silently overwritten. Returns the new path, or null if the file could not be moved (it then stays).
 */
export async function moveAside(path: string, fs: Pick<WriterFs, 'rename'> = realFs): Promise<string | null> {
  const aside = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  try {
    await fs.rename(path, aside);
    return aside;
  } catch {
    return null;
  }
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Make the rename durable (best effort: Windows cannot fsync a folder). */
async function syncFolder(dir: string, fs: WriterFs): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // the file itself was fsync'd
  }
}
