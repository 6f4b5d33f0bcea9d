// `proofwright verify DIR|FILE… [--report out.html] [--json out.json]`: many proofs through the same
// loop, resumable from the run records, with an HTML report and a JSON summary.
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { isProofFile, PROOF_FILE_FORMATS } from '../common/proof-files';
import { runBatch, type BatchEntry } from '../batch/batch';
import { documentFormat, parseProof } from '../proof';
import { problemPathFor, readProblemFor, type GradingInput } from '../prompts';
import { renderReport } from '../report/html';
import { CliError, printJson, readInputFile, readProblemArg, safeText, writeOutputFile, type CliIO } from './io';
import { earlyStopFrom, prepareRun, type EarlyStopOptions, type ModelCommandOptions } from './model-options';
import { ProgressLine } from './progress';
import { EXIT_NO_VERDICT, noteAdaptations } from './verdicts';
import { whyNoVerdict } from '../common/noVerdict';

export interface BatchVerifyOptions extends ModelCommandOptions, EarlyStopOptions {
  problem?: string;
  samples: number;
  meta?: boolean;
  extract?: boolean;
  report?: string;
  jobs: number;
  fresh?: boolean;
  /**
   * Show the verifier the checker's verified/refuted computations (`--evidence`/`--no-evidence`;
   * unset: the profile's default, `evidenceByDefault`).
   */
  evidence?: boolean;
}


/** Proof files named on the command line, folders expanded recursively (sorted, hidden folders skipped). */
export async function expandInputs(cwd: string, inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && isProofFile(entry.name)) files.push(path);
    }
  };
  for (const input of inputs) {
    const path = resolve(cwd, input);
    const info = await stat(path).catch(() => null);
    if (!info) throw new CliError(`proof file not found: ${input}`);
    if (info.isDirectory()) await walk(path);
    else files.push(path);
  }
  if (files.length === 0) throw new CliError(`no proof files (${Object.keys(PROOF_FILE_FORMATS).join(', ')}) in ${inputs.join(', ')}`);
  return [...new Set(files)];
}

/**
 * Why a proof found in a folder cannot be graded when it has no problem statement: what to add (the
 * sibling `NAME.problem.md`, or `--problem` for every proof), the file named as it would be beside the proof.
 */
export function noProblemReason(proofPath: string): string {
  return `no problem statement: add ${basename(problemPathFor(proofPath))} beside it (or pass --problem FILE|TEXT for every proof)`;
}

/** Why a proof of the batch got no verdict, or null when it got one. */
function noVerdictReason(entry: BatchEntry): string | null {
  if (entry.result && entry.result.parsedSamples > 0) return null;
  if (!entry.result) return entry.error ?? 'not verified';
  return whyNoVerdict(entry.result.samples) || 'no samples';
}

/**
 * A batch proof's `status` in `verify --json` (README, "Grading many proofs"): `not-graded` (no problem
 * statement, reason in `notGraded`), `error` (the run failed, reason in `error`), `no-verdict` (it ran
 * and no sample gave a verdict), `verified` (a score).
 */
export type BatchStatus = 'verified' | 'no-verdict' | 'error' | 'not-graded';

/** `entry`'s {@link BatchStatus}; `notGraded`: it was skipped for want of a problem statement. */
export function batchStatus(entry: BatchEntry, notGraded: boolean): BatchStatus {
  if (!entry.result) return notGraded ? 'not-graded' : 'error';
  return noVerdictReason(entry) === null ? 'verified' : 'no-verdict';
}

function summaryLine(entry: BatchEntry, notGraded: boolean): string {
  const score = entry.result?.score;
  const missing = noVerdictReason(entry);
  const what = entry.error && !entry.result
    ? notGraded ? `not graded (${safeText(entry.error)})` : `error: ${safeText(entry.error)}`
    : `score ${score === null || score === undefined ? `none (${safeText(missing ?? 'no verdict')})` : Math.round(score * 1000) / 1000}`;
  const points = entry.result?.points;
  const pointsText = points && points.mean !== null ? `, ${Math.round(points.mean * 100) / 100}/${points.max} points` : '';
  const flagged = entry.result?.steps.filter((s) => s.flags > 0).map((s) => s.label) ?? [];
  const reused = entry.reused ? ' (from an earlier run)' : '';
  const early = entry.result?.earlyStop?.decision ? `; ${entry.result.earlyStop.decision} early after ${entry.result.samples.length}` : '';
  return `${entry.name}: ${what}${pointsText}${early}${flagged.length ? `; flagged ${flagged.join(', ')}` : ''}${reused}`;
}

