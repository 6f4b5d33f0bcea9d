// The worker thread's side of the editor's checker (app/engine/checkThread.ts starts it): one
// incremental Checker per document, kept between checks, so that checking a 3,000-line proof (seconds)
// runs beside the engine's event loop instead of on it. Jobs come one at a time; a job whose flag the
// engine raises meanwhile stops between fragments (`CheckCancelled`) and answers `cancelled`.
import { constants, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { CheckCancelled, Checker } from '../check';
import type { CheckThreadReply, CheckThreadRequest } from './checkThread';

const port = parentPort;
if (!port) throw new Error('checkWorker.ts runs as a worker thread (app/engine/checkThread.ts)');
/** Slot 0: the id of the job the engine wants stopped (0: none). */
const cancel = new Int32Array((workerData as { cancel: SharedArrayBuffer }).cancel);
const checkers = new Map<string, { checker: Checker; key: string }>();
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
    checkers.delete(request.docId);
    return;
  }
  if (request.type === 'clear') {
    checkers.clear();
    return;
  }
  const { job, docId, key, macros, input } = request;
  let entry = checkers.get(docId);
  // A checker made for other macros (macros.tex reloaded, a document's own definitions changed) starts afresh.
  if (!entry || entry.key !== key) checkers.set(docId, (entry = { checker: new Checker({ macros }), key }));
  let reply: CheckThreadReply;
  try {
    const report = entry.checker.check(input, { cancelled: () => Atomics.load(cancel, 0) === job });
    reply = { job, annotations: report.annotations };
  } catch (error) {
    reply = error instanceof CheckCancelled ? { job, cancelled: true } : { job, error: (error as Error).message ?? String(error) };
  }
  port.postMessage(reply);
});
