import { afterEach, describe, expect, it } from 'vitest';
import { BackendError, type GenerateRequest, type TokenChunk } from '../backend';
import { createOpenAIBackend } from './index';
import { delta, sse, startServer, startStream, wait, writeStream, type TestServer } from './testServer';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const request = (extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [
    { role: 'system', content: 'You check proofs.' },
    { role: 'user', content: 'Prove that 1 + 1 = 2.' },
  ],
  role: 'verify',
  maxTokens: 64,
  temperature: 0.6,
  topP: 0.95,
  ...extra,
});

/** Fast retries for tests; the policy itself is what is under test, not its default delays. */
const fast = { retryBaseMs: 5, retryMaxMs: 50, env: {} };

describe('openai backend: streaming', () => {
  it('streams content, reports usage, and sends the sampling options', async () => {
    server = await startServer((_req, res) => writeStream(res, ['The ', 'proof ', 'holds.'], { prompt_tokens: 23, completion_tokens: 3 }));
    const backend = createOpenAIBackend(server.url, 'deepseek-math-v2', { ...fast, env: { PROOFWRIGHT_OPENAI_API_KEY: 'sk-test' } });
    const tokens: TokenChunk[] = [];
    const schema = { type: 'object', properties: { score: { type: 'number' } } };
    const result = await backend.generate(request({ seed: 7, jsonSchema: schema, onToken: (c) => tokens.push(c) }));

    expect(result.text).toBe('The proof holds.');
    expect(result.reasoning).toBeUndefined();
    expect(result.finishReason).toBe('stop');
    expect(result.promptTokens).toBe(23);
    expect(result.completionTokens).toBe(3);
    expect(result.timings.firstTokenMs).toBeGreaterThanOrEqual(0);
    expect(tokens.map((t) => t.text).join('')).toBe('The proof holds.');
    expect(tokens.every((t) => !t.reasoning)).toBe(true);

    expect(server.requests).toHaveLength(1);
    const seen = server.requests[0];
    expect(seen.url).toBe('/v1/chat/completions');
    expect(seen.headers.authorization).toBe('Bearer sk-test');
    const body = JSON.parse(seen.body);
    expect(body).toMatchObject({
      model: 'deepseek-math-v2',
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 64,
      temperature: 0.6,
      top_p: 0.95,
      seed: 7,
      response_format: { type: 'json_schema', json_schema: { schema } },
    });
    expect(body.messages[1].content).toBe('Prove that 1 + 1 = 2.');
    expect(backend.info()).toMatchObject({ kind: 'openai', model: 'deepseek-math-v2', parallel: 4, spec: `openai:${server.url}#deepseek-math-v2` });
  });

  it('keeps reasoning_content (and `reasoning`) separate from the answer', async () => {
    server = await startServer((_req, res) => {
      startStream(res);
      res.write(delta({ reasoning_content: 'Check the base ' }));
      res.write(delta({ reasoning: 'case.' }));
      res.write(delta({ content: 'Score: \\boxed{1}' }));
      res.write(delta({}, 'length'));
      res.end(sse('[DONE]'));
    });
    const tokens: TokenChunk[] = [];
    const result = await createOpenAIBackend(server.url, 'm', fast).generate(request({ onToken: (c) => tokens.push(c) }));
    expect(result.reasoning).toBe('Check the base case.');
    expect(result.text).toBe('Score: \\boxed{1}');
    expect(result.finishReason).toBe('length');
    expect(tokens.filter((t) => t.reasoning).map((t) => t.text).join('')).toBe('Check the base case.');
    // No usage chunk: counts are estimates, never zero for a non-empty answer.
    expect(result.completionTokens).toBeGreaterThan(0);
  });

  it('splits inline <think> tags in content', async () => {
    server = await startServer((_req, res) => writeStream(res, ['<thi', 'nk>n=1 works', '</th', 'ink>\n\nAll good.']));
    const tokens: TokenChunk[] = [];
    const result = await createOpenAIBackend(server.url, 'm', fast).generate(request({ onToken: (c) => tokens.push(c) }));
    expect(result).toMatchObject({ text: 'All good.', reasoning: 'n=1 works' });
    expect(tokens.filter((t) => t.reasoning).map((t) => t.text).join('')).toBe('n=1 works');
  });

  it('returns promptly with the partial text when aborted mid-stream', async () => {
    server = await startServer((_req, res) => {
      startStream(res);
      res.write(delta({ content: 'Step 1 is ' }));
      res.write(delta({ content: 'fine. ' }));
      // …then the server goes quiet and never finishes.
    });
    const controller = new AbortController();
    let seen = '';
    const result = await createOpenAIBackend(server.url, 'm', fast).generate(
      request({
        signal: controller.signal,
        onToken: (c) => {
          seen += c.text;
          if (seen.includes('fine.')) controller.abort();
        },
      }),
    );
    expect(result.finishReason).toBe('abort');
    expect(result.text).toBe('Step 1 is fine. ');
    expect(server.requests).toHaveLength(1);
  });

  it('returns an empty abort result for a call aborted before it started', async () => {
    server = await startServer((_req, res) => writeStream(res, ['x']));
    const controller = new AbortController();
    controller.abort();
    const result = await createOpenAIBackend(server.url, 'm', fast).generate(request({ signal: controller.signal }));
    expect(result).toMatchObject({ text: '', finishReason: 'abort', completionTokens: 0 });
    expect(server.requests).toHaveLength(0);
  });
});

