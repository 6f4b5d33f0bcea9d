// What a run record resumes as: the one copy of the rules for continuing a cancelled or interrupted
// verify/prove run, used by the CLI (`prove --resume`, `verify --resume`) and the engine (History's
// Resume). The record is the state: the settings, seeds and inputs come from its header, and the
// inputs given now must hash to the recorded ones (otherwise the replayed answers would be for
// another proof or problem).
import type { ProveResult } from '../common/results';
import type { EarlyStopRule } from '../common/search';
import { resolveSearch, type SearchParams } from '../common/search';
import type { GenerateResult, ModelBackend } from '../models/backend';
import { hashText, type LoadedRun } from '../store';
import type { LoopContext } from './context';
import { withRecordedTemplates, type GradingInput, type PromptProfile, type TemplateSet } from './deps';
import { runProve, type ProveInput } from './prove';
import type { ResumeFrom } from './session';

/** The record of a run (reopened, or only loaded to check it before reopening). */
export type RecordOf = Pick<ResumeFrom, 'run'>;

/** A run that cannot be resumed as asked; the message says why, in words for the user. */
export class ResumeError extends Error {
  override name = 'ResumeError';
}

/** Where a resumed run's prompt templates came from (applyRecordedSettings). */
export interface ResumedTemplates {
  /** Template ids (`<profile>/<role>`) taken from the record; none for a record that keeps none (the ones loaded now are used). */
  recorded: string[];
  /** Of those, the ones whose text differs from the template loaded now, which the resumed run does not use. */
  differing: string[];
}

/**
 * Checks that the reopened run is of `kind` and sets the run's own sampling (seeds included),
 * profile, concurrency and prompt templates on `ctx`: the resumed run must ask for exactly the calls
 * the first start did. Templates the record keeps (a prove run's, app/loop/prove.ts) replace those of
 * `ctx` (the ones loaded now: edited or updated since, they would ask other prompts, so the finished
 * calls made with the record's would be asked again and the pool would mix two templates' verdicts);
 * the answer says which were taken and which differ, for the caller to say so (resumedTemplatesNote).
 */
export function applyRecordedSettings(ctx: LoopContext, resume: ResumeFrom, kind: 'verify' | 'prove'): ResumedTemplates {
  const { header } = resume.run;
  if (header.kind !== kind) throw new ResumeError(`run ${resume.run.runId} is a ${header.kind} run, not a ${kind} run`);
  const params = header.params as { sampling?: LoopContext['sampling']; concurrency?: number; extractFindings?: boolean };
  if (params.sampling) ctx.sampling = params.sampling;
  // Both kinds record their extraction pass (a verify run's is also in its VerifyResumeSpec): absent, off.
  // A resumed verify run that dropped it would leave the rest of its samples' findings unplaced.
  ctx.extractFindings = params.extractFindings === true;
  if (header.profile) ctx.profile = header.profile as PromptProfile;
  if (typeof params.concurrency === 'number') ctx.concurrency = params.concurrency;
  if (!Array.isArray(header.templates)) return { recorded: [], differing: [] };
  const loaded = new Map(ctx.templates.list().map((t) => [t.id, t.hash]));
  const recorded = withRecordedTemplates(ctx.templates, header.templates);
  ctx.templates = recorded.templates;
  const differing = recorded.used.filter((id) => loaded.get(id) !== recorded.templates.list().find((t) => t.id === id)?.hash);
  return { recorded: recorded.used, differing };
}

/**
 * What a resumed run says when the record's templates are not the ones loaded now: "resumed with the
 * prompt templates the run was started with (deepseek-math-v2/verify differs from the one loaded now)";
 * null when they are the same (or the record keeps none).
 */
export function resumedTemplatesNote(templates: ResumedTemplates): string | null {
  const { differing } = templates;
  if (differing.length === 0) return null;
  return `resumed with the prompt templates the run was started with (${differing.join(', ')} ${differing.length === 1 ? 'differs' : 'differ'} from the one${differing.length === 1 ? '' : 's'} loaded now, which this run does not use)`;
}

