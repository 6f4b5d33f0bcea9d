// main.ts wired to a fake `electron` module: no Electron binary is needed to check that the security
// decisions are really installed (window preferences, protocol, navigation, window.open, permissions,
// IPC sender checks and payload validation) and that the engine is started, handed to windows over
// ports, and restarted after a crash. The real-Electron versions of these are in e2e/electron/.
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const base = mkdtempSync(join(tmpdir(), 'pw-main-wiring-'));
const rendererDir = join(base, 'renderer');
mkdirSync(rendererDir);
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
writeFileSync(join(base, 'secret.txt'), 'secret');
symlinkSync(join(base, 'secret.txt'), join(rendererDir, 'leak.txt'));

const fake = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  const appEvents = new Emitter();
  const windows: FakeWindow[] = [];
  const forks: FakeChild[] = [];
  const ipcOn = new Map<string, (...a: unknown[]) => unknown>();
  const ipcHandle = new Map<string, (...a: unknown[]) => unknown>();
  let protocolHandler: ((req: { url: string }) => Promise<Response>) | null = null;

  class FakeWebContents extends Emitter {
    mainFrame = { url: 'app://proofwright/index.html' };
    sent: [string, unknown][] = [];
    posted: [string, unknown, unknown[]][] = [];
    send(channel: string, value: unknown) {
      this.sent.push([channel, value]);
    }
    postMessage(channel: string, value: unknown, ports: unknown[]) {
      this.posted.push([channel, value, ports]);
    }
    isDestroyed() {
      return false;
    }
  }
  class FakeWindow extends Emitter {
    static getFocusedWindow = () => windows[0] ?? null;
    static getAllWindows = () => windows;
    webContents = new FakeWebContents();
    loaded: string | null = null;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    show() {}
    maximize() {}
    focus() {}
    isDestroyed() {
      return false;
    }
    isMaximized() {
      return false;
    }
    getNormalBounds() {
      return { x: 0, y: 0, width: 1000, height: 800 };
    }
    setTitle() {}
    setDocumentEdited() {}
    setRepresentedFilename() {}
  }
  class FakeChild extends Emitter {
    posted: [unknown, unknown[]][] = [];
    constructor(readonly path: string, readonly options: { env: Record<string, string> }) {
      super();
      forks.push(this);
    }
    postMessage(message: unknown, ports: unknown[] = []) {
      this.posted.push([message, ports]);
    }
    kill() {
      this.emit('exit', 1);
    }
  }
  const electron = {
    app: Object.assign(appEvents, {
      isPackaged: false,
      name: 'Proofwright',
      getPath: (name: string) => `/tmp/unused-${name}`,
      setPath: vi.fn(),
      requestSingleInstanceLock: () => true,
      quit: vi.fn(),
      whenReady: () => Promise.resolve(),
      isReady: () => true,
      addRecentDocument: vi.fn(),
      clearRecentDocuments: vi.fn(),
    }),
    BrowserWindow: FakeWindow,
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
    ipcMain: {
      on: (channel: string, fn: (...a: unknown[]) => unknown) => ipcOn.set(channel, fn),
      handle: (channel: string, fn: (...a: unknown[]) => unknown) => ipcHandle.set(channel, fn),
    },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: vi.fn() },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(),
      handle: (_scheme: string, fn: (req: { url: string }) => Promise<Response>) => {
        protocolHandler = fn;
      },
    },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
    shell: { openExternal: vi.fn(async () => undefined) },
    utilityProcess: { fork: (path: string, _args: string[], options: { env: Record<string, string> }) => new FakeChild(path, options) },
    MessageChannelMain: class {
      port1 = { name: 'port1' };
      port2 = { name: 'port2' };
    },
  };
  return { electron, windows, forks, ipcOn, ipcHandle, appEvents, protocol: () => protocolHandler };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

beforeAll(async () => {
  process.env.PROOFWRIGHT_USER_DATA = join(base, 'user');
  process.env.PROOFWRIGHT_WORKSPACE = join(base, 'ws');
  process.env.PROOFWRIGHT_RENDERER_DIR = rendererDir;
  mkdirSync(join(base, 'user'));
  await import('./main');
  await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
});

afterAll(() => {
  delete process.env.PROOFWRIGHT_RENDERER_DIR;
  rmSync(base, { recursive: true, force: true });
});

const win = () => fake.windows[0];
const trustedEvent = () => ({ sender: win().webContents, senderFrame: win().webContents.mainFrame });

