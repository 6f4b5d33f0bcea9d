// The engine's side of the search workbench (issue 15): the call and time estimate shown before a
// verify or prove run starts, and resuming a cancelled or interrupted run from its record. The rules
// themselves live in app/common/search.ts (estimate) and app/loop/resume.ts (what a record resumes as),
// shared with the CLI.
import type { RunEstimate, RunEstimateRequest } from '../common/contract';
import { RpcError, type Settings } from '../common/contract';
import type { ProofDocument } from '../common/proof';
import { estimateSearchCalls, estimateSearchTime, resolveSearch, type CallEstimate, type SearchParams } from '../common/search';
import { applyRecordedSettings, checkVerifyInputs, proveInputOf, ResumeError, resumedTemplatesNote, verifySpecOf } from '../loop/resume';
import { measureSpeed, RunNotFoundError, type RunStore } from '../store';
import { computationEvidence, runProve, runVerify, type LoopContext } from './modules';

const SEARCH_KEYS = ['candidates', 'samples', 'rounds', 'topK'] as const;
const NO_SPEED = { proofMs: null, verifyMs: null, tokensPerSecond: null, calls: 0 };

/**
 * The most model calls a run of `request` can make (unset fields from `settings`) and the time that
 * takes at the speed `backendSpec` showed in this workspace's newest runs (`timeMs` null without any:
 * the UI says "no measurement yet"). A verify run makes m verifications, 2m with meta-verification,
 * and up to m extraction calls more with the extraction pass (settings verify.extract).
 */
export async function estimateRun(store: RunStore, backendSpec: string | null, settings: Settings, request: RunEstimateRequest): Promise<RunEstimate> {
  let calls: CallEstimate;
  if (request.kind === 'verify') {
    const samples = request.samples ?? settings.verify.samples;
    // Each sample may need one extraction call (its findings not placed) besides its meta-verification.
    const verifications = samples * ((request.meta ?? settings.verify.meta) ? 2 : 1) + ((request.extract ?? settings.verify.extract) ? samples : 0);
    calls = { proofs: 0, verifications, total: verifications };
  } else {
    const search: SearchParams = resolveSearch('custom', settings.prove);
    for (const key of SEARCH_KEYS) if (request[key] !== undefined) search[key] = request[key];
    calls = estimateSearchCalls(search);
  }
  const speed = backendSpec ? await measureSpeed(store, backendSpec) : NO_SPEED;
  return { calls, timeMs: estimateSearchTime(calls, speed, settings.concurrency), speed, concurrency: settings.concurrency, backend: backendSpec };
}

/** The open document a run is resumed on: its workspace path, problem and parsed text. */
export interface ResumeTarget {
  /** Workspace-relative path of the open document (null: never saved, so it has no runs). */
  path: string | null;
  problem: string;
  doc: ProofDocument;
}

/** A run ready to resume (prepareResume): the body to give the engine's launcher, and what it says once started. */
export interface PreparedResume {
  body: (ctx: LoopContext) => Promise<unknown>;
  /** Set when the body has set the run up: resumedTemplatesNote's words when the record's templates differ from the loaded ones, else null. */
  note: string | null;
}

/**
 * Checks that run `runId` of the store can be resumed on `target` (a cancelled or interrupted verify
 * or prove run of that document, whose proof and problem are unchanged) and returns the body to give
 * the engine's launcher: it reopens the record and continues the run in it, with the record's settings
 * and prompt templates, so every finished call is answered from the record (app/loop/resume.ts, the
 * same rules as `--resume` in the CLI).
 * Throws RpcError: not-found for an unknown run, invalid-request for one that cannot be resumed here.
 */
export async function prepareResume(store: RunStore, runId: string, target: ResumeTarget): Promise<PreparedResume> {
  const run = await store.loadRun(runId).catch((error: Error) => {
    throw new RpcError(error instanceof RunNotFoundError ? error.message : `run ${runId} cannot be read: ${error.message}`, error instanceof RunNotFoundError ? 'not-found' : 'invalid-request');
  });
  const invalid = (message: string) => new RpcError(message, 'invalid-request');
  if (run.status === 'completed') throw invalid(`run ${runId} is already completed; nothing to resume`);
  const kind = run.header.kind;
  if (kind !== 'verify' && kind !== 'prove') throw invalid(`a ${kind} run cannot be resumed (only verify and prove runs)`);
  const recordedPath = run.header.document?.path ?? null;
  if (recordedPath === null || recordedPath !== target.path) throw invalid(`run ${runId} is not a run of this document${recordedPath ? ` (it is about ${recordedPath})` : ''}`);
  try {
    const prepared: PreparedResume = { body: async () => undefined, note: null };
    if (kind === 'prove') {
      const input = proveInputOf({ run }, target.problem);
      prepared.body = async (ctx) => {
        const resume = await store.reopenRun(runId);
        prepared.note = resumedTemplatesNote(applyRecordedSettings(ctx, resume, 'prove'));
        return runProve(ctx, input, resume);
      };
      return prepared;
    }
    const spec = verifySpecOf({ run });
    const problem = checkVerifyInputs({ run }, target.doc.text, target.problem);
    const evidence = spec.evidence ? computationEvidence(target.doc) || undefined : undefined;
    prepared.body = async (ctx) => {
      const resume = await store.reopenRun(runId);
      prepared.note = resumedTemplatesNote(applyRecordedSettings(ctx, resume, 'verify'));
      ctx.extractFindings = spec.extractFindings;
      return runVerify(ctx, { problem, doc: target.doc, samples: spec.samples, meta: spec.meta, evidence, documentPath: spec.file, earlyStop: spec.earlyStop, grading: spec.grading }, resume);
    };
    return prepared;
  } catch (error) {
    if (error instanceof ResumeError) throw invalid(error.message);
    throw error;
  }
}