/** Verify many proofs; with `grading`, every one is graded against the same reference and scheme (one problem's submissions). */
export async function verifyMany(io: CliIO, inputs: string[], options: BatchVerifyOptions, grading?: GradingInput): Promise<void> {
  const paths = await expandInputs(io.cwd, inputs);
  const sharedProblem = options.problem !== undefined ? await readProblemArg(io.cwd, options.problem) : undefined;
  // A proof without a problem statement is listed as not graded (with what to add) and the rest of the
  // batch goes on: one missing file must not cost the other proofs their verdicts or the report.
  const read = await Promise.all(
    paths.map(async (path) => {
      const name = relative(io.cwd, path) || path;
      const text = await readInputFile(io.cwd, path, 'proof file');
      const doc = parseProof(text, documentFormat(path, text));
      const problem = sharedProblem ?? (await readProblemFor(path).catch(() => null));
      if (problem === null) return { name, problem: '', doc, skipped: noProblemReason(path) };
      return { name, problem, doc, ...(grading ? { grading } : {}) };
    }),
  );
  const items = read.filter((item) => !('skipped' in item));
  const run = await prepareRun(io, { ...options, progress: false }, 'verify');
  if (!run.store) {
    // One file with --report also goes this way (the report is written from the records).
    const why = paths.length === 1 && options.report ? '--report is written from the run records' : 'batch verification keeps its results in run records';
    throw new CliError(`${why}: drop --no-record`);
  }
  run.ctx.extractFindings = options.extract ?? false;
  const check = await import('../check');
  const evidence = options.evidence ?? check.evidenceByDefault(options.profile);
  const progress = options.progress || io.stderrIsTTY ? new ProgressLine(io, 'verify') : null;
  const earlyStop = earlyStopFrom(options);
  try {
    const batch = await runBatch(items, {
      earlyStop,
      ctx: { ...run.ctx, store: run.store },
      samples: options.samples,
      meta: options.meta ?? false,
      jobs: options.jobs,
      fresh: options.fresh ?? false,
      evidence: evidence ? check.computationEvidence : undefined,
      onProgress: (p) => progress?.batch(p),
    });
    progress?.finish();
    // Back in the order the proofs were found, the skipped ones with why (no result: no verdict, exit 3).
    const notGraded = new Set(read.flatMap((item) => ('skipped' in item ? [item.name] : [])));
    const done = new Map(batch.entries.map((e) => [e.name, e]));
    const outcome = {
      ...batch,
      entries: read.map((item): BatchEntry =>
        'skipped' in item ? { name: item.name, doc: item.doc, problem: '', result: null, reused: false, error: item.skipped } : done.get(item.name)!,
      ),
    };
    noteAdaptations(io, run.backend);
    const info = run.backend.info();
    const settings = {
      backend: info.spec,
      model: info.model,
      profile: options.profile,
      samples: options.samples,
      meta: options.meta ?? false,
      evidence,
      // Early stopping: accept after this many passes in a row, reject after this many failures.
      ...(earlyStop ? { acceptAfter: earlyStop.accept, rejectAfter: earlyStop.reject } : {}),
    };
    if (options.report) {
      const { readWorkspaceMacros } = await import('../engine/workspace-macros');
      const macros = (await readWorkspaceMacros(run.workspace)) ?? undefined;
      const html = renderReport({
        title: `Proofwright report: ${read.length} proof${read.length === 1 ? '' : 's'}`,
        generatedAt: new Date(),
        settings,
        entries: outcome.entries.map((e) => ({
          name: e.name, problem: e.problem, doc: e.doc, result: e.result, macros, checker: check.checkerFindingsForReport(e.doc, macros),
          ...(notGraded.has(e.name) ? { notGraded: e.error } : { error: e.error }),
        })),
      });
      await writeOutputFile(io, options.report, html);
    }
    // A proof left ungraded (no problem statement) is not a failed run: its own status and field, no `error`.
    const proofs = outcome.entries.map((e) => ({
      file: e.name,
      status: batchStatus(e, notGraded.has(e.name)),
      reused: e.reused,
      ...(notGraded.has(e.name) ? { notGraded: e.error } : { error: e.error }),
      ...(e.result ?? { score: null, samples: [], steps: [] }),
    }));
    const scored = proofs.filter((p) => typeof p.score === 'number');
    const summary = {
      proofs: proofs.length,
      verified: scored.length,
      reused: outcome.entries.filter((e) => e.reused).length,
      failed: outcome.entries.filter((e) => e.error && !e.result && !notGraded.has(e.name)).length,
      notGraded: notGraded.size,
      noVerdict: outcome.entries.filter((e) => noVerdictReason(e) !== null).length,
      meanScore: scored.length ? scored.reduce((a, p) => a + (p.score as number), 0) / scored.length : null,
      ...(outcome.callsSaved !== undefined ? { callsSaved: outcome.callsSaved } : {}),
    };
    if (options.json) await printJson(io, { ...settings, summary, proofs }, options.json);
    if (options.json !== true) {
      io.stdout(outcome.entries.map((e) => summaryLine(e, notGraded.has(e.name))).join('\n') + '\n');
      if (outcome.callsSaved !== undefined) io.stdout(`early stopping saved ${outcome.callsSaved} verification(s) of the ${options.samples} per proof\n`);
      if (options.report) io.stdout(`report: ${options.report}\n`);
    }
    if (outcome.cancelled) throw new CliError('cancelled; finished proofs are kept and rerunning the same command resumes', 130);
    if (summary.noVerdict > 0) {
      // Grouped by reason so a dead server reads as one line, not one per proof.
      const why = new Map<string, number>();
      for (const e of outcome.entries) {
        const reason = noVerdictReason(e);
        if (reason !== null) why.set(reason, (why.get(reason) ?? 0) + 1);
      }
      const reasons = [...why].map(([reason, n]) => `${n} proof${n === 1 ? '' : 's'}: ${safeText(reason)}`).join('; ');
      throw new CliError(`${summary.noVerdict} of ${proofs.length} proofs got no verdict (${reasons})`, EXIT_NO_VERDICT);
    }
  } finally {
    await run.backend.dispose();
  }
}
