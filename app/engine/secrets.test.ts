// The API key typed into the app: kept by the engine in an owner-only file, never sent back to a
// window, and used on the wire by the OpenAI-compatible backend.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

  it('is bound to the server it was set for: a changed server URL never receives it', async () => {
    const other = await startServer((_req, res) => {
      writeStream(res, ['Here is my evaluation of the solution:\n\nFine.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{1}']);
    });
    try {
      const verifyOnce = async () => {
        const doc = await engine.newDocument({});
        await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: 0, text: 'A one-line proof.' }] });
        const { runId } = await engine.startVerify({ docId: doc.docId, samples: 1, meta: false });
        await vi.waitFor(() => expect(events.some((e) => e.type === 'run-finished' && e.runId === runId)).toBe(true), { timeout: 20_000 });
      };
      // Set while the first server is the chosen backend: bound to its origin.
      await expect(engine.setBackend({ spec: `openai:${server.url}#test-model` })).resolves.toMatchObject({ state: 'ready' });
      await engine.setApiKey({ key: KEY });
      // A client points the engine at another server (another port is another origin).
      await expect(engine.setBackend({ spec: `openai:${other.url}#test-model` })).resolves.toMatchObject({ state: 'ready' });
      await verifyOnce();
      const leaked = other.requests.filter((r) => r.url.endsWith('/chat/completions'));
      expect(leaked.length).toBeGreaterThan(0);
      expect(leaked.every((r) => r.headers.authorization === undefined || !String(r.headers.authorization).includes(KEY))).toBe(true);
      expect(await engine.apiKeyStatus()).toEqual({ apiKeySet: true });

      // Back on the server it was set for, it is sent again.
      const before = server.requests.length;
      await engine.setBackend({ spec: `openai:${server.url}#test-model` });
      await verifyOnce();
      const completions = server.requests.slice(before).filter((r) => r.url.endsWith('/chat/completions'));
      expect(completions.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);
    } finally {
      await engine.setApiKey({ key: null });
      await other.close();
    }
  });

  it('moves a damaged secrets.json aside and says so, instead of silently emptying it', async () => {
    await service.shutdown();
    writeFileSync(join(base, 'user', 'secrets.json'), '{"openaiApiKey": "sk-half');
    await start();
    const info = await engine.engineInfo();
    expect(info.warnings?.join('\n')).toMatch(/secrets\.json was damaged and is not used \(moved to .*secrets\.json\.damaged-/);
    const aside = readdirSync(join(base, 'user')).find((n) => n.startsWith('secrets.json.damaged-'));
    expect(readFileSync(join(base, 'user', aside!), 'utf8')).toBe('{"openaiApiKey": "sk-half');
    expect(await engine.apiKeyStatus()).toEqual({ apiKeySet: false });
  });
});
