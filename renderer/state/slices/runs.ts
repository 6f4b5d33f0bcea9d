// The runs slice: the run in progress (or last), the last verification shown, the document's history
// and the proposal under review.
import type { RunSummary } from '../../../app/common/contract';
import type { VerifyResult } from '../../../app/common/results';
import type { SourceRange } from '../../../app/common/text';
import type { RunView } from '../runs';

export interface Review {
  title: string;
  original: string;
  proposed: string;
  runId?: string;
}

export interface RunsSlice {
  verify: VerifyResult | null;
  /** The range `verify` covered when it verified a selection (its score is the selection's); null: the whole proof. */
  verifyScope: SourceRange | null;
  /** The run the Run panel shows: the one in progress, else the open document's last (null: none yet). */
  run: RunView | null;
  /** The document `run` belongs to (runs follow the document: another one's run is not shown as this one's). */
  runDocId: string | null;
  /** Each document's last finished run seen this session, so that switching back shows it again. */
  lastRuns: Record<string, RunView>;
  history: RunSummary[];
  review: Review | null;
}

export function runsSlice(): RunsSlice {
  return { verify: null, verifyScope: null, run: null, runDocId: null, lastRuns: {}, history: [], review: null };
}
