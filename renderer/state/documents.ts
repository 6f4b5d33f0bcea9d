// Documents and the editor: load a document into the editor, send every edit to the engine in order
// (resync when out of step), hand the text to a restarted engine, recovery copies, open/save.
import type { DocumentChanged, DocumentOnDisk, DocumentSaved, DocumentSnapshot, EngineApi, RecentDocument, RecoveryInfo } from '../../app/common/contract';
import { documentFormat, freeCopyName } from '../../app/common/proof-files';
import type { Annotation } from '../../app/common/annotations';
import { applyDocDelta } from '../../app/common/docDelta';
import { applyEdit, replacement, type TextEdit } from '../../app/common/text';
import { editorBridge } from '../editor/bridge';
import { showCheckerFindings } from './findings';
import { gradingUnsaved, useGrading } from './grading';
import { refreshHistory, showLastVerification } from './run-actions';
import { runsForDocument } from './runs';
import { fail, get, notify, set, useWorkbench } from './workbench';

/**
 * The file this page shows, kept per browser tab (sessionStorage) so that a reload reopens it, as
 * VS Code reopens its editors: a reload landed on an empty untitled.md and the user had to find their
 * file again. Per tab, not per workspace: another tab starts as a first page does.
 */
const OPEN_PATH_KEY = 'proofwright.openPath';
useWorkbench.subscribe((state, previous) => {
  if (state.path === previous.path) return;
  try {
    if (state.path) globalThis.sessionStorage?.setItem(OPEN_PATH_KEY, state.path);
    else globalThis.sessionStorage?.removeItem(OPEN_PATH_KEY);
  } catch {
    // Storage disabled or full: a reload then starts as a first page does.
  }
});

/** The file this tab showed before a reload, if any. */
function pathBeforeReload(): string | null {
  try {
    return globalThis.sessionStorage?.getItem(OPEN_PATH_KEY) ?? null;
  } catch {
    return null;
  }
}

export function loadSnapshot(snap: DocumentSnapshot): void {
  // A problem typed in the document being replaced goes to that document (its recovery copy has it).
  void flushProblem();
  set((s) => ({
    docId: snap.docId, path: snap.path, name: snap.name, format: snap.format, initialText: snap.text, text: snap.text,
    problem: snap.problem, doc: snap.doc, docVersion: snap.version, annotations: snap.annotations, dirty: snap.dirty,
    ...runsForDocument(s, snap.docId),
    loadNonce: s.loadNonce + 1, verify: null, verifyScope: null, review: null, checkerAnnotations: [], checkerVersion: -1, example: null,
    // The guide ends once something with content is opened.
    welcome: snap.text === '' ? s.welcome : false,
  }));
  pending = [];
  heard = [];
  showCheckerFindings();
  void showLastVerification();
}


/** Document loads asked for so far (open, new, recover): the newest one is the one shown. */
let loadRequests = 0;

/**
 * Ask the engine for a document and show it, unless another load was asked for while this one was on
 * its way: the document on screen is the last one asked for, whatever order the engine answers in.
 * A superseded document that `fresh` says was made for this request alone (newDocument) is closed.
 */
async function loadLatest(request: () => Promise<DocumentSnapshot>, options: { fresh?: boolean } = {}): Promise<boolean> {
  const ticket = ++loadRequests;
  const snap = await request();
  // The keys typed in the document being replaced that have not reached the engine yet go to it first
  // (loadSnapshot forgets them): its recovery copy, written when it is let go below, has its last
  // keystrokes. Keys typed while they are on their way go with them (flushEdits sends until none is left).
  if (ticket === loadRequests && get().docId !== snap.docId) await flushEdits();
  if (ticket !== loadRequests) {
    if (options.fresh && snap.docId !== get().docId) void get().engine?.closeDocument({ docId: snap.docId }).catch(() => undefined);
    return false;
  }
  // The document replaced, with unsaved text the user agreed to replace (confirmLeave): the engine
  // keeps that text as its recovery copy and takes the document back to its file, so opening it again
  // shows the file, as the editor was told (it gave back the replaced text, unsaved).
  const { docId: left, dirty } = get();
  loadSnapshot(snap);
  if (left && dirty && left !== snap.docId) void releaseDocument(left);
  return true;
}

