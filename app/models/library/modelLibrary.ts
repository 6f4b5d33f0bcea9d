// The model library: a folder of GGUF files (copies, or symlinks to files kept elsewhere), in the OS
// user-data folder unless configured. Partial downloads live in `.partial/` inside it, which `list()`
// never shows, and are moved into place only once complete and verified.

import { copyFile, lstat, mkdir, open, readdir, readFile, readlink, rename, rm, stat, symlink } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import envPaths from 'env-paths';
import lockfile from 'proper-lockfile';
import { discardPartial, downloadResumable, DownloadError, readPartial, type DownloadProgress } from './download';
import { GgufError, inspectGguf, readGgufHeader, summarizeGguf, type GgufInspection, type GgufSummary } from './gguf';
import { resolveSource, SourceError, type ResolvedSource } from './huggingFace';
import { writeFailureReason, writeFileSafely, type WriterFs } from '../../store/safe-write';

export type LibraryErrorCode = 'exists' | 'not-found' | 'bad-name' | 'bad-source' | 'download' | 'cancelled' | 'invalid-model' | 'io';

export class LibraryError extends Error {
  constructor(
    readonly code: LibraryErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LibraryError';
  }
}

export interface LibraryEntry {
  /** File name without `.gguf`; what `remove` and `local:` specs refer to. */
  name: string;
  /** Path in the library (the link itself for linked models). */
  path: string;
  /** Where a linked model really lives. */
  target?: string;
  linked: boolean;
  sizeBytes: number;
  summary?: GgufSummary;
  /** Why the file cannot be used (broken link, corrupt file…), instead of a summary. */
  problem?: { code: string; message: string };
  /** What it was pulled from (`hf:…` or a URL); absent for imported files. */
  source?: string;
}

export interface PullOptions {
  onProgress?: (progress: DownloadProgress & { fileName: string }) => void;
  signal?: AbortSignal;
  /** Save under this file name instead of the source's. */
  fileName?: string;
  /** On cancel keep the bytes received (a pause: the next pull of the same source resumes with HTTP Range). Default: delete them. */
  keepPartialOnCancel?: boolean;
  /** Passed to the downloader (tests use small values). */
  maxRetries?: number;
  retryBaseMs?: number;
  idleTimeoutMs?: number;
}

/** A download that stopped before the end (paused, or failed and resumable), kept in `.partial/`. */
export interface PartialDownload {
  /** The file name it will have in the library. */
  fileName: string;
  /** What was pulled (`hf:…` or the URL): pull it again to resume. */
  source: string;
  receivedBytes: number;
  totalBytes?: number;
}

export interface ModelLibraryOptions {
  /** Library folder. Default: $PROOFWRIGHT_MODELS_DIR, else `<user data>/proofwright/models`. */
  dir?: string;
  /** Hugging Face endpoint for `hf:` sources. Default: $HF_ENDPOINT, else https://huggingface.co */
  hfEndpoint?: string;
  hfToken?: string;
  /** How downloads open their partial file (tests inject a disk that fills up; see DownloadOptions.fs). */
  fs?: Pick<WriterFs, 'open'>;
  /**
   * Who reads the library's messages: `cli` (default) is told the command to run, `app` the
   * workbench's Model library, where the model's row has its own Remove button.
   */
  surface?: LibrarySurface;
}

export type LibrarySurface = 'cli' | 'app';

/**
 * The one message for a model the library already has, named as that surface lists it (the CLI's
 * list shows the library name, the workbench the model's own name) and with what to do there.
 */
export function alreadyInLibraryMessage(model: { id: string; name: string }, surface: LibrarySurface): string {
  return surface === 'app'
    ? `already in the library as ${model.name}; remove it there first or use it as it is`
    : `the library already has ${model.id}; remove it first (proofwright models remove ${model.id}) or use it as it is`;
}

const PARTIAL_DIR = '.partial';
/** File name → pull source of the models pulled into the library (so the catalogue can say "in the library"). */
const SOURCES_FILE = '.sources.json';
/** Library paths being pulled in this process. */
const activePulls = new Set<string>();

export function defaultLibraryDir(env: Record<string, string | undefined> = process.env): string {
  return env.PROOFWRIGHT_MODELS_DIR || join(envPaths('proofwright', { suffix: '' }).data, 'models');
}

export class ModelLibrary {
  readonly dir: string;

  constructor(private readonly options: ModelLibraryOptions = {}) {
    this.dir = resolve(options.dir ?? defaultLibraryDir());
  }