/** Finished calls (parsed or unparsed answers) in the record: what the resumed run answers without the model. */
export function finishedCalls(resume: RecordOf): number {
  return resume.run.calls.filter((c) => c.status === 'parsed' || c.status === 'unparsed').length;
}

/**
 * The ProveInput of a reopened prove run: n, m, T, k and the early-stopping rule from its header, the
 * problem from the record (or `problem` when the record has none). Throws ResumeError when no problem
 * is known or the one given is not the recorded one.
 */
export function proveInputOf(resume: RecordOf, problem?: string): ProveInput {
  const { header, runId } = resume.run;
  const params = header.params as Partial<SearchParams> & { earlyStop?: EarlyStopRule };
  const text = header.problem ?? problem;
  if (text === undefined) throw new ResumeError(`run ${runId} does not record its problem: give the problem it was started with`);
  if (header.problemHash && hashText(text) !== header.problemHash) throw new ResumeError(`the problem given is not the one run ${runId} was started with`);
  const { candidates, samples, rounds, topK } = resolveSearch('custom', params);
  return { problem: text, candidates, samples, rounds, topK, earlyStop: params.earlyStop, documentPath: header.document?.path };
}

/** What a verify run's header says to verify again: its file, samples and options. */
export interface VerifyResumeSpec {
  /** Workspace-relative (or CLI-relative) path of the proof that was verified. */
  file: string;
  samples: number;
  meta: boolean;
  evidence: boolean;
  extractFindings: boolean;
  earlyStop?: EarlyStopRule;
  grading?: GradingInput;
}

/**
 * The settings of a reopened verify run of a whole proof file. Throws ResumeError for a run that
 * names no file or verified a selection (its excerpt is not in the record).
 */
export function verifySpecOf(resume: RecordOf): VerifyResumeSpec {
  const { header, runId } = resume.run;
  const params = header.params as {
    samples?: number; meta?: boolean; evidence?: boolean; extractFindings?: boolean; selection?: unknown; earlyStop?: EarlyStopRule; grading?: GradingInput;
  };
  const file = header.document?.path;
  if (!file || params.selection || typeof params.samples !== 'number') throw new ResumeError(`run ${runId} cannot be resumed (it verified ${params.selection ? 'a selection' : 'no whole proof file'})`);
  return {
    file,
    samples: params.samples,
    meta: params.meta ?? false,
    evidence: params.evidence ?? false,
    extractFindings: params.extractFindings ?? false,
    ...(params.earlyStop ? { earlyStop: params.earlyStop } : {}),
    ...(params.grading ? { grading: params.grading } : {}),
  };
}

/**
 * The problem to resume a verify run with (the recorded one, else `given`), after checking that the
 * proof text and the problem are those the run started with. Throws ResumeError otherwise.
 */
export function checkVerifyInputs(resume: RecordOf, text: string, given: string | undefined): string {
  const { header, runId } = resume.run;
  if (header.document?.hash && hashText(text) !== header.document.hash) throw new ResumeError(`${header.document.path ?? 'the proof'} has changed since run ${runId} started; verify it afresh instead`);
  const problem = header.problem ?? given;
  if (problem === undefined) throw new ResumeError(`run ${runId} does not record its problem: give the problem it was started with`);
  if (header.problemHash && hashText(problem) !== header.problemHash) throw new ResumeError(`the problem is not the one run ${runId} was started with`);
  return problem;
}

/** What a call the record does not hold answers in a replay: nothing (the call was never finished). */
const NOT_RECORDED: GenerateResult = { text: '', finishReason: 'abort', promptTokens: 0, completionTokens: 0, timings: { totalMs: 0 } };

/**
 * Whether a prove run stopped without writing its result, so its pool is to be rebuilt from its record
 * (recordedPool): interrupted (no summary: the process died) or failed (a 'failed' summary, which
 * holds no result). A running run's record is no such run: the caller knows which are running.
 */