/** Tells the engine this page no longer shows `docId` (releaseDocument); a failure leaves the document as it was (its text kept, unsaved). */
async function releaseDocument(docId: string): Promise<void> {
  const { engine } = get();
  if (!engine) return;
  await engine.releaseDocument({ docId }).catch(() => undefined);
}

/** Edits waiting to reach the engine, in order; sent one batch at a time. */
let pending: TextEdit[] = [];
let flushing = false;

/** A flush asked for by a keystroke and not started yet. */
let flushSoon: ReturnType<typeof setTimeout> | null = null;

/**
 * Called by the editor for every content change (edits in the order they apply). The edits are sent
 * in a task of their own: validating and sending them in the keystroke's task put ~1 ms before the
 * key's first paint (issue 11); the browser paints a frame that is due before it runs. Until they are
 * sent, `isSynced()` is false.
 */
export function editorChanged(edits: TextEdit[], text: string): void {
  // Another page's edit, put into the editor here: the engine has it already.
  if (applyingRemote) return void set({ text });
  set({ text, dirty: true });
  pending.push(...edits);
  flushSoon ??= setTimeout(() => {
    flushSoon = null;
    void flushEdits();
  }, 0);
}

/** `previous` when `next` says the same (the common answer to a key: no finding moved), so nothing redraws. */
function sameAnnotations(previous: Annotation[], next: Annotation[]): Annotation[] {
  if (previous === next) return previous;
  if (previous.length === 0 && next.length === 0) return previous;
  return previous.length === next.length && JSON.stringify(previous) === JSON.stringify(next) ? previous : next;
}

export function isSynced(): boolean {
  return pending.length === 0 && !flushing;
}


/** The flush under way, if any: a second caller waits for it rather than returning at once. */
let flushRun: Promise<void> | null = null;

/**
 * Send the edits waiting for the engine, one batch at a time; resolves when none is left, including
 * when a flush was already under way (Ctrl+S while an earlier key's edit was still on its way used to
 * save at once, before the keys typed behind it reached the engine: the file lacked them).
 */
export function flushEdits(): Promise<void> {
  if (flushSoon) {
    clearTimeout(flushSoon);
    flushSoon = null;
  }
  flushRun ??= sendPending().finally(() => {
    flushRun = null;
    if (pending.length > 0) void flushEdits();
    else applyHeard();
  });
  return flushRun;
}

async function sendPending(): Promise<void> {
  if (flushing) return;
  flushing = true;
  try {
    while (pending.length > 0) {
      const { engine, docId, docVersion, doc: base } = get();
      if (!engine || !docId) return;
      const batch = pending;
      pending = [];
      try {
        // The engine answers with what the edits changed in the parsed document (the whole document
        // was ~114 KB a key on a 460-line proof, parsed and validated here on every keystroke).
        const result = await engine.editDocumentDelta({ docId, edits: batch, baseVersion: docVersion });
        // Another document came in meanwhile: this answer is about the one it replaced.
        if (get().docId !== docId) return;
        const doc = result.doc ?? (base && result.docDelta ? applyDocDelta(base, batch.reduce(applyEdit, base.text), result.docDelta) : null);
        if (!doc) throw new Error('the engine sent a document delta with no document to apply it to');
        set({ doc, docVersion: result.version, annotations: sameAnnotations(get().annotations, result.annotations), dirty: result.dirty });
        showCheckerFindings();
      } catch (error) {
        if (get().docId !== docId) return;
        // Out of step with the engine (a lost message, a restarted engine): send the whole text once;
        // keystrokes made meanwhile are sent after it, against the new version.
        await resync(error as Error, base ? [base.text, batch.reduce(applyEdit, base.text)] : []);
      }
    }
    // The engine's text must be ours once everything is sent; if not, resync.
    const { doc, text } = get();
    if (doc && doc.text !== text) await resync(new Error('text diverged'), [doc.text]);
  } finally {
    flushing = false;
  }
}

/**
 * Edits of other pages on this document (`documentChanged`: the same file open in another tab or
 * window), not applied yet: they wait while this page has edits of its own on their way, since the
 * engine's order decides between the two. If ours came first, those of the other page that the engine
 * took after them follow here; if theirs came first, ours are refused (conflict) and the resync asks.
 */
let heard: DocumentChanged[] = [];
/** Set while another page's edit goes into the editor, so the change is not sent back as this page's. */
let applyingRemote = false;

