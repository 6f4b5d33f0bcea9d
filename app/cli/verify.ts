// `proofwright verify FILE [--problem FILE|TEXT] [--samples M] [--meta] …`: verify a proof file.
import { readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError, encodingNote, intUpTo, positiveInt, printJson, readInputFile, readProblemArg, type CliIO } from './io';
import type { ProofDocument } from '../common/proof';
import { gradingPathsFor } from '../common/proof-files';
import { DEFAULT_POINTS, MAX_POINTS, notValidYaml, rubricGuidance, rubricPointsLine } from '../common/rubric';
import type { VerifyResult } from '../common/results';
import { DEFAULT_VERIFY } from '../common/run-settings';
import type { GradingInput } from '../prompts';
import {
  addEarlyStopOptions,
  addModelOptions,
  backendOfRun,
  earlyStopFrom,
  prepareRun,
  reopenForResume,
  RECORDED_SAMPLING_OPTIONS,
  refuseOnResume,
  resumeStep,
  type EarlyStopOptions,
  type PreparedRun,
} from './model-options';
import type { BatchVerifyOptions } from './verify-batch';
import { verifyReport } from './report';
import { noteAdaptations, requireVerdict } from './verdicts';

type VerifyOptions = BatchVerifyOptions & EarlyStopOptions & { resume?: string; reference?: string | false; rubric?: string; points?: number };

export function registerVerify(program: Command, io: CliIO): void {
  const command = program
    .command('verify')
    .description('verify a proof: m verifier samples, mean score, per-step findings and consensus')
    .argument('[files...]', 'proof files (.md or .tex) or folders of them')
    .option('--problem <file|text>', 'the problem: a file to read, or the statement itself (default: the sibling NAME.problem.md)')
    .option('--samples <m>', 'verifier samples', positiveInt('--samples'), DEFAULT_VERIFY.samples)
    .option('--meta', 'meta-verify each analysis and mark its findings confirmed/disputed')
    .option('--extract', 'run the JSON extraction pass on free-text analyses without usable findings')
    .option('--report <file>', 'write a self-contained HTML report (rendered proofs, findings beside each step)')
    .option('--jobs <n>', 'proofs verified at once when there are several', positiveInt('--jobs'), 2)
    .option('--fresh', 'verify again even where this workspace has a finished run with the same settings')
    .option('--evidence', 'show the verifier the computations the deterministic checker verified or refuted (default with --profile labelled)')
    .option('--no-evidence', "don't show them (default with --profile deepseek-math-v2, which keeps the released model's prompt)")
    .option('--reference <file>', 'grade against this reference (official) solution: each sample also awards points (one proof: default the sibling NAME.reference.md, as in the app)')
    .option('--no-reference', 'one proof: verify without grading, even with a NAME.reference.md beside it')
    .option('--rubric <file>', 'the marking scheme (grading guidelines) to grade with; needs --reference (default beside a sibling reference: NAME.rubric.md)')
    .option('--points <n>', `top of the points scale when grading with --reference (default: the marking scheme's front matter \`points: N\`, else ${DEFAULT_POINTS})`, intUpTo('--points', MAX_POINTS))
    .option('--resume <run-id>', 'continue an interrupted or cancelled verification of one proof from its record');
  addEarlyStopOptions(command);
  addModelOptions(command).action(async (files: string[], options: VerifyOptions) => {
    if (options.resume) {
      // The samples, options and sampling come from the record (verifySpecOf, applyRecordedSettings).
      refuseOnResume(command, ['samples', 'meta', 'extract', 'evidence', 'reference', 'rubric', 'points', 'earlyStop', 'acceptAfter', 'rejectAfter', ...RECORDED_SAMPLING_OPTIONS]);
      return resumeVerify(io, options, options.resume);
    }
    if (files.length === 0) throw new CliError("missing required argument 'files' (or pass --resume RUN_ID)", 2);
    // Several proofs, a folder or a report: the resumable batch path. One file: a fresh verification.
    const single = files.length === 1 && (await stat(resolve(io.cwd, files[0])).catch(() => null))?.isDirectory() !== true;
    const grading = await gradingFrom(io, options, single ? files[0] : undefined);
    options.evidence ??= (await import('../check')).evidenceByDefault(options.profile);
    if (!single || options.report) return (await import('./verify-batch')).verifyMany(io, files, options, grading);
    const file = files[0];
    const text = await readInputFile(io.cwd, file, 'proof file', encodingNote(io, 'verify', file));
    // Nothing for a model to grade, and a model asked anyway may well give it a score.
    if (!text.trim()) throw new CliError(`the proof file ${file} is empty: nothing to verify`);
    const [{ runVerify }, { documentFormat, parseProof }] = await Promise.all([import('../loop'), import('../proof')]);
    const problem = options.problem !== undefined ? await readProblemArg(io.cwd, options.problem) : await problemFromSibling(io, file);
    const doc = parseProof(text, documentFormat(file, text));
    const run = await prepareRun(io, options, 'verify');
    run.ctx.extractFindings = options.extract ?? DEFAULT_VERIFY.extract;
    try {
      const evidence = options.evidence ? (await import('../check')).computationEvidence(doc) : undefined;
      const result = await runVerify(run.ctx, { problem, doc, samples: options.samples, meta: options.meta ?? false, evidence, documentPath: file, earlyStop: earlyStopFrom(options), grading });
      await finishVerify(io, options, run, result, doc, file);
    } finally {
      await run.backend.dispose();
    }
  });
}

