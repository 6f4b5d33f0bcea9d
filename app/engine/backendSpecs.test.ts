// The documented demo setup works from a fresh start (issue 11, item 8): the operator's --backend and
// the shipped scripts load wherever the workspace is, a model file anywhere can be imported, and a
// script a client wrote still reads nothing outside the workspace.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineApi } from '../common/contract';
import { absoluteSpec } from '../models/spec';
import { tinyLlamaGguf } from '../models/library/testGguf';
import { writeTinyGguf } from '../../scripts/make-tiny-gguf';
import type { EngineService } from './service';
import { startInProcessEngine } from './testing/in-process';

const SHIPPED = resolve('resources/samples/scripts/samples.deepseek.scripted.json');

let base: string;
let ws: string;
const started: EngineService[] = [];
async function start(backend?: string): Promise<EngineApi> {
  const { service, engine } = await startInProcessEngine({ workspace: ws, userData: join(base, 'user'), backend });
  started.push(service);
  return engine;
}

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'pw-specs-'));
  ws = join(base, 'ws');
  mkdirSync(ws);
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.shutdown()));
  rmSync(base, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe('the operator\'s --backend', () => {
  it('loads a shipped script by absolute path although it is outside the workspace, and verifies a sample', async () => {
    const engine = await start(`scripted:${SHIPPED}`);
    expect(await engine.backendStatus()).toMatchObject({ state: 'ready', kind: 'scripted' });
    const doc = await engine.newDocument({ example: 'cauchy-equation' });
    const { runId } = await engine.startVerify({ docId: doc.docId, samples: 1 });
    const run = await waitForRun(engine, runId);
    expect(run.status).toBe('completed');
  });

  it('loads an operator script outside the workspace that names files beside it', async () => {
    const own = join(base, 'own');
    mkdirSync(join(own, 'out'), { recursive: true });
    writeFileSync(join(own, 'out', 'v.txt'), 'Here is my evaluation of the solution: fine.\n\\boxed{1}');
    writeFileSync(join(own, 's.json'), JSON.stringify({ rules: [{ responses: [{ file: 'out/v.txt' }] }] }));
    const engine = await start(`scripted:${join(own, 's.json')}`);
    expect(await engine.backendStatus()).toMatchObject({ state: 'ready' });
  });

  it('prints why a model failed to load on the terminal, not only in the status', async () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const engine = await start(`scripted:${join(base, 'no-such-script.json')}`);
    const status = await engine.backendStatus();
    expect(status.state).toBe('error');
    expect(printed.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/model failed to load .*no-such-script\.json.*cannot read script/);
  });

  it('is made absolute against the folder serve started in', () => {
    expect(absoluteSpec('scripted:resources/x.json', '/home/me/pw')).toBe('scripted:/home/me/pw/resources/x.json');
    expect(absoluteSpec('scripted:sample:samples.deepseek.scripted.json', '/a')).toBe('scripted:sample:samples.deepseek.scripted.json');
    expect(absoluteSpec('openai:http://h:1/v1#m', '/a')).toBe('openai:http://h:1/v1#m');
  });
});

