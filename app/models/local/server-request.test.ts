// The local llama-server stream path (server-request.ts, streamChoices) against a real node:http server
// on 127.0.0.1 that sends what llama-server sends, then breaks the stream the ways a real one breaks:
// the answers it completed must be kept and scored exactly as the openai backend keeps them.
import { readdirSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BackendError, finishFromServer } from '../backend';
import { ChoiceStream } from '../openai/chatStream';
import { replay, startServer, wait, type Handler, type Scenario, type TestServer } from '../openai/testServer';
import { streamChoices } from './server-request';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** One llama-server chunk of choice `index` (its to_json_oaicompat_chat_stream shape). */
function chunk(index: number, delta: Record<string, unknown>, finish: string | null = null): string {
  return `data: ${JSON.stringify({ id: 'chatcmpl-l', object: 'chat.completion.chunk', choices: [{ index, delta, finish_reason: finish }] })}\n\n`;
}
const usage = (completion: number) => `data: ${JSON.stringify({ id: 'chatcmpl-l', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 20, completion_tokens: completion } })}\n\n`;

function start(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.flushHeaders();
}

/** Streams against `handler` with `n` choices; the choices, the indexes reported done in order, and the error if it threw. */
async function run(handler: Handler, n = 1, idleSeconds = 5, keepAliveSeconds = 30) {
  server = await startServer(handler);
  const choices = Array.from({ length: n }, () => new ChoiceStream());
  const done: number[] = [];
  /** Each choice's finish word at the moment it was reported done (what server-backend scores). */
  const finishes: Array<string | undefined> = [];
  const root = server.url.replace(/\/v1$/, '');
  const error = await streamChoices(root, '/v1/chat/completions', { stream: true }, choices, { done: (i) => (done.push(i), finishes.push(choices[i].finish)) }, new AbortController().signal, idleSeconds, keepAliveSeconds).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { choices, done, finishes, error };
}

describe('llama-server stream: a break after the answer ended', () => {
  it.each([
    ['its connection is reset', 'reset'],
    ['it goes silent past the idle limit', 'silent'],
    ['it sends only pings past the keep-alive limit', 'pings'],
  ] as const)('keeps an answer whose single final "stop" came before %s (as the openai backend does)', async (_what, end) => {
    const timers: NodeJS.Timeout[] = [];
    const { choices, done, error } = await run(
      async (_req, res) => {
        start(res);
        res.write(chunk(0, { role: 'assistant', content: 'Every step holds: ' }));
        res.write(chunk(0, { content: '\\boxed{1}' }));
        res.write(chunk(0, {}, 'stop'));
        if (end === 'pings') timers.push(setInterval(() => res.write(': ping\n\n'), 20));
        res.on('close', () => timers.forEach(clearInterval));
        if (end !== 'reset') return;
        await wait(30);
        res.socket?.destroy();
      },
      1,
      0.3,
      0.4,
    );
    timers.forEach(clearInterval);
    expect(error).toBeUndefined();
    expect(done).toEqual([0]);
    expect(choices[0]).toMatchObject({ content: 'Every step holds: \\boxed{1}', finish: 'stop' });
  });

  it('with two choices, keeps the one that stopped and fails the one still open', async () => {
    const { choices, done, error } = await run(async (_req, res) => {
      start(res);
      res.write(chunk(0, { content: 'First: \\boxed{1}' }));
      res.write(chunk(1, { content: 'Second, so far \\boxed{0}' }));
      res.write(chunk(0, {}, 'stop'));
      await wait(30);
      res.socket?.destroy();
    }, 2);
    expect(done).toEqual([0]);
    expect(choices[0].finish).toBe('stop');
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: 'connection' });
    expect((error as Error).message).toMatch(/connection to llama-server lost mid-response/);
  });

  it('a "stop" that more text followed does not mark the end: a reset after it gives no completed answer', async () => {
    const { choices, finishes, error } = await run(async (_req, res) => {
      start(res);
      res.write(chunk(0, { content: 'First \\boxed{1}' }, 'stop'));
      res.write(chunk(0, { content: ' but wait' }, 'stop'));
      await wait(30);
      res.socket?.destroy();
    });
    expect(choices[0].stopRetracted).toBe(true);
    // Either the call fails, or it was settled (at the text after the first stop) with no finish: never with "stop".
    expect(finishes).not.toContain('stop');
    if (finishes.length === 0) expect(error).toMatchObject({ code: 'connection' });
  });

  it('a usage chunk and [DONE] after the stop end the call as before (done once)', async () => {
    const { done, error } = await run((_req, res) => {
      start(res);
      res.write(chunk(0, { content: '\\boxed{1}' }));
      res.write(chunk(0, {}, 'stop'));
      res.write(usage(3));
      res.end('data: [DONE]\n\n');
    });
    expect(error).toBeUndefined();
    expect(done).toEqual([0]);
  });
});

// The openai backend's held-out wire scenarios whose answer is an event stream (no status before it, no
// proxy compression or relabelling, no refused field, no whole-JSON body): read by this path, each must
// end the same way — a completed answer where the openai backend gives a verdict, a cut-off one where it
// says truncated, and never a completed answer where it gives none. Left out, as shapes our own
// llama-server cannot send: another choice index than the ones we asked for (this path routes choices
// by index by design), and "stop" at exactly max_tokens (LocalAI; llama-server says "length").
const HELDOUT = fileURLToPath(new URL('../openai/cases/heldout/', import.meta.url));
const NOT_LLAMA_SERVER = new Set(['s2-choice-1-before-choice-0.scenario.json', 's6-stop-at-token-limit-localai.scenario.json']);
const streamed = readdirSync(HELDOUT)
  .filter((f) => f.endsWith('.scenario.json') && !NOT_LLAMA_SERVER.has(f))
  .map((name) => ({ name, scenario: JSON.parse(readFileSync(join(HELDOUT, name), 'utf8')) as Scenario & { expect: { status: string; reason?: string } } }))
  .filter(({ scenario }) => !scenario.before && !scenario.reject_if_param && !scenario.compress && !scenario.stream_headers)
  .filter(({ scenario }) => scenario.encoding === 'base64' || scenario.chunks.some((c) => /^(?:data|event|error):|\n(?:data|event|error):/m.test(c)));

describe('llama-server stream: the held-out wire scenarios read as the openai backend reads them', () => {
  it.each(streamed.map(({ name, scenario }) => [name, scenario] as const))('%s', async (_name, scenario) => {
    const { finishes, error } = await run(replay(scenario));
    // What server-backend settles the call with: the choice's finish when it was reported done; a
    // failure when the stream threw or ended with the choice never done.
    const outcome = finishes.length > 0 ? finishFromServer(finishes[0]) : 'failed';
    if (finishes.length === 0) expect(error ?? 'never done').toBeTruthy();
    const want = scenario.expect;
    if (want.status === 'parsed' || (want.status === 'unparsed' && want.reason !== 'truncated')) expect(outcome).toBe('stop');
    else if (want.reason === 'truncated') expect(outcome).toBe('length');
    else expect(outcome).not.toBe('stop');
  });
});
