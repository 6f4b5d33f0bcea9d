// The `local` backend's default runtime: llama.cpp's own llama-server run out of process on the GGUF
// (the way LM Studio and Jan run llama.cpp), behind the same ModelBackend contract as the in-process
// node-llama-cpp runtime (local-backend.ts). Why: in-process decoding ran at 0.74 of llama.cpp's speed,
// prompt processing at 0.59, and m shared-prompt samples at 1/3 (state files instead of an in-memory
// KV copy; spin-waiting ggml threads beside the JS thread; one thread count for decode and prompt).
//
// Calls with the same sharedPrefixKey that arrive together go as ONE request with n = k (n_cmpl): the
// server evaluates the prompt once and copies its KV cache to the other slots (coalesce.ts). Prompt
// accounting is the server's own (/v1/chat/completions/input_tokens); a prompt that does not fit a
// slot is refused before it is sent, with the numbers, as in-process. If the server dies, the calls in
// flight fail saying so and the next call starts it again, once.
import { basename } from 'node:path';
import { ChildKeeper } from './child-keeper';
import { BackendError, finishFromServer, type BackendInfo, type ChatMessage, type GenerateRequest, type GenerateResult, type TokenChunk } from '../backend';
import { readGgufHeader, summarizeGguf } from '../library/gguf';
import { ChoiceStream } from '../openai/chatStream';
import { coalesceCalls } from './coalesce';
import { checkGgufPreamble } from './gguf-check';
import type { LocalBackendOptions, LocalBackendStats, LocalModelBackend } from './local-backend';
import type { LlamaServerBinary } from './server-binary';
import { failureFromLog, LlamaServerProcess, ServerStartError } from './server-process';
import { STREAM_IDLE_SECONDS } from './server-http';
import { serverPrompt, serverPromptTokens, streamChoices } from './server-request';
import { SlotBudget } from './slot-pool';
import type { ThreadSplit } from './threads';

/** Counters of the server runtime: requests sent, and completions served from another's prompt (n_cmpl). */
export interface ServerBackendStats extends LocalBackendStats {
  requests: number;
}

interface Call {
  request: GenerateRequest;
  started: number;
  stream: ChoiceStream;
  settled: boolean;
  resolve(result: GenerateResult): void;
  reject(error: unknown): void;
}

/** What an out-of-process runtime backend is made with (llama-server here, proofwright-runtime in runtime-backend.ts). */
export interface OutOfProcessConfig {
  path: string;
  spec: string;
  parallel: number;
  contextSize: number;
  threads: ThreadSplit;
  /** Serve same-key calls that arrive together with one n_cmpl request (LocalBackendOptions.sharedPrefix). */
  coalesce: boolean;
  /** Why this runtime was chosen (BackendInfo.runtime.why). */
  why: string;
  args: string[];
  /** Seconds the runtime may send nothing for a request before it counts as hung. */
  idleSeconds: number;
  /** llama-server: seconds a request may get only keep-alive pings (no token) before it counts as hung (STREAM_KEEPALIVE_SECONDS). */
  keepAliveSeconds?: number;
  /** Model layers offloaded to a GPU as asked (`'max'`: 999), reported in BackendInfo; none when not asked. */
  gpuLayers?: number;
}

/** What an out-of-process runtime backend says of itself (BackendInfo): the same fields for both, its name and binary its own. */
export function outOfProcessInfo(config: OutOfProcessConfig, name: 'llama-server' | 'proofwright-runtime', binary: string): BackendInfo {
  return {
    spec: config.spec,
    kind: 'local',
    model: basename(config.path),
    contextSize: config.contextSize,
    parallel: config.parallel,
    threads: config.threads.decode,
    ...(config.gpuLayers !== undefined ? { gpuLayers: config.gpuLayers } : {}),
    runtime: { name, why: config.why, binary, batchThreads: config.threads.batch },
  };
}

/** The GPU layer count an out-of-process runtime is given for LocalBackendOptions.gpuLayers (`'auto'`: none, its default). */
export function askedGpuLayers(gpuLayers: LocalBackendOptions['gpuLayers']): number | undefined {
  return typeof gpuLayers === 'number' ? gpuLayers : gpuLayers === 'max' ? 999 : undefined;
}

export interface ServerBackendConfig extends OutOfProcessConfig {
  binary: LlamaServerBinary;
}

