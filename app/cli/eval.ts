// `proofwright eval DATA.jsonl`: run the verifier over human-graded proofs and print how well it
// agrees with the humans — how a user decides whether a model is good enough to grade their proofs.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { BatchEntry } from '../batch/batch';
import { agreement, agreementByGroup, type AgreementReport, type EvalItem, type GradeMapping } from '../eval/metrics';
import { CliError, numberIn, positiveInt, printJson, type CliIO } from './io';
import { addModelOptions, prepareRun, type ModelCommandOptions } from './model-options';
import { ProgressLine } from './progress';

interface EvalOptions extends ModelCommandOptions {
  samples: number;
  meta?: boolean;
  jobs: number;
  by?: string;
  passAt: number;
  failAt: number;
  threshold: number;
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null) => (v === null ? '—' : v.toFixed(3));

export function formatAgreement(report: AgreementReport): string {
  const c = report.confusion;
  return [
    `items ${report.items} · compared ${report.compared} · partial credit ${report.partialCredit} · no verdict ${report.unparsed}`,
    `accuracy ${pct(report.accuracy)} · fail precision ${pct(report.failPrecision)} · fail recall ${pct(report.failRecall)} · Pearson r ${num(report.pearson)}`,
    '',
    '                 model fail  model pass  no verdict',
    `  human fail   ${String(c.humanFail.modelFail).padStart(10)}  ${String(c.humanFail.modelPass).padStart(10)}  ${String(c.humanFail.unparsed).padStart(10)}`,
    `  human pass   ${String(c.humanPass.modelFail).padStart(10)}  ${String(c.humanPass.modelPass).padStart(10)}  ${String(c.humanPass.unparsed).padStart(10)}`,
  ].join('\n');
}

export function registerEval(program: Command, io: CliIO): void {
  const command = program
    .command('eval')
    .description('measure agreement of the verifier with human grades (accuracy, fail precision/recall, Pearson r)')
    .argument('<data>', 'JSON Lines: one {"problem", "proof", "grade"} per line (grade 0–7 or 0/0.5/1)')
    .option('--samples <m>', 'verifier samples per proof', positiveInt('--samples'), 4)
    .option('--meta', 'meta-verify each analysis')
    .option('--jobs <n>', 'proofs verified at once', positiveInt('--jobs'), 2)
    .option('--by <field>', 'also report per value of this field of the data (e.g. level)')
    .option('--pass-at <grade>', '0–7 grades at or above this pass', numberIn('--pass-at', 0, 7), 6)
    .option('--fail-at <grade>', '0–7 grades at or below this fail', numberIn('--fail-at', 0, 7), 1)
    .option('--threshold <score>', 'a mean verifier score at or above this is a pass', numberIn('--threshold', 0, 1), 0.75);
  addModelOptions(command).action(async (data: string, options: EvalOptions) => {
    if (options.failAt >= options.passAt) throw new CliError('--fail-at must be below --pass-at');
    // Engine modules load on use, so other commands (and --help) start fast.
    const [{ runBatch }, { DatasetError, readDataset }, { parseProof }] = await Promise.all([
      import('../batch/batch'),
      import('../eval/dataset'),
      import('../proof'),
    ]);
    const records = await readDataset(resolve(io.cwd, data)).catch((error: Error) => {
      throw error instanceof DatasetError ? new CliError(error.message) : error;
    });
    const run = await prepareRun(io, { ...options, progress: false }, 'eval');
    if (!run.store) throw new CliError('eval needs run records to resume: drop --no-record');
    const progress = options.progress || io.stderrIsTTY ? new ProgressLine(io, 'eval') : null;
    const mapping: GradeMapping = { passAtOrAbove: options.passAt, failAtOrBelow: options.failAt, modelPassThreshold: options.threshold };
    try {
      const outcome = await runBatch(
        records.map((r) => ({ name: r.id, doc: parseProof(r.proof, 'markdown'), problem: r.problem })),
        {
          ctx: { ...run.ctx, store: run.store },
          samples: options.samples,
          meta: options.meta ?? false,
          jobs: options.jobs,
          onProgress: (p) => progress?.batch(p),
        },
      );
      progress?.finish();
      if (outcome.cancelled) throw new CliError('cancelled; finished proofs are kept and a rerun resumes from them', 130);
      const items: EvalItem[] = outcome.entries.map((entry: BatchEntry, i) => ({
        id: records[i].id,
        humanGrade: records[i].grade,
        modelScore: entry.result?.score ?? null,
        group: options.by !== undefined ? String(records[i].fields[options.by] ?? '(none)') : undefined,
      }));
      const overall = agreement(items, mapping);
      const groups = options.by !== undefined ? agreementByGroup(items, mapping) : null;
      if (options.json) {
        await printJson(io, { overall, groups: groups ? Object.fromEntries(groups) : undefined, items }, options.json);
        return;
      }
      io.stdout(`Agreement with human grades (${records.length} proofs, ${options.samples} samples each, ${run.backend.info().model})\n\n`);
      io.stdout(formatAgreement(overall) + '\n');
      for (const [group, report] of groups ?? []) io.stdout(`\n${options.by} = ${group}\n${formatAgreement(report)}\n`);
    } finally {
      await run.backend.dispose();
    }
  });
}
