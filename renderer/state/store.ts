// The workbench state (zustand). The editor's model holds the text; the engine holds the parsed
// document and the annotations and re-maps them through every edit we send it.
import { useMemo } from 'react';
import { create } from 'zustand';
import type { Annotation, Severity } from '../../app/common/annotations';
import type {
  BackendStatus, DocumentSnapshot, EngineApi, EngineInfo, EngineStatus, PullProgress, RecentDocument, RecoveryInfo, RunSummary,
  SampleInfo, Settings, SettingsPatch,
} from '../../app/common/contract';
import type { LoopEvent } from '../../app/common/events';
import type { DocumentFormat, ProofDocument } from '../../app/common/proof';
import type { VerifyResult } from '../../app/common/results';
import type { SourceRange, TextEdit } from '../../app/common/text';
import { editorBridge } from '../editor/bridge';
import type { MathError } from '../preview/renderBlock';
import type { ProblemSource } from './annotationsView';
import { loadIdSet, loadJson, saveIdSet, saveJson } from './persist';
import { proveReviewTitle, reduceRun, type RunView } from './runs';
import type { ConnectionState } from '../engine/connection';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type BottomTab = 'problems' | 'run' | 'history';
export type Dialog = null | 'settings' | 'open' | 'recover' | 'confirm-discard' | 'record';

export interface Review {
  title: string;
  original: string;
  proposed: string;
  runId?: string;
}

export interface Notice {
  kind: 'info' | 'error';
  text: string;
  at: number;
  /** One button that leads to the fix (e.g. "Open Models & settings"). */
  action?: { label: string; run: () => void };
}

export interface WorkbenchState {
  connection: ConnectionState;
  engine: EngineApi | null;
  engineInfo: EngineInfo | null;
  /** The last engine status from the supervisor (stopped with its reason, restarted…). */
  engineStatus: EngineStatus | null;
  /** Macros of the workspace's macros.tex, applied under each document's own definitions. */
  workspaceMacros: Record<string, string>;
  notice: Notice | null;
  /** The first-start guide (a fresh user-data folder: nothing opened before) is showing. */
  welcome: boolean;

  docId: string | null;
  path: string | null;
  name: string;
  format: DocumentFormat;
  /** Bumped whenever a document is (re)loaded into the editor from the engine. */
  loadNonce: number;
  initialText: string;
  text: string;
  problem: string;
  doc: ProofDocument | null;
  docVersion: number;
  annotations: Annotation[];
  /**
   * The deterministic checker's findings (computer algebra and LaTeX lint), from the engine after each
   * edit. Apart from `annotations` so a verify run never wipes them, nor they a run's findings.
   */
  checkerAnnotations: Annotation[];
  /** Show the checker's verified computations too (not only what failed). */
  showVerified: boolean;
  dirty: boolean;

  verify: VerifyResult | null;
  /** The range `verify` covered when it verified a selection (its score is the selection's); null: the whole proof. */
  verifyScope: SourceRange | null;
  dismissed: Set<string>;
  resolved: Set<string>;
  cursorOffset: number;
  previewErrors: MathError[];
  /** Macros of the document (from the preview), used to render math in findings too. */
  macros: Record<string, string>;

  run: RunView | null;
  history: RunSummary[];
  review: Review | null;

  settings: Settings | null;
  backend: BackendStatus | null;
  samples: SampleInfo[];
  recent: RecentDocument[];
  recoveries: RecoveryInfo[];
  pulls: Record<string, PullProgress>;

  theme: ThemeChoice;
  bottomTab: BottomTab;
  dialog: Dialog;
  /** The run whose record the 'record' dialog shows. */
  recordRunId?: string;
  severityFilter: Set<Severity>;
  sourceFilter: ProblemSource | 'all';
}

const DISMISSED_KEY = 'pw.dismissed';
const RESOLVED_KEY = 'pw.resolved';

