// The points scale of a marking scheme, kept in the scheme's own file (`NAME.rubric.md`) so the app's
// Points field, a later session and `verify` on the command line all grade a proof on the same scale:
// a YAML front matter line `points: 10` at the top of the file (the front matter as Pandoc, Obsidian
// and Quarto read it: app/common/tex/document.ts markdownFrontMatter). The front matter is a setting,
// not marking guidance: the grade prompt gets the scheme without it.
import { markdownFrontMatter } from './tex/document';

/** The default top of the points scale: the IMO's 7 (DeepSeekMath-V2 grades on it too). */
export const DEFAULT_POINTS = 7;
/** The largest scale the app's Points field and the front matter accept. */
export const MAX_POINTS = 100;

/** A scheme's `points:` line: a whole number, an optional comment. */
const POINTS_LINE = /^points:[ \t]*(\S*?)[ \t]*(?:#.*)?$/m;

/**
 * The `points:` value a marking scheme's front matter states: `{ points }` for a whole number 1–100,
 * `{ invalid }` (the value as written) for anything else, `{}` when the scheme states none.
 */
export function rubricPointsLine(rubric: string): { points?: number; invalid?: string } {
  const range = markdownFrontMatter(rubric);
  if (!range) return {};
  const match = POINTS_LINE.exec(rubric.slice(range.start, range.end));
  if (!match) return {};
  const value = match[1].replace(/^["']|["']$/g, '');
  return /^\d{1,3}$/.test(value) && Number(value) >= 1 && Number(value) <= MAX_POINTS ? { points: Number(value) } : { invalid: match[1] };
}

/** The top of the points scale a marking scheme states (front matter `points: N`), else undefined. */
export function rubricPoints(rubric: string): number | undefined {
  return rubricPointsLine(rubric).points;
}

/** The marking scheme as the grader reads it: the text after its front matter (the whole text when it has none). */
export function rubricGuidance(rubric: string): string {
  const range = markdownFrontMatter(rubric);
  return range ? rubric.slice(range.end).replace(/^\r?\n/, '') : rubric;
}

/**
 * `rubric` with its scale set to `points` (a whole number 1–100): the front matter's `points:` line
 * replaced, or added to the front matter, or a front matter `---\npoints: N\n---` put at the top.
 * A scheme without front matter set to the default (7) is returned unchanged: nothing to record.
 */
export function withRubricPoints(rubric: string, points: number): string {
  if (!Number.isInteger(points) || points < 1 || points > MAX_POINTS) throw new RangeError(`points must be a whole number from 1 to ${MAX_POINTS}, not ${points}`);
  const range = markdownFrontMatter(rubric);
  if (!range) {
    if (points === DEFAULT_POINTS) return rubric;
    const newline = rubric.includes('\r\n') ? '\r\n' : '\n';
    return `---${newline}points: ${points}${newline}---${newline}${rubric}`;
  }
  const front = rubric.slice(range.start, range.end);
  const rest = rubric.slice(range.end);
  if (POINTS_LINE.test(front)) return front.replace(POINTS_LINE, `points: ${points}`) + rest;
  // After the opening `---` line (and a byte-order mark), before the first key.
  const firstBreak = front.indexOf('\n');
  const newline = front[firstBreak - 1] === '\r' ? '\r\n' : '\n';
  return `${front.slice(0, firstBreak + 1)}points: ${points}${newline}${front.slice(firstBreak + 1)}${rest}`;
}
