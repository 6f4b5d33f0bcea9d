// Test helper: a throwaway OpenAI-compatible HTTP server on 127.0.0.1 with a random port.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants as zlibConstants, createBrotliCompress, createDeflate, createGzip, type BrotliCompress, type Gzip } from 'node:zlib';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string, index: number) => void | Promise<void>;

export interface TestServer {
  url: string;
  requests: SeenRequest[];
  /** Most requests open at the same moment. */
  maxConcurrent: number;
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  let open = 0;
  const state = { maxConcurrent: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const index = requests.length;
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      open++;
      state.maxConcurrent = Math.max(state.maxConcurrent, open);
      res.on('close', () => open--);
      Promise.resolve(handler(req, res, body, index)).catch((err) => {
        res.destroy(err);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get maxConcurrent() {
      return state.maxConcurrent;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One `data:` event of a chat-completion stream. */
export function sse(payload: unknown): string {
  return `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`;
}

export function delta(fields: Record<string, unknown>, finish: string | null = null): string {
  return sse({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: fields, finish_reason: finish }] });
}

export function startStream(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
}

/** A complete successful stream of the given content pieces. */
export function writeStream(res: ServerResponse, pieces: string[], usage = { prompt_tokens: 11, completion_tokens: pieces.length }): void {
  startStream(res);
  res.write(delta({ role: 'assistant', content: '' }));
  for (const piece of pieces) res.write(delta({ content: piece }));
  res.write(delta({}, 'stop'));
  res.write(sse({ id: 'c1', object: 'chat.completion.chunk', choices: [], usage }));
  res.end(sse('[DONE]'));
}

export const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A recorded server exchange (app/models/openai/cases/*.scenario.json, format in
 * /work/shared/cases/README.md, server/): `chunks` are the raw SSE body bytes of one streamed
 * `POST /v1/chat/completions`, in order; with `reject_if_param`, a request whose JSON has that field
 * gets `status` and `body` instead. Two additions of ours: `encoding: "base64"` when the chunks are
 * base64 of raw bytes (a chunk boundary inside a UTF-8 character, as TCP may cut one), `pace_ms`, and
 * `before`, answers given to the first requests in turn (a 429 or 503 with its headers) before the stream.
 */
export interface Scenario {
  chunks: string[];
  encoding?: 'utf8' | 'base64';
  reject_if_param?: { param: string; status: number; body: string };
  /**
   * Answers to the first requests in turn. A header value may hold `${HTTP_DATE+N}`: the HTTP date N
   * seconds after the answer is sent (a Retry-After date in the future, which a file cannot hold).
   */
  before?: Array<{ status: number; headers?: Record<string, string>; body: string }>;
  /** Milliseconds between chunks, so that each arrives in its own read (default: written at once). */
  pace_ms?: number;
  /** Headers of the streamed answer, over `content-type: text/event-stream` (a proxy's JSON label, …). */
  stream_headers?: Record<string, string>;
  /** A proxy compressing the stream (Content-Encoding), each chunk flushed as it is written. */
  compress?: 'gzip' | 'deflate' | 'br';
  /** The compressed stream's end (the gzip trailer) never comes: the connection is closed after the last chunk. */
  truncate_compressed_end?: boolean;
}

/** `${HTTP_DATE+N}` in a header value → the HTTP date N seconds from now. */
function headerValues(headers: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, v.replace(/\$\{HTTP_DATE\+(\d+)\}/g, (_, n: string) => new Date(Date.now() + Number(n) * 1000).toUTCString())]),
  );
}

/** A handler that replays a scenario for every request, one write per chunk. */
export function replay(scenario: Scenario): Handler {
  return async (req, res, body, index) => {
    const early = scenario.before?.[index];
    if (early) {
      res.writeHead(early.status, { 'content-type': 'application/json', ...headerValues(early.headers) });
      return void res.end(early.body);
    }
    if (req.method !== 'POST') {
      // As FastAPI (vLLM, SGLang) answers a GET on the chat route: what a client that turned a redirected POST into a GET gets.
      res.writeHead(405, { 'content-type': 'application/json', allow: 'POST' });
      return void res.end('{"detail":"Method Not Allowed"}');
    }
    const reject = scenario.reject_if_param;
    if (reject && reject.param in (JSON.parse(body) as Record<string, unknown>)) {
      res.writeHead(reject.status, { 'content-type': 'application/json' });
      return void res.end(reject.body);
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      ...(scenario.compress ? { 'content-encoding': scenario.compress } : {}),
      ...scenario.stream_headers,
    });
    res.flushHeaders();
    const zip: Gzip | BrotliCompress | undefined =
      scenario.compress === 'gzip' ? createGzip() : scenario.compress === 'deflate' ? createDeflate() : scenario.compress === 'br' ? createBrotliCompress() : undefined;
    zip?.on('data', (b: Buffer) => res.write(b));
    for (const [i, chunk] of scenario.chunks.entries()) {
      if (i > 0 && scenario.pace_ms) await wait(scenario.pace_ms);
      const bytes = scenario.encoding === 'base64' ? Buffer.from(chunk, 'base64') : Buffer.from(chunk, 'utf8');
      if (!zip) {
        res.write(bytes);
        continue;
      }
      zip.write(bytes);
      // A streaming proxy flushes each event (nginx gzip with proxy_buffering off; Caddy's encode).
      await new Promise<void>((resolve) => zip.flush(scenario.compress === 'br' ? zlibConstants.BROTLI_OPERATION_FLUSH : zlibConstants.Z_SYNC_FLUSH, () => resolve()));
    }
    if (zip && scenario.truncate_compressed_end) {
      await wait(20);
      return void res.socket?.destroy();
    }
    if (zip) {
      await new Promise<void>((resolve) => {
        zip.once('end', resolve);
        zip.end();
      });
    }
    res.end();
  };
}
