// Serve mode under hostile input, against the real CLI (`proofwright serve` in its own process): the
// exact messages, frames, cookies and request targets that used to take the server down, two clients
// whose replies must not cross, and the token redirect that must stay on this origin.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, startServe, type ServeHandle, type TempWorkspace } from '../../e2e/support';
import { closeCode, closed, expectAnswers, openSocket, rawExchange, upgradeRequest } from './testing/hostile-client';

let ws: TempWorkspace;

beforeAll(() => {
  ws = makeWorkspace({ 'claim.md': '# Claim\n\n$1 + 1 = 2$.\n' });
});
afterAll(() => ws?.remove());

describe('serve mode on loopback: hostile messages and frames', () => {
  let server: ServeHandle;
  let host: string;
  let port: number;
  beforeAll(async () => {
    server = await startServe({ workspace: ws.dir });
    host = new URL(server.url).host;
    port = Number(new URL(server.url).port);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('closes a socket that sends the message `null` with 1008 and a reason, and keeps serving', async () => {
    const socket = await openSocket(server);
    const done = closed(socket);
    socket.send('null');
    const { code, reason } = await done;
    expect(code).toBe(1008);
    expect(reason).toMatch(/malformed RPC message: message is not an RPC request object/);
    await expectAnswers(server);
  });

  it('refuses deeply nested JSON without parsing it, and keeps serving', async () => {
    const socket = await openSocket(server);
    const done = closed(socket);
    socket.send('['.repeat(200_000) + ']'.repeat(200_000));
    const { code, reason } = await done;
    expect(code).toBe(1008);
    expect(reason).toMatch(/nested deeper than 64 levels/);
    await expectAnswers(server);
  });

  it('answers a malformed request that carries an id with an error on that id', async () => {
    const socket = await openSocket(server);
    const reply = new Promise<Record<string, unknown>>((resolve) =>
      socket.on('message', (d) => {
        const msg = JSON.parse(d.toString());
        if (msg.t === 's') resolve(msg);
      }),
    );
    socket.send(JSON.stringify({ t: 'q', i: 'abc', m: 'listWorkspace', a: 'not an array' }));
    expect(await reply).toMatchObject({ t: 's', i: 'abc', e: { code: 'invalid-request', message: expect.stringContaining('arguments must be an array') } });
    socket.close();
  });

  it('survives an unmasked client frame (81 02 68 69) after a normal handshake: closed with 1002', async () => {
    const received = await rawExchange(port, [upgradeRequest(host), Buffer.from([0x81, 0x02, 0x68, 0x69])], true);
    expect(received.toString('latin1')).toMatch(/^HTTP\/1\.1 101/);
    expect(closeCode(received)).toBe(1002);
    await expectAnswers(server);
  });

  it('closes a frame announcing more than the payload limit with 1009 (message too big)', async () => {
    // A masked text frame header announcing 2^40 bytes; the body never needs to be sent.
    const header = Buffer.from([0x81, 0xff, 0, 0, 0x01, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
    const received = await rawExchange(port, [upgradeRequest(host), header], true);
    expect(closeCode(received)).toBe(1009);
    await expectAnswers(server);
  });

  it('answers malformed request targets with 4xx, never by dying', async () => {
    for (const target of ['http://[', '/%', '//', '/..%2f..%2f', '*', '/rpc?%zz']) {
      const received = await rawExchange(port, [`GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`]);
      expect(received.toString('latin1'), target).toMatch(/^HTTP\/1\.1 4\d\d/);
    }
    const upgrade = await rawExchange(port, [upgradeRequest(host).replace('GET /rpc', 'GET http://[')]);
    expect(upgrade.toString('latin1')).toMatch(/^HTTP\/1\.1 4\d\d/);
    await expectAnswers(server);
  });

  it('routes replies per connection: two clients using the same request ids each get only their own', async () => {
    const a = await openSocket(server);
    const b = await openSocket(server);
    const seen: Record<'a' | 'b', Record<string, unknown>[]> = { a: [], b: [] };
    a.on('message', (d) => seen.a.push(JSON.parse(d.toString())));
    b.on('message', (d) => seen.b.push(JSON.parse(d.toString())));
    const ids = ['1', '2', '3'];
    for (const i of ids) {
      a.send(JSON.stringify({ t: 'q', i, m: 'listWorkspace', a: [] }));
      b.send(JSON.stringify({ t: 'q', i, m: 'getDocument', a: ['no-such-id'] }));
    }
    await expect.poll(() => seen.a.filter((m) => m.t === 's').length + seen.b.filter((m) => m.t === 's').length, { timeout: 20_000 }).toBe(6);
    // A numeric id cannot be routed: it is refused, never relayed (its reply used to reach everyone).
    const c = await openSocket(server);
    const cClosed = closed(c);
    c.send(JSON.stringify({ t: 'q', i: 7, m: 'listWorkspace', a: [] }));
    expect((await cClosed).code).toBe(1008);
    await expectAnswers(server); // a round trip later, anything misrouted would have arrived
    const aReplies = seen.a.filter((m) => m.t === 's');
    const bReplies = seen.b.filter((m) => m.t === 's');
    expect(aReplies.map((m) => m.i).sort()).toEqual(ids);
    expect(aReplies.every((m) => m.r !== undefined && m.e === undefined)).toBe(true);
    expect(bReplies.map((m) => m.i).sort()).toEqual(ids);
    expect(bReplies.every((m) => m.e !== undefined)).toBe(true);
    a.close();
    b.close();
  });
});

describe('serve mode with a token', () => {
  let server: ServeHandle;
  let host: string;
  let port: number;
  beforeAll(async () => {
    server = await startServe({ workspace: ws.dir, requireToken: true });
    host = new URL(server.url).host;
    port = Number(new URL(server.url).port);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses an upgrade whose token cookie is not validly encoded (`%`) with 401, and keeps serving', async () => {
    const received = await rawExchange(port, [upgradeRequest(host, `Cookie: proofwright_token_${port}=%\r\n`)]);
    expect(received.toString('latin1')).toMatch(/^HTTP\/1\.1 401/);
    await expectAnswers(server);
  });

  it('does not turn /.//evil.example/?token=… into a redirect to another site', async () => {
    const location = await new Promise<string | undefined>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: `/.//evil.example/?token=${server.token}`, headers: { Host: host } }, (res) => {
        res.resume();
        expect(res.statusCode).toBe(303);
        resolve(res.headers.location);
      });
      req.on('error', reject);
      req.end();
    });
    expect(location).toBe('/evil.example/');
    const resolved = new URL(location!, server.url);
    expect(resolved.origin).toBe(new URL(server.url).origin);
  });
});
