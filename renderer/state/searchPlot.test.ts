// The search plot: its numbers per round, its words for a screen reader, and that the option draws
// with the ECharts parts the app bundles (core, line chart, simple grid, SVG renderer).
import { describe, expect, it } from 'vitest';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridSimpleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { LoopEvent } from '../../app/common/events';
import { reduceRun, verdictsLabel, type RunView } from './runs';
import { describePlot, plotRounds, searchPlotOption } from './searchPlot';

echarts.use([LineChart, GridSimpleComponent, SVGRenderer]);

const scored = (id: string, round: number, meanScore: number | null, parentId?: string, verdicts = meanScore === null ? 0 : 4): LoopEvent =>
  ({ type: 'candidate-scored', runId: 'p', candidateId: id, round, meanScore, selfScore: 1, verdicts, requested: 4, ...(parentId ? { parentId } : {}), proof: `proof ${id}` });

const run = [
  { type: 'run-started', runId: 'p', kind: 'prove', plannedCalls: 30, at: 0 } as LoopEvent,
  scored('c1', 0, 0.5), scored('c2', 0, 0.25), scored('c3', 0, null), scored('c4', 0, 0.75),
  scored('c5', 1, 1, 'c4'), scored('c6', 1, 0.5, 'c1'),
].reduce<RunView | null>((r, e) => reduceRun(r, e, 0), null)!;

describe('the pool and the search plot', () => {
  it('keeps each candidate\'s round, parent and proof, best first', () => {
    expect(run.candidates.map((c) => c.id)).toEqual(['c5', 'c4', 'c1', 'c6', 'c2', 'c3']);
    expect(run.candidates[0]).toMatchObject({ round: 1, parentId: 'c4', meanScore: 1, selfScore: 1, proof: 'proof c5' });
    expect(run.candidates.find((c) => c.id === 'c1')?.parentId).toBeUndefined();
  });

  it('plots best and mean per round over the scored candidates', () => {
    const rounds = plotRounds(run.candidates);
    expect(rounds).toEqual([{ round: 0, best: 0.75, mean: 0.5, count: 3 }, { round: 1, best: 1, mean: 0.75, count: 2 }]);
    expect(describePlot(rounds)).toBe('Scores by round: round 0: best 0.75, mean 0.50 (3 candidates); round 1: best 1.00, mean 0.75 (2 candidates)');
    expect(describePlot([])).toBe('No candidate scored yet');
    const option = searchPlotOption(rounds);
    expect(option.animation).toBe(false);
    expect(option.series.map((s) => s.data)).toEqual([[0.75, 1], [0.5, 0.75]]);
  });

  it('draws with the bundled ECharts parts: two lines, the round axis', () => {
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 260, height: 130 });
    try {
      chart.setOption(searchPlotOption(plotRounds(run.candidates)));
      const svg = chart.renderToSVGString();
      expect(svg).toContain('#2f9e44'); // best
      expect(svg).toContain('#4263eb'); // mean
      expect(svg).toContain('>round<');
    } finally {
      chart.dispose();
    }
  });
});

describe('a mean over too few verdicts in the pool', () => {
  // c2 scored 1 on the one verification of 4 that gave a verdict; c1 scored 0.75 on all four.
  const pool = [
    { type: 'run-started', runId: 'p', kind: 'prove', plannedCalls: 30, at: 0 } as LoopEvent,
    scored('c1', 0, 0.75), scored('c2', 0, 1, undefined, 1), scored('c3', 0, 0.75, undefined, 2),
  ].reduce<RunView | null>((r, e) => reduceRun(r, e, 0), null)!;

  it('ranks it after every candidate with half its verdicts, as the search does, and says why', () => {
    // c1 and c3 tie at 0.75: the one over more verdicts first.
    expect(pool.candidates.map((c) => c.id)).toEqual(['c1', 'c3', 'c2']);
    expect(pool.candidates.map(verdictsLabel)).toEqual(['4/4', '2/4', '1/4: too few to rank']);
  });

  it('plots the round\'s best by that rank, not the highest mean', () => {
    expect(plotRounds(pool.candidates)).toEqual([{ round: 0, best: 0.75, mean: (0.75 + 1 + 0.75) / 3, count: 3 }]);
  });
});
