// Serve-mode access rules, as small pure functions (unit-tested in security.test.ts):
//   - bound to loopback (the default), no token is needed, but the Host header must name a loopback
//     address (blocks DNS rebinding) and a WebSocket's Origin must be this server's own origin;
//   - bound anywhere else (or with --require-token), every request needs the token: once in the URL
//     (?token=…), after which it lives in an HttpOnly, SameSite=Strict cookie.
import { timingSafeEqual } from 'node:crypto';
import { contentSecurityPolicy } from '../common/csp';

/** Cookies ignore ports: the name carries it, so two servers on one host keep their own tokens. */
export function tokenCookieName(port: number): string {
  return `proofwright_token_${port}`;
}

/** Loopback addresses: 127.0.0.0/8, ::1, and the name localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (/^::ffff:127\.\d+\.\d+\.\d+$/.test(h)) return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** A token is needed when the server listens beyond loopback, or when asked for explicitly. */
export function tokenRequired(bindHost: string, requireToken = false): boolean {
  return requireToken || !isLoopbackHost(bindHost);
}

/** Split a Host header value into host and port ("[::1]:8080" → ["::1", "8080"]). */
export function splitHostHeader(value: string): { host: string; port: string | null } | null {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (!m) return null;
  return { host: m[1].replace(/^\[|\]$/g, ''), port: m[2] ?? null };
}

/**
 * Is the Host header acceptable? On loopback only loopback names (a rebinding attack arrives with the
 * attacker's host name); with a token any name (the token is the protection). The port must match.
 */
export function hostAllowed(hostHeader: string | undefined, port: number, loopbackOnly: boolean): boolean {
  if (!hostHeader) return false;
  const parsed = splitHostHeader(hostHeader);
  if (!parsed) return false;
  if (parsed.port !== null && Number(parsed.port) !== port) return false;
  return !loopbackOnly || isLoopbackHost(parsed.host);
}

/** A WebSocket (or any cross-site request) is allowed only from this server's own origin. */
export function originAllowed(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (!origin || !hostHeader || origin === 'null') return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return url.host.toLowerCase() === hostHeader.trim().toLowerCase();
}

/** Constant-time comparison of a presented token with the real one. */
export function tokenMatches(presented: string | undefined | null, token: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Read one cookie from a Cookie header; null when absent or not validly percent-encoded. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    // A malformed escape ("%", "%zz") is a wrong cookie, not a reason to throw.
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return null;
    }
  }
  return null;
}

export function tokenCookie(port: number, token: string, secure: boolean): string {
  return `${tokenCookieName(port)}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** The renderer's Content-Security-Policy lives in app/common/csp.ts (shared with the desktop app). */
export { contentSecurityPolicy };

export function securityHeaders(wsOrigin?: string): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(wsOrigin),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    // Only features Chromium knows: an unknown one (Web Bluetooth's `bluetooth`) is a console warning on
    // every load. Web Bluetooth needs a permission prompt anyway, which the workbench never asks for.
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
    'Cache-Control': 'no-store',
  };
}

/**
 * A path that stays on this origin when used as a Location: "//host/…" (and "/\\host", which URL
 * normalises to it) is a protocol-relative URL to another site, so leading slashes collapse to one.
 */
export function sameOriginPath(pathname: string): string {
  return `/${pathname.replace(/^[/\\]+/, '')}`;
}

export type AccessDecision = { allow: true; setCookie?: string; redirectTo?: string } | { allow: false; status: number; reason: string };

/** Decide one HTTP request or WebSocket upgrade. */
export function decideAccess(input: {
  url: string;
  hostHeader?: string;
  origin?: string;
  cookieHeader?: string;
  port: number;
  token: string | null;
  websocket: boolean;
  secure?: boolean;
}): AccessDecision {
  if (!hostAllowed(input.hostHeader, input.port, input.token === null)) {
    return { allow: false, status: 421, reason: 'unexpected Host header (serve mode answers only to its own address)' };
  }
  if (input.websocket && !originAllowed(input.origin, input.hostHeader)) {
    return { allow: false, status: 403, reason: 'cross-origin WebSocket refused' };
  }
  if (input.token === null) return { allow: true };
  if (tokenMatches(readCookie(input.cookieHeader, tokenCookieName(input.port)), input.token)) return { allow: true };
  let url: URL;
  try {
    url = new URL(input.url, 'http://placeholder');
  } catch {
    return { allow: false, status: 400, reason: 'malformed request target' };
  }
  if (!input.websocket && tokenMatches(url.searchParams.get('token'), input.token)) {
    // Swap the URL token for a cookie and drop it from the address bar (and from history).
    url.searchParams.delete('token');
    return { allow: true, setCookie: tokenCookie(input.port, input.token, input.secure ?? false), redirectTo: sameOriginPath(url.pathname) + url.search };
  }
  return { allow: false, status: 401, reason: 'a token is required: open the URL printed when the server started' };
}
