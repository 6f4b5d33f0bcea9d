// The `local` backend: a GGUF model run in-process with node-llama-cpp.
//
// One context with `parallel` sequences: concurrent generate() calls each take a sequence (slot) and
// node-llama-cpp batches their tokens into shared decode calls. Calls that share a sharedPrefixKey
// evaluate the prompt once (see prefix-states.ts). Every call first prefills "prompt minus its last
// token" explicitly, whichever way, so plain and shared prefill leave bit-identical states and
// LlamaChat then only evaluates the last prompt token before sampling.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { basename, join } from 'node:path';
import {
  LlamaChat,
  resolveChatWrapper,
  type ChatWrapper,
  type GbnfJsonSchema,
  type Llama,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaGrammar,
  type LlamaModel,
  type Token,
} from 'node-llama-cpp';
import {
  BackendError,
  type BackendInfo,
  type ChatMessage,
  type FinishReason,
  type GenerateRequest,
  type GenerateResult,
  type ModelBackend,
} from '../backend';
import { finishFromLlama, promptTokens, ResponseCollector, toChatHistory, toTokenChunk } from './chat';
import { checkGgufFile } from './gguf-check';
import { getLlamaRuntime, takeLlamaErrors, type GpuChoice } from './llama-runtime';
import { PrefixStates } from './prefix-states';
import { SlotPool } from './slot-pool';
import { StateGate } from './state-gate';
import { availableCores, chooseThreadCount, otherProcessesLoad } from './threads';

export interface LocalBackendOptions {
  /** The spec recorded in BackendInfo (default `local:PATH`). */
  spec?: string;
  /** Sequences in the context = calls decoded together (default 4). */
  parallel?: number;
  /** Tokens per sequence (default: as large as memory allows, up to min(trained context, 16384)). */
  contextSize?: number;
  /** CPU threads (default: the cores available to this process, see threads.ts). */
  threads?: number;
  /** GPU backend: 'auto' picks CUDA/Vulkan/Metal when present, else CPU (default 'auto'). */
  gpu?: GpuChoice;
  /** Layers offloaded to the GPU (default 'auto': as many as fit). */
  gpuLayers?: 'auto' | 'max' | number;
  /** Tokens per decode call (node-llama-cpp default: min(512, context)). */
  batchSize?: number;
  /** Reuse the prompt state across calls with the same sharedPrefixKey (default true). */
  sharedPrefix?: boolean;
  /** Folder for the shared prompt state files (default: the OS temp folder). */
  prefixStateDir?: string;
  /**
   * 'native' runs our proofwright-runtime out of process (runtime-backend.ts), 'server' llama.cpp's
   * llama-server out of process (server-backend.ts), 'in-process' node-llama-cpp here. Default:
   * $PROOFWRIGHT_LOCAL_RUNTIME, else 'native' when the runtime is built, else 'server' when a
   * llama-server binary is found (server-binary.ts), else 'in-process'. BackendInfo.runtime says which and why.
   */
  runtime?: 'native' | 'server' | 'in-process';
  /**
   * Out-of-process runtimes: seconds a call may receive nothing before it fails as 'timeout' and the
   * hung process is stopped (the next call starts a fresh one); default $PROOFWRIGHT_LLAMA_SERVER_IDLE_S,
   * else 120. llama-server: nothing on the call's stream (no token, no keep-alive ping; it pings every
   * 30 s while it evaluates a prompt). proofwright-runtime: no event at all while it has requests (no
   * token, no prompt progress; it reports progress per prompt chunk of up to n_batch tokens, so the
   * limit must exceed one chunk's prefill time: 2048 tokens by default).
   */
  streamIdleSeconds?: number;
  /**
   * llama-server: seconds a call may receive only keep-alive pings, no token, before it fails as
   * 'timeout' and the server is stopped as hung (default 1800: its pings are all it sends while it
   * evaluates a prompt, minutes on a loaded CPU). See STREAM_KEEPALIVE_SECONDS in server-http.ts.
   */
  streamKeepAliveSeconds?: number;
  /** Chat wrapper to use instead of the one resolved from the GGUF's chat template (in-process only). */
  chatWrapper?: ChatWrapper;
  /** Other backend options (BackendOptions from spec.ts) are accepted and ignored. */
  [key: string]: unknown;
}

/** Counters that show which path calls took (tests and benchmarks read them). */
export interface LocalBackendStats {
  /** Prompt prefixes evaluated token by token. */
  prefixEvaluations: number;
  /** Prompt prefixes loaded from another sequence's saved state. */
  prefixLoads: number;
  /** Prompt prefixes already held by the sequence (reused in place). */
  prefixReuses: number;
}

export interface LocalModelBackend extends ModelBackend {
  readonly threads: number;
  stats(): LocalBackendStats;
}

