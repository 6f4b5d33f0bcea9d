// The API key typed into the app: kept by the engine in an owner-only file, never sent back to a
// window, and used on the wire by the OpenAI-compatible backend.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineApi } from '../common/contract';
import type { LoopEvent } from '../common/events';
import { startServer, writeStream, type TestServer } from '../models/openai/testServer';
import type { EngineService } from './service';
import { startInProcessEngine } from './testing/in-process';

const KEY = 'sk-test-0123456789';
let base: string;
let service: EngineService;
let engine: EngineApi;
let server: TestServer;
const events: LoopEvent[] = [];

async function start(): Promise<void> {
  ({ service, engine } = await startInProcessEngine({ workspace: join(base, 'ws'), userData: join(base, 'user') }, { loopEvent: (e) => void events.push(e) }));
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'pw-secrets-'));
  server = await startServer((_req, res) => {
    writeStream(res, ['Here is my evaluation of the solution:\n\nFine.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{1}']);
  });
  await start();
});
afterAll(async () => {
  await service?.shutdown();
  await server?.close();
  rmSync(base, { recursive: true, force: true });
});

describe('API key for OpenAI-compatible servers', () => {
  it('is stored owner-only, never returned, survives a restart and is sent as a bearer token', async () => {
    expect(await engine.apiKeyStatus()).toEqual({ apiKeySet: false });
    expect(await engine.setApiKey({ key: KEY })).toEqual({ apiKeySet: true });
    expect(statSync(join(base, 'user', 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(await engine.getSettings())).not.toContain(KEY);

    await service.shutdown();
    await start();
    expect(await engine.apiKeyStatus()).toEqual({ apiKeySet: true });

    await expect(engine.setBackend({ spec: `openai:${server.url}#test-model` })).resolves.toMatchObject({ state: 'ready', kind: 'openai' });
    const doc = await engine.newDocument({});
    await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: 0, text: 'A one-line proof.' }] });
    const { runId } = await engine.startVerify({ docId: doc.docId, samples: 1, meta: false });
    await vi.waitFor(() => expect(events.some((e) => e.type === 'run-finished' && e.runId === runId)).toBe(true), { timeout: 20_000 });
    const completions = server.requests.filter((r) => r.url.endsWith('/chat/completions'));
    expect(completions.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);

    expect(await engine.setApiKey({ key: null })).toEqual({ apiKeySet: false });
  });
});