describe('openai backend: failures and retries', () => {
  it('accepts a server that ignores stream: true and answers with one JSON body', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: '<think>ok</think>Fine.', reasoning_content: null }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 4 } }));
    });
    const tokens: TokenChunk[] = [];
    const result = await createOpenAIBackend(server.url, 'm', fast).generate(request({ onToken: (c) => tokens.push(c) }));
    expect(result).toMatchObject({ text: 'Fine.', reasoning: 'ok', finishReason: 'stop', promptTokens: 5, completionTokens: 4 });
    expect(tokens.map((t) => t.text).join('')).toBe('okFine.');
  });

  it('reads an event stream labelled application/json as the stream it is', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(delta({ role: 'assistant', content: '' }));
      res.write(delta({ reasoning_content: 'Sum of evens.' }));
      res.write(delta({ content: 'Every step holds. \\boxed{1}' }, 'stop'));
      res.end(sse('[DONE]'));
    });
    const result = await createOpenAIBackend(server.url, 'm', fast).generate(request());
    expect(result).toMatchObject({ text: 'Every step holds. \\boxed{1}', reasoning: 'Sum of evens.', finishReason: 'stop' });
    expect(server.requests).toHaveLength(1);
  });

  it('keeps reporting a truncated application/json body as one that does not parse, without retrying', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"choices": [{"message": {"content": "\\boxed{1}"');
    });
    await expect(createOpenAIBackend(server.url, 'm', fast).generate(request())).rejects.toThrow(/sent a JSON response that does not parse/);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a stream of keep-alive comments that closes without an event (it is not a plain-text answer)', async () => {
    server = await startServer((_req, res) => {
      startStream(res);
      res.end(': ping\n\n: ping\n\n');
    });
    await expect(createOpenAIBackend(server.url, 'm', { ...fast, maxRetries: 1 }).generate(request())).rejects.toThrow(/closed the stream before the response finished \(gave up after 2 attempts\)/);
    expect(server.requests).toHaveLength(2);
  });

  it('a stream closed cleanly mid-answer, with no finish_reason and no [DONE], is incomplete at once (no retry)', async () => {
    server = await startServer((_req, res) => {
      startStream(res);
      res.write(delta({ role: 'assistant', content: '' }));
      res.end(delta({ content: 'So far so good: \\boxed{1} for step one, and' }));
    });
    const started = performance.now();
    const result = await createOpenAIBackend(server.url, 'm', { ...fast, retryBaseMs: 2000 }).generate(request());
    expect(result).toMatchObject({ finishReason: 'incomplete', finishDetail: expect.stringMatching(/no finish_reason and no \[DONE\]/) });
    expect(server.requests).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('skips data lines that are not JSON (keep-alives), but a chunk that does not parse is no answer', async () => {
    const answer = (junk: string) => async (_req: unknown, res: Parameters<typeof startStream>[0]) => {
      startStream(res);
      res.write(delta({ content: 'First \\boxed{1}.' }));
      res.write(`data: ${junk}\n\n`);
      res.write(delta({ content: ' Done.' }, 'stop'));
      res.end(sse('[DONE]'));
    };
    server = await startServer(answer('ping'));
    expect(await createOpenAIBackend(server.url, 'm', fast).generate(request())).toMatchObject({ text: 'First \\boxed{1}. Done.', finishReason: 'stop' });
    await server.close();
    server = await startServer(answer('{"choices": [{"index": 0, "delta": {"content": " No: \\\\boxed{0}"}, "logprobs": {"content": [{"logprob": NaN}]}}]}'));
    await expect(createOpenAIBackend(server.url, 'm', fast).generate(request())).rejects.toThrow(/not valid JSON, so part of the answer could not be read/);
    expect(server.requests).toHaveLength(1);
  });

  it('stops waiting between retries when aborted', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(503, { 'retry-after': '30' });
      res.end('busy');
    });
    const controller = new AbortController();
    const pending = createOpenAIBackend(server.url, 'm', { ...fast, retryMaxMs: 60_000 }).generate(request({ signal: controller.signal }));
    while (server.requests.length === 0) await wait(5);
    await wait(50);
    controller.abort();
    const result = await pending;
    expect(result).toMatchObject({ text: '', finishReason: 'abort' });
    expect(server.requests).toHaveLength(1);
  });

  it('dispose cancels calls in flight (partial text, no retry) and refuses new ones', async () => {
    server = await startServer((_req, res) => {
      startStream(res);
      res.write(delta({ content: 'partial' }));
    });
    const backend = createOpenAIBackend(server.url, 'm', fast);
    let streamed = false;
    const pending = backend.generate(request({ onToken: () => void (streamed = true) }));
    while (!streamed) await wait(5);
    await backend.dispose();
    expect(await pending).toMatchObject({ text: 'partial', finishReason: 'abort' });
    expect(server.requests).toHaveLength(1);
    await expect(backend.generate(request())).rejects.toThrow(/disposed/);
  });

  it('drops a call aborted while it waits for a free slot', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    server = await startServer(async (_req, res, _body, index) => {
      if (index === 0) await gate;
      writeStream(res, [`call ${index}`]);
    });
    const backend = createOpenAIBackend(server.url, 'm', { ...fast, parallel: 1 });
    const first = backend.generate(request());
    const controller = new AbortController();
    const queued = backend.generate(request({ signal: controller.signal }));
    while (server.requests.length === 0) await wait(5);
    controller.abort();
    expect(await queued).toMatchObject({ text: '', finishReason: 'abort' });
    release();
    expect((await first).text).toBe('call 0');
    const third = await backend.generate(request());
    expect(third.text).toBe('call 1'); // the aborted call never reached the server
  });

  it('retries a connection dropped mid-stream and signals the restart to the caller', async () => {
    server = await startServer(async (_req, res, _body, index) => {
      if (index === 0) {
        startStream(res);
        res.write(delta({ content: 'Half an ans' }));
        await wait(30);
        res.socket?.destroy();
        return;
      }
      writeStream(res, ['Whole ', 'answer.']);
    });
    const tokens: TokenChunk[] = [];
    const result = await createOpenAIBackend(server.url, 'm', fast).generate(request({ onToken: (c) => tokens.push(c) }));
    expect(result.text).toBe('Whole answer.');
    expect(server.requests).toHaveLength(2);
    const restart = tokens.findIndex((t) => t.restart);
    expect(tokens.slice(0, restart).map((t) => t.text).join('')).toBe('Half an ans');
    expect(tokens.slice(restart + 1).map((t) => t.text).join('')).toBe('Whole answer.');
  });

  it('honours Retry-After on 429, then succeeds', async () => {
    server = await startServer((_req, res, _body, index) => {
      if (index === 0) {
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ error: { message: 'rate limited' } }));
      }
      writeStream(res, ['after the wait']);
    });
    const started = Date.now();
    const result = await createOpenAIBackend(server.url, 'm', { ...fast, retryMaxMs: 5000 }).generate(request());
    expect(result.text).toBe('after the wait');
    expect(server.requests).toHaveLength(2);
    // The backoff alone would be ≤ 5 ms: waiting about a second means Retry-After was used.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('waits through a model that is loading beyond maxRetries, then says how long it waited', async () => {
    const loading = (res: import('node:http').ServerResponse) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 503, message: 'Loading model', type: 'unavailable_error' } }));
    };
    server = await startServer((_req, res, _body, index) => (index < 6 ? loading(res) : writeStream(res, ['\\boxed{1}'])));
    const ready = await createOpenAIBackend(server.url, 'm', { ...fast, maxRetries: 2, loadWaitMs: 2000 }).generate(request());
    expect(ready).toMatchObject({ text: '\\boxed{1}', finishReason: 'stop' });
    expect(server.requests).toHaveLength(7);
    await server.close();
    server = await startServer((_req, res) => loading(res));
    const error = await createOpenAIBackend(server.url, 'm', { ...fast, maxRetries: 1, loadWaitMs: 100 }).generate(request()).catch((e) => e);
    expect(error.message).toMatch(/HTTP 503: Loading model — still loading after 0\.\d s/);
  });

  it('follows a 307 to another origin without the API key, and refuses a 301 naming the new address', async () => {
    const other = await startServer((_req, res) => writeStream(res, ['moved']));
    try {
      server = await startServer((_req, res, _body, index) => {
        res.writeHead(index === 0 ? 307 : 301, { location: index === 0 ? `${other.url}/chat/completions` : '/v2/chat/completions' });
        res.end();
      });
      const backend = createOpenAIBackend(server.url, 'm', { ...fast, apiKey: 'sk-secret' });
      expect(await backend.generate(request())).toMatchObject({ text: 'moved', finishReason: 'stop' });
      expect(server.requests[0].headers.authorization).toBe('Bearer sk-secret');
      expect(other.requests[0]).toMatchObject({ method: 'POST' });
      expect(other.requests[0].headers.authorization).toBeUndefined();
      expect(JSON.parse(other.requests[0].body).messages).toEqual(request().messages);
      const error = await backend.generate(request()).catch((e) => e);
      expect(error.message).toContain(`answered HTTP 301, a redirect to ${server.url.replace(/\/v1$/, '')}/v2/chat/completions, which a POST cannot follow`);
      expect(server.requests).toHaveLength(2);
    } finally {
      await other.close();
    }
  });

  it('gives up on a persistent 500 with a clear error after maxRetries', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'CUDA out of memory' } }));
    });
    const error = await createOpenAIBackend(server.url, 'm', { ...fast, maxRetries: 2 }).generate(request()).catch((e) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error.code).toBe('http');
    expect(error.message).toMatch(/HTTP 500: CUDA out of memory \(gave up after 3 attempts\)/);
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a 400, and names context overflow', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: "This model's maximum context length is 4096 tokens" } }));
    });
    const error = await createOpenAIBackend(server.url, 'm', fast).generate(request()).catch((e) => e);
    expect(error).toMatchObject({ name: 'BackendError', code: 'context-overflow' });
    expect(server.requests).toHaveLength(1);
  });

  it('drops stream_options for a server that rejects it, and estimates usage', async () => {
    server = await startServer((_req, res, body) => {
      if (JSON.parse(body).stream_options) {
        res.writeHead(400, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ error: { message: 'Unrecognized request argument supplied: stream_options' } }));
      }
      startStream(res);
      res.write(delta({ content: 'x'.repeat(40) }, 'stop'));
      res.end(sse('[DONE]'));
    });
    const backend = createOpenAIBackend(server.url, 'm', { ...fast, maxRetries: 0 });
    const result = await backend.generate(request());
    expect(result).toMatchObject({ text: 'x'.repeat(40), completionTokens: 10 });
    await backend.generate(request());
    expect(server.requests.map((r) => 'stream_options' in JSON.parse(r.body))).toEqual([true, false, false]);
  });

  it('names the API key on 401', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(401);
      res.end('unauthorised');
    });
    const error = await createOpenAIBackend(server.url, 'm', fast).generate(request()).catch((e) => e);
    expect(error).toMatchObject({ code: 'http' });
    expect(error.message).toMatch(/HTTP 401.*OPENAI_API_KEY/);
  });

  it('reports a server that never answers as a request timeout', async () => {
    server = await startServer(() => {
      /* never responds */
    });
    const error = await createOpenAIBackend(server.url, 'm', { ...fast, maxRetries: 1, requestTimeoutMs: 150 }).generate(request()).catch((e) => e);
    expect(error).toMatchObject({ name: 'BackendError', code: 'timeout' });
    expect(error.message).toMatch(/did not answer within 150 ms \(request timeout\) \(gave up after 2 attempts\)/);
    expect(server.requests).toHaveLength(2);
  });

  it('reports a stream that stalls as an idle timeout', async () => {
    server = await startServer((_req, res) => {
      startStream(res);
      res.write(delta({ content: 'thinking…' }));
    });
    const error = await createOpenAIBackend(server.url, 'm', { ...fast, maxRetries: 0, idleTimeoutMs: 150 }).generate(request()).catch((e) => e);
    expect(error).toMatchObject({ code: 'timeout' });
    expect(error.message).toMatch(/stopped sending for 150 ms mid-response \(idle timeout\)/);
  });

  it('ends a stream of keep-alives that never brings a token, saying so, however often they reset the idle timer', async () => {
    // A worker hung behind a live pinger: a comment every 20 ms (and bare blank lines), never a token.
    const timers: NodeJS.Timeout[] = [];
    server = await startServer((_req, res) => {
      startStream(res);
      res.write(delta({ role: 'assistant', content: '' }));
      let n = 0;
      timers.push(setInterval(() => res.write(++n % 2 ? ': ping\n\n' : '\n'), 20));
      res.on('close', () => timers.forEach(clearInterval));
    });
    const started = performance.now();
    const outcome = createOpenAIBackend(server.url, 'm', { ...fast, maxRetries: 0, idleTimeoutMs: 150, keepAliveTimeoutMs: 400 }).generate(request()).catch((e) => e);
    const error = await Promise.race([outcome, wait(3000).then(() => 'still waiting after 3 s')]);
    timers.forEach(clearInterval);
    expect(error).toMatchObject({ name: 'BackendError', code: 'timeout' });
    expect(error.message).toMatch(/sent only keep-alives for 0\.4 s, no token of the answer \(keep-alive timeout\)/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a keep-alive timeout is not asked again: one request, and the error names the server and the seconds waited', async () => {
    // With the default 4 retries this was 5 × the keep-alive limit (50 minutes at 600 s) before the user heard anything.
    const timers: NodeJS.Timeout[] = [];
    server = await startServer((_req, res) => {
      startStream(res);
      timers.push(setInterval(() => res.write(': ping\n\n'), 20));
      res.on('close', () => timers.forEach(clearInterval));
    });
    const started = performance.now();
    const outcome = createOpenAIBackend(server.url, 'm', { ...fast, idleTimeoutMs: 150, keepAliveTimeoutMs: 300 }).generate(request()).catch((e) => e);
    const error = await Promise.race([outcome, wait(5000).then(() => 'still waiting after 5 s')]);
    timers.forEach(clearInterval);
    expect(error).toMatchObject({ name: 'BackendError', code: 'timeout' });
    expect(error.message).toContain(`${server.url}/chat/completions sent only keep-alives for 0.3 s`);
    expect(error.message).toMatch(/waited 0\.\d s in all; not asked again/);
    expect(server.requests).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('a silent server is asked again only while the whole wait stays under the keep-alive limit', async () => {
    // Headers, then nothing: each attempt ends at the 100 ms idle limit; the total is capped at 250 ms, not 5 attempts.
    server = await startServer((_req, res) => startStream(res));
    const error = await createOpenAIBackend(server.url, 'm', { ...fast, idleTimeoutMs: 100, keepAliveTimeoutMs: 250 }).generate(request()).catch((e) => e);
    expect(error).toMatchObject({ name: 'BackendError', code: 'timeout' });
    expect(error.message).toMatch(/stopped sending for 100 ms mid-response \(idle timeout\) — waited 0\.\d s in all over [23] attempts; not asked again/);
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
    expect(server.requests.length).toBeLessThanOrEqual(3);
  });

  it("a proxy's 504 after a long wait counts as a silence timeout: asked again only under the keep-alive limit in all", async () => {
    // nginx answering 504 after its proxy_read_timeout (here 150 ms) while the server behind it evaluates the prompt.
    server = await startServer(async (_req, res) => {
      await wait(150);
      res.writeHead(504, { 'content-type': 'text/html' });
      res.end('<html><head><title>504 Gateway Time-out</title></head></html>');
    });
    const error = await createOpenAIBackend(server.url, 'm', { ...fast, keepAliveTimeoutMs: 350 }).generate(request()).catch((e) => e);
    expect(error.message).toMatch(/HTTP 504: an HTML page: 504 Gateway Time-out — waited \d\.\d s in all over [23] attempts; not asked again/);
    // Not the 5 attempts (4 retries) a 504 got before, each costing the proxy's whole timeout.
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
    expect(server.requests.length).toBeLessThanOrEqual(3);
  });

  it('keep-alives between tokens are tolerated: the keep-alive limit runs from the last token', async () => {
    server = await startServer(async (_req, res) => {
      startStream(res);
      // 6 tokens, 150 ms apart with pings between them: 900 ms in all, each gap under the 400 ms limit.
      for (const piece of ['The ', 'proof ', 'is ', 'fine: ', '\\boxed{1}', '.']) {
        res.write(delta({ content: piece }));
        for (let i = 0; i < 3; i++) {
          await wait(50);
          res.write(': ping\n\n');
        }
      }
      res.write(delta({}, 'stop'));
      res.end(sse('[DONE]'));
    });
    const result = await createOpenAIBackend(server.url, 'm', { ...fast, maxRetries: 0, idleTimeoutMs: 150, keepAliveTimeoutMs: 400 }).generate(request());
    expect(result).toMatchObject({ text: 'The proof is fine: \\boxed{1}.', finishReason: 'stop' });
  });

  it.each([
    ['its connection was reset', 'reset'],
    ['its server went silent (past the idle limit)', 'silent'],
    ['its server sent only keep-alives (past the keep-alive limit)', 'pings'],
  ] as const)('keeps an answer when, after its single final stop and before [DONE], %s (no retry)', async (_what, end) => {
    const timers: NodeJS.Timeout[] = [];
    server = await startServer(async (_req, res) => {
      startStream(res);
      res.write(delta({ content: 'Every step holds: \\boxed{1}' }));
      res.write(delta({}, 'stop'));
      if (end === 'pings') timers.push(setInterval(() => res.write(': ping\n\n'), 20));
      res.on('close', () => timers.forEach(clearInterval));
      if (end !== 'reset') return;
      await wait(30);
      res.socket?.destroy();
    });
    const result = await createOpenAIBackend(server.url, 'm', { ...fast, idleTimeoutMs: 150, keepAliveTimeoutMs: 300 }).generate(request());
    timers.forEach(clearInterval);
    expect(result).toMatchObject({ text: 'Every step holds: \\boxed{1}', finishReason: 'stop' });
    expect(server.requests).toHaveLength(1);
  });

  it('still retries a reset stream that marked chunks that were not the last "stop"', async () => {
    server = await startServer(async (_req, res, _body, index) => {
      if (index > 0) return writeStream(res, ['Whole ', 'answer.']);
      startStream(res);
      res.write(delta({ content: 'First \\boxed{1}' }, 'stop'));
      res.write(delta({ content: ' but' }, 'stop'));
      await wait(30);
      res.socket?.destroy();
    });
    const result = await createOpenAIBackend(server.url, 'm', fast).generate(request());
    expect(result).toMatchObject({ text: 'Whole answer.', finishReason: 'stop' });
    expect(server.requests).toHaveLength(2);
  });

  it('reports an unreachable server as a connection error', async () => {
    const dead = await startServer(() => {});
    const url = dead.url;
    await dead.close();
    const error = await createOpenAIBackend(url, 'm', { ...fast, maxRetries: 1 }).generate(request()).catch((e) => e);
    expect(error).toMatchObject({ code: 'connection' });
    expect(error.message).toMatch(/cannot reach .*ECONNREFUSED/);
  });

  it('rejects a bad URL as a bad spec', () => {
    expect(() => createOpenAIBackend('not a url', 'm')).toThrow(/not a URL/);
    expect(() => createOpenAIBackend('ftp://x/v1', 'm')).toThrow(/http/);
  });
});

describe('openai backend: concurrency and token counting', () => {
  it('never has more than `parallel` requests open at once', async () => {
    server = await startServer(async (_req, res, _body, index) => {
      await wait(40);
      writeStream(res, [`answer ${index}`]);
    });
    const backend = createOpenAIBackend(server.url, 'm', { ...fast, parallel: 2 });
    const results = await Promise.all(Array.from({ length: 7 }, () => backend.generate(request())));
    expect(results.map((r) => r.text).sort()).toEqual(Array.from({ length: 7 }, (_, i) => `answer ${i}`).sort());
    expect(server.requests).toHaveLength(7);
    expect(server.maxConcurrent).toBe(2);
  });

  it("uses llama-server's /apply-template + /tokenize when present", async () => {
    server = await startServer((req, res, body) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/apply-template') return void res.end(JSON.stringify({ prompt: JSON.parse(body).messages.map((m: { content: string }) => m.content).join(' ') }));
      if (req.url === '/tokenize') return void res.end(JSON.stringify({ tokens: JSON.parse(body).content.split(' ').map((_: string, i: number) => i) }));
      res.statusCode = 404;
      res.end('{}');
    });
    const backend = createOpenAIBackend(server.url, 'm', fast);
    expect(await backend.countTokens([{ role: 'user', content: 'one two three' }])).toBe(3);
  });

  it('estimates about 4 characters per token elsewhere, probing the server only once', async () => {
    server = await startServer((_req, res) => {
      res.statusCode = 404;
      res.end('not found');
    });
    const backend = createOpenAIBackend(server.url, 'm', fast);
    const messages = [{ role: 'user' as const, content: 'x'.repeat(400) }];
    expect(await backend.countTokens(messages)).toBe(104);
    expect(await backend.countTokens(messages)).toBe(104);
    expect(server.requests).toHaveLength(1);
  });
});

