// Folds the engine's loop events into what the run panel shows. Pure: tested in Node.
import type { CallRole, Candidate, ProveResult, VerifyResult } from '../../app/common/results';
import type { LoopEvent, RunKind, RunStatus } from '../../app/common/events';
import { verdictCount, whyNoVerdict } from '../../app/common/noVerdict';
import { compareRank, isRanked, producedMark, rankFactsOf, repeatKindWords, REJECTED_EARLY } from '../../app/common/ranking';

export interface CandidateRow {
  id: string;
  round: number;
  meanScore: number | null;
  selfScore: number | null;
  /** Verifications that gave a verdict, of those the search asked for (what its rank rests on). */
  verdicts: number;
  requested: number;
  /** The early-stopping rule rejected it: ranked after the rest, and said beside its verdicts. */
  rejectedEarly?: boolean;
  /** The candidate this one refines (none in round 0). */
  parentId?: string;
  /** Its proof (from the event), for preview and diff. */
  proof?: string;
  /** Other calls of its round that gave the same proof (Candidate.duplicates): shown as "×4". */
  duplicates?: number;
  duplicateIds?: string[];
}

export interface RunView {
  runId: string;
  kind: RunKind;
  status: 'running' | RunStatus;
  plannedCalls: number;
  doneCalls: number;
  failedCalls: number;
  /** Of `doneCalls`, calls cancelled by a stop (no answer: not kept as finished; absent: none). */
  cancelledCalls?: number;
  /** The distinct errors of failed calls, in order (the panel says why, not only how many). */
  failureReasons: string[];
  /** How the backend reshaped requests for its server ("the server refused `seed`: sent without it"). */
  adaptations: string[];
  startedAt: number;
  finishedAt: number | null;
  /**
   * A finished run: the time it worked, ms, from its record (RunSummary.workedMs): a run stopped and
   * resumed counts its stretches of work, not the time between them. The panel's elapsed shows it.
   */
  workedMs?: number;
  /** Streamed chunks since the run started (≈ tokens), and finished calls' reported counts. */
  streamedTokens: number;
  completionTokens: number;
  activeCallId: string | null;
  activeRole: CallRole | null;
  activeLabel: string;
  /** Text of the call being watched: the answer, and the reasoning (shown folded). */
  streamText: string;
  streamReasoning: string;
  candidates: CandidateRow[];
  scores: { role: CallRole; score: number | null }[];
  error?: string;
  verify?: VerifyResult;
  prove?: ProveResult;
  /**
   * A search shown from History that stopped without writing its result, its pool rebuilt from its
   * record (app/loop/resume.ts recordedPool): 'interrupted' (killed with the engine; shown as
   * cancelled) or 'failed' (ended with an error).
   */
  rebuilt?: 'interrupted' | 'failed';
}

/** Cap on streamed text kept per call: the panel shows the tail, memory stays flat on long runs. */
export const STREAM_LIMIT = 20_000;

function clip(text: string): string {
  return text.length > STREAM_LIMIT ? text.slice(text.length - STREAM_LIMIT) : text;
}

/** `list` with the new entries of `more` appended (same array when nothing is new). */
function merged(list: string[], more: string[] | undefined): string[] {
  const fresh = (more ?? []).filter((m) => !list.includes(m));
  return fresh.length ? [...list, ...fresh] : list;
}

/**
 * The pool's order in the run panel: the search's own rank (app/common/ranking.ts: mean once half the
 * verdicts are in, then verdicts, self-score), then the older candidate (ids go in call order).
 */
export function byPoolRank(a: CandidateRow, b: CandidateRow): number {
  return compareRank(a, b) || a.round - b.round || idNumber(a.id) - idNumber(b.id);
}

const idNumber = (id: string) => Number(id.replace(/^\D+/, '')) || 0;

/**
 * A pool row's verdicts in words: "4/4", "1/4: too few to rank" (the mean alone can mislead), "10/10:
 * stopped early (rejected)" (ranked after every candidate that was not, whatever its mean).
 */
export function verdictsLabel(row: Pick<CandidateRow, 'meanScore' | 'selfScore' | 'verdicts' | 'requested' | 'rejectedEarly'>): string {
  const rejected = row.rejectedEarly ? `: ${REJECTED_EARLY}` : '';
  return `${row.verdicts}/${row.requested}${row.meanScore !== null && !isRanked(row) ? ': too few to rank' : ''}${rejected}`;
}

