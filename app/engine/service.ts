// The engine service: implements every method of the RPC contract (app/common/contract.ts) on top of
// the engine modules. One service per engine process; all file paths go through the PathGuard.
import { readdir, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { FLAGGING_SEVERITIES, type Annotation } from '../common/annotations';
import { isProofFile, WORKSPACE_MACROS_FILE } from '../common/proof-files';
import { baseMacrosFor, macrosKey } from '../common/tex/macros';
import { readWorkspaceMacros as readMacrosFile } from './workspace-macros';
import {
  CONTRACT_VERSION,
  RUN_CALL_TEXT_LIMIT,
  RpcError,
  type BackendStatus,
  type ClientEventSender,
  type EngineHandlers,
  type RunDetail,
  type RunSummary,
  type SampleInfo,
  type WorkspaceEntry,
} from '../common/contract';
import type { LoopEvent } from '../common/events';
import type { Candidate, ProveResult, VerificationSample, VerifyResult } from '../common/results';
import type { ProofDocument } from '../common/proof';
import type { SourceRange } from '../common/text';
import type { ModelBackend } from '../models/backend';
import { parseBackendSpec } from '../models/spec';
import { RunNotFoundError } from '../store';
import { DocumentManager } from './documents';
import {
  LibraryError,
  ModelLibrary,
  PullManager,
  RunStore,
  Checker,
  computationEvidence,
  createBackend,
  loadCatalogue,
  toCatalogueEntries,
  toInspectView,
  toModelEntry,
  formatFromPath,
  listSamples as listSampleNames,
  loadSample,
  loadTemplates,
  runProve,
  runRefine,
  runVerify,
  type LoopContext,
  type TemplateSet,
} from './modules';
import { PathGuard } from './paths';
import { confineBackendSpec, listSampleScripts, type SpecContext } from './backendSpecs';
import { excerptOf, toDocumentResult, type Excerpt } from './selection';
import { originOf, SecretStore } from './secrets';
import { writeFileSafely } from '../store/safe-write';
import { SettingsStore, userDataDir } from './settings';

/** The per-workspace macro file, at the workspace root. */
export { WORKSPACE_MACROS_FILE } from '../common/proof-files';

export interface EngineServiceOptions {
  /** Workspace root: every client path is confined to it (plus paths the shell grants). */
  workspace: string;
  /** User-data folder (settings, recovery copies); default: userDataDir(). */
  userData?: string;
  /** resources/ folder (samples, catalogue); default: the repository's. */
  resourcesDir?: string;
  /** How many times this engine was restarted before (reported in engineInfo). */
  generation?: number;
  /** Backend spec to use, overriding the saved setting (serve --backend, tests). */
  backend?: string;
  /**
   * Environment the API key for OpenAI-compatible servers is read from (PROOFWRIGHT_OPENAI_API_KEY,
   * else OPENAI_API_KEY; default process.env). That key goes only to the origin of `backend`, the server
   * the person starting the engine chose: never to a URL a client sets later (issue 14).
   */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Load the backend at start (default true). The supervisor passes false after a crash: the model
   * may be what crashed, so it is reloaded only when the user asks (reloadBackend).
   */
  autoloadBackend?: boolean;
}

export interface EngineService {
  handlers: EngineHandlers;
  /** Attach the client that receives events (one per engine; the supervisor fans out). */
  setClient(client: ClientEventSender | null): void;
  /** Grant one absolute path from a native dialog (Electron main only, never the renderer). */
  grantPath(path: string): void;
  /** Cancel runs, wait for their records to be flushed, write pending recovery copies. */
  shutdown(): Promise<void>;
}

const DEFAULT_RESOURCES = fileURLToPath(new URL('../../resources/', import.meta.url));
const SKIP_DIRS = new Set(['node_modules', '.git', '.proofwright']);

interface ActiveRun {
  runId: string;
  controller: AbortController;
  done: Promise<unknown>;
}

export async function createEngineService(options: EngineServiceOptions): Promise<EngineService> {
  const startedAt = Date.now();
  const guard = new PathGuard(options.workspace);
  const dataDir = userDataDir(options.userData);
  const settings = await SettingsStore.open(dataDir);
  const secrets = await SecretStore.open(dataDir);
  const workspaceKey = createHash('sha256').update(guard.root).digest('hex').slice(0, 16);
  const docs = new DocumentManager(guard, join(dataDir, 'recovery', workspaceKey));
  const store = await RunStore.open(guard.root);
  const resourcesDir = options.resourcesDir ?? DEFAULT_RESOURCES;
  const active = new Map<string, ActiveRun>();
  let client: ClientEventSender | null = null;
  let backend: ModelBackend | null = null;
  let backendStatus: BackendStatus = { state: 'none', spec: null, kind: null, model: null };

  const emit = (event: LoopEvent) => void client?.loopEvent(event).catch(() => undefined);

  // The model library lives in the user-data folder (or PROOFWRIGHT_MODELS_DIR), outside the workspace.
  const library = new ModelLibrary({ dir: process.env.PROOFWRIGHT_MODELS_DIR || join(dataDir, 'models') });
  const pulls = new PullManager(library, (progress) => void client?.pullProgress(progress).catch(() => undefined));

  /** Library errors keep their message; the code tells the UI what kind of problem it is. */
  async function libraryCall<T>(body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      if (error instanceof LibraryError) {
        throw new RpcError(error.message, error.code === 'not-found' ? 'not-found' : error.code === 'exists' ? 'conflict' : error.code === 'bad-name' || error.code === 'bad-source' ? 'invalid-request' : 'internal');
      }
      throw error;
    }
  }

  const environment = options.env ?? process.env;
  const environmentKey = environment.PROOFWRIGHT_OPENAI_API_KEY || environment.OPENAI_API_KEY || undefined;
  const startOrigin = (() => {
    try {
      const parsed = options.backend ? parseBackendSpec(options.backend) : null;
      return parsed?.scheme === 'openai' ? originOf(parsed.url) : null;
    } catch {
      return null; // a bad spec fails, with its message, when it is loaded
    }
  })();
  /** The environment's API key if `url` is on the server given at start (--backend, PROOFWRIGHT_BACKEND). */
  function environmentKeyFor(url: string): string | undefined {
    return startOrigin !== null && originOf(url) === startOrigin ? environmentKey : undefined;
  }

  /** Backend specs name files too: the rules are in backendSpecs.ts (operator, shipped, client). */
  const specContext = (): SpecContext => ({
    guard,
    samplesDir: join(resourcesDir, 'samples'),
    startSpec: options.backend,
    libraryDir: library.dir,
    resolveLibraryName: (name) => libraryCall(() => library.resolve(name)),
  });

  /**
   * Loads a backend and probes it (a remote server must answer before it is "ready"). The working
   * backend stays loaded until the new one is: a switch that fails keeps it, and its status says why
   * the new one failed. (Replacing the same spec, as reload and a new API key do, drops the old one first.)
   */
  async function loadBackend(spec: string): Promise<BackendStatus> {
    const previous = backend;
    const previousStatus = backendStatus;
    const keepPrevious = previous !== null && previousStatus.state === 'ready' && previousStatus.spec !== spec;
    if (!keepPrevious) {
      backend = null;
      await previous?.dispose().catch(() => undefined);
    }
    backendStatus = { state: 'loading', spec, kind: null, model: null };
    let loaded: ModelBackend | undefined;
    try {
      const confined = await confineBackendSpec(spec, specContext());
      const parsed = parseBackendSpec(confined.spec);
      loaded = await createBackend(confined.spec, {
        cwd: guard.root,
        parallel: settings.get().concurrency,
        // The saved key goes only to the server it was set for (SecretStore.openaiApiKeyFor), the
        // environment's only to the server given at start; no other fallback (env: {}).
        apiKey: parsed.scheme === 'openai' ? ((await secrets.openaiApiKeyFor(parsed.url)) ?? environmentKeyFor(parsed.url)) : undefined,
        env: {},
        confineFile: confined.confineFile,
      });
      await loaded.probe?.();
    } catch (error) {
      await loaded?.dispose().catch(() => undefined);
      const message = (error as Error).message;
      // Said on the terminal too: in serve mode the person who typed --backend is watching it.
      console.error(`[engine] model failed to load (${spec}): ${message}`);
      if (keepPrevious) {
        backendStatus = { ...previousStatus, error: `could not switch to ${spec}: ${message}; still using ${previousStatus.spec}` };
      } else {
        backendStatus = { state: 'error', spec, kind: null, model: null, error: message };
      }
      return backendStatus;
    }
    if (keepPrevious) await previous.dispose().catch(() => undefined);
    const info = loaded.info();
    backend = loaded;
    backendStatus = { state: 'ready', spec, kind: info.kind, model: info.model, contextSize: info.contextSize, parallel: info.parallel };
    return backendStatus;
  }

  function requireBackend(): ModelBackend {
    if (!backend) {
      throw new RpcError(
        backendStatus.state === 'error' ? `the model failed to load: ${backendStatus.error}` : 'no model is loaded: choose a backend first',
        'unavailable',
      );
    }
    return backend;
  }

  const samplesDir = join(resourcesDir, 'samples');
  async function listSamples(): Promise<SampleInfo[]> {
    const names = await listSampleNames(samplesDir).catch(() => [] as string[]);
    const out: SampleInfo[] = [];
    for (const name of names) {
      const sample = await loadSample(name, samplesDir).catch(() => null);
      if (!sample) continue;
      const heading = /^#\s+(.+)$/m.exec(sample.proof)?.[1] ?? /\\title\{([^}]*)\}/.exec(sample.proof)?.[1];
      out.push({ id: name, title: heading?.trim() || name, format: formatFromPath(sample.proofPath) });
    }
    return out;
  }

  async function walkWorkspace(dir: string, depth: number, out: WorkspaceEntry[]): Promise<void> {
    if (depth > 8 || out.length >= 5000) return;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = join(dir, entry.name);
      // Symlinks are not followed: the listing shows only what is really inside the workspace.
      if (entry.isDirectory() && !SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) await walkWorkspace(full, depth + 1, out);
      else if (entry.isFile() && isProofFile(entry.name)) {
        const info = await stat(full);
        out.push({ path: guard.toClientPath(full), name: entry.name, format: formatFromPath(entry.name), size: info.size, modifiedAt: info.mtimeMs });
      }
    }
  }

  /** Throws a bad-request error when the range is past the text or touches no step. */
  function selectionExcerpt(doc: ProofDocument, range: SourceRange): Excerpt {
    try {
      return excerptOf(doc, range);
    } catch (error) {
      throw new RpcError((error as Error).message, 'invalid-request');
    }
  }

  async function latestVerifyRunId(absPath: string | null | undefined): Promise<string | undefined> {
    if (!absPath) return undefined;
    const path = guard.toClientPath(absPath);
    // listRuns gives the newest first.
    return (await store.listRuns()).find((r) => r.kind === 'verify' && r.status === 'completed' && r.documentPath === path)?.runId;
  }

  /** The selection a verify run covered, from its recorded parameters (see app/loop/verify). */
  function selectionOf(params: Record<string, unknown>): { selection?: SourceRange } {
    const sel = params.selection as { start?: unknown; end?: unknown } | undefined;
    return sel && typeof sel.start === 'number' && typeof sel.end === 'number' ? { selection: { start: sel.start, end: sel.end } } : {};
  }

  function toSummary(listing: Awaited<ReturnType<RunStore['listRuns']>>[number]): RunSummary {
    return {
      runId: listing.runId,
      kind: listing.kind,
      path: listing.documentPath ?? null,
      startedAt: Date.parse(listing.createdAt),
      finishedAt: null,
      status: active.has(listing.runId) ? 'running' : listing.status,
      calls: listing.calls,
      score: listing.score,
      model: listing.backend,
    };
  }

  function annotationsOf(result: VerifyResult | undefined): Annotation[] {
    if (!result) return [];
    return [...result.samples.flatMap((s) => s.annotations), ...result.documentAnnotations];
  }

  // One checker per document, made for the workspace macros the document does not redefine (`key`).
  const checkers = new Map<string, { checker: Checker; key: string }>();
  // Read once per engine: the editor's checks run on every keystroke and must not touch the disk.
  let workspaceMacroCache: Record<string, string> | null = null;
  async function readWorkspaceMacros(): Promise<Record<string, string> | null> {
    // Through the guard too: a symbolic link in its place must not pull in a file from elsewhere.
    workspaceMacroCache = await readMacrosFile(guard.root, (path) => guard.resolve(path));
    checkers.clear();
    return workspaceMacroCache;
  }
  await readWorkspaceMacros();
  let templates: TemplateSet | null = null;
  const promptsDir = join(resourcesDir, 'prompts');

  /**
   * Start one loop run in the background; resolves with its id as soon as the loop announces it
   * (run-started), or rejects with the loop's own message if it fails before that.
   */
  async function launch(
    docId: string,
    profile: LoopContext['profile'] | undefined,
    body: (ctx: LoopContext) => Promise<unknown>,
    /** Which steps the run speaks for: findings elsewhere on the document are kept (a selection run). */
    onlySteps?: ReadonlySet<string>,
  ): Promise<{ runId: string }> {
    const model = requireBackend();
    templates ??= await loadTemplates({ defaultsDir: promptsDir }).catch((error: Error) => {
      throw new RpcError(`prompt templates could not be loaded: ${error.message}`, 'internal');
    });
    const s = settings.get();
    const controller = new AbortController();
    let resolveRunId!: (id: string) => void;
    const runIdKnown = new Promise<string>((r) => (resolveRunId = r));
    let done: Promise<unknown> = Promise.resolve();
    const ctx: LoopContext = {
      backend: model,
      templates,
      profile: profile ?? s.profile,
      store,
      signal: controller.signal,
      concurrency: s.concurrency,
      sampling: s.sampling,
      onEvent: (event) => {
        if (event.type === 'run-started') resolveRunId(event.runId);
        // Only a finished verification replaces the findings: a stopped or failed run speaks for
        // nothing, so the previous run's findings stay.
        if (event.type === 'run-finished' && event.status === 'completed' && event.verify && docs.has(docId)) {
          const kept = onlySteps ? docs.get(docId).annotations.filter((a) => a.stepId !== null && !onlySteps.has(a.stepId)) : [];
          docs.setAnnotations(docId, [...kept, ...annotationsOf(event.verify)]);
        }
        emit(event);
      },
    };
    done = body(ctx);
    void runIdKnown.then((runId) => trackRun(runId, controller, done));
    const failedEarly = done.then(
      () => new Promise<never>(() => undefined),
      (error: Error) => Promise.reject(new RpcError(error.message, error instanceof RangeError ? 'invalid-request' : 'internal')),
    );
    // A run that fails after it started reports through run-finished; keep its rejection quiet here.
    done.catch(() => undefined);
    return { runId: await Promise.race([runIdKnown, failedEarly]) };
  }

  function trackRun(runId: string, controller: AbortController, done: Promise<unknown>): void {
    const run: ActiveRun = { runId, controller, done };
    active.set(runId, run);
    void done.finally(() => active.delete(runId)).catch(() => undefined);
  }

  const initialSpec = options.backend ?? settings.get().backend;
  if (initialSpec && options.autoloadBackend !== false) await loadBackend(initialSpec);
  else if (initialSpec) backendStatus = { state: 'none', spec: initialSpec, kind: null, model: null };

  const handlers: EngineHandlers = {
    engineInfo: () => ({
      contractVersion: CONTRACT_VERSION,
      pid: process.pid,
      startedAt,
      workspaceName: basename(guard.root),
      generation: options.generation ?? 0,
      warnings: [...settings.warnings, ...secrets.warnings, ...docs.warnings],
    }),

    openDocument: async ({ path }) => {
      const session = await docs.open(path);
      // The recent list is a convenience: a full disk must not stop a document from opening.
      if (session.absPath) await settings.addRecent(guard.toClientPath(session.absPath), session.name).catch(() => undefined);
      return docs.snapshot(session);
    },
    newDocument: async ({ sample, format }) => {
      if (sample) {
        if (!(await listSamples()).some((s) => s.id === sample)) throw new RpcError(`no sample "${sample}"`, 'not-found');
        const found = await loadSample(sample, samplesDir);
        return docs.snapshot(docs.create({ text: found.proof, problem: found.problem, format: formatFromPath(found.proofPath), name: basename(found.proofPath) }));
      }
      const fmt = format ?? 'markdown';
      return docs.snapshot(docs.create({ text: '', problem: '', format: fmt, name: fmt === 'tex' ? 'untitled.tex' : 'untitled.md' }));
    },
    getDocument: ({ docId }) => docs.snapshot(docs.get(docId)),
    editDocument: ({ docId, edits, baseVersion }) => docs.edit(docId, edits, baseVersion),
    setProblem: ({ docId, text }) => {
      docs.setProblem(docId, text);
      return { ok: true as const };
    },
    saveDocument: async ({ docId, path }) => {
      const saved = await docs.save(docId, path);
      const clientPath = guard.toClientPath(saved.absPath);
      await settings.addRecent(clientPath, basename(saved.absPath));
      return { path: clientPath, savedAt: saved.savedAt };
    },
    closeDocument: async ({ docId }) => {
      checkers.delete(docId);
      await docs.close(docId);
      return { ok: true as const };
    },
    saveRecovery: ({ docId }) => docs.writeRecovery(docs.get(docId)),
    listRecoveries: () => docs.listRecoveries(),
    restoreRecovery: async ({ recoveryId }) => docs.snapshot(await docs.restoreRecovery(recoveryId)),
    discardRecovery: async ({ recoveryId }) => {
      await docs.discardRecovery(recoveryId);
      return { ok: true as const };
    },
    listWorkspace: async () => {
      const files: WorkspaceEntry[] = [];
      await walkWorkspace(guard.root, 0, files);
      return { name: basename(guard.root), files: files.sort((a, b) => a.path.localeCompare(b.path)) };
    },
    workspaceMacros: async () => {
      const macros = await readWorkspaceMacros();
      return { path: macros ? WORKSPACE_MACROS_FILE : null, macros: macros ?? {} };
    },
    listSamples: () => listSamples(),
    listSampleScripts: () => listSampleScripts(join(resourcesDir, 'samples')),
    recentDocuments: () => settings.recentDocuments(),

    // Deterministic checks (KaTeX lint, delimiters, symbolic equality chains); no model involved.
    check: ({ docId }) => {
      // One incremental checker per document: after an edit only the changed fragments are re-checked,
      // and the slow symbolic simplifier stays off so typing never waits for it.
      // The document's own definitions win over macros.tex, as in the preview and the report.
      const session = docs.get(docId);
      const doc = session.doc;
      const macros = workspaceMacroCache ? baseMacrosFor(doc.text, workspaceMacroCache) : undefined;
      const key = macros ? macrosKey(macros) : '';
      let entry = checkers.get(docId);
      if (!entry || entry.key !== key) checkers.set(docId, (entry = { checker: new Checker({ macros }), key }));
      return { annotations: entry.checker.check(doc).annotations, version: session.version };
    },

    startVerify: async ({ docId, range, samples, meta, profile }) => {
      const session = docs.get(docId);
      const s = settings.get();
      // A selection is verified on its own (the steps it touches) and the findings moved back onto the document.
      const excerpt = range ? selectionExcerpt(session.doc, range) : null;
      const verified = excerpt?.doc ?? session.doc;
      return launch(docId, profile, (ctx) =>
        runVerify(ctx, {
          problem: session.problem,
          doc: verified,
          samples: samples ?? s.verify.samples,
          meta: meta ?? s.verify.meta,
          // The released deepseek-math-v2 prompt gets evidence only when that is asked for explicitly.
          evidence:
            s.verify.evidence && ((profile ?? s.profile) !== 'deepseek-math-v2' || s.verify.evidenceWithDeepseek)
              ? computationEvidence(verified) || undefined
              : undefined,
          documentPath: session.absPath ? guard.toClientPath(session.absPath) : undefined,
          ...(excerpt && range
            ? { selection: { range, documentText: session.doc.text, toDocument: (result: VerifyResult) => toDocumentResult(result, excerpt, session.doc) } }
            : {}),
        }),
        excerpt ? new Set(excerpt.steps.map((x) => x.id)) : undefined,
      );
    },
    startProve: async ({ docId, candidates, samples, rounds, topK, profile }) => {
      const session = docs.get(docId);
      if (!session.problem.trim()) throw new RpcError('the document has no problem statement to prove', 'invalid-request');
      const p = settings.get().prove;
      return launch(docId, profile, (ctx) =>
        runProve(ctx, {
          problem: session.problem,
          candidates: candidates ?? p.candidates,
          samples: samples ?? p.samples,
          rounds: rounds ?? p.rounds,
          topK: topK ?? p.topK,
          // Recorded so the run is listed in History with its document.
          documentPath: session.absPath ? guard.toClientPath(session.absPath) : undefined,
        }),
      );
    },
    startRefine: async ({ docId, fromRunId, stepId, profile }) => {
      const session = docs.get(docId);
      const step = stepId === undefined ? undefined : session.doc.steps.find((x) => x.id === stepId);
      if (stepId !== undefined && !step) throw new RpcError(`no step "${stepId}" in the document (it may have been edited away)`, 'not-found');
      // "Refine this step" without a run named: the latest verify run of this document, if any.
      const runId = fromRunId ?? (step ? await latestVerifyRunId(session.absPath) : undefined);
      let analyses: string[] = [];
      if (runId) {
        const run = await store.loadRun(runId).catch(() => {
          throw new RpcError(`no run "${runId}"`, 'not-found');
        });
        const result = run.summary?.result as VerifyResult | undefined;
        const flagsStep = (x: VerificationSample) => (step ? x.annotations.some((a) => a.stepId === step.id && FLAGGING_SEVERITIES.includes(a.severity)) : false);
        // Analyses that flagged the step come first, then low-scoring ones: they carry the defects to fix.
        analyses = (result?.samples ?? [])
          .filter((x) => x.status === 'parsed' && x.analysis)
          .sort((a, b) => Number(flagsStep(b)) - Number(flagsStep(a)) || (a.score ?? 1) - (b.score ?? 1))
          .map((x) => x.analysis);
      }
      return launch(docId, profile, (ctx) =>
        runRefine(ctx, {
          problem: session.problem,
          proof: session.doc.text,
          doc: session.doc,
          analyses,
          ...(step ? { focus: step.text } : {}),
          documentPath: session.absPath ? guard.toClientPath(session.absPath) : undefined,
        }),
      );
    },
    cancelRun: async ({ runId }) => {
      const run = active.get(runId);
      if (!run) return { cancelled: false };
      run.controller.abort();
      await run.done.catch(() => undefined);
      return { cancelled: true };
    },
    listRuns: async ({ docId, path }) => {
      const all = (await store.listRuns()).map(toSummary);
      let wanted: string | undefined;
      if (docId) {
        const session = docs.get(docId);
        if (!session.absPath) return [];
        wanted = guard.toClientPath(session.absPath);
      } else if (path) wanted = guard.toClientPath(guard.resolve(path));
      return wanted === undefined ? all : all.filter((r) => r.path === wanted);
    },
    runRecord: async ({ runId }) => {
      const run = await store.loadRun(runId).catch((error: Error) => {
        throw error instanceof RunNotFoundError ? new RpcError(error.message, 'not-found') : error;
      });
      return run.calls.map((c) => ({
        callId: c.callId, role: c.role, status: c.status, ...(c.error ? { error: c.error } : {}), finishReason: c.finishReason,
        ...(c.candidateId ? { candidateId: c.candidateId } : {}), ...(c.sample !== undefined ? { sample: c.sample } : {}),
        text: c.output.text.slice(0, RUN_CALL_TEXT_LIMIT), truncated: c.output.text.length > RUN_CALL_TEXT_LIMIT,
      }));
    },
    loadRun: async ({ runId }) => {
      try {
        const run = await store.loadRun(runId);
        const result = run.summary?.result as unknown;
        const verify = run.header.kind === 'verify' ? (result as VerifyResult | undefined) : undefined;
        const prove = run.header.kind === 'prove' ? (result as ProveResult | undefined) : undefined;
        const refined = run.header.kind === 'refine' ? (result as Candidate | undefined) : undefined;
        const detail: RunDetail = {
          summary: {
            runId: run.runId,
            kind: run.header.kind,
            path: run.header.document?.path ?? null,
            startedAt: Date.parse(run.header.createdAt),
            finishedAt: run.summary ? Date.parse(run.summary.finishedAt) : null,
            status: active.has(runId) ? 'running' : run.status,
            calls: run.calls.length,
            score: run.summary?.score ?? null,
            model: run.header.backend.model,
            ...selectionOf(run.header.params),
          },
          annotations: annotationsOf(verify),
          ...(verify ? { verify } : {}),
          ...(prove ? { prove } : {}),
          ...(refined ? { refined } : {}),
        };
        return detail;
      } catch (error) {
        if (error instanceof RunNotFoundError) throw new RpcError(error.message, 'not-found');
        throw error;
      }
    },

    listModels: () => libraryCall(async () => (await library.list()).map(toModelEntry)),
    inspectModel: ({ id }) =>
      libraryCall(async () => {
        const entry = (await library.list()).find((e) => e.name === id);
        if (!entry) throw new RpcError(`no model "${id}" in the library`, 'not-found');
        return toInspectView(entry, await library.inspect(entry.path));
      }),
    // Importing is the user's explicit choice of a file (typed or picked anywhere): an absolute path is
    // taken as given, a relative one is in the workspace. The library validates it as GGUF before it
    // links it, and never hands its bytes to the client; only the header summary comes back.
    importModel: ({ path }) => libraryCall(async () => toModelEntry(await library.import(isAbsolute(path) ? resolve(path) : guard.resolve(path)))),
    pullModel: ({ ref }) => pulls.start(ref),
    cancelPull: ({ pullId }) => pulls.cancel(pullId),
    catalogue: async () => toCatalogueEntries(await loadCatalogue(join(resourcesDir, 'models', 'catalogue.json'))),
    setBackend: async ({ spec }) => {
      parseBackendSpecOrThrow(spec);
      const status = await loadBackend(spec);
      // A failed switch leaves the previous backend ready: the setting keeps naming that one.
      if (status.state === 'ready' && status.spec === spec) await settings.update({ backend: spec });
      return status;
    },
    backendStatus: () => backendStatus,
    setApiKey: async ({ key }) => {
      // Bound to the server chosen now (loaded, or saved in settings); with none chosen yet, to the
      // first OpenAI-compatible server it is used with. Another server URL never receives it.
      const spec = backendStatus.spec ?? settings.get().backend;
      const current = spec ? (() => { try { return parseBackendSpec(spec); } catch { return null; } })() : null;
      await secrets.setOpenaiApiKey(key, current?.scheme === 'openai' ? current.url : null);
      // A loaded OpenAI-compatible backend keeps the key it was created with: load it again.
      if (backendStatus.kind === 'openai' && backendStatus.spec) await loadBackend(backendStatus.spec);
      return { apiKeySet: secrets.openaiApiKey !== undefined };
    },
    apiKeyStatus: () => ({ apiKeySet: secrets.openaiApiKey !== undefined }),
    reloadBackend: async () => {
      const spec = backendStatus.spec ?? settings.get().backend;
      if (!spec) return backendStatus;
      return loadBackend(spec);
    },

    getSettings: () => settings.get(),
    setSettings: (patch) => settings.update(patch),

    exportReport: async ({ docId, runId, path }) => {
      const session = docs.get(docId);
      const run = await store.loadRun(runId).catch(() => {
        throw new RpcError(`no run "${runId}"`, 'not-found');
      });
      const { renderReport } = await import('../report/html');
      const html = renderReport({
        title: `Proofwright report — ${session.name}`,
        generatedAt: new Date(),
        settings: { backend: run.header.backend.spec, model: run.header.backend.model },
        entries: [
          {
            name: session.name,
            problem: session.problem,
            doc: session.doc,
            macros: workspaceMacroCache ?? undefined,
            result: (run.summary?.result as VerifyResult | undefined) ?? null,
            checker: [],
          },
        ],
      });
      if (!path) return { html };
      const abs = guard.resolve(path);
      await writeFileSafely(abs, html);
      return { html, path: guard.toClientPath(abs) };
    },
  };

  /** A path as shown in an error: relative to the workspace when inside it, else just its name. */
  function parseBackendSpecOrThrow(spec: string): void {
    try {
      parseBackendSpec(spec);
    } catch (error) {
      throw new RpcError((error as Error).message, 'invalid-request');
    }
  }

  return {
    handlers,
    setClient: (next) => {
      client = next;
    },
    grantPath: (path) => guard.grant(resolve(path)),
    shutdown: async () => {
      await pulls.dispose();
      for (const run of active.values()) run.controller.abort();
      await Promise.allSettled([...active.values()].map((r) => r.done));
      await docs.flush();
      await backend?.dispose().catch(() => undefined);
    },
  };
}
