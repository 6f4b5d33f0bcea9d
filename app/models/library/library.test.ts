import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TINY_MODEL_HYPER, writeTinyGguf } from '../../../scripts/make-tiny-gguf';
import { engineMethods } from '../../common/contract';
import { LOCAL_LOAD_LIMITS, MODEL_FILE_NAME_MAX_BYTES } from '../../common/model-library';
import { SETTINGS_LIMITS } from '../../common/schemas/settings';
import type { DownloadProgress } from './download';
import { LibraryError, ModelLibrary } from './modelLibrary';
import { inspectGguf } from './gguf';
import { serveModelFile, type FileServer } from './testFileServer';

const root = mkdtempSync(join(tmpdir(), 'pw-lib-'));
const modelPath = join(root, 'source', 'tiny.gguf');
let model: Buffer;
let parameters: number;

beforeAll(() => {
  parameters = writeTinyGguf(modelPath, { size: 'test', seed: 5 }).parameters;
  model = readFileSync(modelPath);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface ServeOptions {
  cutAt?: (index: number) => number | undefined;
  /** Send the body slowly (chunk of this size every 20 ms), for cancel tests. */
  slowChunk?: number;
  body?: Buffer;
}

/** Serves the model at /files/tiny.gguf (with Range and ETag) and a fake Hugging Face Hub. */
const serve = (options: ServeOptions = {}) =>
  serveModelFile({ body: options.body ?? model, cutAt: options.cutAt, throttle: options.slowChunk ? { chunkBytes: options.slowChunk } : undefined });

let server: FileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

let counter = 0;
const newLibrary = (extra: Partial<ConstructorParameters<typeof ModelLibrary>[0]> = {}) => new ModelLibrary({ dir: join(root, `lib-${++counter}`), ...extra });
const libraryFiles = (lib: ModelLibrary) => (existsSync(lib.dir) ? readdirSync(lib.dir).filter((f) => f !== '.partial') : []);
const partialFiles = (lib: ModelLibrary) => (existsSync(join(lib.dir, '.partial')) ? readdirSync(join(lib.dir, '.partial')) : []);

describe('pull', () => {
  it('downloads a URL with progress events and lists the model', async () => {
    server = await serve();
    const lib = newLibrary();
    const events: DownloadProgress[] = [];
    const entry = await lib.pull(`${server.origin}/files/tiny.gguf`, { onProgress: (p) => events.push(p) });
    expect(entry).toMatchObject({ name: 'tiny', linked: false, sizeBytes: model.length });
    expect(readFileSync(entry.path).equals(model)).toBe(true);
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.at(-1)).toMatchObject({ downloadedBytes: model.length, totalBytes: model.length, resumedFromBytes: 0 });
    for (let i = 1; i < events.length; i++) expect(events[i].downloadedBytes).toBeGreaterThanOrEqual(events[i - 1].downloadedBytes);
    const listed = await lib.list();
    expect(listed.map((e) => e.name)).toEqual(['tiny']);
    expect(listed[0].summary).toMatchObject({ architecture: 'llama', parameterCount: parameters });
    expect(partialFiles(lib)).toEqual([]);
  });

  it('resumes with a Range request when the server cuts the transfer', async () => {
    const cut = Math.floor(model.length / 3);
    server = await serve({ cutAt: (i) => (i === 0 ? cut : undefined) });
    const lib = newLibrary();
    const events: DownloadProgress[] = [];
    const entry = await lib.pull(`${server.origin}/files/tiny.gguf`, { retryBaseMs: 10, onProgress: (p) => events.push(p) });
    expect(readFileSync(entry.path).equals(model)).toBe(true);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0].range).toBeUndefined();
    expect(Number(/bytes=(\d+)-/.exec(server.requests[1].range ?? '')?.[1])).toBeGreaterThan(0);
    expect(server.requests[1].ifRange).toBe('"v1"');
    expect(events.at(-1)?.downloadedBytes).toBe(model.length);
  });

  it('resumes on the next pull after giving up, keeping the bytes it had', async () => {
    const cut = Math.floor(model.length / 2);
    server = await serve({ cutAt: (i) => (i === 0 ? cut : undefined) });
    const lib = newLibrary();
    const url = `${server.origin}/files/tiny.gguf`;
    const error = await lib.pull(url, { maxRetries: 0 }).catch((e) => e);
    expect(error).toBeInstanceOf(LibraryError);
    expect(error.code).toBe('download');
    expect(error.message).toMatch(/run the same pull again to resume/);
    expect(libraryFiles(lib)).toEqual([]); // nothing half-done shows in the library
    const events: DownloadProgress[] = [];
    const entry = await lib.pull(url, { onProgress: (p) => events.push(p) });
    expect(readFileSync(entry.path).equals(model)).toBe(true);
    const resumedAt = Number(/bytes=(\d+)-/.exec(server.requests[1].range ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(events[0].resumedFromBytes).toBe(resumedAt);
    expect(partialFiles(lib)).toEqual([]);
  });

  it('cancel leaves no partial file, and the library is unchanged', async () => {
    server = await serve({ slowChunk: 16 * 1024 });
    const lib = newLibrary();
    const controller = new AbortController();
    const error = await lib
      .pull(`${server.origin}/files/tiny.gguf`, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.downloadedBytes > 0) controller.abort();
        },
      })
      .catch((e) => e);
    expect(error).toMatchObject({ name: 'LibraryError', code: 'cancelled' });
    expect(libraryFiles(lib)).toEqual([]);
    expect(partialFiles(lib)).toEqual([]);
    expect(await lib.list()).toEqual([]);
  });

  it('refuses a second pull of the same file while the first runs', async () => {
    server = await serve({ slowChunk: 64 * 1024 });
    const lib = newLibrary();
    const url = `${server.origin}/files/tiny.gguf`;
    // Both start at once; whichever claims the file first downloads it, the other is refused (which
    // one wins depends on timing, so the test does not assume an order).
    const results = await Promise.allSettled([lib.pull(url), lib.pull(url)]);
    const done = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(done).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'exists', message: expect.stringMatching(/already being pulled/) });
    expect(readFileSync((done[0] as PromiseFulfilledResult<{ path: string }>).value.path).equals(model)).toBe(true);
  });

  it('pulls two sources with one file name side by side: the later one saved as "tiny (1).gguf" (rev18 F5)', async () => {
    server = await serve({ slowChunk: 64 * 1024 });
    const other = await serveModelFile({ body: model, throttle: { chunkBytes: 64 * 1024 } });
    try {
      const lib = newLibrary();
      const renamed: (string | undefined)[] = [];
      const first = lib.pull(`${server.origin}/files/tiny.gguf`);
      // The first has claimed tiny.gguf once its bytes come.
      await new Promise((r) => setTimeout(r, 100));
      const second = await lib.pull(`${other.origin}/files/tiny.gguf`, { onProgress: (p) => renamed.push(p.renamedFrom) });
      expect(second.name).toBe('tiny (1)');
      expect(renamed.at(-1)).toBe('tiny.gguf');
      expect((await first).name).toBe('tiny');
      expect(readFileSync(join(lib.dir, 'tiny.gguf')).equals(model)).toBe(true);
      expect(readFileSync(join(lib.dir, 'tiny (1).gguf')).equals(model)).toBe(true);
      expect((await lib.list()).map((e) => [e.name, e.source])).toEqual([
        ['tiny', `${server.origin}/files/tiny.gguf`],
        ['tiny (1)', `${other.origin}/files/tiny.gguf`],
      ]);
    } finally {
      await other.close();
    }
  });

  it('does not mix a paused download into another source of the same name, and resumes each under its own name', async () => {
    server = await serve({ slowChunk: 16 * 1024 });
    const other = await serveModelFile({ body: model });
    try {
      const lib = newLibrary();
      const first = `${server.origin}/files/tiny.gguf`;
      const controller = new AbortController();
      const paused = await lib.pull(first, { signal: controller.signal, keepPartialOnCancel: true, onProgress: (p) => p.downloadedBytes > 0 && controller.abort() }).catch((e: unknown) => e);
      expect(paused).toMatchObject({ code: 'cancelled' });
      const kept = readFileSync(join(lib.dir, '.partial', 'tiny.gguf.partial'));
      expect(kept.length).toBeGreaterThan(0);
      // Another source's tiny.gguf goes beside it; the paused bytes stay as they were.
      expect((await lib.pull(`${other.origin}/files/tiny.gguf`)).name).toBe('tiny (1)');
      expect(readFileSync(join(lib.dir, '.partial', 'tiny.gguf.partial')).equals(kept)).toBe(true);
      // The first source again resumes its own bytes under its own name.
      expect((await lib.pull(first)).name).toBe('tiny');
      expect(server.requests.filter((r) => r.url === '/files/tiny.gguf').at(-1)?.range).toBe(`bytes=${kept.length}-`);
      expect(readFileSync(join(lib.dir, 'tiny.gguf')).equals(model)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('refuses a file on this machine as a pull, saying to import it (rev18 F6)', async () => {
    const lib = newLibrary();
    for (const ref of [modelPath, `file://${modelPath}`, '~/tiny.gguf']) {
      await expect(lib.pull(ref)).rejects.toMatchObject({ code: 'bad-source', message: expect.stringContaining('is a file on this machine, not a download: import it instead (proofwright models import') });
    }
    const app = newLibrary({ surface: 'app' });
    await expect(app.pull(modelPath)).rejects.toThrow(/import it instead \(My models › Import\)/);
  });

  it('resolves hf:USER/REPO:QUANT through the Hub manifest', async () => {
    server = await serve();
    const lib = newLibrary({ hfEndpoint: server.origin, hfToken: 'hf_secret' });
    const entry = await lib.pull('hf:someone/Tiny-GGUF:Q8_0');
    expect(entry.name).toBe('tiny-Q8_0');
    expect(server.requests[0]).toMatchObject({ url: '/v2/someone/Tiny-GGUF/manifests/Q8_0', userAgent: 'llama-cpp' });
    expect(server.requests[1].url).toBe('/someone/Tiny-GGUF/resolve/main/tiny-Q8_0.gguf');
    const missing = await lib.pull('hf:someone/Nope-GGUF:Q4_K_M').catch((e) => e);
    expect(missing).toMatchObject({ code: 'bad-source' });
    expect(missing.message).toMatch(/no such repository or quantisation "Q4_K_M"/);
  });

  it('refuses a download that is not a GGUF and keeps nothing', async () => {
    server = await serve({ body: Buffer.from('<!DOCTYPE html><p>Sign in to continue</p>') });
    const lib = newLibrary();
    const error = await lib.pull(`${server.origin}/files/tiny.gguf`).catch((e) => e);
    expect(error).toMatchObject({ code: 'invalid-model' });
    expect(error.message).toMatch(/not a usable model: .* is not a GGUF model file \(GGUF files start with the bytes "GGUF"\)/);
    expect(libraryFiles(lib)).toEqual([]);
    expect(partialFiles(lib)).toEqual([]);
  });

  it('reports a missing file and a bad source clearly', async () => {
    server = await serve();
    const lib = newLibrary();
    await expect(lib.pull(`${server.origin}/files/absent.gguf`, { maxRetries: 0 })).rejects.toThrow(/HTTP 404/);
    await expect(lib.pull('ftp://example.com/x.gguf')).rejects.toMatchObject({ code: 'bad-source' });
  });
});

describe('import, list, inspect, remove', () => {
  it('links by default and copies on request; removing a link keeps the original', async () => {
    const lib = newLibrary();
    const linked = await lib.import(modelPath);
    expect(linked).toMatchObject({ name: 'tiny', linked: true, target: modelPath, sizeBytes: model.length });
    const copied = await lib.import(modelPath, { mode: 'copy', name: 'tiny-copy' });
    expect(copied).toMatchObject({ name: 'tiny-copy', linked: false, sizeBytes: model.length });
    expect((await lib.list()).map((e) => [e.name, e.linked])).toEqual([
      ['tiny', true],
      ['tiny-copy', false],
    ]);
    await expect(lib.import(modelPath)).rejects.toMatchObject({ code: 'exists' });
    await lib.remove('tiny');
    expect(existsSync(modelPath)).toBe(true);
    await lib.remove('tiny-copy.gguf');
    expect(await lib.list()).toEqual([]);
    await expect(lib.remove('tiny')).rejects.toMatchObject({ code: 'not-found' });
    await expect(lib.remove('../etc/passwd')).rejects.toMatchObject({ code: 'bad-name' });
  });

  it('names every model it creates with an id the contract takes, and the contract takes the largest context × sequences the settings allow', async () => {
    // Reviewer rev18 F1: import took ~240-byte names, inspectModel/removeModel refused ids over 200 characters.
    const lib = newLibrary();
    const longest = 'a'.repeat(MODEL_FILE_NAME_MAX_BYTES - '.gguf.partial.json'.length);
    const entry = await lib.import(modelPath, { name: longest });
    await expect(lib.import(modelPath, { name: `${longest}a` })).rejects.toMatchObject({ code: 'bad-name' });
    const id = basename(entry.path).replace(/\.gguf$/, '');
    expect(id).toBe(longest);
    expect(engineMethods.removeModel.args.safeParse([{ id }]).success).toBe(true);
    // Reviewer rev18 F2: the workbench asks for the per-sequence context × sequences.
    const largest = LOCAL_LOAD_LIMITS.contextSize * SETTINGS_LIMITS.concurrency;
    expect(engineMethods.inspectModel.args.safeParse([{ id, contextSize: largest }]).success).toBe(true);
    expect(engineMethods.inspectModel.args.safeParse([{ id, contextSize: largest + 1 }]).success).toBe(false);
    await lib.remove(id);
    expect(await lib.list()).toEqual([]);
  });

  it('refuses to import a bad file, naming the problem', async () => {
    const lib = newLibrary();
    const bad = join(root, 'bad.gguf');
    writeFileSync(bad, 'PK\u0003\u0004 a zip file');
    await expect(lib.import(bad)).rejects.toMatchObject({ code: 'invalid-model', message: `${bad} is not a GGUF model file (GGUF files start with the bytes "GGUF")` });
    await expect(lib.import(join(root, 'missing.gguf'))).rejects.toMatchObject({ code: 'not-found' });
    expect(libraryFiles(lib)).toEqual([]);
  });

  it('lists broken and corrupt entries with their problem instead of failing', async () => {
    const lib = newLibrary();
    const doomed = join(root, 'doomed.gguf');
    writeFileSync(doomed, model);
    await lib.import(doomed);
    rmSync(doomed);
    await lib.import(modelPath, { mode: 'copy', name: 'cut' });
    writeFileSync(join(lib.dir, 'cut.gguf'), model.subarray(0, 5000));
    const entries = await lib.list();
    expect(entries.map((e) => [e.name, e.problem?.code])).toEqual([
      ['cut', 'truncated'],
      ['doomed', 'broken-link'],
    ]);
  });

  it('inspect agrees with the generator on parameters and reports memory for a context size', async () => {
    const info = await inspectGguf(modelPath, { contextSize: 256 });
    expect(info.parameterCount).toBe(parameters);
    expect(info.quantization).toBe('F32');
    expect(info.chatTemplate).toContain('<|im_start|>');
    // layers × context × kv heads × (K dim + V dim) × 2 bytes (f16), head dim = n_embd / n_head.
    const h = TINY_MODEL_HYPER.test;
    const headDim = h.nEmbd / h.nHead;
    expect(info.memory.kvCacheBytes).toBe(h.nLayer * 256 * h.nHeadKv * (headDim + headDim) * 2);
    expect(info.memory.weightsBytes).toBe(parameters * 4);
  });
});
