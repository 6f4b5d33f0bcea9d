// The run panel: live progress (calls, tokens/s, elapsed, ETA), the streamed text of the active call
// (reasoning folded), candidates with their scores, a chart of scores by round; and run history.
import { useEffect, useRef, useState } from 'react';
import { formatDuration, runOutcome, runProgress, scoresByRound, type CandidateRow } from '../state/runs';
import { formatScore, loadPastRun, pastRunAction, refreshHistory, selectionOfRun, useWorkbench } from '../state/store';
import { RunComparisonTable, useRunComparison } from './RunCompare';
import { SampleList } from './SampleList';

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(id);
  }, [active]);
  return now;
}

export function ScoreChart({ candidates }: { candidates: CandidateRow[] }) {
  const rounds = scoresByRound(candidates);
  if (rounds.length === 0) return null;
  const w = 220;
  const h = 80;
  const x = (i: number) => (rounds.length === 1 ? w / 2 : 16 + (i * (w - 32)) / (rounds.length - 1));
  const y = (v: number) => h - 12 - v * (h - 24);
  const line = (key: 'best' | 'mean') => rounds.map((r, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(r[key]).toFixed(1)}`).join(' ');
  return (
    <svg className="pw-chart" width={w} height={h} role="img" aria-label={`Scores by round: ${rounds.map((r) => `round ${r.round} best ${r.best.toFixed(2)}`).join(', ')}`}>
      {[0, 0.5, 1].map((v) => <line key={v} x1={8} x2={w - 8} y1={y(v)} y2={y(v)} className="pw-chart-grid" />)}
      <path d={line('mean')} className="pw-chart-mean" />
      <path d={line('best')} className="pw-chart-best" />
      {rounds.map((r, i) => <circle key={r.round} cx={x(i)} cy={y(r.best)} r={3} className="pw-chart-dot"><title>{`round ${r.round}: best ${r.best.toFixed(2)}, mean ${r.mean.toFixed(2)} (${r.count})`}</title></circle>)}
    </svg>
  );
}

export function RunPanel() {
  const run = useWorkbench((s) => s.run);
  const now = useNow(run?.status === 'running');
  const streamRef = useRef<HTMLPreElement>(null);
  const [follow, setFollow] = useState(true);

  useEffect(() => {
    if (follow && streamRef.current) streamRef.current.scrollTop = streamRef.current.scrollHeight;
  }, [run?.streamText, follow]);

  if (!run) return <div className="pw-run-panel pw-muted pw-empty">No run yet. Verify with Ctrl+Enter, or Prove from the toolbar.</div>;
  const p = runProgress(run, now);
  const outcome = runOutcome(run);
  return (
    <div className="pw-run-panel" data-testid="run-panel">
      <div className="pw-run-stats" aria-live="polite">
        <span className={`pw-run-status pw-run-${outcome.tone}`} data-testid="run-status">{run.kind} · {outcome.label}</span>
        <progress value={run.doneCalls} max={Math.max(1, run.plannedCalls)} aria-label="Calls done" />
        <span data-testid="run-calls">{run.doneCalls} / {run.plannedCalls} calls</span>
        {run.failedCalls > 0 && <span className="pw-error-text">{run.failedCalls} failed</span>}
        <span>{p.tokensPerSecond.toFixed(1)} tok/s</span>
        <span>elapsed {formatDuration(p.elapsedMs)}</span>
        <span>ETA {p.etaMs === null ? '—' : formatDuration(p.etaMs)}</span>
        {run.verify && <span data-testid="run-score">{selectionOfRun(run.runId) ? 'selection score' : 'score'} <strong>{formatScore(run.verify.score)}</strong></span>}
        {run.error && outcome.why !== run.error && <span className="pw-error-text">{run.error}</span>}
      </div>
      {outcome.why && <div className="pw-run-why" data-testid="run-why">Why: {outcome.why}</div>}
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
        {run.candidates.length > 0 && (
          <div className="pw-run-candidates">
            <ScoreChart candidates={run.candidates} />
            <table className="pw-table">
              <thead><tr><th>candidate</th><th>round</th><th>mean score</th><th>self-score</th></tr></thead>
              <tbody>
                {run.candidates.map((c) => (
                  <tr key={c.id}><td>{c.id}</td><td>{c.round}</td><td>{formatScore(c.meanScore)}</td><td>{formatScore(c.selfScore)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}

export function RunHistory() {
  const history = useWorkbench((s) => s.history);
  const { selected, toggle, compare, comparison } = useRunComparison();
  useEffect(() => {
    void refreshHistory();
  }, []);
  if (history.length === 0) return <div className="pw-muted pw-empty">No runs recorded for this document yet (runs of unsaved documents are listed once it is saved).</div>;
  const model = (runId: string) => history.find((r) => r.runId === runId)?.model ?? runId;
  return (
    <div>
      <table className="pw-table pw-history" data-testid="history">
        <thead><tr><th>compare</th><th>when</th><th>kind</th><th>status</th><th>calls</th><th>score</th><th>model</th><th /></tr></thead>
        <tbody>
          {history.map((r) => (
            <tr key={r.runId}>
              <td>
                {r.kind === 'verify' && r.status === 'completed' && (
                  <input type="checkbox" aria-label={`Select run ${r.runId} for comparison`} checked={selected.includes(r.runId)} onChange={() => toggle(r.runId)} />
                )}
              </td>
              <td>{new Date(r.startedAt).toLocaleString()}</td>
              <td>{r.kind}</td>
              <td>{r.status}</td>
              <td>{r.calls}</td>
              <td>{formatScore(r.score)}</td>
              <td>{r.model ?? '—'}</td>
              <td>
                {pastRunAction(r) && <button type="button" onClick={() => void loadPastRun(r.runId)}>{pastRunAction(r)}</button>}
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
    </div>
  );
}
