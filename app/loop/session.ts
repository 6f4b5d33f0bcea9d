// One run: its record in the store, its events, and every model call made through `call()`, which
// emits call-started / call-token / call-finished / call-failed and appends the call record.
import type { LoopEvent, RunKind, RunStatus } from '../common/events';
import type { CallRole, SampleStatus, UnparsedReason } from '../common/results';
import { describeFinish, type ChatMessage, type GenerateRequest, type GenerateResult, type ModelBackend } from '../models/backend';
import { callKey, hashText, type CallRecord, type LoadedRun, type RunHeader, type RunWriter } from '../store';
import type { LoopContext } from './context';
import { createLimiter, type Limiter } from './limiter';

export interface Parsed<P> {
  status: 'parsed' | 'unparsed';
  score: number | null;
  reason?: UnparsedReason;
  value: P;
}

export interface CallSpec<P> {
  role: CallRole;
  messages: ChatMessage[];
  templateId?: string;
  templateHash?: string;
  promptHash?: string;
  sample?: number;
  candidateId?: string;
  round?: number;
  /** Offset added to the seed base. */
  seedOffset?: number;
  sharedPrefixKey?: string;
  jsonSchema?: Record<string, unknown>;
  /** Per-call overrides of the run's sampling (the extraction pass decodes greedily, for instance). */
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  seed?: number;
  parse(result: GenerateResult): Parsed<P>;
}

export interface FinishedCall<P> {
  status: 'parsed' | 'unparsed';
  callId: string;
  result: GenerateResult;
  parsed: Parsed<P>;
}

export interface BrokenCall {
  status: 'failed' | 'cancelled';
  callId: string;
  error: string;
  result?: GenerateResult;
}

export type CallOutcome<P> = FinishedCall<P> | BrokenCall;

/** True when the model answered (parsed or not); false when the call failed or was cancelled. */
export function answered<P>(outcome: CallOutcome<P>): outcome is FinishedCall<P> {
  return outcome.status === 'parsed' || outcome.status === 'unparsed';
}

/**
 * A run to continue: its record as loaded and a writer appending to it (RunStore.reopenRun); a null
 * writer replays the record without adding to it (app/loop/resume.ts recordedPool).
 */
export interface ResumeFrom {
  run: LoadedRun;
  writer: RunWriter | null;
}

export class RunSession {
  private callSeq = 0;
  private issued = 0;
  private replayedCalls = 0;
  private reissuedCalls = 0;
  private planned = 0;
  /** Finished calls of the run being resumed, by callKey, in record order. */
  private readonly replay = new Map<string, CallRecord[]>();
  /** Cancelled or failed attempts of the resumed run, by callKey: issuing one again is a re-issue, not a new call. */
  private readonly retry = new Map<string, number>();
  /** Call ids already in the record: a new call never reuses one. */
  private readonly usedIds = new Set<string>();
  readonly limit: Limiter;
  readonly model: string;

  private constructor(
    readonly ctx: LoopContext,
    readonly runId: string,
    readonly kind: RunKind,
    private readonly writer: RunWriter | null,
  ) {
    this.limit = createLimiter(ctx.concurrency);
    this.model = ctx.backend.info().model;
  }

