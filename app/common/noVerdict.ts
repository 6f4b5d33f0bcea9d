// Why samples gave no verdict, in words a user can act on. Shared by the CLI reports and summaries
// (and importable by the renderer, like the rest of app/common).
import type { VerificationSample } from './results';

const REASON_WORDS: Record<string, string> = {
  truncated: 'cut off at the token limit (raise Max tokens, or --max-tokens on the command line)',
  'no-score': 'the answer has no \\boxed{} score',
  'invalid-score': 'the answer has no valid \\boxed{} score (0, 1/2 or 1)',
  'no-solution': 'the answer has no proof in it',
  empty: 'the answer was empty',
  'unclosed-think': 'the answer never left its reasoning (a <think> block or analysis channel that never ended), so nothing in it is read as a score',
  error: 'the backend reported an error',
  cancelled: 'cancelled',
  incomplete: 'the server ended the answer without completing it',
  'invalid-points': 'the answer gives a verdict but no valid points (the last \\boxed{} must hold a whole number from 0 to the top of the scale, Points or --points)',
  'inconsistent-grade': 'the verdict and the points contradict each other (a verdict of 1 with 0 points, or of 0 with all the points), so neither is counted',
};

/**
 * What a scripted backend (the demo script, or a script of the user's) adds when its script has no
 * answer for a call: a script answers only the proofs it was written for, and a user's own proof needs
 * a model. Appended to the backend's error, which becomes the sample's reason, so every place that
 * shows "no verdict: …" says it. Worded for any script: it named "the demo script" while a user's own
 * script was loaded (rev16 F5).
 */
export const SCRIPT_HAS_NO_ANSWER = 'a script answers only the proofs it was written for (the demo script: the shipped samples); load a model in the Model library or Models & settings to verify your own proof';

/**
 * The warning when a proof is verified with an empty problem statement: allowed (a proof can be read
 * for its own sake), but the verifier cannot tell whether it proves what was asked.
 */
export const NO_PROBLEM_WARNING = 'The problem statement is empty: the verifier checks the proof without knowing what it should prove. Add the statement above the proof for a score that means "proves the problem".';

/**
 * What a run cannot start without, in words, or null when it has it: verify and refine read the
 * proof, prove writes proofs for the problem statement. Blank text (spaces, new lines) counts as
 * none. Checked before any model call (the workbench says it at once; the engine refuses the run),
 * since a model asked about nothing answered "0 of 4 samples gave a verdict" (rev14 finding 5).
 */
export function nothingToRun(kind: 'verify' | 'refine' | 'prove', input: { proof: string; problem: string }): string | null {
  if (kind === 'prove') return input.problem.trim() ? null : 'Nothing to prove: the problem statement is empty. Write the problem (Problem, above the proof) first.';
  return input.proof.trim() ? null : `Nothing to ${kind}: the proof is empty. Write the proof in the editor first.`;
}

/** A sample's reason (a parser code such as 'truncated', or a backend's message) in words. */
export function reasonInWords(reason: string | undefined): string {
  if (!reason) return 'no reason given';
  return REASON_WORDS[reason] ?? reason;
}

/** Samples that gave a verdict: parsed, with a score. */
export function verdictCount(samples: readonly VerificationSample[]): number {
  return samples.filter((s) => s.status === 'parsed' && s.score !== null).length;
}

/**
 * Why the samples without a verdict have none, grouped: "2 × cannot reach … ; 1 × cut off at the
 * token limit (…)". Empty string when every sample gave a verdict.
 */
export function whyNoVerdict(samples: readonly VerificationSample[]): string {
  const counts = new Map<string, number>();
  for (const s of samples) {
    if (s.status === 'parsed' && s.score !== null) continue;
    const words = reasonInWords(s.reason);
    counts.set(words, (counts.get(words) ?? 0) + 1);
  }
  return [...counts].map(([words, n]) => `${n} × ${words}`).join('; ');
}
