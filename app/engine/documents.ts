// Open documents: text + problem + parsed ProofDocument + annotations, edited through TextEdits,
// saved atomically, autosaved to a recovery copy while the user types (restored after a crash).
import { createHash, randomUUID } from 'node:crypto';
import { unwatchFile, watchFile, type Stats } from 'node:fs';
import { lstat, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Annotation } from '../common/annotations';
import { assertDocumentSize, DocumentTooLargeError, MAX_DOCUMENT_CHARS } from '../common/limits';
import { RpcError, type DocumentSnapshot, type EditResult, type RecoveryInfo } from '../common/contract';
import type { DocumentFormat, ProofDocument } from '../common/proof';
import { composeEdits, replacement, type TextEdit } from '../common/text';
import { AnnotationSchema } from '../common/schemas/proof';
import { z } from 'zod';
import { currentCaller } from './callers';
import { documentFormat } from '../common/proof-files';
import { parseProof, problemPathFor, remapAnnotations, remapDocument } from './modules';
import type { PathGuard } from './paths';
import { MAX_NAME_BYTES, moveAside, writeFailureReason, writeFileSafely, type WriterFs } from '../store/safe-write';

export interface DocumentSession {
  docId: string;
  /** Absolute path on disk; null until first saved. */
  absPath: string | null;
  name: string;
  /** `documentFormat(name, text)`, the one rule: kept with every edit, open and save (see `reformat`). */
  format: DocumentFormat;
  doc: ProofDocument;
  problem: string;
  annotations: Annotation[];
  dirty: boolean;
  version: number;
  recoveryId: string;
  /** Text and problem as last read from or written to disk; null for a document never saved. */
  saved: { text: string; problem: string } | null;
  /**
   * A document never saved that was made from a sample: the sample's text and problem. Untouched it is
   * not unsaved work (it can be made again): not dirty, so no modified mark, no "Replace it anyway?"
   * when the sample is opened again, no recovery copy (reviewer: all three for a sample just opened).
   */
  sample?: { text: string; problem: string };
  /** What each finding was about when it was placed (see FindingAnchor), by annotation id. */
  anchors: Map<string, FindingAnchor>;
  /** Runs started on it while it had no file: filed under its path when it is first saved (RunStore.adoptRuns). */
  runsBeforeSave?: string[];
  /**
   * The clients (callers.ts) whose pages have this document open: each one that opened, created,
   * restored or named it in a call, until that client is gone (`release`). Empty for a document
   * opened by no client (in-process calls: tests, the CLI).
   */
  holders: Set<string>;
  /**
   * The file at `absPath` was deleted or moved away by another program while it was open (syncWithDisk):
   * the document is unsaved, and a plain save does not silently write the old path again.
   */
  missing?: boolean;
  /** The file's text that was last reported as changed on disk under unsaved edits (told once per change). */
  diskSeen?: string;
  /** Saves under way: the engine's own writes are not another program's change. */
  writing?: number;
}

/**
 * What another program did to an open document's file (syncWithDisk): `reloaded`: it changed and the
 * document had no unsaved edits, so the document now holds the new text; `changed`: it changed under
 * unsaved edits, which are kept; `missing`: it was deleted or moved away (the document is unsaved now).
 */
export type DiskChange = { docId: string; before: { doc: ProofDocument; version: number } } & (
  /** `edit`: the one edit that turned the text before into the file's (`replacement`). */
  | { kind: 'reloaded'; edit: TextEdit }
  | { kind: 'changed' | 'missing' }
);

/**
 * The text a finding was about when the run placed it: its step's text, and its own range relative to
 * the step's start. An edit that makes the step read exactly this again (an undo, a retyped word)
 * makes the finding current again instead of leaving it stale.
 */
interface FindingAnchor {
  stepText: string;
  rel?: { start: number; end: number };
}

interface RecoveryFile {
  recoveryId: string;
  absPath: string | null;
  name: string;
  format: DocumentFormat;
  text: string;
  problem: string;
  savedAt: number;
  /**
   * The findings as they stood on this text (moved and made stale by the edits since the run), so a
   * restore shows them exactly so: placed again from the run record on the edited text, a finding on a
   * step the user had only touched came back stale and on the whole proof. Absent in older copies.
   */
  findings?: RecoveredFindings;
}

/** A recovery copy's findings: the annotations, each one's anchor, and the step ids of the text in order (a fresh parse names steps by their text). */
interface RecoveredFindings {
  annotations: Annotation[];
  anchors: [string, FindingAnchor][];
  stepIds: string[];
}

const RecoveredFindingsSchema = z.object({
  annotations: z.array(AnnotationSchema),
  anchors: z.array(z.tuple([z.string(), z.object({ stepText: z.string(), rel: z.object({ start: z.number(), end: z.number() }).optional() })])),
  stepIds: z.array(z.string()),
});

