// One confinement rule for every path the engine touches for a client, through the real contract:
// the sibling problem file, the files a scripted backend names, the workspace macros file. Symbolic
// links are resolved before the check, for reads and writes alike.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineApi } from '../common/contract';
import type { EngineService } from './service';
import { startInProcessEngine } from './testing/in-process';

let base: string;
let ws: string;
let outside: string;
let service: EngineService;
let engine: EngineApi;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'pw-confine-'));
  ws = join(base, 'ws');
  outside = join(base, 'outside');
  mkdirSync(ws, { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.md'), 'TOP SECRET statement');
  writeFileSync(join(outside, 'target.md'), 'precious outside file');
  ({ service, engine } = await startInProcessEngine({ workspace: ws, userData: join(base, 'user') }));
});
afterAll(async () => {
  await service?.shutdown();
  rmSync(base, { recursive: true, force: true });
});

describe('the sibling problem file', () => {
  it('is not read through a symbolic link that leads outside the workspace', async () => {
    writeFileSync(join(ws, 'a.md'), 'Proof. Trivial.\n');
    symlinkSync(join(outside, 'secret.md'), join(ws, 'a.problem.md'));
    const error = await engine.openDocument({ path: 'a.md' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/"a\.problem\.md" leads outside the workspace through a symbolic link/);
    expect((error as Error).message).not.toContain('TOP SECRET');
  });

  it('is not overwritten through a link that appeared after the document was opened; the save fails and the document stays dirty', async () => {
    writeFileSync(join(ws, 'b.md'), 'Old proof.\n');
    const doc = await engine.openDocument({ path: 'b.md' });
    symlinkSync(join(outside, 'target.md'), join(ws, 'b.problem.md'));
    await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: 3, text: 'New' }] });
    await engine.setProblem({ docId: doc.docId, text: 'attacker-chosen problem' });
    await expect(engine.saveDocument({ docId: doc.docId })).rejects.toThrow(/b\.problem\.md" leads outside the workspace/);
    expect(readFileSync(join(outside, 'target.md'), 'utf8')).toBe('precious outside file');
    expect(readFileSync(join(ws, 'b.md'), 'utf8')).toBe('Old proof.\n');
    expect((await engine.getDocument({ docId: doc.docId })).dirty).toBe(true);
  });

  it('is read and written normally when it is a plain file', async () => {
    writeFileSync(join(ws, 'c.md'), 'Proof.\n');
    writeFileSync(join(ws, 'c.problem.md'), 'Show it.\n');
    const doc = await engine.openDocument({ path: 'c.md' });
    expect(doc.problem).toBe('Show it.\n');
    await engine.setProblem({ docId: doc.docId, text: 'Show it again.\n' });
    await engine.saveDocument({ docId: doc.docId });
    expect(readFileSync(join(ws, 'c.problem.md'), 'utf8')).toBe('Show it again.\n');
  });
});

describe('files a scripted backend names', () => {
  const script = (file: string) => JSON.stringify({ rules: [{ responses: [{ file }] }] });

  it('refuses an absolute path outside the workspace without telling whether it exists', async () => {
    writeFileSync(join(ws, 'exists.json'), script('/etc/passwd'));
    writeFileSync(join(ws, 'missing.json'), script('/etc/no-such-file-for-proofwright'));
    const a = await engine.setBackend({ spec: 'scripted:exists.json' });
    const b = await engine.setBackend({ spec: 'scripted:missing.json' });
    expect(a.state).toBe('error');
    expect(b.state).toBe('error');
    expect(a.error).toMatch(/rules\.0\.responses\.0\.file: "passwd" is outside the workspace/);
    // The same refusal for both: nothing about existence (no ENOENT, no content).
    expect(a.error!.replace('exists.json', 'X').replace('passwd', 'Y')).toBe(b.error!.replace('missing.json', 'X').replace('no-such-file-for-proofwright', 'Y'));
    expect(a.error).not.toMatch(/root:|ENOENT|EACCES/);
  });

  it('refuses a relative path that climbs out or a link that leads out', async () => {
    mkdirSync(join(ws, 'scripts'), { recursive: true });
    writeFileSync(join(ws, 'scripts', 'climb.json'), script('../../outside/secret.md'));
    symlinkSync(join(outside, 'secret.md'), join(ws, 'scripts', 'link.txt'));
    writeFileSync(join(ws, 'scripts', 'link.json'), script('link.txt'));
    const climb = await engine.setBackend({ spec: 'scripted:scripts/climb.json' });
    const link = await engine.setBackend({ spec: 'scripted:scripts/link.json' });
    expect(climb.error).toMatch(/is outside the workspace/);
    expect(link.error).toMatch(/"scripts\/link\.txt" leads outside the workspace through a symbolic link/);
    expect(`${climb.error}${link.error}`).not.toContain('TOP SECRET');
  });

  it('still reads a file inside the workspace', async () => {
    writeFileSync(join(ws, 'scripts', 'answer.txt'), 'fine');
    writeFileSync(join(ws, 'scripts', 'ok.json'), script('answer.txt'));
    expect(await engine.setBackend({ spec: 'scripted:scripts/ok.json' })).toMatchObject({ state: 'ready', kind: 'scripted' });
  });
});
