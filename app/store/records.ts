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
  /**
   * The prompt templates the run was made with (prove runs: generate, refine, verify of its profile;
   * app/prompts RecordedTemplate), so its pool can be rebuilt from the record with them whatever
   * templates are loaded later. Absent in records written before they were kept.
   */
  templates?: { id: string; body: string; system?: string; hash: string }[];
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
  /**
   * The calls the run made (the `calls` of its result): a call cancelled or failed and issued again on
   * a resume counts once, so this can be less than the record's call lines.
   */
  calls: number;
  /** Of `calls`, those that issued again an attempt the record held as cancelled or failed (resumed runs). */
  reissuedCalls?: number;
  /** Calls that failed (the model gave no answer): a completed run may still have some. */
  failedCalls?: number;
  /**
   * The time the run worked, ms: from its start to this summary, over every stretch of it (a run
   * stopped and resumed counts the part before the stop and the part after, not the time between).
   * Absent in records written before it was kept (workedMs reads those).
   */
  workedMs?: number;
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

/**
 * What identifies a call across a kill and a resume: its role, candidate, round, sample, prompt and
 * seed. The call id is not part of it (ids follow issue order, which concurrency may change).
 */
export function callKey(c: { role: string; candidateId?: string; round?: number; sample?: number; promptHash?: string; params?: { seed?: number } }): string {
  return JSON.stringify([c.role, c.candidateId ?? null, c.round ?? null, c.sample ?? null, c.promptHash ?? null, c.params?.seed ?? null]);
}

/**
 * The calls a record's call lines stand for, as a run's `calls` counts them: a cancelled or failed
 * attempt that a later line issues again (same callKey) counts once, not twice. For records without a
 * summary (the process died), whose count no run wrote down.
 */
export function countSearchCalls(calls: Array<Pick<CallRecord, 'role' | 'candidateId' | 'round' | 'sample' | 'promptHash' | 'params' | 'status'>>): number {
  const open = new Map<string, number>();
  let superseded = 0;
  for (const call of calls) {
    const key = callKey(call);
    const pending = open.get(key) ?? 0;
    if (pending > 0) {
      superseded++;
      open.set(key, pending - 1);
    }
    if (call.status === 'cancelled' || call.status === 'failed') open.set(key, (open.get(key) ?? 0) + 1);
  }
  return calls.length - superseded;
}

/** sha256 of a text, hex; the hash used for documents, problems and prompts in run records. */
export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