const AUTOSAVE_DELAY_MS = 400;
/**
 * How often an open document's file is looked at (fs.watchFile polls its stat), and how long a burst of
 * changes (an editor writing a temporary file, then renaming it over) settles before it is read.
 */
const DISK_POLL_MS = 500;
/** syncWithDisk's answer when the document changed while its file was being read. */
const MOVED_ON = Symbol('moved on');
const DISK_SETTLE_MS = 150;

export class DocumentManager {
  /** Damage found in recovery copies (each moved aside), for engineInfo to show. */
  readonly warnings: string[] = [];
  private readonly sessions = new Map<string, DocumentSession>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Documents let go of so far (letGo): part of the new recovery id each one gets. */
  private letGoCount = 0;
  /**
   * The last write or removal of each recovery copy (by recovery id), so the next one starts after it:
   * an autosave still writing when the user saves must not land after the save removed the copy (the
   * next start would offer to "recover" a document that was saved).
   */
  private readonly copyOps = new Map<string, Promise<void>>();

  constructor(
    private readonly guard: PathGuard,
    /** Folder of recovery copies for this workspace. */
    private readonly recoveryDir: string,
    /** File operations for writes (tests inject a full disk); default: the real ones. */
    private readonly writerFs?: WriterFs,
  ) {}

  /** Told of every change another program made to an open document's file (set by the documents feature). */
  onDiskChange: ((change: DiskChange) => void) | null = null;
  /** The file each document watches (by docId), and the pending settle timers of its changes. */
  private readonly watched = new Map<string, string>();
  private readonly settling = new Map<string, ReturnType<typeof setTimeout>>();

  /**
   * Watch the file of `session` (one path, as VS Code watches an open editor's file) so that a change
   * by another program is noticed without a save or a reopen. fs.watchFile (a stat poll of the path)
   * rather than fs.watch: fs.watch follows the inode on Linux (inotify), so an editor's atomic save
   * (write a temporary file, rename it over) ends the watch; on Windows it holds a handle that keeps
   * the file from being deleted or renamed; on macOS and network drives its events are unreliable.
   * A stat poll of one path every DISK_POLL_MS sees a write, a replace, a delete and a rename alike on
   * every platform, at the cost of one stat a poll. What changed is decided by reading the text
   * (syncWithDisk), so the engine's own saves (the same text) are never reported.
   */
  private watch(session: DocumentSession): void {
    const path = session.absPath;
    if (this.watched.get(session.docId) === path) return;
    this.unwatch(session.docId);
    if (!path) return;
    const docId = session.docId;
    const listener = (curr: Stats, prev: Stats) => {
      if (curr.mtimeMs === prev.mtimeMs && curr.size === prev.size && curr.ino === prev.ino) return;
      const pending = this.settling.get(docId);
      if (pending) clearTimeout(pending);
      this.settling.set(docId, setTimeout(() => {
        this.settling.delete(docId);
        void this.syncWithDisk(docId).catch(() => undefined);
      }, DISK_SETTLE_MS));
    };
    watchFile(path, { interval: DISK_POLL_MS, persistent: false }, listener);
    this.watched.set(docId, path);
    this.listeners.set(docId, listener);
  }

  private readonly listeners = new Map<string, (curr: Stats, prev: Stats) => void>();

  private unwatch(docId: string): void {
    const path = this.watched.get(docId);
    const listener = this.listeners.get(docId);
    if (path && listener) unwatchFile(path, listener);
    this.watched.delete(docId);
    this.listeners.delete(docId);
    const pending = this.settling.get(docId);
    if (pending) clearTimeout(pending);
    this.settling.delete(docId);
  }

  /** Stop watching every file (shutdown). */
  unwatchAll(): void {
    for (const docId of [...this.watched.keys()]) this.unwatch(docId);
  }

  /**
   * Compare the open document `docId` with its file and act on what another program did (DiskChange):
   * a changed file is read into a document without unsaved edits; under unsaved edits the edits are
   * kept (told once per new disk text); a file gone makes the document unsaved (`missing`). Called by
   * the file watch and before a run starts, so a run never verifies text that is no longer the file
   * while the page shows no unsaved edits. Returns the change (also given to onDiskChange), or null.
   */
  async syncWithDisk(docId: string): Promise<DiskChange | null> {
    // The document moved on while its file was read (an edit, the watch's own look reloading it):
    // look again. Giving up instead left a change the watch saw untold until the file's next change
    // (the stat poll fires once per change).
    for (let attempt = 0; attempt < 5; attempt++) {
      const result = await this.syncOnce(docId);
      if (result !== MOVED_ON) return result;
    }
    return null;
  }

