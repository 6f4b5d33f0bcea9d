// Test fixture (server-backend.test.ts): starts a llama-server backend on the model given as the first
// argument, prints the server's pid, and waits to be killed.
import { createLocalBackend } from './index';

const backend = (await createLocalBackend(process.argv[2], { runtime: 'server', parallel: 1, threads: 1, contextSize: 256 })) as unknown as { serverPid: number };
console.log(`server pid ${backend.serverPid}`);
setInterval(() => undefined, 60_000);
