// Serve mode end to end: the real CLI, real HTTP and WebSocket, Debian's Chromium.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import NodeWebSocket from 'ws';
import { connectRpc, launchChromium, makeWorkspace, startServe, type ChromiumHandle, type ServeHandle, type TempWorkspace } from './support';

const PROOF = '# Claim\n\n$1 + 1 = 2$.\n\nProof. By definition.\n';

/** Try a raw WebSocket upgrade; resolves with 'open' or the HTTP status it was refused with. */
function tryUpgrade(url: string, headers: Record<string, string>, origin?: string): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const socket = new NodeWebSocket(url, { headers, ...(origin ? { origin } : {}) });
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', (e) => reject(e));
  });
}

let ws: TempWorkspace;
let browser: ChromiumHandle;

beforeAll(async () => {
  ws = makeWorkspace({ 'proofs/claim.md': PROOF });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  ws?.remove();
});

describe('serve mode on loopback (default)', () => {
  let server: ServeHandle;
  beforeAll(async () => {
    server = await startServe({ workspace: ws.dir });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('prints a loopback URL without a token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.token).toBeNull();
  });

  it('serves the page with the strict security headers, and the page runs under them', async () => {
    const violations: string[] = [];
    const onConsole = (msg: { text(): string }) => {
      if (/Content Security Policy|Refused to (load|execute|apply|create|connect)/i.test(msg.text())) violations.push(msg.text());
    };
    browser.page.on('console', onConsole);
    const response = await browser.page.goto(server.url, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    const headers = response!.headers();
    const csp = headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    await browser.page.waitForTimeout(1500); // let the UI (Monaco, KaTeX, workers) start
    browser.page.off('console', onConsole);
    expect(violations).toEqual([]);
    await browser.screenshot('serve-loopback-page');
  });

  it('loads without a failed request, a console error or warning: the page carries its own icon, so there is no /favicon.ico to miss', async () => {
    const page = browser.page;
    const failures: string[] = [];
    const onResponse = (r: { status(): number; url(): string }) => {
      if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
    };
    const onFailed = (r: { url(): string }) => failures.push(`failed ${r.url()}`);
    const onConsole = (msg: { type(): string; text(): string }) => {
      // A warning counts too: Chromium warns of a header it cannot read (a Permissions-Policy feature it does not know).
      if (msg.type() === 'error' || msg.type() === 'warning') failures.push(`console ${msg.type()}: ${msg.text()}`);
    };
    page.on('response', onResponse);
    page.on('requestfailed', onFailed);
    page.on('console', onConsole);
    await page.goto(server.url, { waitUntil: 'load' });
    await page.getByTestId('connection').waitFor({ timeout: 60_000 });
    // The icon a browser shows for the tab: the one the page declares, else /favicon.ico. It must be
    // an image the browser can draw (an <img> may load data: URLs under the page's img-src).
    const icon = await page.evaluate(() => document.querySelector('link[rel~="icon"]')?.getAttribute('href') ?? '/favicon.ico');
    expect(icon).toMatch(/^data:image\/svg\+xml,/);
    const drawn = await page.evaluate(async (href) => {
      const img = new Image();
      img.src = href;
      return img.decode().then(() => img.naturalWidth, (error: Error) => `not an image: ${error.message}`);
    }, icon);
    expect(drawn).toBeGreaterThan(0);
    page.off('response', onResponse);
    page.off('requestfailed', onFailed);
    page.off('console', onConsole);
    expect(failures).toEqual([]);
  });

  it('lets the page itself open the RPC socket and call the engine', async () => {
    await browser.page.goto(server.url);
    const reply = await browser.page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(`ws://${location.host}/rpc`);
          socket.onmessage = (e) => {
            const msg = JSON.parse(e.data as string);
            if (msg.t === 's' && msg.i === 'probe') resolve(JSON.stringify(msg.r));
          };
          socket.onopen = () => socket.send(JSON.stringify({ t: 'q', i: 'probe', m: 'listWorkspace', a: [] }));
          socket.onerror = () => resolve('error');
        }),
    );
    expect(JSON.parse(reply).files).toEqual([expect.objectContaining({ path: 'proofs/claim.md' })]);
  });

  it('refuses a cross-origin WebSocket from a browser page on another origin', async () => {
    // localhost:PORT is a different origin from 127.0.0.1:PORT (but an allowed Host on loopback).
    const other = server.url.replace('127.0.0.1', 'localhost');
    await browser.page.goto(other);
    const outcome = await browser.page.evaluate(
      (target) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(target);
          socket.onopen = () => resolve('open');
          socket.onerror = () => resolve('refused');
        }),
      `ws://${new URL(server.url).host}/rpc`,
    );
    expect(outcome).toBe('refused');
  });

  it('refuses a WebSocket with a foreign or missing Origin', async () => {
    const url = `ws://${new URL(server.url).host}/rpc`;
    await expect(tryUpgrade(url, {}, 'http://evil.example')).resolves.toBe(403);
    await expect(tryUpgrade(url, {})).resolves.toBe(403);
    await expect(tryUpgrade(url, {}, server.url.replace(/\/$/, ''))).resolves.toBe('open');
  });

  it('refuses a DNS-rebinding Host header', async () => {
    const port = Number(new URL(server.url).port);
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/', headers: { Host: host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
    await expect(status(`attacker.example:${port}`)).resolves.toBe(421);
    await expect(status(`127.0.0.1:${port}`)).resolves.toBe(200);
  });

  it('confines the engine to the workspace over the socket', async () => {
    const client = await connectRpc(server.url);
    await expect(client.engine.openDocument({ path: '../../etc/passwd' })).rejects.toMatchObject({ code: 'forbidden-path' });
    const doc = await client.engine.openDocument({ path: 'proofs/claim.md' });
    expect(doc.text).toBe(PROOF);
    client.socket.close();
  });
});

