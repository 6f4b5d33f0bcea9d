// Exit codes for commands that ask a model for verdicts (README, "Command line").
import type { ProveResult, VerifyResult } from '../common/results';
import { whyNoVerdict } from '../common/noVerdict';
import type { ModelBackend } from '../models/backend';
import { CliError, safeText, type CliIO } from './io';

/**
 * Exit status when the command ran but produced no verdict: no verifier sample was parsed with a
 * score (the backend failed, every answer was cut off, cancelled by the server, unscored, …), or, for
 * a batch, at least one proof got none. 1 stays "could not run" (bad input, backend not created), 2 usage.
 */
export const EXIT_NO_VERDICT = 3;

/** Throws the no-verdict exit for a verify result whose samples gave no verdict; the message says why. */
export function requireVerdict(result: VerifyResult): void {
  if (result.parsedSamples > 0) return;
  throw new CliError(`no verdict: none of the ${result.samples.length} samples gave one (${whyNoVerdict(result.samples) || 'no samples'})`, EXIT_NO_VERDICT);
}

/** The same for prove: some verification of some candidate must have given a verdict. */
export function requireProveVerdict(result: ProveResult): void {
  const samples = result.candidates.flatMap((c) => c.verifications);
  if (samples.some((s) => s.status === 'parsed' && s.score !== null)) return;
  const why = result.candidates.length === 0 ? 'no candidate proof was generated (the run record has each call and its error)' : `none of the ${samples.length} verifications gave one (${whyNoVerdict(samples)})`;
  throw new CliError(`no verdict: ${why}`, EXIT_NO_VERDICT);
}

/** Tells the user (stderr) how the backend reshaped requests for this server, e.g. a refused seed. */
export function noteAdaptations(io: CliIO, backend: ModelBackend): void {
  for (const note of backend.info().adaptations ?? []) io.stderr(`proofwright: note: ${safeText(note)}\n`);
}
