// `proofwright runs [--json]` and `proofwright runs show ID [--json]`: the workspace's run records.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ProveResult, VerifyResult } from '../common/results';
import { bestStandingOf, formatMean as round3 } from '../common/ranking';
import { isProveStatus, missingVerdictsWording, pointsOf, runKindWording, runScoreWording, sampleVerdictsOf, unfinishedVerifyWording, type SampleVerdicts } from '../common/run-status';
import { reasonInWords } from '../common/noVerdict';
import type { RebuiltFrom } from '../loop/resume';
import type { LoadedRun, RunListing, RunStore } from '../store';
import { proveReport } from './report';
import { CliError, printJson, safeText, type CliIO } from './io';

interface RunsOptions {
  json?: boolean;
  workspace?: string;
  /** `runs show`: the templates folder the run was made with (`--templates`), to rebuild the pool of a search whose record keeps none. */
  templates?: string;
}

export function registerRuns(program: Command, io: CliIO): void {
  const runs = program
    .command('runs')
    .description('list the run records of a workspace, newest first')
    .option('--json', 'print JSON')
    .option('--workspace <dir>', 'workspace folder (default: the current folder)')
    .action(async (options: RunsOptions) => {
      const store = await openStore(io, options.workspace);
      const { runs: list, damaged } = await store.listRunsAndDamage();
      // Damaged records are listed with the reason (status "damaged"), never silently left out.
      if (options.json) return printJson(io, [...list, ...damaged.map((d) => ({ runId: d.runId, status: 'damaged', reason: d.reason, path: d.path }))]);
      if (list.length === 0 && damaged.length === 0) return io.stdout('no runs in this workspace\n');
      // The score column is as wide as its widest entry: "4/7 points" beside "4.67/7 points", or a
      // note on the samples that gave no verdict, moved the calls and paths of every row after it.
      const scores = list.map(scoreText);
      const width = Math.max(0, ...scores.map((s) => s.length));
      // "verify selection": the score of a selection's run is the selection's, not the proof's (rev21 F5).
      const kinds = list.map(runKindWording);
      const kindWidth = Math.max(7, ...kinds.map((k) => k.length));
      list.forEach((run, i) => {
        const failed = run.failedCalls > 0 ? `, ${run.failedCalls} failed` : '';
        const reissued = run.reissuedCalls ? `, ${run.reissuedCalls} issued again` : '';
        io.stdout(`${run.runId}  ${kinds[i].padEnd(kindWidth)} ${run.status.padEnd(11)} ${scores[i].padEnd(width)} ${String(run.calls).padStart(4)} call${run.calls === 1 ? ' ' : 's'}${failed}${reissued}  ${run.documentPath ?? ''}\n`);
      });
      for (const run of damaged) io.stdout(`${run.runId}  damaged: ${safeText(run.reason)}\n`);
      if (damaged.length > 0) io.stderr(`proofwright: warning: ${damaged.length} run record${damaged.length === 1 ? ' is' : 's are'} damaged (listed above); the files are left as they are\n`);
    });

  runs
    .command('show')
    .description('show one run: header, every call, summary (a search that stopped without its result, interrupted or failed: the pool of what it finished)')
    .argument('<id>', 'run id (from `proofwright runs`)')
    .option('--json', 'print JSON')
    .option('--workspace <dir>', 'workspace folder (default: the current folder)')
    .option('--templates <dir>', 'prompt templates the run was made with, to rebuild the pool of a search whose record does not keep them (older records)')
    .action(async (id: string, options: RunsOptions, command: Command) => {
      const merged = { ...command.parent?.opts(), ...options } as RunsOptions;
      const store = await openStore(io, merged.workspace);
      const [{ RunNotFoundError, selectionOfParams }, { selectionScope }] = await Promise.all([import('../store'), import('../common/compare')]);
      const run = await store.loadRun(id).catch((error: unknown) => {
        if (error instanceof RunNotFoundError) throw new CliError(error.message);
        throw error;
      });
      const pool = await rebuiltPool(io, run, merged.templates);
      // The rebuilt pool's status is the run's ('interrupted' or 'failed'), as the text and the panel say;
      // ProveResult's own word for an interrupted one is 'cancelled' (README "runs show --json").
      if (merged.json) return printJson(io, pool ? { ...run, pool: { ...pool, status: pool.rebuilt.stopped } } : run);
      const h = run.header;
      const selection = selectionOfParams(h.params);
      const verified = run.summary?.result as Pick<VerifyResult, 'steps'> | undefined;
      const kind = selection && Array.isArray(verified?.steps) ? `verify ${selectionScope(verified)}` : runKindWording({ kind: h.kind, selection });
      io.stdout(`${run.runId}: ${kind}, ${run.status}, created ${h.createdAt}\n`);
      io.stdout(`  backend ${h.backend.spec} (${h.backend.model})${h.document?.path ? `, document ${h.document.path}` : ''}\n`);
      io.stdout(`  params ${JSON.stringify(h.params)}\n`);
      for (const call of run.calls) {
        const parsed = call.parsed as { score?: number | null } | undefined;
        const score = parsed && 'score' in parsed && parsed.score !== undefined ? ` score ${parsed.score}` : '';
        const where = [call.sample !== undefined ? `sample ${call.sample + 1}` : '', call.candidateId ?? ''].filter(Boolean).join(', ');
        io.stdout(`  ${call.callId.padEnd(14)} ${call.status.padEnd(9)}${score} ${call.finishReason ?? '-'} ${Math.round(call.timings.totalMs)}ms ${where}${call.error ? ` (${safeText(reasonInWords(call.error))})` : ''}\n`);
      }
      if (run.summary) {
        const s = run.summary;
        const reissued = s.reissuedCalls ? ` (${s.reissuedCalls} of them issued again after a cancelled or failed attempt)` : '';
        const result = s.result as { status?: string } | undefined;
        const score = runScoreWording(
          { kind: h.kind, status: s.status, score: s.score ?? null, proveStatus: isProveStatus(result?.status) ? result.status : undefined, proveBest: bestStandingOf(result), verdicts: sampleVerdictsOf(result), points: pointsOf(result) },
          (value) => `${value === null ? '-' : round3(value)}`,
          selection ? 'selection score' : 'score',
        );
        io.stdout(`  summary: ${s.status}, ${score}, ${s.calls} call${s.calls === 1 ? '' : 's'}${reissued}\n`);
      }
      if (pool) {
        const { stopped, error, templates, unreached } = pool.rebuilt;
        const why = stopped === 'failed' ? `failed${error ? ` (${safeText(error)})` : ''}: the run ended with an error before writing its result` : 'interrupted: the run stopped before writing its result';
        io.stdout(`  ${why}; the pool of what it finished, rebuilt from its record (\`prove --resume ${run.runId}\` goes on):\n`);
        io.stdout(`  ${templatesWords(templates, merged.templates, unreached)}\n`);
        io.stdout(proveReport(pool, undefined, { stopped }).replace(/^(?=.)/gm, '  '));
      }
      for (const warning of run.warnings) io.stderr(`proofwright: warning: ${warning}\n`);
    });

  runs
    .command('compare')
    .description('two verify runs of the same proof side by side: per-step flags and agreement')
    .argument('<a>', 'first run id')
    .argument('<b>', 'second run id')
    .option('--json', 'print JSON')
    .option('--workspace <dir>', 'workspace folder (default: the current folder)')
    .action(async (a: string, b: string, options: RunsOptions, command: Command) => {
      const merged = { ...command.parent?.opts(), ...options } as RunsOptions;
      const store = await openStore(io, merged.workspace);
      const [{ RunNotFoundError, selectionOfParams }, { AGREEMENT_RULE, compareRuns, unmatchedWording }] = await Promise.all([import('../store'), import('../common/compare')]);
      const load = async (id: string) => {
        const run = await store.loadRun(id).catch((error: unknown) => {
          if (error instanceof RunNotFoundError) throw new CliError(error.message);
          throw error;
        });
        const result = run.summary?.result as VerifyResult | undefined;
        if (run.header.kind !== 'verify' || !result?.steps) throw new CliError(`run ${id} is not a finished verify run (${run.header.kind}, ${run.status})`);
        return { run, result };
      };
      const [left, right] = await Promise.all([load(a), load(b)]);
      if (left.run.header.document?.hash !== right.run.header.document?.hash) {
        io.stderr('proofwright: warning: the two runs verified different versions of the document; only steps both know are compared\n');
      }
      const comparison = compareRuns(left.result, right.result, {
        selectionA: !!selectionOfParams(left.run.header.params),
        selectionB: !!selectionOfParams(right.run.header.params),
      });
      if (merged.json) return printJson(io, comparison);
      const score = (v: number | null) => (v === null ? '-' : round3(v));
      const pct = (v: number) => `${Math.round(v * 100)}%`.padStart(4);
      // The shares below are over each run's verdicts: a run some of whose samples gave none says so.
      const verdicts = (s: SampleVerdicts) => { const missing = missingVerdictsWording(s); return missing ? ` (${missing})` : ''; };
      const scope = (words: string | null) => (words ? `${words}, ` : '');
      io.stdout(`A ${a}: ${left.run.header.backend.model}, ${scope(comparison.scopeA)}score ${score(comparison.scoreA)}${verdicts(comparison.samplesA)}\n`);
      io.stdout(`B ${b}: ${right.run.header.backend.model}, ${scope(comparison.scopeB)}score ${score(comparison.scoreB)}${verdicts(comparison.samplesB)}\n`);
      const unmatched = unmatchedWording(comparison);
      io.stdout(`agreement on ${comparison.steps.length} step${comparison.steps.length === 1 ? '' : 's'}: ${comparison.agreement === null ? '-' : pct(comparison.agreement).trim()} (${AGREEMENT_RULE})${unmatched ? `; ${unmatched}` : ''}\n\n`);
      io.stdout('step   A flagged  B flagged\n');
      for (const step of comparison.steps) {
        io.stdout(`${step.label.padEnd(6)} ${pct(step.rateA)}       ${pct(step.rateB)}${step.agree ? '' : '   disagree'}\n`);
      }
    });
}


