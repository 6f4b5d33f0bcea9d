import { describe, expect, it } from 'vitest';
import { LineIndex, applyEdit, editRegion } from './text';

describe('LineIndex', () => {
  const text = 'ab\ncd\n\nef';
  const index = new LineIndex(text);

  it('maps offsets to 1-based lines and columns, and back', () => {
    expect(index.positionAt(0)).toEqual({ line: 1, column: 1 });
    expect(index.positionAt(3)).toEqual({ line: 2, column: 1 });
    expect(index.positionAt(7)).toEqual({ line: 4, column: 1 });
    expect(index.positionAt(text.length)).toEqual({ line: 4, column: 3 });
    for (let offset = 0; offset <= text.length; offset++) {
      expect(index.offsetAt(index.positionAt(offset))).toBe(offset);
    }
  });

  it('clamps positions past the end of a line', () => {
    expect(index.offsetAt({ line: 1, column: 99 })).toBe(2);
  });
});

describe('applyEdit', () => {
  it('replaces the range with the new text', () => {
    expect(applyEdit('hello world', { start: 6, end: 11, text: 'there' })).toBe('hello there');
  });
});

describe('editRegion', () => {
  /** The definition: one character at a time from each end. */
  function naive(before: string, after: string) {
    const max = Math.min(before.length, after.length);
    let start = 0;
    while (start < max && before[start] === after[start]) start++;
    let suffix = 0;
    while (suffix < max - start && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
    return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
  }

  it('finds the changed stretch of long texts exactly, wherever it falls against the chunks it compares', () => {
    // Chunks are 1,024 and 32 characters: edits at, around and between chunk boundaries, at both
    // ends, replacements, deletions and repeats (a suffix that could also match one character over).
    let seed = 7;
    const random = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    const base = Array.from({ length: 5000 }, () => 'ab$\\ \n'[random(8)]).join('');
    const places = [0, 1, 31, 32, 33, 1023, 1024, 1025, 2048 + 31, 2500, 4967, 4999, 5000];
    for (const at of places) {
      for (const removed of [0, 1, 40, 1100]) {
        for (const inserted of ['', 'x', 'a', 'Zq'.repeat(600)]) {
          const after = base.slice(0, at) + inserted + base.slice(Math.min(base.length, at + removed));
          expect(editRegion(base, after)).toEqual(naive(base, after));
          expect(editRegion(after, base)).toEqual(naive(after, base));
        }
      }
    }
    for (let i = 0; i < 300; i++) {
      const a = base.slice(random(3000));
      const b = a.slice(0, random(a.length)) + 'ab'.repeat(random(40)) + a.slice(random(a.length));
      expect(editRegion(a, b)).toEqual(naive(a, b));
    }
    expect(editRegion(base, base)).toEqual({ start: 5000, oldEnd: 5000, newEnd: 5000 });
    expect(editRegion('', base)).toEqual({ start: 0, oldEnd: 0, newEnd: 5000 });
  });
});
