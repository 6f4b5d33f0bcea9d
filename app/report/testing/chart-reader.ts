// Reads the charts of a report page back the way a person reads them: which number is printed on
// which heat map cell or bar, how many dots a scatter plot has. Parses the page with parse5 (the
// HTML standard's parser, as a browser would), then uses the geometry echarts' SVG renderer writes:
// each data shape is a `<path ecmeta_ssr_type="chart" ecmeta_series_index ecmeta_data_index>`, and a
// rectangle's label is a `<text>` placed at its centre (heat map) or just above it (bar, position top).
import { parse } from 'parse5';

interface Node {
  nodeName: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Node[];
  value?: string;
}

export function parseHtml(html: string): Node {
  return parse(html) as unknown as Node;
}

export function attr(node: Node, name: string): string | undefined {
  return node.attrs?.find((a) => a.name === name)?.value;
}

/** Every element under `root` (depth first, document order) that `test` accepts. */
export function findAll(root: Node, test: (n: Node) => boolean): Node[] {
  const out: Node[] = [];
  const walk = (n: Node) => {
    if (test(n)) out.push(n);
    for (const c of n.childNodes ?? []) walk(c);
  };
  walk(root);
  return out;
}

export function textOf(node: Node): string {
  if (node.nodeName === '#text') return node.value ?? '';
  return (node.childNodes ?? []).map(textOf).join('');
}

/** The `<figure data-chart=NAME>` of a page; throws if there is not exactly one. */
export function figure(page: Node, name: string): Node {
  const found = findAll(page, (n) => n.nodeName === 'figure' && attr(n, 'data-chart') === name);
  if (found.length !== 1) throw new Error(`expected one figure "${name}", found ${found.length}`);
  return found[0];
}

/** The JSON `data-values` of a chart figure. */
export function figureData<T>(fig: Node): T {
  return JSON.parse(attr(fig, 'data-values') ?? 'null') as T;
}

export interface Shape {
  series: number;
  index: number;
  /** The rectangle of a bar or heat map cell (from its `M x y l w 0 l 0 h …` path); null for other shapes. */
  rect: { x: number; y: number; w: number; h: number } | null;
}

/** Data shapes of a chart (legend swatches excluded). */
export function shapes(fig: Node): Shape[] {
  return findAll(fig, (n) => n.nodeName === 'path' && attr(n, 'ecmeta_ssr_type') === 'chart').map((n) => {
    const m = /^M(-?[\d.]+) (-?[\d.]+)l(-?[\d.]+) 0l0 (-?[\d.]+)l/.exec(attr(n, 'd') ?? '');
    return {
      series: Number(attr(n, 'ecmeta_series_index')),
      index: Number(attr(n, 'ecmeta_data_index')),
      rect: m ? { x: Number(m[1]), y: Number(m[2]), w: Number(m[3]), h: Number(m[4]) } : null,
    };
  });
}

/** Texts of a chart with the point they are drawn at (their `translate(x y)`). */
export function texts(fig: Node): { text: string; x: number; y: number }[] {
  return findAll(fig, (n) => n.nodeName === 'text').flatMap((n) => {
    const m = /translate\((-?[\d.]+) (-?[\d.]+)\)/.exec(attr(n, 'transform') ?? '');
    return m ? [{ text: textOf(n), x: Number(m[1]), y: Number(m[2]) }] : [];
  });
}

const near = (a: number, b: number) => Math.abs(a - b) < 1.5;

/** The label printed on a rectangle: at its centre (`centre`) or above its top edge (`top`); null if none. */
export function labelOf(fig: Node, shape: Shape, where: 'centre' | 'top'): string | null {
  const r = shape.rect;
  if (!r) throw new Error('not a rectangle');
  const cx = r.x + r.w / 2;
  const cy = where === 'centre' ? r.y + r.h / 2 : Math.min(r.y, r.y + r.h) - 5;
  const hits = texts(fig).filter((t) => near(t.x, cx) && near(t.y, cy));
  return hits.length === 1 ? hits[0].text : null;
}