/**
 * The `documentChanged` notification: another page's edit to the document on screen. Applied to the
 * editor at once when this page has nothing of its own on the way; else after it (see `heard`).
 */
export function onDocumentChanged(change: DocumentChanged): void {
  const { docId, docVersion } = get();
  if (change.docId !== docId || change.version <= docVersion) return;
  heard.push(change);
  applyHeard();
}

/**
 * The `documentSaved` notification: another page saved the document on screen. Its name follows; it is
 * clean here when this page holds the version saved and has nothing of its own on the way.
 */
export function onDocumentSaved(saved: DocumentSaved): void {
  const { docId, docVersion } = get();
  if (saved.docId !== docId) return;
  set({ path: saved.path, name: saved.name });
  if (saved.version === docVersion && isSynced() && !flushRun) set({ dirty: saved.dirty });
  // Saved under a name of another format: the engine read the text anew, as a new version.
  else if (saved.version > docVersion) void catchUp();
}

/**
 * The document whose user chose "Keep mine" after its file changed on disk under their unsaved edits:
 * its next save replaces the file without asking again (they were asked already).
 */
let keepMine: string | null = null;

/**
 * The `documentOnDisk` notification: another program changed, deleted or moved the file on screen (the
 * engine watches it). A clean document was reloaded (its text arrives as a `documentChanged`): said so.
 * Unsaved edits are kept, with the choice of the file's text or theirs, as VS Code offers. A file gone
 * makes the document unsaved, and the next save asks before writing the old path again (save()).
 */
export function onDocumentOnDisk(change: DocumentOnDisk): void {
  const { docId, name } = get();
  if (change.docId !== docId) return;
  if (change.kind === 'reloaded') return notify(`${name} changed on disk; reloaded`);
  if (change.kind === 'missing') {
    set({ dirty: true });
    return notify(`${name} was deleted or moved on disk. Your text is kept here, unsaved.`, 'warn');
  }
  if (keepMine === docId) keepMine = null;
  notify(`${name} changed on disk`, 'warn', { label: 'Reload from disk', run: () => void reloadFromDisk() }, {
    label: 'Keep mine',
    run: () => {
      keepMine = get().docId;
      notify(`Keeping your text: saving ${get().name} replaces the file on disk.`);
    },
  });
}

/** "Reload from disk": the file's text replaces the unsaved edits, once the user agreed to lose them. */
async function reloadFromDisk(): Promise<void> {
  const { engine, path, name, dirty } = get();
  if (!engine || !path) return;
  if (dirty && !window.confirm(`Discard your unsaved changes to ${name} and load the file as it is on disk?`)) return;
  set({ notice: null });
  try {
    if (await loadLatest(() => engine.openDocument({ path, replace: true }))) notify(`${name} reloaded from disk`);
  } catch (error) {
    fail(`Could not reload ${name}`)(error);
  }
}

/** Apply the heard edits that follow the version this page holds, in the engine's order. */
function applyHeard(): void {
  if (heard.length === 0 || !isSynced() || flushRun) return;
  const { docId } = get();
  const due = heard.filter((c) => c.docId === docId && c.version > get().docVersion).sort((a, b) => a.version - b.version);
  heard = [];
  for (const change of due) {
    const { doc, docVersion } = get();
    if (change.version <= docVersion) continue;
    const editorText = editorBridge()?.getText() ?? get().text;
    if (!doc || change.baseVersion !== docVersion || editorText !== doc.text) {
      // A change this page missed (or its editor is not at its last version): ask for the whole text.
      void catchUp();
      return;
    }
    const text = change.edits.reduce(applyEdit, doc.text);
    const next = change.doc ?? (change.docDelta ? applyDocDelta(doc, text, change.docDelta) : null);
    if (!next || next.text !== text) return void catchUp();
    showRemote(change.edits, { doc: next, docVersion: change.version, annotations: change.annotations, dirty: change.dirty });
  }
}

/**
 * Put another page's edits into the editor (one undo step of its own, so Ctrl+Z never mixes them with
 * this page's typing) and take the engine's document for the new version.
 */
