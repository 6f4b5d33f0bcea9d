// A Node-side RPC client over serve mode's WebSocket (for e2e tests that drive the engine directly).
import WebSocket from 'ws';
import { createEngineClient, type ClientHandlers, type EngineClient } from '../../app/common/contract';

export interface WsClient extends EngineClient {
  socket: WebSocket;
}

/** Connect to ws://…/rpc with the headers a same-origin browser page would send. */
export async function connectRpc(
  baseUrl: string,
  handlers: Partial<ClientHandlers> = {},
  options: { origin?: string | null; cookie?: string } = {},
): Promise<WsClient> {
  const base = new URL(baseUrl);
  const origin = options.origin === undefined ? base.origin : options.origin;
  const headers: Record<string, string> = {};
  if (options.cookie) headers.Cookie = options.cookie;
  const socket = new WebSocket(`ws://${base.host}/rpc`, { headers, ...(origin ? { origin } : {}) });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) => reject(new Error(`WebSocket refused: HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
  const client = createEngineClient(
    {
      post: (data) => socket.send(data),
      on: (fn) => void socket.on('message', (d) => fn(d.toString())),
    },
    handlers,
  );
  return Object.assign(client, { socket });
}
