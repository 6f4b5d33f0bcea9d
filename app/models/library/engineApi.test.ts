import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CatalogueEntrySchema, engineMethods, ModelEntrySchema, PullProgressSchema } from '../../common/contract';
import { TINY_MODEL_HYPER, writeTinyGguf } from '../../../scripts/make-tiny-gguf';
import { loadCatalogue } from './catalogue';
import { PullManager, toCatalogueEntries, toInspectView, toModelEntry, type PullProgressView } from './engineApi';
import { ModelLibrary } from './modelLibrary';

const root = mkdtempSync(join(tmpdir(), 'pw-engine-api-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('library views for the engine contract', () => {
  it('entries, inspection and catalogue satisfy the contract schemas', async () => {
    const path = join(root, 'tiny.gguf');
    writeTinyGguf(path, { size: 'test', seed: 9 });
    const lib = new ModelLibrary({ dir: join(root, 'lib-a') });
    const entry = await lib.import(path);
    const view = toModelEntry(entry);
    expect(ModelEntrySchema.parse(view)).toMatchObject({ id: 'tiny', architecture: 'llama', quantization: 'F32', contextLength: TINY_MODEL_HYPER.test.contextLength });
    const inspected = toInspectView(entry, await lib.inspect('tiny'));
    const InspectSchema = engineMethods.inspectModel.result;
    expect(InspectSchema.parse(inspected)).toMatchObject({
      id: 'tiny',
      metadata: { parameterCount: expect.any(Number) },
      inspection: { architecture: 'llama', quantization: 'F32', contextLength: TINY_MODEL_HYPER.test.contextLength, chatTemplate: expect.stringContaining('<|im_start|>') },
    });
    expect((inspected.metadata.memory as { contextSize: number }).contextSize).toBe(Math.min(TINY_MODEL_HYPER.test.contextLength, 8192));
    for (const c of toCatalogueEntries(await loadCatalogue())) CatalogueEntrySchema.parse(c);
  });

  it('pulls in the background with progress events, and cancels (discard) leaving nothing', async () => {
    const bytes = readFileSync(join(root, 'tiny.gguf'));
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-length': bytes.length });
      if (req.url?.includes('slow')) {
        res.write(bytes.subarray(0, 1000)); // then stall: only cancel ends it
        return;
      }
      res.end(bytes);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const lib = new ModelLibrary({ dir: join(root, 'lib-b') });
      const events: PullProgressView[] = [];
      const pulls = new PullManager(lib, (p) => events.push(p));

      const { pullId } = pulls.start(`${origin}/m/fast.gguf`);
      await pulls.settled(pullId);
      const last = events.at(-1)!;
      expect(PullProgressSchema.parse(last)).toMatchObject({ pullId, state: 'done', receivedBytes: bytes.length, totalBytes: bytes.length });
      expect(last.model).toMatchObject({ id: 'fast' });

      const slow = pulls.start(`${origin}/m/slow.gguf`);
      while (!events.some((e) => e.pullId === slow.pullId && e.receivedBytes > 0)) await new Promise((r) => setTimeout(r, 10));
      expect(pulls.cancel(slow.pullId, { discard: true })).toEqual({ cancelled: true });
      await pulls.settled(slow.pullId);
      expect(events.at(-1)).toMatchObject({ pullId: slow.pullId, state: 'cancelled' });
      expect(readdirSync(lib.dir).sort()).toEqual(['.partial', '.sources.json', 'fast.gguf']);
      expect(await pulls.pending()).toEqual([]);
      expect(readdirSync(join(lib.dir, '.partial'))).toEqual([]);
      expect(pulls.cancel(slow.pullId)).toEqual({ cancelled: false });

      const failed = pulls.start('hf:not-a-valid-ref');
      await pulls.settled(failed.pullId);
      expect(events.at(-1)).toMatchObject({ pullId: failed.pullId, state: 'failed', error: expect.stringMatching(/hf:USER\/REPO:QUANT/) });
      expect(existsSync(join(lib.dir, 'slow.gguf'))).toBe(false);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
