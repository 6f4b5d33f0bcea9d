// `proofwright prove --problem FILE|TEXT [--preset quick|paper|released] [--candidates N] [--samples M]
// [--rounds T] [--top-k K] [--early-stop] [--resume RUN_ID] [--dry-run]`: generate, verify, refine until a
// proof passes all m verifications or the rounds run out. Prints the call bound and an estimated time first.
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import {
  SEARCH_PRESET_NAMES,
  estimateSearchCalls,
  estimateSearchTime,
  formatDuration,
  resolveSearch,
  type SearchParams,
} from '../common/search';
import { CliError, nonNegativeInt, positiveInt, printJson, readProblemArg, type CliIO } from './io';
import {
  addEarlyStopOptions,
  addModelOptions,
  backendOfRun,
  earlyStopFrom,
  prepareRun,
  RECORDED_SAMPLING_OPTIONS,
  refuseOnResume,
  reopenForResume,
  resumeStep,
  type EarlyStopOptions,
  type ModelCommandOptions,
} from './model-options';
import { proveReport } from './report';
import { noteAdaptations, requireProveVerdict } from './verdicts';

interface ProveOptions extends ModelCommandOptions, EarlyStopOptions {
  problem?: string;
  preset?: string;
  candidates?: number;
  samples?: number;
  rounds?: number;
  topK?: number;
  resume?: string;
  dryRun?: boolean;
}

export function registerProve(program: Command, io: CliIO): void {
  const command = program
    .command('prove')
    .description('search for a proof: generate n candidates, verify each m times, refine the best k, repeat')
    .option('--problem <file|text>', 'the problem: a file to read, or the statement itself (not needed with --resume)')
    .addOption(new Option('--preset <name>', 'search size: quick (4×4, 2 rounds of the top 2), paper (64×64, top 64, 16 rounds), released (128×64, top 32, 16 rounds); flags override it').choices([...SEARCH_PRESET_NAMES, 'custom']))
    .option('--candidates <n>', 'candidates generated in the first round (default: the preset\'s; quick: 4)', positiveInt('--candidates'))
    .option('--samples <m>', 'verifications per candidate (quick: 4)', positiveInt('--samples'))
    .option('--rounds <t>', 'refinement rounds after the first, 0: generate and verify only (quick: 2)', nonNegativeInt('--rounds'))
    .option('--top-k <k>', 'candidates refined per round (quick: 2)', positiveInt('--top-k'))
    .option('--resume <run-id>', 'continue an interrupted or cancelled prove run from its record (same settings and seeds)')
    .option('--dry-run', 'print the number of model calls and the estimated time, then stop');
  addEarlyStopOptions(command);
  addModelOptions(command).action(async (options: ProveOptions) => {
    if (options.resume) {
      // The search size, the early-stopping rule and the sampling come from the record.
      refuseOnResume(command, ['preset', 'candidates', 'samples', 'rounds', 'topK', 'earlyStop', 'acceptAfter', 'rejectAfter', ...RECORDED_SAMPLING_OPTIONS]);
      return options.dryRun ? dryRunResume(io, options, options.resume) : resumeProve(io, options, options.resume);
    }
    if (options.problem === undefined) throw new CliError("required option '--problem <file|text>' not specified (or pass --resume RUN_ID)", 2);
    const problem = await readProblemArg(io.cwd, options.problem);
    const search = resolveSearch(options.preset, { candidates: options.candidates, samples: options.samples, rounds: options.rounds, topK: options.topK });
    if (options.dryRun) {
      const spec = options.backend ?? io.env.PROOFWRIGHT_BACKEND;
      await printEstimate(io, options, search, spec, options.concurrency ?? (await defaultConcurrency(io, options, spec)), earlyStopFrom(options) !== undefined);
      return;
    }
    const { runProve } = await import('../loop');
    const run = await prepareRun(io, options, 'prove');
    try {
      await printEstimate(io, options, search, run.backend.info().spec, run.ctx.concurrency, earlyStopFrom(options) !== undefined);
      const result = await runProve(run.ctx, { problem, ...search, earlyStop: earlyStopFrom(options), documentPath: await problemFilePath(io, options.problem) });
      await finishProve(io, options, run, result);
    } finally {
      await run.backend.dispose();
    }
  });
}

/** The problem argument when it names a file (recorded so the run is listed with that document). */
async function problemFilePath(io: CliIO, value: string): Promise<string | undefined> {
  return (await stat(resolve(io.cwd, value)).catch(() => null))?.isFile() ? value : undefined;
}

async function resumeProve(io: CliIO, options: ProveOptions, runId: string): Promise<void> {
  options.backend = await backendOfRun(io, options, runId);
  const { runProve } = await import('../loop');
  const run = await prepareRun(io, options, 'prove');
  try {
    const resume = await reopenForResume(io, run, runId, 'prove');
    const { proveInputOf, finishedCalls } = await import('../loop/resume');
    const given = resume.run.header.problem === undefined && options.problem !== undefined ? await readProblemArg(io.cwd, options.problem) : undefined;
    const input = await resumeStep(() => proveInputOf(resume, given));
    io.stderr(`prove: resuming ${runId}: ${finishedCalls(resume)} finished call(s) in the record are re-used\n`);
    await printEstimate(io, options, input, run.backend.info().spec, run.ctx.concurrency, input.earlyStop !== undefined);
    const result = await runProve(run.ctx, input, resume);
    await finishProve(io, options, run, result);
  } finally {
    await run.backend.dispose();
  }
}