/**
 * `verify --resume RUN_ID`: the proof file, problem, samples and settings come from the run's record;
 * the file must still hold the text that was being verified.
 */
async function resumeVerify(io: CliIO, options: VerifyOptions, runId: string): Promise<void> {
  options.backend = await backendOfRun(io, options, runId);
  const [{ runVerify }, { documentFormat, parseProof }, { verifySpecOf, checkVerifyInputs, finishedCalls }] = await Promise.all([import('../loop'), import('../proof'), import('../loop/resume')]);
  const run = await prepareRun(io, options, 'verify');
  try {
    const resume = await reopenForResume(io, run, runId, 'verify');
    const spec = await resumeStep(() => verifySpecOf(resume));
    const file = spec.file;
    const text = await readInputFile(io.cwd, file, 'proof file');
    const given = resume.run.header.problem !== undefined ? undefined : options.problem !== undefined ? await readProblemArg(io.cwd, options.problem) : await problemFromSibling(io, file);
    const problem = await resumeStep(() => checkVerifyInputs(resume, text, given));
    const doc = parseProof(text, documentFormat(file, text));
    run.ctx.extractFindings = spec.extractFindings;
    const evidence = spec.evidence ? (await import('../check')).computationEvidence(doc) : undefined;
    io.stderr(`verify: resuming ${runId}: ${finishedCalls(resume)} finished call(s) in the record are re-used\n`);
    const result = await runVerify(run.ctx, { problem, doc, samples: spec.samples, meta: spec.meta, evidence, documentPath: file, earlyStop: spec.earlyStop, grading: spec.grading }, resume);
    await finishVerify(io, options, run, result, doc, file);
  } finally {
    await run.backend.dispose();
  }
}

async function finishVerify(
  io: CliIO,
  options: VerifyOptions,
  run: PreparedRun,
  result: VerifyResult,
  doc: ProofDocument,
  file: string,
): Promise<void> {
  run.progress?.finish();
  noteAdaptations(io, run.backend);
  if (options.json) {
    // Without a record there is no run to look up by its id: the JSON leaves it out, as the report does.
    const { runId, ...rest } = result;
    await printJson(io, { ...(run.store ? { runId } : {}), ...rest, file, format: doc.format, backend: run.backend.info().spec, model: run.backend.info().model, profile: run.ctx.profile }, options.json);
  }
  // `--json FILE` writes the JSON and still shows the report; plain `--json` replaces it.
  if (options.json !== true) {
    // Absolute: the report goes to stdout, so it may be read from a file, a log or a pipe anywhere;
    // a path relative to the folder the command ran in would lead nowhere from there.
    // Without a record (--no-record) no run id: there is nothing to look up or resume by it.
    const record = run.store ? { runId: result.runId, path: join(run.store.dir, `${result.runId}.jsonl`) } : undefined;
    io.stdout(verifyReport(result, doc, file, record));
  }
  if (io.signal?.aborted) {
    throw new CliError(run.store ? `cancelled; the finished calls are kept in the run record (continue with: verify --resume ${result.runId})` : 'cancelled (--no-record: nothing was kept)', 130);
  }
  requireVerdict(result);
}

