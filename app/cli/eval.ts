// `proofwright eval DATA.jsonl`: run the verifier over human-graded proofs and print how well it
// agrees with the humans — how a user decides whether a model is good enough to grade their proofs.
import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import type { BatchEntry } from '../batch/batch';
import {
  agreement,
  agreementByGroup,
  detectScale,
  humanVerdict,
  pointsAgreement,
  pointsAgreementByGroup,
  type AgreementReport,
  type EvalItem,
  type GradeBand,
  type GradeMapping,
  type GradeScale,
  type PointsItem,
  type PointsReport,
} from '../eval/metrics';
import { CliError, intUpTo, numberIn, positiveInt, printJson, safeText, writeOutputFile, type CliIO } from './io';
import { DEFAULT_POINTS, MAX_POINTS } from '../common/rubric';
import { addEarlyStopOptions, addModelOptions, earlyStopFrom, prepareRun, type EarlyStopOptions, type ModelCommandOptions } from './model-options';
import { ProgressLine } from './progress';

interface EvalOptions extends ModelCommandOptions, EarlyStopOptions {
  samples: number;
  meta?: boolean;
  jobs: number;
  by?: string;
  passAt: number;
  failAt: number;
  threshold: number;
  points: number;
  report?: string;
  scale: 'auto' | '0-7' | '0-1';
}

/**
 * The scale the human grades are on: as given, or read from the grades (`detectScale`: all 0, ½ or 1 is
 * 0/½/1, anything else 0–7). A set of only 0s and 1s fits both (0–7 points awarded sparingly, or
 * fail/pass): then `note` says which reading was taken and how to choose the other.
 */
