// Test support: runs a real llama-server (built by scripts/build-llama-tools.ts) on 127.0.0.1 with a
// GGUF file, and stops it. Kept beside testServer.ts (the scripted mock) so the end-to-end tests
// can drive the same `openai` backend against both.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';

export interface LlamaServerOptions {
  /** Context size in tokens (-c). */
  contextSize: number;
  /** Extra command-line arguments. */
  args?: string[];
  /** Longest wait for the model to load and /health to answer 200, in ms. Default 120000. */
  startTimeoutMs?: number;
}

export interface RunningLlamaServer {
  /** http://127.0.0.1:PORT (the OpenAI API is under /v1). */
  url: string;
  /** The server's output so far (stdout and stderr, last 64 KB): failures quote it. */
  output(): string;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s). */
  close(): Promise<void>;
}

/** A port nothing listens on right now (the OS picks it; the server binds it a moment later). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts `binary` on `model` with one slot and resolves once GET /health answers 200 (the model is
 * loaded). Rejects with the server's own output when it exits or does not get ready in time.
 * Threads: half the usable cores (at least 1), so the test leaves room for the rest of the suite.
 */
export async function startLlamaServer(binary: string, model: string, options: LlamaServerOptions): Promise<RunningLlamaServer> {
  const port = await freePort();
  const threads = Math.max(1, Math.floor(availableParallelism() / 2));
  const args = [
    '--model', model,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--ctx-size', String(options.contextSize),
    '--parallel', '1',
    '--threads', String(threads),
    '--no-webui',
    '--no-warmup',
    ...(options.args ?? []),
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-65_536);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(`llama-server exited (${signal ?? `code ${code}`})`));
    child.once('error', (error) => resolve(`llama-server did not start: ${error.message}`));
  });
  const url = `http://127.0.0.1:${port}`;
  const server: RunningLlamaServer = { url, output: () => log, close: () => stop(child) };

  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  let gone: string | undefined;
  void exited.then((why) => (gone = why));
  for (;;) {
    if (gone) throw new Error(`${gone} before it was ready:\n${log}`);
    if (Date.now() > deadline) {
      await stop(child);
      throw new Error(`llama-server was not ready within ${options.startTimeoutMs ?? 120_000} ms:\n${log}`);
    }
    // 503 while the model loads, 200 once it can serve.
    const status = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.status, () => 0);
    if (status === 200) return server;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
