// The `local` backend on proofwright-runtime, our own native inference process (native/runtime/runtime.cpp,
// built by scripts/build-llama-runtime.ts), behind the same ModelBackend contract as llama-server
// (server-backend.ts) and node-llama-cpp (local-backend.ts). Why: llama-server's HTTP and queue threads
// cost ~15-20 % of decode speed on 2 cores; the runtime is one decode loop that writes one stdout line per
// step (NOTES.md, "Native speed").
//
// Calls with the same sharedPrefixKey that arrive together go as ONE generate request with n = k
// (coalesce.ts): the runtime prefills the prompt once and copies it in memory to the other k-1
// sequences; completion i samples with seed + i, as separate seeded calls would. One call can be
// cancelled alone (the runtime frees its sequence at once). Prompt accounting is the runtime's (its
// tokenization of the templated prompt). A runtime that dies fails the calls in flight, saying so, and
// the next call starts a fresh one, once. A runtime that goes silent while it has work (stopped,
// deadlocked) fails them after the idle limit, as llama-server's calls do, and is killed.
import { ChildKeeper } from './child-keeper';
import { BackendError, type BackendInfo, type ChatMessage, type GenerateRequest, type GenerateResult, type TokenChunk } from '../backend';
import { readGgufHeader, summarizeGguf } from '../library/gguf';
import { ChoiceStream } from '../openai/chatStream';
import { coalesceCalls } from './coalesce';
import { checkGgufPreamble } from './gguf-check';
import type { LocalBackendOptions, LocalBackendStats, LocalModelBackend } from './local-backend';
import { RuntimeProcess, RuntimeStartError } from './runtime-process';
import { STREAM_IDLE_SECONDS } from './server-http';
import { failureFromLog } from './server-process';
import type { RuntimeEvent } from './runtime-protocol';
import type { ThreadSplit } from './threads';
import { askedGpuLayers, outOfProcessInfo, type OutOfProcessConfig } from './server-backend';

/** Counters of the native runtime: generate requests sent (one per coalesced group), prompts shared. */
export interface RuntimeBackendStats extends LocalBackendStats {
  requests: number;
}

/** What an aborted call waits for the runtime's `done` (its exact counts) before it settles without. */
const CANCEL_GRACE_MS = 1_000;
const DEFAULT_MAX_CONTEXT = 16384;

interface Call {
  request: GenerateRequest;
  started: number;
  stream: ChoiceStream;
  settled: boolean;
  /** Aborted by its signal: its later tokens are dropped, its result waits for the runtime's `done`. */
  aborted: boolean;
  resolve(result: GenerateResult): void;
  reject(error: unknown): void;
}

/** A request in flight on the runtime: its events, and what to do if the runtime dies. */
interface Pending {
  /** The runtime it was sent to: a death or hang fails only that runtime's requests. */
  runtime: RuntimeProcess;
  onEvent(event: RuntimeEvent): void;
  died(error: BackendError): void;
}

export interface RuntimeBackendConfig extends OutOfProcessConfig {
  /** The proofwright-runtime executable. */
  binary: string;
}

