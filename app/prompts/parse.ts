// Parsers for model answers. A response is a verdict only when it finished normally, has an answer
// after its reasoning, and ends with a valid boxed score; everything else is 'unparsed' with the
// reason, never a pass (DESIGN.md §2).
import type { FinishReason } from '../models/backend';
import type { Finding } from '../common/annotations';
import type {
  ParsedGeneration,
  ParsedMetaVerification,
  ParsedVerification,
  Score,
  UnparsedReason,
} from '../common/results';
import { boxedMatches, parseScore } from './boxed';
import { parseHuangYangFindings, parseLabelledFindings, parseQuotedIssues } from './findings';
import { splitSolution } from './solution';
import { splitThink } from './think';
import type { PromptProfile } from './types';

/** The reason a finish is not a verdict, whatever the text says (a cut-off answer is no answer). */
function finishProblem(finishReason: FinishReason): UnparsedReason | null {
  switch (finishReason) {
    case 'length':
      return 'truncated';
    case 'abort':
      return 'cancelled';
    case 'error':
      return 'error';
    case 'incomplete':
      return 'incomplete';
    case 'stop':
      return null;
  }
}

interface Scored {
  status: 'parsed' | 'unparsed';
  reason?: UnparsedReason;
  score: Score | null;
  analysis: string;
  reasoning?: string;
}

/** Shared by verification and meta-verification: finish, think split, last box, score. */
function readScored(text: string, finishReason: FinishReason): Scored {
  const { answer, reasoning, unterminated } = splitThink(text);
  const base = { analysis: answer, ...(reasoning ? { reasoning } : {}) };
  const problem = finishProblem(finishReason) ?? (unterminated ? 'unclosed-think' : answer ? null : 'empty');
  if (problem) return { status: 'unparsed', reason: problem, score: null, ...base };
  const boxes = boxedMatches(answer);
  const lastOpened = answer.lastIndexOf('\\boxed');
  if (boxes.length === 0) {
    return { status: 'unparsed', reason: lastOpened >= 0 ? 'invalid-score' : 'no-score', score: null, ...base };
  }
  const last = boxes[boxes.length - 1];
  // A later `\boxed{` that never closes is the real (broken) verdict; never fall back to an earlier box.
  if (lastOpened > last.start) return { status: 'unparsed', reason: 'invalid-score', score: null, ...base };
  const score = parseScore(last.content);
  if (score === null) return { status: 'unparsed', reason: 'invalid-score', score: null, ...base };
  return { status: 'parsed', score, ...base, analysis: withoutScoreLine(answer) };
}

/** The analysis without its closing "…final score…: \boxed{…}" line. */
export function withoutScoreLine(answer: string): string {
  const at = answer.lastIndexOf('\\boxed');
  if (at < 0) return answer.trim();
  // Work on the tail only: answers can be long, and only the last line matters here.
  let end = at;
  for (;;) {
    const before = answer.slice(Math.max(0, end - 2), end);
    if (/\s$|\$$/.test(before)) end -= 1;
    else if (before === '\\[' || before === '\\(') end -= 2;
    else break;
  }
  const lineStart = answer.lastIndexOf('\n', end - 1) + 1;
  // Drop the line that introduces the score ("Based on my evaluation, the final overal score should be:").
  if (/\b(?:score|grade|rating)\b/i.test(answer.slice(lineStart, end))) end = lineStart;
  return answer.slice(0, end).trim();
}

export function parseVerification(text: string, finishReason: FinishReason, profile: PromptProfile): ParsedVerification {
  const scored = readScored(text, finishReason);
  const findings = scored.status === 'parsed' ? findingsOf(scored.analysis, scored.score, profile) : [];
  return { ...scored, findings };
}

/** A graded verification: the 0/½/1 verdict and the points (0–max) under the marking scheme. */
export interface ParsedGrading extends ParsedVerification {
  points: number | null;
}

/**
 * The answer to a `grade` prompt, read as strictly as a verification: it must have finished normally,
 * and end with two boxes — the verdict (0, ½, 1) then the points, a whole number from 0 to
 * `maxPoints` (optionally in `$…$` or `\text{…}`), in the last box. A missing, unclosed or invalid
 * box in either place gives no verdict and no points ('no-score' / 'invalid-score' for the verdict,
 * 'invalid-points' for points missing, not whole or outside 0–`maxPoints`); so does a
 * truncated or incomplete answer.
 */
