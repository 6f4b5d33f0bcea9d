// Resizable panes (drag the separator, or focus it and use the arrow keys, Home and End: the WAI-ARIA
// window splitter pattern); sizes are remembered.
import { Children, useCallback, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { loadJson, saveJson } from '../state/persist';

interface Props {
  /** Storage key for the remembered sizes. */
  id: string;
  direction: 'row' | 'column';
  /** Initial fractions, one per child (normalised). */
  initial: number[];
  /** Smallest fraction a pane may shrink to. */
  min?: number;
  labels: string[];
  /** Smallest size of each pane in CSS px (a pane with content that must stay readable, e.g. a few lines). */
  minPx?: number[];
  /**
   * Index of a pane that is as tall (wide) as its content up to its share, the next pane taking the rest:
   * a short problem statement leaves its room to the editor. Its content must shrink as a flex column.
   */
  fit?: number;
  children: ReactNode;
  className?: string;
}

function normalise(sizes: number[]): number[] {
  const total = sizes.reduce((s, x) => s + x, 0) || 1;
  return sizes.map((x) => x / total);
}

export function SplitPane({ id, direction, initial, min = 0.08, labels, minPx, fit, children, className }: Props) {
  const panes = Children.toArray(children);
  const [sizes, setSizes] = useState<number[]>(() => {
    const stored = loadJson<number[] | null>(`pw.layout.${id}`, null);
    return stored && stored.length === panes.length && stored.every((x) => x > 0) ? stored : normalise(initial);
  });
  const container = useRef<HTMLDivElement>(null);
  const paneEls = useRef<(HTMLDivElement | null)[]>([]);
  // Each pane's share of the container as laid out (fractions), and the container's size in px: what a
  // separator reports. The shares asked for can differ from it: a pane's minimum in px, and the fit
  // pane no taller than its content (the Problem/Proof separator said 30 % over a problem that had 12 %).
  const [laidOut, setLaidOut] = useState<{ shares: number[]; total: number } | null>(null);
  useLayoutEffect(() => {
    const box = container.current;
    if (!box) return;
    const measure = () => {
      const total = direction === 'row' ? box.clientWidth : box.clientHeight;
      if (total <= 0) return;
      const shares = paneEls.current.slice(0, panes.length).map((el) => (el ? (direction === 'row' ? el.offsetWidth : el.offsetHeight) / total : 0));
      setLaidOut((prev) => (prev && prev.total === total && prev.shares.every((x, k) => Math.abs(x - shares[k]) < 0.001) ? prev : { shares, total }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    for (const el of paneEls.current) if (el) observer.observe(el);
    return () => observer.disconnect();
  }, [direction, panes.length]);

  /**
   * Moves the separator after pane `index` by `delta` (a fraction of the container), or to `to`: 'min'
   * or 'max' (Home, End), within the pair's bounds (`min` each side).
   */
  const resize = useCallback((index: number, delta: number, to?: 'min' | 'max') => {
    setSizes((prev) => {
      const next = [...prev];
      const pair = prev[index] + prev[index + 1];
      const a = to === 'min' ? min : to === 'max' ? pair - min : Math.max(min, Math.min(pair - min, prev[index] + delta));
      next[index] = a;
      next[index + 1] = pair - a;
      saveJson(`pw.layout.${id}`, next);
      return next;
    });
  }, [id, min]);

  const startDrag = (index: number) => (event: React.PointerEvent<HTMLDivElement>) => {
    const box = container.current?.getBoundingClientRect();
    if (!box) return;
    const total = direction === 'row' ? box.width : box.height;
    let last = direction === 'row' ? event.clientX : event.clientY;
    const target = event.currentTarget;
    target.setPointerCapture(event.pointerId);
    const move = (e: PointerEvent) => {
      const pos = direction === 'row' ? e.clientX : e.clientY;
      resize(index, (pos - last) / total);
      last = pos;
    };
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  };

  const onKey = (index: number) => (event: React.KeyboardEvent) => {
    const back = direction === 'row' ? 'ArrowLeft' : 'ArrowUp';
    const fwd = direction === 'row' ? 'ArrowRight' : 'ArrowDown';
    // The fit pane, smaller than its share (its content is short): the keys move from where the
    // separator is, so the first key moves it (the share above it changed, unseen).
    if ((event.key === back || event.key === fwd) && fit === index && laidOut && laidOut.shares[index] < sizes[index]) {
      const shown = laidOut.shares[index];
      setSizes((prev) => {
        const next = [...prev];
        next[index + 1] += prev[index] - shown;
        next[index] = shown;
        return next;
      });
    }
    if (event.key === back) resize(index, -0.02);
    else if (event.key === fwd) resize(index, 0.02);
    else if (event.key === 'Home') resize(index, 0, 'min');
    else if (event.key === 'End') resize(index, 0, 'max');
    else return;
    event.preventDefault();
  };

  /** Where separator `i` stands, in % of the container, as laid out (else as asked), and the bounds it can reach. */
  const position = (i: number) => {
    const share = laidOut?.shares[i] ?? sizes[i];
    const pair = laidOut ? laidOut.shares[i] + laidOut.shares[i + 1] : sizes[i] + sizes[i + 1];
    const px = (k: number) => (laidOut && minPx?.[k] ? minPx[k] / laidOut.total : 0);
    const low = Math.max(min, px(i));
    let high = Math.max(low, pair - Math.max(min, px(i + 1)));
    // The fit pane below its share is as tall as its content: the separator can go no further.
    if (fit === i && laidOut && laidOut.shares[i] < sizes[i] - 0.005) high = Math.max(low, Math.min(high, laidOut.shares[i]));
    return { now: Math.round(share * 100), low: Math.round(low * 100), high: Math.round(high * 100) };
  };

  return (
    <div ref={container} className={`pw-split pw-split-${direction} ${className ?? ''}`}>
      {panes.map((pane, i) => (
        <div key={i} style={{ display: 'contents' }}>
          <div
            ref={(el) => void (paneEls.current[i] = el)}
            className={`pw-split-pane${fit === i ? ' pw-split-fit' : ''}`} aria-label={labels[i]} role="region"
            style={{
              flexBasis: `${sizes[i] * 100}%`,
              ...(minPx?.[i] ? { [direction === 'row' ? 'minWidth' : 'minHeight']: `${minPx[i]}px` } : {}),
              ...(fit === i ? { flexBasis: 'auto', [direction === 'row' ? 'maxWidth' : 'maxHeight']: `${sizes[i] * 100}%` } : {}),
              ...(fit !== undefined && fit === i - 1 ? { flexGrow: 1 } : {}),
            }}
          >
            {pane}
          </div>
          {i < panes.length - 1 && (
            <div
              className="pw-split-handle"
              role="separator"
              tabIndex={0}
              aria-orientation={direction === 'row' ? 'vertical' : 'horizontal'}
              aria-label={`Resize ${labels[i]} and ${labels[i + 1]}`}
              aria-valuenow={position(i).now}
              aria-valuemin={position(i).low}
              aria-valuemax={position(i).high}
              onPointerDown={startDrag(i)}
              onKeyDown={onKey(i)}
              data-testid={`split-${id}-${i}`}
            />
          )}
        </div>
      ))}
    </div>
  );
}
