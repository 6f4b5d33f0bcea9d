// The run panel: live progress (calls, tokens/s, elapsed, ETA), the streamed text of the active call
// (reasoning folded), the pool of a search (SearchPool: candidates, plot of scores by round); and run history.
import { useEffect, useRef, useState } from 'react';
import { runKindWording, runScoreWording, runStatusWording, sampleVerdictsOf, shortModelName, unfinishedVerifyWording } from '../../app/common/run-status';
import { callsLabel, cancelledNote, type RunView, formatDuration, runOutcome, runProgress, unchangedNote } from '../state/runs';
import { formatPoints } from '../state/grading';
import { canResume, proveRunView } from '../state/search';
import { verifyScoreTone } from '../../app/common/ranking';
import { formatScore, loadPastRun, notify, pastRunAction, refreshHistory, resumeRun, selectionOfRun, useWorkbench } from '../state/store';
import { DamagedRuns } from './Damage';
import { RunComparisonTable, useRunComparison } from './RunCompare';
import { SampleList } from './SampleList';
import { SearchPool } from './SearchPool';

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(id);
  }, [active]);
  return now;
}

export function RunPanel() {
  const run = useWorkbench((s) => s.run);
  const now = useNow(run?.status === 'running');
  const streamRef = useRef<HTMLPreElement>(null);
  const [follow, setFollow] = useState(true);

  useEffect(() => {
    if (follow && streamRef.current) streamRef.current.scrollTop = streamRef.current.scrollHeight;
  }, [run?.streamText, follow]);

  // Runs of this page only: a document verified before shows its score, so "No run yet" contradicted it.
  if (!run) return <div className="pw-run-panel pw-muted pw-empty">No run of this document since the page opened (History lists earlier ones). Verify with Ctrl+Enter, or Prove from the toolbar.</div>;
  const p = runProgress(run, now);
  const outcome = runOutcome(run);
  const unchanged = unchangedNote(run.prove?.unchanged, run.prove?.candidates);
  const unfinished = run.verify ? unfinishedVerifyWording({ kind: run.kind, status: run.status, verdicts: sampleVerdictsOf(run.verify) }) : null;
  const stopped = cancelledNote(run, canResume({ kind: run.kind, status: run.status, selection: selectionOfRun(run.runId) ?? undefined }));
  return (
    <div className="pw-run-panel" data-testid="run-panel">
      <div className="pw-run-stats" aria-live="polite">
        <span className={`pw-run-status pw-run-${outcome.tone}`} data-testid="run-status">{run.kind} · {outcome.label}</span>
        <progress value={run.doneCalls} max={Math.max(1, run.plannedCalls)} aria-label="Calls done" />
        <span data-testid="run-calls">{callsLabel(run)}</span>
        {run.failedCalls > 0 && <span className="pw-error-text">{run.failedCalls} failed</span>}
        <span>{p.tokensPerSecond.toFixed(1)} tok/s</span>
        <span data-testid="run-elapsed" title="The time the run worked: a run stopped and resumed counts the time before its stop and after its resume, not the time in between">elapsed {formatDuration(p.elapsedMs)}</span>
        <span>ETA {p.etaMs === null ? '—' : formatDuration(p.etaMs)}</span>
        {run.verify && (unfinished
          ? <span data-testid="run-score">{unfinished}</span>
          : <span data-testid="run-score">{selectionOfRun(run.runId) ? 'selection score' : 'score'} <strong>{formatScore(run.verify.score)}</strong></span>)}
        {run.verify?.points && <span data-testid="run-points">points <strong>{formatPoints(run.verify.points)}</strong></span>}
        {run.error && outcome.why !== run.error && <span className="pw-error-text">{run.error}</span>}
      </div>
      {outcome.why && <div className="pw-run-why" data-testid="run-why">Why: {outcome.why}</div>}
      {stopped && <div className="pw-run-note" data-testid="run-cancelled-note">{stopped}</div>}
      {run.adaptations.length > 0 && <div className="pw-run-note" data-testid="run-adaptations">Note: {run.adaptations.join('; ')}</div>}
      <div className="pw-run-body">
        <div className="pw-run-stream">
          <div className="pw-run-stream-title">
            {run.activeLabel || 'Waiting for the first call…'}
            <label className="pw-follow"><input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> follow</label>
          </div>
          {run.streamReasoning && (
            <details className="pw-reasoning">
              <summary>Reasoning ({run.streamReasoning.length} chars)</summary>
              <pre>{run.streamReasoning}</pre>
            </details>
          )}
          {/* Model output is shown as text only. */}
          <pre ref={streamRef} className="pw-stream-text" data-testid="stream">{run.streamText}</pre>
        </div>
        {run.verify && <SampleList samples={run.verify.samples} />}
        {run.candidates.length > 0 && <SearchPool candidates={run.candidates} runId={run.runId} />}
        {unchanged && <div className="pw-run-note" data-testid="run-unchanged-note">{unchanged}</div>}
      </div>
    </div>
  );
}

/**
 * The score a prove run shown in the Run tab stands for: its best candidate's mean verifier score (the
 * search's result, or the best of the pool so far while it runs), labelled as the search's. Shown in the
 * panels' header instead of the editor proof's "Whole proof" score, which beside "prove · completed"
 * read as the proposal's score (rev14 walk).
 */