/**
 * The calls at once a run of `spec` makes without --concurrency (the backend's parallel setting), so a
 * dry run estimates the time the run itself will state. Only for backends that load nothing to say it
 * (scripted, openai); undefined otherwise (a local model would be loaded just to read one number).
 */
async function defaultConcurrency(io: CliIO, options: ProveOptions, spec: string | undefined): Promise<number | undefined> {
  if (!spec || !/^(scripted|openai):/.test(spec)) return undefined;
  const run = await prepareRun(io, { ...options, backend: spec, record: false, progress: false }, 'prove').catch(() => null);
  if (!run) return undefined;
  await run.backend.dispose();
  return run.ctx.concurrency;
}

/**
 * `prove --resume RUN_ID --dry-run`: what continuing the run would cost, from its record alone — no
 * backend is loaded, no call is made and the record is not touched (reopening it appends).
 */
async function dryRunResume(io: CliIO, options: ProveOptions, runId: string): Promise<void> {
  const { RunStore } = await import('../store');
  const store = await RunStore.open(resolve(io.cwd, options.workspace ?? '.'));
  const run = await store.loadRun(runId).catch((error: Error) => {
    throw new CliError(error.message);
  });
  if (run.status === 'completed') throw new CliError(`run ${runId} is already completed; nothing to resume`);
  if (run.header.kind !== 'prove') throw new CliError(`run ${runId} is a ${run.header.kind} run, not a prove run`);
  const { proveInputOf, finishedCalls } = await import('../loop/resume');
  const given = run.header.problem === undefined && options.problem !== undefined ? await readProblemArg(io.cwd, options.problem) : undefined;
  const input = await resumeStep(() => proveInputOf({ run }, given));
  io.stderr(`prove: resuming ${runId} would re-use ${finishedCalls({ run })} finished call(s) in the record\n`);
  const concurrency = (run.header.params as { concurrency?: number }).concurrency;
  await printEstimate(io, options, input, options.backend ?? io.env.PROOFWRIGHT_BACKEND ?? run.header.backend.spec, concurrency, input.earlyStop !== undefined);
}

async function finishProve(io: CliIO, options: ProveOptions, run: Awaited<ReturnType<typeof prepareRun>>, result: import('../common/results').ProveResult): Promise<void> {
  run.progress?.finish();
  noteAdaptations(io, run.backend);
  if (options.json) await printJson(io, { ...result, backend: run.backend.info().spec, model: run.backend.info().model, profile: run.ctx.profile }, options.json);
  // Absolute, as verify's report says why.
  // Without a record (--no-record) no run id: there is nothing to look up or resume by it.
  else io.stdout(proveReport(result, run.store ? { runId: result.runId, path: join(run.store.dir, `${result.runId}.jsonl`) } : undefined));
  if (result.status === 'cancelled') {
    throw new CliError(run.store ? `cancelled; the finished calls are kept in the run record (continue with: prove --resume ${result.runId})` : 'cancelled (--no-record: nothing was kept)', 130);
  }
  requireProveVerdict(result);
}

/**
 * One line on stderr before a search starts: n, m, k, T, the most model calls it can make
 * (estimateSearchCalls) and the time that takes at the speed this backend showed in earlier runs of
 * this workspace ("unknown" without any).
 */
async function printEstimate(io: CliIO, options: ProveOptions, search: SearchParams, backendSpec: string | undefined, concurrency: number | undefined, earlyStop: boolean): Promise<void> {
  const calls = estimateSearchCalls(search);
  let time = 'unknown (no earlier runs with this backend in the workspace)';
  if (backendSpec) {
    const { RunStore, measureSpeed } = await import('../store');
    const speed = await measureSpeed(await RunStore.open(resolve(io.cwd, options.workspace ?? '.')), backendSpec);
    const parallel = concurrency ?? 1;
    const ms = estimateSearchTime(calls, speed, parallel);
    if (ms !== null) {
      const tps = speed.tokensPerSecond !== null ? `, ${speed.tokensPerSecond.toFixed(1)} tokens/s per call` : '';
      time = `about ${formatDuration(ms)} at ${parallel} call(s) at once (measured over ${speed.calls} earlier calls${tps})`;
    }
  }
  const preset = options.preset && !options.resume ? `preset ${options.preset}: ` : '';
  io.stderr(
    `prove: ${preset}n=${search.candidates} candidates, m=${search.samples} verifications, top k=${search.topK}, T=${search.rounds} rounds\n` +
      `prove: at most ${calls.total} model calls (${calls.proofs} proofs + ${calls.verifications} verifications)${earlyStop ? ', fewer with early stopping' : ''}; estimated time: ${time}\n`,
  );
}