  /** One look at the disk for syncWithDisk; MOVED_ON when the session's version changed during the read. */
  private async syncOnce(docId: string): Promise<DiskChange | null | typeof MOVED_ON> {
    const session = this.sessions.get(docId);
    if (!session?.absPath || session.writing) return null;
    const absPath = session.absPath;
    const before = { doc: session.doc, version: session.version };
    let disk: { text: string; problem: string } | null;
    try {
      disk = await this.readFromDisk(this.guard.toClientPath(absPath), absPath);
    } catch (error) {
      if ((error as RpcError).code !== 'not-found') return null;
      disk = null;
    }
    // Closed, saved or saved elsewhere meanwhile: the next look decides; edited or reloaded: look again.
    if (this.sessions.get(docId) !== session || session.absPath !== absPath || session.writing) return null;
    if (session.version !== before.version) return MOVED_ON;
    let change: DiskChange | null = null;
    if (disk === null) {
      if (!session.missing) {
        session.missing = true;
        session.dirty = true;
        change = { docId, kind: 'missing', before };
      }
    } else {
      const wasMissing = session.missing;
      session.missing = false;
      const base = session.saved;
      const same = base !== null && disk.text === base.text && disk.problem === base.problem;
      if (same) {
        // Back as it was (a rename undone): clean again unless edited.
        if (wasMissing) session.dirty = isDirty(session);
      } else if (!session.dirty && !wasMissing) {
        // Read in as one edit, as if typed: findings on steps that still read the same move with them,
        // those on changed steps go stale instead of vanishing.
        this.cancelRecovery(docId);
        session.problem = disk.problem;
        session.saved = disk;
        const edit = replacement(session.doc.text, disk.text);
        this.applyEdits(session, edit.start === edit.end && edit.text === '' ? [] : [edit]);
        session.dirty = isDirty(session);
        change = { docId, kind: 'reloaded', before, edit };
      } else if (session.diskSeen !== disk.text + '\u0000' + disk.problem) {
        session.diskSeen = disk.text + '\u0000' + disk.problem;
        change = { docId, kind: 'changed', before };
      }
    }
    if (change) this.onDiskChange?.(change);
    return change;
  }

  has(docId: string): boolean {
    return this.sessions.has(docId);
  }

  /** The open document `docId`; a client that names it holds it (a page back on a new connection, say). */
  get(docId: string): DocumentSession {
    const session = this.sessions.get(docId);
    if (!session) throw new RpcError(`no open document "${docId}"`, 'not-found');
    return this.claim(session);
  }

  /** The open document `docId`, if any, without the calling client taking hold of it (engine-side callers: the file watch). */
  find(docId: string): DocumentSession | undefined {
    return this.sessions.get(docId);
  }

  /** The calling client (if any) holds `session` from now on. */
  private claim(session: DocumentSession): DocumentSession {
    const caller = currentCaller();
    if (caller) session.holders.add(caller);
    return session;
  }

  /**
   * The client `caller` is gone (its WebSocket or window closed): it holds no document any more, and
   * the copies of documents now held by no one are offered again (listRecoveries); such a copy still
   * waiting for the autosave delay is written now, so the next page finds the last keystrokes in it.
   */
  async release(caller: string): Promise<void> {
    const released = [...this.sessions.values()].filter((s) => s.holders.delete(caller) && s.holders.size === 0);
    await Promise.all(released.filter((s) => this.timers.has(s.docId)).map((s) => this.autosave(s).catch(() => undefined)));
  }

  /**
   * The other clients holding `docId`: every holder but the calling one (the page whose edit it was).
   * They are told of its accepted edits (`documentChanged`), so their editors show them at once.
   */
  otherHolders(docId: string): string[] {
    const session = this.sessions.get(docId);
    const caller = currentCaller();
    return session ? [...session.holders].filter((h) => h !== caller) : [];
  }

  /** The open session of the file at `clientPath`, if any (read before `open` replaces its text). */
  openAt(clientPath: string): DocumentSession | undefined {
    const absPath = this.guard.resolve(clientPath);
    return [...this.sessions.values()].find((s) => s.absPath === absPath);
  }

  snapshot(session: DocumentSession): DocumentSnapshot {
    return {
      docId: session.docId,
      path: session.absPath ? this.guard.toClientPath(session.absPath) : null,
      name: session.name,
      format: session.format,
      text: session.doc.text,
      problem: session.problem,
      doc: session.doc,
      annotations: session.annotations,
      dirty: session.dirty,
      version: session.version,
    };
  }

  /**
   * The document at `clientPath`. A file already open is shared (both pages hold one session), unless
   * `replace`: then the user chose the file over the session's unsaved text, so the session takes the
   * file's text from disk (clean, no findings) and its recovery copy is discarded.
   */
  async open(clientPath: string, options: { replace?: boolean } = {}): Promise<DocumentSession> {
    const absPath = this.guard.resolve(clientPath);
    const open = [...this.sessions.values()].find((s) => s.absPath === absPath);
    // Shared, unless it has no unsaved text and another program changed the file since: then opening it
    // reads the file (it gave back the text as it was before that change).
    if (open && !options.replace && (open.dirty || !open.saved || !(await this.changedOnDisk(absPath, open.saved)))) return this.claim(open);
    const { text, problem } = await this.readFromDisk(clientPath, absPath);
    if (open) {
      this.cancelRecovery(open.docId);
      await this.discardRecovery(open.recoveryId);
      open.format = documentFormat(open.name, text);
      open.doc = parseProof(text, open.format);
      open.problem = problem;
      open.annotations = [];
      open.anchors = new Map();
      open.saved = { text, problem };
      open.missing = false;
      delete open.diskSeen;
      open.dirty = false;
      open.version++;
      return this.claim(open);
    }
    return this.add({ absPath, name: basename(absPath), text, problem, dirty: false, recoveryId: recoveryIdFor(absPath), saved: { text, problem } });
  }

