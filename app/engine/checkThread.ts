// The editor's checker on a worker thread (app/engine/checkWorker.ts). Checking a whole 3,000-line
// proof takes seconds (NOTES.md "Checker cost on long proofs"); on the engine's event loop it held every
// RPC that long, so each key typed right after a paste waited for the check of the text before it (rev16
// F3). Here the check runs beside the loop: the engine keeps answering, and a newer text stops a check
// of an older one between fragments (a shared flag the checker polls: a worker busy in a synchronous
// check reads no messages).
import { Worker } from 'node:worker_threads';
import type { Annotation } from '../common/annotations';
import type { DocumentInput } from '../check';
import { DocumentCheckers, type CheckOutcome } from './documentCheckers';

export type { CheckOutcome } from './documentCheckers';

/** What the engine sends the worker (structured-cloned). */
export type CheckThreadRequest =
  | { type: 'check'; job: number; docId: string; key: string; macros?: Record<string, string>; input: DocumentInput }
  | { type: 'forget'; docId: string }
  | { type: 'clear' };

/** The worker's answer to one `check` job, or its word that it has loaded and can check (`ready`). */
export type CheckThreadReply = ({ job: number } & ({ annotations: Annotation[] } | { cancelled: true } | { error: string })) | { ready: true };

/** Why a job failed when the engine shut the thread down (not worth a log line). */
export class CheckThreadClosed extends Error {
  constructor() {
    super('the check thread was closed');
    this.name = 'CheckThreadClosed';
  }
}

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
 * job starts a fresh one (its checkers start empty). A worker that dies before it has loaded (its file
 * missing from a package, worker threads refused where the engine runs) is not started again: the
 * checks run on the engine's own loop from then on, as before this thread existed (slower for long
 * proofs, never without findings).
 */
export class CheckThread {
  private worker: Worker | null = null;
  /** Whether a worker has loaded (said `ready`) at least once: after that, a dead worker is restarted. */
  private loaded = false;
  /** The checkers on the engine's own loop, once the worker could not start. */
  private local: DocumentCheckers | null = null;
  /** Slot 0: the job the worker should stop (read by the worker between fragments). */
  private readonly cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  private nextJob = 1;
  private inFlight: { request: Extract<CheckThreadRequest, { type: 'check' }>; resolve: (o: CheckOutcome) => void; reject: (e: Error) => void } | null = null;

  /**
   * @param entry the worker's module (tests give a missing one to see the fallback); by default `workerEntry()`.
   */
  constructor(private readonly entry: URL = workerEntry()) {}

  /** Checks `input` as document `docId` (its checker is kept while `key`, the macros' key, is the same). One job at a time. */
  run(docId: string, key: string, macros: Record<string, string> | undefined, input: DocumentInput): Promise<CheckOutcome> {
    if (this.inFlight) return Promise.reject(new Error('a check is already running on the check thread'));
    const request = { type: 'check', job: this.nextJob++, docId, key, macros, input } satisfies CheckThreadRequest;
    return new Promise<CheckOutcome>((resolve, reject) => {
      this.inFlight = { request, resolve, reject };
      this.send();
    });
  }

  /** Whether checks run on the engine's own loop because the worker could not start. */
  get onEngineLoop(): boolean {
    return this.local !== null;
  }

  /**
   * Starts the worker now (it loads the checker's modules on its own thread, ~1–3 s from the sources),
   * so the first document opened is not checked late by that much. Never blocks.
   */
  warm(): void {
    if (!this.local) this.start();
  }

  /** Stops the check in flight (it answers `cancelled` at its next fragment); nothing when none runs. */
  cancel(): void {
    if (this.inFlight) Atomics.store(this.cancelFlag, 0, this.inFlight.request.job);
  }

  /** Whether a check is running. */
  get busy(): boolean {
    return this.inFlight !== null;
  }

  /** Drops the checker of a closed document. */
  forget(docId: string): void {
    this.local?.forget(docId);
    this.worker?.postMessage({ type: 'forget', docId } satisfies CheckThreadRequest);
  }

  /** Drops every checker (the workspace's macros changed). */
  clear(): void {
    this.local?.clear();
    this.worker?.postMessage({ type: 'clear' } satisfies CheckThreadRequest);
  }

  /** Ends the worker; a check in flight fails. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.fail(new CheckThreadClosed());
    if (worker) await worker.terminate();
  }

  /** Hands the job in flight to the worker, or, once it could not start, checks it on this loop (after the current call's answer). */
  private send(): void {
    const pending = this.inFlight;
    if (!pending) return;
    const local = this.local;
    if (local) {
      setImmediate(() => {
        if (this.inFlight !== pending) return; // closed meanwhile
        this.inFlight = null;
        const { docId, key, macros, input } = pending.request;
        try {
          pending.resolve(local.check(docId, key, macros, input));
        } catch (error) {
          pending.reject(error as Error);
        }
      });
      return;
    }
    const worker = this.start();
    worker.ref(); // while a check runs, the process waits for its answer
    worker.postMessage(pending.request);
  }

  /** The worker died before it loaded: check on this loop from now on, the job in flight included. */
  private fallBack(worker: Worker, why: string): void {
    if (this.worker === worker) this.worker = null;
    this.local = new DocumentCheckers();
    console.error(`[engine] the check thread could not start (${why}); the checker runs on the engine's own loop`);
    this.send();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.entry, { workerData: { cancel: this.cancelFlag.buffer } });
    worker.on('message', (reply: CheckThreadReply) => {
      if ('ready' in reply) {
        this.loaded = true;
        return;
      }
      const pending = this.inFlight;
      if (!pending || pending.request.job !== reply.job) return;
      this.inFlight = null;
      worker.unref(); // idle: it must not keep the engine's process alive
      if ('error' in reply) pending.reject(new Error(reply.error));
      else pending.resolve('cancelled' in reply ? { cancelled: true } : { annotations: reply.annotations });
    });
    worker.on('error', (error) => {
      if (!this.loaded) return this.fallBack(worker, error.message);
      console.error(`[engine] the check thread failed: ${error.message}`);
      if (this.worker === worker) this.worker = null;
      this.fail(error);
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return; // closed (terminate's exit), or fallen back
      if (!this.loaded) return this.fallBack(worker, `exit code ${code}`);
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
