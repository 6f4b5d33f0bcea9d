// Charts for the HTML reports, drawn in Node by echarts' server-side SVG renderer and inlined in the
// page: the reports stay self-contained, need no script (their CSP forbids scripts) and print as they
// look. echarts escapes every text it writes into the SVG (axis labels are user strings: field values
// of a dataset, proof names), which the report tests check with hostile names.
//
// Only the parts the reports use are registered (echarts/core), so loading this module stays cheap.
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, VisualMapComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { escapeHtml } from '../common/html-escape';

echarts.use([BarChart, HeatmapChart, LineChart, ScatterChart, GridComponent, LegendComponent, VisualMapComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** Colours of the reports (the same as the HTML report's severity palette where they mean the same). */
export const CHART_COLORS = { fail: '#c62828', pass: '#2e7d32', neutral: '#1565c0', muted: '#9e9e9e', partial: '#e08a00' } as const;

/**
 * `option` (an echarts option; animation is forced off) as an SVG string of `width` × `height` CSS
 * pixels. The chart instance is disposed before returning: a live one keeps Node's event loop busy.
 */
export function renderChartSvg(option: ChartOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * A chart as a `<figure>`: the SVG, a caption (plain text, escaped here) and `data` as a JSON
 * `data-values` attribute, so a reader (or a test) can get the exact numbers behind the picture.
 */
export function chartFigure(name: string, caption: string, svg: string, data: unknown): string {
  return `<figure class="chart" data-chart="${escapeHtml(name)}" data-values="${escapeHtml(JSON.stringify(data))}">${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

/** Bins of the score histogram: ten of width 0.1 over 0–1 (the last one closed), then proofs with no verdict. */
export const SCORE_BINS = [...Array.from({ length: 10 }, (_, i) => `${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}`), 'no verdict'];

/**
 * Counts of `scores` (means of verifier scores, 0–1; null: no verdict) per bin of SCORE_BINS. A score
 * on a bin edge goes to the bin above it (0.5 → 0.5–0.6), except 1, which is in the last bin.
 * Throws RangeError for a score outside 0–1.
 */
export function scoreHistogram(scores: readonly (number | null)[]): number[] {
  const counts = new Array<number>(SCORE_BINS.length).fill(0);
  for (const score of scores) {
    if (score === null) {
      counts[10]++;
      continue;
    }
    if (!(score >= 0 && score <= 1)) throw new RangeError(`score ${score} is outside 0–1`);
    // Rounded first so that 0.3 (0.29999… in floating point) lands in 0.3–0.4.
    counts[Math.min(9, Math.floor(Math.round(score * 1e9) / 1e8))]++;
  }
  return counts;
}

/** The score histogram figure of a batch report: one bar per bin of SCORE_BINS, counts on the bars. */
export function scoreHistogramFigure(scores: readonly (number | null)[]): string {
  const counts = scoreHistogram(scores);
  const option: ChartOption = {
    grid: { left: 48, right: 16, top: 24, bottom: 56 },
    xAxis: { type: 'category', data: SCORE_BINS, name: 'mean verifier score', nameLocation: 'middle', nameGap: 36, axisLabel: { interval: 0, fontSize: 10 } },
    yAxis: { type: 'value', name: 'proofs', minInterval: 1 },
    series: [
      {
        type: 'bar',
        data: counts.map((n, i) => ({ value: n, itemStyle: { color: i === 10 ? CHART_COLORS.muted : i < 5 ? CHART_COLORS.fail : i < 8 ? CHART_COLORS.partial : CHART_COLORS.pass } })),
        label: { show: true, position: 'top', formatter: (p: { value: unknown }) => (p.value ? String(p.value) : '') },
      },
    ],
  };
  const n = scores.length;
  const caption = `Mean verifier score of the ${n} proof${n === 1 ? '' : 's'} (bins of 0.1; a score on an edge counts in the bin above it; proofs with no verdict apart).`;
  return chartFigure('score-histogram', caption, renderChartSvg(option, 640, 260), { bins: SCORE_BINS, counts });
}
