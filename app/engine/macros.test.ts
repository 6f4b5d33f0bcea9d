// The per-workspace macro file (macros.tex at the workspace root): read by the engine, handed to the
// UI, and used by the deterministic checker so documents may use the workspace's commands.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineApi } from '../common/contract';
import type { EngineService } from './service';
import { startInProcessEngine } from './testing/in-process';

let base: string;
let service: EngineService;
let engine: EngineApi;

async function start(): Promise<void> {
  ({ service, engine } = await startInProcessEngine({ workspace: join(base, 'ws'), userData: join(base, 'user') }));
}

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'pw-macros-'));
  mkdirSync(join(base, 'ws'));
});
afterEach(async () => {
  await service?.shutdown();
  rmSync(base, { recursive: true, force: true });
});

const PROOF = 'For every $x \\in \\Rpos$ we have $\\abs{x} \\ge 0$.\n';

async function lintMessages(): Promise<string[]> {
  const doc = await engine.newDocument({});
  await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: 0, text: PROOF }] });
  // Computation results (severity ok) are not about the macros.
  return (await engine.check({ docId: doc.docId })).annotations.filter((a) => a.severity !== 'ok').map((a) => a.message);
}

describe('workspace macros', () => {
  it('reads macros.tex and lets the checker accept the commands it defines', async () => {
    writeFileSync(join(base, 'ws', 'macros.tex'), '% shared notation\n\\newcommand{\\Rpos}{\\mathbb{R}}\n\\newcommand{\\abs}[1]{\\left|#1\\right|}\n');
    await start();
    const { path, macros } = await engine.workspaceMacros();
    expect(path).toBe('macros.tex');
    expect(Object.keys(macros).sort()).toEqual(['\\Rpos', '\\abs']);
    expect(await lintMessages()).toEqual([]);
  });

  it('without the file the same proof has unknown commands', async () => {
    await start();
    expect(await engine.workspaceMacros()).toEqual({ path: null, macros: {} });
    const messages = await lintMessages();
    expect(messages.some((m) => m.includes('\\Rpos'))).toBe(true);
    expect(messages.some((m) => m.includes('\\abs'))).toBe(true);
  });

  it("lets the document's own definition win over macros.tex, as the preview does", async () => {
    writeFileSync(join(base, 'ws', 'macros.tex'), '\\newcommand{\\pair}[2]{(#1, #2)}\n');
    await start();
    const doc = await engine.newDocument({});
    const text = '$$\\renewcommand{\\pair}[1]{\\langle #1 \\rangle}$$\n\nSo $\\pair{x}$ holds.\n';
    await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: 0, text }] });
    const lint = async () => (await engine.check({ docId: doc.docId })).annotations.filter((a) => a.severity !== 'ok').map((a) => a.message);
    expect(await lint()).toEqual([]);
    // Without the document's definition the workspace's two-argument \\pair applies (and is misused).
    const current = await engine.getDocument({ docId: doc.docId });
    await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: current.text.indexOf('\n\n') + 2, text: '' }], baseVersion: current.version });
    expect((await lint()).length).toBeGreaterThan(0);
  });
});
