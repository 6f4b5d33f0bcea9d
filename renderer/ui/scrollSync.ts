// Scroll sync between editor and preview, both ways. Each side publishes "the top of my viewport is
// at this source offset"; the other follows. A short lock stops the echo of a programmatic scroll.

type Side = 'editor' | 'preview';
type Listener = (offset: number) => void;

const listeners: Record<Side, Set<Listener>> = { editor: new Set(), preview: new Set() };
let lockedSide: Side | null = null;
let lockTimer: ReturnType<typeof setTimeout> | null = null;

/** `from` scrolled to `offset`: tell the other side, unless `from` is only echoing our own scroll. */
export function publishScroll(from: Side, offset: number): void {
  if (lockedSide === from) return;
  const to: Side = from === 'editor' ? 'preview' : 'editor';
  lockedSide = to;
  if (lockTimer) clearTimeout(lockTimer);
  lockTimer = setTimeout(() => (lockedSide = null), 120);
  for (const l of listeners[to]) l(offset);
}

export function onScrollRequest(side: Side, listener: Listener): () => void {
  listeners[side].add(listener);
  return () => listeners[side].delete(listener);
}
