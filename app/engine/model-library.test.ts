// The model library through the engine contract (in process, every message schema-checked): the
// catalogue from PROOFWRIGHT_CATALOGUE, a pull from a real local HTTP server (HF_ENDPOINT) with
// pushed progress, pause and resume, the inspect card at a chosen context, load with the threads /
// context / GPU layers from the settings, unload and remove.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineApi, PullProgress } from '../common/contract';
import { writeTinyGguf, writeTinyGgufSplit } from '../../scripts/make-tiny-gguf';
import { serveModelFile, tinyCatalogue, type FileServer } from '../models/library/testFileServer';
import type { EngineService } from './service';
import { startInProcessEngine } from './testing/in-process';

const REF = 'hf:someone/Tiny-GGUF:Q8_0';
let base: string;
let server: FileServer;
let service: EngineService;
let engine: EngineApi;
const progress: PullProgress[] = [];

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'pw-engine-models-'));
  mkdirSync(join(base, 'ws'));
  writeTinyGguf(join(base, 'tiny.gguf'), { size: 'test', seed: 11 });
  writeFileSync(join(base, 'catalogue.json'), JSON.stringify(tinyCatalogue(REF)));
  server = await serveModelFile({ body: readFileSync(join(base, 'tiny.gguf')), throttle: { chunkBytes: 8 * 1024, intervalMs: 15 } });
  ({ service, engine } = await startInProcessEngine(
    { workspace: join(base, 'ws'), userData: join(base, 'user'), env: { HF_ENDPOINT: server.origin, PROOFWRIGHT_CATALOGUE: join(base, 'catalogue.json') } },
    { pullProgress: (p) => void progress.push(p) },
  ));
});

afterAll(async () => {
  await service?.shutdown();
  await server?.close();
  rmSync(base, { recursive: true, force: true });
});

const until = async (what: string, condition: () => boolean) => {
  for (let i = 0; !condition(); i++) {
    if (i > 6000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('model library through the engine', () => {
  it('shows the configured catalogue with size, quantisation and context, and this machine', async () => {
    expect(await engine.catalogue()).toEqual([expect.objectContaining({ ref: REF, name: 'Tiny test model', quantization: 'Q8_0', contextLength: 4096, sizeBytes: 1e6 })]);
    const machine = await engine.machineInfo();
    expect(machine.totalMemoryBytes).toBe(os.totalmem());
    expect(machine.cpuCores).toBeGreaterThan(0);
  });

  it('pulls with pushed progress, pauses, resumes to completion', async () => {
    const { pullId } = await engine.pullModel({ ref: REF });
    await until('progress with a speed', () => progress.some((p) => p.pullId === pullId && p.state === 'running' && (p.bytesPerSecond ?? 0) > 0));
    expect(await engine.cancelPull({ pullId })).toEqual({ cancelled: true });
    await until('paused', () => progress.some((p) => p.pullId === pullId && p.state === 'paused'));
    const pending = await engine.pendingPulls();
    expect(pending).toEqual([expect.objectContaining({ ref: REF, state: 'paused', fileName: 'tiny-Q8_0.gguf' })]);
    const kept = pending[0].receivedBytes;
    expect(kept).toBeGreaterThan(0);

    server.throttle(null);
    const resumed = await engine.pullModel({ ref: REF });
    await until('done', () => progress.some((p) => p.pullId === resumed.pullId && (p.state === 'done' || p.state === 'failed')));
    expect(progress.at(-1)).toMatchObject({ state: 'done', resumedFromBytes: kept, model: { id: 'tiny-Q8_0', source: REF } });
    expect(await engine.pendingPulls()).toEqual([]);
    expect((await engine.listModels()).map((m) => m.id)).toEqual(['tiny-Q8_0']);
  });

  it('inspects at a chosen context: the card facts and the memory for it', async () => {
    const small = await engine.inspectModel({ id: 'tiny-Q8_0', contextSize: 256 });
    const large = await engine.inspectModel({ id: 'tiny-Q8_0', contextSize: 1024 });
    expect(small.inspection).toMatchObject({ architecture: 'llama', quantization: 'F32', contextLength: 4096, memory: { contextSize: 256 } });
    expect(small.inspection!.chatTemplate).toContain('<|im_start|>');
    expect(large.inspection!.memory.kvCacheBytes).toBe(4 * small.inspection!.memory.kvCacheBytes);
    await expect(engine.inspectModel({ id: 'absent' })).rejects.toThrow(/no model "absent"/);
  });

  it('loads with the threads, context and GPU layers set, refuses to remove it while loaded, unloads and removes', async () => {
    const settings = await engine.setSettings({ local: { threads: 1, contextSize: 512, gpuLayers: 0 } });
    expect(settings.local).toEqual({ threads: 1, contextSize: 512, gpuLayers: 0 });
    const [entry] = await engine.listModels();
    const spec = `local:${entry.path}`; // a file in the library folder: allowed though outside the workspace
    const status = await engine.setBackend({ spec });
    expect(status).toMatchObject({ state: 'ready', kind: 'local', threads: 1, gpuLayers: 0 });
    expect(status.contextSize).toBe(512);
    expect((await engine.machineInfo()).gpuProbed).toBe(true);

    await expect(engine.removeModel({ id: 'tiny-Q8_0' })).rejects.toThrow(/is loaded: unload it first/);
    expect(await engine.unloadBackend()).toMatchObject({ state: 'none', spec, kind: null });
    await expect(engine.startVerify({ docId: 'nope' })).rejects.toThrow();
    expect(await engine.removeModel({ id: 'tiny-Q8_0' })).toEqual({ ok: true });
    expect(await engine.listModels()).toEqual([]);
  }, 120_000);

  it('a split model loaded by a later part is the model loaded: the status names its first part, and Remove is refused', async () => {
    const dir = join(base, 'split-source');
    const { paths } = writeTinyGgufSplit(join(dir, 'big'), { size: 'test', seed: 11 }, 3);
    const imported = await engine.importModel({ path: paths[2] });
    expect(imported).toMatchObject({ id: 'big-00001-of-00003', splitParts: 3 });
    const status = await engine.setBackend({ spec: `local:${join(dirname(imported.path!), 'big-00003-of-00003.gguf')}` });
    // What the library lists: the first part (a later part given loads the model from its first).
    expect(status).toMatchObject({ state: 'ready', kind: 'local', spec: `local:${imported.path}`, model: 'big-00001-of-00003.gguf' });
    await expect(engine.removeModel({ id: 'big-00001-of-00003' })).rejects.toThrow(/is loaded: unload it first/);
    await engine.unloadBackend();
    expect(await engine.removeModel({ id: 'big-00001-of-00003' })).toEqual({ ok: true });
    expect(await engine.listModels()).toEqual([]);
  }, 120_000);
});
