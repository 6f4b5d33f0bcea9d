// High-compute search (DESIGN.md §2): generate n candidates with self-evaluation, verify each m times,
// rank them (app/common/ranking.ts: mean score once half the verdicts are in), stop when one passes
// all m; otherwise refine the top k (each with ≤8 analyses, lowest scores first, ≤4 per score value),
// add the results to the pool and repeat, for at most `rounds` refinement rounds after the first
// generation round.
//
// Call count when nothing fails and no proof repeats: n·(1+m) for round 0, then k·(1+m) per refinement
// round (fewer when the pool holds fewer than k candidates; m fewer per repeated proof);
// app/common/search.ts estimateSearchCalls is the bound, and the run's planned calls start there. A
// round is always finished before the pass check, so the count does not depend on timing.
//
// A refinement that repeats the text of a candidate in the pool is no candidate (ProveResult.unchanged):
// verifying it again would put one proof twice in the top k. It counts as that candidate produced once
// more (its `duplicates`, "×N"), as an equal proof of one round does: the pool shows one proof that
// several calls gave, whichever round they were in. Equal proofs of one round (the n
// generations, or the k refinements) are one candidate, verified once, with the others counted as its
// `duplicates` (app/common/ranking.ts says what "equal" ignores). Each saves m verification calls.
//
// Candidate ids, round numbers and seed offsets are assigned in a fixed order, so a resumed run
// (`resume`) asks for exactly the calls the killed one did and gets the recorded answers back.
import type { ProofDocument } from '../common/proof';
import type { Candidate, ProveResult, UnchangedRefinement } from '../common/results';
import { normalisedProof, rankFactsOf } from '../common/ranking';
import { hashText } from '../store';
import { generateCandidate, rankCandidates, selectAnalyses } from './candidates';
import type { LoopContext } from './context';
import { buildGeneratePrompt, buildRefinePrompt, parseProof, recordTemplates } from './deps';
import { estimateSearchCalls, plannedProofs, type EarlyStopRule } from '../common/search';
import { RunSession, runSession, type ResumeFrom } from './session';
import { passesAll, verifyInSession } from './verify';

export interface ProveInput {
  problem: string;
  /** n: candidates generated in round 0. */
  candidates: number;
  /** m: verifications per candidate. */
  samples: number;
  /** T: refinement rounds after round 0 (0 = generate and verify only). */
  rounds: number;
  /** k: candidates refined per round. */
  topK: number;
  /** Accept/reject each candidate early (Huang–Yang); a candidate it accepts passes. */
  earlyStop?: EarlyStopRule;
  /** Recorded in the run header so the run is listed with its document. */
  documentPath?: string;
}

/** A generation that gave a usable proof, with its text as compared (normalisedProof). */
interface Generated {
  candidate: Candidate;
  text: string;
}

