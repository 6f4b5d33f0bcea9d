// Electron main: thin. Windows (one per document), menus, dialogs, recent documents, single-instance
// lock, window state, the app:// protocol, the engine in a utility process, and the security checklist
// (each decision lives in ./security and is unit-tested there).
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import writeFileAtomic from 'write-file-atomic';
import { DesktopEngine } from './engine';
import { IPC, type MenuCommand } from './ipc';
import { DocumentShownArgs, OpenExternalArgs, SaveDialogArgs } from './ipc-schemas';
import { buildMenuTemplate } from './menu';
import { resolveStatic, mimeType } from '../app/server/static';
import { visibleName } from '../app/common/file-names';
import { appRequestPath } from './security/app-protocol';
import { desktopContentSecurityPolicy } from './security/csp';
import { externalLinkAllowed } from './security/external-links';
import { isTrustedSender } from './security/ipc-sender';
import { decideNavigation } from './security/navigation';
import { APP_ORIGIN, APP_SCHEME } from './security/origin';
import { decidePermission } from './security/permissions';
import { decideWindowOpen } from './security/window-open';
import { loadWindowState, saveWindowState } from './window-state';

const HERE = fileURLToPath(new URL('.', import.meta.url)); // dist/main/
const ROOT = resolve(HERE, '..', '..');
// PROOFWRIGHT_RENDERER_DIR: development and tests only; a packaged app always uses its own copy.
const RENDERER_DIR = (!app.isPackaged && process.env.PROOFWRIGHT_RENDERER_DIR) || join(ROOT, 'dist', 'renderer');
const RESOURCES_DIR = app.isPackaged ? join(process.resourcesPath, 'resources') : join(ROOT, 'resources');
const DEV = !app.isPackaged && process.env.PROOFWRIGHT_DEV === '1';
const PROOF_FILE = /\.(md|markdown|tex)$/i;

// Must happen before ready: app:// is a standard, secure origin (so the CSP's 'self' means it).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

// Tests (and portable setups) isolate settings, window state and recovery copies.
if (process.env.PROOFWRIGHT_USER_DATA) app.setPath('userData', process.env.PROOFWRIGHT_USER_DATA);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void main();
}

