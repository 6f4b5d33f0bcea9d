// Documents: open, create, edit, save and close; recovery copies; the workspace listing, samples,
// recent files and the workspace macros. The sessions themselves live in ../documents (DocumentManager).
import { readdir, stat } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { RpcError, type ExampleDocument, type RecentDocument, type WorkspaceEntry } from '../../common/contract';
import { freeCopyName, isProofFile, isSkippedFolder, proofStem, WORKSPACE_MACROS_FILE } from '../../common/proof-files';
import type { EngineFeature } from '../container';
import { formatFromPath, listSamples as listSampleNames, loadSample } from '../modules';
import { readGradingFiles, writeGradingFiles } from '../grading';
import { listSampleScripts } from '../backendSpecs';
import type { EngineContext } from './context';
import { docDelta, type DocDelta } from '../../common/docDelta';
import type { ProofDocument } from '../../common/proof';
import { composeEdits, type TextEdit } from '../../common/text';

const MAX_RECENT_SHOWN = 20;

type DocumentMethods =
  | 'openDocument' | 'newDocument' | 'getDocument' | 'editDocument' | 'editDocumentDelta' | 'setProblem' | 'saveDocument' | 'closeDocument' | 'releaseDocument'
  | 'saveRecovery' | 'listRecoveries' | 'restoreRecovery' | 'discardRecovery' | 'listWorkspace' | 'workspaceMacros'
  | 'listExampleDocuments' | 'listSampleScripts' | 'recentDocuments' | 'gradingFiles' | 'saveGrading';

/** What other features hear about documents (the checks: drop a checker, check new text). */
export interface DocumentHooks {
  /** A document was closed. */
  closed(docId: string): void;
  /** A document's text is new: opened, created, edited or restored. */
  changed(docId: string): void;
}