export function evalScale(grades: readonly number[], given: EvalOptions['scale']): { scale: GradeScale; note?: string } {
  if (given === '0-1') return { scale: 'unit' };
  if (given === '0-7') return { scale: 'olympiad' };
  const scale = detectScale(grades);
  const ambiguous = scale === 'unit' && grades.length > 0 && !grades.includes(0.5);
  return ambiguous ? { scale, note: 'every grade is 0 or 1: read as fail/pass on the 0/½/1 scale; pass --scale 0-7 if they are points out of 7' } : { scale };
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

/** The points-scale report (grading with a reference) as text: MAE, accuracy per band, confusion table. */
export function formatPoints(report: PointsReport): string {
  const band = (name: GradeBand) => `${name} ${pct(report.bands[name].accuracy)} (${report.bands[name].agree}/${report.bands[name].items})`;
  const head = '  human \\ model ' + Array.from({ length: report.max + 1 }, (_, m) => String(m).padStart(4)).join('');
  const rows = report.confusion.map((row, h) => `  ${String(h).padStart(13)} ` + row.map((n) => String(n).padStart(4)).join(''));
  return [
    `graded against the reference: ${report.compared} of ${report.items} proofs got points · mean absolute error ${num(report.mae)} points (0–${report.max})`,
    `accuracy per grade band: ${band('fail')} · ${band('partial')} · ${band('pass')}`,
    '',
    head,
    ...rows,
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
    .option('--report <file>', 'also write a self-contained HTML page with the charts (confusion heat map, scatter plot, --by breakdown)')
    .option('--pass-at <grade>', '0–7 grades at or above this pass', numberIn('--pass-at', 0, 7), 6)
    .option('--fail-at <grade>', '0–7 grades at or below this fail', numberIn('--fail-at', 0, 7), 1)
    .option('--points <n>', 'top of the points scale when lines have a reference solution (grading)', intUpTo('--points', MAX_POINTS), DEFAULT_POINTS)
    .option('--threshold <score>', 'a mean verifier score at or above this is a pass', numberIn('--threshold', 0, 1), 0.75)
    .addOption(new Option('--scale <scale>', 'the human grades\' scale: 0-7 (points), 0-1 (0, 0.5 or 1), auto (0-1 when every grade is 0, 0.5 or 1)').choices(['auto', '0-7', '0-1']).default('auto'));
  // The same early-stopping rule as `verify` and `prove` (app/common/search.ts): a proof's samples are
  // then issued one after another and the rule may stop them; its score is the mean of those issued.
  addEarlyStopOptions(command);
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
    // One scale for the whole set, fixed before any model call: a --by group read on its own could
    // take 0–7 grades of 0 and 1 point for fail/pass.
    const { scale, note } = evalScale(records.map((r) => r.grade), options.scale);
    for (const r of records) {
      try {
        humanVerdict(r.grade, scale);
      } catch {
        throw new CliError(`${safeText(data)}: proof ${safeText(r.id)}: grade ${r.grade} is not on the 0/½/1 scale (--scale 0-1): use --scale 0-7 or auto`);
      }
    }
    if (note) io.stderr(`eval: ${note}\n`);
    const run = await prepareRun(io, { ...options, progress: false }, 'eval');
    if (!run.store) throw new CliError('eval needs run records to resume: drop --no-record');
    const progress = options.progress || io.stderrIsTTY ? new ProgressLine(io, 'eval') : null;
    const mapping: GradeMapping = { passAtOrAbove: options.passAt, failAtOrBelow: options.failAt, modelPassThreshold: options.threshold };
    const earlyStop = earlyStopFrom(options);
    try {
      const outcome = await runBatch(
        records.map((r) => ({
          name: r.id,
          doc: parseProof(r.proof, 'markdown'),
          problem: r.problem,
          ...(r.reference !== undefined ? { grading: { reference: r.reference, rubric: r.rubric ?? '', points: options.points } } : {}),
        })),
        {
          ctx: { ...run.ctx, store: run.store },
          samples: options.samples,
          meta: options.meta ?? false,
          jobs: options.jobs,
          earlyStop,
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
      const overall = agreement(items, mapping, scale);
      const groups = options.by !== undefined ? agreementByGroup(items, mapping, scale) : null;
      // Lines with a reference were graded on the points scale; human grades are read on it too
      // (a 0/½/1 dataset is scaled up to 0–max, a 0–7 one scaled to 0–max).
      const graded: PointsItem[] = outcome.entries.flatMap((entry: BatchEntry, i) =>
        records[i].reference === undefined
          ? []
          : [{ id: records[i].id, humanPoints: scale === 'unit' ? records[i].grade * options.points : (records[i].grade / 7) * options.points, modelPoints: entry.result?.points?.mean ?? null, group: items[i].group }],
      );
      const points = graded.length ? pointsAgreement(graded, options.points, mapping) : undefined;
      const pointsGroups = points && options.by !== undefined ? pointsAgreementByGroup(graded, options.points, mapping) : undefined;
      if (options.report) {
        const { renderEvalReport } = await import('../report/eval-html');
        const info = run.backend.info();
        const html = renderEvalReport({
          title: `Proofwright eval: ${records.length} graded proof${records.length === 1 ? '' : 's'}`,
          generatedAt: new Date(),
          settings: { data, backend: info.spec, model: info.model, samples: options.samples, meta: options.meta ?? false, threshold: options.threshold },
          scale,
          overall,
          items,
          ...(groups ? { groups: { field: options.by!, reports: groups, ...(pointsGroups ? { points: pointsGroups } : {}) } } : {}),
          ...(points ? { points: { report: points, items: graded } } : {}),
        });
        await writeOutputFile(io, options.report, html);
      }
      if (options.json) {
        const early = earlyStop ? { earlyStop: { acceptAfter: earlyStop.accept, rejectAfter: earlyStop.reject }, callsSaved: outcome.callsSaved ?? 0, readBack: outcome.entries.filter((e) => e.reused).length } : {};
        await printJson(io, { scale: scale === 'unit' ? '0-1' : '0-7', ...early, overall, groups: groups ? Object.fromEntries(groups) : undefined, ...(points ? { points, graded } : {}), ...(pointsGroups ? { pointsGroups: Object.fromEntries(pointsGroups) } : {}), items }, options.json);
        return;
      }
      // Proofs read back from an earlier run cost nothing now and save nothing now: said, so a rerun's
      // "saved 0" is not read as early stopping doing nothing (rev4).
      const readBack = outcome.entries.filter((e) => e.reused).length;
      const stopping = earlyStop
        ? `; early stopping (accept after ${earlyStop.accept} passes in a row, reject after ${earlyStop.reject} failures) saved ${outcome.callsSaved ?? 0} of them${readBack ? ` over the ${records.length - readBack} verified now (${readBack} read back from earlier runs)` : ''}`
        : readBack ? `; ${readBack} read back from earlier runs` : '';
      io.stdout(`Agreement with human grades (${records.length} proof${records.length === 1 ? '' : 's'}, ${options.samples} sample${options.samples === 1 ? '' : 's'} each${stopping}, ${run.backend.info().model})\n\n`);
      io.stdout(formatAgreement(overall) + '\n');
      for (const [group, report] of groups ?? []) io.stdout(`\n${safeText(options.by!)} = ${safeText(group)}\n${formatAgreement(report)}\n`);
      if (points) io.stdout(`\n${formatPoints(points)}\n`);
      if (options.report) io.stdout(`\nreport: ${options.report}\n`);
    } finally {
      await run.backend.dispose();
    }
  });
}