export function parseGrading(text: string, finishReason: FinishReason, profile: PromptProfile, maxPoints: number): ParsedGrading {
  const { answer, reasoning, unterminated } = splitThink(text);
  const base = { analysis: answer, ...(reasoning ? { reasoning } : {}), findings: [], points: null };
  const problem = finishProblem(finishReason) ?? (unterminated ? 'unclosed-think' : answer ? null : 'empty');
  if (problem) return { status: 'unparsed', reason: problem, score: null, ...base };
  const boxes = boxedMatches(answer);
  const lastOpened = answer.lastIndexOf('\\boxed');
  if (boxes.length < 2) {
    // One closed box holding a verdict and nothing after it: the verdict came, the points did not.
    const verdictOnly = boxes.length === 1 && lastOpened === boxes[0].start && parseScore(boxes[0].content) !== null;
    return { status: 'unparsed', reason: verdictOnly ? 'invalid-points' : lastOpened >= 0 ? 'invalid-score' : 'no-score', score: null, ...base };
  }
  const [verdictBox, pointsBox] = boxes.slice(-2);
  if (lastOpened > pointsBox.start) return { status: 'unparsed', reason: 'invalid-score', score: null, ...base };
  const score = parseScore(verdictBox.content);
  const points = parsePoints(pointsBox.content, maxPoints);
  if (score === null) return { status: 'unparsed', reason: 'invalid-score', score: null, ...base };
  if (points === null) return { status: 'unparsed', reason: 'invalid-points', score: null, ...base };
  if (gradeContradiction(score, points, maxPoints)) return { status: 'unparsed', reason: 'inconsistent-grade', score: null, ...base };
  const analysis = withoutScoreLine(answer.slice(0, verdictBox.end));
  return { status: 'parsed', score, points, analysis, ...(reasoning ? { reasoning } : {}), findings: findingsOf(analysis, score, profile) };
}

/**
 * How a grading sample's verdict and points contradict each other, or null when they fit together.
 * The rule (one copy: every surface reads the sample this parser made): the grade template defines a
 * verdict of 1 as "completely correct and rigorous" (full credit even by another route) and 0 as "a
 * fatal error or a severe omission" (DeepSeekMath-V2's 0/½/1 scale); points between 0 and the top are
 * partial credit, which fits any verdict under some marking scheme (a 0 proof with 2 points of
 * progress, a ½ proof the scheme gives 7 or 0). Only the ends contradict: 1 with 0 points, 0 with all
 * the points. Which of the two the model got wrong is unknown, so the sample gives no verdict
 * (reason 'inconsistent-grade'), like any other answer that cannot be read, rather than one of the
 * two being taken as given.
 */
export function gradeContradiction(score: Score, points: number, maxPoints: number): string | null {
  if (score === 1 && points === 0) return `a verdict of 1 (completely correct) with 0 of ${maxPoints} points`;
  if (score === 0 && points === maxPoints && maxPoints > 0) return `a verdict of 0 (a fatal error) with all ${maxPoints} points`;
  return null;
}

/** A box's contents as whole points in 0..max, or null. */
export function parsePoints(content: string, max: number): number | null {
  let s = content.replace(/\s+/g, '').replace(/^\$+|\$+$/g, '');
  const wrapped = /^\\(?:text|mathrm|mathbf)\{(.*)\}$/.exec(s);
  if (wrapped) s = wrapped[1];
  if (!/^\d+$/.test(s)) return null;
  const points = Number(s);
  return points <= max ? points : null;
}

export function parseMetaVerification(text: string, finishReason: FinishReason): ParsedMetaVerification {
  return readScored(text, finishReason);
}

export function parseGeneration(text: string, finishReason: FinishReason, profile: PromptProfile): ParsedGeneration {
  const { answer, reasoning, unterminated } = splitThink(text);
  const split = splitSolution(answer);
  const base = { solution: split.solution, ...(reasoning ? { reasoning } : {}) };
  const problem =
    finishProblem(finishReason) ?? (unterminated ? 'unclosed-think' : !answer ? 'empty' : !split.solution ? 'no-solution' : null);
  if (problem) return { status: 'unparsed', reason: problem, selfEvaluation: null, selfScore: null, ...base };
  const selfEvaluation = split.selfEvaluation !== null ? parseVerification(split.selfEvaluation, 'stop', profile) : null;
  return { status: 'parsed', selfEvaluation, selfScore: selfEvaluation?.score ?? null, ...base };
}

/**
 * Findings stated in an analysis. Labelled lines first (labelled profile), then Huang–Yang lists;
 * free-text quotes only when the verdict is below 1 (a full-score analysis reports no defect).
 */
function findingsOf(analysis: string, score: Score | null, profile: PromptProfile): Finding[] {
  if (profile === 'labelled') {
    const labelled = parseLabelledFindings(analysis);
    if (labelled.length) return labelled;
  }
  const listed = parseHuangYangFindings(analysis);
  if (listed.length) return listed;
  return score !== null && score < 1 ? parseQuotedIssues(analysis) : [];
}
