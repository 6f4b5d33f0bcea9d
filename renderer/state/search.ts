// What the workbench says about a search before it starts: which preset the numbers match, and the
// estimate line (calls and time). Pure: tested in Node. The presets and the arithmetic are
// app/common/search.ts, the same the CLI uses (`prove --preset`, `--dry-run`).
import type { RunEstimate } from '../../app/common/contract';
import type { RunSummary } from '../../app/common/contract';
import type { ProveResult } from '../../app/common/results';
import { byPoolRank, type CandidateRow, type RunView } from './runs';
import { rankFactsOf } from '../../app/common/ranking';
import { formatDuration, SEARCH_PRESET_NAMES, SEARCH_PRESETS, type SearchParams, type SearchPresetName } from '../../app/common/search';

/** The preset whose n, m, T, k all equal `params`, else 'custom'. */
export function presetOf(params: SearchParams): SearchPresetName | 'custom' {
  return SEARCH_PRESET_NAMES.find((name) => {
    const p = SEARCH_PRESETS[name];
    return p.candidates === params.candidates && p.samples === params.samples && p.rounds === params.rounds && p.topK === params.topK;
  }) ?? 'custom';
}

/** "n=4 × m=4, top 2, 2 rounds": a preset's numbers in one short label. */
export function describeSearch(params: SearchParams): string {
  return `n=${params.candidates} × m=${params.samples}, top ${params.topK}, ${params.rounds} round${params.rounds === 1 ? '' : 's'}`;
}

/**
 * The estimate in words: "at most 40 model calls (8 proofs + 32 verifications) · about 3 min at 4
 * calls at once (measured over 12 calls, 25.0 tokens/s)", or "… · time: no measurement yet" when this
 * backend has no finished calls in the workspace (or no backend is loaded).
 */
export function estimateText(estimate: RunEstimate): string {
  const { calls } = estimate;
  const what = calls.proofs > 0 ? ` (${calls.proofs} proofs + ${calls.verifications} verifications)` : '';
  const head = `at most ${calls.total} model call${calls.total === 1 ? '' : 's'}${what}`;
  if (estimate.timeMs === null) return `${head} · time: no measurement yet${estimate.backend ? ' for this backend' : ' (no model loaded)'}`;
  const tps = estimate.speed.tokensPerSecond !== null ? `, ${estimate.speed.tokensPerSecond.toFixed(1)} tokens/s` : '';
  return `${head} · ${aboutDuration(estimate.timeMs)} at ${estimate.concurrency} call${estimate.concurrency === 1 ? '' : 's'} at once (measured over ${estimate.speed.calls} calls${tps})`;
}

/** "4 calls · ~40 s", or "4 calls · no measurement yet": the estimate for a toolbar. */
export function shortEstimate(estimate: RunEstimate): string {
  const calls = `${estimate.calls.total} call${estimate.calls.total === 1 ? '' : 's'}`;
  return `${calls} · ${estimate.timeMs === null ? 'no measurement yet' : estimate.timeMs < 1000 ? 'under a second' : `~${formatDuration(estimate.timeMs)}`}`;
}

/** "about 48 s", or "under a second" below one (a scripted backend: "about 0 s" was not true). `ms`: milliseconds. */
function aboutDuration(ms: number): string {
  return ms < 1000 ? 'under a second' : `about ${formatDuration(ms)}`;
}

/**
 * Whether History offers Resume for a run: a verify or prove run that did not complete (stopped,
 * killed with the engine, or failed) and is not running. The engine checks the rest (same proof and
 * problem) and says why when it cannot.
 */
export function canResume(run: Pick<RunSummary, 'kind' | 'status' | 'selection'>): boolean {
  return (run.kind === 'verify' || run.kind === 'prove') && !run.selection && (run.status === 'cancelled' || run.status === 'interrupted' || run.status === 'failed');
}

/**
 * The run panel's view of a finished or stopped prove run from History (its recorded result, or for a
 * run that stopped without one, interrupted or failed, the pool the engine rebuilt from its record):
 * the pool and the plot as they were when it ended, so any candidate can be previewed or diffed again.
 * An interrupted run shows as cancelled, marked `rebuilt: 'interrupted'`; a failed one as failed, with
 * its error, marked `rebuilt: 'failed'` (a failed run never writes a result).
 */
export function proveRunView(summary: Pick<RunSummary, 'runId' | 'startedAt' | 'finishedAt' | 'calls' | 'status' | 'error' | 'workedMs'>, prove: ProveResult): RunView {
  const candidates: CandidateRow[] = prove.candidates
    .map((c) => {
      const { verdicts, requested, rejectedEarly } = rankFactsOf(c);
      return {
        id: c.id, round: c.round, meanScore: c.meanScore, selfScore: c.selfScore, verdicts, requested, ...(rejectedEarly ? { rejectedEarly } : {}), parentId: c.parentId, proof: c.proof,
        ...(c.duplicates ? { duplicates: c.duplicates, duplicateIds: c.duplicateIds } : {}),
      };
    })
    .sort(byPoolRank);
  return {
    runId: summary.runId, kind: 'prove', status: summary.status === 'completed' || summary.status === 'failed' ? summary.status : 'cancelled',
    plannedCalls: summary.calls, doneCalls: summary.calls, failedCalls: 0, failureReasons: [], adaptations: [],
    startedAt: summary.startedAt, finishedAt: summary.finishedAt ?? summary.startedAt, ...(summary.workedMs !== undefined ? { workedMs: summary.workedMs } : {}), streamedTokens: 0, completionTokens: 0,
    activeCallId: null, activeRole: null, activeLabel: 'From History', streamText: '', streamReasoning: '', candidates, scores: [], prove,
    ...(summary.status === 'interrupted' ? { rebuilt: 'interrupted' as const } : summary.status === 'failed' ? { rebuilt: 'failed' as const } : {}),
    ...(summary.status === 'failed' && summary.error ? { error: summary.error } : {}),
  };
}
