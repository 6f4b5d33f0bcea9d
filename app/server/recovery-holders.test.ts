// Which recovery copies a client is offered, against the real CLI's serve mode: never the copy of a
// document another live client has open; the copy of a client that is gone, at once: one that closed
// its WebSocket, and one that vanished without closing it (it stops answering the server's pings).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createEngineClient } from '../common/contract';
import { connectRpc, makeWorkspace, startServe, type ServeHandle, type TempWorkspace, type WsClient } from '../../e2e/support';
import { closed } from './testing/hostile-client';

let ws: TempWorkspace;
let server: ServeHandle;
const clients: { close(): void; socket: WebSocket }[] = [];

beforeAll(async () => {
  ws = makeWorkspace();
  // Pings every 300 ms, so a silent client is dropped within a second.
  server = await startServe({ workspace: ws.dir, env: { PROOFWRIGHT_HEARTBEAT_MS: '300' } });
});
afterAll(async () => {
  for (const c of clients) {
    c.close();
    c.socket.terminate();
  }
  await server?.stop();
  ws?.remove();
});

async function client(): Promise<WsClient> {
  const c = await connectRpc(server.url);
  clients.push(c);
  return c;
}

/** A client whose socket never answers a ping, as a page on a laptop that went to sleep. */
async function silentClient() {
  const base = new URL(server.url);
  const socket = new WebSocket(`ws://${base.host}/rpc`, { origin: base.origin, autoPong: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const c = Object.assign(createEngineClient({ post: (data) => socket.send(data), on: (fn) => void socket.on('message', (d) => fn(d.toString())) }, {}), { socket });
  clients.push(c);
  return c;
}

/** An untitled document with typed text and its recovery copy on disk; returns the copy's id. */
async function unsavedCopy(c: Awaited<ReturnType<typeof client>>, text: string): Promise<string> {
  const doc = await c.engine.newDocument({});
  await c.engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: 0, text }] });
  return (await c.engine.saveRecovery({ docId: doc.docId })).recoveryId;
}

const offered = async (c: WsClient) => (await c.engine.listRecoveries()).map((r) => r.recoveryId);

describe('recovery copies offered to serve-mode clients', () => {
  it('holds back a live client\'s copy, and offers it once that client has closed its socket', async () => {
    const first = await client();
    const copy = await unsavedCopy(first, 'typed in the first page');
    const second = await client();
    expect(await offered(second)).not.toContain(copy);
    // The first page keeps its document: naming it still works, and it is still held.
    await first.engine.getDocument({ docId: (await first.engine.newDocument({})).docId });
    expect(await offered(second)).not.toContain(copy);
    first.socket.close();
    await expect.poll(() => offered(second), { timeout: 15_000 }).toContain(copy);
    // Restored by the second page, the copy is the second page's: a third is not offered it.
    await second.engine.restoreRecovery({ recoveryId: copy });
    const third = await client();
    expect(await offered(third)).not.toContain(copy);
  }, 60_000);

  it('offers the copy of a client that stopped answering pings, and keeps holding a client that answers them', async () => {
    const silent = await silentClient();
    const lively = await client();
    const silentCopy = await unsavedCopy(silent, 'typed on a laptop that went to sleep');
    const livelyCopy = await unsavedCopy(lively, 'typed in a page that is still open');
    const other = await client();
    expect(await offered(other)).not.toContain(silentCopy);
    // The server drops the silent socket after a ping goes unanswered.
    await closed(silent.socket);
    await expect.poll(() => offered(other), { timeout: 15_000 }).toContain(silentCopy);
    // Meanwhile the answering client lived through the same pings, and still holds its copy.
    expect(lively.socket.readyState).toBe(WebSocket.OPEN);
    expect(await offered(other)).not.toContain(livelyCopy);
  }, 60_000); // its polls alone may take 15 s on a loaded machine (the clean-clone run beside other tests)
});
