// Pulls as the workbench drives them: a real HTTP server on 127.0.0.1 sends a generated GGUF slowly,
// so progress (speed, ETA), pause, resume by HTTP Range and cancel all run over a real socket.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PullProgressSchema, engineMethods } from '../../common/contract';
import { fitsMachine, formatRate, type MachineInfo } from '../../common/model-library';
import { writeTinyGguf } from '../../../scripts/make-tiny-gguf';
import { PullManager, quantizationOf, RateMeter, type PullProgressView } from './engineApi';
import { ModelLibrary } from './modelLibrary';
import { serveModelFile, type FileServer } from './testFileServer';

const root = mkdtempSync(join(tmpdir(), 'pw-pulls-'));
let model: Buffer;
beforeAll(() => {
  const path = join(root, 'tiny.gguf');
  writeTinyGguf(path, { size: 'test', seed: 3 });
  model = readFileSync(path);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let server: FileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const until = async (what: string, condition: () => boolean) => {
  for (let i = 0; !condition(); i++) {
    if (i > 3000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};
let counter = 0;
const setup = () => {
  const lib = new ModelLibrary({ dir: join(root, `lib-${++counter}`), hfEndpoint: server!.origin });
  const events: PullProgressView[] = [];
  const pulls = new PullManager(lib, (p) => events.push(PullProgressSchema.parse(p) as PullProgressView));
  return { lib, events, pulls };
};
const REF = 'hf:someone/Tiny-GGUF:Q8_0';

describe('PullManager: refused references', () => {
  it('marks a reference refused before any byte as refused (nothing to resume), and a transfer that failed as not', async () => {
    server = await serveModelFile({ body: model });
    const { events, pulls } = setup();
    for (const ref of ['not a model', 'hf:Qwen/../../etc:Q4', '/tmp/tiny.gguf', 'hf:nobody/nothing:Q4']) {
      await pulls.settled(pulls.start(ref).pullId);
      expect(events.at(-1)).toMatchObject({ ref, state: 'failed', refused: true, receivedBytes: 0 });
    }
    // No such host: the transfer never began, but it is not a refusal of the reference (asking again
    // once the network is back may work), and it is said at once in words, not "fetch failed".
    await pulls.settled(pulls.start('https://no-such-host.invalid/m.gguf').pullId);
    const failed = events.at(-1)!;
    expect(failed).toMatchObject({ state: 'failed', receivedBytes: 0 });
    expect(failed.refused).toBeUndefined();
    expect(failed.error).not.toMatch(/fetch failed/);
    expect(failed.error).toMatch(/no-such-host\.invalid/);
  });
});

describe('PullManager: pause, resume, cancel', () => {
  it('reports speed and ETA, pauses keeping the bytes, and resumes them with a Range request', async () => {
    server = await serveModelFile({ body: model, throttle: { chunkBytes: 8 * 1024, intervalMs: 15 } });
    const { lib, events, pulls } = setup();
    const first = pulls.start(REF);
    expect(pulls.start(REF)).toEqual(first); // the same ref again: the running pull, not an error
    await until('a speed figure', () => events.some((e) => e.state === 'running' && (e.bytesPerSecond ?? 0) > 0 && e.receivedBytes > model.length / 8));
    const running = events.filter((e) => e.state === 'running').at(-1)!;
    expect(running).toMatchObject({ fileName: 'tiny-Q8_0.gguf', totalBytes: model.length, resumedFromBytes: 0 });
    expect(running.etaSeconds).toBeGreaterThan(0);

    expect(pulls.cancel(first.pullId)).toEqual({ cancelled: true });
    await pulls.settled(first.pullId);
    const paused = events.at(-1)!;
    expect(paused).toMatchObject({ pullId: first.pullId, state: 'paused', bytesPerSecond: null, etaSeconds: null });
    const kept = readFileSync(join(lib.dir, '.partial', 'tiny-Q8_0.gguf.partial'));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.equals(model.subarray(0, kept.length))).toBe(true);
    // Listed as paused (also after a restart: it is read from the partial file's sidecar).
    const pending = await new PullManager(new ModelLibrary({ dir: lib.dir }), () => undefined).pending();
    expect(pending).toEqual([{ ref: REF, fileName: 'tiny-Q8_0.gguf', receivedBytes: kept.length, totalBytes: model.length, state: 'paused' }]);
    expect(engineMethods.pendingPulls.result.parse(pending)).toHaveLength(1);
    expect(await lib.list()).toEqual([]);

    // Resume: the same ref again, at full speed; no "already being pulled".
    server.throttle(null);
    const second = pulls.start(REF);
    expect(second.pullId).not.toBe(first.pullId);
    await pulls.settled(second.pullId);
    const done = events.at(-1)!;
    expect(done).toMatchObject({ pullId: second.pullId, state: 'done', receivedBytes: model.length, resumedFromBytes: kept.length, model: { id: 'tiny-Q8_0', source: REF } });
    const fileRequests = server.requests.filter((r) => r.url.endsWith('.gguf'));
    expect(fileRequests.at(-1)).toMatchObject({ range: `bytes=${kept.length}-`, ifRange: '"v1"' });
    expect(readFileSync(join(lib.dir, 'tiny-Q8_0.gguf')).equals(model)).toBe(true);
    expect(await pulls.pending()).toEqual([]);
    expect((await lib.list()).map((e) => [e.name, e.source])).toEqual([['tiny-Q8_0', REF]]);
  });

  it('cancel with discard deletes the partial file; a paused pull can be discarded later', async () => {
    server = await serveModelFile({ body: model, throttle: { chunkBytes: 4 * 1024, intervalMs: 20 } });
    const { lib, events, pulls } = setup();
    const a = pulls.start(REF);
    await until('bytes', () => events.some((e) => e.receivedBytes > 0));
    pulls.cancel(a.pullId, { discard: true });
    await pulls.settled(a.pullId);
    expect(events.at(-1)).toMatchObject({ state: 'cancelled' });
    expect(readdirSync(join(lib.dir, '.partial'))).toEqual([]);

    const b = pulls.start(REF);
    await until('bytes again', () => events.some((e) => e.pullId === b.pullId && e.receivedBytes > 0));
    pulls.cancel(b.pullId);
    await pulls.settled(b.pullId);
    expect(events.at(-1)).toMatchObject({ pullId: b.pullId, state: 'paused' });
    // The resume after a discard starts from byte 0 (no Range).
    expect(server.requests.filter((r) => r.url.endsWith('.gguf')).at(-1)?.range).toBeUndefined();
    expect(await lib.discardPartial('tiny-Q8_0.gguf')).toBe(true);
    expect(await pulls.pending()).toEqual([]);
    expect(existsSync(join(lib.dir, '.partial', 'tiny-Q8_0.gguf.partial'))).toBe(false);
    expect(await lib.discardPartial('tiny-Q8_0.gguf')).toBe(false);
  });
});

describe('pure helpers', () => {
  it('RateMeter measures over a sliding window', () => {
    const meter = new RateMeter(1000);
    expect(meter.add(0, 0)).toBeNull();
    expect(meter.add(500, 1000)).toBe(2000);
    expect(meter.add(1000, 2000)).toBe(2000);
    // The transfer slows down: the window forgets the fast start.
    meter.add(2000, 2100);
    expect(meter.add(3000, 2200)).toBeCloseTo(100, 0);
    expect(formatRate(3.5 * 2 ** 20)).toBe('3.50 MiB/s');
  });

  it('quantizationOf reads the tag or the file name', () => {
    expect(quantizationOf('hf:Qwen/Qwen3-0.6B-GGUF:Q8_0')).toBe('Q8_0');
    expect(quantizationOf('hf:a/b/model-q4_k_m.gguf')).toBe('Q4_K_M');
    expect(quantizationOf('https://x.org/m-F16.gguf')).toBe('F16');
    expect(quantizationOf('hf:a/b')).toBeUndefined();
    expect(quantizationOf(null)).toBeUndefined();
  });

  it('fitsMachine says GPU, RAM, tight or too large, with the figures', () => {
    const GiB = 2 ** 30;
    const cpu: MachineInfo = { totalMemoryBytes: 16 * GiB, freeMemoryBytes: 4 * GiB, cpuCores: 8, gpu: null, gpuProbed: true };
    const gpu: MachineInfo = { ...cpu, gpu: { kind: 'cuda', totalVramBytes: 8 * GiB, freeVramBytes: 8 * GiB } };
    expect(fitsMachine(6 * GiB, gpu)).toEqual({ fit: 'gpu', text: 'fits in GPU memory (6.00 GiB of 8.00 GiB)' });
    expect(fitsMachine(2 * GiB, cpu)).toEqual({ fit: 'ram', text: 'fits in RAM (2.00 GiB of 16.0 GiB)' });
    expect(fitsMachine(6 * GiB, cpu).text).toBe('fits in RAM (6.00 GiB of 16.0 GiB; only 4.00 GiB free now)');
    expect(fitsMachine(15 * GiB, cpu).fit).toBe('tight');
    expect(fitsMachine(40 * GiB, gpu)).toEqual({ fit: 'too-large', text: 'too large: needs 40.0 GiB, this machine has 16.0 GiB RAM and 8.00 GiB GPU memory' });
  });
});
