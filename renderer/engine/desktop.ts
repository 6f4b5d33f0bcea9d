// The Electron preload's bridge (main/preload.ts), when the workbench runs in the desktop app.
// In a browser (serve mode) it is absent and every caller falls back to the web behaviour.

import type { DesktopBridge } from '../../app/common/desktop-bridge';

export type { DesktopBridge } from '../../app/common/desktop-bridge';

declare global {
  interface Window {
    proofwright?: DesktopBridge;
  }
}

export function desktop(): DesktopBridge | null {
  return typeof window !== 'undefined' && window.proofwright?.desktop ? window.proofwright : null;
}
