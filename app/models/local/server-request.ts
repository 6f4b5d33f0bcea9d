// One chat-completions request to our own llama-server, streamed over SSE and demultiplexed: with
// n > 1 (n_cmpl) the chunks of the n completions interleave, each naming its choice by `index`, and
// each completion's usage chunk (empty `choices`) follows its final chunk directly
// (tools/server/server-task.cpp, to_json_oaicompat_chat_stream). The per-choice text handling is the
// openai backend's (ChoiceStream).
import { BackendError, finishFromServer } from '../backend';
import { ChoiceStream, finishOf, parseChunk, readEventData, unreadableChunkMessage, type ChunkEvent } from '../openai/chatStream';
import { describeFetchError } from '../../common/fetch-errors';
import { isContextOverflow, serverMessage } from '../openai/serverErrors';
import { SseParser, type SseEvent } from '../openai/sse';
import { postStreamed, SSE_PING_SECONDS, STREAM_IDLE_SECONDS, STREAM_KEEPALIVE_SECONDS, STREAM_PACE_MS, StreamIdleError, type StreamedResponse } from './server-http';

/**
 * fetch, sent once more when the server closed a kept-alive connection as the request went out
 * ("other side closed" before any response): llama-server's HTTP layer closes idle connections, and
 * a request that raced that close was never read, so sending it again is safe even for a POST.
 */
