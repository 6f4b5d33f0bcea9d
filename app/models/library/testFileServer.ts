// Test helper: a real HTTP server on 127.0.0.1 that serves one model file the way Hugging Face does
// (Range, If-Range, ETag, the Hub's manifest endpoint for `hf:USER/REPO:QUANT`), optionally throttled
// or cut, so pulls, progress, pause/cancel and Range resumes run over a real socket. Used by the
// library's unit tests and by the model-library e2e test (HF_ENDPOINT points the engine at it).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FileServerRequest {
  url: string;
  method: string;
  range?: string;
  ifRange?: string;
  userAgent?: string;
}

export interface FileServer {
  origin: string;
  requests: FileServerRequest[];
  /** Change the throttle for the bytes still to be sent (null: full speed). */
  throttle(next: Throttle | null): void;
  close(): Promise<void>;
}

/** Send `chunkBytes` every `intervalMs` (default 20 ms). */
export interface Throttle {
  chunkBytes: number;
  intervalMs?: number;
}

export interface FileServerOptions {
  body: Buffer;
  /** Per request index: stop after this many body bytes by destroying the socket. */
  cutAt?: (index: number) => number | undefined;
  /** Send the body slowly (for progress and cancel tests). */
  throttle?: Throttle;
  /**
   * The fake Hub: `hf:USER/REPO:QUANT` resolves (for llama.cpp's user agent) to `hubFile`, served at
   * /USER/REPO/resolve/main/FILE. Default: someone/Tiny-GGUF:Q8_0 → tiny-Q8_0.gguf.
   */
  hub?: { repo: string; tag: string; file: string };
  /** More files, by URL path (`/someone/Big-GGUF/resolve/main/Q8_0/big-00001-of-00002.gguf` → bytes), served like the body. */
  files?: Record<string, Buffer>;
}

/** Serves the body at /files/tiny.gguf and through the fake Hub; everything else is 404. */
export async function serveModelFile(options: FileServerOptions): Promise<FileServer> {
  const hub = options.hub ?? { repo: 'someone/Tiny-GGUF', tag: 'Q8_0', file: 'tiny-Q8_0.gguf' };
  let throttle = options.throttle ?? null;
  const requests: FileServerRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const index = requests.length;
    requests.push({ url: req.url ?? '', method: req.method ?? 'GET', range: req.headers.range, ifRange: req.headers['if-range'] as string | undefined, userAgent: req.headers['user-agent'] });
    if (req.url === `/v2/${hub.repo}/manifests/${hub.tag}`) {
      res.setHeader('content-type', 'application/json');
      // The real Hub names the GGUF file only to llama.cpp's user agent.
      if (req.headers['user-agent'] !== 'llama-cpp') return void res.end('{}');
      return void res.end(JSON.stringify({ ggufFile: { rfilename: hub.file } }));
    }
    if (req.url?.startsWith('/v2/')) {
      res.statusCode = 404;
      return void res.end('{"error":"Repository not found"}');
    }
    const body = options.files?.[req.url ?? ''] ?? (req.url === '/files/tiny.gguf' || req.url === `/${hub.repo}/resolve/main/${hub.file}` ? options.body : undefined);
    if (!body) {
      res.statusCode = 404;
      return void res.end('not found');
    }
    let start = 0;
    const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const headers: Record<string, string | number> = { etag: '"v1"', 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream' };
    if (match && (!req.headers['if-range'] || req.headers['if-range'] === '"v1"')) {
      start = Number(match[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` });
        return void res.end();
      }
      res.writeHead(206, { ...headers, 'content-length': body.length - start, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` });
    } else {
      res.writeHead(200, { ...headers, 'content-length': body.length });
    }
    const cut = options.cutAt?.(index);
    const end = cut === undefined ? body.length : Math.min(body.length, start + cut);
    let at = start;
    const pump = () => {
      if (res.destroyed) return;
      if (at >= end) {
        if (cut === undefined) res.end();
        else setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      const next = throttle ? Math.min(end, at + throttle.chunkBytes) : end;
      const chunk = body.subarray(at, next);
      at = next;
      res.write(chunk, () => (throttle ? setTimeout(pump, throttle.intervalMs ?? 20) : setImmediate(pump)));
    };
    pump();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    throttle: (next) => {
      throttle = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A one-model catalogue in the shipped format (catalogue.ts) whose model is pulled from `ref` (PROOFWRIGHT_CATALOGUE in tests). */
export function tinyCatalogue(ref: string): object {
  return {
    version: 1,
    note: 'Test catalogue: one generated model served from 127.0.0.1.',
    models: [
      {
        id: 'tiny', name: 'Tiny test model', parameters: '0.2M', backend: 'local', source: ref, approxDownloadGB: 0.001, approxMemoryGB: 0.01,
        contextLength: 4096, reasoning: false, profile: 'labelled', suitability: 'smoke-test', notes: 'Random weights: for testing the library only.',
      },
    ],
  };
}
