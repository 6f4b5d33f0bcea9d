/** One benchmark figure, compared with a baseline measured in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  /** value / baseline (what "better" means is in the name and the note). */
  ratio: number;
  note?: string;
}

/** Median of a non-empty list of timings (the figure every benchmark reports, robust to noisy outliers). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median wall time of `repeats` runs of `fn`, in ms (performance.now). */
export function timeMs(fn: () => void, repeats = 7): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}
