// The Electron preload's bridge (`window.proofwright`), one type for both ends: main/preload.ts
// builds an object of this type and renderer/engine/desktop.ts reads it, so a change to one side
// that the other does not follow fails to compile. Values main pushes through it (menu commands,
// paths, engine status) are checked by the renderer before use (engine status: EngineStatusSchema).

export interface DesktopBridge {
  desktop: true;
  /** Ask main for an engine port; it arrives as a window 'message' { type: 'proofwright:engine-port' }. */
  requestEnginePort(): void;
  openDialog(): Promise<string | null>;
  saveDialog(suggestedName?: string): Promise<string | null>;
  openExternal(url: string): Promise<boolean>;
  documentShown(info: { path: string | null; name: string; dirty: boolean }): void;
  onMenuCommand(listener: (command: string) => void): () => void;
  /** The supervisor's news; unknown until parsed with EngineStatusSchema. */
  onEngineStatus(listener: (status: unknown) => void): () => void;
  onOpenPath(listener: (path: string) => void): () => void;
}