class ServerBackend implements LocalModelBackend {
  /** The child process: started again after a death, a failed start final (child-keeper.ts). */
  private readonly keeper = new ChildKeeper<LlamaServerProcess>(() => startServer(this.config), (child) => this.adopt(child));
  private queue: Call[] = [];
  private readonly running = new Set<AbortController>();
  private readonly counters: ServerBackendStats = { prefixEvaluations: 0, prefixLoads: 0, prefixReuses: 0, requests: 0 };
  private disposed = false;
  private readonly disposal = new AbortController();
  /**
   * The server's slots. A request goes out only when its n slots are free: one the server had to queue
   * would get no byte (not even its headers) until a slot freed, for as long as other answers take,
   * which an idle limit could not tell from a hung server.
   */
  private readonly slots: SlotBudget;

  constructor(
    private readonly config: ServerBackendConfig,
    server: LlamaServerProcess,
  ) {
    this.slots = new SlotBudget(config.parallel);
    this.keeper.keep(server);
  }

  /** The running server's address (tests: its /slots). */
  get serverUrl(): string | undefined {
    return this.keeper.current?.url;
  }

  get threads(): number {
    return this.config.threads.decode;
  }

  /** The running server's process id (tests: crash and orphan checks). */
  get serverPid(): number | undefined {
    return this.keeper.current?.serverPid;
  }

  info(): BackendInfo {
    return outOfProcessInfo(this.config, 'llama-server', this.config.binary.path);
  }

  stats(): ServerBackendStats {
    return { ...this.counters };
  }

  async countTokens(messages: ChatMessage[]): Promise<number> {
    const server = await this.keeper.ensure();
    return serverPromptTokens(server.url, messages, undefined, this.config.idleSeconds);
  }

  generate(request: GenerateRequest): Promise<GenerateResult> {
    if (this.disposed) return Promise.reject(new BackendError('local backend is disposed', 'internal'));
    if (!Number.isInteger(request.maxTokens) || request.maxTokens < 1) {
      return Promise.reject(new BackendError(`maxTokens must be a positive integer, got ${request.maxTokens}`, 'bad-spec'));
    }
    return new Promise<GenerateResult>((resolve, reject) => {
      const call: Call = { request, started: performance.now(), settled: false, resolve, reject, stream: new ChoiceStream((chunk) => this.deliver(call, chunk)) };
      if (request.signal?.aborted) return resolve(this.partial(call, 'abort', 0));
      // Calls issued in the same turn of the event loop (the m samples of one proof) coalesce.
      if (this.queue.length === 0) setImmediate(() => this.flush());
      this.queue.push(call);
    });
  }

  private deliver(call: Call, chunk: TokenChunk): void {
    if (!call.settled) call.request.onToken?.(chunk);
  }

  private flush(): void {
    const calls = this.queue;
    this.queue = [];
    const groups = this.config.coalesce ? coalesceCalls(calls, this.config.parallel) : calls.map((call) => [call]);
    for (const group of groups) void this.runGroup(group);
  }

  private partial(call: Call, finishReason: GenerateResult['finishReason'], promptTokens: number): GenerateResult {
    const { stream } = call;
    return {
      ...stream.parts(),
      finishReason,
      promptTokens,
      completionTokens: stream.usage?.completion_tokens ?? stream.deltas,
      timings: {
        ...(stream.firstTokenAt !== undefined ? { firstTokenMs: stream.firstTokenAt - call.started } : {}),
        totalMs: performance.now() - call.started,
      },
    };
  }

  private settle(call: Call, outcome: GenerateResult | Error): void {
    if (call.settled) return;
    call.settled = true;
    if (outcome instanceof Error) call.reject(outcome);
    else call.resolve(outcome);
  }

