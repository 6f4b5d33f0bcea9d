// The same file open in two pages: an edit the engine accepts from one page is pushed to the other
// (`documentChanged`), validated by the real contract on both ends, and never echoed to the page
// whose edit it was. The real engine service, two clients as the host attaches Electron windows.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createChannelPair, createEngineClient, serveEngine, type DocumentChanged, type EngineApi } from '../common/contract';
import { applyDocDelta } from '../common/docDelta';
import { applyEdit } from '../common/text';
import { Broadcast } from './broadcast';
import { channelAsCaller } from './callers';
import { createEngineService, type EngineService } from './service';

const TEXT = 'First step.\n\nSecond step.\n';
let dir: string;
let service: EngineService | null = null;
afterEach(async () => {
  await service?.shutdown();
  service = null;
  rmSync(dir, { recursive: true, force: true });
});

async function twoPages() {
  dir = mkdtempSync(join(tmpdir(), 'pw-doc-changed-'));
  writeFileSync(join(dir, 'f.md'), TEXT);
  service = await createEngineService({ workspace: dir, userData: join(dir, '.user'), autoloadBackend: false });
  const broadcast = new Broadcast();
  service.setClient(broadcast);
  const page = (caller: string) => {
    const heard: DocumentChanged[] = [];
    const [a, b] = createChannelPair();
    broadcast.clients.set(serveEngine(channelAsCaller(b, caller), service!.handlers).client, caller);
    const engine: EngineApi = createEngineClient(a, { documentChanged: (change) => void heard.push(change) }).engine;
    return { engine, heard };
  };
  return { a: page('port-1'), b: page('port-2'), c: page('port-3') };
}

describe('documentChanged', () => {
  it('tells the other page holding the document of an accepted edit, with the edits and the parsed document', async () => {
    const { a, b, c } = await twoPages();
    const snapA = await a.engine.openDocument({ path: 'f.md' });
    const snapB = await b.engine.openDocument({ path: 'f.md' });
    expect(snapB.docId).toBe(snapA.docId);
    const result = await a.engine.editDocumentDelta({ docId: snapA.docId, edits: [{ start: 11, end: 11, text: ' TAB1' }], baseVersion: snapA.version });
    await expect.poll(() => b.heard.length).toBe(1);
    const change = b.heard[0];
    expect(change).toMatchObject({ docId: snapA.docId, baseVersion: snapB.version, version: result.version, dirty: true });
    const text = change.edits.reduce(applyEdit, snapB.text);
    expect(text).toBe('First step. TAB1\n\nSecond step.\n');
    const doc = change.doc ?? applyDocDelta(snapB.doc, text, change.docDelta!);
    expect(doc).toEqual((await b.engine.getDocument({ docId: snapA.docId })).doc);
    // Not to the page whose edit it was, nor to a page that does not hold the document.
    expect(a.heard).toEqual([]);
    expect(c.heard).toEqual([]);
  });

  it('carries the whole new text when a page replaces the session with the file on disk', async () => {
    const { a, b } = await twoPages();
    const snapA = await a.engine.openDocument({ path: 'f.md' });
    const snapB = await b.engine.openDocument({ path: 'f.md' });
    const edited = await b.engine.editDocument({ docId: snapB.docId, edits: [{ start: 0, end: 0, text: 'B ' }], baseVersion: snapB.version });
    await expect.poll(() => a.heard.length).toBe(1);
    await a.engine.openDocument({ path: 'f.md', replace: true });
    await expect.poll(() => b.heard.length).toBe(1);
    expect(b.heard[0]).toMatchObject({ baseVersion: edited.version, dirty: false });
    expect(b.heard[0].edits.reduce(applyEdit, `B ${TEXT}`)).toBe(TEXT);
    expect(snapA.docId).toBe(snapB.docId);
  });
});