describe('openai backend: errors in the shapes real servers send', () => {
  /** A stream that starts an answer, then reports an error the given way. */
  const streamThenError = (errorEvent: string) => (_req: unknown, res: Parameters<typeof startStream>[0]) => {
    startStream(res);
    res.write(delta({ content: 'Partial ' }));
    res.end(errorEvent);
  };
  const fail = (extra = {}) => createOpenAIBackend(server!.url, 'm', { ...fast, maxRetries: 1, ...extra }).generate(request()).catch((e) => e);

  it.each([
    ['data: {"error": …}', sse({ error: { message: 'CUDA error: out of memory', type: 'server_error' } })],
    ["llama-server's error: line", 'error: {"code":500,"message":"CUDA error: out of memory","type":"server_error"}\n\n'],
    ['event: error', 'event: error\ndata: {"message":"CUDA error: out of memory"}\n\n'],
  ])('surfaces the message of an error sent mid-stream as %s', async (_shape, event) => {
    server = await startServer(streamThenError(event));
    const error = await fail();
    expect(error).toMatchObject({ name: 'BackendError', code: 'http' });
    expect(error.message).toMatch(/reported an error mid-stream: CUDA error: out of memory/);
  });

  it("names context overflow reported mid-stream in llama-server's words", async () => {
    server = await startServer(streamThenError('error: {"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error"}\n\n'));
    const error = await fail();
    expect(error).toMatchObject({ code: 'context-overflow' });
    expect(error.message).toMatch(/the request exceeds the available context size, try increasing it — the prompt does not fit/);
  });

  it.each([
    ['llama-server', { error: { code: 400, message: 'the request exceeds the available context size, try increasing it', type: 'exceed_context_size_error' } }, /exceeds the available context size/],
    ['vLLM', { object: 'error', message: "This model's maximum context length is 4096 tokens. However, you requested 9000 tokens.", type: 'BadRequestError', code: 400 }, /maximum context length is 4096/],
    ['OpenAI', { error: { message: 'Your input is too large for this model.', type: 'invalid_request_error', code: 'context_length_exceeded' } }, /too large for this model\. \(context_length_exceeded\)/],
  ])('reports %s context overflow on a non-2xx JSON body as such, with its message', async (_server, body, words) => {
    server = await startServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    const error = await fail();
    expect(error).toMatchObject({ code: 'context-overflow' });
    expect(error.message).toMatch(words);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['vLLM', { object: 'error', message: 'The model `m` does not exist.', type: 'NotFoundError', code: 404 }, 'The model `m` does not exist.'],
    ['Ollama', { error: 'model "m" not found, try pulling it first' }, 'model "m" not found, try pulling it first'],
    ['FastAPI', { detail: [{ type: 'missing', loc: ['body', 'messages'], msg: 'Field required' }] }, 'body.messages: Field required'],
  ])("shows %s's own message from a JSON error body", async (_server, body, message) => {
    server = await startServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    const error = await fail();
    expect(error).toMatchObject({ code: 'http' });
    expect(error.message).toContain(`answered HTTP 404: ${message}`);
  });

  it("reads a proxy's HTML error page as its title, retrying a 502 like any 5xx", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>');
    });
    const error = await fail();
    expect(error.message).toMatch(/answered HTTP 502: an HTML page: 502 Bad Gateway \(gave up after 2 attempts\)$/);
    expect(server.requests).toHaveLength(2);
  });

  it('says so when a 200 answer is an HTML page, not an event stream', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><head><title>Sign in to the hotel Wi-Fi</title></head><body>…</body></html>');
    });
    const error = await fail();
    expect(error).toMatchObject({ code: 'http' });
    expect(error.message).toMatch(/answered with an HTML page: Sign in to the hotel Wi-Fi instead of an event stream/);
  });

  it('a stream ended by [DONE] without any finish_reason is no completed answer', async () => {
    server = await startServer((_req, res) => {
      startStream(res);
      res.write(delta({ content: 'Score: \\boxed{1}' }));
      res.end(sse('[DONE]'));
    });
    const result = await createOpenAIBackend(server.url, 'm', fast).generate(request());
    expect(result).toMatchObject({ finishReason: 'incomplete', finishDetail: 'the server sent no finish_reason' });
  });

  it.each([
    ['eos', 'stop'],
    ['end_turn', 'stop'],
    ['max_tokens', 'length'],
    ['content_filter', 'incomplete'],
    ['abort', 'incomplete'],
  ])('reads finish_reason "%s" as %s', async (word, ours) => {
    server = await startServer((_req, res) => {
      startStream(res);
      res.write(delta({ content: 'x' }, word));
      res.end(sse('[DONE]'));
    });
    expect((await createOpenAIBackend(server.url, 'm', fast).generate(request())).finishReason).toBe(ours);
  });
});

