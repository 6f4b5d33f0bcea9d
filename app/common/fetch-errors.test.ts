// Node's own fetch failures, caught for real (no mocks), in words (reviewer rev18 F12: "fetch failed").
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { describeFetchError, fetchFailureLasts } from './fetch-errors';

const failure = (url: string) => fetch(url).then(() => { throw new Error(`${url} answered`); }, (err: unknown) => err);

/** A port nothing listens on: taken from the OS, then freed. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('describeFetchError', () => {
  it('says a blocked port is blocked, and that it lasts', async () => {
    const err = await failure('http://127.0.0.1:9/m.gguf');
    expect(describeFetchError(err, 'http://127.0.0.1:9/m.gguf')).toBe('port 9 is one that browsers and Node never connect to (a blocked port of the Fetch standard): use another port');
    expect(fetchFailureLasts(err)).toBe(true);
  });

  it('says a refused connection with its port, and that a retry may work', async () => {
    const port = await freePort();
    const err = await failure(`http://127.0.0.1:${port}/x`);
    expect(describeFetchError(err)).toBe(`the connection was refused: nothing listens on port ${port} there (ECONNREFUSED)`);
    expect(fetchFailureLasts(err)).toBe(false);
  });

  it('says a host that does not exist by name', async () => {
    const err = await failure('https://no-such-host.invalid/m.gguf');
    const text = describeFetchError(err, 'https://no-such-host.invalid/m.gguf');
    // Without any DNS at all the lookup fails as "try again" instead: said so, not as a missing host.
    expect(text).toMatch(/^(no such host no-such-host\.invalid: its name is not known \(mistyped, or no network\?\) \(ENOTFOUND\)|the name no-such-host\.invalid could not be looked up just now .*\(EAI_AGAIN\))$/);
    expect(text).not.toContain('fetch failed');
  });

  it('keeps the message of an error that is not fetch\'s', () => {
    expect(describeFetchError(new Error('HTTP 500'))).toBe('HTTP 500');
    expect(fetchFailureLasts(new Error('HTTP 500'))).toBe(false);
  });
});