  /** Every GGUF in the library, each with its summary or the reason it is unusable. Never throws for a bad file. */
  async list(): Promise<LibraryEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new LibraryError('io', `cannot read the model library ${this.dir}: ${(err as Error).message}`, { cause: err });
    }
    const entries: LibraryEntry[] = [];
    const sources = await this.sources();
    for (const file of names.filter((n) => n.toLowerCase().endsWith('.gguf') && !n.startsWith('.'))) {
      const entry = await this.entry(join(this.dir, file));
      entries.push(sources[file] ? { ...entry, source: sources[file] } : entry);
    }
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The library path of a model by name (with or without `.gguf`). */
  async resolve(name: string): Promise<string> {
    const path = this.pathFor(name);
    try {
      await lstat(path);
    } catch {
      throw new LibraryError('not-found', `no model named "${name}" in the library (${this.dir}); see \`proofwright models list\``);
    }
    return path;
  }

  /** Header summary and memory estimate of a file path or library name. */
  async inspect(pathOrName: string, options: { contextSize?: number } = {}): Promise<GgufInspection> {
    const looksLikePath = pathOrName.includes('/') || pathOrName.includes('\\') || isAbsolute(pathOrName);
    const path = looksLikePath ? pathOrName : await this.resolve(pathOrName).catch(() => pathOrName);
    return inspectGguf(path, options);
  }

  /** Adds a GGUF file from elsewhere: a symlink to it (default) or a copy. The file is validated first. */
  async import(path: string, options: { mode?: 'link' | 'copy'; name?: string } = {}): Promise<LibraryEntry> {
    const source = resolve(path);
    await this.validate(source);
    const mode = options.mode ?? 'link';
    const fileName = ensureGguf(options.name ?? basename(source));
    const destination = this.newPathFor(fileName);
    await this.ensureFree(destination);
    await mkdir(this.dir, { recursive: true });
    if (mode === 'link') {
      try {
        await symlink(source, destination, 'file');
      } catch (err) {
        const hint = process.platform === 'win32' ? ' (Windows needs Developer Mode for links; import with --copy)' : '';
        throw new LibraryError('io', `cannot link ${source} into the library${hint}: ${(err as Error).message}`, { cause: err });
      }
    } else {
      // Copy beside the destination first so a half-copied file never appears in the library; it is
      // moved in only once it is on disk (fsync) with the source's size.
      const partial = join(this.dir, PARTIAL_DIR, `${fileName}.copy`);
      try {
        await mkdir(join(this.dir, PARTIAL_DIR), { recursive: true });
        await copyFile(source, partial);
        const handle = await open(partial, 'r+');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        const [copied, original] = [await stat(partial), await stat(source)];
        if (copied.size !== original.size) throw Object.assign(new Error(`copied ${copied.size} of ${original.size} bytes`), { code: 'ESHORT' });
        await rename(partial, destination);
      } catch (err) {
        await rm(partial, { force: true });
        throw new LibraryError('io', `cannot copy ${source} into the library: ${writeFailureReason(err).reason}; nothing was added`, { cause: err });
      }
    }
    return this.entry(destination);
  }

  /**
   * Downloads `hf:USER/REPO:QUANT`, `hf:USER/REPO/FILE.gguf` or an http(s) URL into the library.
   * An interrupted pull resumes where it stopped (within the call, and on the next call); a cancelled
   * one leaves nothing behind.
   */
  async pull(source: string, options: PullOptions = {}): Promise<LibraryEntry> {
    let resolved;
    try {
      resolved = await resolveSource(source, { endpoint: this.options.hfEndpoint, token: this.options.hfToken, signal: options.signal });
    } catch (err) {
      if (options.signal?.aborted) throw new LibraryError('cancelled', `pull of ${source} cancelled`, { cause: err });
      if (err instanceof SourceError) throw new LibraryError('bad-source', err.message, { cause: err });
      throw err;
    }
    const fileName = ensureGguf(options.fileName ?? resolved.fileName);
    const destination = this.newPathFor(fileName);
    await this.ensureFree(destination);
    // Two pulls into one partial file would interleave their bytes: in this process (activePulls) and
    // in another one (the CLI beside the app) through a lock file beside the partial file.
    if (activePulls.has(destination)) throw new LibraryError('exists', `${fileName} is already being pulled`);
    activePulls.add(destination);
    let unlock: (() => Promise<void>) | undefined;
    try {
      await mkdir(join(this.dir, PARTIAL_DIR), { recursive: true });
      unlock = await lockPull(join(this.dir, PARTIAL_DIR, `${fileName}.lock`));
      if (!unlock) throw new LibraryError('exists', `${fileName} is already being pulled (by another Proofwright process)`);
      return await this.download(source, resolved, fileName, destination, options);
    } finally {
      await unlock?.();
      activePulls.delete(destination);
    }
  }

  private async download(source: string, resolved: ResolvedSource, fileName: string, destination: string, options: PullOptions): Promise<LibraryEntry> {
    const partial = join(this.dir, PARTIAL_DIR, `${fileName}.partial`);
    await mkdir(join(this.dir, PARTIAL_DIR), { recursive: true });
    try {
      await downloadResumable(resolved.url, partial, {
        headers: resolved.headers,
        signal: options.signal,
        maxRetries: options.maxRetries,
        retryBaseMs: options.retryBaseMs,
        idleTimeoutMs: options.idleTimeoutMs,
        fs: this.options.fs,
        keepPartialOnCancel: options.keepPartialOnCancel,
        source,
        onProgress: options.onProgress && ((p) => options.onProgress!({ ...p, fileName })),
      });
    } catch (err) {
      if (err instanceof DownloadError && err.code === 'cancelled') {
        throw new LibraryError('cancelled', options.keepPartialOnCancel ? `pull of ${source} paused; pull it again to resume` : `pull of ${source} cancelled; nothing was kept`, { cause: err });
      }
      if (err instanceof DownloadError && err.code === 'disk') throw new LibraryError('io', `pull of ${source} failed: ${err.message}`, { cause: err });
      if (err instanceof DownloadError && err.code === 'not-a-model') throw new LibraryError('invalid-model', `pull of ${source} failed: ${err.message}`, { cause: err });
      if (err instanceof DownloadError) {
        throw new LibraryError('download', `pull of ${source} failed: ${err.message}${err.code === 'network' ? ' — run the same pull again to resume' : ''}`, { cause: err });
      }
      throw err;
    }
    try {
      await readGgufHeader(partial);
    } catch (err) {
      await discardPartial(partial);
      const why = err instanceof GgufError ? err.message.replace(partial, resolved.url) : String(err);
      throw new LibraryError('invalid-model', `pull of ${source} downloaded something that is not a usable model: ${why}`, { cause: err });
    }
    await rename(partial, destination);
    await this.recordSource(fileName, source);
    return { ...(await this.entry(destination)), source };
  }

  private async sources(): Promise<Record<string, string>> {
    try {
      const parsed: unknown = JSON.parse(await readFile(join(this.dir, SOURCES_FILE), 'utf8'));
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
    } catch {
      return {}; // absent or damaged: sources are a convenience, the models stay usable
    }
  }

  private async recordSource(fileName: string, source: string | undefined): Promise<void> {
    const sources = await this.sources();
    if (source === undefined) delete sources[fileName];
    else sources[fileName] = source;
    await writeFileSafely(join(this.dir, SOURCES_FILE), JSON.stringify(sources, null, 1)).catch(() => undefined);
  }

  /** Downloads that stopped before the end and can be resumed (not those running in this process). */
  async partials(): Promise<PartialDownload[]> {
    const dir = join(this.dir, PARTIAL_DIR);
    const names = await readdir(dir).catch(() => [] as string[]);
    const out: PartialDownload[] = [];
    for (const name of names.filter((n) => n.endsWith('.gguf.partial')).sort()) {
      const fileName = name.slice(0, -'.partial'.length);
      if (activePulls.has(this.pathFor(fileName)) || (await lockHeld(join(dir, `${fileName}.lock`)))) continue;
      const info = await readPartial(join(dir, name));
      if (!info) continue;
      out.push({ fileName, source: info.source ?? info.url, receivedBytes: info.receivedBytes, ...(info.totalBytes !== undefined ? { totalBytes: info.totalBytes } : {}) });
    }
    return out;
  }

  /** Deletes the partial download of `fileName` (as `partials()` names it). False when there was none. */
  async discardPartial(fileName: string): Promise<boolean> {
    const path = this.pathFor(fileName);
    if (activePulls.has(path)) throw new LibraryError('exists', `${basename(path)} is being pulled: cancel it first`);
    if (await lockHeld(join(this.dir, PARTIAL_DIR, `${basename(path)}.lock`))) {
      throw new LibraryError('exists', `${basename(path)} is being pulled by another Proofwright process: cancel it there first`);
    }
    const partial = join(this.dir, PARTIAL_DIR, `${basename(path)}.partial`);
    const existed = await lstat(partial).then(() => true, () => false);
    await discardPartial(partial);
    return existed;
  }

  /** Removes a model from the library. For a linked model only the link goes; the file it points to stays. */
  async remove(name: string): Promise<LibraryEntry> {
    const path = await this.resolve(name);
    const entry = await this.entry(path);
    await rm(path);
    await this.recordSource(basename(path), undefined);
    return entry;
  }

  private pathFor(name: string): string {
    const fileName = ensureGguf(name);
    if (fileName !== basename(fileName) || fileName.startsWith('.') || fileName.includes('\\')) {
      throw new LibraryError('bad-name', `"${name}" is not a model name (no folders, no leading dot)`);
    }
    if ([...fileName].some((c) => c.charCodeAt(0) < 0x20)) throw new LibraryError('bad-name', `${JSON.stringify(name)} is not a model name (no control characters)`);
    return join(this.dir, fileName);
  }

  /**
   * `pathFor` for a file the library is about to create (pull, import). One rule on every system, so a
   * name made here works on Windows too: none of Windows' reserved characters (`m.gguf:x` would write an
   * NTFS stream of m.gguf), no device name, short enough with the `.partial.json` suffix (255 bytes on
   * most file systems). Files already in the folder keep any name their system allowed: they can still
   * be used and removed.
   */
  private newPathFor(name: string): string {
    const path = this.pathFor(name);
    const fileName = basename(path);
    if ([...fileName].some((c) => '<>:"|?*'.includes(c)) || /^(?:con|prn|aux|nul|com\d|lpt\d)(?:\.|$)/i.test(fileName) || Buffer.byteLength(`${fileName}.partial.json`) > 255) {
      throw new LibraryError('bad-name', `${JSON.stringify(name)} is not a model name (no control or reserved characters, no device names such as CON, at most ~240 bytes)`);
    }
    return path;
  }

  private async ensureFree(destination: string): Promise<void> {
    const exists = await lstat(destination).then(
      () => true,
      () => false,
    );
    if (!exists) return;
    // Named as the list names it: the model's own name where its header gives one (as toModelEntry).
    const entry = await this.entry(destination).catch(() => null);
    const id = basename(destination).replace(/\.gguf$/i, '');
    throw new LibraryError('exists', alreadyInLibraryMessage({ id, name: entry?.summary?.name ?? id }, this.options.surface ?? 'cli'));
  }

  private async validate(path: string): Promise<void> {
    try {
      await readGgufHeader(path);
    } catch (err) {
      if (err instanceof GgufError) throw new LibraryError(err.code === 'not-found' ? 'not-found' : 'invalid-model', err.message, { cause: err });
      throw err;
    }
  }

  private async entry(path: string): Promise<LibraryEntry> {
    const name = basename(path).replace(/\.gguf$/i, '');
    const link = await lstat(path);
    const linked = link.isSymbolicLink();
    const target = linked ? resolve(this.dir, await readlink(path)) : undefined;
    const base = { name, path, linked, ...(target ? { target } : {}) };
    let sizeBytes = link.size;
    if (linked) {
      try {
        sizeBytes = (await stat(path)).size;
      } catch {
        return { ...base, sizeBytes: 0, problem: { code: 'broken-link', message: `the linked file ${target} is gone` } };
      }
    }
    try {
      return { ...base, sizeBytes, summary: summarizeGguf(await readGgufHeader(path)) };
    } catch (err) {
      if (err instanceof GgufError) return { ...base, sizeBytes, problem: { code: err.code, message: err.message } };
      throw err;
    }
  }
}

