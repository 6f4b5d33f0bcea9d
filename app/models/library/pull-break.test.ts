// Break-it round on `models pull` over real HTTP: a raw TCP server on 127.0.0.1 answers each request
// with exactly the bytes a misbehaving server, proxy or CDN sends (wrong or missing Content-Length,
// chunked, a Range ignored, a wrong Content-Range, a file changed between attempts, 429 with
// Retry-After, a cross-host redirect, an HTML page, a hostile file name). The model is a generated
// GGUF (scripts/make-tiny-gguf.ts). What is checked is what a user would see: the file in the library
// is byte for byte the server's file or there is none, and the message says why.
import { createServer, type Server, type Socket } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeTinyGguf } from '../../../scripts/make-tiny-gguf';
import type { DownloadProgress } from './download';
import { PullManager, type PullProgressView } from './engineApi';
import { ModelLibrary } from './modelLibrary';

const root = mkdtempSync(join(tmpdir(), 'pw-pull-break-'));
let modelA: Buffer;
let modelB: Buffer;
beforeAll(() => {
  writeTinyGguf(join(root, 'a.gguf'), { size: 'test', seed: 5 });
  writeTinyGguf(join(root, 'b.gguf'), { size: 'test', seed: 6 });
  modelA = readFileSync(join(root, 'a.gguf'));
  modelB = readFileSync(join(root, 'b.gguf'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Seen {
  method: string;
  path: string;
  headers: Record<string, string>;
}
/** Answers one request by writing raw bytes on the socket (and closing or destroying it). */
type Answer = (req: Seen, socket: Socket, index: number) => void | Promise<void>;

interface RawServer {
  origin: string;
  /** The same server under another host name (another origin, as a CDN is). */
  otherOrigin: string;
  requests: Seen[];
}

const servers: Array<{ server: Server; sockets: Set<Socket> }> = [];
afterEach(async () => {
  // Connections the client left open (a body it stopped reading) would hold close() for seconds.
  await Promise.all(
    servers.splice(0).map(({ server, sockets }) => {
      for (const s of sockets) s.destroy();
      return new Promise((done) => server.close(done));
    }),
  );
});

/** A TCP server that reads one HTTP request head per connection and lets `answer` write the reply. */
async function rawServer(answer: Answer): Promise<RawServer> {
  const requests: Seen[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const [first, ...lines] = head.slice(0, end).split('\r\n');
      const [method, path] = first.split(' ');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      const seen = { method, path, headers };
      requests.push(seen);
      void Promise.resolve(answer(seen, socket, requests.length - 1)).catch(() => socket.destroy());
    };
    socket.on('data', onData);
  });
  servers.push({ server, sockets });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    otherOrigin: `http://localhost:${port}`,
    requests,
  };
}

/** An HTTP/1.1 response head. */
const head = (status: string, headers: Record<string, string | number>) =>
  `HTTP/1.1 ${status}\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n`;

/** Writes the head and body, then closes the connection cleanly (FIN, not a reset). */
function send(socket: Socket, status: string, headers: Record<string, string | number>, body: Buffer = Buffer.alloc(0)) {
  socket.write(head(status, { connection: 'close', ...headers }));
  socket.end(body);
}

/** A well-behaved answer for `body` with `etag`: 206 from a Range (when If-Range matches), else 200. */
function serveFile(req: Seen, socket: Socket, body: Buffer, validators: Record<string, string> = { etag: '"a"' }) {
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  const ifRange = req.headers['if-range'];
  const current = validators.etag ?? validators['last-modified'];
  if (range && (!ifRange || ifRange === current)) {
    const start = Number(range[1]);
    return send(socket, '206 Partial Content', { ...validators, 'content-length': body.length - start, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` }, body.subarray(start));
  }
  send(socket, '200 OK', { ...validators, 'accept-ranges': 'bytes', 'content-length': body.length, 'content-type': 'application/octet-stream' }, body);
}

/**
 * The first `n` bytes with a Content-Length of the whole, then the connection closed: a transfer cut
 * mid-body. The close waits a little, so the client has read what was sent (bytes still queued in the
 * client's stream when it errors are dropped, which would make the resume point a matter of timing).
 */
function sendCut(socket: Socket, body: Buffer, n: number, validators: Record<string, string> = { etag: '"a"' }) {
  socket.write(head('200 OK', { ...validators, 'accept-ranges': 'bytes', 'content-length': body.length, connection: 'close' }));
  socket.write(body.subarray(0, n), () => setTimeout(() => socket.end(), 200));
}
/** The byte a resume asked to start from (0 for none). */
const rangeStart = (req: Seen) => Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);

let counter = 0;
const newLibrary = (extra: Partial<ConstructorParameters<typeof ModelLibrary>[0]> = {}) => new ModelLibrary({ dir: join(root, `lib-${++counter}`), ...extra });
/** Every file under the library folder, partial downloads included (not the record of pull sources). */
const filesIn = (dir: string) =>
  existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name !== '.sources.json').map((e) => e.name) : [];
const FAST = { retryBaseMs: 10 };

describe('pull over real HTTP: the body arrives wrong', () => {
  it('a connection dropped mid-body with no Content-Length (chunked) resumes with Range to the right file', async () => {
    const cut = Math.floor(modelA.length / 2);
    const server = await rawServer((req, socket, i) => {
      if (i > 0) return serveFile(req, socket, modelA);
      socket.write(head('200 OK', { etag: '"a"', 'transfer-encoding': 'chunked', 'accept-ranges': 'bytes' }));
      socket.write(`${cut.toString(16)}\r\n`);
      socket.write(Buffer.concat([modelA.subarray(0, cut), Buffer.from('\r\n')]), () => setTimeout(() => socket.end(), 200));
    });
    const lib = newLibrary();
    const entry = await lib.pull(`${server.origin}/m.gguf`, FAST);
    expect(readFileSync(entry.path).equals(modelA)).toBe(true);
    expect(rangeStart(server.requests[1])).toBe(cut);
  });

  it('a whole chunked body (no Content-Length) is pulled as it is', async () => {
    const server = await rawServer((_req, socket) => {
      socket.write(head('200 OK', { 'transfer-encoding': 'chunked', connection: 'close' }));
      for (let at = 0; at < modelA.length; at += 10_000) {
        const part = modelA.subarray(at, at + 10_000);
        socket.write(`${part.length.toString(16)}\r\n`);
        socket.write(Buffer.concat([part, Buffer.from('\r\n')]));
      }
      socket.end('0\r\n\r\n');
    });
    const entry = await newLibrary().pull(`${server.origin}/m.gguf`, FAST);
    expect(readFileSync(entry.path).equals(modelA)).toBe(true);
  });

  it('no Content-Length and a clean close before the end (HTTP/1.0 style): no truncated model in the library', async () => {
    const server = await rawServer((_req, socket) => {
      socket.write(head('200 OK', { connection: 'close' }));
      socket.end(modelA.subarray(0, modelA.length - 1000));
    });
    const lib = newLibrary();
    const error = await lib.pull(`${server.origin}/m.gguf`, { ...FAST, maxRetries: 1 }).catch((e) => e);
    expect(error).toMatchObject({ name: 'LibraryError' });
    expect(error.message).toMatch(/truncated/);
    expect(await lib.list()).toEqual([]);
  });

  it('a Content-Length larger than what is sent (then a clean close) is a cut connection: resumed to the right file', async () => {
    const cut = 40_000;
    const server = await rawServer((req, socket, i) => (i === 0 ? sendCut(socket, modelA, cut) : serveFile(req, socket, modelA)));
    const entry = await newLibrary().pull(`${server.origin}/m.gguf`, FAST);
    expect(readFileSync(entry.path).equals(modelA)).toBe(true);
    expect(rangeStart(server.requests[1])).toBe(cut);
  });

  it('a Content-Length smaller than the file (a proxy that lies): no truncated model in the library', async () => {
    const short = modelA.length - 4096;
    const server = await rawServer((_req, socket) => send(socket, '200 OK', { 'content-length': short }, modelA.subarray(0, short)));
    const lib = newLibrary();
    const error = await lib.pull(`${server.origin}/m.gguf`, FAST).catch((e) => e);
    expect(error.message).toMatch(/truncated/);
    expect(await lib.list()).toEqual([]);
    expect(filesIn(lib.dir)).toEqual([]);
  });
});

describe('pull over real HTTP: content coding', () => {
  it('a server that compresses when the client accepts gzip (nginx gzip_types *) still gives the file', async () => {
    const zipped = gzipSync(modelA);
    const server = await rawServer((req, socket) => {
      if (/gzip/.test(req.headers['accept-encoding'] ?? '')) {
        return send(socket, '200 OK', { etag: '"a"', 'content-encoding': 'gzip', 'content-length': zipped.length, vary: 'Accept-Encoding' }, zipped);
      }
      serveFile(req, socket, modelA);
    });
    const entry = await newLibrary().pull(`${server.origin}/m.gguf`, FAST);
    expect(readFileSync(entry.path).equals(modelA)).toBe(true);
    expect(server.requests[0].headers['accept-encoding']).toBe('identity');
  });

  it('a server that compresses whatever it is asked: its Content-Length (of the compressed form) is not the file size', async () => {
    const zipped = gzipSync(modelA);
    const server = await rawServer((_req, socket) => send(socket, '200 OK', { 'content-encoding': 'gzip', 'content-length': zipped.length }, zipped));
    const entry = await newLibrary().pull(`${server.origin}/m.gguf`, FAST);
    expect(readFileSync(entry.path).equals(modelA)).toBe(true);
  });
});

describe('pull over real HTTP: resuming', () => {
  /** A pull that got `cut` bytes of modelA and gave up, leaving them in `.partial/` for the next pull. */
  async function interrupted(server: RawServer, lib: ModelLibrary) {
    const error = await lib.pull(`${server.origin}/m.gguf`, { ...FAST, maxRetries: 0 }).catch((e) => e);
    expect(error).toMatchObject({ code: 'download' });
    expect(filesIn(join(lib.dir, '.partial')).some((f) => f.endsWith('.partial'))).toBe(true);
  }

  it('a server that ignores Range (200 instead of 206) restarts the file, and progress does not claim a resume', async () => {
    const cut = 30_000;
    const server = await rawServer((_req, socket, i) => (i === 0 ? sendCut(socket, modelA, cut) : send(socket, '200 OK', { etag: '"a"', 'content-length': modelA.length }, modelA)));
    const lib = newLibrary();
    await interrupted(server, lib);
    const events: DownloadProgress[] = [];
    const entry = await lib.pull(`${server.origin}/m.gguf`, { ...FAST, onProgress: (p) => events.push(p) });
    expect(rangeStart(server.requests[1])).toBe(cut);
    expect(readFileSync(entry.path).equals(modelA)).toBe(true);
    // The server sent the whole file again: nothing was resumed, whatever was on disk before.
    expect(events.at(-1)).toMatchObject({ downloadedBytes: modelA.length, resumedFromBytes: 0 });
  });

  it('a 206 whose Content-Range starts elsewhere is not spliced in', async () => {
    const cut = 30_000;
    const server = await rawServer((req, socket, i) => {
      if (i === 0) return sendCut(socket, modelA, cut);
      if (i === 1) {
        // Asked for bytes=30000-, answers from 1000.
        const body = modelA.subarray(1000);
        return send(socket, '206 Partial Content', { etag: '"a"', 'content-length': body.length, 'content-range': `bytes 1000-${modelA.length - 1}/${modelA.length}` }, body);
      }
      serveFile(req, socket, modelA);
    });
    const lib = newLibrary();
    await interrupted(server, lib);
    const entry = await lib.pull(`${server.origin}/m.gguf`, FAST);
    expect(readFileSync(entry.path).equals(modelA)).toBe(true);
  });

  it('a 206 for a file of another size than the one begun (it changed on the server) is not spliced in', async () => {
    const cut = 30_000;
    const other = Buffer.concat([modelB, Buffer.alloc(4096)]);
    const server = await rawServer((req, socket, i) => {
      if (i === 0) return sendCut(socket, modelA, cut);
      // The file is now `other`; this server ignores If-Range and keeps one ETag for every version.
      const start = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
      if (start > 0) return send(socket, '206 Partial Content', { etag: '"a"', 'content-length': other.length - start, 'content-range': `bytes ${start}-${other.length - 1}/${other.length}` }, other.subarray(start));
      send(socket, '200 OK', { etag: '"a"', 'content-length': other.length }, other);
    });
    const lib = newLibrary();
    await interrupted(server, lib);
    const result = await lib.pull(`${server.origin}/m.gguf`, FAST).then((e) => readFileSync(e.path), (e: Error) => e);
    // Either the whole new file or an error, never the first file's head on the second's tail.
    if (Buffer.isBuffer(result)) expect(result.equals(other)).toBe(true);
    else expect(await lib.list()).toEqual([]);
  });

  it('a 206 under a new ETag (the file changed and the server ignores If-Range) is not spliced in', async () => {
    const cut = 30_000;
    const server = await rawServer((req, socket, i) => {
      if (i === 0) return sendCut(socket, modelA, cut, { etag: '"a"' });
      const start = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
      if (start > 0) return send(socket, '206 Partial Content', { etag: '"b"', 'content-length': modelB.length - start, 'content-range': `bytes ${start}-${modelB.length - 1}/${modelB.length}` }, modelB.subarray(start));
      send(socket, '200 OK', { etag: '"b"', 'content-length': modelB.length }, modelB);
    });
    const lib = newLibrary();
    await interrupted(server, lib);
    const entry = await lib.pull(`${server.origin}/m.gguf`, FAST);
    expect(readFileSync(entry.path).equals(modelB)).toBe(true);
  });

  it('a server with Last-Modified and no ETag gets If-Range with the date, so a changed file is sent whole', async () => {
    const cut = 30_000;
    const dateA = 'Mon, 02 Nov 2026 10:00:00 GMT';
    const dateB = 'Tue, 01 Dec 2026 09:00:00 GMT';
    const server = await rawServer((req, socket, i) => {
      if (i === 0) return sendCut(socket, modelA, cut, { 'last-modified': dateA });
      serveFile(req, socket, modelB, { 'last-modified': dateB }); // honours If-Range (by date)
    });
    const lib = newLibrary();
    await interrupted(server, lib);
    const entry = await lib.pull(`${server.origin}/m.gguf`, FAST);
    expect(server.requests[1].headers['if-range']).toBe(dateA);
    expect(readFileSync(entry.path).equals(modelB)).toBe(true);
  });
});

describe('pull over real HTTP: refusals, limits, redirects', () => {
  it('404 and 403 fail at once with what to do; nothing is kept', async () => {
    const server = await rawServer((req, socket) =>
      send(socket, req.path === '/missing.gguf' ? '404 Not Found' : '403 Forbidden', { 'content-type': 'application/json', 'content-length': 2 }, Buffer.from('{}')),
    );
    const lib = newLibrary();
    const missing = await lib.pull(`${server.origin}/missing.gguf`, FAST).catch((e) => e);
    expect(missing.message).toMatch(/HTTP 404: no such file/);
    const gated = await lib.pull(`${server.origin}/gated.gguf`, FAST).catch((e) => e);
    expect(gated.message).toMatch(/HTTP 403.*HF_TOKEN/);
    expect(server.requests).toHaveLength(2); // neither is asked again
    expect(filesIn(lib.dir)).toEqual([]);
  });

  it('429 with Retry-After waits what the server asks, then pulls', async () => {
    const server = await rawServer((req, socket, i) =>
      i === 0 ? send(socket, '429 Too Many Requests', { 'retry-after': '1', 'content-length': 0 }) : serveFile(req, socket, modelA),
    );
    const started = performance.now();
    const entry = await newLibrary().pull(`${server.origin}/m.gguf`, FAST);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(readFileSync(entry.path).equals(modelA)).toBe(true);
  });

  it('429 asking to wait an hour fails at once, saying so', async () => {
    const server = await rawServer((_req, socket) => send(socket, '429 Too Many Requests', { 'retry-after': '3600', 'content-length': 0 }));
    const started = performance.now();
    const error = await newLibrary().pull(`${server.origin}/m.gguf`, FAST).catch((e) => e);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error.message).toMatch(/HTTP 429.*wait 3600 s/);
    expect(server.requests).toHaveLength(1);
  });

  it('a pause during a long Retry-After wait stops at once, and the same pull then resumes', async () => {
    const server = await rawServer((req, socket, i) =>
      i === 0 ? send(socket, '503 Service Unavailable', { 'retry-after': '30', 'content-length': 0 }) : serveFile(req, socket, modelA),
    );
    const lib = newLibrary();
    const events: PullProgressView[] = [];
    const pulls = new PullManager(lib, (p) => events.push(p));
    const url = `${server.origin}/m.gguf`;
    const first = pulls.start(url);
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    pulls.cancel(first.pullId);
    await pulls.settled(first.pullId);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(events.at(-1)).toMatchObject({ state: 'paused' });
    const again = pulls.start(url);
    await pulls.settled(again.pullId);
    expect(events.at(-1)).toMatchObject({ state: 'done', receivedBytes: modelA.length });
    expect(readFileSync(join(lib.dir, 'm.gguf')).equals(modelA)).toBe(true);
  });

  it('a redirect to another host (as the Hub sends to its CDN) is followed without the token', async () => {
    const server = await rawServer((req, socket) => {
      if (req.path.startsWith('/someone/')) {
        return send(socket, '302 Found', { location: `${server.otherOrigin}/cdn/blob?sig=1`, 'content-length': 0 });
      }
      serveFile(req, socket, modelA);
    });
    const lib = newLibrary({ hfEndpoint: server.origin, hfToken: 'hf_secret' });
    const entry = await lib.pull('hf:someone/Tiny-GGUF/tiny.gguf', FAST);
    expect(readFileSync(entry.path).equals(modelA)).toBe(true);
    expect(server.requests[0].headers.authorization).toBe('Bearer hf_secret');
    expect(server.requests[1]).toMatchObject({ path: '/cdn/blob?sig=1' });
    expect(server.requests[1].headers.authorization).toBeUndefined();
  });

  it('an HTML page with 200 (a sign-in or captive portal) is refused at once, naming the page', async () => {
    const page = Buffer.from(`<!DOCTYPE html><html><head><title>Sign in – Hugging Face</title></head><body>${'x'.repeat(200_000)}</body></html>`);
    const server = await rawServer((_req, socket) => send(socket, '200 OK', { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length }, page));
    const lib = newLibrary();
    const error = await lib.pull(`${server.origin}/m.gguf`, FAST).catch((e) => e);
    expect(error.message).toMatch(/an HTML page.*Sign in – Hugging Face.*not a model/);
    expect(filesIn(lib.dir)).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('a connection cut while the first bytes of an answer labelled a web page are looked at is retried, like any cut', async () => {
    // Two bytes, then the connection is gone: the look at the first bytes fails as the body's read
    // would, and the pull tries again instead of stopping with the socket's raw error.
    const server = await rawServer((_req, socket, i) => {
      if (i > 0) return send(socket, '200 OK', { 'content-type': 'text/html', 'content-length': modelA.length }, modelA);
      socket.write(head('200 OK', { 'content-type': 'text/html', 'content-length': modelA.length, connection: 'close' }));
      socket.write(modelA.subarray(0, 2), () => setTimeout(() => socket.destroy(), 200));
    });
    const lib = newLibrary();
    const entry = await lib.pull(`${server.origin}/m.gguf`, FAST);
    expect(readFileSync(entry.path).equals(modelA)).toBe(true);
    expect(server.requests).toHaveLength(2);

    // Cut every time: what is said at the end names the lost connection, as a cut body does.
    const always = await rawServer((_req, socket) => {
      socket.write(head('200 OK', { 'content-type': 'text/html', 'content-length': modelA.length, connection: 'close' }));
      socket.write(modelA.subarray(0, 2), () => setTimeout(() => socket.destroy(), 200));
    });
    const error = await newLibrary().pull(`${always.origin}/m.gguf`, FAST).catch((e) => e);
    expect(error.message).toMatch(/^pull of \S+ failed: connection to \S+m\.gguf lost after 2 bytes: /);
  });

  it('a model a server only labels as a web page (GGUF\'s magic bytes) is the model, byte for byte', async () => {
    const server = await rawServer((_req, socket) => send(socket, '200 OK', { 'content-type': 'text/html', 'content-length': modelA.length }, modelA));
    const lib = newLibrary();
    const entry = await lib.pull(`${server.origin}/m.gguf`, FAST);
    expect(readFileSync(entry.path).equals(modelA)).toBe(true);
    expect(entry.summary?.architecture).toBe('llama');
  });
});

describe('pull over real HTTP: names and concurrency', () => {
  it('a hostile file name cannot reach outside the library folder', async () => {
    const server = await rawServer((req, socket) => serveFile(req, socket, modelA));
    const lib = newLibrary();
    const outside = join(lib.dir, '..');
    const before = readdirSync(outside);
    const errors = await Promise.all([
      lib.pull(`${server.origin}/x/..%2F..%2Fevil.gguf`, FAST).catch((e) => e),
      lib.pull(`${server.origin}/x/..%5C..%5Cevil.gguf`, FAST).catch((e) => e),
      lib.pull(`${server.origin}/m.gguf`, { ...FAST, fileName: '../evil.gguf' }).catch((e) => e),
    ]);
    // Names no file system takes alike: a NUL byte, Windows' reserved characters (`name.gguf:x` writes
    // an NTFS alternate stream of name.gguf) and device names, a name longer than a file name may be.
    for (const name of ['evil%00.gguf', 'model.gguf%3Astream.gguf', 'CON.gguf', 'a%7Cb.gguf', `${'x'.repeat(300)}.gguf`]) {
      errors.push(await lib.pull(`${server.origin}/x/${name}`, FAST).catch((e) => e));
    }
    for (const error of errors) expect(error).toMatchObject({ name: 'LibraryError', code: 'bad-name' });
    // `..` in an hf: path would walk the Hub URL to another repository with the user's token.
    const walked = await newLibrary({ hfEndpoint: server.origin, hfToken: 'hf_secret' }).pull('hf:someone/repo/../../other/repo/resolve/main/x.gguf', FAST).catch((e) => e);
    expect(walked).toMatchObject({ code: 'bad-source' });
    expect(readdirSync(outside)).toEqual(before);
    expect(server.requests).toHaveLength(0);
  });

  it('a model already in the folder under a name the library would not make (a colon: legal on Linux) can still be inspected and removed', async () => {
    const lib = newLibrary();
    mkdirSync(lib.dir, { recursive: true });
    writeFileSync(join(lib.dir, 'qwen:7b.gguf'), modelA);
    expect((await lib.list()).map((e) => e.name)).toContain('qwen:7b');
    expect(await lib.resolve('qwen:7b')).toBe(join(lib.dir, 'qwen:7b.gguf'));
    await lib.remove('qwen:7b.gguf');
    expect(readdirSync(lib.dir)).not.toContain('qwen:7b.gguf');
  });

  it('two processes pulling the same model at once: one downloads, the other is told, the file is whole', async () => {
    // Two copies of the library module stand for two processes (the CLI and the app): they share no memory.
    const server = await rawServer(async (req, socket) => {
      socket.write(head('200 OK', { etag: '"a"', 'content-length': modelA.length, connection: 'close' }));
      for (let at = 0; at < modelA.length; at += 16_384) {
        socket.write(modelA.subarray(at, at + 16_384));
        await new Promise((r) => setTimeout(r, 5));
      }
      socket.end();
      void req;
    });
    const dir = join(root, `lib-${++counter}`);
    const first = new ModelLibrary({ dir });
    vi.resetModules();
    const { ModelLibrary: OtherProcessLibrary } = await import('./modelLibrary');
    const second = new OtherProcessLibrary({ dir });
    const url = `${server.origin}/m.gguf`;
    const results = await Promise.allSettled([first.pull(url, FAST), second.pull(url, FAST)]);
    const done = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(done).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason.message).toMatch(/already being pulled/);
    expect(readFileSync(join(dir, 'm.gguf')).equals(modelA)).toBe(true);
  });

  it('another process does not list a running pull as paused, nor discard its bytes under it', async () => {
    const server = await rawServer(async (_req, socket) => {
      socket.write(head('200 OK', { etag: '"a"', 'content-length': modelA.length, connection: 'close' }));
      for (let at = 0; at < modelA.length; at += 65_536) {
        socket.write(modelA.subarray(at, at + 65_536));
        await new Promise((r) => setTimeout(r, 60));
      }
      socket.end();
    });
    const dir = join(root, `lib-${++counter}`);
    const running = new ModelLibrary({ dir });
    vi.resetModules();
    const { ModelLibrary: OtherProcessLibrary } = await import('./modelLibrary');
    const other = new OtherProcessLibrary({ dir });
    let received = 0;
    const pull = running.pull(`${server.origin}/m.gguf`, { ...FAST, onProgress: (p) => void (received = p.downloadedBytes) });
    while (received === 0) await new Promise((r) => setTimeout(r, 10));
    expect(await other.partials()).toEqual([]);
    const refused = await other.discardPartial('m.gguf').catch((e) => e);
    expect(refused).toMatchObject({ code: 'exists', message: expect.stringMatching(/being pulled/) });
    const entry = await pull;
    expect(readFileSync(entry.path).equals(modelA)).toBe(true);
  });
});

describe('pull over real HTTP: a slow trickle', () => {
  it('progress keeps coming while the transfer stalls, and the speed and ETA say it has slowed', async () => {
    const fast = 96 * 1024;
    let stalledAt = 0;
    let resumedAt = 0;
    const server = await rawServer(async (_req, socket) => {
      socket.write(head('200 OK', { etag: '"a"', 'content-length': modelA.length, connection: 'close' }));
      for (let at = 0; at < fast; at += 8192) {
        socket.write(modelA.subarray(at, at + 8192));
        await new Promise((r) => setTimeout(r, 40));
      }
      stalledAt = Date.now();
      await new Promise((r) => setTimeout(r, 3200)); // the CDN stalls
      resumedAt = Date.now();
      socket.end(modelA.subarray(fast));
    });
    const lib = newLibrary();
    const events: Array<PullProgressView & { at: number }> = [];
    const pulls = new PullManager(lib, (p) => events.push({ ...p, at: Date.now() }));
    const { pullId } = pulls.start(`${server.origin}/m.gguf`);
    await pulls.settled(pullId);
    expect(events.at(-1)).toMatchObject({ state: 'done', receivedBytes: modelA.length });
    const before = events.filter((e) => e.at <= stalledAt && e.bytesPerSecond).at(-1)!;
    expect(before.bytesPerSecond).toBeGreaterThan(0);
    // Two seconds into the stall the user still gets news, and it is not the speed of before.
    const during = events.filter((e) => e.at >= stalledAt + 2000 && e.at < resumedAt);
    expect(during.length).toBeGreaterThan(0);
    for (const e of during) {
      expect(e.receivedBytes).toBe(fast);
      expect(e.bytesPerSecond ?? 0).toBeLessThan(0.6 * before.bytesPerSecond!);
      if (e.etaSeconds !== null && e.etaSeconds !== undefined) expect(e.etaSeconds).toBeGreaterThan(before.etaSeconds!);
    }
  });
});