describe('a client choosing a backend', () => {
  it('lists the shipped scripts and loads one by name from a fresh start', async () => {
    const engine = await start();
    const scripts = await engine.listSampleScripts();
    expect(scripts).toContain('samples.deepseek.scripted.json');
    expect(await engine.setBackend({ spec: 'scripted:sample:samples.deepseek.scripted.json' })).toMatchObject({ state: 'ready', kind: 'scripted' });
    expect(await engine.setBackend({ spec: `scripted:${SHIPPED}` })).toMatchObject({ state: 'ready' });
  });

  it('cannot climb out of the shipped scripts by name', async () => {
    const engine = await start();
    const status = await engine.setBackend({ spec: 'scripted:sample:../../../etc/passwd' });
    expect(status.state).toBe('error');
    expect(status.error).toMatch(/no shipped script/);
  });

  it('still cannot name a script outside the workspace, and is told what would work', async () => {
    const elsewhere = join(base, 'elsewhere.json');
    writeFileSync(elsewhere, JSON.stringify({ rules: [{ responses: ['x'] }] }));
    const engine = await start();
    const status = await engine.setBackend({ spec: `scripted:${elsewhere}` });
    expect(status.state).toBe('error');
    expect(status.error).toMatch(/outside the workspace: .*shipped scripts \(sample:NAME\)/);
  });

  it('imports a GGUF file by absolute path from anywhere, and is told to import one it names directly', async () => {
    const models = join(base, 'downloads');
    mkdirSync(models);
    writeFileSync(join(models, 'tiny.gguf'), tinyLlamaGguf());
    const engine = await start();
    const entry = await engine.importModel({ path: join(models, 'tiny.gguf') });
    expect(entry.path).toBeTruthy();
    expect((await engine.listModels()).map((m) => m.id)).toContain(entry.id);
    const direct = await engine.setBackend({ spec: `local:${join(models, 'tiny.gguf')}` });
    expect(direct.error).toMatch(/import it into the model library first/);
  });

  it('imports a path pasted in quotes, or starting with ~ (the home folder), as a shell would read it (rev18 F12)', async () => {
    const home = join(base, 'home');
    mkdirSync(join(home, 'models with space'), { recursive: true });
    writeTinyGguf(join(home, 'models with space', 'a.gguf'), { size: 'test', seed: 1 });
    writeTinyGguf(join(home, 'b.gguf'), { size: 'test', seed: 2 });
    const engine = await start();
    expect((await engine.importModel({ path: ` "${join(home, 'models with space', 'a.gguf')}" ` })).id).toBe('a');
    const saved = process.env.HOME;
    process.env.HOME = home;
    try {
      expect((await engine.importModel({ path: '~/b.gguf' })).id).toBe('b');
    } finally {
      process.env.HOME = saved;
    }
    // Guard: a workspace-relative path is still read in the workspace.
    writeTinyGguf(join(ws, 'c.gguf'), { size: 'test', seed: 3 });
    expect((await engine.importModel({ path: 'c.gguf' })).id).toBe('c');
  });

  it('importing the same file twice names the model as its row does and says what to do in the workbench', async () => {
    const models = join(base, 'downloads');
    mkdirSync(models);
    writeTinyGguf(join(models, 'tiny.gguf'), { size: 'test', seed: 1 });
    const engine = await start();
    const first = await engine.importModel({ path: join(models, 'tiny.gguf') });
    const row = (await engine.listModels()).find((m) => m.id === first.id);
    expect(row?.name).toBe('proofwright-tiny-test-seed1');
    const again = await engine.importModel({ path: join(models, 'tiny.gguf') }).catch((e: Error) => e);
    // The row has a Remove button: no command line to run.
    expect((again as Error).message).toBe('already in the library as proofwright-tiny-test-seed1 (tiny.gguf); remove it there first or use it as it is');
  });

  it('loads a library model by name (local:NAME), and says so when the library has no such model', async () => {
    const models = join(base, 'downloads');
    mkdirSync(models);
    writeTinyGguf(join(models, 'tiny.gguf'), { size: 'test', seed: 3 });
    const engine = await start();
    await engine.setSettings({ local: { threads: 1, contextSize: 256, gpuLayers: 0 } });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const missing = await engine.setBackend({ spec: 'local:no-such-model' });
    expect(missing.state).toBe('error');
    expect(missing.error).toMatch(/no model named "no-such-model" in the library/);
    const entry = await engine.importModel({ path: join(models, 'tiny.gguf') });
    const loaded = await engine.setBackend({ spec: `local:${entry.id}` });
    expect(loaded).toMatchObject({ state: 'ready', kind: 'local', spec: `local:${entry.id}` });
  }, 120_000);

  it('a model loaded right after the load settings are applied loads with them (Apply, then Load, not waiting)', async () => {
    const models = join(base, 'downloads');
    mkdirSync(models);
    writeTinyGguf(join(models, 'tiny.gguf'), { size: 'test', seed: 4 });
    const engine = await start();
    const entry = await engine.importModel({ path: join(models, 'tiny.gguf') });
    // As the model library sends them: the settings' write is still on its way when Load is asked for.
    const applied = engine.setSettings({ local: { threads: 1, contextSize: 256, gpuLayers: 0 } });
    const loaded = await engine.setBackend({ spec: `local:${entry.id}` });
    await applied;
    expect(loaded).toMatchObject({ state: 'ready', kind: 'local', contextSize: 256, threads: 1 });
  }, 120_000);

  it('refuses to import a file that is not a GGUF model, without showing its content', async () => {
    // Any readable absolute path can be named (/etc/passwd): not even its first bytes come back.
    const secret = join(base, 'secret.gguf');
    writeFileSync(secret, 'root:x:0:0:root:/root:/bin/bash\n');
    const engine = await start();
    const error = await engine.importModel({ path: secret }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(`${secret} is not a GGUF model file (GGUF files start with the bytes "GGUF")`);
    expect((error as Error).message).not.toMatch(/root:|726f6f74/);
  });
});

async function waitForRun(engine: EngineApi, runId: string) {
  for (let i = 0; i < 600; i++) {
    const runs = await engine.listRuns({});
    const run = runs.find((r) => r.runId === runId);
    if (run && run.status !== 'running') return run;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('run did not finish');
}
