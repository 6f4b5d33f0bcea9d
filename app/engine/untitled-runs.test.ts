// A proof typed into a new (untitled) document, verified, then saved: its runs are filed under the
// path it was saved as, so History lists them with it, after a restart too (they were lost to it:
// History is filed by path and the run headers had none). Through the engine's contract, on real files.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineApi } from '../common/contract';
import type { LoopEvent } from '../common/events';
import { RunStore } from '../store/run-store';
import type { EngineService } from './service';
import { startInProcessEngine } from './testing/in-process';

const answer = (score: string) =>
  `Here is my evaluation of the solution:\n\nThe bound is used correctly.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}`;
const proof = [
  '**Claim.** For all real $x$, $x^2 - 2x + 1 \\ge 0$.',
  '',
  '*Proof.* We have $x^2 - 2x + 1 = (x-1)^2$, and a square is never negative. $\\blacksquare$',
  '',
].join('\n');

let base: string;
let ws: string;
let service: EngineService | undefined;
let engine: EngineApi;
const events: LoopEvent[] = [];

async function start() {
  ({ service, engine } = await startInProcessEngine({ workspace: ws, userData: join(base, 'user') }, { loopEvent: (e) => void events.push(e) }));
  await engine.setBackend({ spec: 'scripted:script.json' });
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'pw-untitled-runs-'));
  ws = join(base, 'ws');
  mkdirSync(join(ws, 'proofs'), { recursive: true });
  writeFileSync(join(ws, 'proofs', 'filed.md'), proof);
  writeFileSync(join(ws, 'script.json'), JSON.stringify({ rules: [{ role: 'verify', exhausted: 'cycle', responses: [answer('1'), answer('0.5')] }] }));
  await start();
});

afterAll(async () => {
  await service?.shutdown();
  rmSync(base, { recursive: true, force: true });
});

async function finished(runId: string) {
  await vi.waitFor(() => expect(events.some((e) => e.type === 'run-finished' && e.runId === runId)).toBe(true), { timeout: 30_000, interval: 20 });
}

describe('runs of a document verified before it had a file', () => {
  it('reach its History when it is saved, and stay there after a restart; other documents keep theirs', async () => {
    const doc = await engine.newDocument({});
    await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: 0, text: proof }] });
    const first = (await engine.startVerify({ docId: doc.docId, samples: 2, meta: false })).runId;
    await finished(first);
    const second = (await engine.startVerify({ docId: doc.docId, samples: 1, meta: false })).runId;
    await finished(second);
    // Untitled: no place in History yet.
    expect(await engine.listRuns({ docId: doc.docId })).toEqual([]);

    // Another untitled document's run, and a run of a file, are not this document's.
    const other = await engine.newDocument({});
    await engine.editDocument({ docId: other.docId, edits: [{ start: 0, end: 0, text: proof }] });
    const stranger = (await engine.startVerify({ docId: other.docId, samples: 1, meta: false })).runId;
    await finished(stranger);
    const filed = await engine.openDocument({ path: 'proofs/filed.md' });
    const own = (await engine.startVerify({ docId: filed.docId, samples: 1, meta: false })).runId;
    await finished(own);

    await engine.saveDocument({ docId: doc.docId, path: 'proofs/mine.md' });
    const listed = await engine.listRuns({ docId: doc.docId });
    expect(listed.map((r) => r.runId).sort()).toEqual([first, second].sort());
    expect(listed.every((r) => r.path === 'proofs/mine.md' && r.status === 'completed')).toBe(true);
    expect(listed.find((r) => r.runId === first)?.score).toBe(0.75);
    expect((await engine.listRuns({ docId: filed.docId })).map((r) => r.runId)).toEqual([own]);
    expect((await engine.listRuns({})).find((r) => r.runId === stranger)?.path).toBeNull();

    // A second save (or a save as elsewhere) files nothing more; a restart still lists them with the file.
    await engine.saveDocument({ docId: doc.docId, path: 'proofs/copy.md' });
    expect(await engine.listRuns({ path: 'proofs/copy.md' })).toEqual([]);
    await service?.shutdown();
    service = undefined;
    await start();
    expect((await engine.listRuns({ path: 'proofs/mine.md' })).map((r) => r.runId).sort()).toEqual([first, second].sort());
    // The record itself is untouched (append-only); the path is kept beside it, and a run read in full has it too.
    expect(readFileSync(join(ws, '.proofwright', 'runs', `${first}.jsonl`), 'utf8')).not.toContain('mine.md');
    const store = await RunStore.open(ws);
    expect((await store.loadRun(first)).header.document?.path).toBe('proofs/mine.md');
  });

  it('files every document saved at the same moment (rev4: one read-change-write overwrote the others)', async () => {
    const docs = await Promise.all([0, 1, 2, 3].map(() => engine.newDocument({})));
    const runs: string[] = [];
    for (const doc of docs) {
      await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: 0, text: proof }] });
      const { runId } = await engine.startVerify({ docId: doc.docId, samples: 1, meta: false });
      await finished(runId);
      runs.push(runId);
    }
    await Promise.all(docs.map((doc, i) => engine.saveDocument({ docId: doc.docId, path: `proofs/c${i}.md` })));
    for (const [i, doc] of docs.entries()) expect((await engine.listRuns({ docId: doc.docId })).map((r) => r.runId), `c${i}`).toEqual([runs[i]]);
  });

  it('a damaged adopted.json leaves those runs unfiled, nothing else breaks, and the next filing keeps it aside', async () => {
    const runsDir = join(ws, '.proofwright', 'runs');
    const damaged = '{"version": 1, "paths": {"../x": 5, ';
    writeFileSync(join(runsDir, 'adopted.json'), damaged);
    const store = await RunStore.open(ws);
    const runs = await store.listRunsAndDamage();
    expect(runs.damaged).toEqual([]);
    expect(runs.runs.length).toBeGreaterThanOrEqual(8);
    expect(runs.runs.filter((r) => r.documentPath === 'proofs/mine.md')).toEqual([]);

    const doc = await engine.newDocument({});
    await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: 0, text: proof }] });
    const { runId } = await engine.startVerify({ docId: doc.docId, samples: 1, meta: false });
    await finished(runId);
    await engine.saveDocument({ docId: doc.docId, path: 'proofs/later.md' });
    expect((await engine.listRuns({ docId: doc.docId })).map((r) => r.runId)).toEqual([runId]);
    const aside = readdirSync(runsDir).filter((n) => n.startsWith('adopted.json.damaged-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(runsDir, aside[0]), 'utf8')).toBe(damaged);
  });
});

// rev14 finding 5: an empty document was verified (4 model calls, no verdict). Any client is refused.
describe('a run with nothing to work on', () => {
  it('is refused before any call: verify and refine without a proof, prove without a problem', async () => {
    const doc = await engine.newDocument({});
    await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: 0, text: ' \n\n  ' }] });
    const runsBefore = events.filter((e) => e.type === 'run-finished').length;
    await expect(engine.startVerify({ docId: doc.docId, samples: 1, meta: false })).rejects.toThrow('Nothing to verify: the proof is empty');
    await expect(engine.startRefine({ docId: doc.docId })).rejects.toThrow('Nothing to refine: the proof is empty');
    await expect(engine.startProve({ docId: doc.docId })).rejects.toThrow('Nothing to prove: the problem statement is empty');
    expect(events.filter((e) => e.type === 'run-finished').length).toBe(runsBefore);
    // The same document with a proof in it is verified.
    await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: 0, text: proof }] });
    await finished((await engine.startVerify({ docId: doc.docId, samples: 1, meta: false })).runId);
  });
});
