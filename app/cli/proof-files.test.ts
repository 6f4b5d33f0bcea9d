// `verify folder/` and the workbench's file list read the same folder the same way: one definition of
// a proof file (app/common/proof-files), `.markdown` and `.latex` included.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startInProcessEngine } from '../engine/testing/in-process';
import type { EngineService } from '../engine/service';
import { expandInputs } from './verify-batch';

let base: string;
let ws: string;
let service: EngineService | undefined;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'pw-proof-files-'));
  ws = join(base, 'ws');
  mkdirSync(join(ws, 'week1'), { recursive: true });
  mkdirSync(join(ws, '.hidden'));
  mkdirSync(join(ws, '.proofwright'));
  mkdirSync(join(ws, '.git'));
  mkdirSync(join(ws, 'node_modules'));
  for (const name of ['a.md', 'b.markdown', 'c.tex', 'week1/d.latex', 'week1/e.ltx', 'a.problem.md', 'README.md', '.draft.md', '..name.md', '._a.md', '.gitignore', 'notes.txt', '.hidden/f.md', '.proofwright/g.md', '.git/h.md', 'node_modules/i.md']) {
    writeFileSync(join(ws, name), 'Since $1 = 1$, done.\n');
  }
});

afterAll(async () => {
  await service?.shutdown();
  rmSync(base, { recursive: true, force: true });
});

describe('proof files', () => {
  it('verify folder/ and the workbench list the same files', async () => {
    // A proof saved as `.draft.md` or `..name.md` is listed, and one in a hidden folder (VS Code lists
    // dotfiles and dot-folders); version control's folders, node_modules, the app's own `.proofwright/`
    // and macOS's `._` copies are not.
    const expected = ['..name.md', '.draft.md', '.hidden/f.md', 'a.md', 'b.markdown', 'c.tex', 'week1/d.latex', 'week1/e.ltx'];
    const cli = (await expandInputs(base, ['ws'])).map((p) => relative(ws, p)).sort();
    expect(cli).toEqual(expected);
    const started = await startInProcessEngine({ workspace: ws, userData: join(base, 'user') });
    service = started.service;
    const listing = await started.engine.listWorkspace();
    expect(listing.files.map((f) => f.path).sort()).toEqual(expected);
    expect(listing.files.find((f) => f.path === 'week1/d.latex')?.format).toBe('tex');
  });

  it('the workbench lists a proof saved without an extension, not other files without one', async () => {
    const { engine, service: own } = await startInProcessEngine({ workspace: ws, userData: join(base, 'user-saves') });
    onTestFinished(() => own.shutdown());
    writeFileSync(join(ws, 'LICENSE'), 'MIT\n');
    const doc = await engine.newDocument({});
    await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: 0, text: 'Since $1 = 1$, done.\n' }] });
    await engine.saveDocument({ docId: doc.docId, path: 'week1/notes' });
    await engine.closeDocument({ docId: doc.docId });
    const paths = (await engine.listWorkspace()).files.map((f) => f.path);
    // Saved from Proofwright: listed, once, as Recent lists it; LICENSE never was, so it is not a proof.
    expect(paths.filter((p) => p === 'week1/notes')).toEqual(['week1/notes']);
    expect(paths).not.toContain('LICENSE');
    expect(paths).toContain('a.md');
  });
});
