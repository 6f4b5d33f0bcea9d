// The store's edit sync against a fake engine that applies edits the way the real one does (in order,
// against a version): every keystroke reaches the engine, in order, and a lost step is repaired.
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../app/common/annotations';
import { RpcError, type DocumentSnapshot, type EditDeltaResult, type EditResult, type EngineApi } from '../../app/common/contract';
import { docDelta } from '../../app/common/docDelta';
// The engine's own parser stands in for the engine here (a test in Node, never part of the bundle).
// eslint-disable-next-line no-restricted-imports
import { parseProof } from '../../app/proof/index';
import type { ProofDocument } from '../../app/common/proof';
import { applyEdit, type TextEdit } from '../../app/common/text';
import { editorChanged, isSynced, loadSnapshot, onCheckerFindings, useWorkbench } from './store';

function parsed(text: string): ProofDocument {
  return parseProof(text, 'markdown');
}

function fakeEngine(initial: string, options: { failVersion?: number } = {}) {
  let text = initial;
  let version = 0;
  const calls: { edits: TextEdit[]; baseVersion?: number }[] = [];
  /** Steps sent in full by each answer that was a delta. */
  const deltas: number[] = [];
  const checks: { version: number; inFlight: number }[] = [];
  let checksInFlight = 0;
  const snapshot = (): DocumentSnapshot => ({
    docId: 'd1', path: null, name: 'a.md', format: 'markdown', text, problem: '', doc: parsed(text), annotations: [], dirty: true, version,
  });
  const engine = {
    // What the UI calls: the real delta of the real parse against the version the edits were made on.
    editDocumentDelta: async (args: { docId: string; edits: TextEdit[]; baseVersion: number }): Promise<EditDeltaResult> => {
      const base = parsed(text);
      const { doc, ...result } = await engine.editDocument(args);
      const delta = docDelta(base, doc);
      if (delta) deltas.push(delta.steps.length);
      return delta ? { ...result, docDelta: delta } : { ...result, doc };
    },
    editDocument: async ({ edits, baseVersion }: { docId: string; edits: TextEdit[]; baseVersion?: number }): Promise<EditResult> => {
      calls.push({ edits, baseVersion });
      await new Promise((r) => setTimeout(r, 5)); // a real round trip: more keystrokes queue up meanwhile
      if (baseVersion !== undefined && baseVersion !== version) throw new RpcError('stale version', 'conflict');
      if (options.failVersion === version) {
        options.failVersion = undefined;
        version++; // the engine moved on (e.g. another client) without us knowing
        throw new RpcError('conflict', 'conflict');
      }
      for (const e of edits) text = applyEdit(text, e);
      version++;
      return { docId: 'd1', version, doc: parsed(text), annotations: [], dirty: true };
    },
    // The checker: slow enough that keystrokes arrive while a check is in flight.
    check: async () => {
      checks.push({ version, inFlight: ++checksInFlight });
      const at = version;
      await new Promise((r) => setTimeout(r, 15));
      checksInFlight--;
      return { annotations: [checkerFinding(at)], version: at };
    },
    getDocument: async () => snapshot(),
    listRuns: async () => [],
  } as unknown as EngineApi & { editDocument: (args: { docId: string; edits: TextEdit[]; baseVersion?: number }) => Promise<EditResult> };
  return { engine, calls, deltas, checks, text: () => text, snapshot, version: () => version };
}

/** A checker finding that says which version of the text it was computed on. */
function checkerFinding(version: number): Annotation {
  return {
    id: `check:v${version}`, stepId: null, severity: 'critical', message: `checked version ${version}`, quote: '',
    mappedBy: 'checker', provenance: { source: 'checker', verdict: 'unchecked' },
  };
}

async function settle() {
  for (let i = 0; i < 200 && !isSynced(); i++) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 20));
}

/** Type `typed` at the end of the editor's text, one keystroke at a time, as Monaco reports it. */
function type(start: string, typed: string): string {
  let text = start;
  for (const ch of typed) {
    const edit = { start: text.length, end: text.length, text: ch };
    text = applyEdit(text, edit);
    editorChanged([edit], text);
  }
  return text;
}

