// The rank of a search's candidates: the one rule behind the loop's top k and its best candidate, the
// prove report, `runs`, the workbench's pool and Prove review, and a resumed run (which re-runs the
// loop over its record). Pure: no I/O; importable by the renderer like the rest of app/common.
//
// Source and why. DeepSeekMath-V2 (the paper, high-compute search) ranks a proof by the average of
// its n verification scores and refines the best; it does not say what a verification that gave no
// verdict (cut off, no \boxed{} score, a failed call) does to that average. Taking the mean over the
// verdicts there are lets 1 verdict of 64 (score 1) outrank 64 verdicts averaging 0.98: a mean over
// a few samples is mostly noise. Proofwright's rule: a candidate is ranked by its mean only when at
// least MIN_VERDICT_SHARE (half) of the verdicts it asked for came back, so the mean rests on most of
// the evidence the search meant it to rest on; with every verdict in (the normal case) the order is
// exactly the paper's. Candidates with fewer come after every ranked one ("1 of 64 verdicts: too few
// to rank"), by how many verdicts they got, then mean. Ties among ranked ones go to the mean over
// more verdicts, then the self-evaluation score, then the older candidate. A lower-bound mean (e.g.
// Wilson) was the alternative; it reorders candidates with equal means and every verdict, which the
// paper's rule does not, and it is harder to say in one line of a report.
//
// A candidate the early-stopping rule rejected (Huang–Yang: j failures before the m verifications were
// all issued) is ranked after every candidate that was not: its mean rests on the few samples it got
// before the rule stopped it, which by construction are mostly failures but can average higher than a
// fully sampled candidate's mean (10 halves: 0.5, over a full 0.3). The search stopped it because it
// judged it bad; ranking it by that short mean would undo the judgement.
import { verdictCount } from './noVerdict';
import type { Candidate } from './results';

/** A mean score as every surface prints it: rounded to 3 decimals, no trailing zeros (0.875, 1, 0.667). */
export function formatMean(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}

/** The share of a candidate's requested verdicts it needs to be ranked by its mean (at least half). */
export const MIN_VERDICT_SHARE = 0.5;

/** The rule in one line, for reports that leave a candidate unranked. */
export const RANK_RULE =
  '(a candidate is ranked by mean score only with at least half of its verifications giving a verdict; one with fewer comes after, by its verdicts: the DeepSeekMath-V2 paper ranks by the mean of all n scores and does not say what a missing one does)';

/** What a candidate's rank rests on. */
export interface RankFacts {
  /** Mean score over the verdicts (null: none). */
  meanScore: number | null;
  selfScore: number | null;
  /** Verifications that gave a verdict (parsed, with a score). */
  verdicts: number;
  /** Verifications the search asked for: m, less those the early-stopping rule did not need. */
  requested: number;
  /** The early-stopping rule rejected it (stopped sampling it after its failures): ranked after the rest. */
  rejectedEarly?: boolean;
  /** Verifications the run stopped before they ended (cancelled, or never answered in a killed run's record). */
  unfinished?: number;
}

/**
 * The facts of a candidate as the loop records it. A record from before `verificationsRequested` was
 * kept counts the verifications issued (m less those early stopping saved; short only if cancelled).
 */
export function rankFactsOf(c: Pick<Candidate, 'meanScore' | 'selfScore' | 'verifications' | 'verificationsRequested' | 'earlyStop'>): RankFacts {
  const unfinished = c.verifications.filter((v) => v.status === 'cancelled').length;
  return {
    meanScore: c.meanScore,
    selfScore: c.selfScore,
    verdicts: verdictCount(c.verifications),
    requested: c.verificationsRequested ?? c.verifications.length,
    ...(c.earlyStop?.decision === 'rejected' ? { rejectedEarly: true } : {}),
    ...(unfinished > 0 ? { unfinished } : {}),
  };
}

/** What every surface writes beside a candidate the early-stopping rule rejected. */
export const REJECTED_EARLY = 'stopped early (rejected)';

