// The walk over ignored text (comments, code spans, masked ranges) only moves forward and stops at `end`.
// Regression for the CI hang of 2026-11-30: a mask running over `end` carried the walk past it, where a
// `%` comment "ended" back at `end`, inside the mask again, forever (fast-check seed 153 of the
// env-close property test found it).
import { describe, expect, it } from 'vitest';
import { createEnvCloser, createSimpleCloser, findDollarClose, scanMath, visible, type ScanOptions } from './math';

const tex = (mask: { start: number; end: number }[]): ScanOptions => ({ dollars: true, comments: true, mask });

describe('visible', () => {
  it('stops at end when a mask runs over it and a comment starts right after the mask', () => {
    expect(visible('ab%', 0, 1, tex([{ start: 0, end: 2 }]))).toBe(1);
    expect(visible('x%', 0, 0, tex([{ start: 0, end: 1 }]))).toBe(0);
  });

  it('answers end for a walk already past end (a `\\x` pair stepped over the last character)', () => {
    expect(visible('a\\b%', 3, 2, tex([{ start: 2, end: 3 }]))).toBe(2);
  });

  it('still steps over comments and masks that end before end', () => {
    const text = 'ab% c\nde';
    expect(visible(text, 0, text.length, tex([{ start: 0, end: 2 }]))).toBe(5);
    expect(visible(text, 2, text.length, tex([]))).toBe(5);
  });
});

describe('the closers on a mask running over the end of the scanned span', () => {
  // The shrunk counterexample of the hang: the mask [8, 14) runs over end = 13; a `%` follows it.
  const text = '{\\begin{align\n%';
  const end = 13;
  const options = tex([{ start: 8, end: 14 }]);

  it('find no environment close from any position', () => {
    const closer = createEnvCloser(text, end, options);
    for (let from = 0; from <= text.length; from++) expect(closer(from, 'align'), `from ${from}`).toBeNull();
  });

  it('find no `\\]`, `\\)` or `$` close', () => {
    const closer = createSimpleCloser(text, end, options);
    for (let from = 0; from <= text.length; from++) {
      expect(closer(from, '\\]', false), `from ${from}`).toBe(-1);
      expect(closer(from, '\\)', true), `from ${from}`).toBe(-1);
      expect(findDollarClose(text, from, end, false, options), `from ${from}`).toBe(-1);
    }
  });

  it('scan no math', () => {
    expect(scanMath(text, 0, end, options)).toEqual({ fragments: [], unclosed: null });
  });

  it('a walk stepping over `\\b` past end stops there: the environment never closes', () => {
    const closer = createEnvCloser('a\\b%', 2, tex([{ start: 2, end: 3 }]));
    expect(closer(0, 'align')).toBeNull();
  });
});
