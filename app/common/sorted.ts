// Binary search over anything sorted, for the core's and the engine's range lookups (step starts,
// quote offsets, fact positions), so each caller states only what "before" means for it.

/** The first index in [0, length) whose item is not `before` (items are `before`, then not): O(log n). */
export function lowerBound(length: number, before: (index: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
