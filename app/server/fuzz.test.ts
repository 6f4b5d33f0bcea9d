// Property-based: whatever a client sends (any JSON value, RPC-shaped or not; any bytes after a normal
// handshake), the serve process stays up and answers the next valid request.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { makeWorkspace, startServe, type ServeHandle, type TempWorkspace } from '../../e2e/support';
import { closed, expectAnswers, openSocket, rawExchange, upgradeRequest } from './testing/hostile-client';

let ws: TempWorkspace;
let server: ServeHandle;

beforeAll(async () => {
  ws = makeWorkspace({ 'claim.md': '# Claim\n\n$1 + 1 = 2$.\n' });
  server = await startServe({ workspace: ws.dir });
});
afterAll(async () => {
  await server?.stop();
  ws?.remove();
});

// Only methods that read or touch in-memory state: random arguments must not start downloads.
const METHODS = ['listWorkspace', 'engineInfo', 'getDocument', 'editDocument', 'openDocument', 'check', 'listRuns', 'getSettings', 'no-such-method'];

const message = fc.oneof(
  fc.jsonValue(),
  fc.record(
    { t: fc.constantFrom('q', 's', 'x'), i: fc.oneof(fc.string(), fc.jsonValue()), m: fc.oneof(fc.constantFrom(...METHODS), fc.string()), a: fc.jsonValue(), o: fc.jsonValue() },
    { requiredKeys: [] },
  ),
);

describe('serve mode fuzzed', () => {
  it('survives arbitrary JSON values and RPC-shaped messages, and still answers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 4 }), async (messages) => {
        const socket = await openSocket(server);
        const done = closed(socket);
        for (const m of messages) socket.send(JSON.stringify(m));
        socket.close();
        await done;
        await expectAnswers(server);
      }),
      { numRuns: 40 },
    );
  });

  it('survives arbitrary bytes after a normal handshake, and still answers', async () => {
    const { host, port } = new URL(server.url);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 300 }), async (bytes) => {
        await rawExchange(Number(port), [upgradeRequest(host), Buffer.from(bytes)], true, true);
        await expectAnswers(server);
      }),
      { numRuns: 40 },
    );
  });
});