describe('openai backend: adapting to the fields a server accepts', () => {
  /** A server that answers 400 with `message` while the request has `field`, and streams otherwise. */
  const refusing = (field: string, message: string, code = 'unsupported_parameter') => (_req: unknown, res: Parameters<typeof startStream>[0], body: string) => {
    if (field in JSON.parse(body)) {
      res.writeHead(400, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ error: { message, type: 'invalid_request_error', param: field, code } }));
    }
    writeStream(res, ['ok']);
  };
  const bodies = () => server!.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);

  it('renames max_tokens to max_completion_tokens when the server says to, and keeps doing so', async () => {
    server = await startServer(refusing('max_tokens', "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."));
    const backend = createOpenAIBackend(server.url, 'm', { ...fast, maxRetries: 0 });
    const first = await backend.generate(request());
    expect(first.text).toBe('ok');
    expect(first.adaptations).toEqual(['the server refused `max_tokens`: sent as `max_completion_tokens` instead']);
    await backend.generate(request());
    expect(bodies().map((b) => [b.max_tokens, b.max_completion_tokens])).toEqual([
      [64, undefined],
      [undefined, 64],
      [undefined, 64],
    ]);
  });

  it('drops a temperature the model does not support', async () => {
    server = await startServer(refusing('temperature', "Unsupported value: 'temperature' does not support 0.6 with this model. Only the default (1) value is supported."));
    const result = await createOpenAIBackend(server.url, 'm', { ...fast, maxRetries: 0 }).generate(request());
    expect(result.adaptations).toEqual(['the server refused `temperature`: sent without it']);
    expect(bodies().map((b) => 'temperature' in b)).toEqual([true, false]);
  });

  it('does not reshape a request for a bad value of a field it accepts', async () => {
    server = await startServer(refusing('temperature', 'temperature must be at most 2', 'invalid_value'));
    const error = await createOpenAIBackend(server.url, 'm', fast).generate(request()).catch((e) => e);
    expect(error.message).toMatch(/HTTP 400: temperature must be at most 2 \(invalid_value\)$/);
    expect(server.requests).toHaveLength(1);
  });

  it('sends only the sampling fields that say something (no top_p 1, no unset seed)', async () => {
    server = await startServer((_req, res) => writeStream(res, ['ok']));
    await createOpenAIBackend(server.url, 'm', fast).generate(request({ topP: 1 }));
    expect(Object.keys(bodies()[0]).sort()).toEqual(['max_tokens', 'messages', 'model', 'stream', 'stream_options', 'temperature']);
  });
});

