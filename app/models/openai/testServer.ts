// Test helper: a throwaway OpenAI-compatible HTTP server on 127.0.0.1 with a random port.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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
  before?: Array<{ status: number; headers?: Record<string, string>; body: string }>;
  /** Milliseconds between chunks, so that each arrives in its own read (default: written at once). */
  pace_ms?: number;
}

/** A handler that replays a scenario for every request, one write per chunk. */
export function replay(scenario: Scenario): Handler {
  return async (_req, res, body, index) => {
    const early = scenario.before?.[index];
    if (early) {
      res.writeHead(early.status, { 'content-type': 'application/json', ...early.headers });
      return void res.end(early.body);
    }
    const reject = scenario.reject_if_param;
    if (reject && reject.param in (JSON.parse(body) as Record<string, unknown>)) {
      res.writeHead(reject.status, { 'content-type': 'application/json' });
      return void res.end(reject.body);
    }
    startStream(res);
    for (const [i, chunk] of scenario.chunks.entries()) {
      if (i > 0 && scenario.pace_ms) await wait(scenario.pace_ms);
      res.write(scenario.encoding === 'base64' ? Buffer.from(chunk, 'base64') : chunk);
    }
    res.end();
  };
}
