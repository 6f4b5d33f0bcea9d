// Test fixture (server-backend.test.ts): starts an out-of-process backend (llama-server, or the native
// runtime when the second argument is `native`) on the model given as the first argument, prints the
// child's pid, and waits to be killed.
import { createLocalBackend } from './index';

const runtime = process.argv[3] === 'native' ? 'native' : 'server';
const backend = (await createLocalBackend(process.argv[2], { runtime, parallel: 1, threads: 1, contextSize: 256 })) as unknown as { serverPid?: number; runtimePid?: number };
console.log(`server pid ${backend.serverPid ?? backend.runtimePid}`);
setInterval(() => undefined, 60_000);
