// The API key from the environment (OPENAI_API_KEY / PROOFWRIGHT_OPENAI_API_KEY) in the engine (serve
// mode, app): it goes only to the server given at start (--backend / PROOFWRIGHT_BACKEND), never to a
// server URL a client sets afterwards (issue 14). Two real HTTP servers on 127.0.0.1 record what they get.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineApi } from '../common/contract';
import type { LoopEvent } from '../common/events';
import { startServer, writeStream, type TestServer } from '../models/openai/testServer';
import type { EngineService } from './service';
import { startInProcessEngine } from './testing/in-process';

const ENV_KEY = 'sk-from-environment-42';
const REPLY = 'Here is my evaluation of the solution:\n\nFine.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{1}';
let base: string;
let chosen: TestServer; // the server given at start
let other: TestServer; // a server a client points the engine at later
let service: EngineService | undefined;
const events: LoopEvent[] = [];

async function startEngine(backend: string | undefined, env: Record<string, string>): Promise<EngineApi> {
  const dir = mkdtempSync(join(base, 'e-'));
  const started = await startInProcessEngine(
    { workspace: join(dir, 'ws'), userData: join(dir, 'user'), backend, env },
    { loopEvent: (e) => void events.push(e) },
  );
  service = started.service;
  return started.engine;
}

async function verifyOnce(engine: EngineApi): Promise<void> {
  const doc = await engine.newDocument({});
  await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: 0, text: 'A one-line proof.' }] });
  const { runId } = await engine.startVerify({ docId: doc.docId, samples: 1, meta: false });
  await vi.waitFor(() => expect(events.some((e) => e.type === 'run-finished' && e.runId === runId)).toBe(true), { timeout: 20_000 });
}

/** The Authorization headers a server received (one per request, '' when none was sent). */
const authorizations = (server: TestServer) => server.requests.map((r) => String(r.headers.authorization ?? ''));

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'pw-env-key-'));
  chosen = await startServer((_req, res) => writeStream(res, [REPLY]));
  other = await startServer((_req, res) => writeStream(res, [REPLY]));
});
afterEach(async () => {
  await service?.shutdown();
  service = undefined;
  chosen.requests.length = 0;
  other.requests.length = 0;
});
afterAll(async () => {
  await chosen?.close();
  await other?.close();
  rmSync(base, { recursive: true, force: true });
});

describe('API key from the environment in the engine', () => {
  it('is sent to the server given at start, and not to a server a client switches to', async () => {
    const engine = await startEngine(`openai:${chosen.url}#test-model`, { OPENAI_API_KEY: ENV_KEY });
    await vi.waitFor(async () => expect(await engine.backendStatus()).toMatchObject({ state: 'ready' }), { timeout: 10_000 });
    await verifyOnce(engine);
    expect(chosen.requests.filter((r) => r.url.endsWith('/chat/completions')).length).toBeGreaterThan(0);
    expect(authorizations(chosen).filter((a) => a !== '')).not.toHaveLength(0);
    expect(authorizations(chosen).every((a) => a === `Bearer ${ENV_KEY}`)).toBe(true);

    await expect(engine.setBackend({ spec: `openai:${other.url}#test-model` })).resolves.toMatchObject({ state: 'ready' });
    await verifyOnce(engine);
    expect(other.requests.filter((r) => r.url.endsWith('/chat/completions')).length).toBeGreaterThan(0);
    expect(authorizations(other).filter((a) => a.includes(ENV_KEY))).toEqual([]);

    // Back to the server given at start (another path on the same origin): sent again.
    const before = chosen.requests.length;
    await engine.setBackend({ spec: `openai:${chosen.url}/v1#test-model` });
    await verifyOnce(engine);
    expect(authorizations(chosen).slice(before).filter((a) => a.includes(ENV_KEY))).not.toHaveLength(0);
  });

  it('is sent to no server when the engine was started without an openai backend (PROOFWRIGHT_OPENAI_API_KEY too)', async () => {
    const engine = await startEngine(undefined, { PROOFWRIGHT_OPENAI_API_KEY: ENV_KEY, OPENAI_API_KEY: ENV_KEY });
    await expect(engine.setBackend({ spec: `openai:${other.url}#test-model` })).resolves.toMatchObject({ state: 'ready' });
    await verifyOnce(engine);
    expect(other.requests.length).toBeGreaterThan(0);
    expect(authorizations(other).filter((a) => a.includes(ENV_KEY))).toEqual([]);
  });
});
