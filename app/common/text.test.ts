import { describe, expect, it } from 'vitest';
import { LineIndex, applyEdit } from './text';

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
