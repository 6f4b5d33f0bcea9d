// One supervised llama-server child process: started on a model, ready once it listens and /health
// answers, its log kept for error messages, and never outliving us. On POSIX it runs under a small
// sh watchdog that holds our end of a pipe: when this process exits by any means (even SIGKILL) the
// pipe closes and the watchdog kills the server, so no orphan keeps gigabytes of model in memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { exitReason } from './child-exit';

export interface ServerProcessOptions {
  binary: string;
  /** Arguments after the binary (the model, threads, slots…); `--host 127.0.0.1 --port 0` are added. */
  args: string[];
  /** Longest wait for the model to load, in ms (default 300000). */
  startTimeoutMs?: number;
}

// "$@" is the server command. fd 3 keeps our pipe for the watcher only (a background job's stdin is
// /dev/null in sh, so it gets the pipe as fd 3); the server itself sees neither.
const WATCHDOG = [
  'exec 3<&0',
  '"$@" 3<&- </dev/null &',
  'pid=$!',
  'echo "proofwright-watchdog: server pid $pid" >&2',
  '( cat <&3 >/dev/null; kill -9 "$pid" 2>/dev/null ) &',
  'exec 3<&-',
  'wait "$pid"',
  'exit $?',
].join('\n');

const MAX_LINES = 400;

export class LlamaServerProcess {
  private readonly lines: string[] = [];
  private partial = '';
  private exitReason: string | undefined;
  /** Resolves with why the server stopped (exit code or signal). */
  readonly exited: Promise<string>;
  url = '';
  /** The llama-server's own process id (the watchdog's child on POSIX). */
  serverPid: number | undefined;

  private constructor(private readonly child: ChildProcess) {
    const onData = (chunk: Buffer) => this.take(chunk.toString('utf8'));
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    // Our end of the watchdog's pipe: never written, only closed.
    child.stdin?.on('error', () => undefined);
    this.exited = exitReason(child, (why) => (this.exitReason ??= why));
    // Once it has gone, our end of the pipe is closed too (before anyone awaiting `exited` runs).
    child.once('exit', () => child.stdin?.end());
    if (process.platform === 'win32') this.serverPid = child.pid;
  }

  /** Starts the server; resolves once it serves, rejects with its log's reason when it exits or stalls first. */
  static async start(options: ServerProcessOptions): Promise<LlamaServerProcess> {
    const args = [...options.args, '--host', '127.0.0.1', '--port', '0'];
    const child =
      process.platform === 'win32'
        ? spawn(options.binary, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true })
        : spawn('sh', ['-c', WATCHDOG, 'sh', options.binary, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const server = new LlamaServerProcess(child);
    if (process.platform === 'win32') LlamaServerProcess.killOnExit(server);
    try {
      await server.ready(options.startTimeoutMs ?? 300_000);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /** Windows has no watchdog: kill on a normal exit of this process at least. */
  private static killOnExit(server: LlamaServerProcess): void {
    const kill = () => server.child.kill();
    process.once('exit', kill);
    void server.exited.then(() => process.off('exit', kill));
  }

  get alive(): boolean {
    return this.exitReason === undefined;
  }

  /** Why it stopped, once it has. */
  get stopped(): string | undefined {
    return this.exitReason;
  }

  /** The server's last log lines (oldest first). */
  log(count = MAX_LINES): string[] {
    return this.lines.slice(-count);
  }

  /** Stops the server (closing the watchdog's pipe kills it) and waits until it has gone. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    this.child.stdin?.end();
    if (process.platform === 'win32') this.child.kill();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }

  private take(text: string): void {
    const parts = (this.partial + text).split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const line of parts) {
      if (!line) continue;
      const pid = /^proofwright-watchdog: server pid (\d+)$/.exec(line);
      if (pid) {
        this.serverPid = Number(pid[1]);
        continue;
      }
      const listening = /listening on (http:\/\/[\w.:[\]]+)/.exec(line);
      if (listening && !this.url) this.url = listening[1];
      this.lines.push(line);
      if (this.lines.length > MAX_LINES) this.lines.shift();
    }
  }

  private async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.alive) throw new ServerStartError(this.exitReason!, this.log());
      if (Date.now() > deadline) throw new ServerStartError(`was not ready within ${Math.round(timeoutMs / 1000)} s`, this.log());
      // The address is logged once the model has loaded (port 0: the OS picked it).
      if (this.url) {
        const status = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status, () => 0);
        if (status === 200) return;
      }
      await Promise.race([new Promise((resolve) => setTimeout(resolve, 50)), this.exited]);
    }
  }
}

/** The server stopped or stalled before it served; `log` is its output (the reason is usually in it). */
export class ServerStartError extends Error {
  constructor(
    readonly why: string,
    readonly log: string[],
  ) {
    super(`llama-server ${why}`);
  }
}

/**
 * The line of a llama-server log that says why loading failed ("unknown model architecture: 'x'"),
 * else its last error line, else undefined.
 */
export function failureFromLog(log: string[]): string | undefined {
  for (const line of log) {
    const reason = /error loading model:\s*(.+)$/.exec(line)?.[1];
    if (reason) return reason.trim();
  }
  // llama.cpp's log lines: "0.00.012.345 E …" (level letter after the timestamp) or "error: …"; the
  // dynamic loader's, before main() runs: "… version `GLIBCXX_3.4.30' not found", "… cannot open
  // shared object file".
  const errors = log.filter((line) => /^\s*[\d.]+ E |\berror\b|failed|version .+ not found|shared object/i.test(line));
  const last = errors.at(-1);
  return last?.replace(/^\s*[\d.]+ [A-Z] /, '').trim();
}
