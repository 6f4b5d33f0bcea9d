// What Verify sends for grading and how the points are written beside the verdict.
import { beforeEach, describe, expect, it } from 'vitest';
import { formatPoints, gradingForVerify, setGradingPoints, useGrading } from './grading';

beforeEach(() => useGrading.setState({ docId: 'd1', reference: '', rubric: '', dirty: false, saved: true }));

describe('grading in the workbench', () => {
  it('grades only with a reference, and only the document the texts belong to', () => {
    expect(gradingForVerify('d1')).toBeUndefined();
    useGrading.setState({ reference: 'Official solution.', rubric: '' });
    expect(gradingForVerify('d1')).toEqual({ reference: 'Official solution.', rubric: '', points: 7 });
    expect(gradingForVerify('d2')).toBeUndefined();
    useGrading.setState({ rubric: '2 pts: the lemma.', dirty: false });
    setGradingPoints('d1', 10);
    // The scale is recorded in the scheme (what Save writes beside the proof), and not sent as guidance.
    expect(useGrading.getState()).toMatchObject({ rubric: '---\npoints: 10\n---\n2 pts: the lemma.', dirty: true });
    expect(gradingForVerify('d1')).toEqual({ reference: 'Official solution.', rubric: '2 pts: the lemma.', points: 10 });
    // A scheme read from a file with a scale of its own grades on it.
    useGrading.setState({ rubric: '---\ntitle: P3\npoints: 12\n---\n- all or nothing', dirty: false });
    expect(gradingForVerify('d1')?.points).toBe(12);
    useGrading.setState({ reference: '  \n' });
    expect(gradingForVerify('d1')).toBeUndefined();
  });

  it('writes the mean points on the scale, or a dash when no sample gave points', () => {
    expect(formatPoints({ max: 7, mean: 4.5 })).toBe('4.5 / 7');
    expect(formatPoints({ max: 7, mean: 10 / 3 })).toBe('3.3 / 7');
    expect(formatPoints({ max: 7, mean: 7 })).toBe('7 / 7');
    expect(formatPoints({ max: 7, mean: null })).toBe('— / 7');
    expect(formatPoints(undefined)).toBeNull();
  });
});
