// The engine service through the contract (in process, over a channel pair, so every result is also
// checked against its schema): documents, recovery, settings, workspace listing, checks, runs.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineApi } from '../common/contract';
import type { LoopEvent } from '../common/events';
import { applyDocDelta } from '../common/docDelta';
import { applyEdit } from '../common/text';
import { hashText } from '../store';
import type { EngineService } from './service';
import { startInProcessEngine } from './testing/in-process';
import { startServer } from '../models/openai/testServer';

const SAMPLES = fileURLToPath(new URL('../../resources/samples/', import.meta.url));

let base: string;
let ws: string;
let userData: string;
let service: EngineService;
let engine: EngineApi;
const events: LoopEvent[] = [];

async function start(): Promise<void> {
  ({ service, engine } = await startInProcessEngine({ workspace: ws, userData }, { loopEvent: (e) => void events.push(e) }));
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'pw-service-'));
  ws = join(base, 'ws');
  userData = join(base, 'user');
  mkdirSync(join(ws, 'proofs'), { recursive: true });
  mkdirSync(join(base, 'outside'));
  cpSync(join(SAMPLES, 'cauchy-equation.md'), join(ws, 'proofs', 'cauchy.md'));
  cpSync(join(SAMPLES, 'cauchy-equation.problem.md'), join(ws, 'proofs', 'cauchy.problem.md'));
  cpSync(join(SAMPLES, 'outputs'), join(ws, 'outputs'), { recursive: true });
  cpSync(join(SAMPLES, 'scripts', 'cauchy-equation.labelled.scripted.json'), join(ws, 'scripts', 'cauchy.json'), { recursive: true });
  writeFileSync(join(base, 'outside', 'secret.md'), 'secret');
  symlinkSync(join(base, 'outside'), join(ws, 'escape'));
  await start();
});

afterAll(async () => {
  await service?.shutdown();
  rmSync(base, { recursive: true, force: true });
});

