// setWindowOpenHandler: the app never opens new Electron windows from page content. A link to an
// allowed external site is handed to the OS browser instead; anything else is dropped silently.
import { externalLinkAllowed, DEFAULT_EXTERNAL_ALLOWLIST } from './external-links';

export interface WindowOpenDecision {
  action: 'deny';
  /** Open this URL in the OS browser (shell.openExternal), when set. */
  openExternal?: string;
}

export function decideWindowOpen(url: string, allowlist: readonly string[] = DEFAULT_EXTERNAL_ALLOWLIST): WindowOpenDecision {
  return externalLinkAllowed(url, allowlist) ? { action: 'deny', openExternal: url } : { action: 'deny' };
}
