// Paced reads of a streamed response (server-http.ts), against a real HTTP server on loopback that
// writes one SSE event per millisecond, as llama-server writes one per token; and the idle limit,
// against routes of that server that accept a request and then hang.
import { createServer, type Server } from 'node:http';
import { Socket, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendError } from '../backend';
import { ChoiceStream } from '../openai/chatStream';
import { postStreamed, StreamIdleError } from './server-http';
import { serverPrompt, streamChoices } from './server-request';

const EVENTS = 300;
let server: Server;
let url: string;
let closedEarly = 0;
/** Requests the test server has received, by path. */
const received = new Map<string, number>();
/** Paths of the hanging routes whose connection the client closed. */
const hungUp: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    received.set(req.url ?? '', (received.get(req.url ?? '') ?? 0) + 1);
    if (req.url?.startsWith('/hang')) {
      // A hung server: it takes the request and sends nothing more (or one event, then nothing).
      if (req.url === '/hang-mid-body' || req.url === '/hang/v1/chat/completions') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: {"choices":[{"index":0,"delta":{"content":"Let"}}]}\n\n');
      }
      req.socket.on('close', () => hungUp.push(req.url ?? ''));
      return;
    }
    if (req.url === '/slow') {
      // Eight events 100 ms apart: 0.8 s in all.
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let n = 0;
      const timer = setInterval(() => (++n === 8 ? (clearInterval(timer), res.end('data: [DONE]\n\n')) : res.write(`data: {"i":${n}}\n\n`)), 100);
      return;
    }
    if (req.url === '/pings/v1/chat/completions') {
      // A decode loop hung behind a live HTTP thread: one token, then a ping every 20 ms for ever.
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"choices":[{"index":0,"delta":{"content":"Let"}}]}\n\n');
      const timer = setInterval(() => res.write(': ping\n\n'), 20);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if (req.url === '/unreadable/v1/chat/completions') {
      // A chunk that opens like JSON but does not parse (a bare NaN), between a verdict and a stop.
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"choices":[{"index":0,"delta":{"content":"First \\\\boxed{1}"}}]}\n\n');
      res.write('data: {"choices":[{"index":0,"delta":{"content":" No: \\\\boxed{0}"},"logprobs":{"content":[{"logprob":NaN}]}}]}\n\n');
      res.write('data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n');
      res.end('data: [DONE]\n\n');
      return;
    }
    if (req.url === '/error') {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'bad request body' } }));
      return;
    }
    if (req.url === '/cut' || req.url === '/cut-error') {
      // One event (or the start of an error body), then the connection drops.
      res.writeHead(req.url === '/cut' ? 200 : 500, { 'content-type': req.url === '/cut' ? 'text/event-stream' : 'application/json' });
      res.write(req.url === '/cut' ? 'data: {"i":0}\n\n' : '{"error":', () => res.socket?.destroy());
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    let i = 0;
    const timer = setInterval(() => {
      if (i === EVENTS) {
        clearInterval(timer);
        res.end('data: [DONE]\n\n');
        return;
      }
      res.write(`data: {"i":${i++}}\n\n`);
    }, 1);
    res.on('close', () => {
      if (i < EVENTS) closedEarly++;
      clearInterval(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

/**
 * Streams /stream with `paceMs`; returns the chunks handed over, the reads from the kernel (what a
 * socket pushes into its stream: counted on every socket of this process while it runs, and the test
 * server's own socket only writes) and the events in order.
 */
async function read(paceMs: number) {
  let socketReads = 0;
  const push = Socket.prototype.push;
  Socket.prototype.push = function (this: Socket, chunk: unknown, encoding?: BufferEncoding) {
    if (chunk) socketReads++;
    return push.call(this, chunk, encoding);
  };
  try {
    const response = await postStreamed(`${url}/stream`, { stream: true }, new AbortController().signal);
    let reads = 0;
    let text = '';
    await response.pipe((chunk) => {
      reads++;
      text += chunk.toString('utf8');
    }, paceMs);
    const events = text.split('\n\n').filter(Boolean);
    return { reads, socketReads, events };
  } finally {
    Socket.prototype.push = push;
  }
}

describe('postStreamed', () => {
  it('takes every event, in order, in far fewer reads than events when paced', async () => {
    const paced = await read(16);
    expect(paced.events).toHaveLength(EVENTS + 1);
    expect(paced.events.slice(0, EVENTS)).toEqual(Array.from({ length: EVENTS }, (_, i) => `data: {"i":${i}}`));
    expect(paced.events.at(-1)).toBe('data: [DONE]');
    // ~300 ms of events at most one read per 16 ms: about 20 reads (a loaded machine bunches them more).
    expect(paced.reads).toBeLessThan(EVENTS / 5);
    // The socket stops reading between reads: the kernel holds the events (not Node's buffers).
    expect(paced.socketReads).toBeLessThan(EVENTS / 3);
  });

  it('with no pacing reads as the events come (the control for the test above)', async () => {
    const unpaced = await read(0);
    expect(unpaced.events).toHaveLength(EVENTS + 1);
    const paced = await read(16);
    expect(unpaced.reads).toBeGreaterThan(paced.reads);
    expect(unpaced.socketReads).toBeGreaterThan(paced.socketReads);
  });

  it('gives an error answer as text with its status', async () => {
    const response = await postStreamed(`${url}/error`, {}, new AbortController().signal);
    expect(response.status).toBe(400);
    expect(response.contentType).toContain('application/json');
    expect(JSON.parse(await response.text())).toEqual({ error: { message: 'bad request body' } });
  });

  it('an abort mid-stream closes the connection (the server sees it) and rejects the pipe', async () => {
    const before = closedEarly;
    const controller = new AbortController();
    const response = await postStreamed(`${url}/stream`, { stream: true }, controller.signal);
    let reads = 0;
    const piped = response.pipe(() => {
      if (++reads === 2) controller.abort();
    }, 16);
    await expect(piped).rejects.toThrow();
    await expect.poll(() => closedEarly).toBe(before + 1);
  });

  it('a signal aborted before the call sends nothing and rejects (the server would answer for nobody)', async () => {
    await expect(postStreamed(`${url}/pre-aborted`, { stream: true }, AbortSignal.abort())).rejects.toThrow('aborted');
    // A request that went out would have reached the server by the time a second one does.
    const response = await postStreamed(`${url}/after`, { stream: true }, new AbortController().signal);
    await response.pipe(() => {}, 0);
    expect(received.get('/after')).toBe(1);
    expect(received.get('/pre-aborted')).toBeUndefined();
  });

  it('a response whose connection dropped before its body was asked for still settles (pipe rejects, text ends)', async () => {
    const sockets = () => process.getActiveResourcesInfo().filter((resource) => resource === 'TCPSocketWrap').length;
    // No connection of the tests above is still closing (the only TCP sockets here are the tests' own).
    await expect.poll(sockets).toBe(0);
    const cut = await postStreamed(`${url}/cut`, { stream: true }, new AbortController().signal);
    const cutError = await postStreamed(`${url}/cut-error`, {}, new AbortController().signal);
    // Both connections are closed, on both ends, before their bodies are read.
    await expect.poll(sockets).toBe(0);
    await expect(cut.pipe(() => {}, 16)).rejects.toThrow();
    expect(cutError.status).toBe(500);
    expect(await cutError.text()).toBe(''); // what came before the drop went with the connection
  });

  it('a connection the server drops mid-stream rejects as a lost connection, not as a cancel', async () => {
    const cut = await postStreamed(`${url}/cut`, { stream: true }, new AbortController().signal);
    let text = '';
    const piped = cut.pipe((chunk) => (text += chunk.toString('utf8')), 16);
    await expect(piped).rejects.toThrow('the connection closed mid-response');
    expect(text).toBe('data: {"i":0}\n\n');
  });

  it('a refused connection rejects with the socket error', async () => {
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const port = (free.address() as AddressInfo).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));
    await expect(postStreamed(`http://127.0.0.1:${port}/x`, {}, new AbortController().signal)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('the idle limit', () => {
  it('fails a request whose server accepted it and then sent nothing, naming the server and the silence, and hangs up', async () => {
    const error = await postStreamed(`${url}/hang-before-headers`, { stream: true }, new AbortController().signal, 0.2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamIdleError);
    expect((error as Error).message).toBe(`${url}/hang-before-headers sent nothing for 0.2 s after accepting the request`);
    await expect.poll(() => hungUp).toContain('/hang-before-headers');
  });

  it('fails a response that stops mid-body as hung (not as a lost connection), after what it sent', async () => {
    const response = await postStreamed(`${url}/hang-mid-body`, { stream: true }, new AbortController().signal, 0.2);
    let text = '';
    const error = await response.pipe((chunk) => (text += chunk.toString('utf8')), 16).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamIdleError);
    expect((error as Error).message).toBe(`${url}/hang-mid-body sent nothing for 0.2 s mid-response`);
    expect(text).toContain('"Let"');
    await expect.poll(() => hungUp).toContain('/hang-mid-body');
  });

  it('ends a llama-server call as an error (a timeout, never an answer) that says which server went silent', async () => {
    const choice = new ChoiceStream();
    const error = await streamChoices(`${url}/hang`, '/v1/chat/completions', { stream: true }, [choice], { done: () => {} }, new AbortController().signal, 0.2).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: 'timeout' });
    expect((error as Error).message).toBe(
      `llama-server at ${url}/hang/v1/chat/completions sent nothing for 0.2 s mid-response (it pings every 30 s while it works): it is hung`,
    );
    expect(choice.finish).toBeUndefined();
  });

  it('ends a llama-server call that gets only keep-alive pings after its last token (they reset the idle limit) as hung, saying so', async () => {
    const choice = new ChoiceStream();
    const call = streamChoices(`${url}/pings`, '/v1/chat/completions', { stream: true }, [choice], { done: () => {} }, new AbortController().signal, 0.2, 0.5).catch(
      (e: unknown) => e,
    );
    const error = await Promise.race([call, new Promise((resolve) => setTimeout(() => resolve('still waiting after 3 s'), 3000))]);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: 'timeout' });
    expect((error as Error).message).toBe(`llama-server at ${url}/pings/v1/chat/completions sent only keep-alives for 0.5 s, no token since its last one: it is hung`);
    expect(choice.finish).toBeUndefined();
  });

  it('gives no answer for a llama-server chunk that opens like JSON but does not parse (read as the openai backend reads it)', async () => {
    const choice = new ChoiceStream();
    const done: number[] = [];
    const error = await streamChoices(`${url}/unreadable`, '/v1/chat/completions', { stream: true }, [choice], { done: (i) => done.push(i) }, new AbortController().signal).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: 'http' });
    expect((error as Error).message).toMatch(/^llama-server sent a chunk that is not valid JSON, so part of the answer could not be read: "\{\\"choices/);
    expect(done).toEqual([]);
    expect(choice.finish).toBeUndefined();
  });

  it('fails a JSON request (the prompt template, the token count) to a server that does not answer, as hung', async () => {
    const error = await serverPrompt(`${url}/hang`, [{ role: 'user', content: 'x' }], undefined, 0.2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: 'timeout', message: `llama-server at ${url}/hang/apply-template answered nothing for 0.2 s: it is hung` });
    await expect.poll(() => hungUp).toContain('/hang/apply-template');
  });

  it('lets a slow stream through: the limit is on silence, not on the whole answer', async () => {
    const response = await postStreamed(`${url}/slow`, { stream: true }, new AbortController().signal, 0.5);
    let text = '';
    await response.pipe((chunk) => (text += chunk.toString('utf8')), 16);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });
});
