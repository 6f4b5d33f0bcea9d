// Another file replaces the document while the last keys typed in it are still on their way to the
// engine (one batch sent and not answered, the keys after it not sent yet). The user agreed to replace
// the unsaved text ("Replace it anyway?"), and was promised a recovery copy of it: that copy is what the
// engine holds when the page lets the document go (releaseDocument), so every key typed must have
// reached the engine by then. And the answer to the old document's last edit must not be shown as the
// new document's. The engine here keeps a real text per document and answers each call when the test
// says so, in the order the test chooses.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentSnapshot, EngineApi } from '../../app/common/contract';
import { applyEdit, type TextEdit } from '../../app/common/text';
// The engine's own parser stands in for the engine's documents (a test in Node, never part of the bundle).
// eslint-disable-next-line no-restricted-imports
import { parseProof } from '../../app/proof/index';
import { cancelOpening, editorChanged, keepTypedKey, keepTypedText, openPath, takeTypedAhead, useWorkbench } from './store';

const A_TEXT = 'First step of a.\n\nSecond step of a.\n';
const B_TEXT = 'The file b.\n';

function gatedEngine() {
  const texts = new Map<string, { text: string; version: number }>([['d-a', { text: A_TEXT, version: 0 }]]);
  /** The text each document held when the page let it go: what its recovery copy keeps. */
  const released = new Map<string, string>();
  const waiting: { name: string; go: () => void }[] = [];
  const gate = <T,>(name: string, answer: () => T) => new Promise<T>((resolve, reject) => {
    waiting.push({ name, go: () => { try { resolve(answer()); } catch (error) { reject(error as Error); } } });
  });
  const snapshot = (docId: string, path: string, text: string): DocumentSnapshot => ({
    docId, path, name: path, format: 'markdown', text, problem: '', doc: parseProof(text, 'markdown'), annotations: [], dirty: false, version: 0,
  });
  const scripted: Partial<Record<keyof EngineApi, (arg: never) => Promise<unknown>>> = {
    editDocumentDelta: ({ docId, edits, baseVersion }: { docId: string; edits: TextEdit[]; baseVersion: number }) => gate('editDocumentDelta', () => {
      const held = texts.get(docId)!;
      if (baseVersion !== held.version) throw new Error(`conflict: ${docId} at ${held.version}, edits against ${baseVersion}`);
      held.text = edits.reduce(applyEdit, held.text);
      held.version++;
      return { docId, version: held.version, doc: parseProof(held.text, 'markdown'), annotations: [], dirty: true };
    }),
    openDocument: () => gate('openDocument', () => {
      texts.set('d-b', { text: B_TEXT, version: 0 });
      return snapshot('d-b', 'b.md', B_TEXT);
    }),
    getDocument: async ({ docId }: { docId: string }) => {
      const held = texts.get(docId)!;
      return { ...snapshot(docId, `${docId}.md`, held.text), version: held.version, dirty: true };
    },
    releaseDocument: async ({ docId }: { docId: string }) => {
      released.set(docId, texts.get(docId)!.text);
      return { reverted: true };
    },
    setProblem: async () => ({ ok: true }),
    listRecoveries: async () => [],
  };
  const engine = new Proxy({}, {
    get: (_, name) => scripted[name as keyof EngineApi] ?? (async () => { throw new Error(`not answered here: ${String(name)}`); }),
  }) as EngineApi;
  /** Let the oldest waiting call `name` answer, once it has been made; then let the workbench handle the answer. */
  const release = async (name: string) => {
    await expect.poll(() => waiting.some((w) => w.name === name)).toBe(true);
    const at = waiting.findIndex((w) => w.name === name);
    const [call] = waiting.splice(at, 1);
    call.go();
    for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
  };
  return { engine, released, release, pending: () => waiting.map((w) => w.name), text: (docId: string) => texts.get(docId)?.text };
}

/** A key typed at the end of the editor's text, as the editor reports it. */
function typeAtEnd(key: string): void {
  const { text } = useWorkbench.getState();
  editorChanged([{ start: text.length, end: text.length, text: key }], text + key);
}

const globals = globalThis as { window?: unknown; confirm?: (message: string) => boolean };

beforeEach(() => {
  // "A has unsaved changes. Replace it anyway?": yes.
  globals.window = globalThis;
  globals.confirm = () => true;
});

