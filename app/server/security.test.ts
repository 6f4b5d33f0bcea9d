import { describe, expect, it } from 'vitest';
import {
  tokenCookieName,
  contentSecurityPolicy,
  decideAccess,
  hostAllowed,
  isLoopbackHost,
  originAllowed,
  readCookie,
  tokenMatches,
  tokenRequired,
} from './security';

describe('loopback and token requirement', () => {
  it('recognises loopback addresses only', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.5', 'example.com', '127.0.0.1.evil.com', 'localhost.evil.com']) expect(isLoopbackHost(h)).toBe(false);
  });

  it('requires a token off loopback or when asked', () => {
    expect(tokenRequired('127.0.0.1')).toBe(false);
    expect(tokenRequired('0.0.0.0')).toBe(true);
    expect(tokenRequired('::')).toBe(true);
    expect(tokenRequired('127.0.0.1', true)).toBe(true);
  });
});

describe('Host and Origin checks', () => {
  it('refuses rebinding host names on loopback, and wrong ports', () => {
    expect(hostAllowed('127.0.0.1:5000', 5000, true)).toBe(true);
    expect(hostAllowed('localhost:5000', 5000, true)).toBe(true);
    expect(hostAllowed('[::1]:5000', 5000, true)).toBe(true);
    expect(hostAllowed('attacker.example:5000', 5000, true)).toBe(false);
    expect(hostAllowed('127.0.0.1:5001', 5000, true)).toBe(false);
    expect(hostAllowed(undefined, 5000, true)).toBe(false);
    expect(hostAllowed('gpu-box.lan:5000', 5000, false)).toBe(true);
  });

  it('accepts only the same origin', () => {
    expect(originAllowed('http://127.0.0.1:5000', '127.0.0.1:5000')).toBe(true);
    expect(originAllowed('http://evil.example', '127.0.0.1:5000')).toBe(false);
    expect(originAllowed('http://127.0.0.1:5001', '127.0.0.1:5000')).toBe(false);
    expect(originAllowed('null', '127.0.0.1:5000')).toBe(false);
    expect(originAllowed(undefined, '127.0.0.1:5000')).toBe(false);
    expect(originAllowed('file://', '127.0.0.1:5000')).toBe(false);
    expect(originAllowed('not a url', '127.0.0.1:5000')).toBe(false);
  });
});

describe('tokens and cookies', () => {
  it('compares tokens exactly', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches('ab', 'abc')).toBe(false);
    expect(tokenMatches(null, 'abc')).toBe(false);
  });

  it('reads a cookie among others', () => {
    expect(readCookie(`a=1; ${tokenCookieName(5000)}=t%2Bk; b=2`, tokenCookieName(5000))).toBe('t+k');
    expect(readCookie('a=1', tokenCookieName(5000))).toBeNull();
  });
});

describe('decideAccess', () => {
  const base = { port: 5000, hostHeader: '10.0.0.2:5000', token: 'secret', websocket: false };

  it('lets loopback through without a token', () => {
    expect(decideAccess({ ...base, hostHeader: '127.0.0.1:5000', token: null, url: '/' })).toEqual({ allow: true });
  });

  it('swaps a URL token for an HttpOnly SameSite=Strict cookie and strips it from the URL', () => {
    const d = decideAccess({ ...base, url: '/?token=secret&doc=a' });
    expect(d).toMatchObject({ allow: true, redirectTo: '/?doc=a' });
    expect(d.allow && d.setCookie).toMatch(/HttpOnly/);
    expect(d.allow && d.setCookie).toMatch(/SameSite=Strict/);
  });

  it('refuses a missing or wrong token', () => {
    expect(decideAccess({ ...base, url: '/' })).toMatchObject({ allow: false, status: 401 });
    expect(decideAccess({ ...base, url: '/?token=nope' })).toMatchObject({ allow: false, status: 401 });
  });

  it('ignores the cookie of a server on another port', () => {
    expect(decideAccess({ ...base, url: '/', cookieHeader: `${tokenCookieName(5001)}=secret` })).toMatchObject({ allow: false, status: 401 });
  });

  it('accepts the cookie afterwards', () => {
    expect(decideAccess({ ...base, url: '/app.js', cookieHeader: `${tokenCookieName(5000)}=secret` })).toEqual({ allow: true });
  });

  it('refuses a WebSocket without the cookie, even with the token in the URL', () => {
    const ws = { ...base, websocket: true, origin: 'http://10.0.0.2:5000' };
    expect(decideAccess({ ...ws, url: '/rpc?token=secret' })).toMatchObject({ allow: false, status: 401 });
    expect(decideAccess({ ...ws, url: '/rpc', cookieHeader: `${tokenCookieName(5000)}=secret` })).toEqual({ allow: true });
  });

  it('refuses a cross-origin WebSocket even with a valid cookie', () => {
    const d = decideAccess({ ...base, websocket: true, origin: 'http://evil.example', url: '/rpc', cookieHeader: `${tokenCookieName(5000)}=secret` });
    expect(d).toMatchObject({ allow: false, status: 403 });
  });

  it('refuses a foreign Host on loopback (DNS rebinding)', () => {
    expect(decideAccess({ ...base, hostHeader: 'evil.example:5000', token: null, url: '/' })).toMatchObject({ allow: false, status: 421 });
  });
});

describe('content security policy', () => {
  it('allows no eval and no inline scripts', () => {
    const csp = contentSecurityPolicy('ws://127.0.0.1:5000');
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('connect-src \'self\' ws://127.0.0.1:5000');
  });
});

describe('hostile request parts', () => {
  it('reads a malformed percent-encoded cookie as absent instead of throwing', () => {
    expect(readCookie('proofwright_token_5000=%', 'proofwright_token_5000')).toBeNull();
    expect(readCookie('a=%zz; proofwright_token_5000=abc', 'proofwright_token_5000')).toBe('abc');
    expect(decideAccess({ url: '/', hostHeader: '127.0.0.1:5000', cookieHeader: 'proofwright_token_5000=%', port: 5000, token: 't', websocket: false })).toMatchObject({ allow: false, status: 401 });
  });

  it('keeps the token redirect on this origin', () => {
    for (const url of ['/.//evil.example/?token=t', '//evil.example/?token=t', '/\\evil.example/?token=t', '/%2e//evil.example?token=t']) {
      const decision = decideAccess({ url, hostHeader: '127.0.0.1:5000', port: 5000, token: 't', websocket: false });
      expect(decision.allow && decision.redirectTo, url).toMatch(/^\/(?![/\\])/);
    }
  });
});