describe('Electron main wiring (fake electron)', () => {
  it('opens a sandboxed, isolated window on app://', () => {
    const prefs = win().options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, allowRunningInsecureContent: false });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(win().loaded).toBe('app://proofwright/index.html');
    expect(fake.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
  });

  it('serves the renderer over app:// with the CSP, and nothing outside it', async () => {
    const handler = fake.protocol()!;
    const ok = await handler({ url: 'app://proofwright/index.html' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
    expect(await ok.text()).toContain('<title>x</title>');
    expect((await handler({ url: 'app://proofwright/leak.txt' })).status).toBe(404); // symlink out
    expect((await handler({ url: 'app://proofwright/missing.js' })).status).toBe(404);
    expect((await handler({ url: 'app://elsewhere/index.html' })).status).toBe(404);
  });

  it('refuses navigation away from the app and opens allowed links in the OS browser only', () => {
    const contents = new EventEmitter() as EventEmitter & { setWindowOpenHandler: (fn: (d: { url: string }) => unknown) => void };
    let openHandler: ((d: { url: string }) => unknown) | null = null;
    contents.setWindowOpenHandler = (fn) => {
      openHandler = fn;
    };
    fake.appEvents.emit('web-contents-created', {}, contents);
    const nav = (url: string) => {
      const event = { preventDefault: vi.fn() };
      contents.emit('will-navigate', event, url);
      return event.preventDefault.mock.calls.length > 0 ? 'blocked' : 'allowed';
    };
    expect(nav('https://evil.example/')).toBe('blocked');
    expect(nav('file:///etc/passwd')).toBe('blocked');
    expect(nav('app://proofwright/index.html')).toBe('allowed');
    expect(openHandler!({ url: 'https://github.com/x' })).toEqual({ action: 'deny' });
    expect(fake.electron.shell.openExternal).toHaveBeenCalledWith('https://github.com/x');
    fake.electron.shell.openExternal.mockClear();
    expect(openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(fake.electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('denies every permission request', () => {
    const handler = fake.electron.session.defaultSession.setPermissionRequestHandler.mock.calls[0][0] as (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
    const callback = vi.fn();
    handler({}, 'media', callback);
    handler({}, 'notifications', callback);
    expect(callback.mock.calls).toEqual([[false], [false]]);
  });

  it('checks the IPC sender and validates the payload', async () => {
    const openExternal = fake.ipcHandle.get('proofwright:open-external')!;
    const stranger = { sender: { mainFrame: {} }, senderFrame: { url: 'https://evil.example/' } };
    await expect(openExternal(stranger, { url: 'https://github.com/' })).rejects.toThrow(/refused/);
    const subFrame = { sender: win().webContents, senderFrame: { url: 'app://proofwright/index.html' } };
    await expect(openExternal(subFrame, { url: 'https://github.com/' })).rejects.toThrow(/refused/);
    await expect(openExternal(trustedEvent(), { url: 42 })).rejects.toThrow();
    await expect(openExternal(trustedEvent(), { url: 'https://evil.example/' })).resolves.toBe(false);
    await expect(openExternal(trustedEvent(), { url: 'https://github.com/' })).resolves.toBe(true);
    await expect(fake.ipcHandle.get('proofwright:save-dialog')!(trustedEvent(), { suggestedName: '../../x' })).rejects.toThrow();
  });

  it('starts the engine in a utility process and hands a window its port on request', () => {
    expect(fake.forks).toHaveLength(1);
    expect(fake.forks[0].path).toMatch(/engine-host\.js$/);
    expect(fake.forks[0].options.env).toMatchObject({ PROOFWRIGHT_WORKSPACE: join(base, 'ws'), PROOFWRIGHT_AUTOLOAD_BACKEND: '1' });
    // Not packaged: no bundled llama-server to point the engine at.
    expect(fake.forks[0].options.env).not.toHaveProperty('PROOFWRIGHT_ELECTRON_RESOURCES');
    fake.ipcOn.get('proofwright:request-port')!(trustedEvent());
    expect(fake.forks[0].posted.at(-1)).toEqual([{ type: 'connect' }, [{ name: 'port1' }]]);
    expect(win().webContents.posted.at(-1)).toEqual(['proofwright:engine-port', null, [{ name: 'port2' }]]);
    const before = fake.forks[0].posted.length;
    fake.ipcOn.get('proofwright:request-port')!({ sender: { mainFrame: {} }, senderFrame: { url: 'https://evil.example/' } });
    expect(fake.forks[0].posted.length).toBe(before); // a stranger gets no port
  });

  it('after an engine crash: tells the window why, restarts it without reloading the model, sends a new port', () => {
    // An engine that never got ready is not restarted (the shared lifecycle): this one was.
    fake.forks[0].emit('message', { type: 'ready', pid: 4241 });
    expect(win().webContents.sent.at(-1)).toEqual(['proofwright:engine-status', expect.objectContaining({ state: 'ready', generation: 0 })]);
    fake.appEvents.emit('child-process-gone', {}, { type: 'Utility', serviceName: 'Proofwright engine', reason: 'oom', exitCode: 9 });
    // As in a packaged app, for the restarted engine: it is told where the bundled llama-server lies.
    const resourcesPath = Object.getOwnPropertyDescriptor(process, 'resourcesPath');
    fake.electron.app.isPackaged = true;
    Object.defineProperty(process, 'resourcesPath', { value: '/opt/Proofwright/resources', configurable: true });
    try {
      fake.forks[0].emit('exit', 9);
    } finally {
      fake.electron.app.isPackaged = false;
      if (resourcesPath) Object.defineProperty(process, 'resourcesPath', resourcesPath);
      else delete (process as { resourcesPath?: string }).resourcesPath;
    }
    const stopped = win().webContents.sent.find(([c, v]) => c === 'proofwright:engine-status' && (v as { state: string }).state === 'stopped');
    expect(stopped?.[1]).toMatchObject({ state: 'stopped', reason: 'the engine was killed: it ran out of memory', willRestart: true });
    expect(fake.forks).toHaveLength(2);
    expect(fake.forks[1].options.env).toMatchObject({ PROOFWRIGHT_AUTOLOAD_BACKEND: '0', PROOFWRIGHT_GENERATION: '1', PROOFWRIGHT_ELECTRON_RESOURCES: '/opt/Proofwright/resources' });
    const portsBefore = win().webContents.posted.length;
    fake.forks[1].emit('message', { type: 'ready', pid: 4242 });
    expect(win().webContents.sent.at(-1)).toEqual(['proofwright:engine-status', expect.objectContaining({ state: 'restarted', generation: 1 })]);
    expect(win().webContents.posted.length).toBe(portsBefore + 1);
  });
});