interface Slot {
  sequence: LlamaContextSequence;
  chat: LlamaChat;
}

const DEFAULT_PARALLEL = 4;
const DEFAULT_MAX_CONTEXT = 16384;

export function positiveInteger(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new BackendError(`local backend: ${name} must be a positive integer, got ${String(value)}`, 'bad-spec');
  }
  return value;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

class LocalBackend implements LocalModelBackend {
  private readonly pool: SlotPool<Slot>;
  private readonly prefixStates: PrefixStates | undefined;
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();
  private readonly gate = new StateGate();
  private readonly inFlight = new Set<{ controller: AbortController; done: Promise<unknown> }>();
  private readonly counters: LocalBackendStats = { prefixEvaluations: 0, prefixLoads: 0, prefixReuses: 0 };
  private disposed = false;

  constructor(
    private readonly llama: Llama,
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    private readonly chatWrapper: ChatWrapper,
    slots: Slot[],
    private readonly stateDir: string | undefined,
    private readonly details: { spec: string; path: string; threads: number; why: string },
  ) {
    this.pool = new SlotPool(slots);
    this.prefixStates = stateDir ? new PrefixStates(stateDir) : undefined;
  }

  get threads(): number {
    return this.details.threads;
  }

  info(): BackendInfo {
    return {
      spec: this.details.spec,
      kind: 'local',
      model: basename(this.details.path),
      contextSize: this.context.contextSize,
      parallel: this.context.totalSequences,
      threads: this.details.threads,
      gpuLayers: this.model.gpuLayers,
      runtime: { name: 'node-llama-cpp', why: this.details.why },
    };
  }

  stats(): LocalBackendStats {
    return { ...this.counters };
  }