export const useWorkbench = create<WorkbenchState>(() => ({
  connection: 'connecting',
  engine: null,
  engineInfo: null,
  engineStatus: null,
  workspaceMacros: {},
  notice: null,
  welcome: false,
  docId: null,
  path: null,
  name: 'untitled.md',
  format: 'markdown',
  loadNonce: 0,
  initialText: '',
  text: '',
  problem: '',
  doc: null,
  docVersion: 0,
  annotations: [],
  checkerAnnotations: [],
  showVerified: false,
  dirty: false,
  verify: null,
  verifyScope: null,
  dismissed: loadIdSet(DISMISSED_KEY),
  resolved: loadIdSet(RESOLVED_KEY),
  cursorOffset: 0,
  previewErrors: [],
  macros: {},
  run: null,
  history: [],
  review: null,
  settings: null,
  backend: null,
  samples: [],
  recent: [],
  recoveries: [],
  pulls: {},
  theme: loadJson<ThemeChoice>('pw.theme', 'system'),
  bottomTab: 'problems',
  dialog: null,
  severityFilter: new Set<Severity>(['critical', 'gap', 'minor', 'note']),
  sourceFilter: 'all',
}));

const set = useWorkbench.setState;
const get = useWorkbench.getState;

export function notify(text: string, kind: Notice['kind'] = 'info', action?: Notice['action']): void {
  set({ notice: { kind, text, at: Date.now(), ...(action ? { action } : {}) } });
}

function fail(what: string) {
  return (error: unknown) => notify(`${what}: ${(error as Error).message ?? String(error)}`, 'error');
}

// ------------------------------------------------------------------------------------------------
// Documents

export function loadSnapshot(snap: DocumentSnapshot): void {
  set((s) => ({
    docId: snap.docId, path: snap.path, name: snap.name, format: snap.format, initialText: snap.text, text: snap.text,
    problem: snap.problem, doc: snap.doc, docVersion: snap.version, annotations: snap.annotations, dirty: snap.dirty,
    loadNonce: s.loadNonce + 1, verify: null, verifyScope: null, review: null, checkerAnnotations: [],
    // The first-start guide ends once something with content is opened.
    welcome: s.welcome && snap.text === '',
  }));
  pending = [];
  requestCheck();
  void refreshHistory();
}

/**
 * Every annotation to display: the last run's findings and the checker's. The checker's verified
 * computations (severity `ok`) only with `showVerified`, so by default it speaks only about failures.
 */
export function useDisplayedAnnotations(): Annotation[] {
  const annotations = useWorkbench((s) => s.annotations);
  const checker = useWorkbench((s) => s.checkerAnnotations);
  const showVerified = useWorkbench((s) => s.showVerified);
  return useMemo(
    () => (checker.length === 0 ? annotations : [...annotations, ...(showVerified ? checker : checker.filter((a) => a.severity !== 'ok'))]),
    [annotations, checker, showVerified],
  );
}

// The checker runs in the engine (never on this thread). Like Overleaf's Code Check, at most one
// request is in flight and at most one more waits: however fast the user types, the engine checks the
// latest text once the previous check answers, and intermediate versions are skipped.
let checkInFlight = false;
let checkWanted = false;

/** Ask the engine to check the document as it now holds it; coalesced (one in flight, one waiting). */
export function requestCheck(): void {
  checkWanted = true;
  if (!checkInFlight) void runChecks();
}

async function runChecks(): Promise<void> {
  checkInFlight = true;
  try {
    while (checkWanted) {
      checkWanted = false;
      const { engine, docId } = get();
      if (!engine || !docId) return;
      try {
        const result = await engine.check({ docId });
        // Only findings about the text on screen: after a document switch they are about another one, and
        // when the engine answered for an older version a newer edit has already asked for another check.
        const now = get();
        if (now.docId === docId && (result.version === undefined || result.version === now.docVersion)) set({ checkerAnnotations: result.annotations });
      } catch (error) {
        // A failed check must not leave old findings looking current, nor interrupt typing.
        if (get().docId === docId) set({ checkerAnnotations: [] });
        console.warn('check failed', error);
      }
    }
  } finally {
    checkInFlight = false;
  }
}

