// The native menu: File, Edit, View, Run, Models, Help. A pure template builder (menu.test.ts checks
// the accelerators and that every command reaches the renderer); main.ts turns it into a Menu.
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from './ipc';

export interface MenuActions {
  command(command: MenuCommand): void;
  newWindow(): void;
  openFile(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  openDocs(): void;
  restartEngine(): void;
}

export function buildMenuTemplate(options: { isMac: boolean; dev: boolean; recent: string[]; appName: string }, actions: MenuActions): MenuItemConstructorOptions[] {
  const send = (command: MenuCommand) => () => actions.command(command);
  const template: MenuItemConstructorOptions[] = [];
  if (options.isMac) template.push({ label: options.appName, submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }] });
  template.push(
    {
      label: '&File',
      submenu: [
        { label: 'New Document', accelerator: 'CmdOrCtrl+N', click: send('new-document') },
        { label: 'New Window', accelerator: 'CmdOrCtrl+Shift+N', click: () => actions.newWindow() },
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.openFile() },
        {
          label: 'Open Recent',
          submenu: [
            ...options.recent.map((path) => ({ label: path, click: () => actions.openRecent(path) })),
            ...(options.recent.length ? [{ type: 'separator' as const }] : []),
            { label: 'Clear Recent', enabled: options.recent.length > 0, click: () => actions.clearRecent() },
          ],
        },
        { label: 'Recover Unsaved Work…', click: send('recover') },
        { type: 'separator' },
        { label: 'Save', accelerator: 'CmdOrCtrl+S', click: send('save') },
        { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: send('save-as') },
        { label: 'Export Report…', accelerator: 'CmdOrCtrl+E', click: send('export-report') },
        { type: 'separator' },
        { role: 'close' },
        ...(options.isMac ? [] : [{ role: 'quit' as const }]),
      ],
    },
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        { type: 'separator' },
        { label: 'Find / Replace', accelerator: 'CmdOrCtrl+F', click: send('find') },
      ],
    },
    {
      label: '&View',
      submenu: [
        { label: 'Next Finding', accelerator: 'F8', click: send('next-finding') },
        { label: 'Toggle Theme', click: send('toggle-theme') },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(options.dev ? [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }] : []),
      ],
    },
    {
      label: '&Run',
      submenu: [
        { label: 'Verify', accelerator: 'CmdOrCtrl+Enter', click: send('verify') },
        { label: 'Prove…', accelerator: 'CmdOrCtrl+Shift+Enter', click: send('prove') },
        { label: 'Refine', accelerator: 'CmdOrCtrl+R', click: send('refine') },
        { label: 'Stop', accelerator: 'CmdOrCtrl+.', click: send('stop') },
      ],
    },
    {
      label: '&Models',
      submenu: [
        { label: 'Choose Model…', accelerator: 'CmdOrCtrl+M', click: send('choose-model') },
        { label: 'Import GGUF…', click: send('import-model') },
        { label: 'Reload Model', click: send('reload-model') },
        { type: 'separator' },
        { label: 'Restart Engine', click: () => actions.restartEngine() },
      ],
    },
    {
      role: 'help',
      label: '&Help',
      submenu: [{ label: 'Welcome Guide', click: send('show-welcome') }, { label: 'Documentation', click: () => actions.openDocs() }, ...(options.isMac ? [] : [{ role: 'about' as const }])],
    },
  );
  return template;
}
