// Starts the check worker (checkWorker.ts) from the TypeScript sources, as bin/proofwright.mjs starts
// the CLI: tsx registered in this thread first (a worker thread does not inherit the loader of the
// thread that started it). The desktop app's bundle starts dist/main/check-worker.js instead.
import { register } from 'tsx/esm/api';
register();
await import('./checkWorker.ts');