/** Edits waiting to reach the engine, in order; sent one batch at a time. */
let pending: TextEdit[] = [];
let flushing = false;

/** Called by the editor for every content change (edits in the order they apply). */
export function editorChanged(edits: TextEdit[], text: string): void {
  set({ text, dirty: true });
  pending.push(...edits);
  void flushEdits();
}

export function isSynced(): boolean {
  return pending.length === 0 && !flushing;
}

async function flushEdits(): Promise<void> {
  if (flushing) return;
  flushing = true;
  try {
    while (pending.length > 0) {
      const { engine, docId, docVersion } = get();
      if (!engine || !docId) return;
      const batch = pending;
      pending = [];
      try {
        const result = await engine.editDocument({ docId, edits: batch, baseVersion: docVersion });
        set({ doc: result.doc, docVersion: result.version, annotations: result.annotations, dirty: result.dirty });
        requestCheck();
      } catch (error) {
        // Out of step with the engine (a lost message, a restarted engine): send the whole text once;
        // keystrokes made meanwhile are sent after it, against the new version.
        await resync(error as Error);
      }
    }
    // The engine's text must be ours once everything is sent; if not, resync.
    const { doc, text } = get();
    if (doc && doc.text !== text) await resync(new Error('text diverged'));
  } finally {
    flushing = false;
  }
  if (pending.length > 0) void flushEdits();
}

async function resync(reason: Error): Promise<void> {
  const { engine, docId } = get();
  if (!engine || !docId) return;
  pending = [];
  try {
    const snap = await engine.getDocument({ docId });
    const text = editorBridge()?.getText() ?? get().text;
    if (snap.text === text) {
      set({ doc: snap.doc, docVersion: snap.version, annotations: snap.annotations });
      requestCheck();
      return;
    }
    const result = await engine.editDocument({ docId, edits: [{ start: 0, end: snap.text.length, text }], baseVersion: snap.version });
    set({ doc: result.doc, docVersion: result.version, annotations: result.annotations, dirty: result.dirty });
    requestCheck();
  } catch (error) {
    console.warn('resync failed after', reason.message, error);
  }
}

/**
 * After a (re)connect: if our document is unknown to this engine (it restarted), hand it the text the
 * editor still holds, so nothing typed is lost; otherwise offer any recovery copies.
 */
export async function onEngineReady(engine: EngineApi): Promise<void> {
  set({ engine, connection: 'ready' });
  engine.engineInfo().then((engineInfo) => set({ engineInfo })).catch(() => undefined);
  engine.getSettings().then((settings) => set({ settings })).catch(() => undefined);
  engine.backendStatus().then((backend) => set({ backend })).catch(() => undefined);
  engine.listSamples().then((samples) => set({ samples })).catch(() => undefined);
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
      requestCheck();
      notify('The engine restarted; your text was handed back to it.');
    } catch (error) {
      fail('Could not re-open the document after the engine restarted')(error);
    }
    return;
  }
  const recoveries = await engine.listRecoveries().catch(() => [] as RecoveryInfo[]);
  set({ recoveries, dialog: recoveries.length > 0 ? 'recover' : get().dialog });
  if (recoveries.length === 0 && !get().docId) {
    await newFromSample(undefined, { force: true });
    // Nothing opened before on this user-data folder: a first start, so the guide shows.
    const recent = await engine.recentDocuments().catch(() => [] as RecentDocument[]);
    if (recent.length === 0) set({ welcome: true });
  }
}

export async function restoreRecovery(recoveryId: string): Promise<void> {
  const { engine } = get();
  if (!engine) return;
  try {
    loadSnapshot(await engine.restoreRecovery({ recoveryId }));
    set({ dialog: null, recoveries: get().recoveries.filter((r) => r.recoveryId !== recoveryId) });
    notify('Recovered your unsaved text.');
  } catch (error) {
    fail('Could not restore')(error);
  }
}

