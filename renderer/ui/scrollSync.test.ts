import { describe, expect, it, vi } from 'vitest';
import { onScrollRequest, publishScroll, topLine, userScrolls } from './scrollSync';

/** An editor layout with the given line heights (wrapped lines are taller), scrolled to `scrollTop` px. */
function layout(heights: number[], scrollTop: number) {
  const tops = heights.map((_, i) => heights.slice(0, i).reduce((a, b) => a + b, 0));
  return {
    getScrollTop: () => scrollTop,
    getTopForLineNumber: (n: number) => tops[n - 1],
    getModel: () => ({ getLineCount: () => heights.length }),
  };
}

describe('topLine', () => {
  const heights = [19, 19, 57, 19, 38, 19, 19];
  it('finds the line whose top is at the viewport top, with wrapped lines of other heights', () => {
    expect(topLine(layout(heights, 0))).toBe(1);
    expect(topLine(layout(heights, 38))).toBe(3);
    expect(topLine(layout(heights, 95))).toBe(4);
    expect(topLine(layout(heights, 114))).toBe(5);
  });
  it('keeps a partly scrolled-past line as the top line', () => {
    expect(topLine(layout(heights, 60))).toBe(3);
    expect(topLine(layout(heights, 150))).toBe(5);
  });
  it('stays within the document', () => {
    expect(topLine(layout(heights, 10_000))).toBe(7);
    expect(topLine(layout([19], 0))).toBe(1);
  });
});

describe('publishScroll', () => {
  it('tells the other side and says so; the echo of that scroll is not sent back', () => {
    const toPreview: number[] = [];
    const toEditor: number[] = [];
    const offs = [onScrollRequest('preview', (o) => toPreview.push(o)), onScrollRequest('editor', (o) => toEditor.push(o))];
    expect(publishScroll('editor', 120)).toBe(true);
    // The preview scrolls to follow: its own scroll event is that echo, within the lock.
    expect(publishScroll('preview', 118)).toBe(false);
    expect(toPreview).toEqual([120]);
    expect(toEditor).toEqual([]);
    for (const off of offs) off();
  });
  it("sends the user's own scroll within the lock, and holds back the other side's while the user leads", () => {
    const toEditor: number[] = [];
    const toPreview: number[] = [];
    const offs = [onScrollRequest('preview', (o) => toPreview.push(o)), onScrollRequest('editor', (o) => toEditor.push(o))];
    vi.useFakeTimers();
    expect(publishScroll('editor', 300, 0)).toBe(true);
    // The user wheels the preview 30 ms later, within the lock: the editor follows the user.
    userScrolls('preview', 30);
    expect(publishScroll('preview', 0, 40)).toBe(true);
    expect(toEditor).toEqual([0]);
    // The editor's echo of that request is held back.
    expect(publishScroll('editor', 0, 45)).toBe(false);
    // Then the user wheels the editor while the preview's smooth scroll is still ending: the preview's
    // late scroll events do not pull the editor back; the editor's own scrolls are sent.
    userScrolls('editor', 60);
    expect(publishScroll('preview', 10, 70)).toBe(false);
    expect(publishScroll('editor', 400, 80)).toBe(true);
    expect(toEditor).toEqual([0]);
    expect(toPreview).toEqual([300, 400]);
    // A second after the last input, the echo lock alone decides again: the preview's echo is held
    // back until the lock ends.
    expect(publishScroll('preview', 20, 2000)).toBe(false);
    vi.advanceTimersByTime(200);
    expect(publishScroll('preview', 20, 2000)).toBe(true);
    vi.useRealTimers();
    for (const off of offs) off();
  });
});