  /** A document's text and problem as they are on disk; RpcErrors that say which file could not be read. */
  private async readFromDisk(clientPath: string, absPath: string): Promise<{ text: string; problem: string }> {
    let text: string;
    try {
      text = await readFile(absPath, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // In words ("a folder has that name" for EISDIR), never the system's message with the absolute path.
      throw new RpcError(`cannot open "${clientPath}": ${code === 'ENOENT' ? 'no such file' : writeFailureReason(error).reason}`, code === 'ENOENT' ? 'not-found' : 'internal');
    }
    const problemPath = this.problemPath(absPath);
    // A proof whose name is too long for a NAME.problem.md beside it has none (no such file can exist).
    if (problemPath === null) return { text, problem: '' };
    const problem = await readFile(problemPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw new RpcError(`cannot open the problem file of "${clientPath}": ${writeFailureReason(error).reason}`, 'internal');
    });
    if (text.length > MAX_DOCUMENT_CHARS) throw new RpcError(`cannot open "${clientPath}": ${new DocumentTooLargeError(text.length).message}`, 'invalid-request');
    return { text, problem };
  }

  /**
   * The sibling problem file (`NAME.problem.md`), confined like the document itself: a symbolic link
   * there that leads outside the workspace is refused (PathError), for reading and writing alike.
   * Null when that name would pass MAX_NAME_BYTES (see `problemNameFits`).
   */
  private problemPath(absPath: string): string | null {
    if (!problemNameFits(absPath)) return null;
    const path = problemPathFor(absPath);
    return this.guard.resolveDerived(path, absPath, basename(path));
  }

  /**
   * A new document; its format follows from `name` (`untitled.tex` for a LaTeX one) and `text`.
   * `fromSample`: its text and problem are a sample's, clean until edited (see DocumentSession.sample).
   */
  create(init: { text: string; problem: string; name: string }, options: { fromSample?: boolean } = {}): DocumentSession {
    const sample = options.fromSample ? { text: init.text, problem: init.problem } : undefined;
    return this.add({ absPath: null, ...init, dirty: !sample && init.text.length > 0, recoveryId: `new-${randomUUID()}`, saved: null, ...(sample ? { sample } : {}) });
  }

  private add(init: Omit<DocumentSession, 'docId' | 'doc' | 'annotations' | 'version' | 'anchors' | 'holders' | 'format'> & { text: string }): DocumentSession {
    const { text, ...rest } = init;
    const format = documentFormat(init.name, text);
    const session: DocumentSession = {
      ...rest, format, docId: `d-${randomUUID()}`, doc: parseProof(text, format), annotations: [], version: 0, anchors: new Map(), holders: new Set(),
    };
    this.sessions.set(session.docId, session);
    this.watch(session);
    return this.claim(session);
  }

  /** Apply edits in order; annotations and step ids move with the text. */
  edit(docId: string, edits: TextEdit[], baseVersion?: number): EditResult {
    const session = this.get(docId);
    if (baseVersion !== undefined && baseVersion !== session.version) {
      throw new RpcError(`document ${docId} is at version ${session.version}, edits were made against ${baseVersion}`, 'conflict');
    }
    this.applyEdits(session, edits);
    session.dirty = isDirty(session);
    this.scheduleRecovery(session);
    return { docId, version: session.version, doc: session.doc, annotations: session.annotations, dirty: session.dirty };
  }

  /**
   * The one edit path (a user's keys, a file read in again from disk): the text, its steps and the
   * findings move with each edit, findings on steps that no longer read as verified go stale, and the
   * version goes up by one. Errors: an edit past the end (`invalid-request`), a text over the size limit.
   */
  private applyEdits(session: DocumentSession, edits: TextEdit[]): void {
    for (const edit of composeEdits(edits)) {
      if (edit.end > session.doc.text.length) {
        throw new RpcError(`edit [${edit.start}, ${edit.end}) is past the end of the document (${session.doc.text.length})`, 'invalid-request');
      }
      assertDocumentSize(session.doc.text.length - (edit.end - edit.start) + edit.text.length);
      const next = remapDocument(session.doc, edit);
      session.annotations = remapAnnotations(session.annotations, session.doc, next, edit);
      session.doc = next;
    }
    this.reformat(session);
    session.annotations = refreshStale(session.annotations, session.doc, session.anchors);
    session.version++;
  }