export async function discardRecoveries(): Promise<void> {
  const { engine, recoveries } = get();
  if (!engine) return;
  await Promise.all(recoveries.map((r) => engine.discardRecovery({ recoveryId: r.recoveryId }).catch(() => undefined)));
  set({ recoveries: [], dialog: null });
  if (!get().docId) await newFromSample(undefined, { force: true });
}

/** The unsaved-changes guard: replacing the open document asks first when it has unsaved edits. */
export function confirmLeave(): boolean {
  const { dirty, docId, name, text } = get();
  if (!docId || !dirty || text.trim() === '') return true;
  return window.confirm(`${name} has unsaved changes. Replace it anyway? (A recovery copy is kept until you save or discard it.)`);
}

export async function newFromSample(sample: string | undefined, options: { force?: boolean } = {}): Promise<void> {
  const { engine } = get();
  if (!engine || (!options.force && !confirmLeave())) return;
  try {
    loadSnapshot(await engine.newDocument(sample ? { sample } : {}));
  } catch (error) {
    fail('Could not create the document')(error);
  }
}

export async function openPath(path: string): Promise<void> {
  const { engine } = get();
  if (!engine || !confirmLeave()) return;
  try {
    loadSnapshot(await engine.openDocument({ path }));
    set({ dialog: null });
  } catch (error) {
    fail(`Could not open ${path}`)(error);
  }
}

export async function save(path?: string): Promise<boolean> {
  const { engine, docId } = get();
  if (!engine || !docId) return false;
  await flushEdits();
  const target = path ?? get().path ?? undefined;
  if (!target) return false; // the caller asks for a name (save-as)
  try {
    const saved = await engine.saveDocument({ docId, path: target });
    set({ path: saved.path, name: saved.path.split('/').pop() ?? saved.path, dirty: false });
    notify(`Saved ${saved.path}`);
    engine.recentDocuments().then((recent) => set({ recent })).catch(() => undefined);
    return true;
  } catch (error) {
    fail('Could not save')(error);
    return false;
  }
}

let problemTimer: ReturnType<typeof setTimeout> | null = null;
export function setProblem(text: string): void {
  set({ problem: text, dirty: true });
  if (problemTimer) clearTimeout(problemTimer);
  problemTimer = setTimeout(() => {
    const { engine, docId, problem } = get();
    if (engine && docId) engine.setProblem({ docId, text: problem }).catch(fail('Could not update the problem'));
  }, 250);
}

// ------------------------------------------------------------------------------------------------
// Runs

export function applyLoopEvent(event: LoopEvent): void {
  const run = reduceRun(get().run, event);
  set({ run });
  if (event.type === 'run-finished') void onRunFinished(event);
}

async function onRunFinished(event: Extract<LoopEvent, { type: 'run-finished' }>): Promise<void> {
  const { engine, docId } = get();
  if (event.status === 'failed') notify(`Run failed: ${event.error ?? 'unknown error'}`, 'error');
  // A stopped or failed run replaces nothing: the previous run's score and findings stay on screen.
  const completed = event.status === 'completed';
  if (completed && event.verify) set({ verify: event.verify, verifyScope: selectionOfRun(event.runId) });
  if (completed && engine && docId && event.verify && isSynced()) {
    const snap = await engine.getDocument({ docId }).catch(() => null);
    if (snap && snap.text === get().text) set({ annotations: snap.annotations, doc: snap.doc, docVersion: snap.version });
  }
  const best = event.prove?.best;
  if (best) openReview({ title: proveReviewTitle(best), original: get().text, proposed: best.proof, runId: event.runId });
  if (engine && get().run?.kind === 'refine' && event.status === 'completed') {
    const detail = await engine.loadRun({ runId: event.runId }).catch(() => null);
    if (detail?.refined) openReview({ title: 'Refinement', original: get().text, proposed: detail.refined.proof, runId: event.runId });
  }
  void refreshHistory();
}

export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? '—' : score.toFixed(2);
}

