// Verifying the user's own proof with the demo script (review 9, finding 6): the script has no answer for
// it, and the no-verdict reason says what to do (load a model), not only that no rule matched. The real
// engine, the shipped demo script as the Welcome page picks it, a proof of the user's own.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineApi } from '../common/contract';
import type { LoopEvent } from '../common/events';
import { SCRIPT_HAS_NO_ANSWER, verdictCount, whyNoVerdict } from '../common/noVerdict';
import type { EngineService } from './service';
import { startInProcessEngine } from './testing/in-process';

let ws: string;
let service: EngineService;
let engine: EngineApi;
const events: LoopEvent[] = [];

beforeAll(async () => {
  ws = mkdtempSync(join(tmpdir(), 'pw-demo-own-'));
  mkdirSync(join(ws, 'proofs'));
  writeFileSync(join(ws, 'proofs', 'mine.md'), 'Every even square is divisible by $4$: if $n = 2k$ then $n^2 = 4k^2$.\n');
  writeFileSync(join(ws, 'proofs', 'mine.problem.md'), 'Show that the square of an even number is divisible by $4$.\n');
  ({ service, engine } = await startInProcessEngine({ workspace: ws, userData: join(ws, '.user') }, { loopEvent: (e) => void events.push(e) }));
});

afterAll(async () => {
  await service?.shutdown();
  rmSync(ws, { recursive: true, force: true });
});

describe('the demo script on a proof it does not know', () => {
  it('gives no verdict, and says the demo only knows the samples and to load a model', async () => {
    await engine.setBackend({ spec: 'scripted:sample:samples.deepseek.scripted.json' });
    const doc = await engine.openDocument({ path: 'proofs/mine.md' });
    const { runId } = await engine.startVerify({ docId: doc.docId, samples: 2, meta: false });
    await vi.waitFor(() => expect(events.some((e) => e.type === 'run-finished' && e.runId === runId)).toBe(true), { timeout: 30_000 });
    const finished = events.find((e): e is Extract<LoopEvent, { type: 'run-finished' }> => e.type === 'run-finished' && e.runId === runId)!;
    const samples = finished.verify?.samples ?? [];
    expect(samples).toHaveLength(2);
    expect(verdictCount(samples)).toBe(0);
    // What the run panel and History show as the reason ("no verdict: …").
    const why = whyNoVerdict(samples);
    expect(why).toContain('no rule matches a verify call');
    expect(why).toContain(SCRIPT_HAS_NO_ANSWER);
    expect(why).toContain('load a model in the Model library or Models & settings');
  }, 60_000);
});
