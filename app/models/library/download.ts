// A resumable HTTP download into a `.partial` file. Written here rather than using node-llama-cpp's
// createModelDownloader (ipull): ipull keeps its temporary file next to the destination, retries with
// a fixed internal policy, and opens parallel connections — we need the partial file outside the
// library folder, a resume that survives a restart of the app (Range + If-Range on the next pull), and
// behaviour we can test against a local server. It is one request at a time, HTTP Range, and a
// sidecar JSON remembering which URL/ETag the partial bytes came from.

import * as fsp from 'node:fs/promises';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { writeFailureReason, type WriterFs } from '../../store/safe-write';
import { describeFetchError, fetchFailureLasts } from '../../common/fetch-errors';
import { serverMessage } from '../openai/serverErrors';
import { parseRetryAfter, sleep } from '../retry';

export interface DownloadProgress {
  downloadedBytes: number;
  /** Undefined when the server does not say. */
  totalBytes?: number;
  /** Bytes that were already there from an earlier, interrupted attempt. */
  resumedFromBytes: number;
}

export interface DownloadOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** Consecutive failed attempts (no new bytes) before giving up. Default 5. */
  maxRetries?: number;
  /** First retry delay; doubles. Default 1000 ms. */
  retryBaseMs?: number;
  /** Longest Retry-After (429, 503) waited; a server asking more fails the pull at once, saying so. Default 60 s. */
  maxRetryAfterMs?: number;
  /** Silence allowed mid-transfer before the connection counts as lost. Default 60 s. */
  idleTimeoutMs?: number;
  /** How the partial file is opened for writing (tests inject a disk that fills up). */
  fs?: Pick<WriterFs, 'open'>;
  /**
   * Keep the partial file on cancel (a pause: the next call with the same URL continues it with a
   * Range request). Default false: a cancel deletes it.
   */
  keepPartialOnCancel?: boolean;
  /** What the user asked to pull (`hf:…` or the URL), kept in the sidecar so a paused download can be listed and resumed after a restart. */
  source?: string;
}

/**
 * `unreachable`: the server cannot be reached in a way a retry within seconds will not change (no
 * such host, a blocked port, an untrusted certificate): said at once, not retried.
 * `disk`: the bytes could not be saved (full disk, short write…); the partial file was deleted.
 * `not-a-model`: the server answered with a web page (a sign-in page, a captive portal) instead of a file.
 */
export type DownloadErrorCode = 'http' | 'network' | 'unreachable' | 'cancelled' | 'unauthorized' | 'not-found' | 'disk' | 'not-a-model';

export class DownloadError extends Error {
  constructor(
    readonly code: DownloadErrorCode,
    message: string,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, options);
    this.name = 'DownloadError';
    this.retryAfterMs = options?.retryAfterMs;
  }

  /** The wait the server asked for (Retry-After of a 429 or 503), in ms. */
  readonly retryAfterMs?: number;
}

interface Sidecar {
  url: string;
  /** The validators of the file the partial bytes came from: a resume must be of the same file. */
  etag?: string;
  lastModified?: string;
  totalBytes?: number;
  source?: string;
}

/** A partial download on disk: how far it got and what it was a download of. */
export interface PartialInfo {
  url: string;
  source?: string;
  receivedBytes: number;
  totalBytes?: number;
}

const sidecarPath = (partialPath: string) => `${partialPath}.json`;

async function fileSize(path: string): Promise<number> {
  return stat(path).then(
    (s) => s.size,
    () => 0,
  );
}

async function readSidecar(partialPath: string): Promise<Sidecar | undefined> {
  try {
    return JSON.parse(await readFile(sidecarPath(partialPath), 'utf8')) as Sidecar;
  } catch {
    return undefined;
  }
}

/** What is known of the partial download at `partialPath` (undefined when there is none or its sidecar is unreadable). */
export async function readPartial(partialPath: string): Promise<PartialInfo | undefined> {
  const sidecar = await readSidecar(partialPath);
  if (!sidecar || typeof sidecar.url !== 'string') return undefined;
  const receivedBytes = await fileSize(partialPath);
  return { url: sidecar.url, source: sidecar.source, receivedBytes, ...(sidecar.totalBytes !== undefined ? { totalBytes: sidecar.totalBytes } : {}) };
}

