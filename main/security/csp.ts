// The Content-Security-Policy of the desktop renderer (app:// protocol). Same rules as serve mode,
// except there is no WebSocket: the engine is reached over a MessagePort.
export function desktopContentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Monaco injects <style> elements and style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
