// The engine pushes its state instead of being asked: every change of the model backend
// (`backendChanged`: loading, then ready or the error) and the checker's findings for each new version
// of an open document (`checkerFindings`), validated by the contract like every event.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Annotation } from '../common/annotations';
import { applyCheckerDelta } from '../common/checkerDelta';
import { CheckerFindingsSchema, isCheckerDelta, type BackendStatus, type CheckerFindings, type EngineApi } from '../common/contract';
import type { EngineService } from './service';
import { startInProcessEngine } from './testing/in-process';

let base: string;
let service: EngineService;
let engine: EngineApi;
const backends: BackendStatus[] = [];
const findings: CheckerFindings[] = [];
/** Each push's whole findings, rebuilt in order as a client does (a delta applies to the push before it). */
function held(docId: string): Map<number, Annotation[]> {
  const byVersion = new Map<number, Annotation[]>();
  let last: { version: number; annotations: Annotation[] } | null = null;
  for (const f of findings.filter((x) => x.docId === docId)) {
    const annotations: Annotation[] = isCheckerDelta(f) ? (expect(last?.version).toBe(f.base), applyCheckerDelta(last!.annotations, f.entries)) : f.annotations;
    last = { version: f.version, annotations };
    byVersion.set(f.version, annotations);
  }
  return byVersion;
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'pw-pushed-'));
  const ws = join(base, 'ws');
  mkdirSync(ws);
  writeFileSync(join(ws, 'wrong.md'), '# Claim\n\nProof. We have $2 + 2 = 5$, done.\n');
  writeFileSync(join(ws, 'script.json'), JSON.stringify({ model: 'pushed', rules: [{ role: 'verify', responses: [{ text: '\\boxed{1}' }] }] }));
  ({ service, engine } = await startInProcessEngine(
    { workspace: ws, userData: join(base, 'user') },
    { backendChanged: (s) => void backends.push(s), checkerFindings: (f) => void findings.push(f) },
  ));
});

afterAll(async () => {
  await service?.shutdown();
  rmSync(base, { recursive: true, force: true });
});

describe('state the engine pushes', () => {
  it('backend: loading, then ready with its model; a failed load says why', async () => {
    const answer = await engine.setBackend({ spec: 'scripted:script.json' });
    expect(backends.map((s) => s.state)).toEqual(['loading', 'ready']);
    expect(backends.at(-1)).toEqual(answer);
    expect(backends.at(-1)).toMatchObject({ spec: 'scripted:script.json', kind: 'scripted', model: 'pushed' });
    backends.length = 0;
    await engine.setBackend({ spec: 'scripted:missing.json' });
    expect(backends.map((s) => s.state)).toEqual(['loading', 'ready']);
    expect(backends.at(-1)).toMatchObject({ spec: 'scripted:script.json', error: expect.stringMatching(/missing\.json/) });
    backends.length = 0;
    await engine.unloadBackend();
    expect(backends).toEqual([expect.objectContaining({ state: 'none', spec: 'scripted:script.json' })]);
  });

  it("checker findings: for the opened text and for each edit's version, equal to what check answers", async () => {
    const doc = await engine.openDocument({ path: 'wrong.md' });
    // The check runs on the engine's check thread (checkThread.ts): the first waits for it to load the checker.
    await vi.waitFor(() => expect(findings.some((f) => f.docId === doc.docId && f.version === doc.version)).toBe(true), { timeout: 30_000 });
    const opened = held(doc.docId).get(doc.version)!;
    expect(opened.some((a) => a.severity === 'critical' && /2 \+ 2 = 5/.test(a.quote ?? ''))).toBe(true);

    const text = '# Claim\n\nProof. We have $2 + 2 = 4$, done.\n';
    const edited = await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: doc.text.length, text }], baseVersion: doc.version });
    await vi.waitFor(() => expect(findings.some((f) => f.docId === doc.docId && f.version === edited.version)).toBe(true), { timeout: 30_000 });
    const after = held(doc.docId).get(edited.version)!;
    expect(after.filter((a) => a.severity === 'critical')).toEqual([]);
    expect(after).toEqual((await engine.check({ docId: doc.docId })).annotations);
  });

  it('a key that leaves the findings as they were sends each as its index and new range, not in full', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => `We have $${i} + ${i} = ${2 * i + 1}$ here.`).join('\n\n');
    const text = `# Claim\n\nProof. Zq\n\n${lines}\n`;
    const doc = await engine.openDocument({ path: 'wrong.md' });
    let version = (await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: doc.text.length, text }], baseVersion: doc.version })).version;
    await vi.waitFor(() => expect(held(doc.docId).has(version)).toBe(true), { timeout: 30_000 });
    const before = held(doc.docId).get(version)!;
    expect(before.filter((a) => a.severity === 'critical').length).toBeGreaterThanOrEqual(40);
    // A letter typed before all of them: every finding moves one character on.
    const at = text.indexOf('Zq') + 2;
    version = (await engine.editDocument({ docId: doc.docId, edits: [{ start: at, end: at, text: 'a' }], baseVersion: version })).version;
    await vi.waitFor(() => expect(held(doc.docId).has(version)).toBe(true), { timeout: 30_000 });
    const push = findings.find((f) => f.docId === doc.docId && f.version === version)!;
    expect(isCheckerDelta(push)).toBe(true);
    expect(CheckerFindingsSchema.safeParse(push).success).toBe(true);
    const after = held(doc.docId).get(version)!;
    expect(after).toEqual((await engine.check({ docId: doc.docId })).annotations);
    expect(after.filter((a) => a.range).every((a, i) => a.range!.start === before.filter((b) => b.range)[i]!.range!.start + 1)).toBe(true);
    // Kept findings go as numbers: the push is a small fraction of the whole list.
    expect(JSON.stringify(push).length).toBeLessThan(JSON.stringify(after).length / 5);
  });
});