async function main(): Promise<void> {
  const windows = new Set<BrowserWindow>();
  const userData = app.getPath('userData');
  const workspace = process.env.PROOFWRIGHT_WORKSPACE ?? join(app.getPath('documents'), 'Proofwright');
  mkdirSync(workspace, { recursive: true });
  const recentFile = join(userData, 'recent-desktop.json');
  let recent: string[] = [];
  try {
    recent = (JSON.parse(readFileSync(recentFile, 'utf8')) as unknown[]).filter((p): p is string => typeof p === 'string').slice(0, 15);
  } catch {
    recent = [];
  }

  app.on('second-instance', (_event, argv) => {
    const file = filesFromArgv(argv)[0];
    if (file) void openInNewWindow(file);
    else [...windows][0]?.focus();
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (app.isReady()) void openInNewWindow(path);
  });

  await app.whenReady();

  // Security, whole-app: permissions denied, navigation and new windows refused, CSP on every response.
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(decidePermission(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => decidePermission(permission));
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (decideNavigation(url) === 'deny') event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (decideNavigation(url) === 'deny') event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const decision = decideWindowOpen(url);
      if (decision.openExternal) void shell.openExternal(decision.openExternal); // eng-disable OPEN_EXTERNAL_JS_CHECK — only URLs that passed decideWindowOpen's http(s) host allowlist
      return { action: 'deny' };
    });
  });

  protocol.handle(APP_SCHEME, async (request) => {
    const headers = { 'Content-Security-Policy': desktopContentSecurityPolicy(), 'X-Content-Type-Options': 'nosniff' };
    const path = appRequestPath(request.url);
    // The same confinement as serve mode; inside an asar realpath may not see in (no symlinks there).
    const file = path === null ? null : await resolveStatic(RENDERER_DIR, path, { unresolvedIsLexical: app.isPackaged });
    if (!file) return new Response('not found', { status: 404, headers });
    try {
      return new Response(await readFile(file), { headers: { ...headers, 'Content-Type': mimeType(file) } });
    } catch {
      return new Response('not found', { status: 404, headers });
    }
  });

  const engine = new DesktopEngine({ hostPath: join(HERE, 'engine-host.js'), workspace, userData, resourcesDir: RESOURCES_DIR });
  engine.start();

  const windowOf = (wc: WebContents) => [...windows].find((w) => w.webContents === wc);
  /** Every IPC message: from the main frame of one of our windows, on the app origin. */
  const trusted = (event: IpcMainEvent | IpcMainInvokeEvent) =>
    isTrustedSender({
      frameUrl: event.senderFrame?.url,
      isMainFrame: event.senderFrame === event.sender.mainFrame,
      knownWindow: windowOf(event.sender) !== undefined,
    });

  function rememberRecent(path: string): void {
    recent = [path, ...recent.filter((p) => p !== path)].slice(0, 15);
    app.addRecentDocument(path);
    void writeFileAtomic(recentFile, JSON.stringify(recent)).catch(() => undefined);
    buildMenu();
  }

  function sendCommand(command: MenuCommand): void {
    BrowserWindow.getFocusedWindow()?.webContents.send(IPC.menu, command);
  }

  async function openPath(win: BrowserWindow, path: string): Promise<void> {
    if (!(await engine.grant(path))) return;
    rememberRecent(path);
    win.webContents.send(IPC.openPath, path);
  }

  async function openInNewWindow(path: string): Promise<void> {
    const win = createWindow();
    win.webContents.once('did-finish-load', () => void openPath(win, resolve(path)));
  }

  async function showOpenDialog(win: BrowserWindow): Promise<string | null> {
    const result = await dialog.showOpenDialog(win, {
      properties: ['openFile'],
      filters: [{ name: 'Proofs', extensions: ['md', 'markdown', 'tex'] }],
    });
    const path = result.canceled ? undefined : result.filePaths[0];
    if (!path || !(await engine.grant(path))) return null;
    rememberRecent(path);
    return path;
  }

  function buildMenu(): void {
    const template = buildMenuTemplate(
      { isMac: process.platform === 'darwin', dev: DEV, recent, appName: app.name },
      {
        command: sendCommand,
        newWindow: () => void createWindow(),
        openFile: () => {
          const win = BrowserWindow.getFocusedWindow() ?? createWindow();
          void showOpenDialog(win).then((path) => path && win.webContents.send(IPC.openPath, path));
        },
        openRecent: (path) => {
          const win = BrowserWindow.getFocusedWindow() ?? createWindow();
          void openPath(win, path);
        },
        clearRecent: () => {
          recent = [];
          app.clearRecentDocuments();
          void writeFileAtomic(recentFile, '[]').catch(() => undefined);
          buildMenu();
        },
        openDocs: () => {
          const url = 'https://github.com/';
          if (externalLinkAllowed(url)) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK — a constant URL, checked against the allowlist
        },
        restartEngine: () => engine.restart(),
      },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  function createWindow(): BrowserWindow {
    const state = loadWindowState(userData);
    const first = windows.size === 0;
    const win = new BrowserWindow({
      ...(first ? { x: state.x, y: state.y } : {}),
      width: state.width,
      height: state.height,
      show: false,
      title: 'Proofwright',
      webPreferences: {
        preload: join(HERE, 'preload.cjs'), // eng-disable PRELOAD_JS_CHECK — reviewed: sandboxed, exposes six functions via contextBridge, never ipcRenderer itself
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        // Middle-click must not open links in new windows.
        disableBlinkFeatures: 'Auxclick',
        navigateOnDragDrop: false,
        spellcheck: true,
        devTools: DEV,
      },
    });
    windows.add(win);
    if (first && state.maximized) win.maximize();
    win.once('ready-to-show', () => win.show());
    const remember = () => {
      if (win.isDestroyed()) return;
      saveWindowState(userData, { ...win.getNormalBounds(), maximized: win.isMaximized() });
    };
    win.on('close', remember);
    win.on('closed', () => windows.delete(win));
    engine.attach(win.webContents);
    void win.loadURL(`${APP_ORIGIN}/index.html`);
    return win;
  }

  ipcMain.on(IPC.requestPort, (event) => {
    if (!trusted(event)) return;
    engine.sendPort(event.sender);
  });
  ipcMain.handle(IPC.openDialog, async (event) => {
    const win = windowOf(event.sender);
    if (!trusted(event) || !win) throw new Error('refused');
    return showOpenDialog(win);
  });
  ipcMain.handle(IPC.saveDialog, async (event, raw: unknown) => {
    const win = windowOf(event.sender);
    if (!trusted(event) || !win) throw new Error('refused');
    const args = SaveDialogArgs.parse(raw);
    const result = await dialog.showSaveDialog(win, {
      defaultPath: args?.suggestedName ? join(workspace, args.suggestedName) : workspace,
      filters: [{ name: 'Proofs', extensions: ['md', 'tex'] }, { name: 'HTML report', extensions: ['html'] }],
      // Linux asks "Replace?" only with this (macOS and Windows always do): the save then overwrites.
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    });
    if (result.canceled || !result.filePath || !(await engine.grant(result.filePath))) return null;
    if (PROOF_FILE.test(result.filePath)) rememberRecent(result.filePath);
    return result.filePath;
  });
  ipcMain.handle(IPC.openExternal, async (event, raw: unknown) => {
    if (!trusted(event)) throw new Error('refused');
    const { url } = OpenExternalArgs.parse(raw);
    if (!externalLinkAllowed(url)) return false;
    await shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK — trusted sender, zod-validated, allowlisted http(s) URL only
    return true;
  });
  ipcMain.on(IPC.documentShown, (event, raw: unknown) => {
    const win = windowOf(event.sender);
    if (!trusted(event) || !win) return;
    const parsed = DocumentShownArgs.safeParse(raw);
    if (!parsed.success) return;
    // A bidi control in the name is shown as [U+202E], not applied (app/common/file-names.ts).
    win.setTitle(`${parsed.data.dirty ? '• ' : ''}${visibleName(parsed.data.name)} — Proofwright`);
    win.setDocumentEdited(parsed.data.dirty);
    if (parsed.data.path) win.setRepresentedFilename(parsed.data.path);
  });

  buildMenu();
  const initialFiles = filesFromArgv(process.argv);
  if (initialFiles.length) for (const file of initialFiles) void openInNewWindow(file);
  else createWindow();

  app.on('activate', () => {
    if (windows.size === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    // Let the engine cancel runs and flush records and recovery copies before we go.
    void engine.stop().finally(() => app.quit());
  });
}

function filesFromArgv(argv: string[]): string[] {
  return argv.slice(1).filter((a) => !a.startsWith('-') && PROOF_FILE.test(a));
}
