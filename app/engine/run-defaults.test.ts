// One run-settings resolver (app/common/run-settings.ts): the CLI, the app's engine and serve mode (a
// real server: the engine in its supervised host process, reached over the WebSocket) start verify and
// prove with the same defaults. Compared where it counts, in the run records all three write: the
// prompt profile, samples, meta-verification, evidence, sampling (seed included: an app run is
// reproducible like a CLI run) and the search size n, m, T, k.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineApi } from '../common/contract';
import { DEFAULT_PROFILE } from '../common/run-settings';
import { connectRpc, type WsClient } from '../../e2e/support/rpc';
import { startServer, type RunningServer } from '../server/server';
import { main } from '../cli/main';
import { captureIO } from '../cli/testing/capture-io';
import type { EngineService } from './service';
import { startInProcessEngine } from './testing/in-process';

const SAMPLES = fileURLToPath(new URL('../../resources/samples/', import.meta.url));

let base: string;
let ws: string;
let service: EngineService;
let engine: EngineApi;
let server: RunningServer;
let served: WsClient;
const finished = new Set<string>();

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'pw-run-defaults-'));
  ws = join(base, 'ws');
  cpSync(join(SAMPLES, 'cauchy-equation.md'), join(ws, 'cauchy.md'));
  cpSync(join(SAMPLES, 'cauchy-equation.problem.md'), join(ws, 'cauchy.problem.md'));
  // A proof with computations the checker decides: evidence is then really in (or out of) the prompt.
  cpSync(join(SAMPLES, 'sum-of-cubes.md'), join(ws, 'cubes.md'));
  cpSync(join(SAMPLES, 'sum-of-cubes.problem.md'), join(ws, 'cubes.problem.md'));
  cpSync(join(SAMPLES, 'outputs'), join(ws, 'outputs'), { recursive: true });
  cpSync(join(SAMPLES, 'scripts', 'cauchy-equation.labelled.scripted.json'), join(ws, 'scripts', 'cauchy.json'));
  ({ service, engine } = await startInProcessEngine(
    { workspace: ws, userData: join(base, 'user'), backend: 'scripted:scripts/cauchy.json' },
    { loopEvent: (e) => void (e.type === 'run-finished' && finished.add(e.runId)) },
  ));
  server = await startServer({ workspace: ws, userData: join(base, 'serve-user'), backend: 'scripted:scripts/cauchy.json' });
  served = await connectRpc(server.url, { loopEvent: (e) => void (e.type === 'run-finished' && finished.add(e.runId)) });
}, 60_000);

afterAll(async () => {
  served?.close();
  served?.socket.close();
  await server?.close();
  await service?.shutdown();
  rmSync(base, { recursive: true, force: true });
});

/** The header of the newest run record of `kind` in the workspace. */
function newestHeader(kind: string): { params: Record<string, unknown>; profile?: string } {
  const dir = join(ws, '.proofwright', 'runs');
  const name = readdirSync(dir).filter((n) => n.includes(`-${kind}-`)).sort().at(-1)!;
  return JSON.parse(readFileSync(join(dir, name), 'utf8').split('\n')[0]);
}

const cli = async (args: string[]) => {
  const io = captureIO(ws);
  expect(await main(args, io), io.err).toBe(0);
};

/** Start a run with no settings of its own through an engine client, wait for it, return its record's header. */
async function startFrom(api: EngineApi, kind: 'verify' | 'prove', path: string) {
  const doc = await api.openDocument({ path });
  const { runId } = kind === 'verify' ? await api.startVerify({ docId: doc.docId }) : await api.startProve({ docId: doc.docId });
  await vi.waitFor(() => expect(finished.has(runId)).toBe(true), { timeout: 60_000 });
  return newestHeader(kind);
}

/**
 * The same run started from the CLI (no options but the backend), the app's engine and serve mode:
 * the profile and the params `fields` of their records, all three equal, returned for a closer look.
 */
async function sameDefaults(kind: 'verify' | 'prove', cliArgs: string[], path: string, fields: string[]) {
  await cli([kind, ...cliArgs, '--backend', 'scripted:scripts/cauchy.json', '--json']);
  const fromCli = newestHeader(kind);
  const viaApp = await startFrom(engine, kind, path);
  const viaServe = await startFrom(served.engine, kind, path);
  const shape = (h: { params: Record<string, unknown>; profile?: string }) => ({ profile: h.profile, ...Object.fromEntries(fields.map((f) => [f, h.params[f]])) });
  expect(shape(viaApp)).toEqual(shape(fromCli));
  expect(shape(viaServe)).toEqual(shape(fromCli));
  return shape(fromCli);
}

describe('run defaults', () => {
  it('verify: the CLI, the app and serve mode record the same profile, samples, meta, evidence and sampling', async () => {
    const defaults = await sameDefaults('verify', ['cubes.md'], 'cubes.md', ['samples', 'meta', 'evidence', 'sampling', 'concurrency']);
    expect(defaults).toMatchObject({ profile: DEFAULT_PROFILE, samples: 4, meta: false, evidence: true, sampling: { temperature: 1, topP: 0.95, maxTokens: 8192, seed: 0 } });
  }, 60_000);

  it('prove: the CLI, the app and serve mode search with the same profile, n, m, T, k and sampling', async () => {
    const defaults = await sameDefaults('prove', ['--problem', 'cauchy.problem.md'], 'cauchy.md', ['candidates', 'samples', 'rounds', 'topK', 'sampling']);
    expect(defaults).toMatchObject({ profile: DEFAULT_PROFILE, candidates: 4, samples: 4, rounds: 2, topK: 2 });
  }, 120_000);
});