// The pull lock is proper-lockfile's: a `.lock` folder made atomically (mkdir) whose mtime the holder
// refreshes every `update` ms; one not refreshed for `stale` ms (its process crashed or was killed) is
// taken over. `realpath: false`: the partial file it guards need not exist yet.
const PULL_LOCK = { stale: 10_000, update: 2_000, realpath: false } as const;

/**
 * Takes the pull lock at `path` (see PULL_LOCK). Returns the release, or undefined when another pull
 * (another process, or another copy of this module) holds it. Other failures are LibraryError 'io'.
 */
async function lockPull(path: string): Promise<(() => Promise<void>) | undefined> {
  try {
    // A lock found compromised later (its folder removed or touched by someone else) is not worth
    // failing a download for: the bytes are checked when the pull completes either way.
    return await lockfile.lock(path, { ...PULL_LOCK, lockfilePath: path, onCompromised: () => undefined });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') return undefined;
    throw new LibraryError('io', `cannot lock ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** Whether the pull lock at `path` is held by a live pull (this process's included). */
async function lockHeld(path: string): Promise<boolean> {
  return lockfile.check(path, { ...PULL_LOCK, lockfilePath: path }).catch(() => false);
}

function ensureGguf(name: string): string {
  return name.toLowerCase().endsWith('.gguf') ? name : `${name}.gguf`;
}
