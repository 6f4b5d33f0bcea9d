// The engine in an Electron utility process. Main starts it, hands each window a MessagePort to it
// (renderer ↔ engine directly, no hop through main per message), and when it dies tells every
// window why, starts a new one and hands out fresh ports. Documents, recovery copies and finished
// run records are on disk and survive; the renderer asks to reload the model (reloadBackend).
// Restart limits, backoff, status events and the words for why it went away are the shared
// lifecycle's (app/engine/lifecycle.ts, also serve mode's); this file is the Electron adapter.
import { app, MessageChannelMain, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import type { EngineStatus } from '../app/common/contract';
import { HostNoticeSchema, parseHostMessage } from '../app/engine/host-protocol';
import { EngineLifecycle, type EngineAdapter } from '../app/engine/lifecycle';
import { ELECTRON_RESOURCES_ENV } from '../app/models/local/server-binary';
import { IPC } from './ipc';

export interface DesktopEngineOptions {
  hostPath: string;
  workspace: string;
  userData: string;
  resourcesDir: string;
}

const SERVICE_NAME = 'Proofwright engine';

export class DesktopEngine {
  private child: UtilityProcess | null = null;
  /** Electron's word for the last utility process that went away (`child-process-gone` comes before `exit`). */
  private gone: { reason: string; exitCode: number } | null = null;
  private readonly windows = new Set<WebContents>();
  private grantCounter = 0;
  private readonly grants = new Map<string, (ok: boolean) => void>();
  private readonly lifecycle: EngineLifecycle;

  constructor(private readonly options: DesktopEngineOptions) {
    app.on('child-process-gone', (_event, details) => {
      if (details.type === 'Utility' && details.serviceName === SERVICE_NAME) this.gone = { reason: details.reason, exitCode: details.exitCode };
    });
    this.lifecycle = new EngineLifecycle(this.adapter(), {
      onStatus: (status) => {
        if (status.state === 'ready' || status.state === 'restarted') for (const wc of this.windows) this.sendPort(wc);
        if (status.state !== 'starting') this.broadcast(status);
      },
      onFatal: (message) => console.error(`[main] engine: ${message}`),
    });
  }

  private adapter(): EngineAdapter {
    return {
      spawn: (generation, first, hooks) => {
        const child = utilityProcess.fork(this.options.hostPath, [], {
          serviceName: SERVICE_NAME,
          stdio: 'inherit',
          env: {
            ...process.env,
            PROOFWRIGHT_WORKSPACE: this.options.workspace,
            PROOFWRIGHT_USER_DATA: this.options.userData,
            PROOFWRIGHT_RESOURCES: this.options.resourcesDir,
            PROOFWRIGHT_GENERATION: String(generation),
            PROOFWRIGHT_AUTOLOAD_BACKEND: first ? '1' : '0',
            // Where the packaged app's bundled llama-server lies (<resources>/llama-server/); passed
            // because the utility process is not documented to have process.resourcesPath.
            ...(app.isPackaged ? { [ELECTRON_RESOURCES_ENV]: process.resourcesPath } : {}),
          },
        });
        this.child = child;
        child.on('message', (message: unknown) => {
          const notice = parseHostMessage(HostNoticeSchema, message, (reason) => console.error(`[main] ${reason}`));
          if (notice?.type === 'ready') hooks.ready();
          else if (notice?.type === 'fatal') hooks.fatal(notice.message);
          else if (notice?.type === 'granted' && notice.id) {
            this.grants.get(notice.id)?.(notice.ok);
            this.grants.delete(notice.id);
          }
        });
        child.on('exit', (code) => {
          if (this.child === child) this.child = null;
          for (const resolve of this.grants.values()) resolve(false);
          this.grants.clear();
          const gone = this.gone;
          this.gone = null;
          hooks.exited({ code: gone?.exitCode ?? code, signal: null, gone: gone?.reason });
        });
        return { shutdown: () => child.postMessage({ type: 'shutdown' }), kill: () => void child.kill() };
      },
    };
  }

  /** Start the engine; a failure to start reaches the windows as a `stopped` status with the reason. */
  start(): void {
    void this.lifecycle.start().catch((error: Error) => console.error(`[main] ${error.message}`));
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
    this.lifecycle.restart();
  }

  stop(): Promise<void> {
    return this.lifecycle.stop();
  }

  private broadcast(status: EngineStatus): void {
    for (const wc of this.windows) if (!wc.isDestroyed()) wc.send(IPC.engineStatus, status);
  }
}
