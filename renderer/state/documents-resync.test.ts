// A resync (the workbench out of step with the engine: a lost message, a restarted engine) sends the
// editor's whole text once. Keys typed while it waits for the engine's document are in that text: they
// must not also be sent again after it (they were: the engine's text then held them twice, and a second
// resync had to mend it). The engine here keeps a real text and version and answers getDocument when
// the test says so.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineApi } from '../../app/common/contract';
import { applyEdit, type TextEdit } from '../../app/common/text';
// The engine's own parser stands in for the engine's documents (a test in Node, never part of the bundle).
// eslint-disable-next-line no-restricted-imports
import { parseProof } from '../../app/proof/index';
import { editorChanged, flushEdits, onDocumentChanged, useWorkbench } from './store';

function fakeEngine(initial: string, options: { loseFirst?: boolean } = {}) {
  let text = initial;
  let version = 0;
  const calls: string[] = [];
  let letGo: (() => void) | null = null;
  let first = options.loseFirst ?? true;
  const result = () => ({ docId: 'd1', version, doc: parseProof(text, 'markdown'), annotations: [], dirty: true });
  const scripted: Partial<Record<keyof EngineApi, (arg: never) => Promise<unknown>>> = {
    editDocumentDelta: async ({ edits, baseVersion }: { edits: TextEdit[]; baseVersion: number }) => {
      calls.push('editDocumentDelta');
      // The first batch is lost on its way (the engine never saw it): the workbench must resync.
      if (first) {
        first = false;
        throw new Error('the connection dropped the message');
      }
      if (baseVersion !== version) throw new Error(`conflict: at ${version}, edits against ${baseVersion}`);
      text = edits.reduce(applyEdit, text);
      version++;
      return result();
    },
    getDocument: async () => {
      calls.push('getDocument');
      if (options.loseFirst !== false && calls.filter((c) => c === 'getDocument').length === 1) await new Promise<void>((resolve) => { letGo = resolve; });
      return { docId: 'd1', path: 'a.md', name: 'a.md', format: 'markdown', text, problem: '', doc: parseProof(text, 'markdown'), annotations: [], dirty: true, version };
    },
    editDocument: async ({ edits, baseVersion }: { edits: TextEdit[]; baseVersion: number }) => {
      calls.push('editDocument');
      if (baseVersion !== version) throw new Error('conflict');
      text = edits.reduce(applyEdit, text);
      version++;
      return result();
    },
  };
  const engine = new Proxy({}, {
    get: (_, name) => scripted[name as keyof EngineApi] ?? (async () => { throw new Error(`not answered here: ${String(name)}`); }),
  }) as EngineApi;
  /** Another page's edit on the same engine document (the same file open in two tabs). */
  const otherPage = (edit: TextEdit) => {
    text = applyEdit(text, edit);
    version++;
  };
  return { engine, calls, text: () => text, waiting: () => letGo !== null, release: () => letGo?.(), otherPage };
}

beforeEach(() => {
  useWorkbench.setState({ engine: null, docId: null, path: null, text: '', doc: null, dirty: false });
});
afterEach(() => {
  delete (globalThis as { confirm?: unknown }).confirm;
});

describe('resync while the user types', () => {
  it('sends the keys typed while it waits once, in the whole text, and not again after it', async () => {
    const start = 'First step.\n';
    const fake = fakeEngine(start);
    useWorkbench.setState({ engine: fake.engine, docId: 'd1', path: 'a.md', text: start, doc: parseProof(start, 'markdown'), docVersion: 0 });
    editorChanged([{ start: start.length, end: start.length, text: 'A' }], `${start}A`);
    const flushing = flushEdits();
    // The batch was lost; the resync asks for the engine's document. Meanwhile the user types "B".
    await expect.poll(fake.waiting).toBe(true);
    editorChanged([{ start: start.length + 1, end: start.length + 1, text: 'B' }], `${start}AB`);
    fake.release();
    await flushing;
    await flushEdits();
    expect(fake.text()).toBe(`${start}AB`);
    expect(useWorkbench.getState().doc?.text).toBe(`${start}AB`);
    // One resync: the engine's document once, the whole text once, and "B" never sent a second time.
    expect(fake.calls).toEqual(['editDocumentDelta', 'getDocument', 'editDocument']);
  });
});