  /**
   * Read the session again when `documentFormat` now says another format (a preamble typed or pasted
   * into a Markdown document, or deleted from it; saved under a `.tex` name): the whole text is parsed
   * in the new format, and findings not on a step that reads as before go stale. Returns whether it did.
   */
  private reformat(session: DocumentSession): boolean {
    const format = documentFormat(session.name, session.doc.text);
    if (format === session.format && session.doc.format === format) return false;
    const text = session.doc.text;
    const next = parseProof(text, format);
    session.annotations = remapAnnotations(session.annotations, session.doc, next, { start: 0, end: text.length, text });
    session.format = format;
    session.doc = next;
    return true;
  }

  setProblem(docId: string, text: string): void {
    const session = this.get(docId);
    session.problem = text;
    session.dirty = isDirty(session);
    this.scheduleRecovery(session);
  }

  /** The findings of a run (plus any kept from before); each current one remembers the text it is about. */
  setAnnotations(docId: string, annotations: Annotation[]): void {
    const session = this.get(docId);
    session.annotations = annotations;
    const steps = new Map(session.doc.steps.map((s) => [s.id, s]));
    const anchors = new Map<string, FindingAnchor>();
    for (const a of annotations) {
      const step = a.stepId ? steps.get(a.stepId) : undefined;
      if (a.stale || !step) {
        const known = session.anchors.get(a.id);
        if (known) anchors.set(a.id, known);
        continue;
      }
      anchors.set(a.id, { stepText: step.text, ...(a.range ? { rel: { start: a.range.start - step.range.start, end: a.range.end - step.range.start } } : {}) });
    }
    session.anchors = anchors;
    // The copy keeps the findings too (see RecoveryFile.findings): a run that ends after the last edit.
    if (session.dirty) this.scheduleRecovery(session);
  }

  /**
   * Write the document to its file, or to `clientPath` (save as). Save as never replaces an existing
   * file unless `overwrite` says the user agreed (a 'conflict' error otherwise), so neither a race nor
   * a second client can clobber a file; a target inside the app's own data is refused.
   */
  async save(docId: string, clientPath?: string, options: { overwrite?: boolean } = {}): Promise<{ absPath: string; savedAt: number }> {
    const session = this.get(docId);
    if (clientPath === undefined && !session.absPath) throw new RpcError('this document has not been saved yet: give a path', 'invalid-request');
    // Checked again at every save, not only at open: a symbolic link may have appeared since.
    const absPath = this.guard.resolveWritable(clientPath ?? session.absPath!, session.absPath ?? undefined);
    if (absPath !== session.absPath && !options.overwrite) {
      const existing = await lstat(absPath).catch(() => null);
      if (existing?.isDirectory()) throw new RpcError(`"${clientPath}" is a folder: give a file name`, 'invalid-request');
      if (existing) throw new RpcError(`${basename(absPath)} already exists`, 'conflict');
    }
    // Its own file, changed by another program since it was read or written here: saving would throw
    // that change away unseen, so the user is asked first (`overwrite` once they said so).
    if (absPath === session.absPath && !options.overwrite && session.saved && (await this.changedOnDisk(absPath, session.saved))) {
      throw new RpcError(`${basename(absPath)} was changed on disk since it was opened or last saved`, 'conflict');
    }
    // Its own file, deleted or moved away by another program while open: writing the old path again
    // would put the text where the user may no longer look (a renamed file keeps its old text under the
    // new name), so only once they said so (`overwrite`: the page asks, or offers Save as).
    if (absPath === session.absPath && !options.overwrite && session.missing && !(await fileExists(absPath))) {
      throw new RpcError(`${basename(absPath)} was deleted or moved on disk`, 'not-found');
    }
    // The problem file is written when there is a problem, and when the target already has one (an
    // empty problem then replaces it, so a stale problem never comes back with the proof); a document
    // without a problem leaves no empty NAME.problem.md beside it.
    const problemFits = problemNameFits(absPath);
    // Refused before anything is written: the proof must not be saved without the problem it carries.
    if (!problemFits && session.problem) {
      throw new RpcError(
        `the name "${basename(absPath).slice(0, 40)}…" is too long to keep its problem beside it (its .problem.md file would be ${problemNameBytes(absPath)} bytes in UTF-8; at most ${MAX_NAME_BYTES}): choose a shorter name; nothing was written`,
        'invalid-request',
      );
    }
    const problemPath = problemFits && (session.problem || (await fileExists(problemPathFor(absPath)))) ? this.problemPath(absPath) : null;
    await mkdir(dirname(absPath), { recursive: true }).catch((error: unknown) => {
      // A sentence without the absolute path (`EEXIST: … mkdir '/home/…'` said nothing useful).
      throw new RpcError(`could not create the folder for ${basename(absPath)}: ${writeFailureReason(error).reason}`, 'invalid-request');
    });
    // Verified writes (app/store/safe-write.ts): on any failure the old files stay as they were, the
    // error says why, and the session stays dirty (it is marked clean only below).
    // The file watch reads nothing while this writes (the engine's own write is no other program's change).
    session.writing = (session.writing ?? 0) + 1;
    try {
      await writeFileSafely(absPath, session.doc.text, { fs: this.writerFs });
      if (problemPath !== null) await writeFileSafely(problemPath, session.problem, { fs: this.writerFs });
    } finally {
      session.writing = (session.writing ?? 1) - 1;
    }
    const oldRecovery = session.recoveryId;
    session.absPath = absPath;
    session.name = basename(absPath);
    // A new name may mean a new format (untitled.md saved as proof.tex): a new version, parsed anew.
    if (this.reformat(session)) session.version++;
    session.dirty = false;
    session.saved = { text: session.doc.text, problem: session.problem };
    session.recoveryId = recoveryIdFor(absPath);
    session.missing = false;
    delete session.diskSeen;
    this.watch(session);
    this.cancelRecovery(session.docId);
    await this.discardRecovery(oldRecovery);
    if (oldRecovery !== session.recoveryId) await this.discardRecovery(session.recoveryId);
    return { absPath, savedAt: Date.now() };
  }