/** Whether a candidate has enough verdicts (≥ MIN_VERDICT_SHARE of those requested, and one) to be ranked by its mean. */
export function isRanked(f: RankFacts): boolean {
  return f.meanScore !== null && f.verdicts > 0 && f.verdicts >= MIN_VERDICT_SHARE * f.requested;
}

/**
 * Negative when `a` ranks before `b`, positive after, 0 when the rule cannot tell them apart (the
 * caller then keeps the older first). See the file comment for the rule and its source.
 */
export function compareRank(a: RankFacts, b: RankFacts): number {
  // Rejected early: after every candidate that was not, whatever its short mean (file comment).
  if (!!a.rejectedEarly !== !!b.rejectedEarly) return a.rejectedEarly ? 1 : -1;
  const ra = isRanked(a);
  const rb = isRanked(b);
  if (ra !== rb) return ra ? -1 : 1;
  const mean = (x: number | null) => (x === null ? -1 : x);
  const self = (x: number | null) => (x === null ? -1 : x);
  if (ra) return mean(b.meanScore) - mean(a.meanScore) || b.verdicts - a.verdicts || self(b.selfScore) - self(a.selfScore);
  return b.verdicts - a.verdicts || mean(b.meanScore) - mean(a.meanScore) || self(b.selfScore) - self(a.selfScore);
}

/** `pool` best first by compareRank; equals keep their order in `pool` (the older first). */
export function rankBy<T>(pool: readonly T[], facts: (item: T) => RankFacts): T[] {
  return pool
    .map((item, order) => ({ item, order, f: facts(item) }))
    .sort((a, b) => compareRank(a.f, b.f) || a.order - b.order)
    .map((x) => x.item);
}

/**
 * A candidate's standing in words, for every surface that shows a mean: "mean 0.98 over 64
 * verifications", "mean 1 over 3 of 4 verifications (1 without a verdict)", "mean 1 over 1 of 64
 * verdicts: too few to rank", "no verdict (none of 4 verifications gave one)"; a candidate the
 * early-stopping rule rejected adds ", stopped early (rejected): ranked after every candidate that was not".
 */
export function standingText(f: RankFacts, issued: number): string {
  const score = formatMean;
  const rejected = f.rejectedEarly ? `, ${REJECTED_EARLY}: ranked after every candidate that was not` : '';
  if (f.meanScore === null) {
    // A run stopped before they ended (rev7: a killed prove run's last candidate): not a verdict-less answer.
    const unfinished = Math.min(f.unfinished ?? 0, issued);
    if (issued > 0 && unfinished === issued) return `not verified: the run stopped before its ${issued} verification(s) ended${rejected}`;
    return `no verdict (none of ${issued - unfinished} verification(s) gave one${unfinished ? `; ${unfinished} stopped before it ended` : ''})${rejected}`;
  }
  if (!isRanked(f)) return `mean ${score(f.meanScore)} over ${f.verdicts} of ${f.requested} verdicts: too few to rank${rejected}`;
  const stopped = Math.min(f.unfinished ?? 0, issued - f.verdicts);
  const missing = [issued - f.verdicts - stopped > 0 ? `${issued - f.verdicts - stopped} without a verdict` : '', stopped ? `${stopped} stopped before it ended` : ''].filter(Boolean).join(', ');
  return (f.verdicts === issued
    ? `mean ${score(f.meanScore)} over ${issued} verification(s)`
    : `mean ${score(f.meanScore)} over ${f.verdicts} of ${issued} verifications (${missing})`) + rejected;
}

/**
 * How a verification's score reads (the document score in the workbench): `few` when fewer than
 * MIN_VERDICT_SHARE of its issued samples gave a verdict (the rank rule above: such a mean says little,
 * so it is not shown as a pass), else by the score: 1 pass, ≥ ½ partial, below fail, none without one.
 */
