// The one engine supervisor policy, for every environment that runs the engine in its own process
// (serve mode and tests: a Node child in `supervisor.ts`; the desktop app: an Electron utility
// process in `main/engine.ts`). It owns what must not differ between them: the status events
// (starting → ready, stopped with its reason → restarted), the words for why the engine went away
// (it stopped, it crashed, it was killed), the restart limit (5 crashes in a minute) with a growing
// delay between restarts, and the graceful stop. Each environment supplies a small adapter that
// starts one process and reports what it says and how it ended.
// No Node or Electron imports here: Electron main bundles this file.
import type { EngineStatus } from '../common/schemas/events';

/** How a process ended, as each environment can tell it. */
export interface ExitFacts {
  code: number | null;
  signal: string | null;
  /** Electron's word for a utility process that went away (`child-process-gone`: oom, crashed, killed…). */
  gone?: string;
}

/** Why the engine went away: it stopped by itself, it crashed, or something killed it. */
export type ExitKind = 'stopped' | 'crashed' | 'killed';

const CRASH_SIGNALS = new Set(['SIGSEGV', 'SIGABRT', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGTRAP']);

/** The kind of an unexpected exit and the sentence the user reads (`EngineStatus.reason`). */
export function describeExit(facts: ExitFacts): { kind: ExitKind; reason: string } {
  const { code, signal, gone } = facts;
  if (gone === 'oom') return { kind: 'killed', reason: 'the engine was killed: it ran out of memory' };
  if (gone === 'launch-failed') return { kind: 'crashed', reason: 'the engine crashed: it could not be started' };
  if (signal === 'SIGKILL' || gone === 'killed')
    return { kind: 'killed', reason: `the engine was killed${signal ? ` (${signal})` : ''} — out of memory, or killed by the system or a user` };
  if (signal && CRASH_SIGNALS.has(signal)) return { kind: 'crashed', reason: `the engine crashed (${signal})` };
  if (signal) return { kind: 'killed', reason: `the engine was killed (signal ${signal})` };
  if (code === 134) return { kind: 'crashed', reason: 'the engine crashed (abort, exit code 134)' };
  if (code === 139) return { kind: 'crashed', reason: 'the engine crashed (segmentation fault, exit code 139)' };
  if (gone === 'crashed' || gone === 'abnormal-exit' || gone === 'integrity-failure')
    return { kind: 'crashed', reason: `the engine crashed (exit code ${code})` };
  return { kind: 'stopped', reason: `the engine stopped unexpectedly (exit code ${code})` };
}

export interface RestartLimits {
  /** Restart after an unexpected exit (default true). */
  restart?: boolean;
  /** Give up after this many unexpected exits within `windowMs` (default 5 in 60 s). */
  maxCrashes?: number;
  windowMs?: number;
  /** Delay before the second restart in a window, doubling after each, capped (defaults 250 ms, 4 s). */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * The restart decision, pure: the first crash in a window restarts at once (a one-off kill should
 * cost nothing), later ones wait longer each time so a crash loop does not spin the CPU, and past
 * the limit the engine stays down and says so (`willRestart: false`).
 */
export class RestartPolicy {
  private crashes: number[] = [];

  constructor(private readonly limits: RestartLimits = {}) {}

  /** Record an unexpected exit at `now`; whether to restart and after how long. */
  onCrash(now: number): { willRestart: boolean; delayMs: number } {
    const windowMs = this.limits.windowMs ?? 60_000;
    this.crashes = [...this.crashes.filter((t) => now - t < windowMs), now];
    const n = this.crashes.length;
    const willRestart = this.limits.restart !== false && n <= (this.limits.maxCrashes ?? 5);
    const delayMs = !willRestart || n === 1 ? 0 : Math.min((this.limits.backoffMs ?? 250) * 2 ** (n - 2), this.limits.maxBackoffMs ?? 4000);
    return { willRestart, delayMs };
  }
}

/** What the lifecycle hears from one started process. */
export interface ProcessHooks {
  /** The host said it is ready for calls. */
  ready(): void;
  /** The host could not start (before ready) or hit an unrecoverable error. */
  fatal(message: string): void;
  /** The process is gone. */
  exited(facts: ExitFacts): void;
}

/** One running engine process, as an adapter started it. */
export interface EngineProcess {
  /** Ask the host to cancel runs, flush and exit. */
  shutdown(): void;
  /** End it now (SIGKILL or the environment's equivalent). */
  kill(): void;
}

/** Starts engine processes for one environment. */
export interface EngineAdapter {
  /** Start generation `generation`; `first` is false after a crash (the host then does not autoload the model). */
  spawn(generation: number, first: boolean, hooks: ProcessHooks): EngineProcess;
}

export interface LifecycleOptions extends RestartLimits {
  /** Every status change; `starting` included (adapters decide which to forward to clients). */
  onStatus(status: EngineStatus): void;
  /** After an exit, before the `stopped` status: runs that were in flight (serve mode tracks them). */
  onExit?(reason: string): string[];
  /** A fatal notice or a restart that failed. */
  onFatal?(message: string): void;
  now?: () => number;
}

/**
 * Supervises the engine process of one environment: start, restart by `RestartPolicy` with the
 * status events every client sees, graceful stop. `start()` resolves when the first engine is
 * ready and rejects when it cannot start.
 */
export class EngineLifecycle {
  private current: EngineProcess | null = null;
  private generationCount = 0;
  private stopping = false;
  private readonly policy: RestartPolicy;
  private readyPromise: Promise<void> | null = null;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private exitWaiters: (() => void)[] = [];
  private lastStatus: EngineStatus;

  constructor(
    private readonly adapter: EngineAdapter,
    private readonly options: LifecycleOptions,
  ) {
    this.policy = new RestartPolicy(options);
    this.lastStatus = { state: 'starting', at: this.now() };
  }

  get status(): EngineStatus {
    return this.lastStatus;
  }

  /** How many times the engine was restarted before the current one. */
  get generation(): number {
    return this.generationCount;
  }

  /** Whether a process is running (started, not yet exited). */
  get running(): boolean {
    return this.current !== null;
  }

  /** Start the engine; resolves when it is ready to take calls. */
  start(): Promise<void> {
    this.stopping = false;
    this.readyPromise = this.spawn(true);
    return this.readyPromise;
  }

  /** Resolves when the current engine is ready (starts one if none was started). */
  ready(): Promise<void> {
    return this.readyPromise ?? this.start();
  }

  /** Kill the running engine; the policy restarts it like after any crash (Models › Restart Engine). */
  restart(): void {
    this.current?.kill();
  }

  /** Graceful stop: ask the host to shut down, kill it after `timeoutMs`; no restart follows. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const proc = this.current;
    if (!proc) return;
    const exited = new Promise<void>((resolve) => this.exitWaiters.push(resolve));
    proc.shutdown();
    const timer = setTimeout(() => proc.kill(), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private setStatus(status: EngineStatus): void {
    this.lastStatus = status;
    this.options.onStatus(status);
  }

  private spawn(first: boolean): Promise<void> {
    const generation = this.generationCount;
    this.setStatus({ state: 'starting', at: this.now() });
    return new Promise<void>((resolveReady, rejectReady) => {
      let ready = false;
      let gone = false;
      const proc = this.adapter.spawn(generation, first, {
        ready: () => {
          if (ready || gone) return;
          ready = true;
          this.setStatus({ state: first ? 'ready' : 'restarted', at: this.now(), generation });
          resolveReady();
        },
        fatal: (message) => {
          this.options.onFatal?.(message);
          if (!ready) rejectReady(new Error(message));
        },
        exited: (facts) => {
          if (gone) return;
          gone = true;
          if (this.current === proc) this.current = null;
          const waiters = this.exitWaiters;
          this.exitWaiters = [];
          if (ready || this.stopping) this.onExit(facts);
          else {
            // An engine that never got ready is not restarted (it would fail the same way again);
            // clients still hear that it is down and why.
            const reason = `the engine did not start: ${describeExit(facts).reason}`;
            rejectReady(new Error(reason));
            this.setStatus({ state: 'stopped', at: this.now(), reason, exitCode: facts.code, signal: facts.signal, interruptedRuns: [], willRestart: false });
          }
          waiters.forEach((resolve) => resolve());
        },
      });
      this.current = proc;
    });
  }

  private onExit(facts: ExitFacts): void {
    const expected = this.stopping;
    const reason = expected ? 'the engine was shut down' : describeExit(facts).reason;
    const interruptedRuns = this.options.onExit?.(reason) ?? [];
    const now = this.now();
    const { willRestart, delayMs } = expected ? { willRestart: false, delayMs: 0 } : this.policy.onCrash(now);
    this.setStatus({ state: 'stopped', at: now, reason, exitCode: facts.code, signal: facts.signal, interruptedRuns, willRestart });
    if (!willRestart) return;
    const respawn = () => {
      this.restartTimer = null;
      if (this.stopping) return;
      this.generationCount++;
      this.readyPromise = this.spawn(false);
      this.readyPromise.catch((error: Error) => this.options.onFatal?.(error.message));
    };
    if (delayMs === 0) respawn();
    else this.restartTimer = setTimeout(respawn, delayMs);
  }
}