  /**
   * Start a run, or continue one (`resume`): then every call whose finished answer (parsed or
   * unparsed) is in the record is answered from it, without reaching the backend or adding a line,
   * so the run reaches the result an uninterrupted run would have; failed, cancelled and missing
   * calls are issued again.
   */
  static async start(
    ctx: LoopContext,
    kind: RunKind,
    header: Omit<RunHeader, 'kind' | 'backend' | 'profile'>,
    plannedCalls: number,
    resume?: ResumeFrom,
  ): Promise<RunSession> {
    const info = ctx.backend.info();
    const writer = resume
      ? resume.writer
      : ctx.store
        ? await ctx.store.createRun({ ...header, kind, profile: ctx.profile, backend: { spec: info.spec, model: info.model, kind: info.kind } })
        : null;
    const runId = writer?.runId ?? resume?.run.runId ?? `${kind}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const session = new RunSession(ctx, runId, kind, writer);
    for (const call of resume?.run.calls ?? []) {
      session.usedIds.add(call.callId);
      const key = callKey(call);
      if (call.status !== 'parsed' && call.status !== 'unparsed') {
        session.retry.set(key, (session.retry.get(key) ?? 0) + 1);
        continue;
      }
      session.replay.set(key, [...(session.replay.get(key) ?? []), call]);
    }
    session.planned = plannedCalls;
    session.emit({ type: 'run-started', runId, kind, plannedCalls, at: Date.now() });
    return session;
  }

  get signal(): AbortSignal | undefined {
    return this.ctx.signal;
  }

  get cancelled(): boolean {
    return this.ctx.signal?.aborted ?? false;
  }

  /** Calls of this run so far: issued to the backend, plus those answered from the record on a resume. */
  get calls(): number {
    return this.issued + this.replayedCalls;
  }

  /** Calls of this run that issued again an attempt the resumed record held as cancelled or failed. */
  get reissued(): number {
    return this.reissuedCalls;
  }

  /** Calls answered from the record of the run being resumed. */
  get replayed(): number {
    return this.replayedCalls;
  }

  emit(event: LoopEvent): void {
    try {
      this.ctx.onEvent?.(event);
    } catch {
      // A listener's bug must not break the run.
    }
  }

  /** Change the planned call count by `delta` (e.g. meta calls that turned out not to be needed). */
  replan(delta: number): void {
    if (delta === 0) return;
    this.planned += delta;
    this.emit({ type: 'plan-changed', runId: this.runId, plannedCalls: this.planned });
  }

  /** One model call through the limiter. Never throws for model trouble: the outcome says what happened. */
  call<P>(spec: CallSpec<P>): Promise<CallOutcome<P>> {
    return this.limit(() => this.callNow(spec));
  }

  private async callNow<P>(spec: CallSpec<P>): Promise<CallOutcome<P>> {
    let callId = `${spec.role}-${++this.callSeq}`;
    // Queued calls that start after cancellation are never issued (and leave no record).
    if (this.cancelled) return { status: 'cancelled', callId, error: 'cancelled before it started' };
    const { sampling } = this.ctx;
    const params = {
      temperature: spec.temperature ?? sampling.temperature,
      topP: spec.topP ?? sampling.topP,
      maxTokens: spec.maxTokens ?? sampling.maxTokens,
      seed: spec.seed ?? (sampling.seed === undefined ? undefined : sampling.seed + (spec.seedOffset ?? 0)),
    };
    const promptHash = spec.promptHash ?? hashText(JSON.stringify(spec.messages));
    const key = callKey({ ...spec, promptHash, params });
    const recorded = this.replay.get(key)?.shift();
    if (recorded) return this.replayCall(spec, recorded);
    const attempts = this.retry.get(key) ?? 0;
    if (attempts > 0) {
      this.retry.set(key, attempts - 1);
      this.reissuedCalls++;
    }
    // Ids follow issue order, so a resumed run gives each call the id an uninterrupted run gives it.
    // An id the record already holds (a failed or cancelled attempt being issued again) gets an
    // attempt suffix instead of the next number: taking the next number shifted every later call's id.
    const first = callId;
    for (let attempt = 2; this.usedIds.has(callId); attempt++) callId = `${first}.${attempt}`;
    this.usedIds.add(callId);
    this.issued++;
    const startedAt = new Date();
    this.emit({ type: 'call-started', runId: this.runId, callId, role: spec.role, sample: spec.sample, candidateId: spec.candidateId, round: spec.round, at: startedAt.getTime() });
    const request: GenerateRequest = {
      messages: spec.messages,
      role: spec.role,
      ...params,
      jsonSchema: spec.jsonSchema,
      sharedPrefixKey: spec.sharedPrefixKey,
      signal: this.ctx.signal,
      onToken: (chunk) =>
        this.emit({ type: 'call-token', runId: this.runId, callId, text: chunk.text, reasoning: chunk.reasoning, ...(chunk.restart ? { restart: true } : {}) }),
    };
    const base = {
      callId,
      role: spec.role,
      sample: spec.sample,
      candidateId: spec.candidateId,
      round: spec.round,
      templateId: spec.templateId,
      templateHash: spec.templateHash,
      promptHash,
      params,
      backend: this.ctx.backend.info().spec,
      model: this.model,
    };

    let result: GenerateResult;
    try {
      result = await this.ctx.backend.generate(request);
    } catch (error) {
      const cancelled = this.cancelled;
      const message = error instanceof Error ? error.message : String(error);
      await this.record({
        ...base,
        output: { text: '' },
        finishReason: null,
        status: cancelled ? 'cancelled' : 'failed',
        error: message,
        timings: { startedAt: startedAt.toISOString(), totalMs: Date.now() - startedAt.getTime() },
      });
      this.emit({ type: 'call-failed', runId: this.runId, callId, role: spec.role, error: message, cancelled });
      return { status: cancelled ? 'cancelled' : 'failed', callId, error: message };
    }

    const timings = { startedAt: startedAt.toISOString(), firstTokenMs: result.timings.firstTokenMs, totalMs: result.timings.totalMs };
    const output = { text: result.text, reasoning: result.reasoning };
    const said = {
      ...(result.finishDetail ? { finishDetail: result.finishDetail } : {}),
      ...(result.adaptations?.length ? { adaptations: result.adaptations } : {}),
    };
    // Only a completed ('stop') or truncated ('length') answer reaches the parser: a cancelled,
    // failed or server-ended answer is never read for a verdict, whatever its text says.
    if (result.finishReason === 'abort' || result.finishReason === 'error' || result.finishReason === 'incomplete') {
      const status: SampleStatus = result.finishReason === 'abort' ? 'cancelled' : 'failed';
      const error = describeFinish(result) ?? 'the backend reported an error';
      await this.record({ ...base, output, finishReason: result.finishReason, ...said, status, error, promptTokens: result.promptTokens, completionTokens: result.completionTokens, timings });
      this.emit({ type: 'call-failed', runId: this.runId, callId, role: spec.role, error, cancelled: status === 'cancelled', ...(said.adaptations ? { adaptations: said.adaptations } : {}) });
      return { status, callId, error, result };
    }

    let parsed: Parsed<P>;
    try {
      parsed = spec.parse(result);
    } catch (error) {
      // Model output is untrusted: a parser that chokes on it fails this call, not the run.
      const message = `could not parse the answer: ${error instanceof Error ? error.message : String(error)}`;
      await this.record({ ...base, output, finishReason: result.finishReason, ...said, status: 'failed', error: message, promptTokens: result.promptTokens, completionTokens: result.completionTokens, timings });
      this.emit({ type: 'call-failed', runId: this.runId, callId, role: spec.role, error: message, cancelled: false });
      return { status: 'failed', callId, error: message, result };
    }
    await this.record({
      ...base,
      output,
      finishReason: result.finishReason,
      ...said,
      parsed: parsed.value,
      status: parsed.status,
      error: parsed.reason,
      promptTokens: result.promptTokens,
      completionTokens: result.completionTokens,
      timings,
    });
    this.emit({
      type: 'call-finished',
      runId: this.runId,
      callId,
      role: spec.role,
      status: parsed.status,
      score: parsed.score,
      completionTokens: result.completionTokens,
      totalMs: result.timings.totalMs,
      ...(said.adaptations ? { adaptations: said.adaptations } : {}),
    });
    return { status: parsed.status, callId, result, parsed };
  }

  /** A finished call of the resumed run: its recorded answer, parsed again, with its recorded id. */
  private replayCall<P>(spec: CallSpec<P>, recorded: CallRecord): CallOutcome<P> {
    this.replayedCalls++;
    const result: GenerateResult = {
      text: recorded.output.text,
      ...(recorded.output.reasoning !== undefined ? { reasoning: recorded.output.reasoning } : {}),
      finishReason: recorded.finishReason ?? 'stop',
      ...(recorded.finishDetail ? { finishDetail: recorded.finishDetail } : {}),
      promptTokens: recorded.promptTokens ?? 0,
      completionTokens: recorded.completionTokens ?? 0,
      timings: { firstTokenMs: recorded.timings.firstTokenMs, totalMs: recorded.timings.totalMs },
    };
    const parsed = spec.parse(result);
    const { callId } = recorded;
    this.emit({ type: 'call-started', runId: this.runId, callId, role: spec.role, sample: spec.sample, candidateId: spec.candidateId, round: spec.round, at: Date.now() });
    this.emit({ type: 'call-finished', runId: this.runId, callId, role: spec.role, status: parsed.status, score: parsed.score, completionTokens: result.completionTokens, totalMs: 0, replayed: true });
    return { status: parsed.status, callId, result, parsed };
  }

  private async record(record: CallRecord): Promise<void> {
    await this.writer?.appendCall(record);
  }

  /**
   * A backend whose calls go through this session (events + records) with the given role: for helpers
   * that take a ModelBackend, like the extraction pass.
   */
  backendFor(role: CallRole, context: { sample?: number; candidateId?: string; round?: number } = {}): ModelBackend {
    const { backend } = this.ctx;
    return {
      info: () => backend.info(),
      countTokens: (messages) => backend.countTokens(messages),
      dispose: async () => {},
      generate: async (request) => {
        const outcome = await this.call({
          role,
          messages: request.messages,
          jsonSchema: request.jsonSchema,
          maxTokens: request.maxTokens,
          temperature: request.temperature,
          topP: request.topP,
          seed: request.seed,
          ...context,
          parse: (result) => ({ status: result.finishReason === 'stop' ? 'parsed' : 'unparsed', score: null, reason: result.finishReason === 'length' ? 'truncated' : undefined, value: null }),
        });
        if (answered(outcome)) return outcome.result;
        return outcome.result ?? { text: '', finishReason: outcome.status === 'cancelled' ? 'abort' : 'error', promptTokens: 0, completionTokens: 0, timings: { totalMs: 0 } };
      },
    };
  }

  /** Close the record with a summary and emit run-finished. */
  async finish(status: RunStatus, summary: { score?: number | null; error?: string; result?: unknown }, event: Partial<Extract<LoopEvent, { type: 'run-finished' }>>): Promise<void> {
    // `calls` is the run's own count (its result's), not the record's call lines: a resumed run's
    // cancelled attempts issued again would otherwise be counted twice.
    const reissuedCalls = this.reissuedCalls > 0 ? { reissuedCalls: this.reissuedCalls } : {};
    await this.writer?.finish({ status, calls: this.calls, ...reissuedCalls, score: summary.score, error: summary.error, result: summary.result });
    this.emit({ type: 'run-finished', runId: this.runId, status, error: summary.error, ...event, at: Date.now() });
  }
}

/** Run `body`, then finish the session as completed / cancelled / failed (rethrowing failures). */
export async function runSession<R>(
  session: RunSession,
  body: () => Promise<R>,
  finish: (result: R) => { score?: number | null; event: Partial<Extract<LoopEvent, { type: 'run-finished' }>> },
): Promise<R> {
  let result: R;
  try {
    result = await body();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await session.finish(session.cancelled ? 'cancelled' : 'failed', { error: message }, {}).catch(() => undefined);
    throw error;
  }
  const { score, event } = finish(result);
  await session.finish(session.cancelled ? 'cancelled' : 'completed', { score, result }, event);
  return result;
}