describe('edit sync', () => {
  it('sends every keystroke in order, batching while a request is in flight, with the version it was made against', async () => {
    const fake = fakeEngine('Hello');
    useWorkbench.setState({ engine: fake.engine });
    loadSnapshot(fake.snapshot());
    const final = type('Hello', ', world of proofs');
    await settle();
    expect(fake.text()).toBe(final);
    expect(useWorkbench.getState().doc!.text).toBe(final);
    expect(fake.calls.length).toBeLessThan(', world of proofs'.length); // batched
    fake.calls.forEach((c, i) => expect(c.baseVersion).toBe(i));
  });

  it('rebuilds from the engine\'s deltas exactly the document the engine parsed, keys typed mid-proof', async () => {
    const start = Array.from({ length: 30 }, (_, i) => `**Step ${i}.** Let $a_${i} = ${i}$.`).join('\n\n');
    const fake = fakeEngine(start);
    useWorkbench.setState({ engine: fake.engine });
    loadSnapshot(fake.snapshot());
    const at = start.indexOf('**Step 15.**');
    let text = start;
    for (const ch of 'so $b$ holds.\n\nAnd ') {
      const offset = at + (text.length - start.length);
      const edit = { start: offset, end: offset, text: ch };
      text = applyEdit(text, edit);
      editorChanged([edit], text);
      await new Promise((r) => setTimeout(r, 2));
    }
    await settle();
    expect(fake.text()).toBe(text);
    expect(useWorkbench.getState().doc).toEqual(parsed(text));
    // Answers were deltas, each with a few steps, not the whole 30-step document.
    expect(fake.deltas.length).toBeGreaterThan(0);
    expect(Math.max(...fake.deltas)).toBeLessThan(5);
  });

  it('repairs a lost step by sending the whole text once', async () => {
    const fake = fakeEngine('Start', { failVersion: 0 });
    useWorkbench.setState({ engine: fake.engine });
    loadSnapshot(fake.snapshot());
    const final = type('Start', ' and more');
    await settle();
    expect(fake.text()).toBe(final);
    expect(useWorkbench.getState().doc!.text).toBe(final);
    expect(fake.calls.some((c) => c.edits.length === 1 && c.edits[0].start === 0 && c.edits[0].text === final)).toBe(true);
  });

  it('keeps keystrokes typed while a repair is in flight', async () => {
    const fake = fakeEngine('Base', { failVersion: 0 });
    useWorkbench.setState({ engine: fake.engine });
    loadSnapshot(fake.snapshot());
    let text = type('Base', ' one');
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 4));
      text = type(text, ` ${i}`);
    }
    await settle();
    expect(fake.text()).toBe(text);
    expect(useWorkbench.getState().doc!.text).toBe(text);
  });
});

describe('checker findings pushed by the engine', () => {
  it('are shown only for the text on screen, whichever arrives first: the push or the edit reply', async () => {
    const fake = fakeEngine('Let $x > 0$.');
    useWorkbench.setState({ engine: fake.engine, annotations: [] });
    loadSnapshot(fake.snapshot());
    // Findings for the opened version: shown.
    onCheckerFindings({ docId: 'd1', version: 0, annotations: [checkerFinding(0)] });
    expect(useWorkbench.getState().checkerAnnotations.map((a) => a.message)).toEqual(['checked version 0']);
    // Another document's findings: ignored.
    onCheckerFindings({ docId: 'other', version: 0, annotations: [checkerFinding(99)] });
    expect(useWorkbench.getState().checkerAnnotations.map((a) => a.message)).toEqual(['checked version 0']);
    // The push for the next version arrives before the edit's reply: held, shown once the reply lands.
    type('Let $x > 0$.', '!');
    onCheckerFindings({ docId: 'd1', version: 1, annotations: [checkerFinding(1)] });
    expect(useWorkbench.getState().checkerAnnotations.map((a) => a.message)).toEqual(['checked version 0']);
    await settle();
    expect(useWorkbench.getState().docVersion).toBe(1);
    expect(useWorkbench.getState().checkerAnnotations.map((a) => a.message)).toEqual(['checked version 1']);
    // A stale push (an older version) never replaces the findings about the text on screen.
    onCheckerFindings({ docId: 'd1', version: 0, annotations: [checkerFinding(0)] });
    expect(useWorkbench.getState().checkerAnnotations.map((a) => a.message)).toEqual(['checked version 1']);
    // Kept apart from the run's findings: the engine's (empty) annotations did not replace them.
    expect(useWorkbench.getState().annotations).toEqual([]);
    // The renderer never asks for a check itself.
    expect(fake.checks).toEqual([]);
  });
});