export function verifyScoreTone(v: { score: number | null; parsedSamples: number; samples: readonly unknown[] }): 'pass' | 'partial' | 'fail' | 'none' | 'few' {
  if (v.score === null) return 'none';
  if (!isRanked({ meanScore: v.score, selfScore: null, verdicts: v.parsedSamples, requested: v.samples.length })) return 'few';
  return v.score >= 1 ? 'pass' : v.score >= 0.5 ? 'partial' : 'fail';
}

/**
 * A proof's text for comparing two candidates, changed only where a model's output varies without
 * meaning anything: line endings made \n, whitespace at the end of each line dropped, blank lines before
 * the first and after the last line dropped. Everything else stays (spaces inside a line, indentation,
 * blank lines between paragraphs: Markdown reads some of them, and a formula's text is never touched).
 * Two candidates equal under this are one proof: a refinement equal to a pool candidate is no new
 * candidate (`unchanged`), and equal proofs of one round are verified once (`duplicates`).
 */
export function normalisedProof(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/\s+$/, ''))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/**
 * How many generate/refine calls gave a candidate's proof (1 + `duplicates`): the one verified and
 * those that repeated it, in its round or as a later round's unchanged refinement (app/loop/prove.ts).
 */
export function timesProduced(c: { duplicates?: number }): number {
  return 1 + (c.duplicates ?? 0);
}

/**
 * The mark every surface (the prove report, `--json` readers, the run panel's pool) puts beside a
 * candidate produced more than once: "×4"; '' for a candidate produced once.
 */
export function producedMark(c: { duplicates?: number }): string {
  const n = timesProduced(c);
  return n > 1 ? `×${n}` : '';
}

/**
 * What a refinement that repeated a candidate's text was, in the words every surface uses: "unchanged
 * refinement" when it gave its parent back, "refinement repeating c2" when it gave another candidate's
 * text (it did change; rev4: both were called unchanged).
 */
export function repeatWords(u: { parentId: string; sameAs: string }): string {
  return u.sameAs === u.parentId ? 'unchanged refinement' : `refinement repeating ${u.sameAs}`;
}

/** "unchanged refinements" when each gave its parent back, else "refinements repeating a candidate" (singular for one). */
export function repeatKindWords(unchanged: readonly { parentId: string; sameAs: string }[]): string {
  const s = unchanged.length === 1 ? '' : 's';
  return unchanged.every((u) => u.sameAs === u.parentId) ? `unchanged refinement${s}` : `refinement${s} repeating a candidate`;
}

/**
 * The same in words, for the report line and the pool's tooltip: "×4: 4 samples gave this proof (c2,
 * c3, c4 repeated it), verified once"; '' for a candidate produced once.
 */
export function producedWords(c: { duplicates?: number; duplicateIds?: readonly string[] }): string {
  const mark = producedMark(c);
  if (!mark) return '';
  const ids = c.duplicateIds?.length ? ` (${c.duplicateIds.join(', ')} repeated it)` : '';
  return `${mark}: ${timesProduced(c)} samples gave this proof${ids}, verified once`;
}

/** How a search's best candidate stands: its verdicts, of those requested, and whether it is ranked. */
export interface BestStanding {
  verdicts: number;
  requested: number;
  ranked: boolean;
}

/**
 * The best candidate's standing in a stored ProveResult (read leniently: undefined when it holds no
 * best that reads as a candidate). For listings (`runs`), which show the best's mean.
 */
export function bestStandingOf(result: unknown): BestStanding | undefined {
  const best = (result as { best?: unknown } | null | undefined)?.best as Partial<Candidate> | null | undefined;
  if (!best || !Array.isArray(best.verifications) || (typeof best.meanScore !== 'number' && best.meanScore !== null)) return undefined;
  const facts = rankFactsOf({ meanScore: best.meanScore, selfScore: best.selfScore ?? null, verifications: best.verifications, verificationsRequested: best.verificationsRequested });
  return { verdicts: facts.verdicts, requested: facts.requested, ranked: isRanked(facts) };
}