class RuntimeBackend implements LocalModelBackend {
  /** The child process: started again after a death, a failed start final (child-keeper.ts). */
  private readonly keeper = new ChildKeeper<RuntimeProcess>(() => startRuntime(this.config), (child) => this.adopt(child));
  private queue: Call[] = [];
  private readonly pending = new Map<string, Pending>();
  private readonly inFlight = new Set<Call>();
  private readonly counters: RuntimeBackendStats = { prefixEvaluations: 0, prefixLoads: 0, prefixReuses: 0, requests: 0 };
  private nextId = 0;
  private disposed = false;
  private badLine: string | undefined;
  /**
   * The idle limit's timer, armed while the current runtime has requests and pushed back by every event
   * it sends (timer.refresh(): no allocation per token).
   *
   * Silence is counted per runtime, not per call: any event is life for every request. Why: a request
   * the runtime queued (all sequences busy) legitimately gets nothing until a sequence frees, and the
   * engine cannot see when it starts; but the runtime is then working on the requests ahead of it,
   * which send tokens (every 16 ms) or prefill progress (every chunk), and it admits requests first
   * come first served, so the queued one starts once those end. A runtime that sends nothing at all
   * while it has requests is not working on any of them: the one decode loop is stopped or stuck.
   */
  private watchdog: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: RuntimeBackendConfig,
    runtime: RuntimeProcess,
  ) {
    this.keeper.keep(runtime);
  }

  get threads(): number {
    return this.config.threads.decode;
  }

  /** The running runtime's process id (tests: crash and orphan checks). */
  get runtimePid(): number | undefined {
    return this.keeper.current?.alive ? this.keeper.current.pid : undefined;
  }

  /** The running runtime process (tests: hostile input, status). */
  get process(): RuntimeProcess | undefined {
    return this.keeper.current;
  }

  info(): BackendInfo {
    return outOfProcessInfo(this.config, 'proofwright-runtime', this.config.binary);
  }

  stats(): RuntimeBackendStats {
    return { ...this.counters };
  }

  /** Sequences in use and requests waiting, as the runtime sees them now. */
  async status(): Promise<{ busy: number; waiting: number }> {
    const event = await this.ask({ type: 'status' });
    if (event.type !== 'status') throw new BackendError(`proofwright-runtime answered a status request with ${event.type}`, 'internal');
    return { busy: event.busy, waiting: event.waiting };
  }

  async countTokens(messages: ChatMessage[]): Promise<number> {
    const event = await this.ask({ type: 'template', messages });
    if (event.type !== 'template') throw new BackendError(`proofwright-runtime answered a template request with ${event.type}`, 'internal');
    return event.tokens;
  }

  /** One request that the runtime answers with one event (or an error event). */
  private async ask(request: { type: 'template'; messages: ChatMessage[] } | { type: 'status' }): Promise<RuntimeEvent> {
    const runtime = await this.keeper.ensure();
    const id = `q${++this.nextId}`;
    return new Promise<RuntimeEvent>((resolve, reject) => {
      this.track(id, {
        runtime,
        onEvent: (event) => {
          this.untrack(id);
          if (event.type === 'error') reject(runtimeError(event.message, event.code));
          else resolve(event);
        },
        died: (error) => reject(error),
      });
      runtime.send({ ...request, id });
    });
  }

  generate(request: GenerateRequest): Promise<GenerateResult> {
    if (this.disposed) return Promise.reject(new BackendError('local backend is disposed', 'internal'));
    if (!Number.isInteger(request.maxTokens) || request.maxTokens < 1) {
      return Promise.reject(new BackendError(`maxTokens must be a positive integer, got ${request.maxTokens}`, 'bad-spec'));
    }
    return new Promise<GenerateResult>((resolve, reject) => {
      const call: Call = {
        request,
        started: performance.now(),
        settled: false,
        aborted: false,
        resolve,
        reject,
        stream: new ChoiceStream((chunk) => this.deliver(call, chunk)),
      };
      if (request.signal?.aborted) return resolve(this.partial(call, 'abort', 0, 0));
      // Calls issued in the same turn of the event loop (the m samples of one proof) coalesce.
      if (this.queue.length === 0) setImmediate(() => this.flush());
      this.queue.push(call);
    });
  }

  private deliver(call: Call, chunk: TokenChunk): void {
    if (!call.settled && !call.aborted) call.request.onToken?.(chunk);
  }

  private flush(): void {
    const calls = this.queue;
    this.queue = [];
    const groups = this.config.coalesce ? coalesceCalls(calls, this.config.parallel) : calls.map((call) => [call]);
    for (const group of groups) void this.runGroup(group);
  }

  private partial(call: Call, finishReason: GenerateResult['finishReason'], promptTokens: number, completionTokens: number): GenerateResult {
    return {
      ...call.stream.parts(),
      finishReason,
      promptTokens,
      completionTokens,
      timings: {
        ...(call.stream.firstTokenAt !== undefined ? { firstTokenMs: call.stream.firstTokenAt - call.started } : {}),
        totalMs: performance.now() - call.started,
      },
    };
  }

  private settle(call: Call, outcome: GenerateResult | Error): void {
    if (call.settled) return;
    call.settled = true;
    this.inFlight.delete(call);
    if (outcome instanceof Error) call.reject(outcome);
    else call.resolve(outcome);
  }

  /** One generate request for the group (n = its size); each call settles on its own (done, abort, failure). */
  private async runGroup(group: Call[]): Promise<void> {
    const live = group.filter((call) => {
      if (!call.request.signal?.aborted) return true;
      this.settle(call, this.partial(call, 'abort', 0, 0));
      return false;
    });
    if (live.length === 0) return;
    for (const call of live) this.inFlight.add(call);
    let runtime: RuntimeProcess;
    try {
      runtime = await this.keeper.ensure();
    } catch (error) {
      for (const call of live) this.settle(call, error as Error);
      return;
    }
    const id = `g${++this.nextId}`;
    const cleanups: (() => void)[] = [];
    let open = live.length;
    const closeOne = () => {
      if (--open > 0) return;
      this.untrack(id);
      for (const cleanup of cleanups) cleanup();
    };
    this.track(id, {
      runtime,
      onEvent: (event) => {
        if (event.type === 'progress') return; // life only (the watchdog): no text yet
        if (event.type === 'token') {
          const call = live[event.index];
          if (call && !call.aborted && !call.settled) call.stream.add({ content: event.text });
        } else if (event.type === 'done') {
          const call = live[event.index];
          if (!call || call.settled) return closeOne();
          call.stream.flush();
          // A cancelled answer counts the tokens it kept (those delivered before the abort; the runtime
          // may have decoded a few more before the cancel reached it, dropped here).
          if (event.finish === 'cancelled') this.settle(call, this.partial(call, 'abort', event.prompt_tokens, Math.min(call.stream.deltas, event.completion_tokens)));
          else this.settle(call, this.partial(call, event.finish, event.prompt_tokens, event.completion_tokens));
          closeOne();
        } else if (event.type === 'error') {
          const error =
            event.code === 'context-overflow' && event.prompt_tokens !== undefined
              ? new BackendError(
                  `proof too long for this model's context: ${event.prompt_tokens} tokens > ${this.config.contextSize - 2} ` +
                    `(context size ${this.config.contextSize}; use a larger context size, a model with a longer context, or a shorter proof)`,
                  'context-overflow',
                )
              : runtimeError(event.message, event.code);
          for (const call of live) this.settle(call, error);
          open = 1;
          closeOne();
        }
      },
      died: (error) => {
        for (const call of live) this.settle(call, this.disposed ? this.partial(call, 'abort', 0, call.stream.deltas) : error);
        open = 1;
        closeOne();
      },
    });
    live.forEach((call, index) => {
      const signal = call.request.signal;
      if (!signal) return;
      const onAbort = () => {
        if (call.settled) return;
        // Its later tokens are dropped at once; the result waits (briefly) for the runtime's `done`,
        // which carries the exact prompt count. The runtime frees the sequence at once.
        call.aborted = true;
        runtime.send({ type: 'cancel', id, index });
        setTimeout(() => this.settle(call, this.partial(call, 'abort', 0, call.stream.deltas)), CANCEL_GRACE_MS).unref();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener('abort', onAbort));
    });
    const first = live[0].request;
    this.counters.requests++;
    this.counters.prefixEvaluations++;
    this.counters.prefixLoads += live.length - 1;
    runtime.send({
      type: 'generate',
      id,
      messages: first.messages,
      n: live.length,
      ...(first.seed !== undefined ? { seed: first.seed } : {}),
      temperature: first.temperature,
      top_p: first.topP,
      // The request's sampling is the whole story: the other samplers off (as for llama-server).
      top_k: 0,
      min_p: 0,
      max_tokens: first.maxTokens,
      ...(first.jsonSchema ? { json_schema: first.jsonSchema } : {}),
    });
  }

  /** Registers a request sent to `pending.runtime`; arms the idle limit if it is not running. */
  private track(id: string, pending: Pending): void {
    this.pending.set(id, pending);
    this.watchdog ??= this.arm();
  }

  /** Forgets a finished request; with none left the idle limit stops (an idle runtime sends nothing, rightly). */
  private untrack(id: string): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.disarm();
  }

  private arm(): NodeJS.Timeout {
    return setTimeout(() => this.hung(), this.config.idleSeconds * 1000).unref();
  }

  private disarm(): void {
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }

  /** The runtime sent nothing for the idle limit while it had requests: fail them, saying so, and kill it. */
  private hung(): void {
    this.watchdog = undefined;
    const runtime = this.keeper.current;
    // Requests of a runtime that already died are failed by its exit (adopt).
    const mine = [...this.pending].filter(([, pending]) => pending.runtime === runtime);
    if (!runtime?.alive || mine.length === 0) return;
    const seconds = this.config.idleSeconds;
    const error = new BackendError(
      `proofwright-runtime (pid ${runtime.pid}) sent nothing for ${seconds} s while working on ${mine.length === 1 ? 'a request' : `${mine.length} requests`} ` +
        `(no token and no prompt progress, which it reports after every chunk of up to ${runtime.batchSize} prompt tokens): ` +
        `it is hung (stopped or deadlocked); stopped it, the next call starts it again`,
      'timeout',
    );
    // Killed first, so a call made from a failing call's handler already gets a fresh runtime.
    runtime.kill(`hung: sent nothing for ${seconds} s`);
    for (const [id, pending] of mine) {
      this.pending.delete(id);
      pending.died(error);
    }
  }

  private adopt(runtime: RuntimeProcess): void {
    this.badLine = undefined;
    runtime.onEvent = (event) => {
      if (runtime === this.keeper.current) this.watchdog?.refresh();
      if ('id' in event && event.id !== null) this.pending.get(event.id)?.onEvent(event);
      else if (event.type === 'error') process.stderr.write(`[proofwright-runtime] ${event.message}\n`);
    };
    runtime.onBadLine = (reason) => {
      // A line that is no event means a broken runtime: stop it rather than guess (the calls fail, saying why).
      this.badLine ??= reason;
      void runtime.stop();
    };
    void runtime.exited.then((why) => {
      const error = new BackendError(
        `proofwright-runtime stopped mid-call (${why}${this.badLine ? `; it wrote ${this.badLine}` : failureLine(runtime.log(20))}); the next call starts it again`,
        'connection',
      );
      for (const [id, pending] of [...this.pending]) {
        if (pending.runtime !== runtime) continue;
        this.pending.delete(id);
        pending.died(error);
      }
      if (this.pending.size === 0) this.disarm();
    });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const queued = this.queue;
    this.queue = [];
    for (const call of [...queued, ...this.inFlight]) this.settle(call, this.partial(call, 'abort', 0, call.stream.deltas));
    this.disarm();
    await this.keeper.dispose();
  }
}

