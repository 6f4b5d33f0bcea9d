// The shapes of a run record file: a header line, one line per finished model call, a summary line.
// All plain JSON. Reading is lenient (zod `passthrough`): records written by newer versions still load.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { RunKind, RunStatus } from '../common/events';
import type { CallRole, SampleStatus } from '../common/results';
import type { FinishReason } from '../models/backend';

export interface RunHeader {
  kind: RunKind;
  /** Loop parameters (samples, candidates, rounds, sampling…), as given. */
  params: Record<string, unknown>;
  backend: { spec: string; model: string; kind?: string };
  document?: { path?: string; hash: string };
  problemHash?: string;
  /** The problem statement itself (verify and prove runs), so a run can be resumed from its record alone. */
  problem?: string;
  /** Prompt profile used for the run. */
  profile?: string;
}

export interface StoredHeader extends RunHeader {
  type: 'header';
  version: 1;
  runId: string;
  /** ISO time the run was created. */
  createdAt: string;
}

export interface SamplingParams {
  temperature: number;
  topP: number;
  maxTokens: number;
  seed?: number;
}

export interface CallRecord {
  callId: string;
  role: CallRole;
  /** Verifier sample index, candidate id and round, where they apply. */
  sample?: number;
  candidateId?: string;
  round?: number;
  templateId?: string;
  templateHash?: string;
  promptHash?: string;
  params: SamplingParams;
  backend: string;
  model: string;
  /** Raw model output, exactly as returned (untrusted text: never rendered as HTML). */
  output: { text: string; reasoning?: string };
  finishReason: FinishReason | null;
  /** What the server said when the answer was not completed (its own finish reason or message). */
  finishDetail?: string;
  /** How the backend reshaped the request for this server (e.g. "the server refused `seed`: sent without it"). */
  adaptations?: string[];
  /** The parser's result (ParsedVerification, ParsedGeneration, …) when the call finished. */
  parsed?: unknown;
  status: SampleStatus;
  error?: string;
  promptTokens?: number;
  completionTokens?: number;
  timings: { startedAt: string; firstTokenMs?: number; totalMs: number };
}

/**
 * How a run ended, as its record's last line keeps it (`{ type: 'summary', … }` in the file). Not the
 * contract's `RunSummary`, which is a run's History entry as clients see it.
 */
export interface RunOutcome {
  status: RunStatus;
  calls: number;
  /** Calls that failed (the model gave no answer): a completed run may still have some. */
  failedCalls?: number;
  /** Mean verifier score over the parsed samples (verify) or the best candidate's `meanScore` (prove). */
  score?: number | null;
  error?: string;
  /** The VerifyResult / ProveResult of the run. */
  result?: unknown;
}

export interface StoredSummary extends RunOutcome {
  type: 'summary';
  finishedAt: string;
}

export const headerLine = z
  .object({
    type: z.literal('header'),
    runId: z.string(),
    createdAt: z.string(),
    kind: z.enum(['verify', 'prove', 'refine', 'meta-verify']),
    params: z.record(z.string(), z.unknown()),
    backend: z.object({ spec: z.string(), model: z.string() }).passthrough(),
  })
  .passthrough();

export const callLine = z
  .object({ type: z.literal('call'), callId: z.string(), role: z.string(), status: z.string() })
  .passthrough();

export const summaryLine = z
  .object({ type: z.literal('summary'), status: z.enum(['completed', 'cancelled', 'failed']), calls: z.number(), failedCalls: z.number().optional() })
  .passthrough();

/** sha256 of a text, hex; the hash used for documents, problems and prompts in run records. */
export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