/** The document methods; shutdown writes the pending recovery copies. */
export function documentsFeature(ctx: EngineContext, hooks: DocumentHooks): EngineFeature<DocumentMethods> {
  const { docs, guard, settings, workspaceMacros } = ctx;
  const samplesDir = join(ctx.resourcesDir, 'samples');

  async function listExamples(): Promise<ExampleDocument[]> {
    const names = await listSampleNames(samplesDir).catch(() => [] as string[]);
    const out: ExampleDocument[] = [];
    for (const name of names) {
      const sample = await loadSample(name, samplesDir).catch(() => null);
      if (!sample) continue;
      // The first heading: `# …` in Markdown; `\title{…}`, else the first `\section{…}` / `\section*{…}` in LaTeX.
      const heading =
        /^#\s+(.+)$/m.exec(sample.proof)?.[1] ?? /\\title\{([^}]*)\}/.exec(sample.proof)?.[1] ?? /\\section\*?\{([^}]*)\}/.exec(sample.proof)?.[1];
      out.push({ id: name, title: heading?.trim() || name, format: formatFromPath(sample.proofPath) });
    }
    return out;
  }

  async function walkWorkspace(dir: string, depth: number, out: WorkspaceEntry[]): Promise<void> {
    if (depth > 8 || out.length >= 5000) return;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = join(dir, entry.name);
      // Symlinks are not followed: the listing shows only what is really inside the workspace. Hidden
      // folders are (`.drafts/`), all but version control's and the app's own (isSkippedFolder).
      if (entry.isDirectory() && !isSkippedFolder(entry.name)) await walkWorkspace(full, depth + 1, out);
      else if (entry.isFile() && isProofFile(entry.name)) {
        const info = await stat(full);
        out.push({ path: guard.toClientPath(full), name: entry.name, format: formatFromPath(entry.name), size: info.size, modifiedAt: info.mtimeMs });
      }
    }
  }

  /**
   * Tell the other pages holding the document (the same file open in another tab or window) that an
   * edit by the calling page was accepted: `edits` took it from `baseVersion` (whose parsed document was
   * `base`) to the session's current version. Sent before the checker's push for that version.
   */
  function tellOthers(docId: string, base: ProofDocument, baseVersion: number, edits: TextEdit[], delta?: DocDelta | null): void {
    const to = docs.otherHolders(docId);
    const client = ctx.client();
    if (to.length === 0 || !client) return;
    const session = docs.get(docId);
    const d = delta === undefined ? docDelta(base, session.doc) : delta;
    void client.documentChanged({
      docId, version: session.version, baseVersion, edits: composeEdits(edits),
      ...(d ? { docDelta: d } : { doc: session.doc }), annotations: session.annotations, dirty: session.dirty, to,
    }).catch(() => undefined);
  }

  // Another program changed an open document's file (DocumentManager.syncWithDisk): every page holding
  // it is told (the page that asked for a run too: the text it shows is no longer the run's), a text
  // read from disk goes into their editors as one edit, and the checker reads it.
  docs.onDiskChange = (change) => {
    const { docId, kind, before } = change;
    const session = docs.find(docId);
    if (!session) return;
    const to = [...session.holders];
    const client = ctx.client();
    if (change.kind === 'reloaded') {
      hooks.changed(docId);
      if (client && to.length > 0) {
        void client.documentChanged({
          docId, version: session.version, baseVersion: before.version, edits: [change.edit],
          doc: session.doc, annotations: session.annotations, dirty: session.dirty, to,
        }).catch(() => undefined);
      }
    }
    if (client && to.length > 0) void client.documentOnDisk({ docId, kind, name: session.name, version: session.version, dirty: session.dirty, to }).catch(() => undefined);
  };

  /** Tell the hooks, pass the snapshot on. */
  function changed<T extends { docId: string }>(snapshot: T): T {
    hooks.changed(snapshot.docId);
    return snapshot;
  }

  return {
    name: 'documents',
    shutdown: () => {
      docs.unwatchAll();
      return docs.flush();
    },
    handlers: {
      openDocument: async ({ path, replace }) => {
        const open = replace ? docs.openAt(path) : undefined;
        const before = open && { doc: open.doc, version: open.version };
        const session = await docs.open(path, { replace });
        // The file's text replaced the session's: the other pages on it get it too.
        if (before && session.version !== before.version) {
          tellOthers(session.docId, before.doc, before.version, [{ start: 0, end: before.doc.text.length, text: session.doc.text }], null);
        }
        // The recent list is a convenience: a full disk must not stop a document from opening.
        if (session.absPath) await settings.addRecent(session.absPath, session.name).catch(() => undefined);
        return changed(docs.snapshot(session));
      },
      newDocument: async ({ example, format }) => {
        if (example) {
          if (!(await listExamples()).some((s) => s.id === example)) throw new RpcError(`no example document "${example}"`, 'not-found');
          const found = await loadSample(example, samplesDir);
          // Named, from the start, as its first run will save it (renderer saveExampleCopy): the sample's own
          // name, else NAME-2.md… when the workspace has a file of that name, so the two are never confused.
          const inWorkspace = new Set(await readdir(guard.root).catch(() => [] as string[]));
          const name = freeCopyName(basename(found.proofPath), (candidate) => inWorkspace.has(candidate)) ?? basename(found.proofPath);
          return changed(docs.snapshot(docs.create({ text: found.proof, problem: found.problem, name }, { fromSample: true })));
        }
        return changed(docs.snapshot(docs.create({ text: '', problem: '', name: format === 'tex' ? 'untitled.tex' : 'untitled.md' })));
      },
      getDocument: ({ docId }) => docs.snapshot(docs.get(docId)),
      editDocument: ({ docId, edits, baseVersion }) => {
        const { doc: base, version } = docs.get(docId);
        const result = docs.edit(docId, edits, baseVersion);
        tellOthers(docId, base, version, edits);
        hooks.changed(docId);
        return result;
      },
      editDocumentDelta: ({ docId, edits, baseVersion }) => {
        const { doc: base, version } = docs.get(docId);
        const { doc, ...result } = docs.edit(docId, edits, baseVersion);
        const delta = docDelta(base, doc);
        tellOthers(docId, base, version, edits, delta);
        hooks.changed(docId);
        return delta ? { ...result, docDelta: delta } : { ...result, doc };
      },
      setProblem: ({ docId, text }) => {
        docs.setProblem(docId, text);
        return { ok: true as const };
      },
      saveDocument: async ({ docId, path, overwrite }) => {
        const before = docs.get(docId).doc.format;
        const saved = await docs.save(docId, path, { overwrite });
        const clientPath = guard.toClientPath(saved.absPath);
        const session = docs.get(docId);
        // Runs made while it had no file are filed under the path it now has, so History lists them
        // (they were lost to it). The file is saved either way: a failure here costs only the listing.
        // Kept for the next save when filing fails (a full disk): the runs are not given up on.
        const earlier = [...(session.runsBeforeSave ?? [])];
        if (earlier.length > 0) {
          const filed = await ctx.store.adoptRuns(earlier, clientPath).then(() => true, () => false);
          if (filed) session.runsBeforeSave = session.runsBeforeSave?.filter((id) => !earlier.includes(id));
        }
        const to = docs.otherHolders(docId);
        if (to.length > 0) void ctx.client()?.documentSaved({ docId, version: session.version, path: clientPath, name: session.name, dirty: session.dirty, to }).catch(() => undefined);
        // A new name may have changed the format (saved as .tex): the checker reads it again.
        if (session.doc.format !== before) hooks.changed(docId);
        await settings.addRecent(saved.absPath, basename(saved.absPath));
        return { path: clientPath, savedAt: saved.savedAt };
      },
      closeDocument: async ({ docId }) => {
        hooks.closed(docId);
        await docs.close(docId);
        return { ok: true as const };
      },
      releaseDocument: async ({ docId }) => {
        const reverted = await docs.letGo(docId);
        // Its text is the file's now: the checks read it anew.
        if (reverted) hooks.changed(docId);
        return { reverted };
      },
      saveRecovery: ({ docId }) => docs.writeRecovery(docs.get(docId)),
      listRecoveries: () => docs.listRecoveries(),
      restoreRecovery: async ({ recoveryId }) => changed(docs.snapshot(await docs.restoreRecovery(recoveryId))),
      discardRecovery: async ({ recoveryId }) => {
        for (const docId of await docs.discardUnsaved(recoveryId)) hooks.closed(docId);
        return { ok: true as const };
      },
      listWorkspace: async () => {
        const files: WorkspaceEntry[] = [];
        await walkWorkspace(guard.root, 0, files);
        // A file without an extension is a proof when the user saved or opened it here (it is in the
        // recent list): Files lists it as Recent does. Others (LICENSE, Makefile) are not proofs.
        const listed = new Set(files.map((f) => f.path));
        for (const entry of await settings.recentDocuments().catch(() => [])) {
          let abs: string;
          try {
            abs = guard.resolve(entry.path);
          } catch {
            continue;
          }
          const path = guard.toClientPath(abs);
          const name = basename(abs);
          // Inside the workspace, outside skipped folders (the app's own .proofwright/).
          const folders = path.split(/[\\/]/).slice(0, -1);
          if (listed.has(path) || proofStem(name) !== name || isAbsolute(path) || folders.some(isSkippedFolder)) continue;
          const info = await stat(abs).catch(() => null);
          if (!info?.isFile()) continue;
          listed.add(path);
          files.push({ path, name, format: formatFromPath(name), size: info.size, modifiedAt: info.mtimeMs });
        }
        return { name: basename(guard.root), files: files.sort((a, b) => a.path.localeCompare(b.path)) };
      },
      workspaceMacros: async () => {
        const macros = await workspaceMacros.reload();
        return { path: macros ? WORKSPACE_MACROS_FILE : null, macros: macros ?? {} };
      },
      listExampleDocuments: () => listExamples(),
      listSampleScripts: () => listSampleScripts(samplesDir),
      recentDocuments: async () => {
        // recent.json is shared by every workspace: only this one's documents (or files granted to this
        // engine), and only those still there, each as the client names it, at most 20.
        const out: RecentDocument[] = [];
        for (const entry of await settings.recentDocuments()) {
          if (out.length >= MAX_RECENT_SHOWN) break;
          let abs: string;
          try {
            abs = guard.resolve(entry.path);
          } catch {
            continue;
          }
          if (!(await stat(abs).then((info) => info.isFile(), () => false))) continue;
          out.push({ ...entry, path: guard.toClientPath(abs) });
        }
        return out;
      },
      gradingFiles: async ({ docId }) => {
        const session = docs.get(docId);
        return session.absPath ? { ...(await readGradingFiles(guard, session.absPath)), saved: true } : { reference: '', rubric: '', saved: false };
      },
      saveGrading: async ({ docId, reference, rubric }) => {
        const session = docs.get(docId);
        if (!session.absPath) throw new RpcError('save the proof first: the reference and marking scheme are kept beside it', 'invalid-request');
        await writeGradingFiles(guard, session.absPath, { reference, rubric });
        return { ok: true as const };
      },
    },
  };
}