async function startRun(kind: 'verify' | 'prove' | 'refine', options: { range?: SourceRange; stepId?: string } = {}): Promise<void> {
  const { range, stepId } = options;
  const { engine, docId, run } = get();
  if (!engine || !docId) return;
  if (run?.status === 'running') {
    notify('A run is already going: stop it first.', 'error');
    return;
  }
  await flushEdits();
  try {
    set({ bottomTab: 'run' });
    if (kind === 'verify') {
      const selection = range && range.end > range.start ? range : null;
      const { runId } = await engine.startVerify({ docId, ...(selection ? { range: selection } : {}) });
      if (selection) selections.set(runId, selection);
    }
    else if (kind === 'prove') await engine.startProve({ docId });
    else await engine.startRefine({ docId, ...(get().verify ? { fromRunId: get().verify!.runId } : {}), ...(stepId ? { stepId } : {}) });
  } catch (error) {
    // No model (none chosen, or it failed to load): say so with the one button that leads to the fix.
    if ((error as { code?: string }).code === 'unavailable') {
      const backend = await engine.backendStatus().catch(() => get().backend);
      set({ backend });
      notify(noModelMessage(kind, backend), 'error', { label: 'Open Models & settings', run: () => set({ dialog: 'settings', notice: null }) });
    } else fail(`Could not start ${kind}`)(error);
  }
}

/** Why a run cannot start for want of a model, in words, with where to fix it. */
function noModelMessage(kind: string, backend: BackendStatus | null | undefined): string {
  if (backend?.state === 'loading') return `Could not start ${kind}: the model is still loading. Wait a moment, or choose another in Models & settings.`;
  if (backend?.state === 'error') return `Could not start ${kind}: the model failed to load: ${backend.error ?? 'no reason given'}. Choose another in Models & settings.`;
  return `Could not start ${kind}: no model is loaded. Choose one in Models & settings: a GGUF file, a server, or the demo script that needs no model.`;
}

/** The selections verified in this session, by run id (a past run's comes with its detail). */
const selections = new Map<string, SourceRange>();

/** The range a verify run covered when it verified a selection; null for the whole proof. */
export function selectionOfRun(runId: string): SourceRange | null {
  return selections.get(runId) ?? null;
}

/** Verify the whole proof, or with a non-empty range only the steps it touches. */
export const startVerify = (range?: SourceRange) => startRun('verify', { range });
export const startProve = () => startRun('prove');
/** Refine the proof; with a step id the refinement is asked to repair that step ("Refine this step"). */
export const startRefine = (stepId?: string) => startRun('refine', { stepId });

export async function stopRun(): Promise<void> {
  const { engine, run } = get();
  if (!engine || !run || run.status !== 'running') return;
  await engine.cancelRun({ runId: run.runId }).catch(fail('Could not stop the run'));
}

export async function refreshHistory(): Promise<void> {
  const { engine, docId } = get();
  if (!engine || !docId) return;
  const history = await engine.listRuns({ docId }).catch(() => [] as RunSummary[]);
  set({ history: history.sort((a, b) => b.startedAt - a.startedAt) });
}

/**
 * Show what a past run produced: a verification's findings (not re-mapped to edits made since), or a
 * refine/prove run's proposed proof as a review. A run with neither leaves the findings on screen.
 */
export async function loadPastRun(runId: string): Promise<void> {
  const { engine } = get();
  if (!engine) return;
  try {
    const detail = await engine.loadRun({ runId });
    const when = new Date(detail.summary.startedAt).toLocaleString();
    if (detail.verify) {
      if (detail.summary.selection) selections.set(runId, detail.summary.selection);
      set({ annotations: detail.annotations, verify: detail.verify, verifyScope: detail.summary.selection ?? null });
      notify(`Showing the findings of run ${runId} (${when}).`);
      return;
    }
    const proposed = detail.refined?.proof ?? detail.prove?.best?.proof;
    if (proposed) {
      openReview({ title: `${detail.summary.kind === 'prove' ? 'Prove' : 'Refinement'} of ${when}`, original: get().text, proposed, runId });
      return;
    }
    notify(`Run ${runId} (${detail.summary.kind}, ${detail.summary.status}) has no findings or proposal to show; the current findings stay.`);
  } catch (error) {
    fail('Could not load the run')(error);
  }
}

