// Runs: start and stop verify / prove / refine, follow their events, the history, past runs, the
// review of a proposed proof, and the report export.
import type { BackendStatus, RunSummary } from '../../app/common/contract';
import type { LoopEvent } from '../../app/common/events';
import type { SearchParams } from '../../app/common/search';
import type { SourceRange } from '../../app/common/text';
import { flushEdits, flushProblem, isSynced, saveExampleCopy } from './documents';
import { gradingForVerify } from './grading';
import { proveReviewTitle, reduceRun, runsForDocument } from './runs';
import { verifiedEarlierText } from '../../app/common/staleness';
import { NO_PROBLEM_WARNING, nothingToRun } from '../../app/common/noVerdict';
import type { Review } from './slices/runs';
import type { Notice } from './slices/ui';
import { fail, get, notify, set } from './workbench';

export function applyLoopEvent(event: LoopEvent): void {
  const before = get();
  const run = reduceRun(before.run, event);
  set({ run });
  if (event.type === 'run-finished') {
    const ours = runIsAboutOpenDocument(event, before);
    // A run that finishes after its document was left is kept as that document's, not shown as this one's.
    const { docId } = get();
    if (docId) set(runsForDocument(get(), docId));
    if (ours) onRunFinished(event);
    else onOtherDocumentsRun(event, before.run?.runId === event.runId ? before.run.kind : null);
  }
}

/**
 * Whether a finished run is about the document open now. The document a run was started on is known
 * from the event's findings (a verification's), else from the run the panel follows (started here:
 * `runDocId`), else from the History entry's path. A run started on another document never shows its
 * score, findings or proposed proof on this one: the user switched files mid-run and another proof's
 * verdict, or a diff of another proof to accept over this one, appeared as this one's.
 */
function runIsAboutOpenDocument(event: Extract<LoopEvent, { type: 'run-finished' }>, before: ReturnType<typeof get>): boolean {
  const owner = event.document?.docId ?? (before.run?.runId === event.runId ? before.runDocId : null);
  if (owner !== null) return owner === before.docId;
  return event.run !== undefined && before.path !== null && event.run.path === before.path;
}

/** A run of a document not open now ended: say so (its result waits in that document's History and Run tab). */
function onOtherDocumentsRun(event: Extract<LoopEvent, { type: 'run-finished' }>, kind: string | null): void {
  const what = kind ?? event.run?.kind ?? 'run';
  const where = event.run?.path ? ` of ${event.run.path}` : ' of another document';
  if (event.status === 'failed') notify(`The ${what} run${where} failed: ${event.error ?? 'unknown error'}`, 'error');
  else if (event.status === 'completed') notify(`The ${what} run${where} finished: open that document to see its result (History lists it).`);
}

/**
 * A run ended. The event carries what the UI shows next (validated by the contract's schema): the
 * verification, the document's findings at the version they belong to, the refined or best proof,
 * and the run as History lists it; nothing is asked of the engine again.
 */
function onRunFinished(event: Extract<LoopEvent, { type: 'run-finished' }>): void {
  if (event.status === 'failed') runNotice(`Run failed: ${event.error ?? 'unknown error'}`, 'error');
  // A stopped or failed run replaces nothing: the previous run's score and findings stay on screen.
  const completed = event.status === 'completed';
  if (completed && event.verify) set({ verify: event.verify, verifyScope: selectionOfRun(event.runId) });
  // The findings belong to the text the engine held: only if that is still ours (no edit since).
  const pushed = event.document;
  if (completed && pushed && pushed.docId === get().docId && pushed.version === get().docVersion && isSynced()) {
    set({ annotations: pushed.annotations });
  }
  // A stopped search keeps its pool in the run panel (each candidate opens as a diff there); only a
  // finished one puts its best proof up for review.
  const best = completed ? event.prove?.best : undefined;
  if (best) openReview({ title: proveReviewTitle(best), original: get().text, proposed: best.proof, runId: event.runId });
  if (completed && event.refined) openReview({ title: 'Refinement', original: get().text, proposed: event.refined.proof, runId: event.runId });
  if (event.run) addToHistory(event.run);
}

/** Put a run into the History list when it is about the open document (as listRuns({ docId }) would). */
function addToHistory(run: RunSummary): void {
  const { path, history } = get();
  if (!path || run.path !== path) return;
  set({ history: [run, ...history.filter((r) => r.runId !== run.runId)].sort((a, b) => b.startedAt - a.startedAt) });
}

export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? '—' : score.toFixed(2);
}

