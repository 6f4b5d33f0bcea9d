// One supervised proofwright-runtime child process: started on a model, ready once it says so, its
// stderr kept for error messages, and never outliving us. It reads requests on its stdin and exits the
// moment stdin reaches EOF (runtime.cpp's reader thread), which the kernel delivers when this process
// ends by any means, SIGKILL included: the same pipe-close guarantee as server-process.ts's sh
// watchdog, without the sh (the runtime's stdin is its request channel, not a spare pipe).
import { spawn, type ChildProcess } from 'node:child_process';
import { exitReason } from './child-exit';
import { parseRuntimeEvent, RUNTIME_PROTOCOL, type RuntimeEvent, type RuntimeRequest } from './runtime-protocol';

const MAX_LINES = 400;

export interface RuntimeProcessOptions {
  binary: string;
  args: string[];
  /** Longest wait for the model to load, in ms (default 300000). */
  startTimeoutMs?: number;
}

/** The runtime stopped or failed before it was ready: `why` in words, `code` the runtime's error code if it sent one. */
export class RuntimeStartError extends Error {
  constructor(
    readonly why: string,
    readonly code: string | undefined,
    readonly log: string[],
  ) {
    super(`proofwright-runtime ${why}`);
  }
}

export class RuntimeProcess {
  private readonly lines: string[] = [];
  private stdoutRest = '';
  private stderrRest = '';
  private exitReason: string | undefined;
  /** Resolves with why the runtime stopped (exit code or signal). */
  readonly exited: Promise<string>;
  /** Every valid event after `ready` (set by the backend). */
  onEvent: (event: RuntimeEvent) => void = () => undefined;
  /** A stdout line that is not a valid event: the runtime is broken (set by the backend). */
  onBadLine: (reason: string) => void = () => undefined;
  private ready: ((event: RuntimeEvent) => void) | undefined;
  /** Prompt tokens the runtime decodes per step at most (its `ready` event): the longest stretch without a progress event. */
  batchSize = 0;

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => this.takeStdout(chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => this.takeStderr(chunk.toString('utf8')));
    child.stdin!.on('error', () => undefined); // EPIPE after a death: the exit handler reports it
    this.exited = exitReason(child, (why) => (this.exitReason ??= why));
  }

  /** Starts the runtime; resolves once its model is loaded, rejects with its reason when it fails or exits first. */
  static async start(options: RuntimeProcessOptions): Promise<RuntimeProcess> {
    const child = spawn(options.binary, options.args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const runtime = new RuntimeProcess(child);
    const timeoutMs = options.startTimeoutMs ?? 300_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      const first = await Promise.race([
        new Promise<RuntimeEvent>((resolve) => (runtime.ready = resolve)),
        runtime.exited.then((why) => Promise.reject(new RuntimeStartError(why, undefined, runtime.log()))),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new RuntimeStartError(`was not ready within ${Math.round(timeoutMs / 1000)} s`, undefined, runtime.log())), timeoutMs))),
      ]);
      if (first.type === 'error') throw new RuntimeStartError(first.message, first.code, runtime.log());
      if (first.type !== 'ready') throw new RuntimeStartError(`sent ${first.type} before it was ready`, undefined, runtime.log());
      const protocol = first.protocol ?? 1;
      if (protocol !== RUNTIME_PROTOCOL) {
        throw new RuntimeStartError(`is an older or newer build (wire format ${protocol}; this engine speaks ${RUNTIME_PROTOCOL}): rebuild it with npx tsx scripts/build-llama-runtime.ts`, undefined, runtime.log());
      }
      runtime.batchSize = first.n_batch;
      return runtime;
    } catch (error) {
      await runtime.stop();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  get alive(): boolean {
    return this.exitReason === undefined;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Why it stopped, once it has. */
  get stopped(): string | undefined {
    return this.exitReason;
  }

  /** The runtime's last stderr lines (oldest first). */
  log(count = MAX_LINES): string[] {
    return this.lines.slice(-count);
  }

  /** Sends one request (one line). Quietly dropped once the runtime is gone: its exit fails the calls. */
  send(request: RuntimeRequest): void {
    if (!this.alive || !this.child.stdin!.writable) return;
    this.child.stdin!.write(`${JSON.stringify(request)}\n`);
  }

  /** Writes raw bytes to the runtime's stdin (tests: hostile input). */
  sendRaw(text: string): void {
    if (this.alive) this.child.stdin!.write(text);
  }

  /**
   * Kills a hung runtime at once (SIGKILL: a stopped or deadlocked process reads no stdin). It counts as
   * stopped from now on (`alive` false, `stopped` = `why`), so the next call starts a fresh one without
   * waiting for the kernel to reap this one.
   */
  kill(why: string): void {
    if (!this.alive) return;
    this.exitReason = why;
    this.child.kill('SIGKILL');
  }

  /** Stops the runtime (closing its stdin ends it; SIGKILL after 5 s) and waits until it has gone. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }

  private takeStdout(text: string): void {
    const parts = (this.stdoutRest + text).split('\n');
    this.stdoutRest = parts.pop() ?? '';
    for (const line of parts) {
      if (!line) continue;
      const parsed = parseRuntimeEvent(line);
      if ('error' in parsed) {
        this.onBadLine(parsed.error);
        continue;
      }
      if (this.ready) {
        const ready = this.ready;
        this.ready = undefined;
        ready(parsed.event);
        continue;
      }
      this.onEvent(parsed.event);
    }
  }

  private takeStderr(text: string): void {
    const parts = (this.stderrRest + text).split(/\r?\n/);
    this.stderrRest = parts.pop() ?? '';
    for (const line of parts) {
      if (!line) continue;
      this.lines.push(line);
      if (this.lines.length > MAX_LINES) this.lines.shift();
    }
  }
}