/**
 * The run panel's state when the open document becomes `docId`: a run in progress stays (it can be
 * watched and stopped from anywhere); otherwise the run shown is kept as its document's last, and
 * `docId`'s own last run (or none) is shown. A previous document's score is never shown as this one's.
 */
export function runsForDocument(
  s: { run: RunView | null; runDocId: string | null; lastRuns: Record<string, RunView> },
  docId: string,
): { run: RunView | null; runDocId: string | null; lastRuns: Record<string, RunView> } {
  // Only these three fields: the caller spreads the answer into a new state (returning `s` itself
  // spread the whole old state back over it, the document's version included).
  if (s.runDocId === docId || s.run?.status === 'running') return { run: s.run, runDocId: s.runDocId, lastRuns: s.lastRuns };
  const lastRuns = s.run && s.runDocId ? { ...s.lastRuns, [s.runDocId]: s.run } : s.lastRuns;
  return { run: lastRuns[docId] ?? null, runDocId: docId, lastRuns };
}

export function reduceRun(run: RunView | null, event: LoopEvent, now: number = Date.now()): RunView | null {
  if (event.type === 'run-started') {
    return {
      runId: event.runId, kind: event.kind, status: 'running', plannedCalls: event.plannedCalls, doneCalls: 0, failedCalls: 0, failureReasons: [], adaptations: [],
      startedAt: event.at, finishedAt: null, streamedTokens: 0, completionTokens: 0, activeCallId: null, activeRole: null,
      activeLabel: '', streamText: '', streamReasoning: '', candidates: [], scores: [],
    };
  }
  if (!run || run.runId !== event.runId) return run;
  switch (event.type) {
    case 'plan-changed':
      return { ...run, plannedCalls: event.plannedCalls };
    case 'call-started': {
      const parts: string[] = [event.role];
      if (event.sample !== undefined) parts.push(`sample ${event.sample + 1}`);
      if (event.candidateId) parts.push(`candidate ${event.candidateId}`);
      if (event.round !== undefined) parts.push(`round ${event.round}`);
      // Follow the newest call; its text replaces the previous one.
      return { ...run, activeCallId: event.callId, activeRole: event.role, activeLabel: parts.join(' · '), streamText: '', streamReasoning: '' };
    }
    case 'call-token': {
      const next = { ...run, streamedTokens: run.streamedTokens + 1 };
      if (event.callId !== run.activeCallId) return next;
      // The backend retried the call mid-stream: what was shown so far is void.
      if (event.restart) {
        next.streamText = '';
        next.streamReasoning = '';
      }
      if (event.reasoning) next.streamReasoning = clip(next.streamReasoning + event.text);
      else next.streamText = clip(next.streamText + event.text);
      return next;
    }
    case 'call-finished':
      return {
        ...run, doneCalls: run.doneCalls + 1, completionTokens: run.completionTokens + event.completionTokens,
        scores: [...run.scores, { role: event.role, score: event.score }], adaptations: merged(run.adaptations, event.adaptations),
      };
    case 'call-failed': {
      const adaptations = merged(run.adaptations, event.adaptations);
      if (event.cancelled) return { ...run, doneCalls: run.doneCalls + 1, cancelledCalls: (run.cancelledCalls ?? 0) + 1, adaptations };
      const failureReasons = run.failureReasons.includes(event.error) || run.failureReasons.length >= 5 ? run.failureReasons : [...run.failureReasons, event.error];
      return { ...run, doneCalls: run.doneCalls + 1, failedCalls: run.failedCalls + 1, failureReasons, adaptations };
    }
    case 'candidate-scored': {
      const rest = run.candidates.filter((c) => c.id !== event.candidateId);
      const row: CandidateRow = {
        id: event.candidateId, round: event.round, meanScore: event.meanScore, selfScore: event.selfScore, verdicts: event.verdicts, requested: event.requested,
        ...(event.rejectedEarly ? { rejectedEarly: true } : {}),
        parentId: event.parentId, proof: event.proof,
        ...(event.duplicates ? { duplicates: event.duplicates, duplicateIds: event.duplicateIds } : {}),
      };
      return { ...run, candidates: [...rest, row].sort(byPoolRank) };
    }
    case 'run-finished':
      return {
        ...run, status: event.status, finishedAt: event.at ?? now, error: event.error, verify: event.verify, prove: event.prove,
        activeCallId: null,
        // The time it worked as its record has it: a resumed run's stretch before its stop included
        // (this page saw only its last stretch).
        ...(event.run?.workedMs !== undefined ? { workedMs: event.run.workedMs } : {}),
      };
    default:
      return run;
  }
}