  /**
   * Whether the proof file at `absPath`, or its problem file, no longer holds what was last read from
   * or written to it (`saved`). A file that is gone is not a change (the save writes it again).
   */
  private async changedOnDisk(absPath: string, saved: { text: string; problem: string }): Promise<boolean> {
    const read = (path: string) => readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(error)));
    const text = await read(absPath);
    if (text !== null && text !== saved.text) return true;
    // A problem path refused here (a link out of the workspace) is refused by the write below too.
    let problemPath: string | null = null;
    try {
      problemPath = this.problemPath(absPath);
    } catch {
      return false;
    }
    const problem = problemPath === null ? null : await read(problemPath);
    return problem !== null && problem !== saved.problem;
  }

  /**
   * The calling page lets go of `docId` after its user agreed to replace the document's unsaved text
   * ("Replace it anyway? A recovery copy is kept…"), as VS Code's "Don't Save" reverts a closed editor:
   * the unsaved text is written to its recovery copy now (kept, offered at the next start, until the
   * file is saved or the copy discarded), and the document goes back to the file on disk, so opening it
   * again shows the file (it gave back the replaced text, unsaved, with nothing saying so). Left as it
   * is when another page still holds it (that page shows the text), when it has no file, or when the
   * file cannot be read. Returns whether it went back to the file.
   */
  async letGo(docId: string): Promise<boolean> {
    const session = this.get(docId);
    const caller = currentCaller();
    if (caller) session.holders.delete(caller);
    if (!session.dirty || !session.absPath || session.holders.size > 0) return false;
    const absPath = session.absPath;
    const disk = await (async () => this.readFromDisk(this.guard.toClientPath(absPath), absPath))().catch(() => null);
    // The session changed while the file was read (another page claimed or edited it): leave it.
    if (!disk || session.holders.size > 0 || !session.dirty) return false;
    await this.writeRecovery(session);
    // Edits made to the file from now on have a copy of their own: they must not overwrite the kept one.
    session.recoveryId = `${recoveryIdFor(absPath)}-${(++this.letGoCount).toString(36)}${Date.now().toString(36)}`;
    session.format = documentFormat(session.name, disk.text);
    session.doc = parseProof(disk.text, session.format);
    session.problem = disk.problem;
    session.annotations = [];
    session.anchors = new Map();
    session.saved = { text: disk.text, problem: disk.problem };
    session.missing = false;
    delete session.diskSeen;
    session.dirty = false;
    session.version++;
    return true;
  }

  async close(docId: string): Promise<void> {
    const session = this.get(docId);
    this.cancelRecovery(docId);
    this.unwatch(docId);
    this.sessions.delete(docId);
    // Closing with unsaved changes is the UI's decision (it asked the user); keep nothing behind.
    await this.discardRecovery(session.recoveryId);
  }

  private scheduleRecovery(session: DocumentSession): void {
    this.cancelRecovery(session.docId);
    const timer = setTimeout(() => {
      this.timers.delete(session.docId);
      void this.autosave(session).catch(() => undefined);
    }, AUTOSAVE_DELAY_MS);
    this.timers.set(session.docId, timer);
  }

  /** The autosave: the copy is written, or removed when edits brought the text back to the saved file (an undo). */
  private autosave(session: DocumentSession): Promise<unknown> {
    this.cancelRecovery(session.docId);
    return session.dirty ? this.writeRecovery(session) : this.discardRecovery(session.recoveryId);
  }

  private cancelRecovery(docId: string): void {
    const timer = this.timers.get(docId);
    if (timer) clearTimeout(timer);
    this.timers.delete(docId);
  }

  /** Write the recovery copy now (also called by the autosave timer). */
  async writeRecovery(session: DocumentSession): Promise<{ recoveryId: string; savedAt: number }> {
    this.cancelRecovery(session.docId);
    const file: RecoveryFile = {
      recoveryId: session.recoveryId,
      absPath: session.absPath,
      name: session.name,
      format: session.format,
      text: session.doc.text,
      problem: session.problem,
      savedAt: Date.now(),
      ...(session.annotations.length > 0 ? {
        findings: { annotations: session.annotations, anchors: [...session.anchors], stepIds: session.doc.steps.map((s) => s.id) },
      } : {}),
    };
    await this.onCopy(file.recoveryId, async () => {
      await mkdir(this.recoveryDir, { recursive: true });
      await writeFileSafely(join(this.recoveryDir, `${file.recoveryId}.json`), JSON.stringify(file), { fs: this.writerFs });
    });
    return { recoveryId: file.recoveryId, savedAt: file.savedAt };
  }

  /** Runs `op` on the recovery copy `recoveryId` once the operations on it started before have ended. */
  private onCopy(recoveryId: string, op: () => Promise<void>): Promise<void> {
    const next = (this.copyOps.get(recoveryId) ?? Promise.resolve()).catch(() => undefined).then(op);
    this.copyOps.set(recoveryId, next);
    const forget = () => {
      if (this.copyOps.get(recoveryId) === next) this.copyOps.delete(recoveryId);
    };
    next.then(forget, forget);
    return next;
  }

  /** Flush every pending autosave (graceful shutdown). */
  async flush(): Promise<void> {
    const pending = [...this.timers.keys()];
    await Promise.all(pending.map((docId) => this.autosave(this.get(docId)).catch(() => undefined)));
    await Promise.all([...this.copyOps.values()].map((op) => op.catch(() => undefined)));
  }

  /**
   * The recovery copies to offer, newest first. A copy is offered unless an open document with that
   * copy is held by a live client: one that opened, created, restored or last named the document in
   * a call, and whose connection (serve mode: its WebSocket; Electron: its window's port) has not
   * closed since. So a page that is gone (reloaded, its tab or whole browser closed, its socket
   * dropped) gives its copy up at once, and a page opened beside a live one is not offered that
   * one's copy. A document opened by no client (in-process calls: tests, the CLI) holds nothing back.
   */
  async listRecoveries(): Promise<RecoveryInfo[]> {
    const held = new Set([...this.sessions.values()].filter((s) => s.holders.size > 0).map((s) => s.recoveryId));
    let names: string[];
    try {
      names = await readdir(this.recoveryDir);
    } catch {
      return [];
    }
    const out: RecoveryInfo[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const file = await this.readRecovery(name.slice(0, -5)).catch(async (error: RpcError) => {
        if (error.code !== 'internal') return null;
        // Damaged: moved aside (kept for a person to look at, never listed again) and reported.
        const aside = await moveAside(join(this.recoveryDir, name));
        this.warnings.push(`recovery copy ${name} is damaged (${error.message})${aside ? `: moved to ${aside}` : ''}`);
        return null;
      });
      if (!file || held.has(file.recoveryId)) continue;
      out.push({
        recoveryId: file.recoveryId,
        path: file.absPath ? this.guard.toClientPath(file.absPath) : null,
        name: file.name,
        savedAt: file.savedAt,
        length: file.text.length,
      });
    }
    return out.sort((a, b) => b.savedAt - a.savedAt);
  }

  async restoreRecovery(recoveryId: string): Promise<DocumentSession> {
    const file = await this.readRecovery(recoveryId);
    const session = this.add({
      absPath: file.absPath,
      name: file.name,
      text: file.text,
      problem: file.problem,
      dirty: true,
      recoveryId: file.recoveryId,
      // The file on disk may have changed since the crash: stay dirty until saved.
      saved: null,
    });
    const findings = findingsOnRestoredText(file.findings, session.doc);
    if (findings) {
      session.annotations = findings.annotations;
      session.anchors = findings.anchors;
    }
    return session;
  }

  /**
   * The user discarded the unsaved work of `recoveryId` (the recovery dialog's Discard): the copy goes,
   * and so does an open document with that copy that no live client holds, so opening the file again
   * reads it from disk (the engine kept the discarded text in memory and gave it back, dirty, on the
   * next open). Returns the ids of the documents closed.
   */
  async discardUnsaved(recoveryId: string): Promise<string[]> {
    const orphans = [...this.sessions.values()].filter((s) => s.recoveryId === recoveryId && s.holders.size === 0).map((s) => s.docId);
    // close() also removes the copy; with no such document, the copy alone goes.
    for (const docId of orphans) await this.close(docId);
    if (orphans.length === 0) await this.discardRecovery(recoveryId);
    return orphans;
  }

  async discardRecovery(recoveryId: string): Promise<void> {
    if (!/^[A-Za-z0-9-]+$/.test(recoveryId)) throw new RpcError(`invalid recovery id "${recoveryId}"`, 'invalid-request');
    await this.onCopy(recoveryId, () => rm(join(this.recoveryDir, `${recoveryId}.json`), { force: true }));
  }

  private async readRecovery(recoveryId: string): Promise<RecoveryFile> {
    if (!/^[A-Za-z0-9-]+$/.test(recoveryId)) throw new RpcError(`invalid recovery id "${recoveryId}"`, 'invalid-request');
    let raw: string;
    try {
      raw = await readFile(join(this.recoveryDir, `${recoveryId}.json`), 'utf8');
    } catch {
      throw new RpcError(`no recovery copy "${recoveryId}"`, 'not-found');
    }
    let file: RecoveryFile;
    try {
      file = JSON.parse(raw) as RecoveryFile;
    } catch {
      throw new RpcError(`recovery copy "${recoveryId}" is damaged: not valid JSON`, 'internal');
    }
    if (!file || typeof file !== 'object' || typeof file.text !== 'string' || typeof file.name !== 'string' || typeof file.savedAt !== 'number') {
      throw new RpcError(`recovery copy "${recoveryId}" is damaged: fields missing`, 'internal');
    }
    return file;
  }
}

