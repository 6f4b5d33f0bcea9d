export { callCount, RunStore, RunWriter, RunNotFoundError, selectionOfParams, workedMs, type DamagedRun, type LoadedRun, type LoadedRunStatus, type RunListing } from './run-store';
export { callKey, countSearchCalls, hashText, type CallRecord, type RunHeader, type RunOutcome, type SamplingParams, type StoredHeader, type StoredSummary } from './records';
export { JsonlAppender, readJsonl } from './jsonl';
export { measureSpeed } from './speed';