/**
 * The size of the file at `url` from a HEAD request (redirects followed), for a total announced before
 * its download starts (a split model's later parts), and the status, so a file the server does not
 * have is known before anything is downloaded. `size` undefined when the server does not say; `status`
 * undefined when it could not be reached.
 */
export async function remoteSize(url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<{ size?: number; status?: number }> {
  try {
    const response = await fetch(url, { method: 'HEAD', headers: { 'accept-encoding': 'identity', ...headers }, signal, redirect: 'follow' });
    await response.body?.cancel().catch(() => undefined);
    const length = Number(response.headers.get('content-length'));
    return { status: response.status, ...(response.ok && Number.isSafeInteger(length) && length > 0 ? { size: length } : {}) };
  } catch {
    return {};
  }
}

/** Deletes a partial download and its sidecar. */
export async function discardPartial(partialPath: string): Promise<void> {
  await rm(partialPath, { force: true });
  await rm(sidecarPath(partialPath), { force: true });
}

/**
 * Downloads `url` into `partialPath`, continuing bytes already there from the same URL. On success the
 * file is complete, fsync'd and its size on disk is the size the server announced (the caller moves it
 * into place), and the sidecar is removed. On cancel the partial file is deleted (kept with
 * `keepPartialOnCancel`, for a pause); so it is when the bytes
 * cannot be saved (DownloadError 'disk': on a full disk, keeping gigabytes of a partial model would
 * leave no room for the user's documents); on any other failure it is kept so the next call resumes.
 */
export async function downloadResumable(url: string, partialPath: string, options: DownloadOptions = {}): Promise<void> {
  const maxRetries = options.maxRetries ?? 5;
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  const { signal } = options;

  const previous = await readSidecar(partialPath);
  if (!previous || previous.url !== url) await discardPartial(partialPath);
  let sidecar: Sidecar = previous?.url === url ? previous : { url };
  if (options.source) sidecar = { ...sidecar, source: options.source };
  const resumedFromBytes = await fileSize(partialPath);

  let failures = 0;
  try {
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const have = await fileSize(partialPath);
      if (sidecar.totalBytes !== undefined && have === sidecar.totalBytes && have > 0) break;
      const before = have;
      try {
        const done = await attempt(url, partialPath, have, sidecar, options, resumedFromBytes, idleTimeoutMs, (next) => {
          sidecar = { ...next, ...(options.source ? { source: options.source } : {}) };
          return writeFile(sidecarPath(partialPath), JSON.stringify(sidecar));
        });
        if (done) break;
      } catch (err) {
        if (signal?.aborted) throw signal.reason;
        if (err instanceof DownloadError && err.code !== 'network' && err.code !== 'http') throw err;
        if (err instanceof DownloadError && err.code === 'http' && !/HTTP (429|5\d\d)/.test(err.message)) throw err;
        const progressed = (await fileSize(partialPath)) > before;
        failures = progressed ? 1 : failures + 1;
        if (failures > maxRetries) throw err;
        // The server's Retry-After (a rate limit, a CDN's 503) is what it will accept; one longer than
        // this pull waits (a quota reset in an hour) is said at once rather than hammered until retries run out.
        const asked = err instanceof DownloadError ? err.retryAfterMs : undefined;
        const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
        if (asked !== undefined && asked > maxRetryAfterMs) {
          throw new DownloadError('http', `${(err as Error).message} — the server asks to wait ${Math.ceil(asked / 1000)} s before another try; pull again later`, { cause: err });
        }
        await sleep(asked ?? retryBaseMs * 2 ** (failures - 1), signal);
      }
    }
    // What is on disk must be what was downloaded: a disk that takes fewer bytes than it reports
    // would otherwise leave a torn model to be moved into the library.
    const saved = await fileSize(partialPath);
    if (sidecar.totalBytes !== undefined && saved !== sidecar.totalBytes) {
      throw diskError(partialPath, Object.assign(new Error(`saved ${saved} of ${sidecar.totalBytes} bytes`), { code: 'ESHORT' }), saved, sidecar.totalBytes);
    }
  } catch (err) {
    if (signal?.aborted) {
      if (!options.keepPartialOnCancel) await discardPartial(partialPath);
      throw new DownloadError('cancelled', options.keepPartialOnCancel ? 'download paused' : 'download cancelled', { cause: err });
    }
    if (err instanceof DownloadError && err.code === 'disk') await discardPartial(partialPath);
    throw err;
  }
  await rm(sidecarPath(partialPath), { force: true });
}