function showRemote(edits: TextEdit[], next: { doc: NonNullable<ReturnType<typeof get>['doc']>; docVersion: number; annotations: Annotation[]; dirty: boolean }): void {
  applyingRemote = true;
  try {
    editorBridge()?.applyRemoteEdits(edits);
  } finally {
    applyingRemote = false;
  }
  const text = editorBridge()?.getText() ?? edits.reduce(applyEdit, get().text);
  set({ text, doc: next.doc, docVersion: next.docVersion, annotations: sameAnnotations(get().annotations, next.annotations), dirty: next.dirty });
  showCheckerFindings();
}

/**
 * This page missed another page's edit: take the engine's whole text, when this page has typed nothing
 * since (else its next edit is refused and the resync asks the user, as for a conflict).
 */
async function catchUp(): Promise<void> {
  const { engine, docId } = get();
  if (!engine || !docId) return;
  const snap = await engine.getDocument({ docId }).catch(() => null);
  const { doc, docId: shown } = get();
  if (!snap || shown !== docId || !doc || !isSynced() || flushRun || snap.version <= get().docVersion) return;
  const text = editorBridge()?.getText() ?? get().text;
  if (text !== doc.text) return;
  showRemote(text === snap.text ? [] : [replacement(text, snap.text)], { doc: snap.doc, docVersion: snap.version, annotations: snap.annotations, dirty: snap.dirty });
}

/**
 * Hand the engine the editor's whole text. `known`: the texts the engine may hold from this page alone
 * (its last answer, that plus the batch that failed). Any other text was written by another page on the
 * same document (the same file open in two tabs: the pages share one engine document but do not see
 * each other's keys): the user chooses, rather than this page silently replacing the other's work.
 */
async function resync(reason: Error, known: string[] = []): Promise<void> {
  const { engine, docId, name } = get();
  if (!engine || !docId) return;
  try {
    const snap = await engine.getDocument({ docId });
    // The text sent holds every edit made so far, those typed while getDocument was on its way too:
    // they leave `pending` here, at the moment the text is read (cleared before the wait, they were
    // sent twice: in this text and again after it).
    const text = editorBridge()?.getText() ?? get().text;
    pending = [];
    const foreign = snap.text !== text && known.length > 0 && !known.includes(snap.text);
    if (foreign && !confirmReplaceOther(name)) {
      // The other page's text, here: one undoable edit, so Ctrl+Z gives this page's text back. The
      // engine has that text already: the edit the editor reports for it is not sent.
      editorBridge()?.replaceAll(snap.text);
      pending = [];
      set({ doc: snap.doc, docVersion: snap.version, text: snap.text, annotations: snap.annotations, dirty: snap.dirty });
      showCheckerFindings();
      notify(`Loaded ${name} as edited in the other tab or window (Ctrl+Z brings this tab's text back).`);
      return;
    }
    if (snap.text === text) {
      set({ doc: snap.doc, docVersion: snap.version, annotations: snap.annotations });
      showCheckerFindings();
      return;
    }
    const result = await engine.editDocument({ docId, edits: [{ start: 0, end: snap.text.length, text }], baseVersion: snap.version });
    set({ doc: result.doc, docVersion: result.version, annotations: result.annotations, dirty: result.dirty });
    showCheckerFindings();
  } catch (error) {
    // Nothing is re-sent against a version we could not learn (no loop while the engine is away); the
    // whole text goes once the engine is back (onEngineReady) or at the next edit's resync.
    pending = [];
    console.warn('resync failed after', reason.message, error);
  }
}

/**
 * After a (re)connect: if our document is unknown to this engine (it restarted), hand it the text the
 * editor still holds, so nothing typed is lost; otherwise offer any recovery copies.
 */
