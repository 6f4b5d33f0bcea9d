// `proofwright verify FILE [--problem FILE|TEXT] [--samples M] [--meta] …`: verify a proof file.
import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError, positiveInt, printJson, readInputFile, readProblemArg, type CliIO } from './io';
import { addModelOptions, prepareRun } from './model-options';
import type { BatchVerifyOptions } from './verify-batch';
import { verifyReport } from './report';
import { noteAdaptations, requireVerdict } from './verdicts';

type VerifyOptions = BatchVerifyOptions;

export function registerVerify(program: Command, io: CliIO): void {
  const command = program
    .command('verify')
    .description('verify a proof: m verifier samples, mean score, per-step findings and consensus')
    .argument('<files...>', 'proof files (.md or .tex) or folders of them')
    .option('--problem <file|text>', 'the problem: a file to read, or the statement itself (default: the sibling NAME.problem.md)')
    .option('--samples <m>', 'verifier samples', positiveInt('--samples'), 4)
    .option('--meta', 'meta-verify each analysis and mark its findings confirmed/disputed')
    .option('--extract', 'run the JSON extraction pass on free-text analyses without usable findings')
    .option('--report <file>', 'write a self-contained HTML report (rendered proofs, findings beside each step)')
    .option('--jobs <n>', 'proofs verified at once when there are several', positiveInt('--jobs'), 2)
    .option('--fresh', 'verify again even where this workspace has a finished run with the same settings')
    .option('--evidence', 'show the verifier the computations the deterministic checker verified or refuted (default with --profile labelled)')
    .option('--no-evidence', "don't show them (default with --profile deepseek-math-v2, which keeps the released model's prompt)");
  addModelOptions(command).action(async (files: string[], options: VerifyOptions) => {
    // Several proofs, a folder or a report: the resumable batch path. One file: a fresh verification.
    options.evidence ??= (await import('../check')).evidenceByDefault(options.profile);
    const single = files.length === 1 && (await stat(resolve(io.cwd, files[0])).catch(() => null))?.isDirectory() !== true;
    if (!single || options.report) return (await import('./verify-batch')).verifyMany(io, files, options);
    const file = files[0];
    const text = await readInputFile(io.cwd, file, 'proof file');
    const [{ runVerify }, { formatFromPath, parseProof }] = await Promise.all([import('../loop'), import('../proof')]);
    const problem = options.problem !== undefined ? await readProblemArg(io.cwd, options.problem) : await problemFromSibling(io, file);
    const doc = parseProof(text, formatFromPath(file));
    const run = await prepareRun(io, options, 'verify');
    run.ctx.extractFindings = options.extract ?? false;
    try {
      const evidence = options.evidence ? (await import('../check')).computationEvidence(doc) : undefined;
      const result = await runVerify(run.ctx, { problem, doc, samples: options.samples, meta: options.meta ?? false, evidence, documentPath: file });
      run.progress?.finish();
      noteAdaptations(io, run.backend);
      if (options.json) {
        await printJson(io, { ...result, file, format: doc.format, backend: run.backend.info().spec, model: run.backend.info().model, profile: options.profile }, options.json);
      }
      // `--json FILE` writes the JSON and still shows the report; plain `--json` replaces it.
      if (options.json !== true) {
        const runPath = run.store ? relative(io.cwd, `${run.store.dir}/${result.runId}.jsonl`) : undefined;
        io.stdout(verifyReport(result, doc, file, runPath));
      }
      if (io.signal?.aborted) throw new CliError('cancelled; the finished calls are kept in the run record', 130);
      requireVerdict(result);
    } finally {
      await run.backend.dispose();
    }
  });
}

async function problemFromSibling(io: CliIO, file: string): Promise<string> {
  const { readProblemFor } = await import('../prompts');
  try {
    return await readProblemFor(resolve(io.cwd, file));
  } catch {
    throw new CliError(`no problem statement: pass --problem FILE|TEXT (or put it next to the proof as NAME.problem.md)`);
  }
}