/** c12 → 12: unchanged refinements are listed in call order, not in the order their calls finished. */
const idOrder = (id: string) => Number(id.slice(1));

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer ≥ ${min} (got ${value})`);
}

/**
 * The search. With `resume` (RunStore.reopenRun of an unfinished prove run, started with the same
 * input) it continues in the same record, answering every finished call from it.
 */
export async function runProve(ctx: LoopContext, input: ProveInput, resume?: ResumeFrom): Promise<ProveResult> {
  checkCount('candidates', input.candidates, 1);
  checkCount('samples', input.samples, 1);
  checkCount('rounds', input.rounds, 0);
  checkCount('topK', input.topK, 1);
  const { candidates: n, samples: m, rounds: T, topK: k } = input;
  const session = await RunSession.start(
    ctx,
    'prove',
    {
      params: {
        candidates: n, samples: m, rounds: T, topK: k, concurrency: ctx.concurrency, sampling: ctx.sampling,
        ...(input.earlyStop ? { earlyStop: input.earlyStop } : {}),
        // The extraction pass adds findings (and calls) to verifications: a rebuilt or resumed pool needs it too.
        ...(ctx.extractFindings ? { extractFindings: true } : {}),
      },
      // The templates themselves: the pool rebuilt from this record (recordedPool) asks for the calls this run made.
      templates: recordTemplates(ctx.templates, ctx.profile, ['generate', 'refine', 'verify']),
      problemHash: hashText(input.problem),
      problem: input.problem,
      ...(input.documentPath !== undefined ? { document: { path: input.documentPath, hash: hashText(input.problem) } } : {}),
    },
    // The plan starts at the estimate's bound (what the Prove dialog and `--dry-run` say) and shrinks as
    // calls turn out not to be needed: unusable generations, smaller rounds, a search that ends early.
    estimateSearchCalls(input).total,
    resume,
  );

  const pool: Candidate[] = [];
  const unchanged: UnchangedRefinement[] = [];
  // Pool candidates an unchanged refinement of the running round repeated: their ×N changed.
  const repeatedThisRound = new Set<Candidate>();
  const docs = new Map<string, ProofDocument>();
  let nextId = 1;
  let seedOffset = 0;

  // One generate/refine call: a candidate with its normalised text, or null (no usable solution, or a
  // refinement that repeats a pool candidate: `unchanged`). Its id and seed are taken when it is asked.
  const generate = async (role: 'generate' | 'refine', round: number, parent?: Candidate): Promise<Generated | null> => {
    const prompt =
      role === 'generate'
        ? buildGeneratePrompt(ctx.templates, ctx.profile, { problem: input.problem })
        : buildRefinePrompt(ctx.templates, ctx.profile, {
            problem: input.problem,
            candidates: [{ proof: parent!.proof, analyses: selectAnalyses(parent!.verifications), doc: docs.get(parent!.id) }],
          });
    const candidate = await generateCandidate(session, { role, prompt, id: `c${nextId++}`, round, parentId: parent?.id, seedOffset: seedOffset++ });
    if (!candidate) {
      session.replan(-m);
      return null;
    }
    const text = normalisedProof(candidate.proof);
    if (parent) {
      // The pool does not change during a round (the round's candidates join it at its end), so which
      // text a refinement is compared with does not depend on which call finished first.
      const twin = normalisedProof(parent.proof) === text ? parent : pool.find((c) => normalisedProof(c.proof) === text);
      if (twin) {
        unchanged.push({ id: candidate.id, round, parentId: parent.id, sameAs: twin.id });
        // One proof, produced once more: its call ids stay in call order whichever answered first.
        twin.duplicates = (twin.duplicates ?? 0) + 1;
        twin.duplicateIds = [...(twin.duplicateIds ?? []), candidate.id].sort((a, b) => idOrder(a) - idOrder(b));
        repeatedThisRound.add(twin);
        session.replan(-m);
        return null;
      }
    }
    return { candidate, text };
  };

  // The m verifications of a new candidate, and its candidate-scored event.
  const verify = async (candidate: Candidate, round: number, final: () => Promise<void>): Promise<Candidate> => {
    const doc = parseProof(candidate.proof, 'markdown');
    docs.set(candidate.id, doc);
    const verification = await verifyInSession(session, {
      problem: input.problem,
      doc,
      proof: candidate.proof,
      samples: m,
      meta: false,
      candidateId: candidate.id,
      round,
      earlyStop: input.earlyStop,
    });
    candidate.verifications = verification.samples;
    candidate.meanScore = verification.score;
    candidate.verificationsRequested = m - (verification.earlyStop?.callsSaved ?? 0);
    if (verification.earlyStop) candidate.earlyStop = verification.earlyStop;
    // Its duplicates are known once every call of its round has answered (a later one may repeat it).
    await final();
    scored(candidate, round);
    return candidate;
  };

  // The candidate-scored event: the run panel's pool row (again, when a later refinement repeated it).
  const scored = (candidate: Candidate, round: number) => {
    const { verdicts, requested, rejectedEarly } = rankFactsOf(candidate);
    session.emit({
      type: 'candidate-scored', runId: session.runId, candidateId: candidate.id, round, meanScore: candidate.meanScore, selfScore: candidate.selfScore, verdicts, requested,
      ...(rejectedEarly ? { rejectedEarly } : {}),
      ...(candidate.parentId ? { parentId: candidate.parentId } : {}), proof: candidate.proof,
      ...(candidate.duplicates ? { duplicates: candidate.duplicates, duplicateIds: candidate.duplicateIds } : {}),
    });
  };

  // A round's calls, asked in id order. Equal proofs of one round are one candidate: the one with the
  // lowest id is verified; the later ones wait only for the calls before them (never for verifications)
  // and become its `duplicates`, so which call is verified does not depend on which answered first and
  // a resumed run reaches the same candidates. The first call's candidate is verified at once.
  const runRound = (round: number, asks: Array<() => Promise<Generated | null>>): Promise<Array<Candidate | null>> => {
    const generated = asks.map((ask) => ask());
    // Once every call of the round has answered: each first of a text gets the later ones as duplicates.
    const counted = Promise.all(generated).then((answers) => {
      const first = new Map<string, Candidate>();
      for (const g of answers) {
        if (!g) continue;
        const seen = first.get(g.text);
        if (!seen) {
          first.set(g.text, g.candidate);
          continue;
        }
        seen.duplicates = (seen.duplicates ?? 0) + 1;
        seen.duplicateIds = [...(seen.duplicateIds ?? []), g.candidate.id];
      }
    });
    const final = () => counted;
    return Promise.all(
      generated.map(async (mine, i) => {
        const g = await mine;
        if (!g) return null;
        const earlier = await Promise.all(generated.slice(0, i));
        if (earlier.some((e) => e !== null && e.text === g.text)) {
          session.replan(-m);
          return null;
        }
        return verify(g.candidate, round, final);
      }),
    );
  };

  const result = (status: ProveResult['status'], rounds: number, best?: Candidate): ProveResult => ({
    runId: session.runId,
    status,
    best: best ?? rankCandidates(pool)[0] ?? null,
    candidates: pool,
    rounds,
    calls: session.calls,
    ...(input.earlyStop ? { callsSaved: pool.reduce((sum, c) => sum + (c.earlyStop?.callsSaved ?? 0), 0) } : {}),
    ...(unchanged.length ? { unchanged: [...unchanged].sort((a, b) => idOrder(a.id) - idOrder(b.id)) } : {}),
  });
  // The rounds a search that passed will not run leave the plan.
  const dropRoundsAfter = (round: number) => {
    let unused = 0;
    for (let r = round + 1; r <= T; r++) unused += plannedProofs(input, r);
    if (unused > 0) session.replan(-unused * (1 + m));
  };
  const passes = (c: Candidate) => c.earlyStop?.decision === 'accepted' || passesAll(c.verifications, m);

  return runSession(
    session,
    async () => {
      for (let round = 0; ; round++) {
        if (round > 0) {
          // Refine the k best; with an empty pool (every generation unusable) generate min(n, k) afresh
          // instead, so a round never costs more than k·(1+m) calls (the bound the estimate states).
          const parents = rankCandidates(pool).slice(0, k);
          session.replan(((parents.length || Math.min(n, k)) - plannedProofs(input, round)) * (1 + m));
        }
        const asks =
          round === 0 || pool.length === 0
            ? Array.from({ length: round === 0 ? n : Math.min(n, k) }, () => () => generate('generate', round))
            : rankCandidates(pool).slice(0, k).map((parent) => () => generate('refine', round, parent));
        const made = await runRound(round, asks);
        for (const c of repeatedThisRound) scored(c, c.round);
        repeatedThisRound.clear();
        for (const c of made) if (c) pool.push(c);
        if (session.cancelled) return result('cancelled', round);
        const passed = rankCandidates(made.filter((c): c is Candidate => c !== null)).find(passes);
        if (passed) {
          dropRoundsAfter(round);
          return result('passed', round, passed);
        }
        if (round >= T) return result('exhausted', round);
      }
    },
    (r) => ({ score: r.best?.meanScore ?? null, event: { prove: r } }),
  );
}
