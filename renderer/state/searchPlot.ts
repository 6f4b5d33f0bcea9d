// The search plot's data and chart option: best and mean verifier score of the candidates made in
// each round. Pure (a plain ECharts option object, no ECharts import): tested in Node, drawn by
// renderer/ui/SearchPlot.tsx with ECharts' SVG renderer.
import type { CandidateRow } from './runs';
import { scoresByRound } from './runs';

export interface RoundScores {
  round: number;
  best: number;
  mean: number;
  count: number;
}

/** Per round (only rounds with a scored candidate): best and mean of the candidates' mean scores. */
export function plotRounds(candidates: CandidateRow[]): RoundScores[] {
  return scoresByRound(candidates);
}

/** The words a screen reader gets for the plot: "round 0: best 0.50, mean 0.50 (4 candidates); …". */
export function describePlot(rounds: RoundScores[]): string {
  if (rounds.length === 0) return 'No candidate scored yet';
  return `Scores by round: ${rounds.map((r) => `round ${r.round}: best ${r.best.toFixed(2)}, mean ${r.mean.toFixed(2)} (${r.count} candidate${r.count === 1 ? '' : 's'})`).join('; ')}`;
}

const BEST = '#2f9e44';
const MEAN = '#4263eb';

/**
 * The ECharts option (line chart on a category axis of rounds, scores 0–1): `best` solid, `mean`
 * dashed. No animation: the plot is redrawn as each candidate is scored.
 */
export function searchPlotOption(rounds: RoundScores[]) {
  return {
    animation: false,
    grid: { left: 34, right: 10, top: 10, bottom: 26 },
    xAxis: { type: 'category' as const, data: rounds.map((r) => String(r.round)), name: 'round', nameLocation: 'middle' as const, nameGap: 18, boundaryGap: false },
    yAxis: { type: 'value' as const, min: 0, max: 1, interval: 0.5 },
    series: [
      { name: 'best', type: 'line' as const, data: rounds.map((r) => r.best), lineStyle: { color: BEST, width: 2 }, itemStyle: { color: BEST }, symbolSize: 6 },
      { name: 'mean', type: 'line' as const, data: rounds.map((r) => r.mean), lineStyle: { color: MEAN, width: 2, type: 'dashed' as const }, itemStyle: { color: MEAN }, symbolSize: 5 },
    ],
  };
}
