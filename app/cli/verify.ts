// `proofwright verify FILE [--problem FILE|TEXT] [--samples M] [--meta] …`: verify a proof file.
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { runVerify } from '../loop';
import { formatFromPath, parseProof } from '../proof';
import { readProblemFor } from '../prompts';
import { CliError, positiveInt, printJson, readInputFile, readProblemArg, type CliIO } from './io';
import { addModelOptions, prepareRun, type ModelCommandOptions } from './model-options';
import { verifyReport } from './report';

interface VerifyOptions extends ModelCommandOptions {
  problem?: string;
  samples: number;
  meta?: boolean;
  extract?: boolean;
}

export function registerVerify(program: Command, io: CliIO): void {
  const command = program
    .command('verify')
    .description('verify a proof: m verifier samples, mean score, per-step findings and consensus')
    .argument('<file>', 'proof file (.md or .tex)')
    .option('--problem <file|text>', 'the problem: a file to read, or the statement itself (default: the sibling NAME.problem.md)')
    .option('--samples <m>', 'verifier samples', positiveInt('--samples'), 4)
    .option('--meta', 'meta-verify each analysis and mark its findings confirmed/disputed')
    .option('--extract', 'run the JSON extraction pass on free-text analyses without usable findings');
  addModelOptions(command).action(async (file: string, options: VerifyOptions) => {
    const text = await readInputFile(io.cwd, file, 'proof file');
    const problem = options.problem !== undefined ? await readProblemArg(io.cwd, options.problem) : await problemFromSibling(io, file);
    const doc = parseProof(text, formatFromPath(file));
    const run = await prepareRun(io, options, 'verify');
    run.ctx.extractFindings = options.extract ?? false;
    try {
      const result = await runVerify(run.ctx, { problem, doc, samples: options.samples, meta: options.meta ?? false, documentPath: file });
      run.progress?.finish();
      if (options.json) {
        printJson(io, { ...result, file, format: doc.format, backend: run.backend.info().spec, model: run.backend.info().model, profile: options.profile });
      } else {
        const runPath = run.store ? relative(io.cwd, `${run.store.dir}/${result.runId}.jsonl`) : undefined;
        io.stdout(verifyReport(result, doc, file, runPath));
      }
      if (io.signal?.aborted) throw new CliError('cancelled; the finished calls are kept in the run record', 130);
    } finally {
      await run.backend.dispose();
    }
  });
}

async function problemFromSibling(io: CliIO, file: string): Promise<string> {
  try {
    return await readProblemFor(resolve(io.cwd, file));
  } catch {
    throw new CliError(`no problem statement: pass --problem FILE|TEXT (or put it next to the proof as NAME.problem.md)`);
  }
}
