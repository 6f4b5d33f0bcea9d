// Loop events: every model call is visible as it starts, streams, finishes or fails. The same events
// feed the CLI progress line, the run panel (over RPC) and the run records.
import type { Annotation } from './annotations';
import type { CallRole, Candidate, ProveResult, VerifyResult } from './results';
import type { RunSummary } from './schemas/runs';

export type RunKind = 'verify' | 'prove' | 'refine' | 'meta-verify';

export type RunStatus = 'completed' | 'cancelled' | 'failed';

export type LoopEvent =
  | { type: 'run-started'; runId: string; kind: RunKind; plannedCalls: number; at: number }
  | { type: 'plan-changed'; runId: string; plannedCalls: number }
  | {
      type: 'call-started';
      runId: string;
      callId: string;
      role: CallRole;
      /** Verifier sample index, candidate id and round, where they apply. */
      sample?: number;
      candidateId?: string;
      round?: number;
      at: number;
    }
  | {
      type: 'call-token';
      runId: string;
      callId: string;
      text: string;
      reasoning: boolean;
      /** The backend retried the call mid-stream: discard this call's text so far (TokenChunk.restart). */
      restart?: boolean;
    }
  | {
      type: 'call-finished';
      runId: string;
      callId: string;
      role: CallRole;
      status: 'parsed' | 'unparsed';
      score: number | null;
      completionTokens: number;
      totalMs: number;
      /** Answered from the record of the run being resumed (no model call was made). */
      replayed?: boolean;
      /** How the backend reshaped the request for its server (e.g. "the server refused `seed`: sent without it"). */
      adaptations?: string[];
    }
  | { type: 'call-failed'; runId: string; callId: string; role: CallRole; error: string; cancelled: boolean; adaptations?: string[] }
  | {
      type: 'candidate-scored';
      runId: string;
      candidateId: string;
      round: number;
      meanScore: number | null;
      selfScore: number | null;
      /** Verifications that gave a verdict, and those the search asked for: what its rank rests on (app/common/ranking.ts). */
      verdicts: number;
      requested: number;
      /** The early-stopping rule rejected it: ranked after every candidate that was not (absent otherwise). */
      rejectedEarly?: boolean;
      /** The candidate it refines (absent in round 0), and its proof: the run panel shows the pool as it grows. */
      parentId?: string;
      proof?: string;
      /** Other calls of its round that gave the same proof (Candidate.duplicates; absent when none). */
      duplicates?: number;
      duplicateIds?: string[];
    }
  | {
      type: 'run-finished';
      runId: string;
      status: RunStatus;
      error?: string;
      verify?: VerifyResult;
      prove?: ProveResult;
      /** A refine run's new proof. */
      refined?: Candidate;
      /**
       * Added by the engine: the document's findings after a completed verification replaced them,
       * at the document version they belong to, so the UI need not ask for the document again.
       */
      document?: { docId: string; version: number; annotations: Annotation[] };
      /** Added by the engine: the run as History lists it (listRuns), so the UI need not list again. */
      run?: RunSummary;
      at: number;
    };

export type LoopEventListener = (event: LoopEvent) => void;
