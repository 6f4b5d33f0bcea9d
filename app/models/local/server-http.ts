// The HTTP side of a streamed llama-server request, with paced reads: llama-server writes one SSE event
// per generated token, and a client that wakes for each one (fetch/undici: a socket read, web-stream
// hops and promise jobs per event) takes CPU from the decode threads on a machine whose cores they
// fill. Here the socket is read at most once per `paceMs`: between reads it is paused with a
// one-byte high-water mark, so the kernel holds the events and the next read takes them all.
import { request, type IncomingMessage } from 'node:http';
import { createConnection, type NetConnectOpts } from 'node:net';

/**
 * How often a streamed response is read at most, in ms: about 16 events a read at 1,000 tokens/s, a
 * 60th of a second of extra latency at worst (the first event is read at once).
 */
export const STREAM_PACE_MS = 16;

/**
 * The longest a streamed request may go without receiving a byte, in seconds, by default: llama-server
 * sends its headers when a slot starts the request (before the prompt is evaluated) and then a
 * keep-alive ping every SSE_PING_SECONDS while it has nothing else to send (a long prompt on a slow
 * CPU), so a server that stays silent this long is hung, not slow. The server backend sends a
 * request only when its slots are free (server-backend.ts), so no request waits silently in the
 * server's own queue either.
 */
export const STREAM_IDLE_SECONDS = 120;

/**
 * The longest a streamed request may go with only keep-alive pings, no token (nor finish), in seconds,
 * by default (server-request.ts). Pings restart the idle limit above, and llama-server's HTTP thread
 * pings even when its decode loop has hung; but they are also all it sends while it evaluates a prompt,
 * which on a loaded CPU can take many minutes for a long one (10,000 tokens at 10 tokens/s: 17 min).
 */
export const STREAM_KEEPALIVE_SECONDS = 1800;

/** Seconds between llama-server's keep-alive pings on a silent stream (its `sse_ping_interval`). */
export const SSE_PING_SECONDS = 30;

/** A streamed request that received nothing for its idle limit: the server is hung. */
export class StreamIdleError extends Error {
  constructor(
    readonly url: string,
    readonly idleSeconds: number,
    readonly phase: 'headers' | 'body',
  ) {
    super(`${url} sent nothing for ${idleSeconds} s ${phase === 'headers' ? 'after accepting the request' : 'mid-response'}`);
    this.name = 'StreamIdleError';
  }
}

/** A streamed response: its status, content type, and the body's chunks through `onData`. */
export interface StreamedResponse {
  status: number;
  contentType: string;
  /** The whole body as text (for an error answer); only before `pipe`. */
  text(): Promise<string>;
  /**
   * Feeds the body to `onData`, one chunk per socket read (all the events it brought), at most one read
   * per `paceMs` (0: as they come); resolves at the end, rejects on a lost connection or when onData throws.
   */
  pipe(onData: (chunk: Buffer) => void, paceMs: number): Promise<void>;
}

/**
 * POSTs JSON `body` to `url` on a fresh loopback connection (no keep-alive: nothing to race a closed
 * idle connection) and resolves with the response once its headers are in. `signal` destroys the
 * connection (llama-server then stops the request), and one already aborted sends nothing; errors
 * are Node's (ECONNREFUSED, ECONNRESET…), or StreamIdleError when no byte came for `idleSeconds`
 * (waiting for the headers or between reads of the body; it then closes the connection).
 */
