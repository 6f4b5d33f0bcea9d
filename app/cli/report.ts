// Human-readable reports for verify and prove (the --json forms print the results as they are).
import type { Annotation } from '../common/annotations';
import type { ProofDocument } from '../common/proof';
import { confirmedWording, failedMetaCalls, isMetaVerified, type ProveResult, type VerificationSample, type VerifyResult } from '../common/results';
import { reasonInWords } from '../common/noVerdict';
import { flaggedWording, sampleVerdictsOf } from '../common/run-status';
import { isRanked, producedMark, producedWords, RANK_RULE, repeatKindWords, repeatWords, rankFactsOf, standingText } from '../common/ranking';
import { safeText } from './io';

const SCORE_TEXT = (score: number | null) => (score === null ? 'none' : String(Math.round(score * 1000) / 1000));

function clip(text: string, max: number): string {
  const flat = safeText(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

function sampleLine(s: VerificationSample): string {
  const head = `  #${s.index + 1} ${s.status}`;
  const score = s.status === 'parsed' ? ` score ${s.score}` : s.reason ? ` (${safeText(reasonInWords(s.reason))})` : '';
  const meta = s.meta ? `, meta ${s.meta.status === 'parsed' ? `score ${s.meta.score}` : s.meta.status}` : '';
  return `${head}${score}${meta}`;
}

function annotationLine(a: Annotation): string {
  const sample = a.provenance.sample !== undefined ? `#${a.provenance.sample + 1} ` : '';
  const verdict = a.provenance.verdict !== 'unchecked' ? ` [${a.provenance.verdict}]` : '';
  return `      - ${sample}${a.severity}${verdict}: ${clip(a.message, 160)}`;
}

/** Where a run's record lies (absolute path), for the report's last line. */
export interface RecordRef {
  runId: string;
  path: string;
}

/** The verify run's text report; `record` is its run record, when there is one (none: no run line). */
export function verifyReport(result: VerifyResult, doc: ProofDocument, file: string, record?: RecordRef): string {
  const out: string[] = [];
  const total = result.samples.length;
  const spread = result.spread ? `; min ${result.spread.min}, max ${result.spread.max}` : '';
  out.push(`${file}: score ${SCORE_TEXT(result.score)} (mean of ${result.parsedSamples} parsed of ${total} samples${spread})`);
  const unparsed = total - result.parsedSamples;
  if (unparsed > 0) out.push(`  ${unparsed === 1 ? '1 sample gave no verdict; it is' : `${unparsed} samples gave no verdict; they are`} not counted as passes.`);
  if (result.points) {
    const per = result.samples.map((s) => (typeof s.points === 'number' ? String(s.points) : '–')).join(', ');
    const mean = result.points.mean === null ? 'no points (no sample gave a verdict)' : `${Number(result.points.mean.toFixed(2))} / ${result.points.max} points`;
    out.push(`  graded against the reference: ${mean} (per sample: ${per})`);
  }
  if (result.earlyStop) {
    const decided = result.earlyStop.decision ? `${result.earlyStop.decision} by the early-stopping rule` : 'the early-stopping rule did not decide';
    out.push(`  ${decided}; ${result.earlyStop.callsSaved} verification(s) saved.`);
  }
  const flagged = result.steps.filter((s) => s.flags > 0);
  const meta = isMetaVerified(result);
  out.push('', flagged.length ? 'Flagged steps:' : 'No step was flagged.');
  const byStep = new Map<string, Annotation[]>();
  for (const a of result.samples.flatMap((s) => s.annotations)) {
    if (a.stepId) byStep.set(a.stepId, [...(byStep.get(a.stepId) ?? []), a]);
  }
  for (const step of flagged) {
    const text = doc.steps.find((s) => s.id === step.id)?.text ?? '';
    out.push(
      `  ${step.label} (line ${step.range.startPos.line}): ${flaggedWording(step.flags, sampleVerdictsOf(result))}, ${confirmedWording(step.confirmed, meta, failedMetaCalls(result))}${step.worst ? `, worst: ${step.worst}` : ''}`,
      `    "${clip(text, 90)}"`,
      ...(byStep.get(step.id) ?? []).map(annotationLine),
    );
  }
  if (result.documentAnnotations.length) {
    out.push('', 'Findings not tied to a step:', ...result.documentAnnotations.map(annotationLine));
  }
  out.push('', 'Samples:', ...result.samples.map(sampleLine));
  if (record) out.push('', runLine(record));
  return out.join('\n') + '\n';
}

/** The prove run's text report; `record` is its run record, when there is one (none: no run line). */
/**
 * `options.stopped`: the pool is rebuilt from the record of a run that stopped without its result
 * (app/loop/resume.ts recordedPool): the first line says how it stopped.
 */
export function proveReport(result: ProveResult, record?: RecordRef, options: { stopped?: 'interrupted' | 'failed' } = {}): string {
  const out: string[] = [];
  const unchanged = result.unchanged ?? [];
  // An unchanged refinement counts in its twin's ×N (app/loop/prove.ts); records written before that
  // did not count it there, so it is added here only when its twin's duplicateIds lack it.
  const counted = new Set(result.candidates.flatMap((c) => c.duplicateIds ?? []));
  const uncounted = unchanged.filter((u) => !counted.has(u.id)).length;
  const duplicates = result.candidates.reduce((sum, c) => sum + (c.duplicates ?? 0), 0) + uncounted;
  const refinements = unchanged.length ? `, ${unchanged.length} of them ${repeatKindWords(unchanged)}` : '';
  const repeated = duplicates ? `, ${duplicates} repeated proof${duplicates === 1 ? '' : 's'} (verified once${refinements})` : '';
  // An interrupted run's pool, rebuilt from its record, reads its unfinished calls as cancelled: the run was not.
  // A stopped run whose last round has verifications it never finished stopped in that round, not after it (rev7).
  const midRound = options.stopped !== undefined && result.candidates.some((c) => c.round === result.rounds && c.verifications.some((v) => v.status === 'cancelled'));
  const when = !midRound ? `after ${result.rounds} refinement round(s)` : result.rounds === 0 ? 'while verifying the first candidates' : `during refinement round ${result.rounds}`;
  out.push(`prove: ${options.stopped ?? result.status} ${when}, ${result.calls} model calls, ${result.candidates.length} candidate(s)${repeated}`);
  // Candidates and unchanged refinements in call order (ids are issued in call order).
  const lines: { id: string; text: string }[] = [];
  for (const c of result.candidates) {
    const parent = c.parentId ? ` from ${c.parentId}` : '';
    // A rejected one says so in its standing (standingText: "stopped early (rejected)", ranked after the rest).
    const early = c.earlyStop?.decision === 'accepted' ? `, accepted early after ${c.verifications.length}` : '';
    const produced = producedWords(c);
    lines.push({ id: c.id, text: `  ${c.id} (round ${c.round}${parent}): ${meanText(c)}, self ${SCORE_TEXT(c.selfScore)}${early}${produced ? `; ${produced}` : ''}` });
  }
  for (const u of unchanged) {
    const twin = result.candidates.find((c) => c.id === u.sameAs);
    const mark = twin && counted.has(u.id) ? `, counted in its ${producedMark(twin)}` : '';
    lines.push({ id: u.id, text: `  ${u.id} (round ${u.round} from ${u.parentId}): ${repeatWords(u)} (the text of ${u.sameAs}${mark}), not verified` });
  }
  out.push(...lines.sort((a, b) => idNumber(a.id) - idNumber(b.id)).map((l) => l.text));
  if (result.callsSaved !== undefined) out.push(`  early stopping saved ${result.callsSaved} verification(s)`);
  if (result.candidates.some((c) => c.meanScore !== null && !isRanked(rankFactsOf(c)))) out.push(`  ${RANK_RULE}`);
  const best = result.best;
  if (best) {
    // Why this one: a mean of 1 over fewer verdicts than verifications is not a pass, and a search
    // that passed returns its passing proof even when another has a higher mean over fewer verdicts.
    const why =
      best.meanScore === null
        ? 'no candidate got a verdict, so none is better than another'
        : result.status === 'passed'
          ? best.earlyStop?.decision === 'accepted'
            ? 'it passed: accepted early'
            : `it passed: all ${best.verifications.length} verifications scored 1`
          : isRanked(rankFactsOf(best))
            ? 'the highest mean, not a pass'
            : 'no candidate has enough verdicts to be ranked';
    const mark = producedMark(best);
    out.push('', `Best candidate ${best.id}${mark ? ` ${mark}` : ''}: ${why}; ${meanText(best)}:`, '', safeText(best.proof.trim()));
  }
  if (record) out.push('', runLine(record));
  return out.join('\n') + '\n';
}

const idNumber = (id: string) => Number(id.replace(/^\D+/, '')) || 0;

/**
 * "mean 1 over 3 of 4 verifications (1 without a verdict)", "mean 1 over 1 of 4 verdicts: too few to
 * rank": a mean says little without how many verifications it rests on, and a failed or cut-off one is
 * left out of it, never counted as a pass (app/common/ranking.ts says when a mean is ranked).
 */
function meanText(c: ProveResult['candidates'][number]): string {
  return standingText(rankFactsOf(c), c.verifications.length);
}

function runLine(record: RecordRef): string {
  return `Run ${record.runId} (${record.path})`;
}
