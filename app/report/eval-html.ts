// The `eval --report` page: how far a verifier agrees with human grades, drawn where people look
// rather than read — the confusion matrix as a heat map, the model's grade against the human's as a
// scatter plot, and the per-field breakdown (`--by`) as bars — with the figures behind each chart in
// a table beside it. Charts are echarts SVG (./charts); every dataset string (ids, field values) is
// escaped, here or by echarts.
import type { AgreementReport, EvalItem, GradeScale, PointsItem, PointsReport } from '../eval/metrics';
import { CHART_COLORS, chartFigure, renderChartSvg, type ChartOption } from './charts';
import { reportPage } from './html';
import { escapeHtml } from '../common/html-escape';

export interface EvalReportInput {
  title: string;
  generatedAt: Date;
  settings: Record<string, string | number | boolean>;
  /** Scale of the dataset's human grades (0/½/1 or 0–7): the scatter plot's x axis. */
  scale: GradeScale;
  overall: AgreementReport;
  /** Per value of the `--by` field, with the field's name; absent without `--by`. */
  groups?: { field: string; reports: Map<string, AgreementReport>; points?: Map<string, PointsReport> };
  items: readonly EvalItem[];
  /** Grading with a reference (lines that had one): the points report and its items. */
  points?: { report: PointsReport; items: readonly PointsItem[] };
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const fixed = (v: number | null, digits = 3) => (v === null ? '—' : v.toFixed(digits));
/** Percentages for bar charts: echarts draws no bar for '-' (a rate with no denominator). */
const pctValue = (v: number | null): number | string => (v === null ? '-' : Math.round(v * 1000) / 10);

const AXIS_NAME = { nameLocation: 'middle', nameGap: 32 } as const;

function heatmapOption(rows: string[], cols: string[], cells: [number, number, number][], xName: string, yName: string): ChartOption {
  const max = Math.max(1, ...cells.map((c) => c[2]));
  return {
    grid: { left: 96, right: 16, top: 16, bottom: 56 },
    xAxis: { type: 'category', data: cols, name: xName, ...AXIS_NAME, splitArea: { show: false } },
    // Inverse: the first row (human fail, 0 points) on top, as confusion tables are read.
    yAxis: { type: 'category', data: rows, inverse: true, name: yName, ...AXIS_NAME, nameGap: 80 },
    visualMap: { min: 0, max, show: false, inRange: { color: ['#f5f7fb', CHART_COLORS.neutral] } },
    series: [{ type: 'heatmap', data: cells, label: { show: true, fontSize: 13 }, itemStyle: { borderColor: '#fff', borderWidth: 1 } }],
  };
}

/** The pass/fail confusion table as a heat map: rows human verdict, columns model verdict. */
function verdictHeatmap(report: AgreementReport): string {
  const c = report.confusion;
  const cols = ['model fail', 'model pass', 'no verdict'];
  const rows = ['human fail', 'human pass'];
  const values = [
    [c.humanFail.modelFail, c.humanFail.modelPass, c.humanFail.unparsed],
    [c.humanPass.modelFail, c.humanPass.modelPass, c.humanPass.unparsed],
  ];
  const cells = values.flatMap((row, r) => row.map((n, m): [number, number, number] => [m, r, n]));
  const svg = renderChartSvg(heatmapOption(rows, cols, cells, 'model verdict', 'human verdict'), 480, 220);
  const caption = `Confusion matrix: human verdict (rows) against the model's (columns). ${report.partialCredit} proof${report.partialCredit === 1 ? '' : 's'} with partial human credit are left out.`;
  return chartFigure('confusion', caption, svg, { rows, cols, values });
}

/** The points confusion table ((max+1)² cells, zeros included) as a heat map. */
function pointsHeatmap(report: PointsReport): string {
  const labels = Array.from({ length: report.max + 1 }, (_, i) => String(i));
  const cells = report.confusion.flatMap((row, h) => row.map((n, m): [number, number, number] => [m, h, n]));
  const side = Math.min(640, 140 + 44 * (report.max + 1));
  const svg = renderChartSvg(heatmapOption(labels, labels, cells, 'model points (mean, rounded)', 'human points'), side, side - 60);
  const caption = `Points confusion matrix: human points (rows) against the model's mean points rounded half up (columns), ${report.compared} of ${report.items} proofs with model points.`;
  return chartFigure('points-confusion', caption, svg, { values: report.confusion });
}

function scatterOption(points: [number, number][], xName: string, yName: string, xMax: number, yMax: number, diagonal: boolean): ChartOption {
  return {
    grid: { left: 56, right: 24, top: 16, bottom: 56 },
    xAxis: { type: 'value', min: 0, max: xMax, name: xName, ...AXIS_NAME },
    yAxis: { type: 'value', min: 0, max: yMax, name: yName, ...AXIS_NAME, nameGap: 36 },
    series: [
      // Translucent, so proofs on the same spot read as a darker dot.
      { type: 'scatter', data: points, symbolSize: 10, itemStyle: { color: CHART_COLORS.neutral, opacity: 0.55 } },
      ...(diagonal ? [{ type: 'line', data: [[0, 0], [xMax, yMax]], symbol: 'none', silent: true, lineStyle: { color: CHART_COLORS.muted, type: 'dashed', width: 1 } }] : []),
    ],
  };
}

/** Mean verifier score (0–1) against the human grade, one dot per proof that got a verdict. */
function scoreScatter(items: readonly EvalItem[], scale: GradeScale): string {
  const points = items.flatMap((i): [number, number][] => (i.modelScore === null ? [] : [[i.humanGrade, i.modelScore]]));
  const xMax = scale === 'unit' ? 1 : 7;
  const svg = renderChartSvg(scatterOption(points, `human grade (${scale === 'unit' ? '0–1' : '0–7'})`, 'mean verifier score', xMax, 1, false), 480, 320);
  const missing = items.length - points.length;
  const caption = `Mean verifier score against the human grade, one dot per proof (${points.length} proofs${missing ? `; ${missing} with no verdict are not drawn` : ''}).`;
  return chartFigure('scatter', caption, svg, { points });
}

/** Model points against human points on the grading scale, with the line of perfect agreement. */
function pointsScatter(report: PointsReport, items: readonly PointsItem[]): string {
  const points = items.flatMap((i): [number, number][] => (i.modelPoints === null ? [] : [[i.humanPoints, i.modelPoints]]));
  const svg = renderChartSvg(scatterOption(points, `human points (0–${report.max})`, 'model points (mean)', report.max, report.max, true), 480, 320);
  const caption = `Model points against human points, one dot per proof with model points (${points.length}); the dashed line is perfect agreement. Mean absolute error ${fixed(report.mae)}.`;
  return chartFigure('points-scatter', caption, svg, { points });
}

function barOption(categories: string[], series: { name: string; color: string; values: (number | string)[] }[], yName: string, yMax?: number): ChartOption {
  return {
    legend: { top: 0 },
    grid: { left: 56, right: 16, top: 36, bottom: 48 },
    xAxis: { type: 'category', data: categories, axisLabel: { interval: 0 } },
    yAxis: { type: 'value', min: 0, ...(yMax !== undefined ? { max: yMax } : {}), name: yName, ...AXIS_NAME, nameGap: 40 },
    series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values, itemStyle: { color: s.color }, label: { show: true, position: 'top', fontSize: 10 } })),
  };
}

