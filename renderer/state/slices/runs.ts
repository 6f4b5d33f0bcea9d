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
  run: RunView | null;
  history: RunSummary[];
  review: Review | null;
}

export function runsSlice(): RunsSlice {
  return { verify: null, verifyScope: null, run: null, history: [], review: null };
}
