import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Annotation } from '../common/annotations';
import { documentFormat } from '../common/proof-files';
import { asCaller, serveCallerOf } from './callers';
import { DocumentManager } from './documents';
import { PathGuard } from './paths';

const TEXT = 'First step, fine.\n\nSecond step, with a gap here.\n\nThird step.\n';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function openDoc() {
  dir = mkdtempSync(join(tmpdir(), 'pw-docs-'));
  writeFileSync(join(dir, 'p.md'), TEXT);
  const docs = new DocumentManager(new PathGuard(dir), join(dir, '.recovery'));
  const session = await docs.open('p.md');
  return { docs, session };
}

function finding(stepId: string, range?: { start: number; end: number }): Annotation {
  return { id: `a-${range ? 'q' : 's'}`, stepId, ...(range ? { range } : {}), severity: 'gap', message: 'gap', mappedBy: 'label', provenance: { source: 'verifier', sample: 0, verdict: 'unchecked' } };
}

describe('DocumentManager: undo gives back what was there', () => {
  it('a stale finding is current again, on its range, when its step reads as it did when verified', async () => {
    const { docs, session } = await openDoc();
    const step = session.doc.steps.find((s) => s.text.startsWith('Second'))!;
    const at = TEXT.indexOf('a gap');
    docs.setAnnotations(session.docId, [finding(step.id), finding(step.id, { start: at, end: at + 5 })]);
    const rewritten = docs.edit(session.docId, [{ start: step.range.start, end: step.range.end, text: 'Something else entirely.' }]);
    expect(rewritten.annotations.map((a) => a.stale)).toEqual([true, true]);
    // The undo: the step's old text comes back.
    const restored = docs.edit(session.docId, [{ start: step.range.start, end: step.range.start + 'Something else entirely.'.length, text: step.text }]);
    expect(restored.doc.text).toBe(TEXT);
    expect(restored.annotations.map((a) => a.stale)).toEqual([undefined, undefined]);
    expect(restored.annotations[1].range).toEqual({ start: at, end: at + 5 });
    expect(restored.annotations.every((a) => restored.doc.steps.some((s) => s.id === a.stepId && s.text === step.text))).toBe(true);
  });

  it('is dirty while the text differs from the saved file, and clean again when an undo brings it back', async () => {
    const { docs, session } = await openDoc();
    expect(docs.edit(session.docId, [{ start: 0, end: 0, text: 'x' }]).dirty).toBe(true);
    expect(docs.edit(session.docId, [{ start: 0, end: 1, text: '' }]).dirty).toBe(false);
    docs.setProblem(session.docId, 'A problem.');
    expect(docs.get(session.docId).dirty).toBe(true);
    await docs.save(session.docId);
    expect(docs.edit(session.docId, [{ start: 0, end: 0, text: 'y' }]).dirty).toBe(true);
  });

  it('a document made from a sample is clean until edited (no modified mark, no replace prompt), and leaves no recovery copy', async () => {
    const { docs } = await openDoc();
    const sample = docs.create({ text: TEXT, problem: 'Show it.', name: 'cauchy-equation.md' }, { fromSample: true });
    expect(docs.snapshot(sample).dirty).toBe(false);
    expect(docs.edit(sample.docId, [{ start: 0, end: 0, text: 'x' }]).dirty).toBe(true);
    expect(docs.edit(sample.docId, [{ start: 0, end: 1, text: '' }]).dirty).toBe(false);
    docs.setProblem(sample.docId, 'Another problem.');
    expect(docs.get(sample.docId).dirty).toBe(true);
    docs.setProblem(sample.docId, 'Show it.');
    await docs.flush();
    expect((await docs.listRecoveries()).map((r) => r.recoveryId)).not.toContain(sample.recoveryId);
    // A new document with text typed in (not a sample's) is unsaved work from the start, as before.
    expect(docs.snapshot(docs.create({ text: 'draft', problem: '', name: 'untitled.md' })).dirty).toBe(true);
  });
});

