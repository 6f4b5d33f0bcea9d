import { describe, expect, it } from 'vitest';
import { applyEdit } from '../../app/common/text';
import { hunkEdit } from './hunks';

const original = 'a\nb\nc\nd';

describe('hunkEdit', () => {
  it('replaces the lines of a changed hunk', () => {
    const modified = 'a\nB1\nB2\nc\nd';
    const edit = hunkEdit(original, modified, { originalStartLineNumber: 2, originalEndLineNumber: 2, modifiedStartLineNumber: 2, modifiedEndLineNumber: 3 });
    expect(applyEdit(original, edit)).toBe(modified);
  });

  it('inserts lines after a line, and at the start', () => {
    expect(applyEdit(original, hunkEdit(original, 'a\nb\nX\nc\nd', { originalStartLineNumber: 2, originalEndLineNumber: 0, modifiedStartLineNumber: 3, modifiedEndLineNumber: 3 }))).toBe('a\nb\nX\nc\nd');
    expect(applyEdit(original, hunkEdit(original, 'X\na\nb\nc\nd', { originalStartLineNumber: 0, originalEndLineNumber: 0, modifiedStartLineNumber: 1, modifiedEndLineNumber: 1 }))).toBe('X\na\nb\nc\nd');
  });

  it('deletes lines in the middle and at the end', () => {
    expect(applyEdit(original, hunkEdit(original, 'a\nd', { originalStartLineNumber: 2, originalEndLineNumber: 3, modifiedStartLineNumber: 1, modifiedEndLineNumber: 0 }))).toBe('a\nd');
    expect(applyEdit(original, hunkEdit(original, 'a\nb', { originalStartLineNumber: 3, originalEndLineNumber: 4, modifiedStartLineNumber: 2, modifiedEndLineNumber: 0 }))).toBe('a\nb');
  });

  it('accepting one hunk of two leaves the other side untouched', () => {
    const modified = 'A\nb\nc\nD';
    const first = hunkEdit(original, modified, { originalStartLineNumber: 1, originalEndLineNumber: 1, modifiedStartLineNumber: 1, modifiedEndLineNumber: 1 });
    expect(applyEdit(original, first)).toBe('A\nb\nc\nd');
  });
});