export function stoppedWithoutResult(run: LoadedRun): boolean {
  return run.header.kind === 'prove' && (run.status === 'interrupted' || (run.status === 'failed' && !run.summary?.result));
}

/** How a pool rebuilt from a record (recordedPool) was made, for whoever shows it. */
export interface RebuiltFrom {
  /** 'interrupted': the process died (no summary); 'failed': the run ended with an error before its result. */
  stopped: 'interrupted' | 'failed';
  /** The error a failed run stopped with (its summary's), if recorded. */
  error?: string;
  /**
   * Where the prompt templates of the replay came from: 'recorded' (the record keeps them: those the
   * run was made with), or 'assumed' (an older record without them: the ones given, the defaults
   * unless `runs show --templates`).
   */
  templates: 'recorded' | 'assumed';
  /** Finished calls of the record the replay did not reach (asked with other templates, for one): their answers are not in the pool. */
  unreached: number;
}

/**
 * The pool of a prove run that stopped without writing its result, for History's Pool and `runs
 * show`: interrupted (the process died: no summary, RunStore status 'interrupted') or failed (the
 * search ended with an error: a 'failed' summary without a result). The search is replayed over its
 * record with the run's own settings and templates (those the record keeps; `templates` for a record
 * that keeps none), every finished call answered from the record and every other call answered as
 * cancelled, so the candidates are those the run had verified when it stopped, ranked by the search's
 * own rule, and a candidate whose verifications had not all finished shows them as cancelled. Nothing
 * is written and no model is asked. `status` is 'failed' for a failed run and 'cancelled' for an
 * interrupted one (ProveResult has no 'interrupted': `rebuilt.stopped` says it), `rounds` the round of
 * its last finished call, `calls` the record's finished calls. Throws ResumeError for a record that
 * is not of a prove run or does not hold its problem; assumed templates other than the run's leave the
 * calls they change unanswered (`rebuilt.unreached`: the pool is then smaller, never wrong).
 */
export async function recordedPool(run: LoadedRun, templates: TemplateSet): Promise<ProveResult & { rebuilt: RebuiltFrom }> {
  if (run.header.kind !== 'prove') throw new ResumeError(`run ${run.runId} is a ${run.header.kind} run, not a prove run`);
  const input = proveInputOf({ run });
  const { spec, model } = run.header.backend;
  const backend: ModelBackend = {
    info: () => ({ spec, kind: 'scripted', model, parallel: 1 }),
    generate: async () => NOT_RECORDED,
    countTokens: async () => 0,
    dispose: async () => {},
  };
  let replayedCalls = 0;
  const ctx: LoopContext = {
    backend,
    templates,
    profile: 'deepseek-math-v2',
    concurrency: 1,
    sampling: { temperature: 1, topP: 0.95, maxTokens: 0 },
    onEvent: (event) => {
      if (event.type === 'call-finished' && event.replayed) replayedCalls++;
    },
  };
  const resume: ResumeFrom = { run, writer: null };
  const recorded = applyRecordedSettings(ctx, resume, 'prove');
  const replayed = await runProve(ctx, input, resume);
  // The replay goes on through rounds whose calls were never made (none gives a candidate): the run
  // itself got as far as its last finished call's round.
  const rounds = Math.max(0, ...run.calls.filter((c) => c.status === 'parsed' || c.status === 'unparsed').map((c) => c.round ?? 0));
  const failed = run.status === 'failed';
  const error = run.summary?.error;
  const rebuilt: RebuiltFrom = {
    stopped: failed ? 'failed' : 'interrupted',
    ...(failed && error ? { error } : {}),
    templates: recorded.recorded.length ? 'recorded' : 'assumed',
    unreached: finishedCalls({ run }) - replayedCalls,
  };
  return { ...replayed, runId: run.runId, status: failed ? 'failed' : 'cancelled', rounds, calls: finishedCalls({ run }), rebuilt };
}