/**
 * A recovery copy's findings on the text parsed again, or null when the copy has none or they do not
 * fit it (a damaged or hand-edited file: the caller then has no findings, and the last verification
 * is placed afresh). The copy's text is the one they were on, so its steps are the same ones in the
 * same order; only their ids differ (a fresh parse names a step by its text, an edited step kept its
 * old id), so each finding moves to the step at the same position.
 */
function findingsOnRestoredText(stored: unknown, doc: ProofDocument): { annotations: Annotation[]; anchors: Map<string, FindingAnchor> } | null {
  if (stored === undefined) return null;
  const parsed = RecoveredFindingsSchema.safeParse(stored);
  if (!parsed.success || parsed.data.stepIds.length !== doc.steps.length) return null;
  const position = new Map(parsed.data.stepIds.map((id, i) => [id, i]));
  const annotations: Annotation[] = [];
  for (const a of parsed.data.annotations) {
    if (a.range && !(a.range.start >= 0 && a.range.start <= a.range.end && a.range.end <= doc.text.length)) return null;
    if (a.stepId === null) {
      annotations.push(a);
      continue;
    }
    const i = position.get(a.stepId);
    if (i === undefined) return null;
    annotations.push({ ...a, stepId: doc.steps[i].id });
  }
  return { annotations, anchors: new Map(parsed.data.anchors) };
}

