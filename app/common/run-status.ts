// A finished run's status in words, for History and `proofwright runs`: a run whose loop completed
// while some of its model calls failed is not a plain "completed" (the user would take its score at
// face value).

/** "completed", or "completed, 4 of 13 calls failed" when calls failed; other statuses as they are. */
export function runStatusWording(run: { status: string; calls: number; failedCalls?: number }): string {
  const failed = run.failedCalls ?? 0;
  if (failed === 0) return run.status;
  return `${run.status}, ${failed} of ${run.calls} call${run.calls === 1 ? '' : 's'} failed`;
}
