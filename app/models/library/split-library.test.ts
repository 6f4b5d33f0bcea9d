// Split GGUF models in the library (splitGguf.ts): pulled part by part over real HTTP from the same
// folder as the part named (a URL, or the Hub's manifest), paused and resumed without fetching a
// finished part again, checked part by part, imported (linked) whole from any part, listed, inspected
// and removed as one model. The parts are the tiny random-weight model written in 3 files.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { writeTinyGguf, writeTinyGgufSplit } from '../../../scripts/make-tiny-gguf';
import { LibraryError, ModelLibrary, type PullProgress } from './modelLibrary';
import { serveModelFile, type FileServer } from './testFileServer';

const root = mkdtempSync(join(tmpdir(), 'pw-split-lib-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const wholePath = join(root, 'source', 'whole.gguf');
const { parameters } = writeTinyGguf(wholePath, { size: 'test', seed: 9 });
const { paths: partPaths } = writeTinyGgufSplit(join(root, 'source', 'big'), { size: 'test', seed: 9 }, 3);
const parts = partPaths.map((p) => readFileSync(p));
const total = parts.reduce((sum, p) => sum + p.length, 0);
const partNames = ['big-00001-of-00003.gguf', 'big-00002-of-00003.gguf', 'big-00003-of-00003.gguf'];

let server: FileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
let counter = 0;
const newLibrary = () => new ModelLibrary({ dir: join(root, `lib-${++counter}`), hfEndpoint: server?.origin });
const libraryFiles = (lib: ModelLibrary) => (existsSync(lib.dir) ? readdirSync(lib.dir).filter((f) => !f.startsWith('.')).sort() : []);
const partialFiles = (lib: ModelLibrary) => (existsSync(join(lib.dir, '.partial')) ? readdirSync(join(lib.dir, '.partial')) : []);

/** The parts at /models/big-0000k-of-00003.gguf and in the fake Hub's Q8_0/ folder (hf:someone/Big-GGUF:Q8_0). */
const serveParts = (bodies: Buffer[] = parts, throttle?: { chunkBytes: number }) => {
  const files: Record<string, Buffer> = {};
  partNames.forEach((name, i) => {
    if (!bodies[i]) return; // a part the server does not have
    files[`/models/${name}`] = bodies[i];
    files[`/someone/Big-GGUF/resolve/main/Q8_0/${name}`] = bodies[i];
  });
  return serveModelFile({ body: Buffer.alloc(0), files, hub: { repo: 'someone/Big-GGUF', tag: 'Q8_0', file: `Q8_0/${partNames[0]}` }, throttle });
};

describe('pulling a split model', () => {
  it('downloads every part from the URL of any one, with one progress for the whole model, and lists one model', async () => {
    server = await serveParts();
    const lib = newLibrary();
    const events: PullProgress[] = [];
    const entry = await lib.pull(`${server.origin}/models/${partNames[1]}`, { onProgress: (p) => events.push(p) });
    expect(libraryFiles(lib)).toEqual(partNames);
    partNames.forEach((name, i) => expect(readFileSync(join(lib.dir, name)).equals(parts[i])).toBe(true));
    expect(entry).toMatchObject({ name: 'big-00001-of-00003', sizeBytes: total, linked: false });
    expect(entry.summary).toMatchObject({ parameterCount: parameters, splitParts: 3, fileSize: total });
    // One model's progress: its total from the start, bytes that only grow, every part in order.
    expect(events.every((e) => e.totalBytes === total && e.fileName === partNames[0])).toBe(true);
    for (let i = 1; i < events.length; i++) expect(events[i].downloadedBytes).toBeGreaterThanOrEqual(events[i - 1].downloadedBytes);
    expect(events.at(-1)).toMatchObject({ downloadedBytes: total, part: { index: 3, count: 3 } });
    expect([...new Set(events.map((e) => e.part?.index))]).toEqual([1, 2, 3]);
    expect((await lib.list()).map((e) => [e.name, e.sizeBytes])).toEqual([['big-00001-of-00003', total]]);
    expect((await lib.inspect('big-00001-of-00003')).parameterCount).toBe(parameters);
    expect(partialFiles(lib)).toEqual([]);
  });

  it('takes the parts beside the one the Hub names, under a name of the user\'s choosing', async () => {
    server = await serveParts();
    const lib = newLibrary();
    const entry = await lib.pull('hf:someone/Big-GGUF:Q8_0', { fileName: 'mine' });
    expect(libraryFiles(lib)).toEqual(['mine-00001-of-00003.gguf', 'mine-00002-of-00003.gguf', 'mine-00003-of-00003.gguf']);
    expect(entry).toMatchObject({ name: 'mine-00001-of-00003', sizeBytes: total, source: 'hf:someone/Big-GGUF:Q8_0' });
    const gets = server.requests.filter((r) => r.method === 'GET' && r.url.includes('/resolve/main/')).map((r) => r.url);
    expect(gets).toEqual(partNames.map((n) => `/someone/Big-GGUF/resolve/main/Q8_0/${n}`));
  });

  it('pauses as one download and resumes without fetching a finished part again', async () => {
    server = await serveParts(parts, { chunkBytes: 16_384 });
    const lib = newLibrary();
    const controller = new AbortController();
    const paused = await lib
      .pull(`${server.origin}/models/${partNames[0]}`, {
        signal: controller.signal,
        keepPartialOnCancel: true,
        onProgress: (p) => {
          if (p.part?.index === 2 && p.downloadedBytes > parts[0].length) controller.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(paused).toBeInstanceOf(LibraryError);
    expect((paused as LibraryError).code).toBe('cancelled');
    expect(libraryFiles(lib)).toEqual([]);
    const pending = await lib.partials();
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ fileName: partNames[0], source: `${server.origin}/models/${partNames[0]}` });
    expect(pending[0].receivedBytes).toBeGreaterThan(parts[0].length);
    expect(pending[0].receivedBytes).toBeLessThan(total);

    server.throttle(null);
    const before = server.requests.length;
    const entry = await lib.pull(`${server.origin}/models/${partNames[0]}`);
    expect(entry.sizeBytes).toBe(total);
    partNames.forEach((name, i) => expect(readFileSync(join(lib.dir, name)).equals(parts[i])).toBe(true));
    const resumedGets = server.requests.slice(before).filter((r) => r.method === 'GET');
    expect(resumedGets.map((r) => r.url)).toEqual([`/models/${partNames[1]}`, `/models/${partNames[2]}`]);
    expect(resumedGets[0].range).toMatch(/^bytes=\d+-$/);
    expect(await lib.partials()).toEqual([]);
    expect(partialFiles(lib).filter((f) => !f.endsWith('.lock'))).toEqual([]);
  });

  it('discards a paused split pull whole', async () => {
    server = await serveParts(parts, { chunkBytes: 16_384 });
    const lib = newLibrary();
    const controller = new AbortController();
    await lib
      .pull(`${server.origin}/models/${partNames[0]}`, { signal: controller.signal, keepPartialOnCancel: true, onProgress: (p) => p.part?.index === 2 && controller.abort() })
      .catch(() => undefined);
    expect(await lib.discardPartial(partNames[0])).toBe(true);
    expect(await lib.partials()).toEqual([]);
    expect(partialFiles(lib).filter((f) => !f.endsWith('.lock'))).toEqual([]);
  });

  it('refuses a part that is not the part its name says, keeping nothing of it', async () => {
    server = await serveParts([parts[0], parts[2], parts[2]]);
    const lib = newLibrary();
    const error = await lib.pull(`${server.origin}/models/${partNames[0]}`).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid-model' });
    expect((error as Error).message).toContain('should be part 2 of 3 of a split model, but its header says part 3 of 3');
    expect(libraryFiles(lib)).toEqual([]);
    expect(partialFiles(lib).some((f) => f.startsWith(partNames[1]))).toBe(false);
  });
});

describe('importing a split model', () => {
  it('links every part from any one of them, lists and removes them as one model, keeping the originals', async () => {
    const lib = newLibrary();
    const entry = await lib.import(partPaths[2]);
    expect(libraryFiles(lib)).toEqual(partNames);
    expect(entry).toMatchObject({ name: 'big-00001-of-00003', linked: true, target: partPaths[0], sizeBytes: total });
    expect(entry.summary?.parameterCount).toBe(parameters);
    expect((await lib.list()).map((e) => e.name)).toEqual(['big-00001-of-00003']);
    await lib.remove('big-00001-of-00003');
    expect(libraryFiles(lib)).toEqual([]);
    expect(partPaths.every((p) => statSync(p).size > 0)).toBe(true);
  });

  it('refuses a split model with a part missing, naming it, and adds nothing', async () => {
    const dir = mkdtempSync(join(root, 'gap-'));
    const { paths } = writeTinyGgufSplit(join(dir, 'gap'), { size: 'test', seed: 9 }, 3);
    rmSync(paths[1]);
    const lib = newLibrary();
    const error = await lib.import(paths[0], { mode: 'copy' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LibraryError);
    expect((error as Error).message).toContain('part 2 (gap-00002-of-00003.gguf) is not beside it');
    expect(libraryFiles(lib)).toEqual([]);
  });

  it('lists a part left without its first part with the reason, so it can be removed', async () => {
    const lib = newLibrary();
    await lib.import(partPaths[0], { mode: 'copy' });
    rmSync(join(lib.dir, partNames[0]));
    const listed = await lib.list();
    expect(listed.map((e) => e.name)).toEqual(['big-00002-of-00003', 'big-00003-of-00003']);
    expect(listed[0].problem?.message).toContain('part 1 (big-00001-of-00003.gguf) is not beside it');
    await lib.remove('big-00002-of-00003');
    expect(libraryFiles(lib)).toEqual([]);
  });
});

describe('a split model through the PullManager (the workbench\'s downloads)', () => {
  it('says which file is downloading, lists a paused split pull once, and ends with one model', async () => {
    const { PullManager } = await import('./engineApi');
    const { PullProgressSchema } = await import('../../common/contract');
    server = await serveParts(parts, { chunkBytes: 16_384 });
    const lib = newLibrary();
    const events: ReturnType<typeof PullProgressSchema.parse>[] = [];
    const pulls = new PullManager(lib, (p) => events.push(PullProgressSchema.parse(p)));
    const ref = 'hf:someone/Big-GGUF:Q8_0';
    const first = pulls.start(ref);
    for (let i = 0; !events.some((e) => e.part?.index === 2); i++) {
      if (i > 3000) throw new Error('no progress on part 2');
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(events.find((e) => e.part?.index === 2)).toMatchObject({ state: 'running', fileName: partNames[0], totalBytes: total, part: { index: 2, count: 3 } });
    pulls.cancel(first.pullId);
    await pulls.settled(first.pullId);
    expect(events.at(-1)).toMatchObject({ state: 'paused' });
    expect(events.at(-1)?.part).toBeUndefined();
    expect(await pulls.pending()).toEqual([expect.objectContaining({ ref, fileName: partNames[0], state: 'paused' })]);

    server.throttle(null);
    const second = pulls.start(ref);
    await pulls.settled(second.pullId);
    const done = events.at(-1)!;
    expect(done).toMatchObject({ state: 'done', model: expect.objectContaining({ sizeBytes: total }) });
    expect(await pulls.pending()).toEqual([]);
  });
});

describe('split models: what a break-it round found (each failed before its fix)', () => {
  const pausedAt = async (lib: ModelLibrary, url: string, atPart: number, keep: boolean) => {
    const controller = new AbortController();
    return lib
      .pull(url, { signal: controller.signal, keepPartialOnCancel: keep, onProgress: (p) => p.part?.index === atPart && controller.abort() })
      .catch((e: unknown) => e);
  };
  const kept = (lib: ModelLibrary) => partialFiles(lib).filter((f) => !f.endsWith('.lock'));

  it('a cancel (not a pause) keeps nothing, finished parts included', async () => {
    server = await serveParts(parts, { chunkBytes: 16_384 });
    const lib = newLibrary();
    const error = await pausedAt(lib, `${server.origin}/models/${partNames[0]}`, 3, false);
    expect((error as Error).message).toContain('cancelled; nothing was kept');
    expect(kept(lib)).toEqual([]);
    expect(await lib.partials()).toEqual([]);
  });

  it('a paused split pull keeps its total, and resumes when asked by another part\'s URL', async () => {
    server = await serveParts(parts, { chunkBytes: 16_384 });
    const lib = newLibrary();
    await pausedAt(lib, `${server.origin}/models/${partNames[0]}`, 2, true);
    expect(await lib.partials()).toEqual([expect.objectContaining({ fileName: partNames[0], totalBytes: total })]);
    server.throttle(null);
    const before = server.requests.length;
    await lib.pull(`${server.origin}/models/${partNames[2]}`);
    const gets = server.requests.slice(before).filter((r) => r.method === 'GET').map((r) => r.url);
    expect(gets).toEqual([`/models/${partNames[1]}`, `/models/${partNames[2]}`]);
  });

  it('a kept part that no longer reads whole is downloaded again, not trusted', async () => {
    server = await serveParts(parts, { chunkBytes: 16_384 });
    const lib = newLibrary();
    await pausedAt(lib, `${server.origin}/models/${partNames[0]}`, 2, true);
    const { truncateSync } = await import('node:fs');
    truncateSync(join(lib.dir, '.partial', partNames[0]), 200_000);
    server.throttle(null);
    const entry = await lib.pull(`${server.origin}/models/${partNames[0]}`);
    expect(entry).toMatchObject({ sizeBytes: total, summary: expect.objectContaining({ parameterCount: parameters }) });
    expect(readFileSync(join(lib.dir, partNames[0])).equals(parts[0])).toBe(true);
  });

  it('a part the server does not have is said before any byte is downloaded, keeping nothing', async () => {
    server = await serveParts([parts[0], parts[1], undefined as unknown as Buffer]);
    const lib = newLibrary();
    const error = await lib.pull(`${server.origin}/models/${partNames[0]}`).catch((e: unknown) => e);
    expect((error as Error).message).toBe(`pull of ${server.origin}/models/${partNames[0]} failed before downloading: part 3 of 3 (${partNames[2]}) — the server does not have it (HTTP 404); nothing was kept`);
    expect(server.requests.filter((r) => r.method === 'GET')).toEqual([]);
    expect(kept(lib)).toEqual([]);
    expect(libraryFiles(lib)).toEqual([]);
  });

  it('a name claiming more parts than any real split is refused at once', async () => {
    server = await serveParts();
    const lib = newLibrary();
    const error = await lib.pull(`${server.origin}/models/huge-00001-of-99999.gguf`).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'bad-source' });
    expect((error as Error).message).toContain('split in 99999 files; at most 1000 are pulled');
    expect(server.requests).toEqual([]);
  });

  it('a model in ONE file whose name only looks like a part is one file: imported, copied and pulled as such', async () => {
    const dir = mkdtempSync(join(root, 'single-'));
    const single = join(dir, 'single-00001-of-00003.gguf');
    const { copyFileSync } = await import('node:fs');
    copyFileSync(wholePath, single);
    const linked = newLibrary();
    await linked.import(single);
    expect(libraryFiles(linked)).toEqual(['single-00001-of-00003.gguf']);
    const copied = newLibrary();
    expect(await copied.import(single, { mode: 'copy' })).toMatchObject({ name: 'single-00001-of-00003', sizeBytes: statSync(wholePath).size });
    server = await serveModelFile({ body: Buffer.alloc(0), files: { '/models/single-00001-of-00003.gguf': readFileSync(wholePath) } });
    const pulled = newLibrary();
    const entry = await pulled.pull(`${server.origin}/models/single-00001-of-00003.gguf`);
    expect(entry.summary?.parameterCount).toBe(parameters);
    expect(libraryFiles(pulled)).toEqual(['single-00001-of-00003.gguf']);
    expect(kept(pulled)).toEqual([]);
    expect(await pulled.partials()).toEqual([]);
  });

  it('removing by a later part\'s name removes the model under its listed name', async () => {
    const lib = newLibrary();
    await lib.import(partPaths[1], { mode: 'copy' });
    const removed = await lib.remove('big-00002-of-00003');
    expect(removed.name).toBe('big-00001-of-00003');
    expect(libraryFiles(lib)).toEqual([]);
  });

  it('says to rename parts written .GGUF, and names a part whose link is broken', async () => {
    const dir = mkdtempSync(join(root, 'upper-'));
    const { paths } = writeTinyGgufSplit(join(dir, 'Up'), { size: 'test', seed: 9 }, 3);
    const { renameSync, symlinkSync } = await import('node:fs');
    for (const p of paths) renameSync(p, p.replace(/\.gguf$/, '.GGUF'));
    const error = await newLibrary().import(paths[0].replace(/\.gguf$/, '.GGUF')).catch((e: unknown) => e);
    expect((error as Error).message).toContain('rename its parts to end in ".gguf" (lower case)');

    const links = mkdtempSync(join(root, 'links-'));
    const targets = mkdtempSync(join(root, 'targets-'));
    const { paths: real } = writeTinyGgufSplit(join(targets, 'm'), { size: 'test', seed: 9 }, 3);
    real.forEach((p) => symlinkSync(p, join(links, p.split('/').pop()!)));
    rmSync(real[1]);
    const broken = await newLibrary().import(join(links, 'm-00001-of-00003.gguf')).catch((e: unknown) => e);
    expect((broken as Error).message).toContain(`part 2 (m-00002-of-00003.gguf) links to ${real[1]}, which is gone`);
  });
});
