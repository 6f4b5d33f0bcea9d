// The one Content-Security-Policy of the renderer, shared by serve mode (app/server/security.ts) and
// the desktop app:// protocol (main/security/csp.ts), so the two cannot drift apart. Pure: no imports.

/**
 * Monaco injects <style> elements and style attributes (hence style-src 'unsafe-inline'); its workers
 * are same-origin scripts or blobs. No 'unsafe-eval'. `wsOrigin` (serve mode's WebSocket) is added to
 * connect-src; the desktop app reaches the engine over a MessagePort and passes none.
 */
export function contentSecurityPolicy(wsOrigin?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${wsOrigin ? ` ${wsOrigin}` : ''}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
