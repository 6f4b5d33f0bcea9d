// The worker thread's side of the editor's checker (app/engine/checkThread.ts starts it): one
// incremental Checker per document, kept between checks, so that checking a 3,000-line proof (seconds)
// runs beside the engine's event loop instead of on it. Jobs come one at a time; a job whose flag the
// engine raises meanwhile stops between fragments (`CheckCancelled`) and answers `cancelled`.
import { constants, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { DocumentCheckers } from './documentCheckers';
import type { CheckThreadReply, CheckThreadRequest } from './checkThread';

const port = parentPort;
if (!port) throw new Error('checkWorker.ts runs as a worker thread (app/engine/checkThread.ts)');
/** Slot 0: the id of the job the engine wants stopped (0: none). */
const cancel = new Int32Array((workerData as { cancel: SharedArrayBuffer }).cancel);
const checkers = new DocumentCheckers();
// A check is background work: on a machine with few cores a 15 s check at normal priority took CPU from
// the page the user types in (the renderer) and from the engine's own thread. On Linux, setpriority
// with pid 0 changes the calling thread only (this worker; verified in /proc/self/task/<tid>/stat);
// elsewhere it would lower the whole engine process, so it is left alone there.
if (process.platform === 'linux') {
  try {
    setPriority(constants.priority.PRIORITY_LOW);
  } catch {
    // Not allowed here (a sandbox): the check runs at the engine's priority, as it did on its loop.
  }
}

port.on('message', (request: CheckThreadRequest) => {
  if (request.type === 'forget') {
    checkers.forget(request.docId);
    return;
  }
  if (request.type === 'clear') {
    checkers.clear();
    return;
  }
  const { job, docId, key, macros, input } = request;
  let reply: CheckThreadReply;
  try {
    reply = { job, ...checkers.check(docId, key, macros, input, () => Atomics.load(cancel, 0) === job) };
  } catch (error) {
    reply = { job, error: (error as Error).message ?? String(error) };
  }
  port.postMessage(reply);
});
// Loaded: the thread can check (checkThread.ts falls back to the engine's own loop when a worker never gets here).
port.postMessage({ ready: true } satisfies CheckThreadReply);