describe('DocumentManager: a restored recovery copy brings back its findings', () => {
  it('as they stood: on the edited step, current, on their moved range; stale ones stay stale, and the anchor still makes them current again', async () => {
    const { docs, session } = await openDoc();
    const second = session.doc.steps.find((s) => s.text.startsWith('Second'))!;
    const third = session.doc.steps.find((s) => s.text.startsWith('Third'))!;
    const at = TEXT.indexOf('a gap');
    docs.setAnnotations(session.docId, [finding(second.id, { start: at, end: at + 5 }), { ...finding(third.id), id: 'a-t' }]);
    // "Now " typed at the start of the second step (its finding stays current), the third rewritten (stale).
    docs.edit(session.docId, [{ start: second.range.start, end: second.range.start, text: 'Now ' }]);
    const thirdNow = docs.get(session.docId).doc.steps.find((s) => s.text.startsWith('Third'))!;
    const edited = docs.edit(session.docId, [{ start: thirdNow.range.start, end: thirdNow.range.end, text: 'Other.' }]);
    await docs.writeRecovery(docs.get(session.docId));
    const restored = await docs.restoreRecovery(session.recoveryId);
    expect(restored.docId).not.toBe(session.docId);
    const label = (a: Annotation) => (a.stepId ? restored.doc.steps.find((s) => s.id === a.stepId)?.label ?? '?' : 'doc');
    expect(restored.annotations.map((a) => `${label(a)}${a.stale ? ' stale' : ''}`)).toEqual(
      edited.annotations.map((a) => `${a.stepId ? edited.doc.steps.find((s) => s.id === a.stepId)!.label : 'doc'}${a.stale ? ' stale' : ''}`));
    expect(restored.annotations[0]).toMatchObject({ stepId: restored.doc.steps[1].id, range: { start: at + 4, end: at + 9 } });
    expect(restored.annotations[0].stale).toBeUndefined();
    expect(restored.annotations[1].stale).toBe(true);
    // The anchor came back too: retyping the third step's text makes its finding current again.
    const third2 = restored.doc.steps.find((s) => s.text === 'Other.')!;
    const undone = docs.edit(restored.docId, [{ start: third2.range.start, end: third2.range.end, text: third.text }]);
    expect(undone.annotations[1].stale).toBeUndefined();
  });

  it('a copy whose findings do not fit its text (edited by hand) restores the text with none', async () => {
    const { docs, session } = await openDoc();
    docs.edit(session.docId, [{ start: 0, end: 0, text: 'x' }]);
    docs.setAnnotations(session.docId, [finding('no-such-step')]);
    await docs.writeRecovery(docs.get(session.docId));
    const restored = await docs.restoreRecovery(session.recoveryId);
    expect(restored.doc.text).toBe(`x${TEXT}`);
    expect(restored.annotations).toEqual([]);
  });
});

