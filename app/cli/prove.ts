// `proofwright prove --problem FILE|TEXT [--candidates N] [--samples M] [--rounds T] [--top-k K]`:
// generate, verify, refine until a proof passes all m verifications or the rounds run out.
import type { Command } from 'commander';
import { CliError, nonNegativeInt, positiveInt, printJson, readProblemArg, type CliIO } from './io';
import { addModelOptions, prepareRun, type ModelCommandOptions } from './model-options';
import { proveReport } from './report';
import { noteAdaptations, requireProveVerdict } from './verdicts';

interface ProveOptions extends ModelCommandOptions {
  problem: string;
  candidates: number;
  samples: number;
  rounds: number;
  topK: number;
}

export function registerProve(program: Command, io: CliIO): void {
  const command = program
    .command('prove')
    .description('search for a proof: generate n candidates, verify each m times, refine the best k, repeat')
    .requiredOption('--problem <file|text>', 'the problem: a file to read, or the statement itself')
    .option('--candidates <n>', 'candidates generated in the first round', positiveInt('--candidates'), 4)
    .option('--samples <m>', 'verifications per candidate', positiveInt('--samples'), 4)
    .option('--rounds <t>', 'refinement rounds after the first (0: generate and verify only)', nonNegativeInt('--rounds'), 2)
    .option('--top-k <k>', 'candidates refined per round', positiveInt('--top-k'), 2);
  addModelOptions(command).action(async (options: ProveOptions) => {
    const problem = await readProblemArg(io.cwd, options.problem);
    const { runProve } = await import('../loop');
    const run = await prepareRun(io, options, 'prove');
    try {
      const result = await runProve(run.ctx, { problem, candidates: options.candidates, samples: options.samples, rounds: options.rounds, topK: options.topK });
      run.progress?.finish();
      noteAdaptations(io, run.backend);
      if (options.json) await printJson(io, { ...result, backend: run.backend.info().spec, model: run.backend.info().model, profile: options.profile }, options.json);
      else io.stdout(proveReport(result));
      if (result.status === 'cancelled') throw new CliError('cancelled; the finished calls are kept in the run record', 130);
      requireProveVerdict(result);
    } finally {
      await run.backend.dispose();
    }
  });
}