/**
 * A listing's score column. A prove run's score is its best candidate's mean, which can be 1 for a
 * search that did not pass (a mean over fewer verdicts than verifications, or cut short), so prove
 * runs say whether the best passed, as the prove report does. A finished verify run's score is a
 * mean over the samples that gave a verdict: fewer than requested is said, "(2 of 4 samples gave a
 * verdict)" (an unfinished one already says it in its words).
 */
function scoreText(run: RunListing): string {
  const score = runScoreWording(run, (value) => `${value === null ? '-' : round3(value)}`.padEnd(5), 'score');
  const missing = run.kind === 'verify' && !unfinishedVerifyWording(run) ? missingVerdictsWording(run.verdicts) : null;
  return missing ? `${score} (${missing})` : score;
}

/**
 * The pool of a prove run that stopped without writing its result (interrupted: the process died; or
 * failed: the search ended with an error), rebuilt from its record with the search's own rules
 * (app/loop/resume.ts recordedPool); undefined for any other run. The templates are those the record
 * keeps, else `templatesDir`'s (else the defaults). A record that cannot give one (no problem
 * recorded) is said on stderr.
 */
async function rebuiltPool(io: CliIO, run: LoadedRun, templatesDir: string | undefined): Promise<(ProveResult & { rebuilt: RebuiltFrom }) | undefined> {
  // Other kinds of run without loading the loop.
  if (run.header.kind !== 'prove') return undefined;
  const [{ loadTemplates }, { recordedPool, stoppedWithoutResult }] = await Promise.all([import('../prompts'), import('../loop/resume')]);
  if (!stoppedWithoutResult(run)) return undefined;
  const templates = await loadTemplates({ overrideDir: templatesDir ? resolve(io.cwd, templatesDir) : undefined }).catch((error: Error) => {
    throw new CliError(`prompt templates could not be loaded: ${error.message}`);
  });
  return recordedPool(run, templates).catch((error: Error) => {
    io.stderr(`proofwright: warning: the pool of run ${run.runId} cannot be rebuilt: ${error.message}\n`);
    return undefined;
  });
}

/** Which prompt templates a rebuilt pool was replayed with, and what the record held that it did not reach. */
function templatesWords(templates: RebuiltFrom['templates'], dir: string | undefined, unreached: number): string {
  const which = templates === 'recorded'
    ? `templates: those the run was made with (kept in its record${dir ? '; --templates is not needed' : ''})`
    : `templates: ${dir ? `assumed from --templates ${safeText(dir)}` : 'assumed to be the defaults'} (the record, from an older version, does not keep them${dir ? '' : '; --templates DIR if the run used others'})`;
  const missed = unreached > 0 ? `; ${unreached} finished call${unreached === 1 ? ' was' : 's were'} not reached with them (made with other templates?), so the pool lacks their answers` : '';
  return which + missed;
}

async function openStore(io: CliIO, workspace: string | undefined): Promise<RunStore> {
  const { RunStore } = await import('../store');
  return RunStore.open(resolve(io.cwd, workspace ?? '.'));
}
