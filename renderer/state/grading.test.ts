// What Verify sends for grading and how the points are written beside the verdict.
import { beforeEach, describe, expect, it } from 'vitest';
import { formatPoints, gradingForVerify, setGradingPoints, unreadableGradingFrontMatter, useGrading } from './grading';

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

  it('leaves a scheme whose front matter YAML cannot read as it is when Points is set, and says why', () => {
    const broken = '---\ntitle: P3\n  points: 5\n---\n- all or nothing';
    useGrading.setState({ reference: 'Official solution.', rubric: broken, dirty: false });
    expect(unreadableGradingFrontMatter(useGrading.getState())).toBe('is not valid YAML (lines 2–3: Nested mappings are not allowed in compact mappings)');
    expect(setGradingPoints('d1', 10)).toMatch(/^the marking scheme's front matter is not valid YAML \(lines 2–3: /);
    expect(useGrading.getState()).toMatchObject({ rubric: broken, dirty: false });
    // Grading goes on with the default scale and the whole scheme as guidance.
    expect(gradingForVerify('d1')).toEqual({ reference: 'Official solution.', rubric: broken, points: 7 });
    // Guard: a readable scheme says nothing and is set.
    useGrading.setState({ rubric: '---\ntitle: P3\npoints: 5\n---\nx' });
    expect(unreadableGradingFrontMatter(useGrading.getState())).toBeNull();
    expect(setGradingPoints('d1', 10)).toBeNull();
    expect(useGrading.getState().rubric).toBe('---\ntitle: P3\npoints: 10\n---\nx');
  });

  it('writes the mean points on the scale, or a dash when no sample gave points', () => {
    expect(formatPoints({ max: 7, mean: 4.5 })).toBe('4.5/7');
    expect(formatPoints({ max: 7, mean: 10 / 3 })).toBe('3.33/7');
    expect(formatPoints({ max: 7, mean: 7 })).toBe('7/7');
    expect(formatPoints({ max: 7, mean: null })).toBe('—/7');
    expect(formatPoints(undefined)).toBeNull();
  });
});
