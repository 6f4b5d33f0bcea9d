// The engine pushes its state instead of being asked: every change of the model backend
// (`backendChanged`: loading, then ready or the error) and the checker's findings for each new version
// of an open document (`checkerFindings`), validated by the contract like every event.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BackendStatus, CheckerFindings, EngineApi } from '../common/contract';
import type { EngineService } from './service';
import { startInProcessEngine } from './testing/in-process';

let base: string;
let service: EngineService;
let engine: EngineApi;
const backends: BackendStatus[] = [];
const findings: CheckerFindings[] = [];

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
    await vi.waitFor(() => expect(findings.some((f) => f.docId === doc.docId && f.version === doc.version)).toBe(true));
    const opened = findings.find((f) => f.docId === doc.docId && f.version === doc.version)!;
    expect(opened.annotations.some((a) => a.severity === 'critical' && /2 \+ 2 = 5/.test(a.quote ?? ''))).toBe(true);

    const text = '# Claim\n\nProof. We have $2 + 2 = 4$, done.\n';
    const edited = await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: doc.text.length, text }], baseVersion: doc.version });
    await vi.waitFor(() => expect(findings.some((f) => f.docId === doc.docId && f.version === edited.version)).toBe(true));
    const after = findings.find((f) => f.docId === doc.docId && f.version === edited.version)!;
    expect(after.annotations.filter((a) => a.severity === 'critical')).toEqual([]);
    expect(after.annotations).toEqual((await engine.check({ docId: doc.docId })).annotations);
  });
});