async function startRun(kind: 'verify' | 'prove' | 'refine' | 'resume', options: { range?: SourceRange; stepId?: string; search?: Partial<SearchParams>; runId?: string } = {}): Promise<void> {
  const { range, stepId } = options;
  const { engine, docId, run } = get();
  if (!engine || !docId) return;
  if (run?.status === 'running') {
    runNotice('A run is already going: stop it first.', 'error');
    return;
  }
  await flushEdits();
  // The problem typed just before: the run is about it, not the one the engine had.
  await flushProblem();
  // Nothing to work on: said plainly, and no run (the engine would refuse it too).
  const missing = kind === 'resume' ? null : nothingToRun(kind, { proof: get().text, problem: get().problem });
  if (missing) {
    runNotice(missing, 'warn');
    return;
  }
  // A sample's runs reach History only once it is a file; with no model the run fails anyway, so
  // nothing is written then.
  if (get().backend?.state === 'ready') await saveExampleCopy();
  try {
    // An earlier refusal ("Nothing to prove: …") or failure ("Run failed: …") no longer holds: this
    // run is starting. A failure below says its own.
    if (get().notice?.aboutEarlierRun) set({ notice: null });
    set({ bottomTab: 'run', runDocId: docId });
    if (kind === 'verify') {
      const selection = range && range.end > range.start ? range : null;
      const grading = gradingForVerify(docId);
      const { runId } = await engine.startVerify({ docId, ...(selection ? { range: selection } : {}), ...(grading ? { grading } : {}) });
      if (selection) selections.set(runId, selection);
      // Not a block: the proof is still checked, but its score cannot mean "proves the problem".
      if (!get().problem.trim()) notify(NO_PROBLEM_WARNING, 'warn');
    }
    else if (kind === 'prove') await engine.startProve({ docId, ...options.search });
    else if (kind === 'resume') {
      const { note } = await engine.resumeRun({ docId, runId: options.runId! });
      // The record's prompt templates are not the ones loaded now: the run goes on with its own, said.
      if (note) notify(`Run ${options.runId}: ${note}.`, 'info');
    }
    else await engine.startRefine({ docId, ...(get().verify ? { fromRunId: get().verify!.runId } : {}), ...(stepId ? { stepId } : {}) });
  } catch (error) {
    // No model (none chosen, or it failed to load): say so with the one button that leads to the fix.
    if ((error as { code?: string }).code === 'unavailable') {
      // The engine pushes every backend change (backendChanged): the state here is current.
      const backend = get().backend;
      runNotice(noModelMessage(kind, backend), 'error', { label: 'Open Models & settings', run: () => set({ dialog: 'settings', notice: null }) });
    } else runNotice(`Could not start ${kind}: ${(error as Error).message ?? String(error)}`, 'error');
  }
}

/** Shows why a run did not start or failed: a notice the next run's start clears (Notice.aboutEarlierRun). */
function runNotice(text: string, kind: Notice['kind'], action?: Notice['action']): void {
  set({ notice: { kind, text, at: Date.now(), ...(action ? { action } : {}), aboutEarlierRun: true } });
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
/** Search for a proof with n, m, T, k from `search` (unset ones: the settings). */
export const startProve = (search?: Partial<SearchParams>) => startRun('prove', { search });
/** Continue a cancelled or interrupted verify/prove run of this document from its record (History's Resume). */
export const resumeRun = (runId: string) => startRun('resume', { runId });
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
  if (get().docId !== docId) return;
  set({ history: history.sort((a, b) => b.startedAt - a.startedAt) });
}

/**
 * The newest finished verification of the open document in History (its id), or null: what the
 * findings column shows when nothing newer was verified in this session.
 */
export function lastCompletedVerify(history: readonly RunSummary[], path: string | null): RunSummary | null {
  return history.find((r) => r.kind === 'verify' && r.status === 'completed' && r.path === path) ?? null;
}

/**
 * A document just opened shows its last finished verification (score and findings), as History lists
 * it: "Not verified yet" beside a finished run in History told the user something false.
 */
export async function showLastVerification(): Promise<void> {
  const { docId, path } = get();
  await refreshHistory();
  const { verify, history } = get();
  if (get().docId !== docId || verify) return;
  const last = lastCompletedVerify(history, path);
  if (last) await loadPastRun(last.runId, { quiet: true });
}

/**
 * What the findings column says when no verification is shown, from History: that there is a finished
 * one ("finished", `last` is it: shown as soon as it is loaded), else why there is none ("stopped",
 * "failed", "interrupted": the newest verify run of the document ended so); "none" when History has no
 * verify run. `last` is null unless the state is "finished".
 */
export function unverifiedState(history: readonly RunSummary[], path: string | null): {
  state: 'none' | 'finished' | 'stopped' | 'failed' | 'interrupted';
  last: RunSummary | null;
} {
  const last = lastCompletedVerify(history, path);
  if (last) return { state: 'finished', last };
  const newest = history.find((r) => r.kind === 'verify' && r.path === path);
  if (!newest || newest.status === 'running') return { state: 'none', last: null };
  const state = newest.status === 'cancelled' ? 'stopped' : newest.status === 'failed' ? 'failed' : newest.status === 'interrupted' ? 'interrupted' : 'none';
  return { state, last: null };
}

/**
 * Show what a past run produced: a verification's findings (stale where the text they were about has
 * changed since, see placeOnText), or a refine/prove run's proposed proof as a review. A run with
 * neither leaves the findings on screen.
 */
export async function loadPastRun(runId: string, options: { quiet?: boolean } = {}): Promise<void> {
  const { engine, docId } = get();
  if (!engine || !docId) return;
  try {
    // The engine makes the findings the document's (placed on its text: stale wherever that text is not
    // the one the run verified), so the edits that follow carry them on instead of dropping them.
    const detail = await engine.loadRun({ runId, docId });
    if (get().docId !== docId) return;
    const when = new Date(detail.summary.startedAt).toLocaleString();
    if (detail.verify) {
      if (detail.summary.selection) selections.set(runId, detail.summary.selection);
      // Placed on the engine's text: ours when nothing is on its way (else the next edit's answer brings them).
      if (detail.docVersion === get().docVersion && isSynced()) set({ annotations: detail.annotations });
      set({ verify: detail.verify, verifyScope: detail.summary.selection ?? null });
      const earlier = verifiedEarlierText(detail.verify, get().doc?.text);
      if (!options.quiet) notify(`Showing the findings of run ${runId} (${when})${earlier ? ', made on an earlier text: those about text changed since are marked stale' : ''}.`);
      return;
    }
    const proposed = detail.refined?.proof ?? detail.prove?.best?.proof;
    if (proposed) {
      openReview({ title: `${detail.summary.kind === 'prove' ? 'Prove' : 'Refinement'} of ${when}`, original: get().text, proposed, runId });
      return;
    }
    if (detail.damaged) {
      notify(`${detail.damaged}; the current findings stay.`, 'error');
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

