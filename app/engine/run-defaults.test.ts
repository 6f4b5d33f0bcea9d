// One run-settings resolver (app/common/run-settings.ts): the CLI and the app's engine (serve mode runs
// that same engine in its host process) start verify and prove with the same defaults. Compared where
// it counts, in the run records both write: samples, meta-verification, evidence, sampling (seed
// included: an app run is reproducible like a CLI run) and the search size n, m, T, k.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineApi } from '../common/contract';
import { main } from '../cli/main';
import { captureIO } from '../cli/testing/capture-io';
import type { EngineService } from './service';
import { startInProcessEngine } from './testing/in-process';

const SAMPLES = fileURLToPath(new URL('../../resources/samples/', import.meta.url));

let base: string;
let ws: string;
let service: EngineService;
let engine: EngineApi;
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
});

afterAll(async () => {
  await service?.shutdown();
  rmSync(base, { recursive: true, force: true });
});

/** The header of the newest run record of `kind` in the workspace. */
function newestHeader(kind: string): { params: Record<string, unknown> } {
  const dir = join(ws, '.proofwright', 'runs');
  const name = readdirSync(dir).filter((n) => n.includes(`-${kind}-`)).sort().at(-1)!;
  return JSON.parse(readFileSync(join(dir, name), 'utf8').split('\n')[0]);
}

const cli = async (args: string[]) => {
  const io = captureIO(ws);
  expect(await main(args, io), io.err).toBe(0);
};

describe('run defaults', () => {
  it('verify: the CLI and the app record the same samples, meta, evidence and sampling', async () => {
    // The profile is given: its default still differs (CLI deepseek-math-v2, app labelled; NOTES.md).
    await cli(['verify', 'cubes.md', '--backend', 'scripted:scripts/cauchy.json', '--profile', 'labelled', '--json']);
    const fromCli = newestHeader('verify').params;
    const doc = await engine.openDocument({ path: 'cubes.md' });
    const { runId } = await engine.startVerify({ docId: doc.docId });
    await vi.waitFor(() => expect(finished.has(runId)).toBe(true), { timeout: 30_000 });
    const fromApp = newestHeader('verify').params;
    const shape = (p: Record<string, unknown>) => ({ samples: p.samples, meta: p.meta, evidence: p.evidence, sampling: p.sampling, concurrency: p.concurrency });
    expect(shape(fromApp)).toEqual(shape(fromCli));
    expect(fromApp).toMatchObject({ samples: 4, meta: false, evidence: true, sampling: { temperature: 1, topP: 0.95, maxTokens: 8192, seed: 0 } });
  });

  it('prove: the CLI and the app search with the same n, m, T, k and sampling', async () => {
    await cli(['prove', '--problem', 'cauchy.problem.md', '--backend', 'scripted:scripts/cauchy.json', '--profile', 'labelled', '--json']);
    const fromCli = newestHeader('prove').params;
    const doc = await engine.openDocument({ path: 'cauchy.md' });
    const { runId } = await engine.startProve({ docId: doc.docId });
    await vi.waitFor(() => expect(finished.has(runId)).toBe(true), { timeout: 60_000 });
    const fromApp = newestHeader('prove').params;
    const shape = (p: Record<string, unknown>) => ({ candidates: p.candidates, samples: p.samples, rounds: p.rounds, topK: p.topK, sampling: p.sampling });
    expect(shape(fromApp)).toEqual(shape(fromCli));
    expect(fromApp).toMatchObject({ candidates: 4, samples: 4, rounds: 2, topK: 2 });
  });
});
