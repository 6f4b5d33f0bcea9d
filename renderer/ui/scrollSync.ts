// Scroll sync between editor and preview, both ways. Each side publishes "the top of my viewport is
// at this source offset"; the other follows. A short lock stops the echo of a programmatic scroll.

type Side = 'editor' | 'preview';
type Listener = (offset: number) => void;

const listeners: Record<Side, Set<Listener>> = { editor: new Set(), preview: new Set() };
let lockedSide: Side | null = null;
let lockTimer: ReturnType<typeof setTimeout> | null = null;

/** How long after a wheel, pointer, key or touch on a side its scrolls count as the user's (ms). */
const USER_MS = 1000;
let userSide: { side: Side; at: number } | null = null;

/**
 * The user is moving `side` (a wheel, pointer, key or touch event on it; `now` on performance.now()'s
 * clock): for the next second that side leads. Its scrolls are sent even within the echo lock (the
 * lock dropped a preview scroll that came within 120 ms of the editor's, and the editor never followed
 * the user), and the other side's are not (the tail of its smooth scroll or alignment, still coming
 * in, pulled the side the user had moved on to back where it was).
 */
export function userScrolls(side: Side, now = performance.now()): void {
  userSide = { side, at: now };
}

/**
 * `from` scrolled to `offset`: tell the other side, unless `from` is only echoing our own scroll or
 * the user is moving the other side (see userScrolls). Returns whether the other side was told.
 */
export function publishScroll(from: Side, offset: number, now = performance.now()): boolean {
  const leading = userSide && now - userSide.at < USER_MS ? userSide.side : null;
  if (leading ? leading !== from : lockedSide === from) return false;
  const to: Side = from === 'editor' ? 'preview' : 'editor';
  lockedSide = to;
  if (lockTimer) clearTimeout(lockTimer);
  lockTimer = setTimeout(() => (lockedSide = null), 120);
  for (const l of listeners[to]) l(offset);
  return true;
}

export function onScrollRequest(side: Side, listener: Listener): () => void {
  listeners[side].add(listener);
  return () => listeners[side].delete(listener);
}

/** A source range, [start, end] offsets in the document. */
export interface OnScreen {
  start: number;
  end: number;
}

const onScreen: Record<Side, OnScreen | null> = { editor: null, preview: null };

/** `side` now shows this part of the source (null: nothing known): the preview typesets it first. */
export function setOnScreen(side: Side, range: OnScreen | null): void {
  onScreen[side] = range;
}

/** What the editor and the preview show now (their last reported ranges). */
export function rangesOnScreen(): OnScreen[] {
  return [onScreen.editor, onScreen.preview].filter((r): r is OnScreen => r !== null);
}

/** The part of a Monaco editor that `topLine` needs. */
interface ScrollGeometry {
  getScrollTop(): number;
  getTopForLineNumber(lineNumber: number): number;
  getModel(): { getLineCount(): number } | null;
}

/**
 * The 1-based line at the top of the editor's viewport, from the layout (binary search over
 * `getTopForLineNumber`), not from `getVisibleRanges()`: those come from the last paint and lag a
 * programmatic scroll on a busy machine, so the other side was told an old line. `below`: the line
 * that many pixels further down (the viewport's height: its last line).
 */
export function topLine(editor: ScrollGeometry, below = 0): number {
  const top = editor.getScrollTop() + 1 + below;
  let lo = 1;
  let hi = editor.getModel()?.getLineCount() ?? 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (editor.getTopForLineNumber(mid) <= top) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