describe('DocumentManager: which recovery copies are offered', () => {
  const ids = async (docs: DocumentManager) => (await docs.listRecoveries()).map((r) => r.recoveryId);

  it('holds back the copy of a document a client has open, and offers it once every client holding it is gone', async () => {
    const { docs } = await openDoc();
    const untitled = asCaller('ws-1', () => docs.create({ text: 'draft', problem: '', name: 'untitled.md' }));
    await docs.writeRecovery(untitled);
    expect(await ids(docs)).not.toContain(untitled.recoveryId);
    // A second page opening the same file shares its session; the copy is offered only once both are gone.
    const file = await asCaller('ws-1', () => docs.open('p.md'));
    docs.edit(file.docId, [{ start: 0, end: 0, text: 'x' }]);
    await docs.writeRecovery(file);
    await asCaller('ws-2', () => docs.open('p.md'));
    await docs.release('ws-1');
    expect(await ids(docs)).toContain(untitled.recoveryId);
    expect(await ids(docs)).not.toContain(file.recoveryId);
    await docs.release('ws-2');
    expect(await ids(docs)).toContain(file.recoveryId);
    // A client naming the document in a call (a page back on a new connection) holds it again.
    asCaller('ws-3', () => docs.get(file.docId));
    expect(await ids(docs)).not.toContain(file.recoveryId);
  });

  it('writes a copy still waiting for the autosave delay when its client goes, so the next page gets the last keystrokes', async () => {
    const { docs } = await openDoc();
    const doc = asCaller('ws-1', () => docs.create({ text: '', problem: '', name: 'untitled.md' }));
    asCaller('ws-1', () => docs.edit(doc.docId, [{ start: 0, end: 0, text: 'last keystrokes' }]));
    await docs.release('ws-1');
    const listed = await docs.listRecoveries();
    expect(listed).toContainEqual(expect.objectContaining({ recoveryId: doc.recoveryId, length: 'last keystrokes'.length }));
  });

  it('an autosave still being written when the user saves does not leave a copy behind to offer', async () => {
    dir = mkdtempSync(join(tmpdir(), 'pw-docs-'));
    writeFileSync(join(dir, 'p.md'), TEXT);
    // The recovery copy's rename waits until let go: the autosave is mid-write while the save runs.
    let letGo = () => {};
    const held = new Promise<void>((resolve) => { letGo = resolve; });
    const slowCopies: typeof fsp.rename = async (from, to) => {
      if (String(to).includes('.recovery')) await held;
      return fsp.rename(from, to);
    };
    const docs = new DocumentManager(new PathGuard(dir), join(dir, '.recovery'), { ...fsp, rename: slowCopies });
    const session = await docs.open('p.md');
    docs.edit(session.docId, [{ start: 0, end: 0, text: 'x' }]);
    const autosave = docs.writeRecovery(session);
    // The file itself is renamed into place unhindered: the save reaches the copy while the autosave waits.
    const saved = docs.save(session.docId);
    await new Promise((resolve) => setTimeout(resolve, 100));
    letGo();
    await Promise.all([saved, autosave]);
    expect(await ids(docs)).toEqual([]);
  });

  it('an undo back to the saved text leaves no copy to offer', async () => {
    const { docs, session } = await openDoc();
    docs.edit(session.docId, [{ start: 0, end: 0, text: 'x' }]);
    await docs.writeRecovery(session);
    docs.edit(session.docId, [{ start: 0, end: 1, text: '' }]);
    await docs.flush();
    expect(await ids(docs)).toEqual([]);
  });

  it('Discard drops the unsaved text of a document no client holds: opening the file again reads it from disk', async () => {
    const { docs } = await openDoc();
    const file = await asCaller('ws-1', () => docs.open('p.md'));
    asCaller('ws-1', () => docs.edit(file.docId, [{ start: 0, end: 0, text: 'DIRTY ' }]));
    await docs.release('ws-1');
    expect(await ids(docs)).toEqual([file.recoveryId]);
    expect(await docs.discardUnsaved(file.recoveryId)).toEqual([file.docId]);
    expect(await ids(docs)).toEqual([]);
    const reopened = await asCaller('ws-2', () => docs.open('p.md'));
    expect([reopened.doc.text, reopened.dirty]).toEqual([TEXT, false]);
    // A document a live client still holds keeps its text (only its copy goes).
    asCaller('ws-2', () => docs.edit(reopened.docId, [{ start: 0, end: 0, text: 'LIVE ' }]));
    expect(await docs.discardUnsaved(reopened.recoveryId)).toEqual([]);
    expect(docs.get(reopened.docId).doc.text).toBe(`LIVE ${TEXT}`);
  });

  it('a document opened by no client (tests, the CLI) holds nothing back', async () => {
    const { docs, session } = await openDoc();
    docs.edit(session.docId, [{ start: 0, end: 0, text: 'x' }]);
    await docs.writeRecovery(session);
    expect(await ids(docs)).toContain(session.recoveryId);
  });

  it('reads the serve-mode client from the supervisor\'s request id', () => {
    expect(serveCallerOf(JSON.stringify({ t: 'q', i: '7:42', m: 'listRecoveries', a: [] }))).toBe('ws-7');
    expect(serveCallerOf(JSON.stringify({ t: 'q', m: 'x' }))).toBeNull();
    expect(serveCallerOf('not json')).toBeNull();
  });
});

describe('DocumentManager: opening an open file again', () => {
  it('shares the session, unsaved text and all, unless asked to replace it: then the text is the file\'s, clean, and the recovery copy is gone', async () => {
    const { docs, session } = await openDoc();
    docs.edit(session.docId, [{ start: 0, end: 0, text: 'UNSAVED ' }]);
    await docs.writeRecovery(session);
    const shared = await docs.open('p.md');
    expect(shared.doc.text).toBe(`UNSAVED ${TEXT}`);
    expect(shared.dirty).toBe(true);

    const replaced = await docs.open('p.md', { replace: true });
    expect(replaced.docId).toBe(session.docId);
    expect(replaced.doc.text).toBe(TEXT);
    expect(replaced.dirty).toBe(false);
    expect(replaced.annotations).toEqual([]);
    expect(await docs.listRecoveries()).toEqual([]);
    // Its later edits count against the file's text.
    expect(docs.edit(session.docId, [{ start: 0, end: 0, text: 'x' }], replaced.version).dirty).toBe(true);
  });
});

