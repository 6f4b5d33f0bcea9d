import { describe, expect, it } from 'vitest';
import { onScrollRequest, publishScroll, topLine } from './scrollSync';

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
  it("sends the user's own scroll within the lock: the other side follows the user to where they stop", () => {
    const toEditor: number[] = [];
    const offs = [onScrollRequest('preview', () => {}), onScrollRequest('editor', (o) => toEditor.push(o))];
    expect(publishScroll('editor', 300)).toBe(true);
    expect(publishScroll('preview', 0, true)).toBe(true);
    expect(toEditor).toEqual([0]);
    // The editor's echo of that request is still held back.
    expect(publishScroll('editor', 0)).toBe(false);
    for (const off of offs) off();
  });
});