/** The DownloadError for bytes that could not be saved, with the system's reason in plain words. */
function diskError(partialPath: string, error: unknown, savedBytes: number, totalBytes: number | undefined): DownloadError {
  const { reason } = writeFailureReason(error);
  const of = totalBytes === undefined ? '' : ` of ${totalBytes}`;
  return new DownloadError(
    'disk',
    `could not save ${basename(partialPath).replace(/\.partial$/, '')}: ${reason} (after ${savedBytes}${of} bytes); the partial download was deleted`,
    { cause: error },
  );
}

/** One request. Returns true when the file is complete; throws on a failure worth retrying or not. */
async function attempt(
  url: string,
  partialPath: string,
  have: number,
  sidecar: Sidecar,
  options: DownloadOptions,
  resumedFromBytes: number,
  idleTimeoutMs: number,
  saveSidecar: (s: Sidecar) => Promise<void>,
): Promise<boolean> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let idle: NodeJS.Timeout | undefined;
  const armIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(() => controller.abort(new DownloadError('network', `no data from ${url} for ${idleTimeoutMs} ms`)), idleTimeoutMs);
  };
  try {
    // The file's own bytes: fetch would otherwise ask for gzip, and a server that compresses on request
    // (nginx `gzip_types *`) sends a Content-Length and ranges of the compressed form, which neither
    // count the file nor resume it.
    const headers: Record<string, string> = { 'accept-encoding': 'identity', ...options.headers };
    if (have > 0) {
      headers.range = `bytes=${have}-`;
      // If-Range: the rest only if the file is still the one begun, else the whole new file (200). A
      // weak ETag may not be used there (RFC 9110 §13.1.5); Last-Modified may, for servers without ETags.
      const validator = sidecar.etag && !sidecar.etag.startsWith('W/') ? sidecar.etag : sidecar.lastModified;
      if (validator) headers['if-range'] = validator;
    }
    armIdle();
    /** A read of the body that failed: the idle timer's or the caller's reason, else a lost connection. */
    const lostError = (err: unknown, receivedBytes: number): DownloadError =>
      controller.signal.reason instanceof DownloadError
        ? controller.signal.reason
        : new DownloadError('network', `connection to ${url} lost after ${receivedBytes} bytes: ${describeFetchError(err, url)}`, { cause: err });
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: controller.signal, redirect: 'follow' });
    } catch (err) {
      if (controller.signal.reason instanceof DownloadError) throw controller.signal.reason;
      // A host that does not exist or a port never connected to is said at once, not retried for 30 s.
      throw new DownloadError(fetchFailureLasts(err) ? 'unreachable' : 'network', `cannot reach ${url}: ${describeFetchError(err, url)}`, { cause: err });
    }

    if (response.status === 416 && have > 0) {
      // Nothing left to send: either we already have it all, or the partial file is bogus.
      const total = Number(/\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1]);
      await response.body?.cancel();
      if (total === have) return true;
      await discardPartial(partialPath);
      return false;
    }
    if (response.status === 401 || response.status === 403) {
      throw new DownloadError('unauthorized', `${url} answered HTTP ${response.status}: the file needs access rights (for gated Hugging Face models, accept the licence on the model page and set HF_TOKEN)`);
    }
    if (response.status === 404) throw new DownloadError('not-found', `${url} answered HTTP 404: no such file`);
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      throw new DownloadError('http', `${url} answered HTTP ${response.status} ${response.statusText}`, { retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) });
    }
    // The body as read from here on: a 200 labelled as a web page is looked at first (below).
    let body: AsyncIterable<Uint8Array> = response.body as unknown as AsyncIterable<Uint8Array>;
    if (/html/i.test(response.headers.get('content-type') ?? '') && response.status !== 206) {
      // A sign-in page, a captive portal or an error page sent with 200 is refused before a byte is
      // saved, in the page's own words. A server that only labels the model wrongly (an unknown .gguf
      // type given its default) sends GGUF's magic bytes: that is the model. (A 206 continues a file
      // whose start was accepted already.)
      const rest = response.body.getReader();
      const parts: Uint8Array[] = [];
      let head: Buffer;
      try {
        head = await readAtLeast(rest, 4, parts);
      } catch (err) {
        // Cut (or idle-aborted) before four bytes came: the same failure as a cut mid-body, said the same way.
        await rest.cancel().catch(() => undefined);
        throw lostError(err, Buffer.concat(parts).length);
      }
      if (Buffer.from(head).subarray(0, 4).toString('latin1') !== 'GGUF') {
        const page = Buffer.concat([head, await readSome(rest, 64 * 1024 - head.length)]).toString('utf8');
        throw new DownloadError('not-a-model', `${url} answered with ${serverMessage(page, 'text/html', 200)}, not a model file (a sign-in page or a network's portal?)`);
      }
      body = prepend(head, rest);
    }
    const etag = response.headers.get('etag') ?? undefined;
    const lastModified = response.headers.get('last-modified') ?? undefined;

    let append = false;
    let totalBytes: number | undefined;
    // Compressed anyway (fetch decodes it): the length and any range are of the compressed form.
    const encoded = !/^(?:identity)?$/i.test(response.headers.get('content-encoding')?.trim() ?? '');
    if (encoded && response.status === 206) {
      await cancelBody(body);
      await discardPartial(partialPath);
      throw new DownloadError('network', `${url} sent a compressed range, which cannot continue the file; starting it again`);
    }
    const length = encoded ? NaN : Number(response.headers.get('content-length') ?? NaN);
    if (response.status === 206) {
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
      if (!range || Number(range[1]) !== have) {
        // A range we did not ask for: start over rather than splice wrong bytes.
        await cancelBody(body);
        await discardPartial(partialPath);
        throw new DownloadError('network', `${url} answered with an unexpected range (${response.headers.get('content-range')})`);
      }
      totalBytes = range[3] === '*' ? undefined : Number(range[3]);
      // The rest of another file (the file changed on the server, which ignored If-Range or had no
      // validator to check): splicing it onto the bytes we have would make a model that is neither.
      const changed =
        (etag !== undefined && sidecar.etag !== undefined && etag !== sidecar.etag) ||
        (lastModified !== undefined && sidecar.lastModified !== undefined && lastModified !== sidecar.lastModified) ||
        (totalBytes !== undefined && sidecar.totalBytes !== undefined && totalBytes !== sidecar.totalBytes);
      if (changed) {
        await cancelBody(body);
        await discardPartial(partialPath);
        throw new DownloadError('network', `${url} changed on the server since the download began; starting it again`);
      }
      append = true;
    } else {
      // 200: the server ignored the range (or the file changed under If-Range): start over.
      totalBytes = Number.isFinite(length) ? length : undefined;
    }
    // On a 200 the validators are the new file's only: the old ones describe bytes being overwritten.
    try {
      await saveSidecar({ url, ...(append ? { etag: etag ?? sidecar.etag, lastModified: lastModified ?? sidecar.lastModified } : { etag, lastModified }), totalBytes });
    } catch (err) {
      // The small progress record beside the partial file (what a resume needs): a full disk here is
      // the same failure as one under the model's bytes, said the same way.
      await cancelBody(body);
      throw diskError(partialPath, err, have, totalBytes);
    }

    let downloadedBytes = append ? have : 0;
    let out: fsp.FileHandle;
    try {
      out = await (options.fs ?? fsp).open(partialPath, append ? 'a' : 'w');
    } catch (err) {
      await cancelBody(body);
      throw diskError(partialPath, err, downloadedBytes, totalBytes);
    }
    // At most one event per 100 ms; a throttled update is delivered by a trailing timer, so a
    // transfer that stalls still reports every byte it received.
    let lastReport = 0;
    let trailing: NodeJS.Timeout | undefined;
    const report = (force: boolean) => {
      const now = Date.now();
      if (!force && now - lastReport < 100) {
        trailing ??= setTimeout(() => {
          trailing = undefined;
          report(true);
        }, 100 - (now - lastReport));
        return;
      }
      clearTimeout(trailing);
      trailing = undefined;
      lastReport = now;
      // A server that sent the whole file again resumed nothing, whatever was on disk before.
      options.onProgress?.({ downloadedBytes, totalBytes, resumedFromBytes: append ? resumedFromBytes : 0 });
    };
    report(true);
    // While no byte comes (a stalled CDN), the same count is sent again each second, so the speed
    // measured over recent reports falls and the ETA grows instead of showing the speed of before.
    const heartbeat = setInterval(() => report(true), 1000);
    let savedBytes = downloadedBytes;
    /** Every byte of `chunk` onto the disk (a write may take only part of it), or a 'disk' error. */
    const save = async (chunk: Uint8Array) => {
      try {
        for (let offset = 0; offset < chunk.length; ) {
          const { bytesWritten } = await out.write(chunk, offset, chunk.length - offset);
          // A write that makes no progress would loop for ever: the disk took nothing more.
          if (bytesWritten <= 0) throw Object.assign(new Error('short write'), { code: 'ESHORT' });
          offset += bytesWritten;
          savedBytes += bytesWritten;
        }
      } catch (err) {
        throw diskError(partialPath, err, savedBytes, totalBytes);
      }
    };
    try {
      try {
        for await (const chunk of body) {
          armIdle();
          downloadedBytes += chunk.length;
          await save(chunk);
          heartbeat.refresh();
          report(false);
        }
      } catch (err) {
        if (err instanceof DownloadError) {
          controller.abort(err); // stop the transfer: nothing more can be saved
          throw err;
        }
        throw lostError(err, downloadedBytes);
      }
      try {
        await out.sync();
      } catch (err) {
        throw diskError(partialPath, err, savedBytes, totalBytes);
      }
    } finally {
      clearInterval(heartbeat);
      await out.close().catch(() => undefined);
      report(true);
      clearTimeout(trailing);
    }
    if (totalBytes !== undefined && downloadedBytes < totalBytes) {
      throw new DownloadError('network', `connection to ${url} closed after ${downloadedBytes} of ${totalBytes} bytes`);
    }
    if (totalBytes !== undefined && downloadedBytes > totalBytes) {
      await discardPartial(partialPath);
      throw new DownloadError('http', `${url} sent ${downloadedBytes} bytes, more than the ${totalBytes} it announced`);
    }
    return true;
  } finally {
    clearTimeout(idle);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Chunks read from `reader` into `parts` until they hold at least `bytes` bytes or the stream ended;
 * returns them as one Buffer. A read error is thrown, with what came before it left in `parts`.
 */
async function readAtLeast(reader: ReadableStreamDefaultReader<Uint8Array>, bytes: number, parts: Uint8Array[] = []): Promise<Buffer> {
  let size = parts.reduce((n, p) => n + p.length, 0);
  while (size < bytes) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    size += value.length;
  }
  return Buffer.concat(parts);
}

/** Up to `max` bytes of what is left of `reader`'s stream, which is then cancelled; a read error ends it quietly. */
async function readSome(reader: ReadableStreamDefaultReader<Uint8Array>, max: number): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  try {
    await readAtLeast(reader, max, parts);
  } catch {
    // What arrived is enough to name the page.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(parts).subarray(0, Math.max(0, max));
}

/** `head` then the rest of the reader's stream, as one body; returning early cancels the stream. */
function prepend(head: Uint8Array, rest: ReadableStreamDefaultReader<Uint8Array>): AsyncIterable<Uint8Array> & { cancel(): Promise<void> } {
  return {
    cancel: () => rest.cancel().catch(() => undefined),
    async *[Symbol.asyncIterator]() {
      try {
        if (head.length) yield head;
        for (;;) {
          const { done, value } = await rest.read();
          if (done) return;
          yield value;
        }
      } finally {
        await rest.cancel().catch(() => undefined);
      }
    },
  };
}

/** Stops a body's transfer, whichever form it has here (a web stream, or prepend's). */
async function cancelBody(body: AsyncIterable<Uint8Array>): Promise<void> {
  await (body as { cancel?: () => Promise<void> }).cancel?.().catch(() => undefined);
}
