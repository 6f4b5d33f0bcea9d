import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Annotation } from '../common/annotations';
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
});
