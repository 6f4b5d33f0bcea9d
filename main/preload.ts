// The preload (sandboxed, context-isolated): the only bridge between the page and Electron. It exposes
// a handful of functions (dialogs, external links, menu commands, engine status) and forwards the
// engine's MessagePort into the page. No Node API and no ipcRenderer reach the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { DesktopBridge } from '../app/common/desktop-bridge';
import { IPC } from './ipc';

type Listener<T> = (value: T) => void;

function subscribe<T>(channel: string, listener: Listener<T>): () => void {
  const wrapped = (_event: IpcRendererEvent, value: T) => listener(value);
  ipcRenderer.on(channel, wrapped);
  return () => ipcRenderer.removeListener(channel, wrapped);
}

// Ports cannot cross contextBridge: hand them to the page with window.postMessage, same origin only.
ipcRenderer.on(IPC.enginePort, (event) => {
  window.postMessage({ type: 'proofwright:engine-port' }, window.location.origin, [...event.ports]);
});

// Typed by the interface the renderer reads (app/common/desktop-bridge.ts).
const bridge: DesktopBridge = {
  desktop: true,
  requestEnginePort: () => ipcRenderer.send(IPC.requestPort),
  openDialog: (): Promise<string | null> => ipcRenderer.invoke(IPC.openDialog),
  saveDialog: (suggestedName?: string): Promise<string | null> => ipcRenderer.invoke(IPC.saveDialog, { suggestedName }),
  openExternal: (url: string): Promise<boolean> => ipcRenderer.invoke(IPC.openExternal, { url }),
  documentShown: (info: { path: string | null; name: string; dirty: boolean }) => ipcRenderer.send(IPC.documentShown, info),
  onMenuCommand: (listener: Listener<string>) => subscribe(IPC.menu, listener),
  onEngineStatus: (listener: Listener<unknown>) => subscribe(IPC.engineStatus, listener),
  onOpenPath: (listener: Listener<string>) => subscribe(IPC.openPath, listener),
};
contextBridge.exposeInMainWorld('proofwright', bridge);
