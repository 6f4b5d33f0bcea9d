// For tests: a client that misbehaves on purpose against a running serve process (raw sockets, raw
// frames), and the check that the server still answers a real request afterwards.
import { connect as netConnect } from 'node:net';
import { expect } from 'vitest';
import WebSocket from 'ws';
import { connectRpc, type ServeHandle } from '../../../e2e/support';

/** Open a raw RPC socket the way a same-origin page would; resolves once open. */
export async function openSocket(server: ServeHandle, headers: Record<string, string> = {}): Promise<WebSocket> {
  const base = new URL(server.url);
  const socket = new WebSocket(`ws://${base.host}/rpc`, { origin: base.origin, headers });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

/** Resolves with the close code and reason the server closed the socket with. */
export function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    socket.on('error', () => undefined); // the close event follows
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

/** Fails unless the server process is alive and a fresh client gets a real answer from the engine. */
export async function expectAnswers(server: ServeHandle): Promise<void> {
  expect(server.process.exitCode).toBeNull();
  expect(server.process.signalCode).toBeNull();
  const client = await connectRpc(server.url, {}, server.token ? { cookie: `proofwright_token_${new URL(server.url).port}=${server.token}` } : {});
  try {
    const list = await client.engine.listWorkspace();
    expect(JSON.stringify(list)).toContain('claim.md');
  } finally {
    client.close();
    client.socket.close();
  }
}

/** The raw bytes of a WebSocket upgrade request (headers a same-origin browser sends). */
export function upgradeRequest(host: string, extra = ''): string {
  return (
    `GET /rpc HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`
  );
}

/**
 * Send raw bytes on a TCP connection and collect everything until the server closes it. With
 * `afterHandshake`, the first chunk is the upgrade request and the rest go after the 101 response;
 * `endAfter` half-closes the connection once they are sent (for frames the server may wait on).
 */
export function rawExchange(port: number, chunks: (string | Buffer)[], afterHandshake = false, endAfter = false): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let sentRest = false;
    socket.on('data', (d) => {
      received.push(d);
      // After "101 Switching Protocols", send the frames.
      if (afterHandshake && !sentRest && Buffer.concat(received).includes('\r\n\r\n')) {
        sentRest = true;
        for (const c of chunks.slice(1)) socket.write(c);
        if (endAfter) socket.end();
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(received)));
    socket.on('connect', () => {
      for (const c of afterHandshake ? chunks.slice(0, 1) : chunks) socket.write(c);
    });
    socket.setTimeout(20_000, () => socket.destroy(new Error('server neither answered nor closed')));
  });
}

/** The close frame's code in what the server sent after its 101 response (0 when there is none). */
export function closeCode(received: Buffer): number {
  const start = received.indexOf('\r\n\r\n') + 4;
  const frames = received.subarray(start);
  for (let k = 0; k + 3 < frames.length; ) {
    const opcode = frames[k] & 0x0f;
    const len = frames[k + 1] & 0x7f;
    if (opcode === 0x8) return frames.readUInt16BE(k + 2);
    k += 2 + len;
  }
  return 0;
}

