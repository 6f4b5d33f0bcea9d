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

/**
 * A scheme's `points:` line (its value and any comment after it apart), read as a teacher means it:
 * `Points: 10` too (`points:10`, with no space, is no YAML key: not read). Global: the last one counts, as YAML readers take the last of a
 * repeated key.
 */
const POINTS_LINE = /^(points:[ \t]*)(\S*?)([ \t]*(?:#.*)?)$/gim;
/** What a settings front matter holds, line by line: a key, an indented or list continuation, a comment, a blank. */
const SETTINGS_LINE = /^(?:[A-Za-z_][\w-]*:(?:[ \t]|$)|[ \t]+\S|-[ \t]|#|[ \t]*$)/;

/**
 * The range of a marking scheme's settings: its YAML front matter (markdownFrontMatter) when every line
 * in it is a plain `key:` (identifier-like), a continuation, a comment or blank; else null. A scheme that
 * opens with a rule and lines such as `Part (a): 3 points for the base case.` is marking guidance,
 * every word of which the grader must read, not settings (Pandoc would take it as metadata).
 */
function settingsRange(rubric: string): { start: number; end: number } | null {
  const range = markdownFrontMatter(rubric);
  if (!range) return null;
  const lines = rubric.slice(range.start, range.end).replace(/^\ufeff/, '').split(/\r?\n/).slice(1, -1);
  return lines.every((line) => SETTINGS_LINE.test(line)) ? range : null;
}

/** The last `points:` line of `front` (a settings front matter), or null. */
function lastPointsLine(front: string): RegExpExecArray | null {
  let last: RegExpExecArray | null = null;
  for (const match of front.matchAll(POINTS_LINE)) last = match as RegExpExecArray;
  return last;
}

/**
 * The `points:` value a marking scheme's settings state: `{ points }` for a whole number 1–100,
 * `{ invalid }` (the value as written) for anything else, `{}` when the scheme states none.
 */
export function rubricPointsLine(rubric: string): { points?: number; invalid?: string } {
  const range = settingsRange(rubric);
  const match = range ? lastPointsLine(rubric.slice(range.start, range.end)) : null;
  if (!match) return {};
  const value = match[2].replace(/^["']|["']$/g, '');
  return /^\d{1,3}$/.test(value) && Number(value) >= 1 && Number(value) <= MAX_POINTS ? { points: Number(value) } : { invalid: match[2] };
}

/** The top of the points scale a marking scheme states (front matter `points: N`), else undefined. */
export function rubricPoints(rubric: string): number | undefined {
  return rubricPointsLine(rubric).points;
}

/** The marking scheme as the grader reads it: the text after its settings front matter (the whole text when it has none). */
export function rubricGuidance(rubric: string): string {
  const range = settingsRange(rubric);
  return range ? rubric.slice(range.end).replace(/^\r?\n/, '') : rubric;
}

/**
 * `rubric` with its scale set to `points` (a whole number 1–100): the value of the settings' last
 * `points:` line replaced (a comment after it kept), or the line added to the settings, or settings
 * `---\npoints: N\n---` put at the top (above a front matter that is guidance, which stays as it is).
 * A scheme without settings set to the default (7) is returned unchanged: nothing to record.
 */
export function withRubricPoints(rubric: string, points: number): string {
  if (!Number.isInteger(points) || points < 1 || points > MAX_POINTS) throw new RangeError(`points must be a whole number from 1 to ${MAX_POINTS}, not ${points}`);
  const range = settingsRange(rubric);
  if (!range) {
    if (points === DEFAULT_POINTS) return rubric;
    const newline = rubric.includes('\r\n') ? '\r\n' : '\n';
    const bom = rubric.startsWith('\ufeff') ? '\ufeff' : '';
    return `${bom}---${newline}points: ${points}${newline}---${newline}${rubric.slice(bom.length)}`;
  }
  const front = rubric.slice(range.start, range.end);
  const rest = rubric.slice(range.end);
  const match = lastPointsLine(front);
  // The key as written (`Points:`), with the space YAML needs after it (`points:` alone was written `points:5`, unread: rev5).
  if (match) return front.slice(0, match.index) + match[1].replace(/:$/, ': ') + String(points) + match[3] + front.slice(match.index + match[0].length) + rest;
  // After the opening `---` line (and a byte-order mark), before the first key.
  const firstBreak = front.indexOf('\n');
  const newline = front[firstBreak - 1] === '\r' ? '\r\n' : '\n';
  return `${front.slice(0, firstBreak + 1)}points: ${points}${newline}${front.slice(firstBreak + 1)}${rest}`;
}