export interface RunProgress {
  fraction: number;
  elapsedMs: number;
  tokensPerSecond: number;
  /** null until one call has finished (no basis for an estimate). */
  etaMs: number | null;
}

export function runProgress(run: RunView, now: number): RunProgress {
  const end = run.finishedAt ?? now;
  const elapsedMs = run.status !== 'running' && run.workedMs !== undefined ? run.workedMs : Math.max(0, end - run.startedAt);
  const fraction = run.plannedCalls > 0 ? Math.min(1, run.doneCalls / run.plannedCalls) : 0;
  const tokens = Math.max(run.streamedTokens, run.completionTokens);
  const tokensPerSecond = elapsedMs > 0 ? (tokens * 1000) / elapsedMs : 0;
  const remaining = Math.max(0, run.plannedCalls - run.doneCalls);
  const etaMs = run.status !== 'running' ? 0 : run.doneCalls > 0 ? (elapsedMs / run.doneCalls) * remaining : null;
  return { fraction, elapsedMs, tokensPerSecond, etaMs };
}

/**
 * The run panel's call count. The planned count is an upper bound (for a search, the Prove dialog's
 * estimate, app/common/search.ts) that shrinks as calls turn out not to be needed, so a running run
 * says "at most"; a finished one says how many it made, and of how many planned if it stopped short.
 */
export function callsLabel(run: Pick<RunView, 'status' | 'doneCalls' | 'plannedCalls'>): string {
  if (run.status === 'running') return `${run.doneCalls} of at most ${run.plannedCalls} calls`;
  if (run.doneCalls >= run.plannedCalls) return `${run.doneCalls} call${run.doneCalls === 1 ? '' : 's'}`;
  return `${run.doneCalls} of ${run.plannedCalls} planned calls`;
}

/**
 * What a cancelled run kept and how to go on, for the run panel (reviewer: "prove · cancelled · 36 of
 * 68928 planned calls" said neither). Its finished calls are in its record, which History lists
 * (Record; Pool for a search's candidates); `resumable` (canResume: a whole-proof verify or a prove)
 * means History › Resume continues it, asking no finished call again (app/engine/search.ts). A run
 * that stopped without writing its result (killed with the engine, or failed: `rebuilt`) says so
 * first. Null for a run neither cancelled nor rebuilt from its record.
 */
export function cancelledNote(run: Pick<RunView, 'status' | 'kind' | 'doneCalls' | 'cancelledCalls' | 'candidates' | 'rebuilt'>, resumable: boolean): string | null {
  if (run.status !== 'cancelled' && !run.rebuilt) return null;
  // No result was written, so the pool shown is rebuilt from the record.
  const interrupted = run.rebuilt === 'interrupted'
    ? 'Interrupted: the run stopped before writing its result; this pool is rebuilt from its record. '
    : run.rebuilt === 'failed'
      ? 'Failed: the run ended with an error before writing its result; this pool is rebuilt from its record. '
      : '';
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  // Calls the stop cancelled are not kept as finished (rev19 F2: "its 4 finished calls" when 2 were cancelled).
  const finished = run.doneCalls - (run.cancelledCalls ?? 0);
  const kept = finished === 0
    ? 'No call had finished: its record holds none.'
    : run.kind === 'prove'
      ? `Kept: its ${plural(finished, 'finished call')} and the ${plural(run.candidates.length, 'candidate')} so far, in its record (History › Record, Pool).`
      : `Kept: its ${plural(finished, 'finished call')}, in its record (History › Record).`;
  const next = resumable ? ' History › Resume goes on from there without asking them again.' : ' This run cannot be resumed: run it again to finish.';
  return interrupted + kept + next;
}

/**
 * What a finished search says of its refinements that repeated a candidate's text (ProveResult.unchanged):
 * they are in its call count and in the ×N of the candidate they repeat (`candidates`; records from
 * before that was counted say only "not in the pool"), so the panel says where those calls went. Null: none.
 */