export async function onEngineReady(engine: EngineApi): Promise<void> {
  // Files is usable as soon as the engine is: a document the user asks for from here on wins over the
  // first start's empty one (see below).
  const loadsBefore = loadRequests;
  set({ engine, connection: 'ready' });
  engine.engineInfo().then((engineInfo) => set({ engineInfo })).catch(() => undefined);
  engine.getSettings().then((settings) => set({ settings })).catch(() => undefined);
  engine.backendStatus().then((backend) => set({ backend })).catch(() => undefined);
  engine.listExampleDocuments().then((exampleDocuments) => set({ exampleDocuments })).catch(() => undefined);
  engine.recentDocuments().then((recent) => set({ recent })).catch(() => undefined);
  engine.workspaceMacros().then(({ macros }) => set({ workspaceMacros: macros })).catch(() => undefined);
  const { docId, path } = get();
  if (docId) {
    const alive = await engine.getDocument({ docId }).then(() => true, () => false);
    if (alive) {
      void flushEdits();
      return;
    }
    const text = editorBridge()?.getText() ?? get().text;
    const problem = get().problem;
    try {
      const snap = path ? await engine.openDocument({ path }) : await engine.newDocument({});
      if (problem !== snap.problem) await engine.setProblem({ docId: snap.docId, text: problem });
      const result = snap.text === text ? null : await engine.editDocument({ docId: snap.docId, edits: [{ start: 0, end: snap.text.length, text }], baseVersion: snap.version });
      pending = [];
      set({
        docId: snap.docId, doc: result?.doc ?? snap.doc, docVersion: result?.version ?? snap.version,
        annotations: result?.annotations ?? snap.annotations, dirty: result?.dirty ?? snap.dirty,
      });
      showCheckerFindings();
      notify('The engine restarted; your text was handed back to it.');
    } catch (error) {
      fail('Could not re-open the document after the engine restarted')(error);
    }
    return;
  }
  const recoveries = await engine.listRecoveries().catch(() => [] as RecoveryInfo[]);
  set({ recoveries, dialog: recoveries.length > 0 ? 'recover' : get().dialog });
  if (recoveries.length === 0 && !get().docId) {
    // Nothing opened before on this user-data folder: a first start, so the guide shows (unless the
    // user said "Don't show this again"). Decided before the empty document is in, so that once it
    // is, the guide is settled.
    const [recent, settings] = await Promise.all([
      engine.recentDocuments().catch(() => [] as RecentDocument[]),
      engine.getSettings().catch(() => null),
    ]);
    // Meanwhile the user may have opened a file, or asked for one that is still on its way: keep it.
    // (Checking only for an open document let the empty one overtake a file whose answer was slower,
    // at a first start under load: CI's e2e/save-while-sending typed into the empty document, then the
    // file replaced it.)
    if (get().docId || loadRequests !== loadsBefore) return;
    // A reload: the file this tab showed comes back (if it is gone, the page starts as a first one).
    const before = pathBeforeReload();
    if (before) {
      const reopened = await loadLatest(() => engine.openDocument({ path: before })).catch(() => null);
      if (reopened !== null) return;
      notify(`${before}, open before the reload, could not be opened again (moved or deleted?).`, 'error');
    }
    if (get().docId || loadRequests !== loadsBefore + (before ? 1 : 0)) return;
    if (recent.length === 0 && settings?.welcomeGuide !== false) set({ welcome: 'first-start' });
    await newFromExample(undefined, { force: true });
  }
}

/**
 * The "Recover…" command (F1, Files, the desktop File menu): the recovery copies the engine keeps now
 * (a document replaced with its unsaved text, one left by a crash or a closed page), listed in the
 * recovery dialog to open one. They were offered only at the next start.
 */
export async function showRecoveries(): Promise<void> {
  const { engine } = get();
  if (!engine) return notify('The engine is not connected yet: try Recover… again in a moment.', 'warn');
  try {
    const recoveries = await engine.listRecoveries();
    set({ recoveries, dialog: 'recover' });
  } catch (error) {
    fail('Could not list the recovery copies')(error);
  }
}

export async function restoreRecovery(recoveryId: string): Promise<void> {
  const { engine } = get();
  // The document on screen may have unsaved text of its own (Recover… asked for mid-session).
  if (!engine || !confirmLeave()) return;
  try {
    if (!(await loadLatest(() => engine.restoreRecovery({ recoveryId })))) return;
    set((s) => ({ dialog: null, recoveries: s.recoveries.filter((r) => r.recoveryId !== recoveryId), focusEditor: s.focusEditor + 1 }));
    notify('Recovered your unsaved text.');
  } catch (error) {
    fail('Could not restore')(error);
  }
}

/**
 * Closes the recovery dialog (Escape, ✕, a click outside) without deleting anything: the copies are
 * offered again at the next start. Only "Discard all" (discardRecoveries) deletes them: closing a
 * dialog is not a decision to throw away the user's unsaved text.
 */
export async function dismissRecoveries(): Promise<void> {
  set({ dialog: null });
  if (!get().docId) await openAfterRecoveries();
}