async function post(endpoint: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  const init = { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify(body), signal };
  try {
    return await fetch(endpoint, init);
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (signal?.aborted || (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET')) throw error;
    return fetch(endpoint, init);
  }
}

export interface ChoiceEvents {
  /** The choice's finish word and usage have arrived: its result is complete. */
  done(index: number): void;
}

/**
 * POSTs `body` to `${url}${path}` (/v1/chat/completions, or /v1/completions whose choices carry
 * `text` instead of `delta`) and feeds each choice's deltas to `choices[index]`.
 * Resolves when the stream ends ([DONE] or closed); `signal` closes the connection (the server then
 * stops the request). Throws BackendError for HTTP errors, errors the server reports, lost connections
 * and a server silent for `idleSeconds` ('timeout': it is asked to ping every SSE_PING_SECONDS) or
 * sending only those pings for `keepAliveSeconds` (no token of any choice, no finish: 'timeout' too).
 * A chunk that opens like JSON but does not parse is an 'http' BackendError (readEventData).
 */
export async function streamChoices(
  url: string,
  path: '/v1/chat/completions' | '/v1/completions',
  body: Record<string, unknown>,
  choices: ChoiceStream[],
  events: ChoiceEvents,
  signal: AbortSignal,
  idleSeconds = STREAM_IDLE_SECONDS,
  keepAliveSeconds = STREAM_KEEPALIVE_SECONDS,
): Promise<void> {
  const endpoint = `${url}${path}`;
  let response: StreamedResponse;
  // Closes the connection when the server pinged for keepAliveSeconds without a token (see below).
  const stalled = new AbortController();
  const connection = AbortSignal.any([signal, stalled.signal]);
  try {
    // The pings keep a long prompt's evaluation from reading as silence (server-http.ts).
    response = await postStreamed(endpoint, { ...body, sse_ping_interval: SSE_PING_SECONDS }, connection, idleSeconds);
  } catch (error) {
    if (signal.aborted) return;
    if (error instanceof StreamIdleError) throw hung(error);
    throw new BackendError(`cannot reach llama-server at ${endpoint}: ${describeNodeError(error)}`, 'connection', { cause: error });
  }
  if (response.status < 200 || response.status >= 300) {
    const detail = serverMessage(await response.text(), response.contentType);
    throw serverError(`llama-server answered HTTP ${response.status}${detail ? `: ${detail}` : ''}`, detail);
  }
  let lastFinished: number | undefined;
  const settled = new Set<number>();
  const finish = (index: number | undefined) => {
    if (index === undefined || settled.has(index)) return;
    settled.add(index);
    events.done(index);
  };
  const onChunk = (event: ChunkEvent & Record<string, unknown>, data: string): void => {
    if (event.error) {
      const detail = serverMessage(data);
      throw serverError(`llama-server reported an error mid-stream: ${detail}`, detail);
    }
    if (event.usage && lastFinished !== undefined) {
      choices[lastFinished].usage = event.usage;
      finish(lastFinished);
      lastFinished = undefined;
    }
    for (const choice of event.choices ?? []) {
      const index = choice.index ?? 0;
      const target = choices[index];
      if (!target) continue;
      target.add(choice.delta ?? (typeof choice.text === 'string' ? { content: choice.text } : {}));
      if (finishOf(choice.finish_reason)) {
        // A choice whose usage never came is complete at another choice's end at the latest. A second
        // finish of the same choice is not its end: it stands against the first (ChoiceStream.setFinish:
        // a later content_filter or abort voids a stop), so the choice is reported at its usage or the
        // stream's end, as the openai backend reads it.
        if (lastFinished !== index) finish(lastFinished);
        target.setFinish(choice.finish_reason);
        target.flush();
        lastFinished = index;
      }
    }
  };
  // Returns true at [DONE]. The event's data is read as the openai backend reads it (readEventData):
  // a chunk that opens like JSON but does not parse is part of an answer we cannot read, so no verdict.
  const onEvent = ({ data, error }: SseEvent): boolean => {
    const reading = readEventData(data);
    if (error) {
      const detail = serverMessage(data);
      throw serverError(`llama-server reported an error mid-stream: ${detail}`, detail);
    }
    if (reading.unreadable !== undefined) throw new BackendError(unreadableChunkMessage('llama-server', reading.unreadable), 'http');
    for (const event of reading.chunks) onChunk(event, reading.chunks.length > 1 ? JSON.stringify(event) : data);
    return reading.done;
  };
  // The idle limit (postStreamed) restarts on every byte, pings included: a server whose decode loop
  // hung while its HTTP thread still pings would hold the call for ever. So progress is counted apart:
  // a delta with text (or reasoning) or a finish of any choice. Pings are tolerated for keepAliveSeconds
  // after the last progress (or the headers: a long prompt's evaluation sends only pings), then the
  // connection is closed and the call fails as hung.
  let progressKey = '';
  let progressTimer: NodeJS.Timeout | undefined;
  let keptAlive = false;
  const noteProgress = () => {
    const key = choices.map((c) => `${c.deltas}:${c.finish ?? ''}`).join(',');
    if (key === progressKey) return;
    progressKey = key;
    clearTimeout(progressTimer);
    progressTimer = setTimeout(() => {
      keptAlive = true;
      stalled.abort();
    }, keepAliveSeconds * 1000);
  };
  noteProgress();
  const parser = new SseParser();
  let ended = false;
  try {
    await response.pipe((chunk) => {
      if (ended) return;
      for (const event of parser.push(chunk)) {
        if (onEvent(event)) {
          ended = true;
          break;
        }
      }
      noteProgress();
    }, STREAM_PACE_MS);
    if (!ended) for (const event of parser.end()) onEvent(event);
  } catch (error) {
    if (signal.aborted) return;
    if (error instanceof BackendError) throw error;
    // The stream broke (reset, silence, only pings) after a choice's single final "stop" but before its
    // usage chunk and [DONE]: by the openai backend's rule (openaiBackend.ts, attempt) that answer is
    // complete, and what is lost is at most its usage and [DONE]. A stop the stream followed with more
    // text (stopRetracted) says nothing of where the answer ends. When that leaves no choice open, the
    // call is done; otherwise the open choices fail as below.
    const last = lastFinished === undefined ? undefined : choices[lastFinished];
    if (last && !last.stopRetracted && finishFromServer(last.finish) === 'stop') finish(lastFinished);
    if (choices.every((_, index) => settled.has(index))) return;
    if (error instanceof StreamIdleError) throw hung(error);
    if (keptAlive) {
      throw new BackendError(
        `llama-server at ${endpoint} sent only keep-alives for ${keepAliveSeconds} s, no token ${choices.some((c) => c.deltas > 0) ? 'since its last one' : 'of the answer'}: it is hung`,
        'timeout',
      );
    }
    throw new BackendError(`connection to llama-server lost mid-response: ${describeNodeError(error)}`, 'connection', { cause: error });
  } finally {
    clearTimeout(progressTimer);
  }
  // Closed cleanly without [DONE] after a "stop" the stream had put on earlier chunks too: nothing shows
  // that this one was the last (the openai backend's rule), so it is no completed answer.
  const last = lastFinished === undefined ? undefined : choices[lastFinished];
  if (!ended && last?.stopRetracted && finishFromServer(last.finish) === 'stop') last.finish = undefined;
  finish(lastFinished);
}

/** The call's failure when the server went silent: it names the server and how long it was silent. */
function hung(error: StreamIdleError): BackendError {
  return new BackendError(
    `llama-server at ${error.message} (it pings every ${SSE_PING_SECONDS} s while it works): it is hung`,
    'timeout',
    { cause: error },
  );
}

/** A Node socket error's message with its code (ECONNREFUSED, ECONNRESET…) when the message lacks it. */
function describeNodeError(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}

function serverError(message: string, detail: string): BackendError {
  return new BackendError(message, isContextOverflow(detail) ? 'context-overflow' : 'http');
}

/**
 * POSTs `body` to one of llama-server's JSON endpoints; an unreachable server is a 'connection'
 * BackendError, one that answers nothing within `idleSeconds` (these answers take milliseconds) a 'timeout'.
 */
async function postForText(url: string, path: string, body: unknown, signal: AbortSignal | undefined, idleSeconds: number): Promise<{ response: Response; text: string }> {
  const endpoint = `${url}${path}`;
  const limit = AbortSignal.timeout(idleSeconds * 1000);
  const hung = () => new BackendError(`llama-server at ${endpoint} answered nothing for ${idleSeconds} s: it is hung`, 'timeout');
  let response: Response;
  try {
    response = await post(endpoint, body, signal ? AbortSignal.any([signal, limit]) : limit);
  } catch (error) {
    if (limit.aborted && !signal?.aborted) throw hung();
    throw new BackendError(`cannot reach llama-server at ${endpoint}: ${describeFetchError(error, endpoint)}`, 'connection', { cause: error });
  }
  const text = await response.text().catch(() => '');
  if (limit.aborted && !signal?.aborted) throw hung();
  return { response, text };
}

/** The prompt text llama-server's chat template makes of the messages (POST /apply-template). */
export async function serverPrompt(url: string, messages: unknown, signal?: AbortSignal, idleSeconds = STREAM_IDLE_SECONDS): Promise<string> {
  const { response, text } = await postForText(url, '/apply-template', { messages }, signal, idleSeconds);
  const prompt = (parseChunk(text) as { prompt?: unknown } | undefined)?.prompt;
  if (!response.ok || typeof prompt !== 'string') throw new BackendError(`llama-server could not apply the chat template: HTTP ${response.status} ${serverMessage(text)}`, 'http');
  return prompt;
}

/** Tokens the messages take once llama-server applies the model's chat template (its own count). */
export async function serverPromptTokens(url: string, messages: unknown, signal?: AbortSignal, idleSeconds = STREAM_IDLE_SECONDS): Promise<number> {
  const { response, text } = await postForText(url, '/v1/chat/completions/input_tokens', { messages }, signal, idleSeconds);
  if (!response.ok) throw new BackendError(`llama-server could not count the prompt's tokens: HTTP ${response.status} ${serverMessage(text)}`, 'http');
  const count = (parseChunk(text) as { input_tokens?: unknown } | undefined)?.input_tokens;
  if (typeof count !== 'number') throw new BackendError(`llama-server's token count is not a number: ${text.slice(0, 200)}`, 'http');
  return count;
}