export function unchangedNote(unchanged: ProveResult['unchanged'], candidates: readonly Pick<Candidate, 'id' | 'duplicates' | 'duplicateIds'>[] = []): string | null {
  if (!unchanged?.length) return null;
  const which = unchanged.map((u) => {
    const twin = candidates.find((c) => c.id === u.sameAs);
    return `${u.id} repeated ${u.sameAs}${twin?.duplicateIds?.includes(u.id) ? ` (counted in its ${producedMark(twin)})` : ''}`;
  }).join(', ');
  return `${unchanged.length} ${repeatKindWords(unchanged)} (${which}): counted in the calls, not verified, not a new candidate in the pool.`;
}

/**
 * Candidate scores per round, for the small chart: `best` is the mean of the round's best by the
 * search's rank (not the highest mean, which can rest on 1 verdict of 64), `mean` the mean of means.
 */
export function scoresByRound(candidates: CandidateRow[]): { round: number; best: number; mean: number; count: number }[] {
  const rounds = new Map<number, CandidateRow[]>();
  for (const c of candidates) {
    if (c.meanScore === null) continue;
    const list = rounds.get(c.round) ?? [];
    list.push(c);
    rounds.set(c.round, list);
  }
  return [...rounds.entries()]
    .sort(([a], [b]) => a - b)
    .map(([round, list]) => ({
      round,
      best: [...list].sort(byPoolRank)[0].meanScore as number,
      mean: list.reduce((s, x) => s + (x.meanScore as number), 0) / list.length,
      count: list.length,
    }));
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

export interface RunOutcome {
  /** What the status chip says: "completed", "no verdict", "completed · 2 of 4 samples gave no verdict", … */
  label: string;
  /** Its colour: only a run whose every sample gave a verdict is 'ok' (green). */
  tone: 'running' | 'ok' | 'warn' | 'failed' | 'cancelled';
  /** Why samples gave no verdict or calls failed, in words (null when nothing went wrong). */
  why: string | null;
}

/** The outcome of a run as the panel shows it: a finished run with failed or verdict-less samples is never a plain success. */
export function runOutcome(run: RunView): RunOutcome {
  if (run.status === 'running') return { label: 'running', tone: 'running', why: null };
  // A run the process died in says so, as History and `runs` do (its rebuilt pool reads as cancelled calls).
  if (run.status === 'cancelled') return { label: run.rebuilt === 'interrupted' ? 'interrupted' : 'cancelled', tone: 'cancelled', why: null };
  const callErrors = run.failureReasons.length ? run.failureReasons.join('; ') : null;
  if (run.status === 'failed') return { label: 'failed', tone: 'failed', why: run.error ?? callErrors };
  const samples = run.verify?.samples ?? run.prove?.candidates.flatMap((c) => c.verifications) ?? [];
  const verdicts = verdictCount(samples);
  const missing = samples.length - verdicts;
  const why = whyNoVerdict(samples) || callErrors;
  if (verdicts === 0 && (samples.length > 0 || run.failedCalls > 0)) return { label: 'no verdict', tone: 'failed', why };
  if (missing > 0) return { label: `completed · ${missing} of ${samples.length} samples gave no verdict`, tone: 'warn', why };
  if (run.failedCalls > 0) return { label: `completed · ${run.failedCalls} call${run.failedCalls === 1 ? '' : 's'} failed`, tone: 'warn', why };
  return { label: 'completed', tone: 'ok', why: null };
}

/**
 * The Prove review's title: the best candidate's mean verifier score and how many verifications it
 * rests on, or why it has none (never a bare "—").
 */
export function proveReviewTitle(best: Pick<Candidate, 'meanScore' | 'selfScore' | 'verifications' | 'verificationsRequested'>): string {
  const n = best.verifications.length;
  const facts = rankFactsOf(best);
  const verdicts = facts.verdicts;
  const self = best.selfScore === null ? '' : `, self-score ${best.selfScore.toFixed(2)}`;
  if (best.meanScore !== null && !isRanked(facts)) {
    return `Prove: best candidate, mean score ${best.meanScore.toFixed(2)} over ${verdicts} of ${facts.requested} verdicts: too few to rank (no candidate had enough)${self}`;
  }
  if (best.meanScore !== null) return `Prove: best candidate, mean score ${best.meanScore.toFixed(2)} over ${verdicts} verification${verdicts === 1 ? '' : 's'}${self}`;
  if (n === 0) return `Prove: best candidate, no score (it was not verified${self})`;
  return `Prove: best candidate, no score (none of its ${n} verification${n === 1 ? '' : 's'} gave a verdict: ${whyNoVerdict(best.verifications)}${self})`;
}