/**
 * `--reference FILE [--rubric FILE] [--points N]`: what the grade template needs, or undefined. Without
 * `--reference`, one proof (`proofFile`) is graded against the reference beside it, `NAME.reference.md`
 * with `NAME.rubric.md` (app/common/proof-files.ts), as the app's Verify does; `--no-reference` opts out.
 */
async function gradingFrom(io: CliIO, options: VerifyOptions, proofFile?: string): Promise<GradingInput | undefined> {
  if (options.reference === undefined || options.reference === false) {
    if (options.rubric !== undefined) throw new CliError('--rubric needs --reference (the official solution it goes with)');
    return options.reference === undefined && proofFile !== undefined ? siblingGrading(io, options, proofFile) : undefined;
  }
  const reference = await readInputFile(io.cwd, options.reference, 'reference solution', encodingNote(io, 'verify', options.reference));
  if (!reference.trim()) throw new CliError(`the reference solution ${options.reference} is empty`);
  const rubric = options.rubric !== undefined ? await readInputFile(io.cwd, options.rubric, 'marking scheme', encodingNote(io, 'verify', options.rubric)) : '';
  return { reference, ...scaleOf(io, options, rubric, options.rubric ?? '') };
}

/**
 * The marking scheme the grader reads and the scale: `--points` when given, else the scheme's front
 * matter `points: N` (app/common/rubric.ts, what the app's Points field records), else 7. A front matter
 * value that is no scale, one `--points` overrides, or a front matter YAML cannot read is said on stderr.
 */
function scaleOf(io: CliIO, options: VerifyOptions, rubric: string, rubricFile: string): { rubric: string; points: number } {
  const stated = rubricPointsLine(rubric);
  if (stated.unreadable) {
    io.stderr(`verify: the front matter of ${rubricFile} ${notValidYaml(stated.unreadable)}, so its points are not read; grading on ${options.points ?? DEFAULT_POINTS} points\n`);
  } else if (stated.invalid !== undefined) {
    io.stderr(`verify: ${rubricFile} says points: ${stated.invalid}, which is no whole number from 1 to ${MAX_POINTS}; ignored\n`);
  } else if (stated.points !== undefined && options.points !== undefined && options.points !== stated.points) {
    io.stderr(`verify: --points ${options.points} overrides points: ${stated.points} in ${rubricFile}\n`);
  }
  return { rubric: rubricGuidance(rubric), points: options.points ?? stated.points ?? DEFAULT_POINTS };
}

/** The sibling reference (and marking scheme) of one proof, said on stderr when used; undefined when there is none or it is empty. */
async function siblingGrading(io: CliIO, options: VerifyOptions, proofFile: string): Promise<GradingInput | undefined> {
  const paths = gradingPathsFor(resolve(io.cwd, proofFile));
  const read = (path: string) =>
    readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw new CliError(`cannot read ${relative(io.cwd, path)}: ${error.code ?? error.message}`);
    });
  const reference = await read(paths.reference);
  const rubricFile = await read(paths.rubric);
  const rubric = rubricGuidance(rubricFile);
  if (!reference.trim()) {
    // The grade prompt marks against the reference solution; a marking scheme alone is not enough to
    // grade with (the app's Verify ignores it too), so the proof is verified without points: said, since
    // a user who wrote the scheme expects points.
    if (rubric.trim()) {
      io.stderr(
        `verify: ${relative(io.cwd, paths.rubric)} is ignored: grading needs the reference solution too ` +
          `(${relative(io.cwd, paths.reference)}${reference ? ', which is empty' : ''}, or --reference FILE); verifying without points\n`,
      );
    }
    return undefined;
  }
  io.stderr(`verify: grading against ${relative(io.cwd, paths.reference)}${rubric.trim() ? ` and ${relative(io.cwd, paths.rubric)}` : ''} (beside the proof; --no-reference to verify without)\n`);
  return { reference, ...scaleOf(io, options, rubricFile, relative(io.cwd, paths.rubric)) };
}

async function problemFromSibling(io: CliIO, file: string): Promise<string> {
  const { readProblemFor } = await import('../prompts');
  try {
    return await readProblemFor(resolve(io.cwd, file));
  } catch {
    throw new CliError(`no problem statement: pass --problem FILE|TEXT (or put it next to the proof as NAME.problem.md)`);
  }
}
