// The search plot: best and mean score per round, drawn by ECharts. Only the core, the line chart,
// the simple grid (its axes) and the SVG renderer are bundled, not all of ECharts.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridSimpleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { CandidateRow } from '../state/runs';
import { describePlot, plotRounds, searchPlotOption } from '../state/searchPlot';

echarts.use([LineChart, GridSimpleComponent, SVGRenderer]);

export function SearchPlot({ candidates }: { candidates: CandidateRow[] }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const rounds = plotRounds(candidates);
  const key = JSON.stringify(rounds);
  useEffect(() => {
    chart.current = echarts.init(box.current!, null, { renderer: 'svg', width: 260, height: 130 });
    return () => {
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(searchPlotOption(rounds), { notMerge: true });
    // Redrawn only when a round's numbers change, not on every streamed token.
  }, [key]);
  return (
    <figure className="pw-search-plot">
      <div ref={box} role="img" aria-label={describePlot(rounds)} data-testid="search-plot" data-rounds={rounds.length} />
      <figcaption className="pw-muted"><span className="pw-plot-best">━ best</span> <span className="pw-plot-mean">┅ mean</span> score per round</figcaption>
    </figure>
  );
}
