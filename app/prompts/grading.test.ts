// Grading against a reference solution and a marking scheme: the `grade` templates of both profiles,
// their slot check, and the strict reading of the verdict and the points.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseProof } from '../proof';
import { buildGradePrompt } from './build';
import { gradeContradiction, parseGrading, parsePoints } from './parse';
import { loadTemplates } from './templates';

const graded = (score: string, points: string) =>
  `Here is my evaluation of the solution:\n\nThe case $n = 2$ is missing | quote: "for n > 2".\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}\n\nPoints awarded out of 7:\n\\boxed{${points}}`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-grade-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseGrading', () => {
  it('reads the verdict from the second-to-last box and the points from the last', () => {
    const parsed = parseGrading(graded('0.5', '5'), 'stop', 'deepseek-math-v2', 7);
    expect(parsed).toMatchObject({ status: 'parsed', score: 0.5, points: 5 });
    expect(parsed.analysis).toContain('The case $n = 2$ is missing');
    expect(parsed.analysis).not.toMatch(/boxed|Points awarded/);
    expect(parseGrading(graded('1', '$7$'), 'stop', 'deepseek-math-v2', 7)).toMatchObject({ score: 1, points: 7 });
  });

  it('gives no verdict and no points for a cut-off, incomplete or malformed answer', () => {
    expect(parseGrading(graded('1', '7'), 'length', 'deepseek-math-v2', 7)).toMatchObject({ status: 'unparsed', reason: 'truncated', score: null, points: null });
    expect(parseGrading(graded('1', '7'), 'incomplete', 'deepseek-math-v2', 7)).toMatchObject({ status: 'unparsed', reason: 'incomplete', points: null });
    // Points out of range, not whole, or missing; a verdict that is not 0, ½ or 1.
    // Bad points are said as bad points (they were 'invalid-score', whose words name the 0/½/1 scale).
    expect(parseGrading(graded('1', '8'), 'stop', 'deepseek-math-v2', 7)).toMatchObject({ status: 'unparsed', reason: 'invalid-points', score: null, points: null });
    expect(parseGrading(graded('1', '6.5'), 'stop', 'deepseek-math-v2', 7)).toMatchObject({ status: 'unparsed', reason: 'invalid-points' });
    expect(parseGrading(graded('1', 'seven'), 'stop', 'deepseek-math-v2', 7)).toMatchObject({ status: 'unparsed', reason: 'invalid-points' });
    expect(parseGrading(graded('0.7', '8'), 'stop', 'deepseek-math-v2', 7)).toMatchObject({ status: 'unparsed', reason: 'invalid-score' });
    expect(parseGrading(graded('0.7', '5'), 'stop', 'deepseek-math-v2', 7)).toMatchObject({ status: 'unparsed', reason: 'invalid-score' });
    const onlyVerdict = 'Here is my evaluation of the solution:\n\nFine.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{1}';
    expect(parseGrading(onlyVerdict, 'stop', 'deepseek-math-v2', 7)).toMatchObject({ status: 'unparsed', reason: 'invalid-points', points: null });
    expect(parseGrading(`${onlyVerdict}\n\nPoints awarded out of 7:\n\\boxed{`, 'stop', 'deepseek-math-v2', 7)).toMatchObject({ status: 'unparsed', reason: 'invalid-score' });
    expect(parseGrading('Here is my evaluation of the solution:\n\nFine.', 'stop', 'deepseek-math-v2', 7)).toMatchObject({ status: 'unparsed', reason: 'no-score' });
    // A later box that never closes is the real (broken) answer: no falling back to the earlier ones.
    expect(parseGrading(`${graded('1', '7')}\n\\boxed{6`, 'stop', 'deepseek-math-v2', 7)).toMatchObject({ status: 'unparsed', reason: 'invalid-score' });
  });

  it('gives no verdict for a sample whose verdict and points contradict each other (neither is taken as given)', () => {
    // 1 is "completely correct and rigorous" (the template's words): it cannot earn nothing; 0 is "a
    // fatal error or a severe omission": it cannot earn full marks. Which of the two is wrong is unknown.
    for (const [score, points] of [['1', '0'], ['0', '7']]) {
      const parsed = parseGrading(graded(score, points), 'stop', 'deepseek-math-v2', 7);
      expect(parsed).toMatchObject({ status: 'unparsed', reason: 'inconsistent-grade', score: null, points: null });
      // The answer is kept whole, boxes included, so the reader sees what the model said.
      expect(parsed.analysis).toContain(`\\boxed{${points}}`);
    }
    // Partial credit fits every verdict under some marking scheme: taken as given.
    for (const [score, points] of [['1', '1'], ['1', '7'], ['0', '6'], ['0', '0'], ['0.5', '0'], ['0.5', '7']]) {
      expect(parseGrading(graded(score, points), 'stop', 'deepseek-math-v2', 7)).toMatchObject({ status: 'parsed', score: Number(score), points: Number(points) });
    }
    expect(gradeContradiction(1, 0, 7)).toBe('a verdict of 1 (completely correct) with 0 of 7 points');
    expect(gradeContradiction(0, 10, 10)).toBe('a verdict of 0 (a fatal error) with all 10 points');
    expect(gradeContradiction(0.5, 0, 7)).toBeNull();
  });

  it('reads whole points within the scale only', () => {
    expect(parsePoints('0', 7)).toBe(0);
    expect(parsePoints('\\text{3}', 7)).toBe(3);
    expect(parsePoints('10', 10)).toBe(10);
    expect(parsePoints('-1', 7)).toBeNull();
    expect(parsePoints('3/7', 7)).toBeNull();
  });
});

describe('grade templates', () => {
  it('put the reference solution, the marking scheme and the scale into both profiles', async () => {
    const t = await loadTemplates();
    const doc = parseProof('## Proof\n\nFor n > 2 the claim holds.\n', 'markdown');
    for (const profile of ['deepseek-math-v2', 'labelled'] as const) {
      const prompt = buildGradePrompt(t, profile, { problem: 'PROBLEM-X', proof: doc.text, doc, reference: 'REFERENCE-Y', rubric: '1 pt: RUBRIC-Z', points: 7 });
      const text = prompt.messages.map((m) => m.content).join('\n');
      expect(prompt.templateId).toBe(`${profile}/grade`);
      expect(text).toContain('REFERENCE-Y');
      expect(text).toContain('1 pt: RUBRIC-Z');
      expect(text).toContain('from 0 to 7');
      expect(text).not.toContain('{{');
    }
  });

  it('refuses an override that has no slot for the marking scheme, naming the file and the slot', async () => {
    await mkdir(join(dir, 'labelled'), { recursive: true });
    await writeFile(join(dir, 'labelled', 'grade.md'), '{{problem}} {{proof}} {{reference}} {{points}}');
    await expect(loadTemplates({ overrideDir: dir })).rejects.toThrow(/grade\.md.*rubric|rubric.*grade\.md/s);
  });
});