describe('resync after another page edited the same document', () => {
  const start = 'First step.\n';
  const setUp = () => {
    const fake = fakeEngine(start, { loseFirst: false });
    useWorkbench.setState({ engine: fake.engine, docId: 'd1', path: 'a.md', name: 'a.md', text: start, doc: parseProof(start, 'markdown'), docVersion: 0 });
    // The other tab types " TAB1" (and saves); this page has not heard of it.
    fake.otherPage({ start: start.length - 1, end: start.length - 1, text: ' TAB1' });
    return fake;
  };
  const asked: string[] = [];
  const answer = (ok: boolean) => {
    asked.length = 0;
    globalThis.confirm = (message?: string) => {
      asked.push(String(message));
      return ok;
    };
  };

  it('asks, and on Cancel shows the other page\'s text here instead of replacing it', async () => {
    const fake = setUp();
    answer(false);
    editorChanged([{ start: 0, end: 0, text: 'B ' }], `B ${start}`);
    await flushEdits();
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('a.md was changed in another tab or window');
    expect(fake.text()).toBe('First step. TAB1\n');
    expect(useWorkbench.getState().text).toBe('First step. TAB1\n');
    expect(fake.calls).not.toContain('editDocument');
  });

  it('asks, and on OK replaces the other page\'s text with this one\'s', async () => {
    const fake = setUp();
    answer(true);
    editorChanged([{ start: 0, end: 0, text: 'B ' }], `B ${start}`);
    await flushEdits();
    expect(asked).toHaveLength(1);
    expect(fake.text()).toBe(`B ${start}`);
  });

  it('does not ask when only this page wrote to the document (a lost message)', async () => {
    const fake = fakeEngine(start);
    useWorkbench.setState({ engine: fake.engine, docId: 'd1', path: 'a.md', name: 'a.md', text: start, doc: parseProof(start, 'markdown'), docVersion: 0 });
    answer(false);
    editorChanged([{ start: 0, end: 0, text: 'A' }], `A${start}`);
    const flushing = flushEdits();
    await expect.poll(fake.waiting).toBe(true);
    fake.release();
    await flushing;
    expect(asked).toEqual([]);
    expect(fake.text()).toBe(`A${start}`);
  });
});

describe('another page\'s edit pushed by the engine (documentChanged)', () => {
  const start = 'First step.\n';
  const pushed = (fake: ReturnType<typeof fakeEngine>, version: number, edit: TextEdit) => ({
    docId: 'd1', version, baseVersion: version - 1, edits: [edit], doc: parseProof(fake.text(), 'markdown'), annotations: [], dirty: true,
  });

  it('shows at once when this page has nothing of its own on the way, and sends nothing back', async () => {
    const fake = fakeEngine(start, { loseFirst: false });
    useWorkbench.setState({ engine: fake.engine, docId: 'd1', path: 'a.md', name: 'a.md', text: start, doc: parseProof(start, 'markdown'), docVersion: 0 });
    const edit = { start: 11, end: 11, text: ' TAB1' };
    fake.otherPage(edit);
    onDocumentChanged(pushed(fake, 1, edit));
    expect(useWorkbench.getState()).toMatchObject({ text: 'First step. TAB1\n', docVersion: 1, dirty: true });
    expect(useWorkbench.getState().doc?.text).toBe('First step. TAB1\n');
    await flushEdits();
    expect(fake.calls).toEqual([]);
  });

  it('heard while this page\'s own edit is on its way, it follows that edit once the engine has answered it', async () => {
    const fake = fakeEngine(start, { loseFirst: false });
    useWorkbench.setState({ engine: fake.engine, docId: 'd1', path: 'a.md', name: 'a.md', text: start, doc: parseProof(start, 'markdown'), docVersion: 0 });
    editorChanged([{ start: 0, end: 0, text: 'B ' }], `B ${start}`);
    const flushing = flushEdits();
    // The engine took this page's edit (version 1), then the other page's (version 2).
    const edit = { start: 13, end: 13, text: ' TAB1' };
    expect(fake.calls).toEqual(['editDocumentDelta']);
    fake.otherPage(edit);
    onDocumentChanged(pushed(fake, 2, edit));
    expect(useWorkbench.getState().docVersion).toBeLessThan(2);
    await flushing;
    expect(useWorkbench.getState()).toMatchObject({ text: 'B First step. TAB1\n', docVersion: 2 });
    expect(fake.calls).toEqual(['editDocumentDelta']);
  });

  it('a push of a version this page already holds (its own edit) changes nothing', async () => {
    const fake = fakeEngine(start, { loseFirst: false });
    useWorkbench.setState({ engine: fake.engine, docId: 'd1', path: 'a.md', name: 'a.md', text: start, doc: parseProof(start, 'markdown'), docVersion: 0 });
    editorChanged([{ start: 0, end: 0, text: 'B ' }], `B ${start}`);
    await flushEdits();
    onDocumentChanged(pushed(fake, 1, { start: 0, end: 0, text: 'B ' }));
    expect(useWorkbench.getState()).toMatchObject({ text: `B ${start}`, docVersion: 1 });
  });
});