/**
 * With the recovery dialog answered and nothing restored: the file this tab showed before a reload
 * (it landed on an empty untitled.md when another document's copy was offered), else an empty document.
 */
async function openAfterRecoveries(): Promise<void> {
  const { engine } = get();
  const before = pathBeforeReload();
  if (engine && before) {
    const reopened = await loadLatest(() => engine.openDocument({ path: before })).catch(() => null);
    if (reopened !== null) return;
    notify(`${before}, open before the reload, could not be opened again (moved or deleted?).`, 'error');
  }
  if (!get().docId) await newFromExample(undefined, { force: true });
}

export async function discardRecoveries(): Promise<void> {
  const { engine, recoveries } = get();
  if (!engine) return;
  await Promise.all(recoveries.map((r) => engine.discardRecovery({ recoveryId: r.recoveryId }).catch(() => undefined)));
  set({ recoveries: [], dialog: null });
  if (!get().docId) await openAfterRecoveries();
}

/** Asks whether this page's text replaces what another page made of the same document. */
function confirmReplaceOther(name: string): boolean {
  return globalThis.confirm?.(`${name} was changed in another tab or window since this one last heard from it. `
    + `OK: replace those changes with this tab's text. Cancel: load them here (Ctrl+Z then brings this tab's text back).`) ?? true;
}

/** The unsaved-changes guard: replacing the open document asks first when it has unsaved edits. */
export function confirmLeave(): boolean {
  const { dirty, docId, name, text } = get();
  // The reference solution and marking scheme have no recovery copy: they are lost if the user goes on.
  if (gradingUnsaved(docId) && !window.confirm(`The reference solution or marking scheme of ${name} has unsaved changes, and they are lost if another document replaces it. Replace it anyway? (Cancel, then Save, keeps them beside the proof.)`)) return false;
  if (!docId || !dirty || text.trim() === '') return true;
  return window.confirm(`${name} has unsaved changes. Replace it anyway? (A recovery copy is kept until you save or discard it.)`);
}

export async function newFromExample(example: string | undefined, options: { force?: boolean; focus?: boolean } = {}): Promise<void> {
  const { engine } = get();
  if (!engine || (!options.force && !confirmLeave())) return;
  try {
    const shown = await loadLatest(() => engine.newDocument(example ? { example } : {}), { fresh: true });
    // `focus`: the user asked for it (Files, the guide), so the proof editor takes the keys next.
    if (shown) set((s) => ({ example: example ?? null, focusEditor: s.focusEditor + (options.focus ? 1 : 0) }));
  } catch (error) {
    fail('Could not create the document')(error);
  }
}

export async function openPath(path: string): Promise<void> {
  const { engine, dirty } = get();
  if (!engine || !confirmLeave()) return;
  // The same file over its own unsaved text: the user chose to replace that text with the file's
  // (the engine would otherwise hand back the open session, unsaved text and all).
  const replace = dirty && get().path === path;
  // A large file takes seconds to read, parse and show: the Files dialog says so meanwhile (it gave
  // no sign, and keys typed then went nowhere without a word).
  set({ opening: path });
  try {
    if (await loadLatest(() => engine.openDocument(replace ? { path, replace } : { path }))) set((s) => ({ dialog: null, focusEditor: s.focusEditor + 1 }));
  } catch (error) {
    // The keys kept for it have no document to go to: the notice gives them back rather than dropping them unseen.
    const typed = get().opening === path ? get().typedAhead : '';
    if (typed) set({ typedAhead: '' });
    fail(`Could not open ${path}${typed ? ` (what you typed meanwhile was not put anywhere: "${typed.length > 80 ? `${typed.slice(0, 79)}…` : typed}")` : ''}`)(error);
  } finally {
    if (get().opening === path) set({ opening: null });
  }
}

/**
 * The Files dialog's key handler while a file opens: a key that would type (a printable character,
 * Enter, Backspace) is kept for the editor of the document that opens (`typedAhead`), not refused.
 * Returns whether it was kept (the dialog then stops it from reaching its buttons and fields).
 */
export function keepTypedKey(key: string): boolean {
  if (!get().opening) return false;
  if (key === 'Backspace') set((s) => ({ typedAhead: [...s.typedAhead].slice(0, -1).join('') }));
  else if (key === 'Enter') set((s) => ({ typedAhead: `${s.typedAhead}\n` }));
  else if ([...key].length === 1) set((s) => ({ typedAhead: s.typedAhead + key }));
  else return false;
  return true;
}

