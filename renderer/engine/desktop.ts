// The Electron preload's bridge (main/preload.ts), when the workbench runs in the desktop app.
// In a browser (serve mode) it is absent and every caller falls back to the web behaviour.

export interface DesktopBridge {
  desktop: true;
  requestEnginePort(): void;
  openDialog(): Promise<string | null>;
  saveDialog(suggestedName?: string): Promise<string | null>;
  openExternal(url: string): Promise<boolean>;
  documentShown(info: { path: string | null; name: string; dirty: boolean }): void;
  onMenuCommand(listener: (command: string) => void): () => void;
  onEngineStatus(listener: (status: unknown) => void): () => void;
  onOpenPath(listener: (path: string) => void): () => void;
}

declare global {
  interface Window {
    proofwright?: DesktopBridge;
  }
}

export function desktop(): DesktopBridge | null {
  return typeof window !== 'undefined' && window.proofwright?.desktop ? window.proofwright : null;
}
