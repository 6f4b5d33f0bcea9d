// The model library: a folder of GGUF files (copies, or symlinks to files kept elsewhere), in the OS
// user-data folder unless configured. Partial downloads live in `.partial/` inside it, which `list()`
// never shows, and are moved into place only once complete and verified.

import { copyFile, lstat, mkdir, open, readdir, readFile, readlink, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import envPaths from 'env-paths';
import lockfile from 'proper-lockfile';
import { discardPartial, downloadResumable, DownloadError, readPartial, remoteSize, type DownloadProgress } from './download';
import { GgufError, inspectGguf, isPart, readGgufHeader, splitOf, summarizeGguf, type GgufHeader, type GgufInspection, type GgufSummary } from './gguf';
import { firstPartPath, splitName, splitPartName, splitPartNames } from './splitGguf';
import { resolveSource, SourceError } from './huggingFace';
import { writeFailureReason, writeFileSafely, type WriterFs } from '../../store/safe-write';
import { MODEL_FILE_NAME_MAX_BYTES, modelLabel } from '../../common/model-library';

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

/**
 * A pull's progress. Of a split model the bytes and total are the whole model's (all parts; the total
 * only once every part's size is known) and `part` says which part is downloading; `fileName` is the
 * first part's, the name the model is listed under.
 */
export type PullProgress = DownloadProgress & {
  fileName: string;
  part?: { index: number; count: number };
  /** The source's own file name, when another source's download holds it and this one is saved as `fileName`. */
  renamedFrom?: string;
};

export interface PullOptions {
  onProgress?: (progress: PullProgress) => void;
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
    ? `already in the library as ${modelLabel(model)}; remove it there first or use it as it is`
    : `the library already has ${model.id}; remove it first (proofwright models remove ${model.id}) or use it as it is`;
}

const PARTIAL_DIR = '.partial';
/** File name → pull source of the models pulled into the library (so the catalogue can say "in the library"). */
const SOURCES_FILE = '.sources.json';
/** Library paths being pulled in this process → the source each is pulled from. */
const activePulls = new Map<string, string>();

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
    const present = new Set(names);
    // A split model is listed once, by its first part; a later part shows only where the first is missing.
    const listed = (n: string) => {
      const split = splitName(n);
      return !split || split.count < 2 || split.part === 1 || !present.has(splitPartNames(n)[0]);
    };
    for (const file of names.filter((n) => n.toLowerCase().endsWith('.gguf') && !n.startsWith('.') && listed(n))) {
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
      // Where the list is, on the surface that asked (the workbench has no shell command to run).
      const see = this.options.surface === 'app' ? 'see Model library › My models' : 'see `proofwright models list`';
      throw new LibraryError('not-found', `no model named "${name}" in the library (${this.dir}); ${see}`);
    }
    return path;
  }

  /** Header summary and memory estimate of a file path or library name. */
  async inspect(pathOrName: string, options: { contextSize?: number } = {}): Promise<GgufInspection> {
    const looksLikePath = pathOrName.includes('/') || pathOrName.includes('\\') || isAbsolute(pathOrName);
    const path = looksLikePath ? pathOrName : await this.resolve(pathOrName).catch(() => pathOrName);
    return inspectGguf(path, options);
  }

  /**
   * Adds a GGUF file from elsewhere: a symlink to it (default) or a copy. The file is validated first.
   * Any part of a split model adds all its parts (they must lie side by side), under their own names
   * or `name` as the parts' prefix; the first part is added last.
   */
  async import(path: string, options: { mode?: 'link' | 'copy'; name?: string } = {}): Promise<LibraryEntry> {
    const named = resolve(path);
    const header = await this.validate(named);
    // The parts of a split model (its header says so; a one-file model named like a part is one file).
    const sources = header.parts ? header.parts.map((p) => p.path) : [named];
    const fileNames = libraryNames(sources.map((p) => basename(p)), options.name);
    const destinations = fileNames.map((n) => this.newPathFor(n));
    await this.ensureFree(destinations[0]);
    await mkdir(this.dir, { recursive: true });
    const added: string[] = [];
    try {
      for (let i = sources.length - 1; i >= 0; i--) {
        await this.importOne(sources[i], fileNames[i], destinations[i], options.mode ?? 'link');
        added.push(destinations[i]);
      }
    } catch (err) {
      // All or nothing: the parts already added go again, so "nothing was added" is true.
      for (const done of added) await rm(done, { force: true }).catch(() => undefined);
      throw err;
    }
    return this.entry(destinations[0]);
  }

  private async importOne(source: string, fileName: string, destination: string, mode: 'link' | 'copy'): Promise<void> {
    if (mode === 'link') {
      // A later part left by an earlier import that stopped half way is replaced (the first part was checked free).
      await rm(destination, { force: true });
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
  }

  /**
   * Downloads `hf:USER/REPO:QUANT`, `hf:USER/REPO/FILE.gguf` or an http(s) URL into the library.
   * An interrupted pull resumes where it stopped (within the call, and on the next call); a cancelled
   * one leaves nothing behind. A split model's parts are downloaded one after the other into
   * `.partial/` (each finished part kept there, so a resume skips it) and moved into the library
   * together once all are there and each is the part its name says, the first part last.
   */
  async pull(source: string, options: PullOptions = {}): Promise<LibraryEntry> {
    const surface = this.options.surface ?? 'cli';
    // A file on this machine is imported, not pulled: said so, with where to import (reviewer rev18 F6).
    if (/^file:/i.test(source) || isAbsolute(source) || /^~(?:[\\/]|$)/.test(source)) {
      const how = surface === 'app' ? 'My models › Import' : `proofwright models import ${source.replace(/^file:\/\//i, '')}`;
      throw new LibraryError('bad-source', `"${source}" is a file on this machine, not a download: import it instead (${how})`);
    }
    let resolved;
    try {
      resolved = await resolveSource(source, { endpoint: this.options.hfEndpoint, token: this.options.hfToken, signal: options.signal });
    } catch (err) {
      if (options.signal?.aborted) throw new LibraryError('cancelled', `pull of ${source} cancelled`, { cause: err });
      // The Hub out of reach is a download that may work later, not a refused reference.
      if (err instanceof SourceError) throw new LibraryError(err.network ? 'download' : 'bad-source', err.message, { cause: err });
      throw err;
    }
    const files = resolved.parts ?? [{ url: resolved.url, fileName: resolved.fileName }];
    const fileNames = libraryNames(files.map((f) => f.fileName), options.fileName);
    // Two sources with one file name (two servers' m.gguf) are two downloads: the later one is saved
    // as "m (1).gguf", as browsers do, rather than refused or mixed into the other's bytes (rev18 F5).
    const ownName = fileNames[0];
    if (files.length === 1 && options.fileName === undefined) fileNames[0] = await this.pullName(ownName, source);
    if (fileNames[0] !== ownName) {
      const onProgress = options.onProgress;
      options = { ...options, onProgress: onProgress && ((p) => onProgress({ ...p, renamedFrom: ownName })) };
    }
    const destinations = fileNames.map((n) => this.newPathFor(n));
    const [fileName, destination] = [fileNames[0], destinations[0]];
    await this.ensureFree(destination);
    // Two pulls into one partial file would interleave their bytes: in this process (activePulls) and
    // in another one (the CLI beside the app) through a lock file beside the partial file.
    const holder = activePulls.get(destination);
    if (holder !== undefined) {
      throw new LibraryError('exists', holder === source ? `${fileName} is already being pulled` : `${fileName} is being pulled from ${holder} right now: wait for it or cancel it, or pull this one under another name`);
    }
    activePulls.set(destination, source);
    let unlock: (() => Promise<void>) | undefined;
    try {
      try {
        await mkdir(join(this.dir, PARTIAL_DIR), { recursive: true });
      } catch (err) {
        throw new LibraryError('io', `cannot pull ${fileName}: ${writeFailureReason(err).reason} (the folder for downloads, ${join(this.dir, PARTIAL_DIR)}, cannot be made); nothing was downloaded`, { cause: err });
      }
      unlock = await lockPull(join(this.dir, PARTIAL_DIR, `${fileName}.lock`));
      if (!unlock) throw new LibraryError('exists', `${fileName} is already being pulled (by another Proofwright process)`);
      const parts = files.map((f, i) => ({ url: f.url, fileName: fileNames[i], destination: destinations[i] }));
      return await this.download(source, resolved.headers, parts, options);
    } finally {
      await unlock?.();
      activePulls.delete(destination);
    }
  }

  /**
   * The file name a one-file pull of `source` saves under: the source's own (`fileName`), unless a
   * download of another source holds it (running in this process, or paused in `.partial/` with its
   * bytes); then the first of "NAME (1).gguf", "NAME (2).gguf"… that is free or holds this source's
   * own paused bytes (so pulling it again resumes them). A name held by a pull in another process
   * whose source is not known yet counts as this source's (the lock then says it is being pulled).
   */
  private async pullName(fileName: string, source: string): Promise<string> {
    const dir = join(this.dir, PARTIAL_DIR);
    const stem = fileName.slice(0, -'.gguf'.length);
    const extension = fileName.slice(-'.gguf'.length);
    for (let i = 0; i < 100; i++) {
      const candidate = i === 0 ? fileName : `${stem} (${i})${extension}`;
      const path = join(this.dir, candidate);
      const paused = await readPartial(join(dir, `${candidate}.partial`)).catch(() => undefined);
      const holder = activePulls.get(path) ?? paused?.source ?? paused?.url;
      if (holder === source) return candidate;
      if (holder !== undefined) continue;
      // The source's own name is used whatever the library holds (ensureFree then says it is there).
      if (i === 0) return candidate;
      const taken = await lstat(path).then(() => true, () => false);
      if (!taken) return candidate;
    }
    return fileName;
  }

  private async download(source: string, headers: Record<string, string>, parts: { url: string; fileName: string; destination: string }[], options: PullOptions): Promise<LibraryEntry> {
    const dir = join(this.dir, PARTIAL_DIR);
    const fileName = parts[0].fileName;
    if (parts.length > 1) {
      try {
        return await this.downloadSplit(source, headers, parts, options);
      } catch (err) {
        // A pull that cannot be resumed keeps nothing: cancelled (not paused), a part that is not a
        // usable model, a disk that is full. Only a pause or a lost connection keeps the parts.
        const code = err instanceof LibraryError ? err.code : undefined;
        if ((code === 'cancelled' && !options.keepPartialOnCancel) || code === 'invalid-model' || code === 'io' || code === 'bad-source') await this.discardParts(fileName).catch(() => false);
        throw err;
      }
    }
    const partial = join(dir, `${fileName}.partial`);
    await this.downloadPart(source, parts[0].url, partial, headers, options, (p) => options.onProgress?.({ ...p, fileName }));
    const split = await this.checkPart(source, parts[0].url, partial);
    if (split) {
      await discardPartial(partial);
      throw new LibraryError('invalid-model', `pull of ${source} downloaded something that is not a usable model: its header says it is part ${split.no + 1} of ${split.count} of a split model, but its name does not (…${splitPartName('', split.no + 1, split.count)}): pull it by its part's name`);
    }
    await rename(partial, parts[0].destination);
    await this.recordSource(fileName, source);
    return { ...(await this.entry(parts[0].destination)), source };
  }

  /**
   * A split model's parts, one after the other (see pull). Every part is asked for its size first
   * (HEAD): the whole model's total for the progress, and a part the server does not have is said
   * before any byte is downloaded. A part kept from an earlier pull is checked again before it is used.
   */
  private async downloadSplit(source: string, headers: Record<string, string>, parts: { url: string; fileName: string; destination: string }[], options: PullOptions): Promise<LibraryEntry> {
    const dir = join(this.dir, PARTIAL_DIR);
    const count = parts.length;
    const fileName = parts[0].fileName;
    const complete = (i: number) => join(dir, parts[i].fileName);
    const sidecarPath = join(dir, `${fileName}${SPLIT_SIDECAR}`);
    const writeSidecar = (sidecar: SplitSidecar) =>
      writeFile(sidecarPath, JSON.stringify(sidecar)).catch((err: unknown) => {
        throw new LibraryError('io', `cannot pull ${fileName}: ${writeFailureReason(err).reason} (its record ${sidecarPath} cannot be written)`, { cause: err });
      });
    // Parts kept from a pull of another model under the same names are not this model's. The same
    // model asked another way (another part's URL, hf:…:QUANT or its file) has the same first part URL.
    const earlier = await readSplitSidecar(sidecarPath);
    if (earlier && (earlier.url !== parts[0].url || earlier.parts !== count)) await this.discardParts(fileName);
    await writeSidecar({ source, url: parts[0].url, parts: count });
    const sizes: (number | undefined)[] = [];
    let unavailable: LibraryError | undefined;
    let availableLater = false;
    for (let i = 0; i < count; i++) {
      const kept = await fileSizeOf(complete(i));
      if (kept !== undefined) {
        sizes.push(kept);
        continue;
      }
      const remote = await remoteSize(parts[i].url, headers, options.signal);
      if (options.signal?.aborted) throw cancelledPull(source, options);
      if (remote.status === 404 || remote.status === 410 || remote.status === 401 || remote.status === 403) {
        const why = remote.status === 401 || remote.status === 403 ? `the server refused access to it (HTTP ${remote.status})` : `the server does not have it (HTTP ${remote.status})`;
        unavailable ??= new LibraryError('bad-source', `pull of ${source} failed before downloading: part ${i + 1} of ${count} (${parts[i].fileName}) — ${why}; nothing was kept`);
        if (i === 0) throw unavailable;
      } else if (i > 0) availableLater = true;
      sizes.push(remote.size);
    }
    // A part missing while another later part is there: a split model with a gap, said before any
    // byte. Every later part missing: the first may be a model in ONE file whose name only looks like
    // a part's; only its header can say (it is downloaded below, then judged).
    if (unavailable && availableLater) throw unavailable;
    const known = !unavailable && sizes.every((size) => size !== undefined);
    const total = known ? sizes.reduce((a, b) => a! + b!, 0) : undefined;
    await writeSidecar({ source, url: parts[0].url, parts: count, ...(known ? { sizes: sizes as number[] } : {}) });
    let resumed = 0;
    let before = 0;
    for (let i = 0; i < count; i++) {
      if ((await fileSizeOf(complete(i))) !== undefined) {
        // Kept from an earlier pull: used only if it still reads as this part (a truncated or replaced
        // file is downloaded again).
        if (await this.keptPartFits(complete(i), i, count)) {
          before += sizes[i] ?? 0;
          resumed += sizes[i] ?? 0;
          continue;
        }
        await rm(complete(i), { force: true });
      }
      const partial = join(dir, `${parts[i].fileName}.partial`);
      await this.downloadPart(source, parts[i].url, partial, headers, options, (p) => {
        options.onProgress?.({ downloadedBytes: before + p.downloadedBytes, totalBytes: total, resumedFromBytes: resumed + p.resumedFromBytes, fileName, part: { index: i + 1, count } });
      });
      const split = await this.checkPart(source, parts[i].url, partial);
      // The first part is a split model's after all: its other parts are not on the server.
      if (unavailable && split) throw new LibraryError('bad-source', unavailable.message.replace('failed before downloading', 'failed').replace('; nothing was kept', '; the first part, downloaded to tell a split model from one file, is not kept'));
      if (i === 0 && !split) {
        // A model in ONE file whose name only looks like a part's: it is that one file.
        await rename(partial, parts[0].destination);
        await rm(sidecarPath, { force: true });
        await this.recordSource(fileName, source);
        return { ...(await this.entry(parts[0].destination)), source };
      }
      if (!isPart(split, i, count)) {
        await discardPartial(partial);
        throw new LibraryError('invalid-model', `pull of ${source} downloaded something that is not a usable model: ${parts[i].url} should be part ${i + 1} of ${count} of a split model, but its header says ${split ? `part ${split.no + 1} of ${split.count}` : 'it is a model in one file'}`);
      }
      before += (await fileSizeOf(partial)) ?? 0;
      await rename(partial, complete(i));
    }
    // Later parts first: the model is listed (by its first part) only once every part is in place.
    for (let i = count - 1; i >= 0; i--) await rename(complete(i), parts[i].destination);
    await rm(sidecarPath, { force: true });
    await this.recordSource(fileName, source);
    return { ...(await this.entry(parts[0].destination)), source };
  }

  /** Whether a part kept in `.partial/` still reads whole as part `index` (0-based) of `count`. */
  private async keptPartFits(path: string, index: number, count: number): Promise<boolean> {
    const split = await readGgufHeader(path, { onePart: true, maxArrayItems: 0 }).then(splitOf, () => undefined);
    return isPart(split, index, count);
  }

  private async downloadPart(source: string, url: string, partial: string, headers: Record<string, string>, options: PullOptions, onProgress: (p: DownloadProgress) => void): Promise<void> {
    try {
      await downloadResumable(url, partial, {
        headers,
        signal: options.signal,
        maxRetries: options.maxRetries,
        retryBaseMs: options.retryBaseMs,
        idleTimeoutMs: options.idleTimeoutMs,
        fs: this.options.fs,
        keepPartialOnCancel: options.keepPartialOnCancel,
        source,
        onProgress,
      });
    } catch (err) {
      if (err instanceof DownloadError && err.code === 'cancelled') {
        throw cancelledPull(source, options, err);
      }
      if (err instanceof DownloadError && err.code === 'disk') throw new LibraryError('io', `pull of ${source} failed: ${err.message}`, { cause: err });
      if (err instanceof DownloadError && err.code === 'not-a-model') throw new LibraryError('invalid-model', `pull of ${source} failed: ${err.message}`, { cause: err });
      if (err instanceof DownloadError) {
        // "Resume" only where bytes were kept; the workbench's row has its own button for it.
        const kept = err.code === 'network' && this.options.surface !== 'app' ? ((await fileSizeOf(partial)) ?? 0) > 0 : false;
        throw new LibraryError('download', `pull of ${source} failed: ${err.message}${kept ? ' — run the same pull again to resume' : ''}`, { cause: err });
      }
      throw err;
    }
  }

  /**
   * A downloaded file must be a readable GGUF (else it is deleted: LibraryError 'invalid-model').
   * Returns its split keys (undefined for a model in one file); the caller checks they fit.
   */
  private async checkPart(source: string, url: string, partial: string): Promise<{ no: number; count: number } | undefined> {
    try {
      return splitOf(await readGgufHeader(partial, { onePart: true, maxArrayItems: 0 }));
    } catch (err) {
      await discardPartial(partial);
      const why = err instanceof GgufError ? err.message.replace(partial, url) : String(err);
      throw new LibraryError('invalid-model', `pull of ${source} downloaded something that is not a usable model: ${why}`, { cause: err });
    }
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

  /**
   * Downloads that stopped before the end and can be resumed (not those running in this process). A
   * split model's pull is one entry under its first part's name, its bytes all parts' received so far.
   */
  async partials(): Promise<PartialDownload[]> {
    const dir = join(this.dir, PARTIAL_DIR);
    const names = await readdir(dir).catch(() => [] as string[]);
    const out: PartialDownload[] = [];
    const running = async (fileName: string) => activePulls.has(this.pathFor(fileName)) || (await lockHeld(join(dir, `${fileName}.lock`)));
    for (const name of names.filter((n) => n.endsWith('.gguf.partial')).sort()) {
      const fileName = name.slice(0, -'.partial'.length);
      if ((splitName(fileName)?.count ?? 1) > 1 || (await running(fileName))) continue;
      const info = await readPartial(join(dir, name));
      if (!info) continue;
      out.push({ fileName, source: info.source ?? info.url, receivedBytes: info.receivedBytes, ...(info.totalBytes !== undefined ? { totalBytes: info.totalBytes } : {}) });
    }
    for (const name of names.filter((n) => n.endsWith(`.gguf${SPLIT_SIDECAR}`)).sort()) {
      const fileName = name.slice(0, -SPLIT_SIDECAR.length);
      const sidecar = await readSplitSidecar(join(dir, name));
      if (!sidecar || (await running(fileName))) continue;
      let receivedBytes = 0;
      for (const part of splitPartNames(fileName)) receivedBytes += (await fileSizeOf(join(dir, part))) ?? (await readPartial(join(dir, `${part}.partial`)))?.receivedBytes ?? 0;
      const totalBytes = sidecar.sizes?.reduce((a, b) => a + b, 0);
      out.push({ fileName, source: sidecar.source, receivedBytes, ...(totalBytes !== undefined ? { totalBytes } : {}) });
    }
    return out.sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
  }

  /** Deletes the partial download of `fileName` (as `partials()` names it; a split model's: all its parts). False when there was none. */
  async discardPartial(fileName: string): Promise<boolean> {
    const path = this.pathFor(fileName);
    if (activePulls.has(path)) throw new LibraryError('exists', `${basename(path)} is being pulled: cancel it first`);
    if (await lockHeld(join(this.dir, PARTIAL_DIR, `${basename(path)}.lock`))) {
      throw new LibraryError('exists', `${basename(path)} is being pulled by another Proofwright process: cancel it there first`);
    }
    return this.discardParts(basename(path));
  }

  /** Deletes what `.partial/` holds of the pull of `fileName` (a split model's: every part's bytes and its sidecar). */
  private async discardParts(fileName: string): Promise<boolean> {
    const dir = join(this.dir, PARTIAL_DIR);
    const splitSidecar = join(dir, `${fileName}${SPLIT_SIDECAR}`);
    const split = (await fileSizeOf(splitSidecar)) !== undefined;
    let existed = split;
    for (const part of split ? splitPartNames(fileName) : [fileName]) {
      const partial = join(dir, `${part}.partial`);
      if ((await fileSizeOf(partial)) !== undefined) existed = true;
      await discardPartial(partial);
      if (split) await rm(join(dir, part), { force: true });
    }
    await rm(splitSidecar, { force: true });
    return existed;
  }

  /**
   * Removes a model from the library (a split model: every part of it there). For a linked model only
   * the links go; the files they point to stay.
   */
  async remove(name: string): Promise<LibraryEntry> {
    let path = await this.resolve(name);
    // A later part named while its first part is there: the model is removed, as the list names it.
    const first = firstPartPath(path);
    if (first !== path && (await lstat(first).then(() => true, () => false))) path = first;
    const entry = await this.entry(path);
    // A split model: every part (the first last, so a removal that stops half way leaves the model
    // listed, not a hidden remnant). A model only named like a part, or one whose first part is gone
    // (no summary), takes just its own file and the parts its name gives.
    const parts = entry.summary?.splitParts || !entry.summary ? splitPartNames(basename(path)) : [basename(path)];
    for (const part of parts.reverse()) await rm(join(this.dir, part), { force: true });
    await rm(path, { force: true });
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
    if ([...fileName].some((c) => '<>:"|?*'.includes(c)) || /^(?:con|prn|aux|nul|com\d|lpt\d)(?:\.|$)/i.test(fileName) || Buffer.byteLength(`${fileName}.partial.json`) > MODEL_FILE_NAME_MAX_BYTES) {
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

  private async validate(path: string): Promise<GgufHeader> {
    try {
      return await readGgufHeader(path);
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
      const summary = summarizeGguf(await readGgufHeader(path));
      // A split model's size is all its parts' (the summary's); a link's target, read through the link.
      return { ...base, sizeBytes: summary.splitParts ? summary.fileSize : sizeBytes, summary };
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
    throw new LibraryError('io', `cannot pull ${basename(path, '.lock')}: ${writeFailureReason(err).reason} (its lock ${path} cannot be made); nothing was downloaded`, { cause: err });
  }
}

/** Whether the pull lock at `path` is held by a live pull (this process's included). */
async function lockHeld(path: string): Promise<boolean> {
  return lockfile.check(path, { ...PULL_LOCK, lockfilePath: path }).catch(() => false);
}

/** The words of a pull stopped by its signal: a pause (bytes kept to resume) or a cancel (nothing kept). */
function cancelledPull(source: string, options: PullOptions, cause?: unknown): LibraryError {
  return new LibraryError('cancelled', options.keepPartialOnCancel ? `pull of ${source} paused; pull it again to resume` : `pull of ${source} cancelled; nothing was kept`, cause === undefined ? undefined : { cause });
}

/** Beside a split model's parts in `.partial/`: what is being pulled, so a paused pull is listed (and resumed) as one. */
const SPLIT_SIDECAR = '.split.json';

interface SplitSidecar {
  source: string;
  /** The first part's URL: the same model whichever way it is asked for. */
  url: string;
  parts: number;
  /** Every part's size, when the server said them all. */
  sizes?: number[];
}

async function readSplitSidecar(path: string): Promise<SplitSidecar | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<SplitSidecar>;
    if (typeof parsed.source !== 'string' || typeof parsed.url !== 'string' || typeof parsed.parts !== 'number') return undefined;
    const sizes = Array.isArray(parsed.sizes) && parsed.sizes.length === parsed.parts && parsed.sizes.every((n) => Number.isSafeInteger(n) && n >= 0) ? parsed.sizes : undefined;
    return { source: parsed.source, url: parsed.url, parts: parsed.parts, ...(sizes ? { sizes } : {}) };
  } catch {
    return undefined;
  }
}

async function fileSizeOf(path: string): Promise<number | undefined> {
  return stat(path).then(
    (s) => s.size,
    () => undefined,
  );
}

/**
 * The library file names of a model's files (one, or a split model's parts in order): their own, or
 * `name` (with or without `.gguf`) — for a split model the parts' prefix, since llama.cpp finds the
 * parts by their `-0000k-of-0000n.gguf` endings (a name that already ends so keeps only its prefix).
 */
function libraryNames(fileNames: string[], name: string | undefined): string[] {
  if (name === undefined) return fileNames.map(ensureGguf);
  if (fileNames.length === 1) return [ensureGguf(name)];
  const prefix = splitName(ensureGguf(name))?.prefix ?? ensureGguf(name).slice(0, -'.gguf'.length);
  return fileNames.map((_, i) => splitPartName(prefix, i + 1, fileNames.length));
}

function ensureGguf(name: string): string {
  return name.toLowerCase().endsWith('.gguf') ? name : `${name}.gguf`;
}
