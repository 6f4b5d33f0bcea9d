// The `openai` backend: any OpenAI-compatible chat-completions server (llama-server, vLLM, SGLang,
// hosted APIs), streamed over SSE with Node's built-in fetch. No SDK: the protocol surface used here
// is one POST and one event format, and owning the loop lets us separate connect and idle timeouts,
// retry mid-stream failures and signal them to the caller, which the SDK's retry layer does not expose.

import { BackendError, finishFromServer } from '../backend';
import type { BackendInfo, ChatMessage, FinishReason, GenerateRequest, GenerateResult, ModelBackend, TokenChunk } from '../backend';
import { ConcurrencyLimiter } from '../../common/limiter';
import { describeFetchError } from '../../common/fetch-errors';
import { backoffDelay, parseRetryAfter, sleep, type RetryPolicy } from '../retry';
import { isContextOverflow, isFieldRefusal, isLoadingReport, isModelLoading, loadingEstimateMs, isQuotaExhausted, isTokenLimitOverflow, isTransientReport, namedParams, REPLACEMENT, refusedFields, UNNAMED_REFUSAL_FIELDS, serverMessage, type AdaptableField } from './serverErrors';
import { ChoicePicker, ChoiceStream, parseChunk as parseJson, readEventData, unreadableChunkMessage, type ChunkEvent } from './chatStream';
import { SseParser, type SseEvent } from './sse';

export interface OpenAIBackendOptions {
  /** Requests in flight at once; more calls queue. Default 4. */
  parallel?: number;
  /** Bearer token. Default: $PROOFWRIGHT_OPENAI_API_KEY, else $OPENAI_API_KEY, else none. */
  apiKey?: string;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Retries after a 429, 5xx, timeout or lost connection. Default 4. */
  maxRetries?: number;
  /** First backoff delay in ms (doubles per retry, with jitter). Default 1000. */
  retryBaseMs?: number;
  /** Longest single wait between attempts, Retry-After included. Default 60000. */
  retryMaxMs?: number;
  /** Time allowed from sending the request to the response headers. Default 120000. */
  requestTimeoutMs?: number;
  /** Longest silence allowed while the response streams (including before its first event). Default 300000. */
  idleTimeoutMs?: number;
  /**
   * Longest time the response may stream without a token (text or reasoning, or its finish) while the
   * server sends only keep-alives (SSE comments, blank lines, `data: ping`, chunks with no text), from
   * the response headers on. Default 600000: longer than idleTimeoutMs, since keep-alives are what a
   * server sends while it evaluates a long prompt.
   */
  keepAliveTimeoutMs?: number;
  /**
   * How long a server that answers 503 "Loading model" (llama-server while it loads the weights, Hugging
   * Face "is currently loading") is waited for, asked again every retryBaseMs (or its Retry-After),
   * before those answers count as failures. Default 300000: a large model takes minutes to load.
   */
  loadWaitMs?: number;
  /** The model's context size, when the user knows it (reported in info()). */
  contextSize?: number;
  /** Environment to read the API key (and PROOFWRIGHT_LOAD_WAIT_S, seconds: loadWaitMs) from. Default process.env. */
  env?: Record<string, string | undefined>;
}

/** The most of a body kept to read as one JSON response when it turns out not to be an event stream. */
const WHOLE_BODY_MAX = 4 * 1024 * 1024;

const DEFAULTS = {
  parallel: 4,
  maxRetries: 4,
  retryBaseMs: 1000,
  retryMaxMs: 60_000,
  requestTimeoutMs: 120_000,
  idleTimeoutMs: 300_000,
  keepAliveTimeoutMs: 600_000,
  loadWaitMs: 300_000,
};

/** A failure worth another attempt, carrying the error to throw if attempts run out. */
class Retryable extends Error {
  constructor(
    readonly error: BackendError,
    readonly retryAfterMs?: number,
    /** The request was reshaped (not a transient failure): try again at once, not counted as a retry. */
    readonly reshaped = false,
    /**
     * A timeout: 'silence' (no headers, or no byte for the idle limit) is retried while the call's
     * whole wait stays under the keep-alive limit; 'keep-alive' (the server pinged for the keep-alive
     * limit without a token) is never retried. See generateWithRetries.
     */
    readonly timeout?: 'silence' | 'keep-alive',
    /** The server said it is still loading its model: waited for up to loadWaitMs, not counted as a retry. */
    readonly loading = false,
  ) {
    super(error.message);
  }
}

