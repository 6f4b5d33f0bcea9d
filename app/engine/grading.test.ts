// The reference solution and marking scheme beside a proof, through the engine's contract: read from
// the sibling files, saved there (confined like the problem file), and sent with Verify to grade it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineApi } from '../common/contract';
import type { LoopEvent } from '../common/events';
import type { EngineService } from './service';
import { startInProcessEngine } from './testing/in-process';

const graded = (score: string, points: string) =>
  `Here is my evaluation of the solution:\n\nChecked against the reference.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}\n\nPoints awarded out of 7:\n\\boxed{${points}}`;

let base: string;
let ws: string;
let service: EngineService;
let engine: EngineApi;
const events: LoopEvent[] = [];

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'pw-grading-'));
  ws = join(base, 'ws');
  mkdirSync(join(ws, 'p'), { recursive: true });
  mkdirSync(join(base, 'outside'));
  writeFileSync(join(ws, 'p', 'widget.md'), '## Proof\n\nEvery widget is a gadget by the lemma.\n');
  writeFileSync(join(ws, 'p', 'widget.problem.md'), 'Show that every widget is a gadget.\n');
  writeFileSync(join(ws, 'p', 'widget.reference.md'), 'Official: REFERENCE-MARK applies the lemma twice.\n');
  writeFileSync(join(ws, 'p', 'widget.rubric.md'), '3 pts: RUBRIC-MARK the lemma; 4 pts: the second application.\n');
  writeFileSync(join(ws, 'p', 'lone.md'), '## Proof\n\nAlone.\n');
  writeFileSync(join(base, 'outside', 'secret.md'), 'secret');
  symlinkSync(join(base, 'outside', 'secret.md'), join(ws, 'p', 'escape.reference.md'));
  writeFileSync(join(ws, 'p', 'escape.md'), '## Proof\n\nx\n');
  // Only a prompt carrying both the reference and the scheme is answered with points; a plain verify gets none.
  writeFileSync(join(ws, 'script.json'), JSON.stringify({
    rules: [
      { role: 'verify', matchRegex: 'REFERENCE-MARK[\\s\\S]*RUBRIC-MARK', exhausted: 'cycle', responses: [graded('0.5', '3'), graded('1', '6')] },
      { role: 'verify', responses: [graded('0.5', '2').replace(/\n\nPoints[\s\S]*$/, '')] },
    ],
  }));
  ({ service, engine } = await startInProcessEngine({ workspace: ws, userData: join(base, 'user') }, { loopEvent: (e) => void events.push(e) }));
  await engine.setBackend({ spec: 'scripted:script.json' });
});

afterAll(async () => {
  await service?.shutdown();
  rmSync(base, { recursive: true, force: true });
});

async function finished(runId: string) {
  let end: Extract<LoopEvent, { type: 'run-finished' }> | undefined;
  await vi.waitFor(() => {
    end = events.find((e): e is Extract<LoopEvent, { type: 'run-finished' }> => e.type === 'run-finished' && e.runId === runId);
    expect(end).toBeDefined();
  }, { timeout: 30_000, interval: 20 });
  return end!;
}

describe('reference and marking scheme panes', () => {
  it('reads the sibling files, keeps them out of the proof list, and grades Verify against them', async () => {
    expect((await engine.listWorkspace()).files.map((f) => f.path)).toEqual(['p/escape.md', 'p/lone.md', 'p/widget.md']);
    const doc = await engine.openDocument({ path: 'p/widget.md' });
    const files = await engine.gradingFiles({ docId: doc.docId });
    expect(files).toMatchObject({ saved: true, reference: expect.stringContaining('REFERENCE-MARK'), rubric: expect.stringContaining('RUBRIC-MARK') });
    const { runId } = await engine.startVerify({ docId: doc.docId, samples: 2, meta: false, grading: { reference: files.reference, rubric: files.rubric, points: 7 } });
    const end = await finished(runId);
    expect(end.verify?.samples.map((s) => s.points)).toEqual([3, 6]);
    expect(end.verify?.points).toEqual({ max: 7, mean: 4.5 });
    expect(end.verify?.score).toBe(0.75);
    // Without grading, the plain verifier: no points.
    const plain = await finished((await engine.startVerify({ docId: doc.docId, samples: 1, meta: false })).runId);
    expect(plain.verify?.points).toBeUndefined();
  });

  it('saves them beside the proof, creating no empty file', async () => {
    const doc = await engine.openDocument({ path: 'p/lone.md' });
    expect(await engine.gradingFiles({ docId: doc.docId })).toMatchObject({ reference: '', rubric: '', saved: true });
    await engine.saveGrading({ docId: doc.docId, reference: 'The official solution.', rubric: '' });
    expect(readFileSync(join(ws, 'p', 'lone.reference.md'), 'utf8')).toBe('The official solution.');
    expect(existsSync(join(ws, 'p', 'lone.rubric.md'))).toBe(false);
    const fresh = await engine.newDocument({});
    expect(await engine.gradingFiles({ docId: fresh.docId })).toMatchObject({ saved: false });
    await expect(engine.saveGrading({ docId: fresh.docId, reference: 'x', rubric: '' })).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(engine.startVerify({ docId: doc.docId, grading: { reference: '', rubric: '', points: 7 } })).rejects.toMatchObject({ code: 'invalid-request' });
  });

  it('refuses a sibling file that is a link out of the workspace, for reading and writing', async () => {
    const doc = await engine.openDocument({ path: 'p/escape.md' });
    await expect(engine.gradingFiles({ docId: doc.docId })).rejects.toMatchObject({ message: expect.stringMatching(/escape\.reference\.md/) });
    await expect(engine.saveGrading({ docId: doc.docId, reference: 'overwrite', rubric: '' })).rejects.toBeDefined();
    expect(readFileSync(join(base, 'outside', 'secret.md'), 'utf8')).toBe('secret');
  });
});