/** Accuracy, fail precision and fail recall per value of the `--by` field, as grouped bars (percent). */
function breakdownBars(field: string, reports: Map<string, AgreementReport>): string {
  const groups = [...reports.keys()];
  const pick = (f: (r: AgreementReport) => number | null) => groups.map((g) => pctValue(f(reports.get(g)!)));
  const series = [
    { name: 'accuracy', color: CHART_COLORS.neutral, values: pick((r) => r.accuracy) },
    { name: 'fail precision', color: CHART_COLORS.partial, values: pick((r) => r.failPrecision) },
    { name: 'fail recall', color: CHART_COLORS.fail, values: pick((r) => r.failRecall) },
  ];
  const width = Math.min(960, 200 + groups.length * 110);
  const svg = renderChartSvg(barOption(groups, series, 'percent', 100), width, 300);
  const caption = `Agreement per value of "${field}" (percent; no bar where a rate has no proofs to count).`;
  return chartFigure('breakdown', caption, svg, { field, groups, series: Object.fromEntries(series.map((s) => [s.name, s.values])) });
}

/** Mean absolute error in points per value of the `--by` field. */
function breakdownMae(field: string, reports: Map<string, PointsReport>, max: number): string {
  const groups = [...reports.keys()];
  const values = groups.map((g) => {
    const mae = reports.get(g)!.mae;
    return mae === null ? '-' : Math.round(mae * 1000) / 1000;
  });
  const width = Math.min(960, 200 + groups.length * 80);
  const svg = renderChartSvg(barOption(groups, [{ name: 'mean absolute error', color: CHART_COLORS.fail, values }], `points (0–${max})`), width, 280);
  const caption = `Mean absolute error in points per value of "${field}" (lower is better; no bar where no proof got points).`;
  return chartFigure('breakdown-mae', caption, svg, { field, groups, mae: values });
}