/** A runtime error event as a BackendError with the contract's code. */
function runtimeError(message: string, code: string): BackendError {
  const known = code === 'context-overflow' || code === 'model-load' || code === 'bad-spec' || code === 'internal';
  return new BackendError(`proofwright-runtime: ${message}`, known ? code : 'internal');
}

/** ": <why, from the runtime's stderr>" (llama.cpp's load error, else its last error line, else the dynamic loader's), or nothing. */
function failureLine(log: string[]): string {
  const reason = failureFromLog(log);
  return reason ? `: ${reason}` : '';
}

/** Starts the runtime on the model; a failure is BackendError('model-load') with the runtime's reason. */
async function startRuntime(config: RuntimeBackendConfig): Promise<RuntimeProcess> {
  try {
    return await RuntimeProcess.start({ binary: config.binary, args: config.args });
  } catch (error) {
    const reason = error instanceof RuntimeStartError ? (error.code ? error.why : `${error.why}${failureLine(error.log)}`) : (error as Error).message;
    throw new BackendError(`llama.cpp could not load ${config.path}: ${reason}`, 'model-load', { cause: error });
  }
}

/** The local backend on proofwright-runtime: checks the file, starts the runtime, resolves once the model is loaded. */
export async function createRuntimeBackend(
  path: string,
  options: LocalBackendOptions & { parallel: number; contextSize?: number; batchSize?: number; streamIdleSeconds?: number },
  binary: string,
  threads: ThreadSplit,
  why: string,
): Promise<Omit<LocalModelBackend, 'stats'> & { readonly runtimePid: number | undefined; readonly process: RuntimeProcess | undefined; stats(): RuntimeBackendStats; status(): Promise<{ busy: number; waiting: number }> }> {
  await checkGgufPreamble(path);
  // As the other runtimes: as large as the model was trained for, up to 16384 tokens per sequence.
  let contextSize = options.contextSize;
  if (contextSize === undefined) {
    const trained = summarizeGguf(await readGgufHeader(path, { maxArrayItems: 0 })).contextLength;
    contextSize = Math.min(trained ?? DEFAULT_MAX_CONTEXT, DEFAULT_MAX_CONTEXT);
  }
  const gpuLayers = askedGpuLayers(options.gpuLayers);
  const args = [
    '--model', path,
    '--ctx-seq', String(contextSize),
    '--parallel', String(options.parallel),
    '--threads', String(threads.decode),
    '--threads-batch', String(threads.batch),
    ...(options.batchSize ? ['--batch-size', String(options.batchSize)] : []),
    ...(gpuLayers !== undefined ? ['--gpu-layers', String(gpuLayers)] : []),
  ];
  const config: RuntimeBackendConfig = {
    path,
    spec: typeof options.spec === 'string' ? options.spec : `local:${path}`,
    binary,
    parallel: options.parallel,
    contextSize,
    threads,
    why,
    args,
    coalesce: options.sharedPrefix !== false,
    // One idle limit for both out-of-process runtimes (the option and $PROOFWRIGHT_LLAMA_SERVER_IDLE_S, create.ts).
    idleSeconds: options.streamIdleSeconds ?? STREAM_IDLE_SECONDS,
    ...(gpuLayers !== undefined ? { gpuLayers } : {}),
  };
  return new RuntimeBackend(config, await startRuntime(config));
}
