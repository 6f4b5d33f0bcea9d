// Saving on a full disk: the save fails with a clear message, the file on disk keeps its old content,
// no torn or temporary file is left, and the document stays dirty. Twice: with a writer that injects
// ENOSPC (runs everywhere), and on a real 200 KiB tmpfs (needs permission to mount; skipped otherwise).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineApi } from '../common/contract';
import { faultyWriterFs } from '../store/testing/faulty-fs';
import { DocumentManager } from './documents';
import { PathGuard } from './paths';
import type { EngineService } from './service';
import { startInProcessEngine } from './testing/in-process';

const OLD = `# Old\n\n${'An old, complete paragraph.\n\n'.repeat(400)}`;
const BIG = `# New\n\n${'A much longer new paragraph that will not fit on the disk.\n\n'.repeat(2000)}`; // ~120 KB

let base: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'pw-full-disk-'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('DocumentManager with a writer that runs out of space', () => {
  it('refuses the save, keeps the old file and the document dirty; Save As leaves no file', async () => {
    const ws = join(base, 'injected');
    mkdirSync(ws);
    writeFileSync(join(ws, 'proof.md'), OLD);
    const docs = new DocumentManager(new PathGuard(ws), join(base, 'recovery'), faultyWriterFs({ capacity: 64 * 1024 }));
    const session = await docs.open('proof.md');
    docs.edit(session.docId, [{ start: 0, end: session.doc.text.length, text: BIG }]);
    await expect(docs.save(session.docId)).rejects.toThrow('could not write proof.md: the disk is full; the previous version is unchanged');
    expect(readFileSync(join(ws, 'proof.md'), 'utf8')).toBe(OLD);
    expect(docs.get(session.docId).dirty).toBe(true);
    // A new file has no previous version to keep: it says nothing was written.
    await expect(docs.save(session.docId, 'copy.md')).rejects.toThrow(/^could not write copy\.md: the disk is full; nothing was written$/);
    expect(readdirSync(ws).sort()).toEqual(['proof.md']);
    await docs.close(session.docId);
  });
});

describe('the engine on a real, nearly full tmpfs', () => {
  const mountPoint = join(tmpdir(), `pw-tmpfs-${process.pid}`);
  let mounted = false;
  let why = '';
  let service: EngineService | undefined;
  let engine: EngineApi;

  beforeAll(async () => {
    mkdirSync(mountPoint, { recursive: true });
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=200k', 'tmpfs', mountPoint], { stdio: 'pipe' });
      mounted = true;
    } catch (error) {
      why = `cannot mount a tmpfs here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`;
      return;
    }
    writeFileSync(join(mountPoint, 'proof.md'), OLD);
    ({ service, engine } = await startInProcessEngine({ workspace: mountPoint, userData: join(base, 'user') }));
  });
  afterAll(async () => {
    await service?.shutdown();
    if (mounted) execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it('a save that does not fit fails clearly and loses nothing; it succeeds once there is room', async (ctx) => {
    if (!mounted) return ctx.skip(why);
    // Leave about 40 KB free: the old document fits, the new one (about 120 KB) does not.
    const { bavail, bsize } = statfsSync(mountPoint);
    writeFileSync(join(mountPoint, 'filler.bin'), Buffer.alloc(Math.max(0, bavail * bsize - 40 * 1024)));
    const doc = await engine.openDocument({ path: 'proof.md' });
    await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: doc.text.length, text: BIG }] });

    await expect(engine.saveDocument({ docId: doc.docId })).rejects.toThrow('could not write proof.md: the disk is full; the previous version is unchanged');
    expect(readFileSync(join(mountPoint, 'proof.md'), 'utf8')).toBe(OLD);
    expect((await engine.getDocument({ docId: doc.docId })).dirty).toBe(true);

    await expect(engine.saveDocument({ docId: doc.docId, path: 'save-as.md' })).rejects.toThrow(/disk is full/);
    expect(readdirSync(mountPoint).sort()).toEqual(['filler.bin', 'proof.md']);

    rmSync(join(mountPoint, 'filler.bin'));
    await engine.saveDocument({ docId: doc.docId });
    expect(readFileSync(join(mountPoint, 'proof.md'), 'utf8')).toBe(BIG);
    expect((await engine.getDocument({ docId: doc.docId })).dirty).toBe(false);
  });
});