function summaryTable(report: AgreementReport, points?: PointsReport): string {
  const rows: [string, string][] = [
    ['Proofs', String(report.items)],
    ['Compared (pass/fail human grade and a model verdict)', String(report.compared)],
    ['Partial human credit', String(report.partialCredit)],
    ['No model verdict', String(report.unparsed)],
    ['Accuracy', pct(report.accuracy)],
    ['Fail precision', pct(report.failPrecision)],
    ['Fail recall', pct(report.failRecall)],
    ['Pearson r', fixed(report.pearson)],
  ];
  if (points) {
    rows.push([`Mean absolute error (points, 0–${points.max})`, fixed(points.mae)]);
    for (const band of ['fail', 'partial', 'pass'] as const) {
      const b = points.bands[band];
      rows.push([`Band accuracy: ${band}`, `${pct(b.accuracy)} (${b.agree}/${b.items})`]);
    }
  }
  return `<table class="data summary-figures"><tbody>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td class="num">${escapeHtml(v)}</td></tr>`).join('')}</tbody></table>`;
}

function groupTable(field: string, reports: Map<string, AgreementReport>, points?: Map<string, PointsReport>): string {
  const head = `<tr><th>${escapeHtml(field)}</th><th class="num">Proofs</th><th class="num">Compared</th><th class="num">Accuracy</th><th class="num">Fail precision</th><th class="num">Fail recall</th>${points ? '<th class="num">MAE (points)</th>' : ''}</tr>`;
  const rows = [...reports].map(
    ([g, r]) =>
      `<tr><td>${escapeHtml(g)}</td><td class="num">${r.items}</td><td class="num">${r.compared}</td><td class="num">${pct(r.accuracy)}</td><td class="num">${pct(r.failPrecision)}</td><td class="num">${pct(r.failRecall)}</td>${points ? `<td class="num">${fixed(points.get(g)?.mae ?? null)}</td>` : ''}</tr>`,
  );
  return `<table class="data groups"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function itemTable(items: readonly EvalItem[], points: readonly PointsItem[] | undefined, field: string | undefined): string {
  const byId = new Map(points?.map((p) => [p.id, p]) ?? []);
  const head = `<tr><th>Proof</th>${field ? `<th>${escapeHtml(field)}</th>` : ''}<th class="num">Human grade</th><th class="num">Mean verifier score</th>${points ? '<th class="num">Human points</th><th class="num">Model points</th>' : ''}</tr>`;
  const rows = items.map((i) => {
    const p = byId.get(i.id);
    const pointCells = points ? `<td class="num">${p ? fixed(p.humanPoints, 2) : '—'}</td><td class="num">${p ? fixed(p.modelPoints, 2) : '—'}</td>` : '';
    return `<tr><td>${escapeHtml(i.id)}</td>${field ? `<td>${escapeHtml(i.group ?? '(none)')}</td>` : ''}<td class="num">${i.humanGrade}</td><td class="num">${fixed(i.modelScore)}</td>${pointCells}</tr>`;
  });
  return `<details><summary>Every proof (${items.length})</summary><table class="data items"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></details>`;
}

/** The whole `eval --report` page (self-contained HTML; no script, no external request). */
export function renderEvalReport(input: EvalReportInput): string {
  const { overall, points, groups } = input;
  const sections = [
    '<h2>Summary</h2>',
    summaryTable(overall, points?.report),
    '<h2>Verdicts</h2>',
    verdictHeatmap(overall),
    scoreScatter(input.items, input.scale),
  ];
  if (points) sections.push('<h2>Points (graded against the reference)</h2>', pointsHeatmap(points.report), pointsScatter(points.report, points.items));
  if (groups) {
    sections.push(`<h2>By ${escapeHtml(groups.field)}</h2>`, breakdownBars(groups.field, groups.reports));
    if (groups.points && points) sections.push(breakdownMae(groups.field, groups.points, points.report.max));
    sections.push(groupTable(groups.field, groups.reports, groups.points));
  }
  sections.push('<h2>Proofs</h2>', itemTable(input.items, points?.items, groups?.field));
  return reportPage({ title: input.title, generatedAt: input.generatedAt, settings: input.settings, body: sections.join('\n'), katex: false });
}
