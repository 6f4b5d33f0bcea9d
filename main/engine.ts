// The engine in an Electron utility process. Main starts it, hands each window a MessagePort to it
// (renderer ↔ engine directly, no hop through main per message), and when it dies tells every
// window why, starts a new one and hands out fresh ports. Documents, recovery copies and finished
// run records are on disk and survive; the renderer asks to reload the model (reloadBackend).
import { app, MessageChannelMain, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import type { EngineStatus } from '../app/common/contract';
import { HostNoticeSchema, parseHostMessage } from '../app/engine/host-protocol';
import { IPC } from './ipc';

export interface DesktopEngineOptions {
  hostPath: string;
  workspace: string;
  userData: string;
  resourcesDir: string;
}

function describeGone(reason: string, exitCode: number): string {
  switch (reason) {
    case 'oom':
      return 'the engine ran out of memory';
    case 'crashed':
      return `the engine crashed (exit code ${exitCode})`;
    case 'killed':
      return 'the engine process was killed';
    case 'launch-failed':
      return 'the engine could not be started';
    default:
      return `the engine exited unexpectedly (${reason}, exit code ${exitCode})`;
  }
}

export class DesktopEngine {
  private child: UtilityProcess | null = null;
  private generation = 0;
  private stopping = false;
  private goneReason: string | null = null;
  private readonly windows = new Set<WebContents>();
  private grantCounter = 0;
  private readonly grants = new Map<string, (ok: boolean) => void>();
  private crashes: number[] = [];

  constructor(private readonly options: DesktopEngineOptions) {
    app.on('child-process-gone', (_event, details) => {
      if (details.type === 'Utility' && details.serviceName === 'Proofwright engine') this.goneReason = describeGone(details.reason, details.exitCode);
    });
  }

  start(): void {
    const first = this.generation === 0 && !this.child;
    const child = utilityProcess.fork(this.options.hostPath, [], {
      serviceName: 'Proofwright engine',
      stdio: 'inherit',
      env: {
        ...process.env,
        PROOFWRIGHT_WORKSPACE: this.options.workspace,
        PROOFWRIGHT_USER_DATA: this.options.userData,
        PROOFWRIGHT_RESOURCES: this.options.resourcesDir,
        PROOFWRIGHT_GENERATION: String(this.generation),
        PROOFWRIGHT_AUTOLOAD_BACKEND: first ? '1' : '0',
      },
    });
    this.child = child;
    child.on('message', (message: unknown) => {
      const notice = parseHostMessage(HostNoticeSchema, message, (reason) => console.error(`[main] ${reason}`));
      if (notice?.type === 'ready') {
        const status: EngineStatus = first
          ? { state: 'ready', at: Date.now(), generation: this.generation }
          : { state: 'restarted', at: Date.now(), generation: this.generation };
        for (const wc of this.windows) this.sendPort(wc);
        this.broadcast(status);
      } else if (notice?.type === 'granted' && notice.id) {
        this.grants.get(notice.id)?.(notice.ok);
        this.grants.delete(notice.id);
      }
    });
    child.on('exit', (code) => {
      if (this.child === child) this.child = null;
      for (const resolve of this.grants.values()) resolve(false);
      this.grants.clear();
      if (this.stopping) return;
      const reason = this.goneReason ?? `the engine exited unexpectedly (exit code ${code})`;
      this.goneReason = null;
      const now = Date.now();
      this.crashes = [...this.crashes.filter((t) => now - t < 60_000), now];
      const willRestart = this.crashes.length <= 5;
      this.broadcast({ state: 'stopped', at: now, reason, exitCode: code, signal: null, interruptedRuns: [], willRestart });
      if (willRestart) {
        this.generation++;
        this.start();
      }
    });
  }

  /**
   * Register a window: it gets a fresh port after every restart. The first port it asks for itself
   * (requestEnginePort) once its page listens, so no port is posted into a page not yet loaded.
   */
  attach(wc: WebContents): void {
    this.windows.add(wc);
    wc.once('destroyed', () => this.windows.delete(wc));
  }

  sendPort(wc: WebContents): void {
    if (!this.child || wc.isDestroyed()) return;
    const { port1, port2 } = new MessageChannelMain();
    this.child.postMessage({ type: 'connect' }, [port1]);
    wc.postMessage(IPC.enginePort, null, [port2]);
  }

  /** Let the engine open a path the user picked in a native dialog; resolves once it has accepted. */
  grant(path: string): Promise<boolean> {
    const child = this.child;
    if (!child) return Promise.resolve(false);
    const id = `g${++this.grantCounter}`;
    return new Promise<boolean>((resolve) => {
      this.grants.set(id, resolve);
      child.postMessage({ type: 'grant', path, id });
      setTimeout(() => {
        if (this.grants.delete(id)) resolve(false);
      }, 10_000);
    });
  }

  /** Kill and restart (Models › Restart Engine). */
  restart(): void {
    this.child?.kill();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.postMessage({ type: 'shutdown' });
    const timer = setTimeout(() => child.kill(), 10_000);
    await exited;
    clearTimeout(timer);
  }

  private broadcast(status: EngineStatus): void {
    for (const wc of this.windows) if (!wc.isDestroyed()) wc.send(IPC.engineStatus, status);
  }
}