export function ProveRunScore({ run }: { run: RunView }) {
  // The pool's rows are in the search's own rank order (app/common/ranking.ts): the first is its best.
  const best = run.candidates.find((c) => c.id === run.prove?.best?.id) ?? run.candidates[0] ?? null;
  const tone = best ? verifyScoreTone({ score: best.meanScore, parsedSamples: best.verdicts, samples: new Array<unknown>(best.requested) }) : 'none';
  return (
    <div className="pw-doc-score" data-testid="prove-run-score" title="Mean verifier score of the search's best candidate (the proposal); the proof in the editor keeps its own score (shown on the other tabs)">
      <span className="pw-score-scope">Prove · best candidate</span>
      <span className={`pw-score pw-score-${tone === 'few' ? 'none' : tone}`}>{formatScore(best?.meanScore)}</span>
      {tone === 'few' && <span className="pw-tag">{best!.verdicts} of {best!.requested} verdicts: too few</span>}
    </div>
  );
}

/** A past prove run's pool and plot in the run panel (from its record's result). */
async function showPool(runId: string): Promise<void> {
  const { engine } = useWorkbench.getState();
  if (!engine) return;
  try {
    const detail = await engine.loadRun({ runId });
    const prove = detail.prove;
    if (!prove) {
      notify(`Run ${runId} has no pool: it stopped before its result was written, and its record could not be replayed (no problem recorded, or the prompt templates could not be loaded).`);
      return;
    }
    useWorkbench.setState((s) => ({ run: proveRunView(detail.summary, prove), runDocId: s.docId, bottomTab: 'run' }));
  } catch (error) {
    notify(`Could not load the run: ${error instanceof Error ? error.message : String(error)}`, 'error');
  }
}

export function RunHistory() {
  const history = useWorkbench((s) => s.history);
  const running = useWorkbench((s) => s.run?.status === 'running');
  const { selected, toggle, compare, comparison } = useRunComparison();
  useEffect(() => {
    void refreshHistory();
  }, []);
  if (history.length === 0) {
    return (
      <div>
        <div className="pw-muted pw-empty">No runs recorded for this document yet (runs of unsaved documents are listed once it is saved).</div>
        <DamagedRuns />
      </div>
    );
  }
  const model = (runId: string) => {
    const spec = history.find((r) => r.runId === runId)?.model;
    return spec ? shortModelName(spec) : runId;
  };
  return (
    <div>
      <table className="pw-table pw-history" data-testid="history">
        <thead><tr><th>compare</th><th>when</th><th>kind</th><th>document</th><th>status</th><th>calls</th><th>score</th><th>model</th><th /></tr></thead>
        <tbody>
          {history.map((r) => (
            <tr key={r.runId}>
              <td>
                {r.kind === 'verify' && r.status === 'completed' && (
                  <input type="checkbox" aria-label={`Select run ${r.runId} for comparison`} checked={selected.includes(r.runId)} onChange={() => toggle(r.runId)} />
                )}
              </td>
              <td>{new Date(r.startedAt).toLocaleString()}</td>
              {/* A selection's score is not the proof's: the row says which it is (it read as a whole-proof verify). */}
              <td data-testid="history-kind">{runKindWording(r)}</td>
              <td>{r.path ?? '—'}</td>
              <td className={r.failedCalls ? 'pw-error-text' : undefined} data-testid="history-status">{runStatusWording(r)}</td>
              <td data-testid="history-calls">{r.calls}</td>
              {/* A prove run's score is its best mean, 1 also for a search that did not pass: the row says how it ended. */}
              <td data-testid="history-score">{runScoreWording(r, formatScore)}</td>
              {/* The spec's absolute path wrapped each row to two lines: its file's name here, the spec in the tooltip. */}
              <td className="pw-history-model" title={r.model ?? undefined} data-testid="history-model">{r.model ? shortModelName(r.model) : '—'}</td>
              <td>
                {pastRunAction(r) && <button type="button" onClick={() => void loadPastRun(r.runId)}>{pastRunAction(r)}</button>}
                {/* An interrupted or failed search too: the engine rebuilds its pool from the record. */}
                {r.kind === 'prove' && r.status !== 'running' && (
                  <button type="button" disabled={running} onClick={() => void showPool(r.runId)} data-testid="show-pool" title="Show this search's pool and plot in the run panel">Pool</button>
                )}
                {canResume(r) && <button type="button" disabled={running} onClick={() => void resumeRun(r.runId)} data-testid="resume-run" title="Continue this run from its record: finished calls are not asked again">Resume</button>}
                <button type="button" onClick={() => useWorkbench.setState({ dialog: 'record', recordRunId: r.runId })} title="Every model call of this run: its answer, or why it failed" data-testid={`record-${r.runId}`}>Record</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" disabled={selected.length !== 2} onClick={() => void compare()}>
        Compare the two selected runs
      </button>
      {comparison && <RunComparisonTable comparison={comparison} models={[model(comparison.runA), model(comparison.runB)]} />}
      <DamagedRuns />
    </div>
  );
}