describe('openai backend: probe', () => {
  it('is ready when the model list answers', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'm' }] }));
    });
    await createOpenAIBackend(server.url, 'm', fast).probe!();
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1/models']);
  });

  it('asks for one token where there is no model list', async () => {
    server = await startServer((req, res, body) => {
      if (req.url === '/v1/models') {
        res.writeHead(404);
        return void res.end('Not Found');
      }
      expect(JSON.parse(body)).toMatchObject({ max_tokens: 1 });
      writeStream(res, ['H']);
    });
    await createOpenAIBackend(server.url, 'm', fast).probe!();
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1/models', 'POST /v1/chat/completions']);
  });

  it('is not ready when the list\'s address answers a 200 that is no model list (a router\'s login page)', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><head><title>Router login</title></head><body><form>Password</form></body></html>');
    });
    await expect(createOpenAIBackend(server.url, 'm', fast).probe!()).rejects.toMatchObject({ message: expect.stringMatching(/HTML page.*Router login/) });
    expect(server.requests.map((r) => `${r.method} ${r.url}`).slice(0, 2)).toEqual(['GET /v1/models', 'POST /v1/chat/completions']);
  });

  it('asks for one token when the list lacks the model: a server that refuses the name says so with the names it lists', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/v1/models') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ object: 'list', data: [{ id: 'qwen3-4b', object: 'model' }] }));
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'The model `qwen3-4B` does not exist.', type: 'NotFoundError', code: 404 } }));
    });
    await expect(createOpenAIBackend(server.url, 'qwen3-4B', fast).probe!()).rejects.toMatchObject({
      message: expect.stringMatching(/qwen3-4B. does not exist.*\(.*\/v1\/models lists: qwen3-4b\)$/),
    });
  });

  it('is ready when the list lacks the model but the server answers it anyway (llama-server serves one model under any name)', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/v1/models') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ object: 'list', data: [{ id: '/models/qwen3-4b-q4_k_m.gguf' }] }));
      }
      writeStream(res, ['H']);
    });
    await createOpenAIBackend(server.url, 'local', fast).probe!();
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1/models', 'POST /v1/chat/completions']);
  });

  it('says "cannot reach" for a dead server and names the key on 401, at once', async () => {
    const dead = await startServer(() => {});
    await dead.close();
    await expect(createOpenAIBackend(dead.url, 'm', fast).probe!()).rejects.toMatchObject({ code: 'connection', message: expect.stringMatching(/^cannot reach .*\/v1\/models: .*ECONNREFUSED/) });
    server = await startServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } }));
    });
    await expect(createOpenAIBackend(server.url, 'm', fast).probe!()).rejects.toMatchObject({ message: expect.stringMatching(/HTTP 401: Incorrect API key provided \(invalid_api_key\) — check the API key/) });
    expect(server.requests).toHaveLength(1);
  });
});