  async countTokens(messages: ChatMessage[]): Promise<number> {
    this.ensureOpen();
    return promptTokens(this.model, this.chatWrapper, messages).length;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    this.ensureOpen();
    const started = performance.now();
    const tokens = promptTokens(this.model, this.chatWrapper, request.messages);
    const contextSize = this.context.contextSize;
    // The prompt must fit with room for at least one generated token, plus the one free cell LlamaChat
    // keeps before it would shift the context (dropping prompt text, which we never do).
    const room = contextSize - tokens.length - 1;
    if (room < 1) {
      throw new BackendError(
        `proof too long for this model's context: ${tokens.length} tokens > ${contextSize - 2} ` +
          `(context size ${contextSize}; use a larger context size, a model with a longer context, or a shorter proof)`,
        'context-overflow',
      );
    }
    if (!Number.isInteger(request.maxTokens) || request.maxTokens < 1) {
      throw new BackendError(`maxTokens must be a positive integer, got ${request.maxTokens}`, 'bad-spec');
    }
    // Generation stops at the end of the context (finishReason 'length') instead of shifting it.
    const maxTokens = Math.min(request.maxTokens, room);

    const controller = new AbortController();
    const signal = request.signal ? AbortSignal.any([request.signal, controller.signal]) : controller.signal;
    const collector = new ResponseCollector();
    const progress = { completionTokens: 0, firstTokenMs: undefined as number | undefined };
    const partial = (finishReason: FinishReason): GenerateResult => ({
      text: collector.text,
      ...(collector.reasoning ? { reasoning: collector.reasoning } : {}),
      finishReason,
      promptTokens: tokens.length,
      completionTokens: progress.completionTokens,
      timings: { firstTokenMs: progress.firstTokenMs, totalMs: performance.now() - started },
    });

    const work = this.run(request, tokens, maxTokens, signal, collector, progress, partial);
    const entry = { controller, done: work.catch(() => undefined) };
    this.inFlight.add(entry);
    void entry.done.finally(() => this.inFlight.delete(entry));
    if (signal.aborted) return partial('abort');
    // Abort returns at once with the partial text; the slot is freed when the native work stops.
    return new Promise<GenerateResult>((resolve, reject) => {
      const onAbort = () => resolve(partial('abort'));
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private async run(
    request: GenerateRequest,
    tokens: Token[],
    maxTokens: number,
    signal: AbortSignal,
    collector: ResponseCollector,
    progress: { completionTokens: number; firstTokenMs: number | undefined },
    partial: (finishReason: FinishReason) => GenerateResult,
  ): Promise<GenerateResult> {
    const started = performance.now();
    let slot: Slot;
    try {
      slot = await this.pool.acquire(signal);
    } catch (error) {
      if (signal.aborted) return partial('abort');
      throw new BackendError(`local backend: ${message(error)}`, 'internal', { cause: error });
    }
    try {
      const grammar = request.jsonSchema ? await this.grammarFor(request.jsonSchema) : undefined;
      await this.prefill(slot.sequence, tokens.slice(0, -1), request.sharedPrefixKey, signal);
      if (signal.aborted) return partial('abort');
      let answerTokens = 0;
      let chunkTokens = 0;
      const response = await this.gate.shared(() => slot.chat.generateResponse(toChatHistory(request.messages), {
        maxTokens,
        temperature: request.temperature,
        ...(request.topP < 1 ? { topP: request.topP } : {}),
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
        ...(grammar ? { grammar } : {}),
        signal,
        stopOnAbortSignal: true,
        // The request's sampling is the whole story: no hidden repeat penalty, no trimming.
        repeatPenalty: false,
        trimWhitespaceSuffix: false,
        // onToken only sees answer tokens; response chunks also carry thought (reasoning) tokens but
        // hold back text that might start a stop trigger. The larger count is the generated total.
        onToken: (generated) => {
          answerTokens += generated.length;
          progress.completionTokens = Math.max(answerTokens, chunkTokens);
        },
        onResponseChunk: (chunk) => {
          chunkTokens += chunk.tokens.length;
          progress.completionTokens = Math.max(answerTokens, chunkTokens);
          const tokenChunk = toTokenChunk(chunk);
          if (!tokenChunk) return;
          progress.firstTokenMs ??= performance.now() - started;
          collector.add(tokenChunk);
          request.onToken?.(tokenChunk);
        },
      }));
      const { finishReason, finishDetail } = finishFromLlama(response.metadata.stopReason);
      const reasoning = response.fullResponse
        .filter((item) => typeof item !== 'string' && item.segmentType === 'thought')
        .map((item) => (typeof item === 'string' ? '' : item.text))
        .join('');
      return {
        ...partial(finishReason),
        ...(finishDetail ? { finishDetail } : {}),
        text: response.response,
        ...(reasoning ? { reasoning } : {}),
      };
    } catch (error) {
      if (signal.aborted) return partial('abort');
      if (error instanceof BackendError) throw error;
      throw new BackendError(`local generation failed: ${message(error)}`, 'internal', { cause: error });
    } finally {
      this.pool.release(slot);
    }
  }

  /** Leaves exactly `prefix` in the sequence: reused in place, loaded from a shared state, or evaluated. */
  private async prefill(sequence: LlamaContextSequence, prefix: Token[], key: string | undefined, signal: AbortSignal): Promise<void> {
    if (holdsPrefix(sequence, prefix)) {
      await this.gate.shared(() => sequence.adaptStateToTokens(prefix, false));
      this.counters.prefixReuses++;
      return;
    }
    if (key === undefined || !this.prefixStates || prefix.length === 0) {
      await this.evaluatePrefix(sequence, prefix, signal);
      return;
    }
    const claim = this.prefixStates.claim(key, prefix);
    try {
      if (claim.leader) {
        let saved = false;
        try {
          if (await this.evaluatePrefix(sequence, prefix, signal)) {
            // A failed save (disk full…) only costs the followers their shortcut.
            saved = await this.gate.exclusive(() => sequence.saveStateToFile(claim.state.file)).then(() => true, () => false);
          }
        } finally {
          claim.settle(saved);
        }
        // Let the followers woken by settle() queue their loads before this call starts generating
        // (a load waits for running evaluations to finish).
        if (saved) await new Promise((resolve) => setImmediate(resolve));
        return;
      }
      if (await claim.state.ready) {
        if (signal.aborted) return;
        const loaded = await this.gate
          .exclusive(() => sequence.loadStateFromFile(claim.state.file, { acceptRisk: true }))
          .then(() => true, () => false);
        if (loaded && sameContext(sequence, prefix)) {
          this.counters.prefixLoads++;
          return;
        }
      }
    } finally {
      claim.release();
    }
    // The shared state was not usable (leader aborted or failed): plain prefill.
    await this.evaluatePrefix(sequence, prefix, signal);
  }

  /** True when the whole prefix is in the sequence, false when stopped early by an abort. */
  private evaluatePrefix(sequence: LlamaContextSequence, prefix: Token[], signal: AbortSignal): Promise<boolean> {
    return this.gate.shared(() => this.evaluatePrefixUngated(sequence, prefix, signal));
  }

  private async evaluatePrefixUngated(sequence: LlamaContextSequence, prefix: Token[], signal: AbortSignal): Promise<boolean> {
    await sequence.adaptStateToTokens(prefix, false);
    const start = sequence.nextTokenIndex;
    if (start < prefix.length) this.counters.prefixEvaluations++;
    // Batch-sized chunks: the same decode calls node-llama-cpp would make, with abort checks between.
    const chunk = this.context.batchSize;
    for (let index = start; index < prefix.length; index += chunk) {
      if (signal.aborted) return false;
      await sequence.evaluateWithoutGeneratingNewTokens(prefix.slice(index, index + chunk));
    }
    return true;
  }

  private grammarFor(schema: Record<string, unknown>): Promise<LlamaGrammar> {
    const key = JSON.stringify(schema);
    let grammar = this.grammars.get(key);
    if (!grammar) {
      // The schema comes from our own callers; node-llama-cpp validates it and throws on what it cannot express.
      grammar = this.llama.createGrammarForJsonSchema(schema as unknown as Readonly<{ type: 'object' }> & GbnfJsonSchema).catch((error: unknown) => {
        this.grammars.delete(key);
        throw new BackendError(`JSON schema not supported for grammar-constrained decoding: ${message(error)}`, 'bad-spec', { cause: error });
      });
      this.grammars.set(key, grammar);
    }
    return grammar;
  }

  private ensureOpen(): void {
    if (this.disposed) throw new BackendError('local backend is disposed', 'internal');
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.pool.close(new BackendError('local backend is disposed', 'aborted'));
    for (const entry of this.inFlight) entry.controller.abort();
    await Promise.all([...this.inFlight].map((entry) => entry.done));
    await this.context.dispose();
    await this.model.dispose();
    if (this.stateDir) await rm(this.stateDir, { recursive: true, force: true });
  }
}

/** The reason llama.cpp logged ("unknown model architecture: 'x'"), else the library's message. */
function loadFailureReason(error: unknown): string {
  const logged = takeLlamaErrors()
    .map((line) => /error loading model:\s*(.+)$/.exec(line)?.[1])
    .filter((reason): reason is string => reason !== undefined);
  return logged.length > 0 ? logged[0] : message(error);
}

function holdsPrefix(sequence: LlamaContextSequence, prefix: Token[]): boolean {
  return prefix.length > 0 && sequence.compareContextTokens(prefix).firstDifferentIndex === prefix.length;
}

function sameContext(sequence: LlamaContextSequence, prefix: Token[]): boolean {
  const held = sequence.contextTokens;
  return held.length === prefix.length && holdsPrefix(sequence, prefix);
}

/**
 * Load a GGUF model with node-llama-cpp in this process; bad files and load failures throw
 * BackendError('model-load'). `why` is recorded in BackendInfo.runtime (createLocalBackend picks).
 */
export async function createInProcessBackend(path: string, options: LocalBackendOptions = {}, why = 'runtime: in-process was asked for'): Promise<LocalModelBackend> {
  const parallel = positiveInteger(options.parallel, 'parallel') ?? DEFAULT_PARALLEL;
  const threads = positiveInteger(options.threads, 'threads') ?? chooseThreadCount(availableCores(), await otherProcessesLoad());
  const contextSize = positiveInteger(options.contextSize, 'contextSize');
  const batchSize = positiveInteger(options.batchSize, 'batchSize');
  const spec = typeof options.spec === 'string' ? options.spec : `local:${path}`;

  let llama: Llama;
  try {
    llama = await getLlamaRuntime(options.gpu ?? 'auto');
  } catch (error) {
    throw new BackendError(`node-llama-cpp could not start: ${message(error)}`, 'model-load', { cause: error });
  }
  await checkGgufFile(path, llama);

  let model: LlamaModel;
  takeLlamaErrors();
  try {
    model = await llama.loadModel({ modelPath: path, gpuLayers: options.gpuLayers ?? 'auto' });
  } catch (error) {
    throw new BackendError(`llama.cpp could not load ${path}: ${loadFailureReason(error)}`, 'model-load', { cause: error });
  }
  let context: LlamaContext;
  try {
    context = await model.createContext({
      sequences: parallel,
      contextSize: contextSize ?? { max: Math.min(model.trainContextSize, DEFAULT_MAX_CONTEXT) },
      threads,
      ...(batchSize ? { batchSize } : {}),
    });
  } catch (error) {
    await model.dispose();
    throw new BackendError(`could not create a ${parallel}-sequence context for ${path}: ${message(error)}`, 'model-load', { cause: error });
  }

  const chatWrapper = (options.chatWrapper as ChatWrapper | undefined) ?? resolveChatWrapper(model);
  const slots: Slot[] = [];
  for (let i = 0; i < parallel; i++) {
    const sequence = context.getSequence();
    slots.push({ sequence, chat: new LlamaChat({ contextSequence: sequence, chatWrapper, autoDisposeSequence: false }) });
  }
  const stateBase = typeof options.prefixStateDir === 'string' ? options.prefixStateDir : os.tmpdir();
  let stateDir: string | undefined;
  if (options.sharedPrefix !== false) {
    try {
      stateDir = await mkdtemp(join(stateBase, 'proofwright-prefix-'));
    } catch (error) {
      await context.dispose();
      await model.dispose();
      throw new BackendError(`cannot create a folder for prompt states in ${stateBase}: ${message(error)}`, 'bad-spec', { cause: error });
    }
  }
  return new LocalBackend(llama, model, context, chatWrapper, slots, stateDir, { spec, path, threads, why });
}
