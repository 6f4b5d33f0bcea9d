// Runs: start verify / prove / refine in the background, cancel them, list and load their records.
// A finished verification replaces the document's findings; every loop event goes to the client.
import { join } from 'node:path';
import { FLAGGING_SEVERITIES, type Annotation } from '../../common/annotations';
import { CandidateSchema, ProveResultSchema, RUN_CALL_TEXT_LIMIT, RpcError, VerifyResultSchema, describeIssues, type RunDetail, type RunSummary } from '../../common/contract';
import type { LoopEvent } from '../../common/events';
import type { ProofDocument } from '../../common/proof';
import { nothingToRun } from '../../common/noVerdict';
import { placeOnText } from '../../common/staleness';
import { resolveProve, resolveVerify } from '../../common/run-settings';
import type { Candidate, ProveResult, VerificationSample, VerifyResult } from '../../common/results';
import type { SourceRange } from '../../common/text';
import type { GradingInput } from '../../prompts/build';
import { GradingArgSchema } from '../../common/schemas/search';
import type { ModelBackend } from '../../models/backend';
import { callCount, RunNotFoundError, selectionOfParams, workedMs, type LoadedRun, type RunListing } from '../../store';
import type { EngineFeature } from '../container';
import { computationEvidence, loadTemplates, runProve, runRefine, runVerify, type LoopContext, type TemplateSet } from '../modules';
import { excerptOf, toDocumentResult, type Excerpt } from '../selection';
import { estimateRun, prepareResume } from '../search';
import { recordedPool, stoppedWithoutResult } from '../../loop/resume';
import type { EngineContext } from './context';

type RunMethods =
  | 'startVerify' | 'startProve' | 'startRefine' | 'cancelRun' | 'listRuns' | 'loadRun' | 'runRecord' | 'damagedRuns' | 'estimateRun' | 'resumeRun';

interface ActiveRun {
  runId: string;
  controller: AbortController;
  done: Promise<unknown>;
}

/**
 * Every annotation of a verification, each once: the samples' and the document-level ones. A run's
 * `documentAnnotations` are its samples' annotations without a step (app/loop/verify.ts), so those
 * are already among the samples' and were listed twice (two rows in Problems for one finding).
 */
export function annotationsOf(result: VerifyResult | undefined): Annotation[] {
  if (!result) return [];
  const annotations = result.samples.flatMap((s) => s.annotations);
  const ids = new Set(annotations.map((a) => a.id));
  return [...annotations, ...result.documentAnnotations.filter((a) => !ids.has(a.id))];
}

/** What a run record's summary holds, parsed against its kind's schema; `damaged` says why it could not be used. */
export interface StoredResult {
  verify?: VerifyResult;
  prove?: ProveResult;
  refined?: Candidate;
  damaged?: string;
}

/**
 * The result stored in a run record, validated: a record is a file (edited, truncated, written by
 * another version), so its result is parsed like any other input rather than cast. None stored → {}.
 */
export function storedResult(run: LoadedRun): StoredResult {
  const result = run.summary?.result;
  if (result === undefined || result === null) return {};
  const kind = run.header.kind;
  const schema = kind === 'verify' ? VerifyResultSchema : kind === 'prove' ? ProveResultSchema : kind === 'refine' ? CandidateSchema : null;
  if (!schema) return {};
  const parsed = schema.safeParse(result);
  if (!parsed.success) return { damaged: `the stored result of run ${run.runId} is damaged (${describeIssues(parsed.error, 'result')})` };
  const key = kind === 'verify' ? 'verify' : kind === 'prove' ? 'prove' : 'refined';
  return { [key]: parsed.data };
}

/** The selection a verify run covered, from its recorded parameters (see app/loop/verify), as a field to spread. */
export function selectionOf(params: Record<string, unknown>): { selection?: SourceRange } {
  const selection = selectionOfParams(params);
  return selection ? { selection } : {};
}

/** A graded run's grading input, from its params (records are read leniently: a malformed one is left out). */
export function gradingOf(params: Record<string, unknown>): { grading?: GradingInput } {
  const read = GradingArgSchema.safeParse(params.grading);
  return read.success ? { grading: read.data } : {};
}

/** Refuses a run that has nothing to work on (nothingToRun), before any model call. */
function refuseNothing(kind: 'verify' | 'refine' | 'prove', session: { doc: ProofDocument; problem: string }): void {
  const missing = nothingToRun(kind, { proof: session.doc.text, problem: session.problem });
  if (missing) throw new RpcError(missing, 'invalid-request');
}