/** Rough token count for servers that cannot tokenize for us: about 4 characters per token for English + LaTeX. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function estimateMessageTokens(messages: ChatMessage[]): number {
  // + 4 per message for the chat template's role markers.
  return messages.reduce((sum, m) => sum + estimateTokens(m.content) + 4, 0);
}

export class OpenAIBackend implements ModelBackend {
  private readonly endpoint: string;
  private readonly serverRoot: string;
  private readonly limiter: ConcurrencyLimiter;
  private readonly retry: RetryPolicy;
  private readonly apiKey?: string;
  private readonly requestTimeoutMs: number;
  private readonly idleTimeoutMs: number;
  private readonly keepAliveTimeoutMs: number;
  private readonly loadWaitMs: number;
  /** null: not probed yet; then whether llama-server's /apply-template + /tokenize answered. */
  private serverTokenizer: boolean | null = null;
  /** Stops for the requests in flight: dispose() cancels them like a user abort. */
  private readonly inFlight = new Set<() => void>();
  private disposed = false;
  /**
   * Request fields this server refused (left out, or sent under their replacement name from then on),
   * and the notes saying so that every later result carries into its call record.
   */
  private readonly refused = new Set<AdaptableField>();
  private readonly adaptations: string[] = [];
  /** The optional fields left out after a refusal that named no field: tried once per backend, never again. */
  private unnamedRefusal: AdaptableField[] | undefined;

  constructor(
    readonly baseUrl: string,
    readonly model: string,
    private readonly options: OpenAIBackendOptions = {},
  ) {
    let parsed: URL;
    try {
      parsed = new URL(baseUrl);
    } catch {
      throw new BackendError(`openai backend: "${baseUrl}" is not a URL (expected e.g. http://127.0.0.1:8080/v1)`, 'bad-spec');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new BackendError(`openai backend: "${baseUrl}" must be an http:// or https:// URL`, 'bad-spec');
    }
    if (!model) throw new BackendError('openai backend: no model name (write openai:URL#MODEL)', 'bad-spec');
    const trimmed = baseUrl.replace(/\/+$/, '');
    this.endpoint = trimmed.endsWith('/chat/completions') ? trimmed : `${trimmed}/chat/completions`;
    this.serverRoot = trimmed.replace(/\/chat\/completions$/, '').replace(/\/v1$/, '');
    this.limiter = new ConcurrencyLimiter(options.parallel ?? DEFAULTS.parallel);
    this.retry = {
      maxRetries: options.maxRetries ?? DEFAULTS.maxRetries,
      baseDelayMs: options.retryBaseMs ?? DEFAULTS.retryBaseMs,
      maxDelayMs: options.retryMaxMs ?? DEFAULTS.retryMaxMs,
    };
    const env = options.env ?? process.env;
    this.apiKey = options.apiKey ?? (env.PROOFWRIGHT_OPENAI_API_KEY || env.OPENAI_API_KEY || undefined);
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs;
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULTS.idleTimeoutMs;
    this.keepAliveTimeoutMs = options.keepAliveTimeoutMs ?? DEFAULTS.keepAliveTimeoutMs;
    // $PROOFWRIGHT_LOAD_WAIT_S: how long a loading server is waited for, for a user whose model takes
    // longer than 5 minutes to load (or who would rather be told at once).
    const loadWaitS = Number(env.PROOFWRIGHT_LOAD_WAIT_S);
    this.loadWaitMs = options.loadWaitMs ?? (env.PROOFWRIGHT_LOAD_WAIT_S && Number.isFinite(loadWaitS) && loadWaitS >= 0 ? loadWaitS * 1000 : DEFAULTS.loadWaitMs);
  }

  info(): BackendInfo {
    return {
      spec: `openai:${this.baseUrl}#${this.model}`,
      kind: 'openai',
      model: this.model,
      contextSize: this.options.contextSize,
      parallel: this.limiter.limit,
      ...(this.adaptations.length ? { adaptations: [...this.adaptations] } : {}),
    };
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    if (this.disposed) throw new BackendError('the openai backend was disposed', 'internal');
    const queuedAt = performance.now();
    try {
      return await this.limiter.run(() => this.generateWithRetries(request), request.signal);
    } catch (err) {
      // Aborted while still queued or between attempts: nothing was produced.
      if (request.signal?.aborted && !(err instanceof BackendError)) return emptyAbort(request, queuedAt);
      throw err;
    }
  }

  async countTokens(messages: ChatMessage[]): Promise<number> {
    if (this.serverTokenizer !== false) {
      const counted = await this.countWithServer(messages).catch(() => undefined);
      this.serverTokenizer = counted !== undefined;
      if (counted !== undefined) return counted;
    }
    return estimateMessageTokens(messages);
  }

  /**
   * GET /models (every OpenAI-compatible server we know has it): a connection failure or a refused key
   * is reported at once, and a list (`{ data: [{ id }] }`, OpenAI's shape, as vLLM, SGLang, llama-server,
   * LM Studio and Ollama answer) that names the model means ready. Anything else gets a one-token chat
   * request, through generate() (so its error shapes and field adaptations apply): a server without the
   * list, a 200 that is no list (a router's HTML login page: rev18 F4 said "ready"), and a list without the
   * model (a mistyped name is refused there, with the listed names added to the message; llama-server
   * answers any name, so a name it does not list is still fine).
   */
  async probe(signal?: AbortSignal): Promise<void> {
    const url = `${this.endpoint.replace(/\/chat\/completions$/, '')}/models`;
    const timeout = AbortSignal.timeout(Math.min(this.requestTimeoutMs, 15_000));
    let response: Response;
    try {
      response = await fetch(url, { headers: { ...this.headers(), accept: 'application/json' }, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (err) {
      if (signal?.aborted) throw new BackendError('cancelled', 'aborted');
      if (timeout.aborted) throw new BackendError(`${url} did not answer within ${Math.min(this.requestTimeoutMs, 15_000)} ms`, 'timeout');
      throw new BackendError(`cannot reach ${url}: ${describeFetchError(err, url)}`, 'connection', { cause: err });
    }
    const body = await response.text().catch(() => '');
    const listed = response.ok ? listedModels(body) : null;
    if (listed?.includes(this.model)) return;
    if (response.ok) {
      try {
        await this.generate({ messages: [{ role: 'user', content: 'Hi' }], role: 'verify', maxTokens: 1, temperature: 0, topP: 1, signal });
      } catch (err) {
        if (!listed?.length || !(err instanceof BackendError) || err.code === 'aborted') throw err;
        const shown = listed.slice(0, 8).join(', ') + (listed.length > 8 ? `, … (${listed.length} in all)` : '');
        throw new BackendError(`${err.message} (${url} lists: ${shown})`, err.code, { cause: err });
      }
      return;
    }
    const message = `${url} answered HTTP ${response.status}${body ? `: ${serverMessage(body, response.headers.get('content-type') ?? '')}` : ''}`;
    if (response.status === 401 || response.status === 403) {
      throw new BackendError(`${message} — check the API key (PROOFWRIGHT_OPENAI_API_KEY or OPENAI_API_KEY)`, 'http');
    }
    await this.generate({ messages: [{ role: 'user', content: 'Hi' }], role: 'verify', maxTokens: 1, temperature: 0, topP: 1, signal });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const cancel of this.inFlight) cancel();
    this.inFlight.clear();
  }

  private async generateWithRetries(request: GenerateRequest): Promise<GenerateResult> {
    const startedAt = performance.now();
    let streamed = false;
    const onToken = request.onToken
      ? (chunk: TokenChunk) => {
          streamed = true;
          request.onToken!(chunk);
        }
      : undefined;
    let loadingSince: number | undefined;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0 && streamed) {
        // The failed attempt's tokens are void; the caller restarts its view of this call.
        request.onToken!({ text: '', reasoning: false, restart: true });
        streamed = false;
      }
      try {
        return await this.attempt(request, onToken, startedAt);
      } catch (err) {
        if (!(err instanceof Retryable)) throw err;
        if (err.reshaped) {
          attempt--;
          continue;
        }
        // A model still loading will be ready: its 503s are waited through (a fixed short pause, or the
        // server's Retry-After) for up to loadWaitMs, without spending the retries meant for failures,
        // which a minute-long load would exhaust in 15 s.
        if (err.loading && !this.disposed) {
          loadingSince ??= performance.now();
          const loadingFor = performance.now() - loadingSince;
          if (loadingFor < this.loadWaitMs) {
            attempt--;
            await sleep(Math.min(this.retry.maxDelayMs, err.retryAfterMs ?? this.retry.baseDelayMs, this.loadWaitMs - loadingFor), request.signal);
            continue;
          }
          err.error.message += ` — still loading after ${formatSeconds(loadingFor)} s`;
        }
        // Timeouts cost the user the whole limit each time: five keep-alive timeouts of 600 s would be
        // 50 minutes before anything is said. A server that pinged for the whole keep-alive limit without
        // a token is alive but not answering (a hung worker behind a live pinger, a queue that does not
        // move, a prompt too long for it): the same request would wait the same way, so it is not asked
        // again. A silent server (no headers, or no byte for the idle limit) may be a dropped connection
        // that another attempt fixes, so it is asked again, but only while the call has waited less than
        // the keep-alive limit in all: that limit is the longest a user waits on a server saying nothing.
        if (err.timeout !== undefined) {
          const waited = performance.now() - startedAt;
          if (err.timeout === 'keep-alive' || waited >= this.keepAliveTimeoutMs) {
            const tries = attempt + 1;
            err.error.message += ` — waited ${formatSeconds(waited)} s in all${tries > 1 ? ` over ${tries} attempts` : ''}; not asked again (the server is up but not answering, or overloaded: check it, or raise the limit)`;
            throw err.error;
          }
        }
        if (attempt >= this.retry.maxRetries || this.disposed) {
          const tries = attempt + 1;
          err.error.message += tries > 1 ? ` (gave up after ${tries} attempts)` : '';
          throw err.error;
        }
        // A Retry-After longer than all the remaining waits together (a quota reset in an hour) cannot be
        // waited out: say so now rather than ask again, capped, until the attempts run out.
        const canWait = (this.retry.maxRetries - attempt) * this.retry.maxDelayMs;
        if (err.retryAfterMs !== undefined && err.retryAfterMs > canWait) {
          err.error.message += ` — the server asks to wait ${Math.ceil(err.retryAfterMs / 1000)} s before another try, longer than this run waits (${Math.round(canWait / 1000)} s)`;
          throw err.error;
        }
        const wait = Math.min(this.retry.maxDelayMs, err.retryAfterMs ?? backoffDelay(attempt, this.retry));
        await sleep(wait, request.signal);
      }
    }
  }

  /** One HTTP request and its stream. Throws Retryable for transient failures. */
  private async attempt(request: GenerateRequest, onToken: ((c: TokenChunk) => void) | undefined, startedAt: number): Promise<GenerateResult> {
    const controller = new AbortController();
    let why: 'user' | 'request-timeout' | 'idle-timeout' | 'keepalive-timeout' | undefined;
    const stop = (reason: typeof why) => {
      why ??= reason;
      controller.abort();
    };
    const onUserAbort = () => stop('user');
    request.signal?.addEventListener('abort', onUserAbort, { once: true });
    this.inFlight.add(onUserAbort);
    let timer = setTimeout(() => stop('request-timeout'), this.requestTimeoutMs);
    let progressTimer: NodeJS.Timeout | undefined;

    const state = new ChoiceStream(onToken);
    const result = (finishReason: FinishReason): GenerateResult => this.toResult(request, state, finishReason, startedAt);

    try {
      if (request.signal?.aborted) return result('abort');
      let response: Response;
      const sent = this.body(request);
      try {
        response = await this.post(JSON.stringify(sent), controller.signal);
      } catch (err) {
        if (why === 'user') return result('abort');
        if (err instanceof BackendError) throw err;
        if (why === 'request-timeout') {
          throw new Retryable(new BackendError(`${this.endpoint} did not answer within ${this.requestTimeoutMs} ms (request timeout)`, 'timeout'), undefined, false, 'silence');
        }
        throw new Retryable(new BackendError(`cannot reach ${this.endpoint}: ${describeFetchError(err, this.endpoint)}`, 'connection', { cause: err }));
      }
      clearTimeout(timer);

      if (!response.ok) throw await this.httpError(response, sent);
      if (!response.body) throw new Retryable(new BackendError(`${this.endpoint} answered without a body`, 'connection'));

      // The body is read as an event stream whatever its declared type: some proxies and servers ignore
      // `stream: true` and send one JSON response (as application/json, or under an event-stream type),
      // others label a real event stream application/json. Which one it was shows in what it holds.
      const declaredJson = /application\/json/i.test(response.headers.get('content-type') ?? '');
      if (/html/i.test(response.headers.get('content-type') ?? '')) {
        // A proxy or captive portal answering in place of the model server.
        const page = await response.text().catch(() => '');
        throw new BackendError(`${this.endpoint} answered with ${serverMessage(page, 'text/html')} instead of an event stream`, 'http');
      }
      const armIdle = () => {
        clearTimeout(timer);
        timer = setTimeout(() => stop('idle-timeout'), this.idleTimeoutMs);
      };
      armIdle();
      // Two limits while the body streams. The idle timer above restarts on every byte: it catches a
      // silent server. Keep-alives (SSE comments, blank lines, `data: ping`, chunks without text) restart
      // it too, as they must while a server evaluates a long prompt, so a server whose worker hung behind
      // a live pinger (a proxy, a server's own ping thread) would keep it from firing for ever. So a
      // second timer restarts only on progress: a delta that carried text or reasoning (ChoiceStream.deltas)
      // or a new finish. Keep-alives are tolerated up to keepAliveTimeoutMs after the last progress (or
      // the headers), and then the attempt fails as a timeout, like a silent one.
      let progress = { deltas: -1, finish: undefined as string | undefined };
      let bytesSinceProgress = false;
      const noteProgress = () => {
        if (state.deltas === progress.deltas && state.finish === progress.finish) return;
        progress = { deltas: state.deltas, finish: state.finish };
        bytesSinceProgress = false;
        clearTimeout(progressTimer);
        progressTimer = setTimeout(() => stop('keepalive-timeout'), this.keepAliveTimeoutMs);
      };
      noteProgress();
      let done = false;
      const parser = new SseParser();
      const picker = new ChoicePicker();
      // Until the body has given an SSE event, its text is kept (up to WHOLE_BODY_MAX characters): a
      // body that never does may be one JSON response sent under an event-stream type (see readWhole).
      let events = 0;
      let raw: string | undefined = '';
      const rawDecoder = new TextDecoder();
      // Handles one event; returns true at [DONE].
      const onEvent = ({ data, error }: SseEvent): boolean => {
        const reading = readEventData(data);
        if (error) throw this.midStreamError(reading.chunks[0] ?? data, state);
        if (reading.unreadable !== undefined) throw new BackendError(unreadableChunkMessage(this.endpoint, reading.unreadable), 'http');
        for (const event of reading.chunks) onChunk(event);
        return reading.done;
      };
      const onChunk = (event: ChunkEvent & Record<string, unknown>): void => {
        if (event.error || event.object === 'error') throw this.midStreamError(event, state);
        const choice = picker.pick<NonNullable<ChunkEvent['choices']>[number]>(event.choices);
        if (picker.conflict) {
          throw new BackendError(
            `${this.endpoint} streamed several answers for a request that asked for one (choice ${picker.conflict.followed} first, then choice 0): cannot tell which is the answer`,
            'http',
          );
        }
        // `text` is the text-completion shape: proxies that serve chat through a completion route stream it.
        state.add(choice?.delta ?? (typeof choice?.text === 'string' ? { content: choice.text } : {}));
        state.setFinish(choice?.finish_reason);
        if (event.usage) state.usage = event.usage;
      };
      try {
        stream: for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          armIdle();
          bytesSinceProgress = true;
          if (raw !== undefined) raw = events > 0 || raw.length + chunk.length > WHOLE_BODY_MAX ? undefined : raw + rawDecoder.decode(chunk, { stream: true });
          for (const data of parser.push(chunk)) {
            events++;
            if (onEvent(data)) {
              done = true;
              break stream;
            }
            if (why === 'user') break stream; // aborted from inside onToken
          }
          noteProgress();
        }
        if (!done) {
          for (const data of parser.end()) {
            events++;
            if (!done && onEvent(data)) done = true;
          }
        }
      } catch (err) {
        if (why === 'user') return result('abort');
        if (err instanceof BackendError || err instanceof Retryable) throw err;
        if (!state.stopRetracted && finishFromServer(state.finish) === 'stop') {
          // The stream broke after a "stop" but before [DONE]: the connection was reset (a proxy or server
          // closing the socket instead of ending the stream), or the server then went silent or sent only
          // keep-alives until a limit. By the rule for a stream that closes cleanly without [DONE] (below),
          // a single final "stop" — one the stream never followed with more text — marks the end of the
          // answer, and what is lost after it is at most the usage chunk and [DONE]: the answer stands
          // rather than being asked for again. A stop the stream put on earlier chunks too
          // (stopRetracted) says nothing of where the answer ends, so that stream is retried as before.
          state.flush();
          return this.finished(result, state, request.maxTokens);
        }
        if (why === 'idle-timeout') {
          throw new Retryable(new BackendError(`${this.endpoint} stopped sending for ${this.idleTimeoutMs} ms mid-response (idle timeout)`, 'timeout'), undefined, false, 'silence');
        }
        if (why === 'keepalive-timeout') {
          const seconds = this.keepAliveTimeoutMs / 1000;
          const what = bytesSinceProgress ? `sent only keep-alives for ${seconds} s` : `sent nothing for ${seconds} s`;
          throw new Retryable(new BackendError(`${this.endpoint} ${what}, no token ${state.deltas > 0 ? 'since its last one' : 'of the answer'} (keep-alive timeout)`, 'timeout'), undefined, false, 'keep-alive');
        }
        throw new Retryable(new BackendError(`connection to ${this.endpoint} lost mid-response: ${describeFetchError(err)}`, 'connection', { cause: err }));
      }
      if (why === 'user') return result('abort');
      if (events === 0 && raw !== undefined) {
        const text = raw + rawDecoder.decode();
        const whole = parseJson(text);
        if (whole && !Array.isArray(whole)) return this.readWhole(whole, state, result, request.maxTokens, retryAfter(response.headers));
        if (declaredJson) throw new BackendError(`${this.endpoint} sent a JSON response that does not parse`, 'http');
        // Text with no SSE line at all (not even a comment), nor JSON: a proxy's or framework's plain-text
        // error. The server has answered in its own words; the same request would get them again.
        if (text.trim() && !/^(?::|(?:data|event|id|retry|error)(?::|$))/m.test(text)) throw new BackendError(`${this.endpoint} answered with ${JSON.stringify(serverMessage(text, '', 300))} instead of an event stream`, 'http');
      }
      if (!done) {
        // The body ended cleanly (no socket error) without `data: [DONE]`. vLLM, SGLang, llama-server,
        // OpenAI, LM Studio and Ollama's /v1 always end with [DONE]; older TGI, some Ollama variants and
        // several proxies (Anthropic-style gateways, LiteLLM adapters) do not, but still send a finish on
        // the last chunk. So the rule, which never scores half an answer:
        // - nothing of the answer came: the server dropped the request before answering; try again
        //   (a restart or a load balancer hiccup, like a lost connection);
        // - text came but no finish_reason: the server or a proxy ended the answer early (a proxy timeout,
        //   a worker killed). Asking again would only wait through the backoff to the same end, so it is
        //   no verdict at once, with that reason;
        // - a "stop" that the stream has already shown it puts on chunks that are not the last (a proxy
        //   marking every chunk): without [DONE] nothing shows this one was the last, so no verdict;
        // - otherwise the finish the server sent (a single final "stop", "length", "abort", …) stands.
        if (state.finish === undefined && state.deltas === 0) {
          throw new Retryable(new BackendError(`${this.endpoint} closed the stream before the response finished`, 'connection'));
        }
        if (state.finish === undefined) {
          state.flush();
          return { ...result('incomplete'), finishDetail: 'the server closed the stream mid-answer, with no finish_reason and no [DONE]' };
        }
        if (state.stopRetracted && finishFromServer(state.finish) === 'stop') {
          state.flush();
          return { ...result('incomplete'), finishDetail: `the stream marked chunks that were not the last "${state.finish}" and closed without [DONE], so nothing shows its answer was complete` };
        }
      }
      state.flush();
      return this.finished(result, state, request.maxTokens);
    } finally {
      clearTimeout(timer);
      clearTimeout(progressTimer);
      request.signal?.removeEventListener('abort', onUserAbort);
      this.inFlight.delete(onUserAbort);
    }
  }

  /**
   * POSTs a request body to the endpoint. A 307 or 308 redirect (a trailing-slash rule, a moved route)
   * keeps the method and body, so it is followed, up to 5 times; the API key goes only to the endpoint's
   * own origin. A 301, 302 or 303 would turn the POST into a GET (fetch's rule, as browsers do), which
   * the server then refuses (405) or answers with something else: that is an error naming where the
   * server points, for the user to put in the backend spec.
   */
  private async post(body: string, signal: AbortSignal): Promise<Response> {
    let url = this.endpoint;
    for (let hop = 0; ; hop++) {
      const headers = this.headers();
      if (new URL(url).origin !== new URL(this.endpoint).origin) {
        for (const name of Object.keys(headers)) if (name.toLowerCase() === 'authorization') delete headers[name];
      }
      const response = await fetch(url, { method: 'POST', headers, body, signal, redirect: 'manual' });
      const location = response.headers.get('location');
      if (![301, 302, 303, 307, 308].includes(response.status) || !location) return response;
      await response.body?.cancel().catch(() => undefined);
      const next = new URL(location, url).toString();
      if (response.status === 307 || response.status === 308) {
        if (hop >= 4) throw new BackendError(`${this.endpoint} redirected the request more than 5 times (last to ${next})`, 'http');
        url = next;
        continue;
      }
      const base = next.replace(/\/chat\/completions\/?$/, '');
      throw new BackendError(
        `${url} answered HTTP ${response.status}, a redirect to ${next}, which a POST cannot follow (it would arrive as a GET): use that address instead (openai:${base}#${this.model})`,
        'http',
      );
    }
  }

  private headers(): Record<string, string> {
    return {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}),
      ...this.options.headers,
    };
  }

  /**
   * A whole (non-streamed) response: a server or proxy that ignored `stream: true`, answering as
   * application/json or, with no SSE framing at all, under an event-stream type. An error object is
   * the server's error; otherwise our choice's message and finish are read like a stream's.
   */
  private readWhole(whole: ChunkEvent & Record<string, unknown>, state: ChoiceStream, result: (finishReason: FinishReason) => GenerateResult, maxTokens: number, wait?: number): GenerateResult {
    if (whole.error || whole.object === 'error') {
      const reported = this.reportedError('reported an error', whole);
      // A 200 whose body says the model is loading (a router in front of llama-server, Ollama, Hugging
      // Face) is the same answer as llama-server's 503 "Loading model": waited through, not an error.
      if (isLoadingReport(whole)) throw new Retryable(reported, wait ?? loadingEstimateMs(whole), false, undefined, true);
      throw reported;
    }
    const choice = new ChoicePicker().pick<NonNullable<ChunkEvent['choices']>[number]>(whole.choices);
    state.add(choice?.message ?? choice?.delta ?? (typeof choice?.text === 'string' ? { content: choice.text } : {}));
    if (whole.usage) state.usage = whole.usage;
    state.flush();
    state.setFinish(choice?.finish_reason);
    return this.finished(result, state, maxTokens);
  }

  /** The result for a stream or response that ended with the server's `finish_reason` (or none). */
  private finished(result: (finishReason: FinishReason) => GenerateResult, state: ChoiceStream, maxTokens: number): GenerateResult {
    const word = state.finish;
    const finishReason = finishFromServer(word);
    const used = state.usage?.completion_tokens;
    if (finishReason === 'stop' && used === maxTokens) {
      // Some servers say "stop" for an answer cut at the token limit (LocalAI 2.x, Ollama's /v1 before it
      // sent "length", simulators): by its own count the server spent exactly the tokens it was allowed,
      // so the answer is read as cut off, whatever word came with it (a natural end on exactly the last
      // token is rare, and costs only that sample's verdict). Only equality: hosted reasoning APIs that
      // count their thinking beyond `max_tokens` report more, with an answer that did end.
      return { ...result('length'), finishDetail: `finish_reason "${word}" after ${used} of ${maxTokens} tokens` };
    }
    if (finishReason !== 'incomplete') return result(finishReason);
    const note = state.finishMessage ? `: ${state.finishMessage.replace(/\s+/g, ' ').slice(0, 200)}` : '';
    return { ...result(finishReason), finishDetail: word ? `finish_reason "${word}"${note}` : 'the server sent no finish_reason' };
  }

  /**
   * The request body. Sampling fields go only where they say something: `top_p` 1 and an unset seed
   * are every server's default, so they are left out (servers that refuse them then never see them).
   * Fields this server refused before are left out or renamed (see httpError).
   */
  private body(request: GenerateRequest): Record<string, unknown> {
    const body: Record<string, unknown> = {
      model: this.model,
      messages: request.messages,
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: request.maxTokens,
      temperature: request.temperature,
      ...(request.topP !== 1 ? { top_p: request.topP } : {}),
      ...(request.seed !== undefined ? { seed: request.seed } : {}),
      ...(request.jsonSchema
        ? { response_format: { type: 'json_schema', json_schema: { name: 'output', strict: true, schema: request.jsonSchema } } }
        : {}),
    };
    for (const field of this.refused) {
      if (!(field in body)) continue;
      const replacement = REPLACEMENT[field];
      if (replacement && !this.refused.has(replacement)) body[replacement] = body[field];
      delete body[field];
    }
    return body;
  }

  /**
   * An error the server reported mid-stream (`payload`: the chunk, or the raw data of an `event: error`).
   * Before any of the answer came, a rate limit or overload reported in the stream (a proxy that had
   * already sent its 200) is the same as that status would have been: worth another attempt. Once text
   * came, the answer is broken either way: no verdict, at once.
   */
  private midStreamError(payload: unknown, state: ChoiceStream): BackendError | Retryable {
    const reported = this.reportedError('reported an error mid-stream', payload);
    const event = typeof payload === 'string' ? undefined : payload;
    // A stream whose first word is "the model is loading" (a proxy that had already sent its 200) is a
    // 503 "Loading model" in other clothes: waited through for loadWaitMs like one, without spending retries.
    if (state.deltas === 0 && isLoadingReport(payload)) return new Retryable(reported, loadingEstimateMs(payload), false, undefined, true);
    if (state.deltas === 0 && reported.code !== 'context-overflow' && isTransientReport(event)) return new Retryable(reported);
    return reported;
  }

  /** A BackendError for an error the server reported inside a response; its own message, overflow named. */
  private reportedError(what: string, payload: unknown): BackendError {
    const detail = serverMessage(typeof payload === 'string' ? payload : JSON.stringify(payload));
    const message = `${this.endpoint} ${what}: ${detail}`;
    if (isContextOverflow(detail)) return new BackendError(`${message} — ${overflowNote(detail)}`, 'context-overflow');
    return new BackendError(message, 'http');
  }

  private async httpError(response: Response, sent: Record<string, unknown>): Promise<BackendError | Retryable> {
    const body = await response.text().catch(() => '');
    const detail = serverMessage(body, response.headers.get('content-type') ?? '');
    const status = response.status;
    const message = `${this.endpoint} answered HTTP ${status}${detail ? `: ${detail}` : ''}`;
    if (isContextOverflow(detail)) return new BackendError(`${message} — ${overflowNote(detail)}`, 'context-overflow');
    if (status === 400 || status === 422) {
      // A field the server does not accept: send the request again without it (or under its
      // documented new name), once per field, and keep doing so for this backend.
      // A field another call already found refused (requests in flight at once) is retried the same way.
      const named = refusedFields(detail, Object.keys(sent), namedParams(body));
      if (named.length > 0) {
        for (const field of named.filter((f) => !this.refused.has(f))) {
          this.refused.add(field);
          const replacement = REPLACEMENT[field];
          this.adaptations.push(
            replacement && !this.refused.has(replacement)
              ? `the server refused \`${field}\`: sent as \`${replacement}\` instead`
              : `the server refused \`${field}\`: sent without it${field === 'stream_options' ? ' (token counts are estimated)' : field === 'seed' ? ' (samples are not reproducible)' : ''}`,
          );
        }
        return new Retryable(new BackendError(message, 'http'), 0, true);
      }
      const optional = UNNAMED_REFUSAL_FIELDS.filter((f) => f in sent);
      if (isFieldRefusal(detail) && optional.length > 0) {
        // Some field is not accepted but the server does not say which: leave out the optional ones once.
        // Requests sent before that (in flight at once) get the same retry; after it, the refusal stands.
        if (this.unnamedRefusal === undefined) {
          this.unnamedRefusal = optional;
          for (const field of optional) this.refused.add(field);
          this.adaptations.push(
            `the server refused a field without naming it (${detail.slice(0, 120)}): sent without ${optional.map((f) => `\`${f}\``).join(', ')}${optional.includes('seed') ? ' (samples are not reproducible)' : ''}`,
          );
          return new Retryable(new BackendError(message, 'http'), 0, true);
        }
        if (optional.some((f) => this.unnamedRefusal!.includes(f))) return new Retryable(new BackendError(message, 'http'), 0, true);
      }
    }
    if (status === 429 && isQuotaExhausted(detail, body)) {
      const wait = retryAfter(response.headers);
      const asked = wait !== undefined ? ` (the server asks to wait ${Math.ceil(wait / 1000)} s)` : '';
      return new BackendError(`${message} — the account's quota or credit is used up${asked}: asking again will not help (check the plan and billing of this API key)`, 'http');
    }
    if (status === 503 && isModelLoading(detail)) return new Retryable(new BackendError(message, 'http'), retryAfter(response.headers), false, undefined, true);
    if (status === 504 || status === 524) {
      // A proxy in front of the server gave up waiting for it (nginx proxy_read_timeout, Cloudflare's
      // 100 s): a silence timeout like our own, under the same cap on the whole wait.
      return new Retryable(new BackendError(message, 'http'), retryAfter(response.headers), false, 'silence');
    }
    if (status === 429 || status === 408 || status >= 500) {
      return new Retryable(new BackendError(message, 'http'), retryAfter(response.headers));
    }
    if (status === 401 || status === 403) {
      return new BackendError(`${message} — check the API key (PROOFWRIGHT_OPENAI_API_KEY or OPENAI_API_KEY)`, 'http');
    }
    return new BackendError(message, 'http');
  }

  private toResult(request: GenerateRequest, state: ChoiceStream, finishReason: FinishReason, startedAt: number): GenerateResult {
    return {
      ...state.parts(),
      finishReason,
      ...(this.adaptations.length ? { adaptations: [...this.adaptations] } : {}),
      promptTokens: state.usage?.prompt_tokens ?? estimateMessageTokens(request.messages),
      completionTokens: state.usage?.completion_tokens ?? estimateTokens(state.content + state.reasoning),
      timings: {
        ...(state.firstTokenAt !== undefined ? { firstTokenMs: state.firstTokenAt - startedAt } : {}),
        totalMs: performance.now() - startedAt,
      },
    };
  }

  /** llama-server only: apply its chat template, then tokenize. Any other server fails here (404) once. */
  private async countWithServer(messages: ChatMessage[]): Promise<number> {
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${this.serverRoot}${path}`, {
        method: 'POST',
        headers: this.headers(),
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as Record<string, unknown>;
    };
    const templated = await post('/apply-template', { messages });
    if (typeof templated.prompt !== 'string') throw new Error('no prompt');
    const tokenized = await post('/tokenize', { content: templated.prompt, add_special: true, parse_special: true });
    if (!Array.isArray(tokenized.tokens)) throw new Error('no tokens');
    return tokenized.tokens.length;
  }
}

/** The overflow's note: the answer's token limit when the server says that is what does not fit, else the prompt. */
function overflowNote(detail: string): string {
  return isTokenLimitOverflow(detail)
    ? "the answer's token limit (Max tokens) does not fit in this model's context beside the prompt: lower Max tokens"
    : "the prompt does not fit this model's context";
}

/**
 * The wait a server asks for, in ms: OpenAI's and Azure's `retry-after-ms` (milliseconds, more precise
 * and sent beside or instead of Retry-After), else Retry-After (seconds or an HTTP date).
 */
function retryAfter(headers: Headers): number | undefined {
  const ms = headers.get('retry-after-ms')?.trim();
  if (ms && /^\d+(?:\.\d+)?$/.test(ms)) return Math.round(Number(ms));
  return parseRetryAfter(headers.get('retry-after'));
}

/** Seconds for a message: whole above 10 s, else one decimal (tests run with sub-second limits). */
function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return s >= 10 ? String(Math.round(s)) : String(Math.round(s * 10) / 10);
}

function emptyAbort(request: GenerateRequest, since: number): GenerateResult {
  return {
    text: '',
    finishReason: 'abort',
    promptTokens: estimateMessageTokens(request.messages),
    completionTokens: 0,
    timings: { totalMs: performance.now() - since },
  };
}

/**
 * The model ids of a GET /models answer in OpenAI's shape (`{ "data": [{ "id": "…" }, …] }`); null when the
 * body is no such list (not JSON, an HTML page, another shape).
 */
export function listedModels(body: string): string[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return null;
  return data.flatMap((m) => (typeof (m as { id?: unknown } | null)?.id === 'string' ? [(m as { id: string }).id] : []));
}
