import { describe, expect, it } from 'vitest';
import { rubricGuidance, rubricPoints, rubricPointsLine, withRubricPoints } from './rubric';

// A marking scheme as a teacher writes one, with the scale recorded by the app's Points field.
const scheme = [
  '---',
  'points: 10',
  '---',
  '**Marking scheme (10 points).**',
  '',
  '- 3 points: the substitution $y = x - 1$ and the reduction to $y^2 \\ge 0$.',
  '- 5 points: the case analysis.',
  '- 2 points: equality exactly when $x = 1$.',
  '',
].join('\n');

describe('a marking scheme keeps its points scale in its front matter', () => {
  it('reads the scale and gives the grader the scheme without the setting', () => {
    expect(rubricPoints(scheme)).toBe(10);
    expect(rubricGuidance(scheme)).toBe(scheme.split('\n').slice(3).join('\n'));
    expect(rubricGuidance(scheme)).not.toMatch(/points: 10/);
  });

  it('a scheme without front matter states no scale, and all of it is guidance', () => {
    const plain = '- 7 points: a complete proof.\n---\npoints: 3\n---\n';
    expect(rubricPoints(plain)).toBeUndefined();
    expect(rubricGuidance(plain)).toBe(plain);
    // A rule above a setext heading is no front matter either.
    expect(rubricPoints('---\nPart (a)\n---\n')).toBeUndefined();
  });

  it('reads what people write: quotes, comments, CRLF, a BOM, other keys; refuses what is no scale', () => {
    expect(rubricPoints('---\ntitle: Problem 3\npoints: "12"   # out of twelve\n---\nx')).toBe(12);
    expect(rubricPoints('\ufeff---\r\npoints: 5\r\n---\r\n- all or nothing')).toBe(5);
    expect(rubricPointsLine('---\npoints: 7.5\n---\n')).toEqual({ invalid: '7.5' });
    expect(rubricPointsLine('---\npoints: 0\n---\n')).toEqual({ invalid: '0' });
    expect(rubricPointsLine('---\npoints: 1000\n---\n')).toEqual({ invalid: '1000' });
    expect(rubricPointsLine('---\npoints: seven\n---\n')).toEqual({ invalid: 'seven' });
    // A key nested under another is not the scale.
    expect(rubricPoints('---\nparts:\n  points: 3\n---\n')).toBeUndefined();
  });

  it('sets the scale: replaced, added to a front matter, or a front matter added; the default on a plain scheme changes nothing', () => {
    expect(rubricPoints(withRubricPoints(scheme, 4))).toBe(4);
    expect(withRubricPoints(scheme, 4)).toBe(scheme.replace('points: 10', 'points: 4'));
    const titled = '---\ntitle: Problem 3\n---\n- 2 points: the lemma.';
    expect(withRubricPoints(titled, 12)).toBe('---\npoints: 12\ntitle: Problem 3\n---\n- 2 points: the lemma.');
    const plain = '- 2 points: the lemma.\r\n- 5 points: the rest.';
    expect(withRubricPoints(plain, 7)).toBe(plain);
    const set = withRubricPoints(plain, 10);
    expect(set).toBe('---\r\npoints: 10\r\n---\r\n' + plain);
    expect(rubricGuidance(set)).toBe(plain);
    expect(rubricPoints(withRubricPoints('', 3))).toBe(3);
    expect(rubricGuidance(withRubricPoints('', 3))).toBe('');
    // Back to the default keeps the recorded line (the teacher chose it), as 7.
    expect(rubricPoints(withRubricPoints(set, 7))).toBe(7);
    expect(() => withRubricPoints(plain, 0)).toThrow(/whole number from 1 to 100/);
  });
});
