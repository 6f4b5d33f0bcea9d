// The few IPC messages between preload and main (everything else goes renderer ↔ engine over the
// MessagePort): channel names and menu commands. Payload schemas (zod) are in ipc-schemas.ts, kept
// out of this file so the preload bundle stays tiny.
export const IPC = {
  /** renderer → main (invoke): show the native open dialog; resolves to a granted path or null. */
  openDialog: 'proofwright:open-dialog',
  /** renderer → main (invoke): show the native save dialog; resolves to a granted path or null. */
  saveDialog: 'proofwright:save-dialog',
  /** renderer → main (invoke): open an external link in the OS browser (allowlist-checked). */
  openExternal: 'proofwright:open-external',
  /** renderer → main (send): please send me a (new) engine port. */
  requestPort: 'proofwright:request-port',
  /** renderer → main (send): the document shown in this window (title, recent list). */
  documentShown: 'proofwright:document-shown',
  /** main → renderer: the engine port (transferred). */
  enginePort: 'proofwright:engine-port',
  /** main → renderer: engine status (stopped with reason, restarted). */
  engineStatus: 'proofwright:engine-status',
  /** main → renderer: a menu command. */
  menu: 'proofwright:menu',
  /** main → renderer: open this (granted) path. */
  openPath: 'proofwright:open-path',
} as const;

export const MENU_COMMANDS = [
  'new-document',
  'open',
  'recover',
  'save',
  'save-as',
  'export-report',
  'verify',
  'prove',
  'refine',
  'stop',
  'choose-model',
  'import-model',
  'reload-model',
  'next-finding',
  'toggle-theme',
  'show-welcome',
  'find',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];