describe('engine service', () => {
  it('lists proofs in the workspace, not problem files, hidden folders or escaping links', async () => {
    const listing = await engine.listWorkspace();
    expect(listing.name).toBe('ws');
    expect(listing.files.map((f) => f.path)).toEqual(['proofs/cauchy.md']);
  });

  it('lists the shipped samples and starts a new document from one, problem included', async () => {
    const samples = await engine.listExampleDocuments();
    expect(samples.map((s) => s.id)).toContain('sum-of-cubes');
    // Each sample is titled by its first heading (a LaTeX one by its \section*), never by its file name.
    expect(samples.find((s) => s.id === 'divisibility-pigeonhole')?.title).toBe('One of them divides another');
    expect(samples.find((s) => s.id === 'primes-4k-plus-3')?.title).toBe('Infinitely many primes of the form $4k+3$');
    const doc = await engine.newDocument({ example: 'sum-of-cubes' });
    expect(doc.path).toBeNull();
    expect(doc.problem).toMatch(/Prove that/);
    expect(doc.doc.steps.length).toBeGreaterThan(1);
    await expect(engine.newDocument({ example: 'no-such-sample' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('opens a document with its sibling problem, edits it and saves atomically', async () => {
    const doc = await engine.openDocument({ path: 'proofs/cauchy.md' });
    expect(doc.problem.length).toBeGreaterThan(0);
    const firstStep = doc.doc.steps[0];
    const edited = await engine.editDocument({ docId: doc.docId, edits: [{ start: doc.text.length, end: doc.text.length, text: '\nQED.\n' }], baseVersion: 0 });
    expect(edited.version).toBe(1);
    expect(edited.doc.steps[0].id).toBe(firstStep.id); // ids survive an edit elsewhere
    await expect(engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: 0, text: 'x' }], baseVersion: 0 })).rejects.toMatchObject({ code: 'conflict' });
    await expect(engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: 1e9, text: '' }] })).rejects.toMatchObject({ code: 'invalid-request' });
    const saved = await engine.saveDocument({ docId: doc.docId });
    expect(saved.path).toBe('proofs/cauchy.md');
    expect(readFileSync(join(ws, 'proofs', 'cauchy.md'), 'utf8')).toBe(`${doc.text}\nQED.\n`);
    expect(await engine.recentDocuments()).toEqual([expect.objectContaining({ path: 'proofs/cauchy.md' })]);
  });

  it('lists as recent only this workspace\'s documents that are still there, though recent.json is shared', async () => {
    // A second workspace on the same user-data folder (review 9 #3: its files showed in this one's Recent,
    // as if relative to it, and opening one said "no such file").
    const ws2 = join(base, 'ws2');
    mkdirSync(ws2, { recursive: true });
    writeFileSync(join(ws2, 'other.md'), 'Another workspace.\n');
    writeFileSync(join(ws2, 'gone.md'), 'Deleted soon.\n');
    // A list written before recent files were kept by absolute path: its relative entries name no workspace.
    const saved = JSON.parse(readFileSync(join(userData, 'recent.json'), 'utf8')) as unknown[];
    writeFileSync(join(userData, 'recent.json'), JSON.stringify([...saved, { path: 'old/relative.md', name: 'relative.md', openedAt: 1 }]));
    const second = await startInProcessEngine({ workspace: ws2, userData });
    try {
      await second.engine.openDocument({ path: 'other.md' });
      await second.engine.openDocument({ path: 'gone.md' });
      expect((await second.engine.recentDocuments()).map((r) => r.path)).toEqual(['gone.md', 'other.md']);
      rmSync(join(ws2, 'gone.md'));
      expect((await second.engine.recentDocuments()).map((r) => r.path)).toEqual(['other.md']);
      // This workspace: its own file, named relative to it, which opens; none of the other's.
      const here = await engine.recentDocuments();
      expect(here.map((r) => r.path)).toEqual(['proofs/cauchy.md']);
      await expect(engine.openDocument({ path: here[0].path })).resolves.toMatchObject({ path: 'proofs/cauchy.md' });
    } finally {
      await second.service.shutdown();
      rmSync(ws2, { recursive: true, force: true });
    }
  });

  it('answers an edit with what changed in the parsed document (editDocumentDelta), rebuilt exactly', async () => {
    const doc = await engine.openDocument({ path: 'proofs/cauchy.md' });
    // Inside a paragraph (text typed in a heading changes every step under it: their `section`).
    const at = doc.doc.steps.find((s) => s.kind === 'paragraph')!.range.end;
    const edits = [{ start: at, end: at, text: ' Indeed.' }];
    const answer = await engine.editDocumentDelta({ docId: doc.docId, edits, baseVersion: doc.version });
    expect(answer.doc).toBeUndefined();
    const rebuilt = applyDocDelta(doc.doc, applyEdit(doc.text, edits[0]), answer.docDelta!);
    expect(rebuilt).toEqual((await engine.getDocument({ docId: doc.docId })).doc);
    expect(answer.docDelta!.steps.length).toBe(1);
    // The delta is against a version the client holds: made against another, it is refused.
    await expect(engine.editDocumentDelta({ docId: doc.docId, edits, baseVersion: doc.version })).rejects.toMatchObject({ code: 'conflict' });
    await engine.closeDocument({ docId: doc.docId });
  });

  it('writes a problem file only when there is a problem, or to replace one the target already has', async () => {
    const bare = await engine.newDocument({});
    await engine.editDocument({ docId: bare.docId, edits: [{ start: 0, end: 0, text: 'A proof without a problem.\n' }] });
    await engine.saveDocument({ docId: bare.docId, path: 'mine/my-proof.md' });
    expect(readFileSync(join(ws, 'mine', 'my-proof.md'), 'utf8')).toBe('A proof without a problem.\n');
    expect(existsSync(join(ws, 'mine', 'my-proof.problem.md'))).toBe(false);
    const posed = await engine.newDocument({});
    await engine.setProblem({ docId: posed.docId, text: 'Prove it.' });
    await engine.saveDocument({ docId: posed.docId, path: 'mine/posed.md' });
    expect(readFileSync(join(ws, 'mine', 'posed.problem.md'), 'utf8')).toBe('Prove it.');
    // Saved over a document that had a problem, an empty problem replaces it (it would come back on open).
    await engine.saveDocument({ docId: bare.docId, path: 'mine/posed.md', overwrite: true });
    expect(readFileSync(join(ws, 'mine', 'posed.problem.md'), 'utf8')).toBe('');
  });

  it('refuses to save outside the workspace, through ".." or a symlink', async () => {
    const doc = await engine.newDocument({});
    await expect(engine.saveDocument({ docId: doc.docId, path: '../outside/x.md' })).rejects.toMatchObject({ code: 'forbidden-path' });
    await expect(engine.saveDocument({ docId: doc.docId, path: 'escape/x.md' })).rejects.toMatchObject({ code: 'forbidden-path' });
    await expect(engine.openDocument({ path: 'escape/secret.md' })).rejects.toMatchObject({ code: 'forbidden-path' });
    service.grantPath(join(base, 'outside', 'secret.md'));
    await expect(engine.openDocument({ path: join(base, 'outside', 'secret.md') })).resolves.toMatchObject({ text: 'secret' });
  });

  it('keeps a recovery copy of unsaved text and restores it', async () => {
    const doc = await engine.newDocument({});
    await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: 0, text: 'draft proof' }] });
    await engine.setProblem({ docId: doc.docId, text: 'the problem' });
    const { recoveryId } = await engine.saveRecovery({ docId: doc.docId });
    const listed = await engine.listRecoveries();
    expect(listed).toContainEqual(expect.objectContaining({ recoveryId, path: null, length: 'draft proof'.length }));
    const restored = await engine.restoreRecovery({ recoveryId });
    expect(restored).toMatchObject({ text: 'draft proof', problem: 'the problem', dirty: true });
    await engine.discardRecovery({ recoveryId });
    expect((await engine.listRecoveries()).map((r) => r.recoveryId)).not.toContain(recoveryId);
    await expect(engine.restoreRecovery({ recoveryId: '../../etc' })).rejects.toMatchObject({ code: 'invalid-request' });
  });

  it('persists settings across engine restarts and rejects bad values', async () => {
    const next = await engine.setSettings({ verify: { samples: 3 }, theme: 'dark' });
    expect(next.verify).toEqual({ samples: 3, meta: false, evidence: true, evidenceWithDeepseek: false, extract: false });
    await expect(engine.setSettings({ concurrency: 0 })).rejects.toMatchObject({ code: 'invalid-request' });
    await service.shutdown();
    await start();
    await expect(engine.getSettings()).resolves.toMatchObject({ theme: 'dark', verify: { samples: 3 } });
  });

  it('runs the deterministic checker on a document', async () => {
    const doc = await engine.newDocument({});
    await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: 0, text: 'Broken math: $\\frac{1}{$ here.\n' }] });
    const { annotations } = await engine.check({ docId: doc.docId });
    expect(annotations.length).toBeGreaterThan(0);
    expect(annotations[0].provenance.source).toBe('checker');
  });

  it('refuses backend files outside the workspace', async () => {
    await expect(engine.setBackend({ spec: 'scripted:../outside/secret.md' })).resolves.toMatchObject({ state: 'error', error: expect.stringMatching(/climbs out/) });
    await expect(engine.setBackend({ spec: 'bogus:thing' })).rejects.toMatchObject({ code: 'invalid-request' });
  });

  it('verifies with the scripted backend: events, record, annotations on the document', async () => {
    await expect(engine.setBackend({ spec: 'scripted:scripts/cauchy.json' })).resolves.toMatchObject({ state: 'ready', kind: 'scripted' });
    const doc = await engine.openDocument({ path: 'proofs/cauchy.md' });
    const { runId } = await engine.startVerify({ docId: doc.docId, samples: 2, meta: false });
    await vi.waitFor(() => expect(events.some((e) => e.type === 'run-finished' && e.runId === runId)).toBe(true), { timeout: 20_000 });
    const detail = await engine.loadRun({ runId });
    expect(detail.summary).toMatchObject({ runId, kind: 'verify', status: 'completed', calls: 2, path: 'proofs/cauchy.md' });
    expect(detail.verify?.samples).toHaveLength(2);
    const runs = await engine.listRuns({ docId: doc.docId });
    expect(runs.map((r) => r.runId)).toContain(runId);
    const after = await engine.getDocument({ docId: doc.docId });
    expect(after.annotations).toEqual(detail.annotations);
    // The run-finished event already carried what the UI would ask for: the findings at the
    // document's version, and the run as History lists it.
    const finished = events.find((e) => e.type === 'run-finished' && e.runId === runId) as Extract<LoopEvent, { type: 'run-finished' }>;
    expect(finished.document).toEqual({ docId: doc.docId, version: after.version, annotations: after.annotations });
    expect(finished.run).toEqual(runs.find((r) => r.runId === runId));
    const report = await engine.exportReport({ docId: doc.docId, runId });
    expect(report.html).toMatch(/<!doctype html>/i);

    // Opened again (a fresh session holds no findings), History's run shown on it: its findings become
    // the document's, at its version, so the next edit carries them on instead of dropping them.
    await engine.closeDocument({ docId: doc.docId });
    const reopened = await engine.openDocument({ path: 'proofs/cauchy.md' });
    expect(reopened.annotations).toEqual([]);
    const shown = await engine.loadRun({ runId, docId: reopened.docId });
    expect(shown.annotations.length).toBeGreaterThan(0);
    expect(shown.annotations).toEqual(after.annotations);
    expect(shown.docVersion).toBe(reopened.version);
    const edited = await engine.editDocument({ docId: reopened.docId, edits: [{ start: reopened.text.length, end: reopened.text.length, text: '\n' }] });
    expect(edited.annotations.filter((a) => a.provenance.source === 'verifier')).toHaveLength(shown.annotations.filter((a) => a.provenance.source === 'verifier').length);
    // Without a document, loading a run changes nothing.
    expect((await engine.loadRun({ runId })).docVersion).toBeUndefined();

    // A record whose stored result was damaged (edited by hand, another version) is parsed, not
    // trusted: loading it says why and shows no findings instead of handing on a malformed result.
    const file = join(ws, '.proofwright', 'runs', `${runId}.jsonl`);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const summary = JSON.parse(lines[lines.length - 1]);
    summary.result.samples = 'not a list';
    writeFileSync(file, [...lines.slice(0, -1), JSON.stringify(summary)].join('\n') + '\n');
    const damaged = await engine.loadRun({ runId });
    expect(damaged.verify).toBeUndefined();
    expect(damaged.annotations).toEqual([]);
    expect(damaged.damaged).toMatch(new RegExp(`the stored result of run ${runId} is damaged \\(result\\.samples: `));
  });

  it('shows the verifier the checker\'s refuted computations unless the setting is off', async () => {
    const ver = (score: string) => `Here is my evaluation of the solution:\n\nChecked.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}`;
    writeFileSync(join(ws, 'scripts', 'evidence.json'), JSON.stringify({ rules: [{ role: 'verify', match: 'FAILS:', responses: [ver('0')] }, { role: 'verify', responses: [ver('1')] }] }));
    await engine.setBackend({ spec: 'scripted:scripts/evidence.json' });
    const doc = await engine.newDocument({ example: 'sum-of-cubes' });
    const scoreOfRun = async () => {
      const { runId } = await engine.startVerify({ docId: doc.docId, samples: 1, meta: false });
      await vi.waitFor(() => expect(events.some((e) => e.type === 'run-finished' && e.runId === runId)).toBe(true), { timeout: 30_000 });
      return (await engine.loadRun({ runId })).verify?.score;
    };
    expect((await engine.getSettings()).verify.evidence).toBe(true);
    expect(await scoreOfRun()).toBe(0);
    await engine.setSettings({ verify: { evidence: false } });
    expect(await scoreOfRun()).toBe(1);
    await engine.setSettings({ verify: { evidence: true } });
    // The released deepseek-math-v2 prompt stays as released unless evidence is asked for with it too.
    await engine.setSettings({ profile: 'deepseek-math-v2' });
    expect(await scoreOfRun()).toBe(1);
    await engine.setSettings({ verify: { evidenceWithDeepseek: true } });
    expect(await scoreOfRun()).toBe(0);
    await engine.setSettings({ profile: 'labelled', verify: { evidenceWithDeepseek: false } });
  });

  it('verifies a selection on its own and puts its findings on the real steps, at exact ranges', async () => {
    const ver = (findings: string, score: string) => `Findings:\n${findings}\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}`;
    const quote = 'both sides of $(*)$ equal';
    writeFileSync(
      join(ws, 'scripts', 'selection.json'),
      JSON.stringify({
        rules: [
          // Text of a step outside the selection: the verifier must never see it.
          { role: 'verify', match: 'Assume that $(*)$ holds', responses: [ver('[S1] Critical Error: saw the whole proof | quote: "Assume that"', '0')] },
          { role: 'verify', exhausted: 'cycle', responses: [ver(`[S1] Minor Error: FLAGMARK the base case is terse | quote: "${quote}"`, '1'), ver('none\n\nPASSMARK', '0.5')] },
          { role: 'refine', matchRegex: 'FLAGMARK[\\s\\S]*PASSMARK[\\s\\S]*repair this step[\\s\\S]*«We use induction on \\$n\\$', responses: [{ file: '../outputs/cauchy-equation.labelled.generate.txt' }] },
        ],
      }),
    );
    await engine.setBackend({ spec: 'scripted:scripts/selection.json' });
    await engine.setSettings({ verify: { evidence: false } });
    const doc = await engine.newDocument({ example: 'sum-of-cubes' });
    const step = doc.doc.steps.find((s) => s.text.startsWith('We use induction'))!;
    // A whole-proof run first: its findings on other steps survive the selection run.
    const whole = await engine.startVerify({ docId: doc.docId, samples: 1, meta: false });
    await vi.waitFor(() => expect(events.some((e) => e.type === 'run-finished' && e.runId === whole.runId)).toBe(true), { timeout: 30_000 });
    const elsewhere = (await engine.getDocument({ docId: doc.docId })).annotations;
    expect(elsewhere.length).toBeGreaterThan(0);
    expect(elsewhere.every((a) => a.stepId !== step.id)).toBe(true);
    const at = doc.text.indexOf(quote);
    // A selection inside the step, not aligned with its bounds.
    const { runId } = await engine.startVerify({ docId: doc.docId, range: { start: step.range.start + 3, end: step.range.start + 10 }, samples: 2, meta: false });
    await vi.waitFor(() => expect(events.some((e) => e.type === 'run-finished' && e.runId === runId)).toBe(true), { timeout: 30_000 });
    const detail = await engine.loadRun({ runId });
    expect(detail.summary.status).toBe('completed');
    expect(detail.verify?.score).toBe(0.75);
    // The sample that scored ½ with findings "none" is said as a whole-proof line (rev19 F4), on no step.
    expect(detail.annotations).toEqual([
      expect.objectContaining({ stepId: step.id, range: { start: at, end: at + quote.length }, severity: 'minor' }),
      expect.objectContaining({ stepId: null, severity: 'gap', message: expect.stringMatching(/^Scored 0\.5, no finding placed on a step: “Findings: none PASSMARK”$/) }),
    ]);
    expect(detail.verify?.steps).toEqual([expect.objectContaining({ id: step.id, label: step.label, flags: 1, range: step.range })]);
    const after = await engine.getDocument({ docId: doc.docId });
    expect(after.annotations).toEqual([...elsewhere, ...detail.annotations]);
    expect(after.text.slice(at, at + quote.length)).toBe(quote);
    // The record says it was a selection, and of which document text.
    const header = JSON.parse(readFileSync(join(ws, '.proofwright', 'runs', `${runId}.jsonl`), 'utf8').split('\n')[0]);
    expect(header.params.selection).toEqual({ start: step.range.start + 3, end: step.range.start + 10 });
    expect(header.document.hash).toBe(hashText(doc.text));
    await expect(engine.startVerify({ docId: doc.docId, range: { start: 0, end: doc.text.length + 5 } })).rejects.toMatchObject({ code: 'invalid-request' });

    // Refine this step: the analysis that flagged it first, then the others, then the step itself.
    const refine = await engine.startRefine({ docId: doc.docId, fromRunId: runId, stepId: step.id });
    await vi.waitFor(() => expect(events.some((e) => e.type === 'run-finished' && e.runId === refine.runId)).toBe(true), { timeout: 30_000 });
    const refined = await engine.loadRun({ runId: refine.runId });
    expect(refined.summary).toMatchObject({ kind: 'refine', status: 'completed' });
    expect(refined.refined?.proof).toMatch(/Let \$c = f\(1\)\$/);
    // Its run-finished event carries the refined proof (the UI opens the review from it) and no
    // findings (a refinement replaces none); the selection run's event carried the merged findings.
    const refineFinished = events.find((e) => e.type === 'run-finished' && e.runId === refine.runId) as Extract<LoopEvent, { type: 'run-finished' }>;
    expect(refineFinished.refined).toEqual(refined.refined);
    expect(refineFinished.document).toBeUndefined();
    expect(refineFinished.run).toMatchObject({ runId: refine.runId, kind: 'refine', status: 'completed', path: null });
    const selectionFinished = events.find((e) => e.type === 'run-finished' && e.runId === runId) as Extract<LoopEvent, { type: 'run-finished' }>;
    expect(selectionFinished.document?.annotations).toEqual(after.annotations);
    await expect(engine.startRefine({ docId: doc.docId, stepId: 'no-such-step' })).rejects.toMatchObject({ code: 'not-found' });
    await engine.setSettings({ verify: { evidence: true } });

    // The CLI's listings of these records say which run was a selection's and that the refine run's
    // score is its self-evaluation (rev21 F5, F6: "verify completed score 1" read as the proof's).
    const { main } = await import('../cli/main');
    const { captureIO } = await import('../cli/testing/capture-io');
    const listing = captureIO(ws);
    expect(await main(['runs', '--workspace', ws], listing)).toBe(0);
    const line = (id: string) => listing.out.split('\n').find((l) => l.startsWith(id)) ?? '';
    expect(line(runId)).toMatch(/ verify selection +completed +score 0\.75 /);
    expect(line(whole.runId)).toMatch(/ verify {10,}completed +score /);
    expect(line(refine.runId)).toMatch(/ refine +completed +self-evaluation \S+ +1 call {2}/);
    const show = captureIO(ws);
    expect(await main(['runs', 'show', runId, '--workspace', ws], show)).toBe(0);
    expect(show.out).toMatch(new RegExp(`^${runId}: verify selection ${step.label}, completed,`));
    expect(show.out).toMatch(/summary: completed, selection score 0\.75, 2 calls/);
    const compared = captureIO(ws);
    expect(await main(['runs', 'compare', whole.runId, runId, '--workspace', ws], compared)).toBe(0);
    expect(compared.out).toMatch(new RegExp(`^B ${runId}: .*, selection ${step.label}, score 0\\.75`, 'm'));
    expect(compared.out).toMatch(/agreement on 1 step: \d+% \(.*\); \d+ steps outside the selection of B, not compared/);
    expect(compared.out).not.toMatch(/changed between the runs/);
  });

  it('re-checks a document incrementally with the same findings as a fresh check', async () => {
    const doc = await engine.newDocument({ example: 'sum-of-cubes' });
    const first = await engine.check({ docId: doc.docId });
    expect(first.annotations.some((a) => a.severity === 'critical' && /fails|counterexample/i.test(a.message))).toBe(true);
    await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: 0, text: 'Note $1 + 1 = 3$.\n\n' }] });
    const second = await engine.check({ docId: doc.docId });
    // The answer says which text it describes (the client drops answers about an older version).
    expect([first.version, second.version]).toEqual([0, 1]);
    const fresh = await engine.newDocument({});
    await engine.editDocument({ docId: fresh.docId, edits: [{ start: 0, end: 0, text: (await engine.getDocument({ docId: doc.docId })).text }] });
    const expected = await engine.check({ docId: fresh.docId });
    const shape = (anns: typeof first.annotations) => anns.map((a) => [a.severity, a.range?.start, a.message]).sort();
    expect(shape(second.annotations)).toEqual(shape(expected.annotations));
    expect(second.annotations.filter((a) => a.severity === 'critical').length).toBe(first.annotations.filter((a) => a.severity === 'critical').length + 1);
  });

  it('a model switch to a dead server keeps the working model and says why; with none loaded it is an error at once', async () => {
    const scripted = 'scripted:scripts/cauchy.json';
    await expect(engine.setBackend({ spec: scripted })).resolves.toMatchObject({ state: 'ready', spec: scripted });
    const dead = await startServer(() => {});
    const deadSpec = `openai:${dead.url}#m`;
    await dead.close();
    const kept = await engine.setBackend({ spec: deadSpec });
    expect(kept).toMatchObject({ state: 'ready', spec: scripted, kind: 'scripted' });
    expect(kept.error).toMatch(new RegExp(`^could not switch to openai:.*: cannot reach .*/v1/models: .*ECONNREFUSED.*; still using ${scripted}$`));
    expect((await engine.getSettings()).backend).toBe(scripted);
    // The kept model still verifies.
    const doc = await engine.openDocument({ path: 'proofs/cauchy.md' });
    const { runId } = await engine.startVerify({ docId: doc.docId, samples: 1, meta: false });
    await vi.waitFor(() => expect(events.some((e) => e.type === 'run-finished' && e.runId === runId)).toBe(true), { timeout: 20_000 });
    expect((await engine.loadRun({ runId })).summary.status).toBe('completed');

    // A fresh engine with no model: the dead server is an error at once, never "ready".
    await service.shutdown();
    rmSync(join(userData, 'settings.json'));
    await start();
    await expect(engine.setBackend({ spec: deadSpec })).resolves.toMatchObject({ state: 'error', spec: deadSpec, error: expect.stringMatching(/^cannot reach .*ECONNREFUSED/) });
    await expect(engine.backendStatus()).resolves.toMatchObject({ state: 'error' });
    await expect(engine.setBackend({ spec: scripted })).resolves.toMatchObject({ state: 'ready' });
  });

  it('refuses a run without a model, with a clear message', async () => {
    await service.shutdown();
    rmSync(join(userData, 'settings.json'));
    await start();
    const doc = await engine.newDocument({ example: 'sum-of-cubes' });
    await expect(engine.startVerify({ docId: doc.docId })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/no model is loaded/) });
  });

  // Last: it saves a file into the workspace, which joins the recent documents the tests above list.
  it('names a sample as its first run will save it: the first free NAME.md, NAME-2.md… in the workspace', async () => {
    const fresh = await engine.newDocument({ example: 'sum-of-cubes' });
    expect(fresh.name).toBe('sum-of-cubes.md');
    writeFileSync(join(ws, 'sum-of-cubes.md'), 'mine');
    writeFileSync(join(ws, 'sum-of-cubes-2.md'), 'mine too');
    try {
      const doc = await engine.newDocument({ example: 'sum-of-cubes' });
      expect(doc.name).toBe('sum-of-cubes-3.md');
      expect(doc.path).toBeNull();
      // Saved under that name, next to the user's files, which stay as they were.
      const saved = await engine.saveDocument({ docId: doc.docId, path: doc.name });
      expect(saved.path).toBe('sum-of-cubes-3.md');
      expect(readFileSync(join(ws, 'sum-of-cubes.md'), 'utf8')).toBe('mine');
    } finally {
      for (const f of ['sum-of-cubes.md', 'sum-of-cubes-2.md', 'sum-of-cubes-3.md', 'sum-of-cubes-3.problem.md']) rmSync(join(ws, f), { force: true });
    }
  });
});
