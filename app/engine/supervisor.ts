// The supervisor (Node side: serve mode, tests): starts the engine host in a child process, relays
// client connections to it, notices when it dies (native crash, OOM kill, SIGKILL), tells every
// client why ("engine stopped"), fails their pending calls clearly, and starts a new engine.
// Documents on disk, recovery copies and finished run records live on disk and survive; the model is
// reloaded when the client asks (reloadBackend), since it may be what crashed.
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { encodeClientEvent, type EngineStatus, type MessageChannelLike } from '../common/contract';
import { childProcessAdapter } from './child-adapter';
import type { HostControl } from './host-protocol';
import { checkClientMessage } from './client-messages';
import { serveCaller } from './callers';
import { EngineLifecycle, type RestartLimits } from './lifecycle';

const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface SupervisorOptions extends RestartLimits {
  workspace: string;
  userData?: string;
  backend?: string;
  resourcesDir?: string;
  /** Extra environment for the host. */
  env?: Record<string, string>;
}

export interface EngineConnection {
  channel: MessageChannelLike;
  close(): void;
}

const HOST_ENTRY = fileURLToPath(new URL('./host.ts', import.meta.url));

interface Connection {
  id: number;
  listeners: Set<(data: string) => void>;
  pending: Map<string, string>; // wire id → method
}

/** Serve mode's engine: the shared lifecycle (`lifecycle.ts`) with a Node child, plus the client relay. */
export class EngineSupervisor extends EventEmitter {
  private child: ChildProcess | null = null;
  private readonly connections = new Map<number, Connection>();
  private nextConnection = 1;
  private readonly runsInFlight = new Set<string>();
  private readonly lifecycle: EngineLifecycle;

  constructor(private readonly options: SupervisorOptions) {
    super();
    const adapter = childProcessAdapter({
      entry: HOST_ENTRY,
      // tsx by absolute URL: a bare 'tsx' would be resolved from the user's working folder, not ours.
      execArgv: ['--import', TSX_LOADER],
      env: (generation, first) => this.hostEnv(generation, first),
      onChild: (child) => {
        this.child = child;
        child.once('exit', () => {
          if (this.child === child) this.child = null;
        });
      },
      onRpc: (data) => this.fromEngine(data),
    });
    this.lifecycle = new EngineLifecycle(adapter, {
      ...options,
      onStatus: (status) => this.setStatus(status),
      onExit: (reason) => this.failPending(reason),
      onFatal: (message) => this.emit('fatal', message),
    });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get status(): EngineStatus {
    return this.lifecycle.status;
  }

  /** Start the engine; resolves when it is ready to take calls. */
  start(): Promise<void> {
    return this.lifecycle.start();
  }

  /** Resolves when the current engine is ready. */
  ready(): Promise<void> {
    return this.lifecycle.ready();
  }

  private hostEnv(generation: number, first: boolean): Record<string, string> {
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      ...this.options.env,
      PROOFWRIGHT_WORKSPACE: this.options.workspace,
      PROOFWRIGHT_GENERATION: String(generation),
      PROOFWRIGHT_AUTOLOAD_BACKEND: first ? '1' : '0',
    };
    if (this.options.userData) env.PROOFWRIGHT_USER_DATA = this.options.userData;
    if (this.options.backend) env.PROOFWRIGHT_BACKEND = this.options.backend;
    if (this.options.resourcesDir) env.PROOFWRIGHT_RESOURCES = this.options.resourcesDir;
    return env;
  }

  /** The engine is gone: every call still waiting gets a clear error instead of a timeout a minute later. */
  private failPending(reason: string): string[] {
    const interruptedRuns = [...this.runsInFlight];
    this.runsInFlight.clear();
    for (const conn of this.connections.values()) {
      for (const [wireId, method] of conn.pending) {
        const clientId = wireId.slice(wireId.indexOf(':') + 1);
        const reply = JSON.stringify({ t: 's', i: clientId, e: { name: 'RpcError', message: `${method}: ${reason}`, code: 'engine-stopped' } });
        conn.listeners.forEach((fn) => fn(reply));
      }
      conn.pending.clear();
    }
    return interruptedRuns;
  }

  private setStatus(status: EngineStatus): void {
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
    // Another page's edit goes only to the pages holding that document (the engine names them).
    const routed = msg.t === 'q' && (msg.m === 'documentChanged' || msg.m === 'documentSaved' || msg.m === 'documentOnDisk');
    const to = routed ? (msg.a?.[0] as { to?: unknown } | undefined)?.to : undefined;
    for (const conn of this.connections.values()) {
      if (Array.isArray(to) && !to.includes(serveCaller(conn.id))) continue;
      conn.listeners.forEach((fn) => fn(data));
    }
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
    return {
      channel,
      close: () => {
        this.connections.delete(conn.id);
        // The engine lets go of this client's documents: their recovery copies are offered again.
        const child = this.child;
        if (child?.connected) child.send({ type: 'disconnected', client: serveCaller(conn.id) } satisfies HostControl);
      },
    };
  }

  /** Send a control message to the current engine (grant a dialog path). */
  control(message: HostControl): void {
    this.child?.send(message);
  }

  /** Graceful stop: the engine cancels runs, flushes records and recovery copies, then exits. */
  stop(timeoutMs = 10_000): Promise<void> {
    return this.lifecycle.stop(timeoutMs);
  }
}
