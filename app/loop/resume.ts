// What a run record resumes as: the one copy of the rules for continuing a cancelled or interrupted
// verify/prove run, used by the CLI (`prove --resume`, `verify --resume`) and the engine (History's
// Resume). The record is the state: the settings, seeds and inputs come from its header, and the
// inputs given now must hash to the recorded ones (otherwise the replayed answers would be for
// another proof or problem).
import type { EarlyStopRule } from '../common/search';
import { resolveSearch, type SearchParams } from '../common/search';
import { hashText } from '../store';
import type { LoopContext } from './context';
import type { GradingInput, PromptProfile } from './deps';
import type { ProveInput } from './prove';
import type { ResumeFrom } from './session';

/** The record of a run (reopened, or only loaded to check it before reopening). */
export type RecordOf = Pick<ResumeFrom, 'run'>;

/** A run that cannot be resumed as asked; the message says why, in words for the user. */
export class ResumeError extends Error {
  override name = 'ResumeError';
}

/**
 * Checks that the reopened run is of `kind` and sets the run's own sampling (seeds included),
 * profile and concurrency on `ctx`: the resumed run must ask for exactly the calls the first start did.
 */
export function applyRecordedSettings(ctx: LoopContext, resume: ResumeFrom, kind: 'verify' | 'prove'): void {
  const { header } = resume.run;
  if (header.kind !== kind) throw new ResumeError(`run ${resume.run.runId} is a ${header.kind} run, not a ${kind} run`);
  const params = header.params as { sampling?: LoopContext['sampling']; concurrency?: number };
  if (params.sampling) ctx.sampling = params.sampling;
  if (header.profile) ctx.profile = header.profile as PromptProfile;
  if (typeof params.concurrency === 'number') ctx.concurrency = params.concurrency;
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