/** What a past run of this kind and status can show (History's button), or null when nothing. */
export function pastRunAction(run: Pick<RunSummary, 'kind' | 'status'>): string | null {
  if (run.status !== 'completed') return null;
  return run.kind === 'verify' ? 'Show findings' : 'Show proposal';
}

// ------------------------------------------------------------------------------------------------
// Review, findings, settings

export function openReview(review: Review): void {
  if (review.proposed === review.original) {
    notify('The proposed proof is identical to the current one.');
    return;
  }
  set({ review });
}

export function closeReview(): void {
  set({ review: null });
}

export function dismissAnnotation(id: string): void {
  const dismissed = new Set(get().dismissed).add(id);
  saveIdSet(DISMISSED_KEY, dismissed);
  set({ dismissed });
}

export function toggleResolved(id: string, to?: boolean): void {
  const resolved = new Set(get().resolved);
  const on = to ?? !resolved.has(id);
  if (on) resolved.add(id);
  else resolved.delete(id);
  saveIdSet(RESOLVED_KEY, resolved);
  set({ resolved });
}

export function restoreDismissed(): void {
  saveIdSet(DISMISSED_KEY, new Set());
  set({ dismissed: new Set() });
}

export function setTheme(theme: ThemeChoice): void {
  saveJson('pw.theme', theme);
  set({ theme });
  const { engine } = get();
  if (engine) engine.setSettings({ theme }).then((settings) => set({ settings })).catch(() => undefined);
}

export async function updateSettings(patch: SettingsPatch): Promise<void> {
  const { engine } = get();
  if (!engine) return;
  try {
    set({ settings: await engine.setSettings(patch) });
  } catch (error) {
    fail('Could not save the settings')(error);
  }
}

export async function setBackend(spec: string): Promise<void> {
  const { engine } = get();
  if (!engine) return;
  set({ backend: { state: 'loading', spec, kind: null, model: null } });
  try {
    const backend = await engine.setBackend({ spec });
    set({ backend });
    // A failed switch keeps the previous model (backend.spec) and says why in backend.error.
    if (backend.state === 'ready' && backend.spec === spec) await updateSettings({ backend: spec });
  } catch (error) {
    set({ backend: { state: 'error', spec, kind: null, model: null, error: (error as Error).message } });
  }
}

export function onPullProgress(progress: PullProgress): void {
  set({ pulls: { ...get().pulls, [progress.pullId]: progress } });
}

/** The proof with its findings as a self-contained HTML file (the same report the CLI writes). */
export async function exportReport(): Promise<void> {
  const { engine, docId, verify, name } = get();
  if (!engine || !docId) return;
  if (!verify) {
    notify('Verify the proof first: the report shows the findings of a run.', 'error');
    return;
  }
  try {
    const { html } = await engine.exportReport({ docId, runId: verify.runId });
    const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${name.replace(/\.[^.]+$/, '')}.report.html`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    fail('Could not export the report')(error);
  }
}

/** Supervisor news (over the RPC channel in serve mode, through the preload in the desktop app). */
export function onEngineStatus(status: EngineStatus): void {
  useWorkbench.setState({ engineStatus: status });
  if (status.state === 'stopped') {
    notify(`The engine stopped: ${status.reason}${status.willRestart ? ' — restarting…' : ''}. Your text is kept.`, 'error');
  }
}

export async function reloadModel(): Promise<void> {
  const { engine } = get();
  if (!engine) return;
  set({ backend: { state: 'loading', spec: get().backend?.spec ?? null, kind: null, model: null } });
  try {
    set({ backend: await engine.reloadBackend() });
  } catch (error) {
    fail('Could not reload the model')(error);
    engine.backendStatus().then((backend) => set({ backend })).catch(() => undefined);
  }
}
