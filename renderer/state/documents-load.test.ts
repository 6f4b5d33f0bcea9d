// Which document is on screen when loads overlap: at a first start the workbench makes an empty
// document while the user may already be opening a file from Files. The engine answers in whatever
// order its work finishes (opening a file also writes the recent list); the file the user asked for
// must be what is shown and edited, never the empty document. The engine here answers each call when
// the test says so: the order of the answers is what is under test.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DocumentSnapshot, EngineApi } from '../../app/common/contract';
// The engine's own parser stands in for the engine's documents (a test in Node, never part of the bundle).
// eslint-disable-next-line no-restricted-imports
import { parseProof } from '../../app/proof/index';
import { onEngineReady, openPath, useWorkbench } from './store';

const FILE_TEXT = 'First step.\n\nSecond step.\n';

function snapshot(docId: string, path: string | null, text: string): DocumentSnapshot {
  return {
    docId, path, name: path ?? 'untitled.md', format: 'markdown', text, problem: '', doc: parseProof(text, 'markdown'),
    annotations: [], dirty: false, version: 0,
  };
}

/** An engine whose listRecoveries, newDocument and openDocument answer only when released, in the order the test chooses. */
function gatedEngine() {
  const waiting = new Map<string, () => void>();
  const calls: string[] = [];
  const gate = <T,>(name: string, value: () => T) => new Promise<T>((resolve) => {
    calls.push(name);
    waiting.set(name, () => resolve(value()));
  });
  const scripted: Partial<Record<keyof EngineApi, (...args: never[]) => Promise<unknown>>> = {
    listRecoveries: () => gate('listRecoveries', () => []),
    newDocument: () => gate('newDocument', () => snapshot('d-untitled', null, '')),
    openDocument: () => gate('openDocument', () => snapshot('d-file', 'a.md', FILE_TEXT)),
    closeDocument: async () => {
      calls.push('closeDocument');
      return { ok: true };
    },
    recentDocuments: async () => [],
    getSettings: async () => { throw new Error('no settings here'); },
  };
  const engine = new Proxy({}, {
    // Everything else the workbench asks for at a start (engine info, backend, samples…) fails, as an
    // engine without those would; the workbench carries on without them.
    get: (_, name) => scripted[name as keyof EngineApi] ?? (async () => { throw new Error(`not answered here: ${String(name)}`); }),
  }) as EngineApi;
  /** Let the pending call `name` answer; resolves once the workbench has handled the answer. */
  const release = async (name: string) => {
    await expect.poll(() => waiting.has(name)).toBe(true);
    waiting.get(name)!();
    waiting.delete(name);
    for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
  };
  return { engine, calls, release };
}

beforeEach(() => {
  useWorkbench.setState({ engine: null, docId: null, path: null, text: '', doc: null, dirty: false, dialog: 'open', welcome: false });
});

describe('a first start while the user opens a file', () => {
  it('asked for before the empty document is made: the file is shown and no empty document is made', async () => {
    const { engine, calls, release } = gatedEngine();
    const ready = onEngineReady(engine);
    const opening = openPath('a.md');
    await release('listRecoveries');
    await release('openDocument');
    await opening;
    expect(calls).not.toContain('newDocument');
    await ready;
    const s = useWorkbench.getState();
    expect([s.docId, s.path, s.text]).toEqual(['d-file', 'a.md', FILE_TEXT]);
    expect(s.welcome).toBe(false);
  });

  it('answered before the empty document: the empty one does not replace the file, and is closed', async () => {
    const { engine, calls, release } = gatedEngine();
    const ready = onEngineReady(engine);
    await release('listRecoveries');
    // The empty document is on its way; the user opens the file, and its answer comes first.
    await expect.poll(() => calls.includes('newDocument')).toBe(true);
    const opening = openPath('a.md');
    await release('openDocument');
    await opening;
    await release('newDocument');
    await ready;
    const s = useWorkbench.getState();
    expect([s.docId, s.path, s.text, s.dialog]).toEqual(['d-file', 'a.md', FILE_TEXT, null]);
    expect(calls).toContain('closeDocument');
  });
});

describe('a reload', () => {
  /** The tab's sessionStorage (Node has none): what the page wrote before the reload. */
  function tabStorage(entries: Record<string, string>) {
    const store = new Map(Object.entries(entries));
    (globalThis as { sessionStorage?: unknown }).sessionStorage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    };
    return store;
  }

  it('reopens the file the tab showed, not an empty document; and remembers each file opened', async () => {
    const store = tabStorage({ 'proofwright.openPath': 'a.md' });
    try {
      const { engine, calls, release } = gatedEngine();
      const ready = onEngineReady(engine);
      await release('listRecoveries');
      await release('openDocument');
      await ready;
      expect(calls).not.toContain('newDocument');
      const s = useWorkbench.getState();
      expect([s.docId, s.path, s.text]).toEqual(['d-file', 'a.md', FILE_TEXT]);
      useWorkbench.setState({ path: 'proofs/b.md' });
      expect(store.get('proofwright.openPath')).toBe('proofs/b.md');
      useWorkbench.setState({ path: null });
      expect(store.has('proofwright.openPath')).toBe(false);
    } finally {
      delete (globalThis as { sessionStorage?: unknown }).sessionStorage;
    }
  });

  it('starts with an empty document, and says so, when that file cannot be opened any more', async () => {
    tabStorage({ 'proofwright.openPath': 'gone.md' });
    try {
      const { engine, calls, release } = gatedEngine();
      const failing = new Proxy(engine, {
        get: (target, name) => name === 'openDocument' ? async () => { throw new Error('ENOENT'); } : (target as never)[name],
      });
      const ready = onEngineReady(failing);
      await release('listRecoveries');
      await release('newDocument');
      await ready;
      expect(calls).toContain('newDocument');
      expect(useWorkbench.getState().docId).toBe('d-untitled');
      expect(useWorkbench.getState().notice?.text).toContain('gone.md');
    } finally {
      delete (globalThis as { sessionStorage?: unknown }).sessionStorage;
    }
  });
});
