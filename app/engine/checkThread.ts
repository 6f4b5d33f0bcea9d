// The editor's checker on a worker thread (app/engine/checkWorker.ts). Checking a whole 3,000-line
// proof takes seconds (NOTES.md "Checker cost on long proofs"); on the engine's event loop it held every
// RPC that long, so each key typed right after a paste waited for the check of the text before it (rev16
// F3). Here the check runs beside the loop: the engine keeps answering, and a newer text stops a check
// of an older one between fragments (a shared flag the checker polls: a worker busy in a synchronous
// check reads no messages).
import { Worker } from 'node:worker_threads';
import type { Annotation } from '../common/annotations';
import type { DocumentInput } from '../check';

/** What the engine sends the worker (structured-cloned). */
export type CheckThreadRequest =
  | { type: 'check'; job: number; docId: string; key: string; macros?: Record<string, string>; input: DocumentInput }
  | { type: 'forget'; docId: string }
  | { type: 'clear' };

/** The worker's answer to one `check` job. */
export type CheckThreadReply = { job: number } & ({ annotations: Annotation[] } | { cancelled: true } | { error: string });

/** Why a job failed when the engine shut the thread down (not worth a log line). */
export class CheckThreadClosed extends Error {
  constructor() {
    super('the check thread was closed');
    this.name = 'CheckThreadClosed';
  }
}

/** The outcome of `CheckThread.run`: findings, or `cancelled` when `cancel()` stopped it first. */
export type CheckOutcome = { annotations: Annotation[] } | { cancelled: true };

/**
 * Where the worker's code is: from the sources (serve mode and tests run TypeScript through tsx)
 * checkWorker-sources.mjs beside this file, which registers tsx and loads checkWorker.ts; in the desktop
 * app's bundle (main/build.mjs) check-worker.js beside engine-host.js.
 */
function workerEntry(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('./checkWorker-sources.mjs', import.meta.url) : new URL('./check-worker.js', import.meta.url);
}

/**
 * One worker thread that keeps an incremental checker per document and runs one check at a time.
 * Started on the first job; if it dies (out of memory, a crash), the job in flight fails and the next
 * job starts a fresh one (its checkers start empty).
 */
export class CheckThread {
  private worker: Worker | null = null;
  /** Slot 0: the job the worker should stop (read by the worker between fragments). */
  private readonly cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  private nextJob = 1;
  private inFlight: { job: number; resolve: (o: CheckOutcome) => void; reject: (e: Error) => void } | null = null;

  /** Checks `input` as document `docId` (its checker is kept while `key`, the macros' key, is the same). One job at a time. */
  run(docId: string, key: string, macros: Record<string, string> | undefined, input: DocumentInput): Promise<CheckOutcome> {
    if (this.inFlight) return Promise.reject(new Error('a check is already running on the check thread'));
    const job = this.nextJob++;
    const worker = this.start();
    worker.ref(); // while a check runs, the process waits for its answer
    return new Promise<CheckOutcome>((resolve, reject) => {
      this.inFlight = { job, resolve, reject };
      worker.postMessage({ type: 'check', job, docId, key, macros, input } satisfies CheckThreadRequest);
    });
  }

  /**
   * Starts the worker now (it loads the checker's modules on its own thread, ~1–3 s from the sources),
   * so the first document opened is not checked late by that much. Never blocks.
   */
  warm(): void {
    this.start();
  }

  /** Stops the check in flight (it answers `cancelled` at its next fragment); nothing when none runs. */
  cancel(): void {
    if (this.inFlight) Atomics.store(this.cancelFlag, 0, this.inFlight.job);
  }

  /** Whether a check is running. */
  get busy(): boolean {
    return this.inFlight !== null;
  }

  /** Drops the checker of a closed document. */
  forget(docId: string): void {
    this.worker?.postMessage({ type: 'forget', docId } satisfies CheckThreadRequest);
  }

  /** Drops every checker (the workspace's macros changed). */
  clear(): void {
    this.worker?.postMessage({ type: 'clear' } satisfies CheckThreadRequest);
  }

  /** Ends the worker; a check in flight fails. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.fail(new CheckThreadClosed());
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerEntry(), { workerData: { cancel: this.cancelFlag.buffer } });
    worker.on('message', (reply: CheckThreadReply) => {
      const pending = this.inFlight;
      if (!pending || pending.job !== reply.job) return;
      this.inFlight = null;
      worker.unref(); // idle: it must not keep the engine's process alive
      if ('error' in reply) pending.reject(new Error(reply.error));
      else pending.resolve('cancelled' in reply ? { cancelled: true } : { annotations: reply.annotations });
    });
    worker.on('error', (error) => {
      console.error(`[engine] the check thread failed: ${error.message}`);
      if (this.worker === worker) this.worker = null;
      this.fail(error);
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return; // closed (terminate's exit)
      this.worker = null;
      this.fail(new Error(`the check thread stopped (exit code ${code})`));
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private fail(error: Error): void {
    const pending = this.inFlight;
    this.inFlight = null;
    pending?.reject(error);
  }
}
