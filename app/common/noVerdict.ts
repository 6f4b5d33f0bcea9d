// Why samples gave no verdict, in words a user can act on. Shared by the CLI reports and summaries
// (and importable by the renderer, like the rest of app/common).
import type { VerificationSample } from './results';

const REASON_WORDS: Record<string, string> = {
  truncated: 'cut off at the token limit (raise Max tokens, or --max-tokens on the command line)',
  'no-score': 'the answer has no \\boxed{} score',
  'invalid-score': 'the answer has no valid \\boxed{} score (0, 1/2 or 1)',
  'no-solution': 'the answer has no proof in it',
  empty: 'the answer was empty',
  error: 'the backend reported an error',
  cancelled: 'cancelled',
  incomplete: 'the server ended the answer without completing it',
};

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