describe('DocumentManager: one rule for a document\'s format (documentFormat)', () => {
  const PREAMBLE = '\\documentclass{article}\n\\begin{document}\nLet \\(x = \\frac{1}{2}\\). Then $x$ is half.\n\\end{document}\n';

  it('an untitled Markdown document that gets a LaTeX preamble is read as LaTeX, and as Markdown again without it', async () => {
    const { docs } = await openDoc();
    const untitled = docs.create({ text: '', problem: '', name: 'untitled.md' });
    expect(untitled.format).toBe('markdown');
    const pasted = docs.edit(untitled.docId, [{ start: 0, end: 0, text: PREAMBLE }]);
    expect(pasted.doc.format).toBe('tex');
    expect(pasted.doc.format).toBe(documentFormat(untitled.name, pasted.doc.text));
    // Read as TeX: the step is the body's sentence, not the preamble's lines.
    expect(pasted.doc.steps.map((s) => s.text).join('\n')).not.toContain('documentclass');
    const gone = docs.edit(untitled.docId, [{ start: 0, end: PREAMBLE.length, text: 'Let $x = 1$.\n' }]);
    expect(gone.doc.format).toBe('markdown');
  });

  it('a new document made with a preamble, a .tex name or a recovery copy of one starts in that format', async () => {
    const { docs } = await openDoc();
    expect(docs.create({ text: PREAMBLE, problem: '', name: 'untitled.md' }).format).toBe('tex');
    expect(docs.create({ text: 'No preamble, $x$.', problem: '', name: 'untitled.tex' }).format).toBe('tex');
    expect(docs.create({ text: 'No preamble, $x$.', problem: '', name: 'untitled.md' }).format).toBe('markdown');
  });

  it('saving under a .tex name reads the text as LaTeX, as a new version', async () => {
    const { docs } = await openDoc();
    const untitled = docs.create({ text: 'A \\(y\\) here.\n', problem: '', name: 'untitled.md' });
    const before = untitled.version;
    await docs.save(untitled.docId, 'saved.tex');
    expect(untitled.format).toBe('tex');
    expect(untitled.doc.format).toBe('tex');
    expect(untitled.version).toBe(before + 1);
  });
});

describe('DocumentManager: a file another program changed while it was open', () => {
  it('is not replaced by Save unless the user says so (overwrite); its own earlier save is no change', async () => {
    const { docs, session } = await openDoc();
    const path = join(dir, 'p.md');
    docs.edit(session.docId, [{ start: 0, end: 0, text: 'Mine. ' }]);
    await docs.save(session.docId);
    docs.edit(session.docId, [{ start: 0, end: 0, text: 'Again. ' }]);
    await docs.save(session.docId); // the file holds what this session wrote: no question
    writeFileSync(path, 'Theirs.\n');
    docs.edit(session.docId, [{ start: 0, end: 0, text: 'Third. ' }]);
    await expect(docs.save(session.docId)).rejects.toMatchObject({ code: 'conflict', message: 'p.md was changed on disk since it was opened or last saved' });
    expect(await fsp.readFile(path, 'utf8')).toBe('Theirs.\n');
    expect(docs.get(session.docId).dirty).toBe(true);
    // Its problem file counts too.
    await docs.save(session.docId, undefined, { overwrite: true });
    expect(await fsp.readFile(path, 'utf8')).toBe(`Third. Again. Mine. ${TEXT}`);
    writeFileSync(join(dir, 'p.problem.md'), 'A problem written elsewhere.\n');
    await expect(docs.save(session.docId)).rejects.toMatchObject({ code: 'conflict' });
    // A file deleted meanwhile is written again.
    rmSync(join(dir, 'p.problem.md'));
    rmSync(path);
    await docs.save(session.docId);
    expect(await fsp.readFile(path, 'utf8')).toBe(`Third. Again. Mine. ${TEXT}`);
    // Opened again with nothing unsaved: the file as it is now, in the same session (a new version).
    writeFileSync(path, 'Theirs again.\n');
    const version = docs.get(session.docId).version;
    const reopened = await docs.open('p.md');
    expect(reopened.docId).toBe(session.docId);
    expect(reopened.doc.text).toBe('Theirs again.\n');
    expect(reopened.version).toBeGreaterThan(version);
    // With unsaved text it is shared as it is (the user chooses with `replace`).
    docs.edit(session.docId, [{ start: 0, end: 0, text: 'Unsaved. ' }]);
    writeFileSync(path, 'And again.\n');
    expect((await docs.open('p.md')).doc.text).toBe('Unsaved. Theirs again.\n');
  });
});

