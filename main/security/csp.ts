// The Content-Security-Policy of the desktop renderer (app:// protocol): the shared policy of
// app/common/csp.ts without a WebSocket source, since the engine is reached over a MessagePort.
import { contentSecurityPolicy } from '../../app/common/csp';

export function desktopContentSecurityPolicy(): string {
  return contentSecurityPolicy();
}