/** Throws a bad-request error when the range is past the text or touches no step. */
function selectionExcerpt(doc: ProofDocument, range: SourceRange): Excerpt {
  try {
    return excerptOf(doc, range);
  } catch (error) {
    throw new RpcError((error as Error).message, 'invalid-request');
  }
}

/** The run methods; `requireBackend` comes from the models feature. Shutdown cancels the runs and waits for their records. */
export function runsFeature(ctx: EngineContext, requireBackend: () => ModelBackend): EngineFeature<RunMethods> {
  const { docs, guard, settings, store } = ctx;
  const active = new Map<string, ActiveRun>();
  let templates: TemplateSet | null = null;
  const promptsDir = join(ctx.resourcesDir, 'prompts');

  const loadedTemplates = async (): Promise<TemplateSet> =>
    (templates ??= await loadTemplates({ defaultsDir: promptsDir }).catch((error: Error) => {
      throw new RpcError(`prompt templates could not be loaded: ${error.message}`, 'internal');
    }));

  /**
   * The pool of a prove run that stopped without writing its result (the engine was killed in it, or
   * the search failed with an error): rebuilt from its record (app/loop/resume.ts recordedPool, with
   * the templates the record keeps, no model asked). Undefined when the record cannot give one.
   */
  async function rebuiltPool(run: LoadedRun): Promise<ProveResult | undefined> {
    if (!stoppedWithoutResult(run) || active.has(run.runId)) return undefined;
    return recordedPool(run, await loadedTemplates()).catch(() => undefined);
  }

  const send = (event: LoopEvent) => void ctx.client()?.loopEvent(event).catch(() => undefined);

  async function latestVerifyRunId(absPath: string | null | undefined): Promise<string | undefined> {
    if (!absPath) return undefined;
    const path = guard.toClientPath(absPath);
    // listRuns gives the newest first.
    return (await store.listRuns()).find((r) => r.kind === 'verify' && r.status === 'completed' && r.documentPath === path)?.runId;
  }

  /** A run as History lists it; `finished`: its record is closed even if its promise has not settled yet. */
  function toSummary(listing: RunListing, finished = false): RunSummary {
    return {
      runId: listing.runId,
      kind: listing.kind,
      path: listing.documentPath ?? null,
      startedAt: Date.parse(listing.createdAt),
      finishedAt: null,
      status: !finished && active.has(listing.runId) ? 'running' : listing.status,
      calls: listing.calls,
      failedCalls: listing.failedCalls,
      ...(listing.workedMs !== null && (finished || !active.has(listing.runId)) ? { workedMs: listing.workedMs } : {}),
      score: listing.score,
      model: listing.backend,
      ...(listing.selection ? { selection: listing.selection } : {}),
      ...(listing.proveStatus ? { proveStatus: listing.proveStatus } : {}),
      ...(listing.proveBest ? { proveBest: listing.proveBest } : {}),
      ...(listing.verdicts ? { verdicts: listing.verdicts } : {}),
      ...(listing.points ? { points: listing.points } : {}),
    };
  }

  /**
   * Start one loop run in the background; resolves with its id as soon as the loop announces it
   * (run-started), or rejects with the loop's own message if it fails before that.
   */
  async function launch(
    docId: string,
    profile: LoopContext['profile'] | undefined,
    body: (loop: LoopContext) => Promise<unknown>,
    /** Which steps the run speaks for: findings elsewhere on the document are kept (a selection run). */
    onlySteps?: ReadonlySet<string>,
  ): Promise<{ runId: string }> {
    const model = requireBackend();
    templates = await loadedTemplates();
    const s = settings.get();
    const controller = new AbortController();
    let resolveRunId!: (id: string) => void;
    const runIdKnown = new Promise<string>((r) => (resolveRunId = r));
    let done: Promise<unknown> = Promise.resolve();
    const loop: LoopContext = {
      backend: model,
      templates,
      profile: profile ?? s.profile,
      store,
      signal: controller.signal,
      concurrency: s.concurrency,
      sampling: s.sampling,
      onEvent: (event) => {
        if (event.type === 'run-started') resolveRunId(event.runId);
        if (event.type !== 'run-finished') {
          send(event);
          return;
        }
        // Only a finished verification replaces the findings: a stopped or failed run speaks for
        // nothing, so the previous run's findings stay.
        let document: Extract<LoopEvent, { type: 'run-finished' }>['document'];
        if (event.status === 'completed' && event.verify && docs.has(docId)) {
          const kept = onlySteps ? docs.get(docId).annotations.filter((a) => a.stepId !== null && !onlySteps.has(a.stepId)) : [];
          docs.setAnnotations(docId, [...kept, ...annotationsOf(event.verify)]);
          const session = docs.get(docId);
          document = { docId, version: session.version, annotations: session.annotations };
        }
        // The engine pushes what the UI would otherwise ask for after a run: the document's findings
        // and the run as History lists it (the record is closed before run-finished is emitted).
        void store
          .listingOf(event.runId)
          .then((listing) => toSummary(listing, true), () => undefined)
          .then((run) => send({ ...event, ...(document ? { document } : {}), ...(run ? { run } : {}) }));
      },
    };
    done = body(loop);
    void runIdKnown.then((runId) => {
      trackRun(runId, controller, done);
      // A document without a file yet: its runs reach History once it is saved (saveDocument).
      const session = docs.has(docId) ? docs.get(docId) : null;
      if (session && !session.absPath) (session.runsBeforeSave ??= []).push(runId);
    });
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

  return {
    name: 'runs',
    shutdown: async () => {
      for (const run of active.values()) run.controller.abort();
      await Promise.allSettled([...active.values()].map((r) => r.done));
    },
    handlers: {
      startVerify: async ({ docId, range, samples, meta, profile, grading }) => {
        // The file on disk first (the watch polls): a document without unsaved edits whose file another
        // program changed is verified as the file is now, and every page shows that text.
        const onDisk = await docs.syncWithDisk(docId);
        const session = docs.get(docId);
        if (onDisk?.kind === 'reloaded' && range) throw new RpcError(`${session.name} changed on disk and was reloaded: select the part to verify again`, 'conflict');
        refuseNothing('verify', session);
        const run = resolveVerify(settings.get(), { samples, meta, profile });
        // A selection is verified on its own (the steps it touches) and the findings moved back onto the document.
        const excerpt = range ? selectionExcerpt(session.doc, range) : null;
        const verified = excerpt?.doc ?? session.doc;
        return launch(docId, run.profile, (loop) => {
          // The extraction pass (settings: verify.extract), recorded in the run's params so Resume keeps it.
          loop.extractFindings = run.extract;
          return runVerify(loop, {
            problem: session.problem,
            doc: verified,
            samples: run.samples,
            meta: run.meta,
            // The released deepseek-math-v2 prompt gets evidence only when that is asked for explicitly.
            evidence: run.evidence ? computationEvidence(verified) || undefined : undefined,
            documentPath: session.absPath ? guard.toClientPath(session.absPath) : undefined,
            ...(grading ? { grading } : {}),
            ...(excerpt && range
              ? { selection: { range, documentText: session.doc.text, toDocument: (result: VerifyResult) => toDocumentResult(result, excerpt, session.doc) } }
              : {}),
          });
        }, excerpt ? new Set(excerpt.steps.map((x) => x.id)) : undefined,
        );
      },
      startProve: async ({ docId, candidates, samples, rounds, topK, profile }) => {
        await docs.syncWithDisk(docId);
        const session = docs.get(docId);
        refuseNothing('prove', session);
        const search = resolveProve(settings.get(), { candidates, samples, rounds, topK });
        return launch(docId, profile, (loop) =>
          runProve(loop, {
            problem: session.problem,
            ...search,
            // Recorded so the run is listed in History with its document.
            documentPath: session.absPath ? guard.toClientPath(session.absPath) : undefined,
          }),
        );
      },
      startRefine: async ({ docId, fromRunId, stepId, profile }) => {
        // The file on disk first, as Verify and Prove look: a clean document another program changed is
        // refined as the file is now (a step edited away by that change is then not found, said so below).
        await docs.syncWithDisk(docId);
        const session = docs.get(docId);
        refuseNothing('refine', session);
        const step = stepId === undefined ? undefined : session.doc.steps.find((x) => x.id === stepId);
        if (stepId !== undefined && !step) throw new RpcError(`no step "${stepId}" in the document (it may have been edited away)`, 'not-found');
        // "Refine this step" without a run named: the latest verify run of this document, if any.
        const runId = fromRunId ?? (step ? await latestVerifyRunId(session.absPath) : undefined);
        let analyses: string[] = [];
        if (runId) {
          const run = await store.loadRun(runId).catch(() => {
            throw new RpcError(`no run "${runId}"`, 'not-found');
          });
          const result = storedResult(run).verify;
          const flagsStep = (x: VerificationSample) => (step ? x.annotations.some((a) => a.stepId === step.id && FLAGGING_SEVERITIES.includes(a.severity)) : false);
          // Analyses that flagged the step come first, then low-scoring ones: they carry the defects to fix.
          analyses = (result?.samples ?? [])
            .filter((x) => x.status === 'parsed' && x.analysis)
            .sort((a, b) => Number(flagsStep(b)) - Number(flagsStep(a)) || (a.score ?? 1) - (b.score ?? 1))
            .map((x) => x.analysis);
        }
        return launch(docId, profile, (loop) =>
          runRefine(loop, {
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
      estimateRun: (request) => {
        let spec: string | null = null;
        try {
          spec = requireBackend().info().spec;
        } catch {
          // No backend loaded: the estimate gives the calls and says there is no measurement.
        }
        return estimateRun(store, spec, settings.get(), request);
      },
      resumeRun: async ({ docId, runId }) => {
        if (active.has(runId)) throw new RpcError(`run ${runId} is still running`, 'conflict');
        const session = docs.get(docId);
        const path = session.absPath ? guard.toClientPath(session.absPath) : null;
        const prepared = await prepareResume(store, runId, { path, problem: session.problem, doc: session.doc });
        const { runId: started } = await launch(docId, undefined, prepared.body);
        // Known once the run has started (the body sets the run up before its first event).
        return { runId: started, ...(prepared.note ? { note: prepared.note } : {}) };
      },
      // Damage is listed, never dropped; only the id and reason go to the client (no absolute paths).
      damagedRuns: async () => (await store.listRunsAndDamage()).damaged.map(({ runId, reason }) => ({ runId, reason })),
      listRuns: async ({ docId, path }) => {
        const all = (await store.listRuns()).map((listing) => toSummary(listing));
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
      loadRun: async ({ runId, docId }) => {
        try {
          const run = await store.loadRun(runId);
          const stored = storedResult(run);
          const { verify, refined, damaged } = stored;
          const prove = stored.prove ?? (await rebuiltPool(run));
          // Shown on a document: its findings become the document's, placed on the text as it is now.
          let shown: Pick<RunDetail, 'annotations' | 'docVersion'> = { annotations: annotationsOf(verify) };
          if (docId && verify) {
            const session = docs.get(docId);
            // Findings of this run the document holds already were carried through every edit since
            // (the same step edited stays current, see DocumentManager.edit), and came back with a
            // restored recovery copy: they stay as they are; the others are placed on the text.
            const held = new Map(session.annotations.filter((a) => a.provenance.runId === runId).map((a) => [a.id, a]));
            const placed = placeOnText(shown.annotations.filter((a) => !held.has(a.id)), verify, session.doc);
            let next = 0;
            docs.setAnnotations(docId, shown.annotations.map((a) => held.get(a.id) ?? placed[next++]));
            shown = { annotations: session.annotations, docVersion: session.version };
          }
          // The time it worked, from its record; none while it still runs.
          const worked = active.has(runId) ? null : workedMs(run);
          const detail: RunDetail = {
            summary: {
              runId: run.runId,
              kind: run.header.kind,
              path: run.header.document?.path ?? null,
              startedAt: Date.parse(run.header.createdAt),
              finishedAt: run.summary ? Date.parse(run.summary.finishedAt) : null,
              status: active.has(runId) ? 'running' : run.status,
              ...(run.summary?.error && !active.has(runId) ? { error: run.summary.error } : {}),
              // One count with History's (a call cancelled and issued again on a resume counts once).
              calls: callCount(run),
              ...(worked !== null ? { workedMs: worked } : {}),
              score: run.summary?.score ?? null,
              model: run.header.backend.model,
              ...selectionOf(run.header.params),
            },
            ...shown,
            ...(verify ? { verify } : {}),
            ...(prove ? { prove } : {}),
            ...(refined ? { refined } : {}),
            ...(damaged ? { damaged } : {}),
          };
          return detail;
        } catch (error) {
          if (error instanceof RunNotFoundError) throw new RpcError(error.message, 'not-found');
          throw error;
        }
      },
    },
  };
}
