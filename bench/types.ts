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