/** Unsaved changes: the text or problem differs from what is on disk (undoing back to it is clean). */
function isDirty(session: DocumentSession): boolean {
  const base = session.saved ?? session.sample;
  if (!base) return session.doc.text.length > 0 || session.problem.length > 0;
  return session.doc.text !== base.text || session.problem !== base.problem;
}

/**
 * A stale finding whose step reads again exactly as when the finding was placed is current again,
 * back on its range. Its own step is checked first; if that step is gone or differs, a step with the
 * same text is taken when there is exactly one (the step may have come back under a new id).
 */
function refreshStale(annotations: Annotation[], doc: ProofDocument, anchors: ReadonlyMap<string, FindingAnchor>): Annotation[] {
  if (!annotations.some((a) => a.stale && anchors.has(a.id))) return annotations;
  const byId = new Map(doc.steps.map((s) => [s.id, s]));
  return annotations.map((a) => {
    const anchor = a.stale ? anchors.get(a.id) : undefined;
    if (!anchor) return a;
    let step = a.stepId ? byId.get(a.stepId) : undefined;
    if (!step || step.text !== anchor.stepText) {
      const same = doc.steps.filter((s) => s.text === anchor.stepText);
      step = same.length === 1 ? same[0] : undefined;
    }
    if (!step) return a;
    const { stale: _stale, ...current } = a;
    return {
      ...current,
      stepId: step.id,
      ...(anchor.rel ? { range: { start: step.range.start + anchor.rel.start, end: step.range.start + anchor.rel.end } } : {}),
    };
  });
}

function recoveryIdFor(absPath: string): string {
  return `file-${createHash('sha256').update(absPath).digest('hex').slice(0, 24)}`;
}

/** Bytes of UTF-8 in the name of the `NAME.problem.md` beside the proof at `absPath`. */
function problemNameBytes(absPath: string): number {
  return Buffer.byteLength(basename(problemPathFor(absPath)), 'utf8');
}

/**
 * Whether the proof at `absPath` can have a `NAME.problem.md` beside it: a name within 8 bytes of
 * MAX_NAME_BYTES fits on disk but its problem file's would not (ENAMETOOLONG), so there is none to read.
 */
function problemNameFits(absPath: string): boolean {
  return problemNameBytes(absPath) <= MAX_NAME_BYTES;
}

/** Whether a path names an existing file (a failed stat for any other reason counts as present, so the write reports it). */
async function fileExists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}
