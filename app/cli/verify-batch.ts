// `proofwright verify DIR|FILE… [--report out.html] [--json out.json]`: many proofs through the same
// loop, resumable from the run records, with an HTML report and a JSON summary.
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { isProofFile, isSkippedFolder, PROBLEM_FILE_SUFFIX, PROOF_FILE_FORMATS, REFERENCE_FILE_SUFFIX, RUBRIC_FILE_SUFFIX, WORKSPACE_MACROS_FILE } from '../common/proof-files';
import { runBatch, type BatchEntry } from '../batch/batch';
import { documentFormat, parseProof } from '../proof';
import { problemPathFor, readProblemFor, type GradingInput } from '../prompts';
import { renderReport } from '../report/html';
import { CliError, encodingNote, printJson, readInputFile, readProblemArg, safeText, writeOutputFile, type CliIO } from './io';
import { earlyStopFrom, prepareRun, type EarlyStopOptions, type ModelCommandOptions } from './model-options';
import { ProgressLine } from './progress';
import { EXIT_NO_VERDICT, noteAdaptations } from './verdicts';
import { whyNoVerdict } from '../common/noVerdict';
import { missingVerdictsWording, pointsWording, sampleVerdictsOf } from '../common/run-status';
import { DEFAULT_VERIFY } from '../common/run-settings';

export interface BatchVerifyOptions extends ModelCommandOptions, EarlyStopOptions {
  problem?: string;
  /** `--reference` / `--rubric` files: when they lie in a folder being graded, they are not graded as submissions. */
  reference?: string | false;
  rubric?: string;
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


/** What `expandInputs` is told and tells back besides the list of proof files. */
export interface ExpandOptions {
  /**
   * Files that are not submissions, by absolute path, with what they are (the `--reference`, `--rubric`
   * or `--problem` file kept beside the students' proofs, found in a folder or named by a shell glob such
   * as `class/*.md`): left out, and `note` says so.
   */
  exclude?: ReadonlyMap<string, string>;
  /**
   * When given, proof files found in a folder that are not read get an entry here (absolute path →
   * why) and stay in the list in their place, so they are reported instead of vanishing: a link to a
   * file outside the folder (never read: the grading stays inside the folder it was given) or a broken link.
   */
  unread?: Map<string, string>;
  /** One line for the user (stderr) about something left out. */
  note?: (line: string) => void;
}

/**
 * Proof files named on the command line, folders expanded recursively (sorted; version control's
 * folders, node_modules and `.proofwright/` skipped, other hidden folders read; hidden files other than
 * proofs skipped: `.draft.md` is read, `.gitignore` is not). A link found in a folder is followed only to a file inside that folder; links to folders are
 * not followed (a loop, or a way out of the folder), and `note` says so.
 */
export async function expandInputs(cwd: string, inputs: string[], options: ExpandOptions = {}): Promise<string[]> {
  const files: string[] = [];
  const shown = (path: string) => relative(cwd, path) || path;
  const walk = async (root: string, dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      // Version control's folders, node_modules and the app's .proofwright are skipped (isSkippedFolder),
      // other hidden folders read as the workbench lists them; a dotfile is read only when it is a proof.
      if (entry.isDirectory() ? isSkippedFolder(entry.name) : entry.name.startsWith('.') && !(entry.isFile() && isProofFile(entry.name))) continue;
      const path = join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        const target = await realpath(path).catch(() => null);
        const info = target ? await stat(target).catch(() => null) : null;
        if (info?.isDirectory()) {
          options.note?.(`verify: ${shown(path)} is a link to a folder: not followed (name the folder itself to grade what is in it)`);
          continue;
        }
        if (!isProofFile(entry.name)) continue;
        const inside = target !== null && (target === root || target.startsWith(root + sep));
        const why = !target || !info ? 'a broken link: there is no file to read' : inside ? null : 'a link to a file outside the folder: not read (copy the file into the folder, or name it on the command line)';
        if (why === null) files.push(path);
        else if (options.unread) {
          options.unread.set(path, why);
          files.push(path);
        } else options.note?.(`verify: ${shown(path)} is ${why}`);
        continue;
      }
      if (entry.isDirectory()) await walk(root, path);
      else if (entry.isFile() && !isProofFile(entry.name)) {
        if (!isCompanionFile(entry.name)) others.push(shown(path));
      } else if (entry.isFile()) {
        const what = options.exclude?.get(path);
        if (what !== undefined) options.note?.(`verify: ${shown(path)} is the ${what}: not graded as a submission`);
        else files.push(path);
      }
    }
  };
  // Files a folder holds that are not proofs (a .pdf, .docx or .txt handed in, …): not graded, and said,
  // so a submission in another format does not vanish from the class list without a word.
  const others: string[] = [];
  for (const input of inputs) {
    const path = resolve(cwd, input);
    const info = await stat(path).catch(() => null);
    if (!info) throw new CliError(`proof file not found: ${input}`);
    if (info.isDirectory()) await walk(await realpath(path), path);
    else if (options.exclude?.has(path)) {
      // `verify class/*.md --reference class/reference.md`: the shell's glob named it, the user did not mean it.
      options.note?.(`verify: ${shown(path)} is the ${options.exclude.get(path)}: not graded as a submission`);
    } else files.push(path);
  }
  if (others.length) {
    const listed = others.length > 10 ? `${others.slice(0, 10).join(', ')} and ${others.length - 10} more` : others.join(', ');
    options.note?.(`verify: ${others.length} file${others.length === 1 ? ' is' : 's are'} not a proof (${Object.keys(PROOF_FILE_FORMATS).join(', ')}) and not graded: ${listed}`);
  }
  if (files.length === 0) throw new CliError(`no proof files (${Object.keys(PROOF_FILE_FORMATS).join(', ')}) in ${inputs.join(', ')}`);
  return [...new Set(files)];
}