/** Text pasted while a file opens: kept with the typed keys (keepTypedKey), in order. False when no file is opening. */
export function keepTypedText(text: string): boolean {
  if (!get().opening) return false;
  set((s) => ({ typedAhead: s.typedAhead + text.replace(/\r\n?/g, '\n') }));
  return true;
}

/**
 * Stops waiting for the file being opened (Escape or ✕ in the Files dialog): when it arrives it
 * replaces nothing (the document shown, and any text typed into it since, stay), and the keys kept
 * for it are given back in the notice rather than dropped unseen. No-op when nothing is opening.
 */
export function cancelOpening(): void {
  const { opening, typedAhead } = get();
  if (!opening) return;
  loadRequests++; // the open's snapshot is now stale: loadLatest shows nothing for it
  set({ opening: null, typedAhead: '' });
  const name = opening.split('/').pop();
  notify(typedAhead ? `Stopped opening ${name}. What you typed for it was not put anywhere: "${typedAhead.length > 80 ? `${typedAhead.slice(0, 79)}…` : typedAhead}"` : `Stopped opening ${name}.`, typedAhead ? 'warn' : 'info');
}

/** The keys kept while a document opened (keepTypedKey), now handed to its editor; none are kept after. */
export function takeTypedAhead(): string {
  const typed = get().typedAhead;
  if (typed) set({ typedAhead: '' });
  return typed;
}

/** What a save as came to: saved; `exists` (the user is to be asked before replacing it); or failed, with why. */
export type SaveAsOutcome = { saved: true } | { saved: false; exists: true } | { saved: false; exists?: false; message: string };

/**
 * Save as `path` for a dialog that shows the outcome itself: an existing file is replaced only with
 * `overwrite` (the user said Replace); otherwise the answer is `exists` and nothing is written.
 */
export async function saveAs(path: string, options: { overwrite?: boolean } = {}): Promise<SaveAsOutcome> {
  const failed: { error?: unknown } = {};
  if (await save(path, { ...options, onError: (error) => void (failed.error = error) })) return { saved: true };
  if (!('error' in failed)) return { saved: false, message: 'nothing is open to save' };
  const { code, message } = failed.error as { code?: string; message?: string };
  return code === 'conflict' ? { saved: false, exists: true } : { saved: false, message: message ?? String(failed.error) };
}

/**
 * Save the document (to `path`: save as). `overwrite`: replace an existing file there (the user
 * agreed, e.g. in the native save dialog). A failure is notified, or handed to `onError`.
 */
export async function save(path?: string, options: { overwrite?: boolean; onError?: (error: unknown) => void } = {}): Promise<boolean> {
  const { engine, docId } = get();
  if (!engine || !docId) return false;
  await flushEdits();
  await flushProblem();
  const target = path ?? get().path ?? undefined;
  if (!target) return false; // the caller asks for a name (save-as)
  // What the engine saves: keys typed while the save is on its way are not in the file.
  const savedText = get().text;
  try {
    const pathBefore = get().path;
    // "Keep mine" (onDocumentOnDisk): the user chose their text over the file's already.
    const overwrite = options.overwrite || (keepMine === docId && target === pathBefore);
    const saved = await engine.saveDocument(overwrite ? { docId, path: target, overwrite: true } : { docId, path: target });
    if (keepMine === docId) keepMine = null;
    const name = saved.path.split('/').pop() ?? saved.path;
    set({ path: saved.path, name, dirty: get().text !== savedText });
    // A first save files the runs made on it before under its path (the engine): History lists them now.
    if (pathBefore === null) void refreshHistory();
    // A name of another format (untitled.md saved as .tex): the engine read the text anew.
    if (documentFormat(name, savedText) !== get().doc?.format) void catchUp();
    // The reference solution and marking scheme typed for it go beside it too (a new name included).
    if (gradingUnsaved(docId)) {
      const { reference, rubric } = useGrading.getState();
      try {
        await engine.saveGrading({ docId, reference, rubric });
        if (useGrading.getState().reference === reference && useGrading.getState().rubric === rubric) useGrading.setState({ dirty: false });
      } catch (error) {
        fail(`Saved ${saved.path}, but not its reference solution and marking scheme`)(error);
        return false;
      }
    }
    notify(`Saved ${saved.path}`);
    engine.recentDocuments().then((recent) => set({ recent })).catch(() => undefined);
    return true;
  } catch (error) {
    // Its own file, changed by another program since it was opened or saved here (the engine checks):
    // replace that change only if the user says so; else it stays on disk and this text stays here.
    if ((error as { code?: string }).code === 'conflict' && !options.overwrite && target === get().path) {
      const name = get().name;
      if (window.confirm(`${name} was changed on disk by another program since it was opened or last saved here. Replace the file with the text in the editor? (Cancel leaves the file as it is; your text stays here, unsaved.)`)) {
        return save(path, { ...options, overwrite: true });
      }
      notify(`Not saved: ${name} keeps the other program's changes; your text is still here, unsaved. Save as another name to keep both.`, 'warn');
      return false;
    }
    // Its own file, deleted or moved away by another program (the engine says): written to the old
    // path again only if the user says so; else Save as lets them choose where it goes.
    if ((error as { code?: string }).code === 'not-found' && !options.overwrite && target === get().path) {
      const name = get().name;
      if (window.confirm(`${name} was deleted or moved on disk by another program. Save your text as ${target} again? (Cancel: nothing is written; use Save as to choose where it goes.)`)) {
        return save(path, { ...options, overwrite: true });
      }
      notify(`Not saved: ${name} was deleted or moved on disk; your text is still here, unsaved.`, 'warn', { label: 'Save as…', run: () => set({ dialog: 'open', notice: null }) });
      return false;
    }
    if (options.onError) options.onError(error);
    else fail('Could not save')(error);
    return false;
  }
}

