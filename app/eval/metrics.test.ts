import { describe, expect, it } from 'vitest';
import { agreement, agreementByGroup, detectScale, humanVerdict, pearson, type EvalItem } from './metrics';

// A small dataset whose figures were worked out by hand (see the comments on each item).
const items: EvalItem[] = [
  { id: 'a', humanGrade: 7, modelScore: 1, group: 'easy' }, // human pass, model pass (TN)
  { id: 'b', humanGrade: 7, modelScore: 0.5, group: 'easy' }, // human pass, model fail (FP)
  { id: 'c', humanGrade: 6, modelScore: 0.875, group: 'easy' }, // human pass, model pass (TN)
  { id: 'd', humanGrade: 0, modelScore: 0, group: 'hard' }, // human fail, model fail (TP)
  { id: 'e', humanGrade: 1, modelScore: 0.25, group: 'hard' }, // human fail, model fail (TP)
  { id: 'f', humanGrade: 0, modelScore: 1, group: 'hard' }, // human fail, model pass (FN)
  { id: 'g', humanGrade: 3, modelScore: 0.5, group: 'hard' }, // partial credit: out of the table
  { id: 'h', humanGrade: 0, modelScore: null, group: 'hard' }, // model gave no verdict
];

describe('agreement with human grades', () => {
  it('computes accuracy, fail precision/recall and the confusion table', () => {
    const report = agreement(items);
    expect(report.items).toBe(8);
    expect(report.compared).toBe(6);
    expect(report.partialCredit).toBe(1);
    expect(report.unparsed).toBe(1);
    expect(report.accuracy).toBeCloseTo(4 / 6, 10);
    expect(report.failPrecision).toBeCloseTo(2 / 3, 10);
    expect(report.failRecall).toBeCloseTo(2 / 3, 10);
    expect(report.confusion).toEqual({
      humanFail: { modelFail: 2, modelPass: 1, unparsed: 1 },
      humanPass: { modelFail: 1, modelPass: 2, unparsed: 0 },
    });
  });

  it('correlates mean scores with normalised human grades', () => {
    // Computed independently: model [1, .5, .875, 0, .25, 1, .5] vs human [1, 1, 6/7, 0, 1/7, 0, 3/7].
    expect(agreement(items).pearson).toBeCloseTo(0.45113128891471027, 10);
  });

  it('groups by a field of the data', () => {
    const groups = agreementByGroup(items);
    expect([...groups.keys()]).toEqual(['easy', 'hard']);
    expect(groups.get('easy')!.accuracy).toBeCloseTo(2 / 3, 10);
    expect(groups.get('hard')!.failRecall).toBeCloseTo(2 / 3, 10);
    expect(groups.get('hard')!.failPrecision).toBe(1);
  });

  it('honours a custom mapping', () => {
    const strict = agreement(items, { passAtOrAbove: 7, failAtOrBelow: 2, modelPassThreshold: 1 });
    // c (grade 6) becomes partial credit; a 0.875 score would now be a model fail.
    expect(strict.partialCredit).toBe(2);
    expect(strict.confusion.humanPass).toEqual({ modelFail: 1, modelPass: 1, unparsed: 0 });
  });
});

describe('human grades', () => {
  it('decides the scale for the whole dataset: a 1 is a pass on 0/½/1 and a fail on 0–7', () => {
    expect(detectScale([0, 0.5, 1, 1])).toBe('unit');
    expect(detectScale([0, 1, 7])).toBe('olympiad');
    expect(humanVerdict(1, 'unit')).toEqual({ normalized: 1, verdict: 'pass' });
    expect(humanVerdict(1, 'olympiad').verdict).toBe('fail');
    expect(humanVerdict(0.5, 'unit')).toEqual({ normalized: 0.5, verdict: null });
    expect(humanVerdict(7, 'olympiad')).toEqual({ normalized: 1, verdict: 'pass' });
    expect(humanVerdict(2, 'olympiad').verdict).toBeNull();
    expect(() => humanVerdict(9, 'olympiad')).toThrow(/outside 0–7/);
    expect(() => humanVerdict(0.7, 'unit')).toThrow(/not 0, 0.5 or 1/);
  });
});

describe('pearson', () => {
  it('is 1 for a perfect linear relation and undefined for a constant series', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
  });
});