describe('DocumentManager.letGo: a page replaced the document\'s unsaved text (its user agreed)', () => {
  it('keeps the text as the recovery copy and takes the document back to its file, changed on disk or not', async () => {
    const { docs } = await openDoc();
    const session = await asCaller('ws-1', () => docs.open('p.md'));
    docs.edit(session.docId, [{ start: TEXT.length, end: TEXT.length, text: 'Not saved.\n' }]);
    writeFileSync(join(dir, 'p.md'), 'Changed on disk.\n');
    expect(await asCaller('ws-1', () => docs.letGo(session.docId))).toBe(true);
    // Opening it again: the file, nothing unsaved.
    const again = await asCaller('ws-1', () => docs.open('p.md'));
    expect(docs.snapshot(again)).toMatchObject({ text: 'Changed on disk.\n', dirty: false });
    // The text replaced: the copy offered, with that text; an edit of the file now does not overwrite it.
    docs.edit(again.docId, [{ start: 0, end: 0, text: 'New. ' }]);
    await docs.flush();
    const offered = await asCaller('ws-2', () => docs.listRecoveries());
    const kept = offered.find((r) => r.length === TEXT.length + 'Not saved.\n'.length);
    expect(kept).toBeDefined();
    expect((await docs.restoreRecovery(kept!.recoveryId)).doc.text).toBe(`${TEXT}Not saved.\n`);
  });

  it('leaves the document as it is while another page holds it', async () => {
    const { docs } = await openDoc();
    const session = await asCaller('ws-1', () => docs.open('p.md'));
    await asCaller('ws-2', () => docs.open('p.md'));
    docs.edit(session.docId, [{ start: 0, end: 0, text: 'Shared. ' }]);
    expect(await asCaller('ws-1', () => docs.letGo(session.docId))).toBe(false);
    expect(docs.snapshot(docs.get(session.docId))).toMatchObject({ text: `Shared. ${TEXT}`, dirty: true });
  });
});

describe('DocumentManager: a file changed on disk by another program, the document clean', () => {
  it('reads the new text in as one edit: a finding on a changed step goes stale, one on an unchanged step moves with it', async () => {
    const { docs, session } = await openDoc();
    const first = session.doc.steps.find((s) => s.text.startsWith('First'))!;
    const second = session.doc.steps.find((s) => s.text.startsWith('Second'))!;
    docs.setAnnotations(session.docId, [{ ...finding(first.id), id: 'on-first' }, { ...finding(second.id), id: 'on-second' }]);
    const changed = 'A new opening line.\n\n' + TEXT.replace('with a gap here', 'now with the gap closed');
    writeFileSync(join(dir, 'p.md'), changed);
    const change = await docs.syncWithDisk(session.docId);
    expect(change?.kind).toBe('reloaded');
    const now = docs.find(session.docId)!;
    expect(now.doc.text).toBe(changed);
    expect(now.dirty).toBe(false);
    expect(now.version).toBe(change!.before.version + 1);
    // The edit the pages are sent is the changed stretch, not the whole text.
    expect(change?.kind === 'reloaded' ? change.edit : undefined).toEqual({ start: 0, end: TEXT.indexOf('with a gap here') + 'with a gap here'.length, text: changed.slice(0, changed.indexOf('now with the gap closed') + 'now with the gap closed'.length) });
    const byId = new Map(now.annotations.map((a) => [a.id, a]));
    // Before: a reload dropped every finding, so the run's findings and score simply vanished.
    expect([...byId.keys()].sort()).toEqual(['on-first', 'on-second']);
    expect(byId.get('on-second')!.stale).toBe(true);
    const firstNow = now.doc.steps.find((s) => s.text.startsWith('First'))!;
    expect(byId.get('on-first')!.stale).toBeUndefined();
    expect(byId.get('on-first')!.stepId).toBe(firstNow.id);
  });
});
