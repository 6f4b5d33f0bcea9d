// A single refinement run: one proof plus verifier analyses of it → a new candidate (not verified).
import type { Candidate } from '../common/results';
import type { ProofDocument } from '../common/proof';
import { hashText } from '../store';
import { MAX_REFINE_ANALYSES, generateCandidate } from './candidates';
import type { LoopContext } from './context';
import { buildRefinePrompt } from './deps';
import { RunSession, runSession } from './session';

export interface RefineInput {
  problem: string;
  proof: string;
  doc: ProofDocument;
  /** Verifier analyses of the proof (at most 8 are used, in the order given). */
  analyses: string[];
  /** Text of one step the user asks to repair; it reaches the model as one more analysis. */
  focus?: string;
  documentPath?: string;
}

export class RefineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefineError';
  }
}

/**
 * The analyses the model sees: the given ones, capped, plus the user's focus as the last one (it keeps
 * its slot under the cap). The templates stay as they are: a focus is just one more critique.
 */
export function refineAnalyses(input: Pick<RefineInput, 'analyses' | 'focus'>): string[] {
  if (input.focus === undefined) return input.analyses.slice(0, MAX_REFINE_ANALYSES);
  return [...input.analyses.slice(0, MAX_REFINE_ANALYSES - 1), focusAnalysis(input.focus)];
}

export function focusAnalysis(stepText: string): string {
  return `The user asks to repair this step of the proof, keeping the rest unless the fix requires changes elsewhere:\n\n«${stepText.trim()}»`;
}

/** Throws RefineError when the model's answer holds no solution (the call is still recorded). */
export async function runRefine(ctx: LoopContext, input: RefineInput): Promise<Candidate> {
  const session = await RunSession.start(
    ctx,
    'refine',
    {
      params: { analyses: input.analyses.length, sampling: ctx.sampling, ...(input.focus !== undefined ? { focus: true } : {}) },
      document: { path: input.documentPath, hash: hashText(input.doc.text) },
      problemHash: hashText(input.problem),
    },
    1,
  );
  return runSession(
    session,
    async () => {
      const prompt = buildRefinePrompt(ctx.templates, ctx.profile, {
        problem: input.problem,
        candidates: [{ proof: input.proof, analyses: refineAnalyses(input), doc: input.doc }],
      });
      let why = 'no reason given';
      const candidate = await generateCandidate(session, { role: 'refine', prompt, id: 'r1', round: 1, seedOffset: 0, onNoCandidate: (w) => (why = w) });
      // The reason itself, not a pointer to the record: the app shows this message as it is.
      if (!candidate) throw new RefineError(session.cancelled ? 'refinement cancelled' : `the refinement produced no usable solution: ${why}`);
      return candidate;
    },
    (candidate) => ({ score: candidate.selfScore, event: { refined: candidate } }),
  );
}