/**
 * Before the first run of a sample that has no file yet: save it into the workspace as a copy under the
 * name it opened with (the first free one of NAME.md, NAME-2.md…: freeCopyName, app/common/proof-files.ts;
 * the next free one if a file took it since; never over a file), with its problem. Run records and History are
 * filed by the document's path, so a run of the unsaved sample would otherwise never reach History.
 */
export async function saveExampleCopy(): Promise<void> {
  const { engine, path, example, name } = get();
  if (!engine || path || !example) return;
  const listing = await engine.listWorkspace().catch(() => null);
  if (!listing) return;
  const taken = new Set(listing.files.map((f) => f.path));
  // The name the engine gave the sample when it opened (freeCopyName), unless a file took it since.
  let target: string | null;
  for (;;) {
    target = freeCopyName(name, (candidate) => taken.has(candidate));
    if (!target) return notify(`Could not save: no free name for ${name} in the workspace`, 'error');
    // The engine never replaces a file here (no overwrite): one the listing does not show
    // (created since, or not a proof) makes it try the next name.
    const outcome = await saveAs(target);
    if (outcome.saved) break;
    if (!outcome.exists) return notify(`Could not save: ${outcome.message}`, 'error');
    taken.add(target);
  }
  notify(`Saved the sample as ${target} in the workspace, so its runs are kept in History.`);
  void refreshHistory();
}

/** The problem as last typed, for the document it was typed in, not sent to the engine yet. */
let problemDue: { docId: string; text: string } | null = null;
let problemTimer: ReturnType<typeof setTimeout> | null = null;
/** The last problem sent, until the engine has it. */
let problemSending: Promise<void> | null = null;

/** The problem pane's text: shown at once, sent to the engine 250 ms after the last key (or flushProblem). */
export function setProblem(text: string): void {
  set({ problem: text, dirty: true });
  const { docId } = get();
  if (!docId) return;
  problemDue = { docId, text };
  if (problemTimer) clearTimeout(problemTimer);
  problemTimer = setTimeout(() => void flushProblem(), 250);
}

/**
 * Hand the engine the problem typed so far, now, and resolve once it has it. Save and a run's start
 * wait for it: Ctrl+S within 250 ms of the last key saved the file without the problem and showed the
 * document clean; a document loaded meanwhile sent the new document's problem, not the typed one.
 */
export async function flushProblem(): Promise<void> {
  if (problemTimer) clearTimeout(problemTimer);
  problemTimer = null;
  const due = problemDue;
  problemDue = null;
  const { engine } = get();
  if (due && engine) problemSending = engine.setProblem({ docId: due.docId, text: due.text }).then(() => undefined, fail('Could not update the problem'));
  await problemSending;
}