afterEach(() => {
  delete globals.window;
  delete globals.confirm;
});

describe('another file replaces a document with keys still on their way', () => {
  it("the replaced document's recovery copy holds every key typed, and the new document is shown as the engine sent it", async () => {
    const { engine, released, release, pending, text } = gatedEngine();
    useWorkbench.setState({
      engine, docId: 'd-a', path: 'a.md', name: 'a.md', text: A_TEXT, initialText: A_TEXT, doc: parseProof(A_TEXT, 'markdown'),
      docVersion: 0, dirty: false, dialog: 'open',
    });
    // "x" is sent (the engine has not answered yet); "y" and "z" wait behind it.
    typeAtEnd('x');
    await expect.poll(pending).toEqual(['editDocumentDelta']);
    typeAtEnd('y');
    typeAtEnd('z');
    // The user opens b.md; its answer comes before the engine's answer to "x".
    const opening = openPath('b.md');
    await release('openDocument');
    await release('editDocumentDelta');
    // Whatever else the workbench sends for a.md before letting it go is answered too.
    for (let i = 0; i < 5 && pending().includes('editDocumentDelta'); i++) await release('editDocumentDelta');
    await opening;

    // The copy kept of a.md: its text with every key typed.
    expect(released.get('d-a')).toBe(`${A_TEXT}xyz`);
    expect(text('d-a')).toBe(`${A_TEXT}xyz`);
    // On screen: b.md, its text and its parse, nothing of a.md's last answer over it.
    const s = useWorkbench.getState();
    expect([s.docId, s.path, s.text, s.doc?.text, s.dialog]).toEqual(['d-b', 'b.md', B_TEXT, B_TEXT, null]);
    expect(s.docVersion).toBe(0);
    // b.md was not sent a.md's keys.
    expect(text('d-b')).toBe(B_TEXT);
  });
});

describe('keys typed while a file opens (the Files dialog hands them to keepTypedKey)', () => {
  it('are kept only while a file opens: characters, Enter as a line break, Backspace taking back the last; handed over once', () => {
    useWorkbench.setState({ opening: null, typedAhead: '' });
    expect(keepTypedKey('a')).toBe(false);
    useWorkbench.setState({ opening: 'proofs/big.md' });
    for (const key of ['H', 'i', 'x', 'Backspace', 'Enter', '∑', '😀', 'Shift', 'ArrowLeft', 'Tab']) keepTypedKey(key);
    expect(useWorkbench.getState().typedAhead).toBe('Hi\n∑😀');
    keepTypedKey('Backspace');
    expect(useWorkbench.getState().typedAhead).toBe('Hi\n∑');
    expect(takeTypedAhead()).toBe('Hi\n∑');
    expect(takeTypedAhead()).toBe('');
    useWorkbench.setState({ opening: null });
  });
});

describe('Escape while a file opens (the Files dialog calls cancelOpening), and a paste meanwhile', () => {
  it('the open that arrives later replaces nothing: the document shown and what was typed into it stay; the kept keys are named in the notice', async () => {
    const { engine, release } = gatedEngine();
    useWorkbench.setState({
      engine, docId: 'd-a', path: 'a.md', name: 'a.md', text: A_TEXT, initialText: A_TEXT, doc: parseProof(A_TEXT, 'markdown'),
      docVersion: 0, dirty: false, dialog: 'open', opening: null, typedAhead: '', notice: null,
    });
    const opening = openPath('b.md');
    await expect.poll(() => useWorkbench.getState().opening).toBe('b.md');
    keepTypedKey('K');
    expect(keepTypedText('ept\r\npasted')).toBe(true);
    expect(useWorkbench.getState().typedAhead).toBe('Kept\npasted');
    cancelOpening();
    expect(useWorkbench.getState()).toMatchObject({ opening: null, typedAhead: '' });
    expect(useWorkbench.getState().notice).toMatchObject({ kind: 'warn', text: 'Stopped opening b.md. What you typed for it was not put anywhere: "Kept\npasted"' });
    // The user goes on typing in a.md; then b.md's answer arrives.
    typeAtEnd('!');
    await release('editDocumentDelta');
    await release('openDocument');
    await opening;
    const s = useWorkbench.getState();
    expect([s.docId, s.path, s.text]).toEqual(['d-a', 'a.md', `${A_TEXT}!`]);
    expect(keepTypedText('late')).toBe(false);
  });
});
