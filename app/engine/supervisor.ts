// The supervisor (Node side: serve mode, tests): starts the engine host in a child process, relays
// client connections to it, notices when it dies (native crash, OOM kill, SIGKILL), tells every
// client why ("engine stopped"), fails their pending calls clearly, and starts a new engine.
// Documents on disk, recovery copies and finished run records live on disk and survive; the model is
// reloaded when the client asks (reloadBackend), since it may be what crashed.
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { encodeClientEvent, type EngineStatus, type MessageChannelLike } from '../common/contract';
import { HostNoticeSchema, parseHostMessage, type HostControl } from './host-protocol';
import { checkClientMessage } from './client-messages';

const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface SupervisorOptions {
  workspace: string;
  userData?: string;
  backend?: string;
  resourcesDir?: string;
  /** Restart after an unexpected exit (default true). */
  restart?: boolean;
  /** Give up restarting after this many crashes within a minute (default 5). */
  maxCrashesPerMinute?: number;
  /** Extra environment for the host. */
  env?: Record<string, string>;
}

export interface EngineConnection {
  channel: MessageChannelLike;
  close(): void;
}

const HOST_ENTRY = fileURLToPath(new URL('./host.ts', import.meta.url));

/** Human-readable reason for an exit. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal === 'SIGKILL') return 'the engine process was killed (SIGKILL) — out of memory, or killed by the system or a user';
  if (signal) return `the engine process was terminated by signal ${signal}`;
  if (code === 134) return 'the engine crashed (abort, exit code 134)';
  if (code === 139) return 'the engine crashed (segmentation fault, exit code 139)';
  return `the engine exited unexpectedly (exit code ${code})`;
}

interface Connection {
  id: number;
  listeners: Set<(data: string) => void>;
  pending: Map<string, string>; // wire id → method
}

export class EngineSupervisor extends EventEmitter {
  private child: ChildProcess | null = null;
  private generation = 0;
  private stopping = false;
  private readonly connections = new Map<number, Connection>();
  private nextConnection = 1;
  private readonly runsInFlight = new Set<string>();
  private crashes: number[] = [];
  private readyPromise: Promise<void> | null = null;
  private lastStatus: EngineStatus = { state: 'starting', at: Date.now() };

  constructor(private readonly options: SupervisorOptions) {
    super();
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get status(): EngineStatus {
    return this.lastStatus;
  }

  /** Start the engine; resolves when it is ready to take calls. */
  start(): Promise<void> {
    this.stopping = false;
    this.readyPromise = this.spawn(true);
    return this.readyPromise;
  }

  /** Resolves when the current engine is ready. */
  ready(): Promise<void> {
    return this.readyPromise ?? this.start();
  }

  private spawn(first: boolean): Promise<void> {
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      ...this.options.env,
      PROOFWRIGHT_WORKSPACE: this.options.workspace,
      PROOFWRIGHT_GENERATION: String(this.generation),
      PROOFWRIGHT_AUTOLOAD_BACKEND: first ? '1' : '0',
    };
    if (this.options.userData) env.PROOFWRIGHT_USER_DATA = this.options.userData;
    if (this.options.backend) env.PROOFWRIGHT_BACKEND = this.options.backend;
    if (this.options.resourcesDir) env.PROOFWRIGHT_RESOURCES = this.options.resourcesDir;
    const child = fork(HOST_ENTRY, [], {
      // tsx by absolute URL: a bare 'tsx' would be resolved from the user's working folder, not ours.
      execArgv: ['--import', TSX_LOADER],
      env,
      serialization: 'json',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    this.setStatus({ state: 'starting', at: Date.now() });
    return new Promise<void>((resolveReady, rejectReady) => {
      let ready = false;
      child.on('message', (message: unknown) => {
        if (typeof message === 'string') {
          this.fromEngine(message);
          return;
        }
        const notice = parseHostMessage(HostNoticeSchema, message, (reason) => console.error(`[supervisor] ${reason}`));
        if (notice?.type === 'ready') {
          ready = true;
          const status: EngineStatus = first
            ? { state: 'ready', at: Date.now(), generation: this.generation }
            : { state: 'restarted', at: Date.now(), generation: this.generation };
          this.setStatus(status);
          resolveReady();
        } else if (notice?.type === 'fatal') {
          this.emit('fatal', notice.message);
          if (!ready) rejectReady(new Error(notice.message));
        }
      });
      child.on('exit', (code, signal) => {
        if (this.child === child) this.child = null;
        if (!ready) rejectReady(new Error(`engine did not start: ${describeExit(code, signal)}`));
        if (ready) this.onExit(code, signal);
      });
      child.on('error', (error) => {
        if (!ready) rejectReady(error);
      });
    });
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    const expected = this.stopping;
    const reason = expected ? 'the engine was shut down' : describeExit(code, signal);
    const interruptedRuns = [...this.runsInFlight];
    this.runsInFlight.clear();
    // Every call still waiting gets a clear error instead of a timeout a minute later.
    for (const conn of this.connections.values()) {
      for (const [wireId, method] of conn.pending) {
        const clientId = wireId.slice(wireId.indexOf(':') + 1);
        const reply = JSON.stringify({ t: 's', i: clientId, e: { name: 'RpcError', message: `${method}: ${reason}`, code: 'engine-stopped' } });
        conn.listeners.forEach((fn) => fn(reply));
      }
      conn.pending.clear();
    }
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < 60_000), now];
    const willRestart = !expected && this.options.restart !== false && this.crashes.length <= (this.options.maxCrashesPerMinute ?? 5);
    this.setStatus({ state: 'stopped', at: now, reason, exitCode: code, signal, interruptedRuns, willRestart });
    if (willRestart) {
      this.generation++;
      this.readyPromise = this.spawn(false);
      this.readyPromise.catch((error: Error) => this.emit('fatal', error.message));
    }
  }

  private setStatus(status: EngineStatus): void {
    this.lastStatus = status;
    this.emit('status', status);
    if (status.state === 'starting') return;
    const wire = encodeClientEvent('engineStatus', status);
    for (const conn of this.connections.values()) conn.listeners.forEach((fn) => fn(wire));
  }

  /** Route one engine message: responses to the connection that asked, events to everyone. */
  private fromEngine(data: string): void {
    let msg: { t?: string; i?: string; m?: string; a?: unknown[] };
    try {
      msg = JSON.parse(data);
    } catch {
      return;
    }
    if (!msg || typeof msg !== 'object') return;
    // A reply goes to the one connection whose prefixed id it carries, and never to anyone else.
    if (msg.t === 's') {
      if (typeof msg.i !== 'string') return;
      const sep = msg.i.indexOf(':');
      const conn = sep > 0 ? this.connections.get(Number(msg.i.slice(0, sep))) : undefined;
      if (!conn) return;
      conn.pending.delete(msg.i);
      const reply = JSON.stringify({ ...msg, i: msg.i.slice(sep + 1) });
      conn.listeners.forEach((fn) => fn(reply));
      return;
    }
    if (msg.t === 'q' && msg.m === 'loopEvent') {
      const event = msg.a?.[0] as { type?: string; runId?: string } | undefined;
      if (event?.type === 'run-started' && event.runId) this.runsInFlight.add(event.runId);
      if (event?.type === 'run-finished' && event.runId) this.runsInFlight.delete(event.runId);
    }
    for (const conn of this.connections.values()) conn.listeners.forEach((fn) => fn(data));
  }

  /**
   * A virtual channel to the engine for one client; survives engine restarts. Every message is checked
   * (size, depth, shape: client-messages.ts) before it is relayed, and request ids are prefixed
   * with this connection's number so replies go back to this client only. A refused message with a
   * usable id is answered with an `invalid-request` error; one without is passed to `onRefused`
   * (serve mode closes the socket with the reason).
   */
  connect(onRefused: (reason: string) => void = () => undefined): EngineConnection {
    const conn: Connection = { id: this.nextConnection++, listeners: new Set(), pending: new Map() };
    this.connections.set(conn.id, conn);
    const answer = (id: string, message: string, code: string) => {
      const reply = JSON.stringify({ t: 's', i: id, e: { name: 'RpcError', message, code } });
      queueMicrotask(() => conn.listeners.forEach((fn) => fn(reply)));
    };
    const channel: MessageChannelLike = {
      post: (data: string) => {
        const checked = checkClientMessage(typeof data === 'string' ? data : String(data));
        if (!checked.ok) {
          if (checked.id !== undefined) answer(checked.id, `malformed RPC message: ${checked.reason}`, 'invalid-request');
          else onRefused(`malformed RPC message: ${checked.reason}`);
          return;
        }
        const msg = checked.request;
        const child = this.child;
        if (msg.i !== undefined) {
          const wireId = `${conn.id}:${msg.i}`;
          if (!child?.connected) return answer(msg.i, `${msg.m}: the engine is not running (restarting)`, 'engine-stopped');
          conn.pending.set(wireId, msg.m);
          child.send(JSON.stringify({ ...msg, i: wireId }));
        } else if (child?.connected) child.send(JSON.stringify(msg));
      },
      on: (fn) => void conn.listeners.add(fn),
      off: (fn) => void conn.listeners.delete(fn),
    };
    return { channel, close: () => this.connections.delete(conn.id) };
  }

  /** Send a control message to the current engine (grant a dialog path). */
  control(message: HostControl): void {
    this.child?.send(message);
  }

  /** Graceful stop: the engine cancels runs, flushes records and recovery copies, then exits. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    if (child.connected) child.send({ type: 'shutdown' } satisfies HostControl);
    else child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}
