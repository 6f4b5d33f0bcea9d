// The exported report after the proof changed (review 9, finding 1): verify the Cauchy sample with the
// scripted sample backend, add two lines at the top, rewrite the flagged "Clearly…" step, export without
// saving. The report must not show the old "Justification gap" as a live finding nor the score as
// current, and must say the text is the editor's, not the saved file. Real engine, real sample files.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineApi } from '../common/contract';
import type { LoopEvent } from '../common/events';
import type { EngineService } from './service';
import { startInProcessEngine } from './testing/in-process';
import { cauchyWorkspace, type TempWorkspace } from '../../e2e/support/workspace';

const FLAGGED = 'Clearly, since the identity $f(q) = cq$ holds for every rational number $q$, it holds for every real number as well, so $f(x) = cx$ for all $x \\in \\mathbb{R}$.';
const REWRITTEN = 'Since $f$ is continuous and the rationals are dense, take rationals $q_k \\to x$: then $f(x) = \\lim f(q_k) = \\lim c q_k = cx$.';

let ws: TempWorkspace;
let service: EngineService;
let engine: EngineApi;
const events: LoopEvent[] = [];

beforeAll(async () => {
  ws = cauchyWorkspace();
  ({ service, engine } = await startInProcessEngine({ workspace: ws.dir, userData: join(ws.dir, '.user') }, { loopEvent: (e) => void events.push(e) }));
});

afterAll(async () => {
  await service?.shutdown();
  ws?.remove();
});

/** The text of each finding item (tags stripped), in the report's order. */
const findings = (html: string) => [...html.matchAll(/<li class="finding[^"]*">([\s\S]*?)<\/li>/g)].map((m) => m[0]);

describe('exported report after the text changed', () => {
  it('marks the finding on the rewritten step stale, the score as for an earlier text, and the unsaved changes', async () => {
    await engine.setBackend({ spec: 'scripted:scripts/samples.json' });
    const doc = await engine.openDocument({ path: 'proofs/cauchy.md' });
    const { runId } = await engine.startVerify({ docId: doc.docId, samples: 4, meta: false });
    await vi.waitFor(() => expect(events.some((e) => e.type === 'run-finished' && e.runId === runId)).toBe(true), { timeout: 60_000 });

    // As verified: the gap is a live finding beside the "Clearly" step, no note about changes.
    const before = (await engine.exportReport({ docId: doc.docId, runId })).html;
    const gapsBefore = findings(before).filter((f) => f.includes('Justification gap'));
    expect(gapsBefore.length).toBeGreaterThan(0);
    expect(gapsBefore.every((f) => !f.includes(' stale'))).toBe(true);
    expect(before).not.toContain('for an earlier text');
    expect(before).not.toContain('Unsaved changes');

    // Two lines at the top, then the flagged step rewritten; not saved.
    const text = doc.text;
    await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: 0, text: 'A note added on top.\n\n' }] });
    const shifted = 'A note added on top.\n\n'.length + text.indexOf(FLAGGED);
    expect(text.indexOf(FLAGGED)).toBeGreaterThan(0);
    await engine.editDocument({ docId: doc.docId, edits: [{ start: shifted, end: shifted + FLAGGED.length, text: REWRITTEN }] });

    const { html } = await engine.exportReport({ docId: doc.docId, runId });
    // The rewritten step is shown (the editor's text) with no live finding beside it.
    const stepOf = (needle: string) => [...html.matchAll(/<div class="step[^"]*" id="[^"]*">[\s\S]*?<div class="notes">([\s\S]*?)<\/div>\n<\/div>/g)].find((m) => m[0].includes(needle));
    const rewritten = stepOf('rationals are dense');
    expect(rewritten).toBeDefined();
    expect(rewritten![1]).not.toContain('Justification gap');
    expect(stepOf('Clearly, since')).toBeUndefined();
    // The gap is still reported, marked stale, among the findings about text changed since.
    const gaps = findings(html).filter((f) => f.includes('Justification gap'));
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.every((f) => f.includes('stale: made on an earlier text'))).toBe(true);
    expect(html).toContain('Findings about text changed since the verification');
    // The score, in the summary and the proof's header, is said to be for an earlier text.
    expect(html.match(/for an earlier text/g)?.length).toBeGreaterThanOrEqual(2);
    expect(html).toContain('The text changed after this verification');
    // The buffer is not passed off as the saved file.
    expect(html).toMatch(/Unsaved changes since it was last saved \(\d{4}-\d\d-\d\dT[^)]*\): this is the text in the editor, not cauchy\.md as it is on disk\./);
  }, 120_000);
});