  /** One request for the group (n = its size); each call settles on its own (finish, abort, failure). */
  private async runGroup(group: Call[]): Promise<void> {
    const controller = new AbortController();
    const live = group.filter((call) => !call.request.signal?.aborted);
    let promptTokens = 0;
    const cleanups: (() => void)[] = [];
    for (const call of group) {
      const signal = call.request.signal;
      if (!signal) continue;
      const onAbort = () => {
        this.settle(call, this.partial(call, 'abort', promptTokens));
        // llama-server cannot cancel one choice of an n request (closing the connection stops them all),
        // so an aborted call's completion decodes on until the others end, its tokens dropped (settled
        // calls get none, see deliver). Once no call on it is waiting any more, the connection closes
        // at once and the server frees every slot of the request.
        if (group.every((c) => c.settled)) controller.abort();
      };
      if (signal.aborted) onAbort();
      else {
        signal.addEventListener('abort', onAbort, { once: true });
        cleanups.push(() => signal.removeEventListener('abort', onAbort));
      }
    }
    if (live.length === 0) return;
    let server: LlamaServerProcess | undefined;
    let holding = false;
    try {
      // Waiting for slots ends when every call is aborted or the backend is disposed (not when the
      // server dies: the request then goes to the next server).
      await this.slots.acquire(group.length, AbortSignal.any([controller.signal, this.disposal.signal]));
      holding = true;
      this.running.add(controller);
      server = await this.keeper.ensure();
      const first = group[0].request;
      promptTokens = await serverPromptTokens(server.url, first.messages, controller.signal, this.config.idleSeconds);
      const contextSize = this.config.contextSize;
      // As in-process: the prompt must leave room for one generated token and one free cell, and
      // generation ends at the end of the slot's context ('length'), never shifting the prompt out.
      const room = contextSize - promptTokens - 1;
      if (room < 1) {
        throw new BackendError(
          `proof too long for this model's context: ${promptTokens} tokens > ${contextSize - 2} ` +
            `(context size ${contextSize}; use a larger context size, a model with a longer context, or a shorter proof)`,
          'context-overflow',
        );
      }
      // A JSON schema goes as a grammar on a text completion of the templated prompt: through the chat
      // endpoint this llama.cpp wraps it in its chat-format grammar, which fails on some templates
      // ("Failed to initialize samplers" on the tiny test model's).
      const path = first.jsonSchema ? '/v1/completions' : '/v1/chat/completions';
      const body: Record<string, unknown> = {
        ...(first.jsonSchema ? { prompt: await serverPrompt(server.url, first.messages, controller.signal, this.config.idleSeconds), json_schema: first.jsonSchema } : { messages: first.messages }),
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: Math.min(first.maxTokens, room),
        temperature: first.temperature,
        top_p: first.topP,
        // The request's sampling is the whole story: llama-server's other samplers off.
        top_k: 0,
        min_p: 0,
        repeat_penalty: 1,
        ...(first.seed !== undefined ? { seed: first.seed } : {}),
        ...(group.length > 1 ? { n: group.length } : {}),
      };
      this.counters.requests++;
      this.counters.prefixEvaluations++;
      this.counters.prefixLoads += group.length - 1;
      await streamChoices(server.url, path, body, group.map((call) => call.stream), {
        done: (index) => {
          const call = group[index];
          if (!call) return;
          const finishReason = finishFromServer(call.stream.finish);
          const result = this.partial(call, finishReason, promptTokens);
          this.settle(call, finishReason === 'incomplete' ? { ...result, finishDetail: `finish_reason "${call.stream.finish ?? ''}"` } : result);
        },
      }, controller.signal, this.config.idleSeconds, this.config.keepAliveSeconds);
      if (!server.alive) throw this.died(server);
      for (const call of group) {
        if (call.settled) continue;
        if (this.disposed) this.settle(call, this.partial(call, 'abort', promptTokens));
        else this.settle(call, new BackendError('llama-server closed the stream before the answer finished', 'connection'));
      }
    } catch (thrown) {
      let error = thrown;
      if (server?.alive && error instanceof BackendError && error.code === 'timeout') {
        // Silent through several of its own pings: the server is hung (stopped, deadlocked), and every
        // later call would wait out the limit too. Stopped, so the next call starts a fresh one.
        await server.stop();
        error = new BackendError(`${error.message}: stopped it; the next call starts it again`, 'timeout', { cause: error });
      }
      // A lost connection usually means the server died: its exit may come a moment after the socket error.
      if (server?.alive && error instanceof BackendError && error.code === 'connection') {
        await Promise.race([server.exited, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      }
      const failure =
        error instanceof BackendError && error.code === 'timeout' ? error : server && !server.alive ? this.died(server) : error instanceof Error ? error : new Error(String(error));
      for (const call of group) this.settle(call, this.disposed ? this.partial(call, 'abort', promptTokens) : failure);
    } finally {
      if (holding) this.slots.release(group.length);
      this.running.delete(controller);
      for (const cleanup of cleanups) cleanup();
    }
  }

  private died(server: LlamaServerProcess): BackendError {
    const reason = failureFromLog(server.log(20));
    return new BackendError(
      `llama-server stopped mid-call (${server.stopped}${reason ? `: ${reason}` : ''}); the next call starts it again`,
      'connection',
    );
  }

  private adopt(server: LlamaServerProcess): void {
    // Requests in flight end at once when their server dies (rather than at a socket error).
    void server.exited.then(() => {
      for (const controller of this.running) controller.abort();
    });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.disposal.abort();
    const queued = this.queue;
    this.queue = [];
    for (const call of queued) this.settle(call, this.partial(call, 'abort', 0));
    for (const controller of this.running) controller.abort();
    await this.keeper.dispose();
  }
}

/** Starts llama-server on the model; a failure is BackendError('model-load') with the server's reason. */
async function startServer(config: ServerBackendConfig): Promise<LlamaServerProcess> {
  try {
    return await LlamaServerProcess.start({ binary: config.binary.path, args: config.args });
  } catch (error) {
    const reason = error instanceof ServerStartError ? (failureFromLog(error.log) ?? error.why) : (error as Error).message;
    throw new BackendError(`llama.cpp could not load ${config.path}: ${reason}`, 'model-load', { cause: error });
  }
}

const DEFAULT_MAX_CONTEXT = 16384;

/** The local backend on llama-server: checks the file, starts the server, resolves once it serves. */
export async function createServerBackend(
  path: string,
  options: LocalBackendOptions & { parallel: number; contextSize?: number; batchSize?: number; streamIdleSeconds?: number },
  binary: LlamaServerBinary,
  threads: ThreadSplit,
  why: string,
): Promise<Omit<LocalModelBackend, 'stats'> & { readonly serverPid: number | undefined; readonly serverUrl: string | undefined; stats(): ServerBackendStats }> {
  await checkGgufPreamble(path);
  // As in-process: as large as the model was trained for, up to 16384 tokens per slot.
  let contextSize = options.contextSize;
  if (contextSize === undefined) {
    const trained = summarizeGguf(await readGgufHeader(path, { maxArrayItems: 0 })).contextLength;
    contextSize = Math.min(trained ?? DEFAULT_MAX_CONTEXT, DEFAULT_MAX_CONTEXT);
  }
  const parallel = options.parallel;
  const gpuLayers = askedGpuLayers(options.gpuLayers);
  const args = [
    '--model', path,
    '--parallel', String(parallel),
    // One KV pool shared by the slots: a copied prompt (n_cmpl) shares its cells instead of copying them.
    '--ctx-size', String(contextSize * parallel),
    '--kv-unified',
    '--kv-unified-per-slot', String(contextSize),
    '--threads', String(threads.decode),
    '--threads-batch', String(threads.batch),
    '--jinja',
    '--no-ui',
    // No RAM prompt cache: this llama.cpp saves each finished prompt's KV cache into it (and clears the
    // slot) when the next request arrives, ~100 ms per 1,000-token prompt on the critical path of every
    // call (10 % of prompt processing on the bench model), and holds up to 8 GiB of RAM for it. Our calls
    // reuse a prompt within a request (n) or a slot's own prefix, as in process, never from that cache.
    '--cache-ram', '0',
    ...(options.batchSize ? ['--batch-size', String(options.batchSize)] : []),
    ...(gpuLayers !== undefined ? ['-ngl', String(gpuLayers)] : []),
    ...(options.gpu === false ? ['--device', 'none'] : []),
  ];
  const idleSeconds = options.streamIdleSeconds ?? STREAM_IDLE_SECONDS;
  const config: ServerBackendConfig = {
    path,
    spec: typeof options.spec === 'string' ? options.spec : `local:${path}`,
    binary,
    parallel,
    contextSize,
    threads,
    why,
    args,
    coalesce: options.sharedPrefix !== false,
    idleSeconds,
    ...(typeof options.streamKeepAliveSeconds === 'number' ? { keepAliveSeconds: options.streamKeepAliveSeconds } : {}),
    ...(gpuLayers !== undefined ? { gpuLayers } : {}),
  };
  const server = await startServer(config);
  return new ServerBackend(config, server);
}