describe('serve mode off loopback (token required)', () => {
  let server: ServeHandle;
  beforeAll(async () => {
    // 0.0.0.0 really listens beyond loopback: the server must demand the token.
    server = await startServe({ workspace: ws.dir, host: '0.0.0.0' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('prints a token', () => {
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(server.output()).toContain('?token=');
  });

  it('refuses the page and the WebSocket without the token', async () => {
    const port = new URL(server.url).port;
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(401);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    await expect(tryUpgrade(`ws://127.0.0.1:${port}/rpc`, {}, `http://127.0.0.1:${port}`)).resolves.toBe(401);
    await expect(tryUpgrade(`ws://127.0.0.1:${port}/rpc?token=${server.token}`, {}, `http://127.0.0.1:${port}`)).resolves.toBe(401);
  });

  it('accepts the token once in the URL, then works from the cookie in the browser', async () => {
    const port = new URL(server.url).port;
    const response = await browser.page.goto(`http://127.0.0.1:${port}/?token=${server.token}`);
    expect(response?.status()).toBe(200);
    expect(browser.page.url()).toBe(`http://127.0.0.1:${port}/`); // the token left the address bar
    const cookies = await browser.context.cookies(`http://127.0.0.1:${port}/`);
    const cookie = cookies.find((c) => c.name === `proofwright_token_${port}`);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const outcome = await browser.page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(`ws://${location.host}/rpc`);
          socket.onopen = () => resolve('open');
          socket.onerror = () => resolve('refused');
        }),
    );
    expect(outcome).toBe('open');
    await browser.screenshot('serve-token-page');
  });

  it('still refuses a cross-origin socket that carries the cookie', async () => {
    const port = new URL(server.url).port;
    const cookie = `proofwright_token_${port}=${server.token}`;
    await expect(tryUpgrade(`ws://127.0.0.1:${port}/rpc`, { Cookie: cookie }, 'http://evil.example')).resolves.toBe(403);
    await expect(tryUpgrade(`ws://127.0.0.1:${port}/rpc`, { Cookie: cookie }, `http://127.0.0.1:${port}`)).resolves.toBe('open');
  });
});

describe('serve mode engine crash', () => {
  it('tells the connected client the engine stopped, restarts it, and keeps serving', async () => {
    const server = await startServe({ workspace: ws.dir });
    try {
      const statuses: string[] = [];
      const client = await connectRpc(server.url, { engineStatus: (s) => void statuses.push(s.state === 'stopped' ? `stopped: ${s.reason}` : s.state) });
      const { pid } = await client.engine.engineInfo();
      process.kill(pid, 'SIGKILL');
      await expect.poll(() => statuses.join('\n'), { timeout: 30_000 }).toMatch(/stopped: .*SIGKILL[\s\S]*restarted/);
      const after = await client.engine.engineInfo();
      expect(after.pid).not.toBe(pid);
      expect(after.generation).toBe(1);
      await expect(client.engine.openDocument({ path: 'proofs/claim.md' })).resolves.toMatchObject({ text: PROOF });
      client.socket.close();
    } finally {
      await server.stop();
    }
  });
});

describe('serve mode shutdown', () => {
  it('stops gracefully on SIGTERM and reports it', async () => {
    const server = await startServe({ workspace: ws.dir });
    const code = await server.stop();
    expect(code).toBe(0);
    expect(server.output()).toMatch(/SIGTERM: shutting down/);
    expect(server.output()).toMatch(/Stopped\./);
  });
});