/** A file that goes with proofs without being one: a problem, reference or scheme, a README, the workspace macros. */
function isCompanionFile(name: string): boolean {
  const lower = name.toLowerCase();
  return [PROBLEM_FILE_SUFFIX, REFERENCE_FILE_SUFFIX, RUBRIC_FILE_SUFFIX].some((suffix) => lower.endsWith(suffix)) || /^readme\./.test(lower) || name.startsWith('~$') || name === WORKSPACE_MACROS_FILE;
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

/**
 * `entry`'s {@link BatchStatus}; `notGraded`: it was skipped (no problem statement, an empty file, a
 * link out of the folder). A run that did not finish (cancelled: `error` set beside a partial result) is
 * an `error`, not `verified`: its mean is over the samples that happened to finish before the stop.
 */
export function batchStatus(entry: BatchEntry, notGraded: boolean): BatchStatus {
  if (!entry.result) return notGraded ? 'not-graded' : 'error';
  if (entry.error) return 'error';
  return noVerdictReason(entry) === null ? 'verified' : 'no-verdict';
}

function summaryLine(entry: BatchEntry, notGraded: boolean): string {
  const score = entry.result?.score;
  const missing = noVerdictReason(entry);
  // A cancelled proof's partial samples are not its score: said as the JSON's status says it.
  const partial = entry.error && entry.result ? ` (${entry.result.samples.filter((s) => s.status !== 'cancelled').length} of ${entry.result.samples.length} samples finished)` : '';
  const what = entry.error
    ? notGraded ? `not graded (${safeText(entry.error)})` : `error: ${safeText(entry.error)}${partial}`
    : `score ${score === null || score === undefined ? `none (${safeText(missing ?? 'no verdict')})` : Math.round(score * 1000) / 1000}`;
  const points = entry.error ? undefined : entry.result?.points;
  const pointsSaid = points ? pointsWording(points) : null;
  const pointsText = pointsSaid ? `, ${pointsSaid}` : '';
  // A mean over fewer samples than were asked for is said, as the JSON (`parsedSamples`) and the report
  // ("Samples parsed 3/4") say it (reviewer rev19 F9).
  const counts = entry.error ? undefined : sampleVerdictsOf(entry.result);
  const fewer = counts && counts.verdicts > 0 ? missingVerdictsWording(counts) : null;
  const countsText = fewer ? ` (${fewer})` : '';
  const flagged = entry.result?.steps.filter((s) => s.flags > 0).map((s) => s.label) ?? [];
  const aside = entry.reusedMapped ? ' but for line endings and trailing spaces or blank lines' : '';
  const reused = entry.reused ? (entry.reusedFrom !== undefined ? ` (the same text as ${safeText(entry.reusedFrom)}${aside}: its result, not verified again)` : ' (from an earlier run)') : '';
  const early = entry.result?.earlyStop?.decision ? `; ${entry.result.earlyStop.decision} early after ${entry.result.samples.length}` : '';
  return `${entry.name}: ${what}${pointsText}${countsText}${early}${flagged.length ? `; flagged ${flagged.join(', ')}` : ''}${reused}`;
}

/** Verify many proofs; with `grading`, every one is graded against the same reference and scheme (one problem's submissions). */
export async function verifyMany(io: CliIO, inputs: string[], options: BatchVerifyOptions, grading?: GradingInput): Promise<void> {
  // The reference, marking scheme and problem are often kept in the submissions folder: they are not
  // submissions, and grading them would put the official solution's score into the class mean.
  const exclude = new Map<string, string>();
  const given: [string | false | undefined, string][] = [[options.reference, 'reference solution (--reference)'], [options.rubric, 'marking scheme (--rubric)'], [options.problem, 'problem statement (--problem)']];
  for (const [value, what] of given) if (typeof value === 'string') exclude.set(resolve(io.cwd, value), what);
  const unread = new Map<string, string>();
  const paths = await expandInputs(io.cwd, inputs, { exclude, unread, note: (line) => io.stderr(`${line}\n`) });
  const sharedProblem = options.problem !== undefined ? await readProblemArg(io.cwd, options.problem, encodingNote(io, 'verify', options.problem)) : undefined;
  // A proof without a problem statement is listed as not graded (with what to add) and the rest of the
  // batch goes on: one missing file must not cost the other proofs their verdicts or the report. So is
  // a file that is not read (a link out of the folder) or is empty (nothing for a model to grade: a
  // model asked anyway may well give it a score).
  const read = await Promise.all(
    paths.map(async (path) => {
      const name = relative(io.cwd, path) || path;
      const why = unread.get(path);
      if (why !== undefined) return { name, problem: '', doc: parseProof('', 'markdown'), skipped: why };
      const text = await readInputFile(io.cwd, path, 'proof file', encodingNote(io, 'verify', name));
      const doc = parseProof(text, documentFormat(path, text));
      if (!text.trim()) return { name, problem: '', doc, skipped: 'the file is empty: nothing to grade' };
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
  run.ctx.extractFindings = options.extract ?? DEFAULT_VERIFY.extract;
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
    // A proof left ungraded (no problem statement) is not a failed run: its own status and field, no `error`.
    const proofs = outcome.entries.map((e) => ({
      file: e.name,
      status: batchStatus(e, notGraded.has(e.name)),
      reused: e.reused,
      ...(e.reusedFrom !== undefined ? { reusedFrom: e.reusedFrom } : {}),
      ...(e.reusedMapped ? { reusedMapped: true } : {}),
      ...(notGraded.has(e.name) ? { notGraded: e.error } : { error: e.error }),
      ...(e.result ?? { score: null, samples: [], steps: [] }),
    }));
    // The four statuses partition the proofs (verified + noVerdict + failed + notGraded = proofs), and
    // the means are over the verified ones only: a proof without a score is neither 0 nor left to guess.
    const scored = proofs.filter((p) => p.status === 'verified');
    const count = (status: BatchStatus) => proofs.filter((p) => p.status === status).length;
    const pointMeans = outcome.entries.flatMap((e, i) => {
      const mean = e.result?.points?.mean;
      return proofs[i].status === 'verified' && typeof mean === 'number' ? [mean] : [];
    });
    const summary = {
      proofs: proofs.length,
      verified: scored.length,
      reused: outcome.entries.filter((e) => e.reused).length,
      failed: count('error'),
      notGraded: count('not-graded'),
      noVerdict: count('no-verdict'),
      meanScore: scored.length ? scored.reduce((a, p) => a + (p.score as number), 0) / scored.length : null,
      // Grading with a reference: the mean of the verified proofs' mean points, on 0–pointsMax.
      ...(grading ? { meanPoints: pointMeans.length ? pointMeans.reduce((a, b) => a + b, 0) / pointMeans.length : null, pointsMax: grading.points } : {}),
      ...(outcome.callsSaved !== undefined ? { callsSaved: outcome.callsSaved } : {}),
    };
    if (options.report) {
      const { readWorkspaceMacros } = await import('../engine/workspace-macros');
      const macros = (await readWorkspaceMacros(run.workspace)) ?? undefined;
      const html = renderReport({
        title: `Proofwright report: ${read.length} proof${read.length === 1 ? '' : 's'}`,
        generatedAt: new Date(),
        settings,
        summary,
        entries: outcome.entries.map((e) => ({
          name: e.name, problem: e.problem, doc: e.doc, result: e.result, macros, checker: check.checkerFindingsForReport(e.doc, macros),
          // What its points are for: the reference and scheme every proof of this batch was graded against.
          ...(notGraded.has(e.name) ? { notGraded: e.error } : { error: e.error, ...(grading ? { grading } : {}) }),
        })),
      });
      await writeOutputFile(io, options.report, html);
    }
    if (options.json) await printJson(io, { ...settings, summary, proofs }, options.json);
    if (options.json !== true) {
      io.stdout(outcome.entries.map((e) => summaryLine(e, notGraded.has(e.name))).join('\n') + '\n');
      if (outcome.callsSaved !== undefined) io.stdout(`early stopping saved ${outcome.callsSaved} verification(s) of the ${options.samples} per proof\n`);
      if (options.report) io.stdout(`report: ${options.report}\n`);
    }
    if (outcome.cancelled) throw new CliError('cancelled; finished proofs are kept and rerunning the same command resumes', 130);
    const unscored = proofs.length - summary.verified;
    if (unscored > 0) {
      // Grouped by reason so a dead server reads as one line, not one per proof.
      const why = new Map<string, number>();
      outcome.entries.forEach((e, i) => {
        if (proofs[i].status === 'verified') return;
        const reason = e.error ?? noVerdictReason(e) ?? 'no verdict';
        why.set(reason, (why.get(reason) ?? 0) + 1);
      });
      const reasons = [...why].map(([reason, n]) => `${n} proof${n === 1 ? '' : 's'}: ${safeText(reason)}`).join('; ');
      throw new CliError(`${unscored} of ${proofs.length} proofs got no verdict (${reasons})`, EXIT_NO_VERDICT);
    }
  } finally {
    await run.backend.dispose();
  }
}