export function postStreamed(url: string, body: unknown, signal: AbortSignal, idleSeconds = STREAM_IDLE_SECONDS): Promise<StreamedResponse> {
  const target = new URL(url);
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    // An abort listener added now would never fire: the request would go out and the server
    // generate a whole answer for nobody.
    if (signal.aborted) return reject(new Error('aborted'));
    const req = request({
      host: target.hostname,
      port: target.port,
      path: `${target.pathname}${target.search}`,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'content-length': payload.length, connection: 'close' },
      // No agent: with one (even `agent: false`, a fresh Agent) Node ignores createConnection.
      // Node's net.Socket passes its options on to stream.Duplex, which takes the high-water mark
      // (the type does not list it).
      createConnection: () =>
        createConnection({ host: target.hostname, port: Number(target.port), readableHighWaterMark: 1 } as NetConnectOpts),
    });
    const onAbort = () => req.destroy(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    // The socket's inactivity timer: restarted by every read (and the request's write), so it measures
    // the server's silence. Paced reads pause the socket for STREAM_PACE_MS at most, far below it.
    let stalled: StreamIdleError | undefined;
    let gotHeaders = false;
    req.setTimeout(idleSeconds * 1000, () => {
      stalled = new StreamIdleError(url, idleSeconds, gotHeaders ? 'body' : 'headers');
      req.destroy(stalled);
    });
    req.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    req.on('response', (res: IncomingMessage) => {
      gotHeaders = true;
      resolve(
        streamed(
          res,
          () => {
            signal.removeEventListener('abort', onAbort);
            req.setTimeout(0);
          },
          () => stalled,
        ),
      );
    });
    req.end(payload);
  });
}

/** `stalled`: the idle error when the idle limit closed the connection (it then ends the body, not as a lost connection). */
function streamed(res: IncomingMessage, done: () => void, stalled: () => StreamIdleError | undefined): StreamedResponse {
  // The connection can close before the caller asks for the body: the response then emits 'error'
  // only to the listeners it has at that moment and 'close' once, so text() or pipe() called after
  // that would wait forever. Kept here for them.
  let failure: Error | undefined;
  res.on('error', (error) => (failure ??= stalled() ?? lost(error)));
  const cutOff = () => res.destroyed && !res.complete;
  return {
    status: res.statusCode ?? 0,
    contentType: String(res.headers['content-type'] ?? ''),
    text: () =>
      new Promise((resolve) => {
        if (cutOff()) return (done(), resolve(''));
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('end', () => (done(), resolve(Buffer.concat(parts).toString('utf8'))));
        res.on('error', () => (done(), resolve(Buffer.concat(parts).toString('utf8'))));
      }),
    pipe: (onData, paceMs) =>
      new Promise((resolve, reject) => {
        const socket = res.socket;
        let timer: NodeJS.Timeout | undefined;
        let pending: Buffer[] = [];
        let scheduled = false;
        let settled = false;
        const finish = (error?: Error) => {
          if (settled) return;
          settled = true;
          if (timer) clearTimeout(timer);
          done();
          if (error) reject(error);
          else resolve();
        };
        /** Hands over what the last read brought, as one chunk; false when onData threw (the stream is over). */
        const deliver = (): boolean => {
          if (pending.length === 0) return true;
          const chunk = pending.length === 1 ? pending[0] : Buffer.concat(pending);
          pending = [];
          try {
            onData(chunk);
            return true;
          } catch (error) {
            res.destroy();
            finish(error as Error);
            return false;
          }
        };
        // One socket read can hold many events, each its own HTTP chunk and 'data' in this same turn:
        // they are gathered and handed over once the turn is done; then reading stops for paceMs.
        const burstDone = () => {
          scheduled = false;
          if (settled || !deliver() || paceMs <= 0) return;
          // The response stops pulling (so it does not restart the socket), and the socket, whose
          // high-water mark is one byte, stops reading from the kernel after what it holds.
          res.pause();
          socket?.pause();
          timer = setTimeout(() => {
            timer = undefined;
            socket?.resume();
            res.resume();
          }, paceMs);
        };
        if (cutOff()) return finish(failure ?? stalled() ?? new Error('the connection closed mid-response'));
        res.on('data', (chunk: Buffer) => {
          pending.push(chunk);
          if (!scheduled) {
            scheduled = true;
            setImmediate(burstDone);
          }
        });
        res.on('end', () => {
          if (deliver()) finish();
        });
        res.on('error', (error) => finish(stalled() ?? lost(error)));
        res.on('close', () => {
          if (!res.complete) finish(stalled() ?? new Error('the connection closed mid-response'));
        });
      }),
  };
}

/**
 * A response cut off by the peer comes as Node's bare "aborted" (code ECONNRESET), which reads as if
 * the user had cancelled: say what happened, keeping the code and the original as the cause.
 */
function lost(error: Error): Error {
  if (error.message !== 'aborted') return error;
  const code = (error as NodeJS.ErrnoException).code;
  return Object.assign(new Error('the connection closed mid-response', { cause: error }), code ? { code } : {});
}
