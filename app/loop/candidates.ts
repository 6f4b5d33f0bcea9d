// Candidates: a generation or refinement call turned into a Candidate, the ranking of a pool, and the
// choice of analyses a refinement sees (DESIGN.md §2).
import type { Candidate, VerificationSample } from '../common/results';
import { parseGeneration, type BuiltPrompt } from './deps';
import { answered, type RunSession } from './session';
import { reasonInWords } from '../common/noVerdict';
import { rankBy, rankFactsOf } from '../common/ranking';

export const MAX_REFINE_ANALYSES = 8;
export const MAX_ANALYSES_PER_SCORE = 4;

/** Analyses to show a refinement: parsed ones, lowest scores first, ≤4 per score value, ≤8 in all. */
export function selectAnalyses(samples: VerificationSample[]): string[] {
  const parsed = samples.filter((s) => s.status === 'parsed' && s.score !== null).sort((a, b) => (a.score as number) - (b.score as number) || a.index - b.index);
  const perScore = new Map<number, number>();
  const chosen: string[] = [];
  for (const sample of parsed) {
    const used = perScore.get(sample.score as number) ?? 0;
    if (used >= MAX_ANALYSES_PER_SCORE) continue;
    perScore.set(sample.score as number, used + 1);
    chosen.push(sample.analysis);
    if (chosen.length === MAX_REFINE_ANALYSES) break;
  }
  return chosen;
}

/**
 * Best first, by the one rule of app/common/ranking.ts (mean over the verdicts, once at least half
 * of those requested came back; then more verdicts, self-score, the older candidate).
 */
export function rankCandidates(pool: Candidate[]): Candidate[] {
  return rankBy(pool, rankFactsOf);
}

/** One generate/refine call; null when the answer has no usable solution (it stays in the record). */
export async function generateCandidate(
  session: RunSession,
  options: {
    role: 'generate' | 'refine'; prompt: BuiltPrompt; id: string; round: number; parentId?: string; seedOffset: number;
    /** Told why there is no candidate (in words: the call's error, why its answer did not parse, an empty solution). */
    onNoCandidate?: (why: string) => void;
  },
): Promise<Candidate | null> {
  const { prompt } = options;
  const outcome = await session.call({
    role: options.role,
    messages: prompt.messages,
    templateId: prompt.templateId,
    templateHash: prompt.templateHash,
    promptHash: prompt.promptHash,
    candidateId: options.id,
    round: options.round,
    seedOffset: options.seedOffset,
    parse: (result) => {
      const value = parseGeneration(result.text, result.finishReason, session.ctx.profile);
      return { status: value.status, score: value.selfScore, reason: value.reason, value };
    },
  });
  if (!answered(outcome)) {
    options.onNoCandidate?.(outcome.error);
    return null;
  }
  if (outcome.status !== 'parsed') {
    options.onNoCandidate?.(`the answer did not parse: ${reasonInWords(outcome.parsed.reason)}`);
    return null;
  }
  const generation = outcome.parsed.value;
  if (!generation.solution.trim()) {
    options.onNoCandidate?.('the answer has no "## Solution" text');
    return null;
  }
  return {
    id: options.id,
    round: options.round,
    parentId: options.parentId,
    proof: generation.solution,
    selfScore: generation.selfScore,
    verifications: [],
    meanScore: null,
  };
}
