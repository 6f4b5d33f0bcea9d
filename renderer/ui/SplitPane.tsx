// Resizable panes (drag the separator, or focus it and use the arrow keys); sizes are remembered.
import { Children, useCallback, useRef, useState, type ReactNode } from 'react';
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

  const resize = useCallback((index: number, delta: number) => {
    setSizes((prev) => {
      const next = [...prev];
      const pair = prev[index] + prev[index + 1];
      const a = Math.max(min, Math.min(pair - min, prev[index] + delta));
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
    if (event.key === back) resize(index, -0.02);
    else if (event.key === fwd) resize(index, 0.02);
    else return;
    event.preventDefault();
  };

  return (
    <div ref={container} className={`pw-split pw-split-${direction} ${className ?? ''}`}>
      {panes.map((pane, i) => (
        <div key={i} style={{ display: 'contents' }}>
          <div
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
              aria-valuenow={Math.round(sizes[i] * 100)}
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
