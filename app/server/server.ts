// Serve mode: the built renderer over HTTP with strict security headers, and the RPC contract over a
// WebSocket at /rpc, relayed to the engine running in a supervised child process.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { encodeClientEvent } from '../common/contract';
import { MAX_CLIENT_MESSAGE_BYTES } from '../engine/client-messages';
import { EngineSupervisor } from '../engine/supervisor';
import { decideAccess, securityHeaders, tokenRequired, type AccessDecision } from './security';
import { PLACEHOLDER_PAGE, defaultRendererDir, mimeType, openStatic, resolveStatic } from './static';

export interface ServeOptions {
  workspace: string;
  port?: number;
  host?: string;
  /** Ask for the token even on loopback (tests, shared machines). */
  requireToken?: boolean;
  /** Use this token instead of a random one (tests). */
  token?: string;
  rendererDir?: string;
  userData?: string;
  backend?: string;
  resourcesDir?: string;
  /**
   * How often each page's WebSocket is pinged (default 30 s, or PROOFWRIGHT_HEARTBEAT_MS for tests); a
   * socket that has not answered the previous ping is closed, so a page that vanished without closing
   * it (a sleeping laptop, a dropped network) lets go of its documents (DocumentManager.release).
   */
  heartbeatMs?: number;
}

export interface RunningServer {
  url: string;
  /** The URL to open the first time (carries the token when one is needed). */
  openUrl: string;
  token: string | null;
  port: number;
  host: string;
  supervisor: EngineSupervisor;
  close(): Promise<void>;
}


export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = tokenRequired(host, options.requireToken) ? (options.token ?? randomBytes(24).toString('base64url')) : null;
  const rendererDir = options.rendererDir ?? defaultRendererDir();
  const supervisor = new EngineSupervisor({
    workspace: options.workspace,
    userData: options.userData,
    backend: options.backend,
    resourcesDir: options.resourcesDir,
  });
  await supervisor.start();

  let port = options.port ?? 0;
  const sockets = new Set<WebSocket>();

  const deny = (res: ServerResponse, status: number, reason: string) => {
    res.writeHead(status, { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`${reason}\n`);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res).catch((error: Error) => {
      if (!res.headersSent) deny(res, 500, `internal error: ${error.message}`);
      else res.destroy();
    });
  });

  /** The same access rules for page requests and the WebSocket upgrade; only the kind differs. */
  function accessFor(req: IncomingMessage, websocket: boolean): AccessDecision {
    return decideAccess({
      url: req.url ?? '/',
      hostHeader: req.headers.host,
      origin: req.headers.origin,
      cookieHeader: req.headers.cookie,
      port,
      token,
      websocket,
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const decision = accessFor(req, false);
    if (!decision.allow) return deny(res, decision.status, decision.reason);
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'only GET and HEAD');
    const headers = securityHeaders(`ws://${req.headers.host}`);
    if (decision.redirectTo) {
      res.writeHead(303, { ...headers, Location: decision.redirectTo || '/', 'Set-Cookie': decision.setCookie ?? '' });
      return void res.end();
    }
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      res.writeHead(200, { ...headers, 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify({ engine: supervisor.status.state }));
    }
    const file = await resolveStatic(rendererDir, path);
    if (!file) {
      if ((path === '/' || path === '/index.html') && !existsSync(join(rendererDir, 'index.html'))) {
        res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
        return void res.end(PLACEHOLDER_PAGE);
      }
      return deny(res, 404, 'not found');
    }
    res.writeHead(200, { ...headers, 'Content-Type': mimeType(file) });
    if (req.method === 'HEAD') return void res.end();
    openStatic(file).on('error', () => res.destroy()).pipe(res);
  }

  // A frame over the limit makes ws close the socket with 1009 (message too big) and emit 'error'.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES });
  wss.on('error', (error) => console.error(`[serve] websocket server: ${error.message}`));
  server.on('upgrade', (req, socket, head) => {
    // The raw socket may be reset or sent garbage before the upgrade completes: never let that throw.
    socket.on('error', () => socket.destroy());
    const refuse = (status: number, reason: string) => {
      if (!socket.writable) return void socket.destroy();
      socket.end(`HTTP/1.1 ${status} Refused\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${reason}\n`);
    };
    try {
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/rpc') return refuse(404, 'not found');
      const decision = accessFor(req, true);
      if (!decision.allow) return refuse(decision.status, decision.reason);
      wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
    } catch (error) {
      refuse(400, `bad request: ${(error as Error).message}`);
    }
  });

  // Browsers answer pings by themselves, in background tabs too: only a page that is gone stays silent.
  const heartbeatMs = options.heartbeatMs ?? (Number(process.env.PROOFWRIGHT_HEARTBEAT_MS) || 30_000);
  const answered = new WeakMap<WebSocket, boolean>();
  const heartbeat = setInterval(() => {
    for (const ws of sockets) {
      if (answered.get(ws) === false) {
        ws.terminate();
        continue;
      }
      answered.set(ws, false);
      ws.ping();
    }
  }, heartbeatMs);
  heartbeat.unref();

  function attach(ws: WebSocket): void {
    sockets.add(ws);
    answered.set(ws, true);
    ws.on('pong', () => answered.set(ws, true));
    // A protocol violation (unmasked or malformed frame, a frame over maxPayload) is reported here,
    // after which ws closes the socket with the matching code (1002, 1009); without a listener it
    // would be thrown and take the whole server down.
    ws.on('error', (error) => console.error(`[serve] client connection closed: ${error.message}`));
    const connection = supervisor.connect((reason) => ws.close(1008, reason.slice(0, 120)));
    connection.channel.on((data) => {
      if (ws.readyState === ws.OPEN) ws.send(data);
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text frames only');
      connection.channel.post(data.toString());
    });
    ws.on('close', () => {
      sockets.delete(ws);
      connection.close();
    });
    // Tell the new client the engine's current state straight away.
    const status = supervisor.status;
    if (status.state !== 'starting') ws.send(encodeClientEvent('engineStatus', status));
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  // A wildcard bind is reachable on loopback too: print a URL a local browser can open.
  const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const urlHost = shownHost.includes(':') ? `[${shownHost}]` : shownHost;
  const url = `http://${urlHost}:${port}/`;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(heartbeat);
      for (const ws of sockets) ws.close(1001, 'server shutting down');
      await supervisor.stop();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      wss.close();
    })());

  return { url, openUrl: token ? `${url}?token=${token}` : url, token, port, host, supervisor, close };
}
