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

/** What a block front matter holds, line by line (after its keys' indentation): a key, a deeper continuation, a list item, a comment, a blank. */
const SETTINGS_LINE = /^(?:[A-Za-z_][\w-]*:(?:[ \t]|$)|[ \t]+\S|-[ \t]|#|[ \t]*$)/;
/** A flow mapping's plain key (`{points: 12, title: P3}`), quoted or not. */
const FLOW_KEY = /^(["']?)([A-Za-z_][\w-]*)\1$/;
/** A closing fence: `---` or `...` (YAML's document end, which Pandoc takes too). */
const CLOSING_FENCE = /^(?:---|\.\.\.)[ \t]*$/;

/**
 * A marking scheme's settings: its front matter, with where its keys are. `block`: `key: value` lines
 * whose keys all stand at `indent` (YAML allows a top-level mapping indented as a whole); `flow`: one
 * YAML flow mapping, `{points: 12}`; `empty`: `---` right above `---`.
 */
interface Settings {
  /** The front matter's range, fences included (as markdownFrontMatter's). */
  start: number;
  end: number;
  /** Where its body starts: after the opening fence's line break. */
  bodyStart: number;
  /** Its body: the lines between the fences, without the closing fence's. */
  body: string;
  newline: string;
  kind: 'block' | 'flow' | 'empty';
  /** block: the indentation of its keys. */
  indent: string;
}

/** The value of a scheme's `points` key, as offsets into the scheme and the value as written. */
interface PointsEntry {
  /** Where the value starts and ends (a comment after it is not the value); an empty value starts and ends after the key. */
  start: number;
  end: number;
  value: string;
  /** block: the key as written, with what follows it up to the value (`Points:`, `points:  `). */
  key: string;
}

/**
 * The fence of a YAML front matter markdownFrontMatter does not take for one, because in Markdown it
 * reads as rules or a setext heading, while a YAML reader (Pandoc, Obsidian, Jekyll) takes it as
 * settings: an empty one (`---` right above `---`), a flow mapping (`{points: 12}`) and keys indented
 * as a whole (`  points: 12`). Null for anything else.
 */
function yamlOnlyFrontMatter(rubric: string): { start: number; end: number } | null {
  const open = /^\ufeff?---[ \t]*\r?\n/.exec(rubric);
  if (!open) return null;
  const first = rubric.slice(open[0].length).split(/\r?\n/, 1)[0];
  if (!CLOSING_FENCE.test(first) && !/^[ \t]*\{/.test(first) && !/^ +["']?[A-Za-z_][\w-]*["']?:(?:[ \t]|$)/.test(first)) return null;
  for (let lineStart = open[0].length; lineStart <= rubric.length; ) {
    const newline = rubric.indexOf('\n', lineStart);
    const line = rubric.slice(lineStart, newline < 0 ? rubric.length : newline).replace(/\r$/, '');
    if (CLOSING_FENCE.test(line)) return { start: 0, end: lineStart + line.replace(/[ \t]+$/, '').length };
    if (newline < 0) return null;
    lineStart = newline + 1;
  }
  return null;
}

/**
 * A marking scheme's settings: its YAML front matter (markdownFrontMatter, or one that only YAML
 * readers take: yamlOnlyFrontMatter) when it holds only plain settings: `key:` lines (identifier-like
 * keys), continuations, comments and blanks; or one flow mapping of such keys; or nothing. Else null:
 * a scheme that opens with a rule and lines such as `Part (a): 3 points for the base case.` is marking
 * guidance, every word of which the grader must read, not settings (Pandoc would take it as metadata).
 */
function settingsOf(rubric: string): Settings | null {
  const range = markdownFrontMatter(rubric) ?? yamlOnlyFrontMatter(rubric);
  if (!range) return null;
  const front = rubric.slice(range.start, range.end);
  const bodyStart = front.indexOf('\n') + 1;
  const closing = front.lastIndexOf('\n');
  const body = closing < bodyStart ? '' : front.slice(bodyStart, closing).replace(/\r$/, '');
  const newline = front[bodyStart - 2] === '\r' ? '\r\n' : '\n';
  const lines = body === '' ? [] : body.split(/\r?\n/);
  const content = lines.filter((line) => line.trim() !== '' && !/^[ \t]*#/.test(line));
  const settings = { start: range.start, end: range.end, bodyStart, body, newline, indent: '' };
  if (content.length === 0) return { ...settings, kind: 'empty' };
  if (/^[ \t]*\{/.test(content[0])) return flowMapping(settings) ? { ...settings, kind: 'flow' } : null;
  const indent = /^ */.exec(content[0])![0];
  const plain = lines.every((line) => line.trim() === '' || /^[ \t]*#/.test(line) || (line.startsWith(indent) && SETTINGS_LINE.test(line.slice(indent.length))));
  return plain ? { ...settings, kind: 'block', indent } : null;
}

/**
 * A flow-mapping front matter's entries (`{points: 12, title: "P3"}`, across lines too): each key and
 * its value's offsets in the scheme, and the braces'. Null when the body is no single flow mapping of
 * plain keys with plain or quoted values (a nested mapping or sequence; anything after the closing
 * brace but a comment).
 */
function flowMapping(settings: Pick<Settings, 'body' | 'bodyStart'>): { open: number; close: number; entries: { key: string; start: number; end: number }[] } | null {
  const { body, bodyStart } = settings;
  const brace = /^[ \t]*\{/m.exec(body);
  if (!brace) return null;
  const open = brace.index + brace[0].length - 1;
  // Quoted text blanked (same length): its commas, colons and braces are the value's.
  const bare = body.replace(/"[^"\n]*"|'[^'\n]*'/g, (q) => ' '.repeat(q.length));
  const close = bare.indexOf('}', open);
  if (close < 0 || /[{}[\]]/.test(bare.slice(open + 1, close)) || bare.slice(close + 1).split('\n').some((rest) => !/^\s*(?:#.*)?$/.test(rest))) return null;
  const entries: { key: string; start: number; end: number }[] = [];
  for (let from = open + 1; from <= close; ) {
    const comma = bare.indexOf(',', from);
    const to = comma < 0 || comma > close ? close : comma;
    const part = body.slice(from, to);
    if (part.trim() !== '') {
      const colon = /:(?:\s|$)/.exec(bare.slice(from, to));
      const key = colon ? FLOW_KEY.exec(part.slice(0, colon.index).trim()) : null;
      if (!colon || !key) return null;
      const value = part.slice(colon.index + 1);
      const start = bodyStart + from + colon.index + 1 + (value.length - value.trimStart().length);
      entries.push({ key: key[2], start, end: start + value.trim().length });
    }
    from = to + 1;
  }
  return { open: bodyStart + open, close: bodyStart + close, entries };
}

/**
 * The scheme's top-level `points` key, read as a teacher means it: `Points: 10` too (`points:10`,
 * with no space, is no YAML key: not read); in a block, only at the keys' indentation (deeper, it
 * belongs to another key); the last one counts, as YAML readers take the last of a repeated key. A
 * `#` after a space starts a comment, which is not the value (`points: 12#x` is the value `12#x`).
 */
function pointsEntry(rubric: string, settings: Settings): PointsEntry | null {
  if (settings.kind === 'empty') return null;
  if (settings.kind === 'flow') {
    const entry = flowMapping(settings)!.entries.filter((e) => e.key.toLowerCase() === 'points').at(-1);
    return entry ? { start: entry.start, end: entry.end, value: rubric.slice(entry.start, entry.end), key: '' } : null;
  }
  const line = new RegExp(`^${settings.indent}(points:[ \\t]*)(.*?)((?:[ \\t]+#.*)?[ \\t]*)$`, 'gim');
  let last: RegExpExecArray | null = null;
  for (const match of settings.body.matchAll(line)) last = match as RegExpExecArray;
  if (!last) return null;
  const start = settings.bodyStart + last.index + settings.indent.length + last[1].length;
  return { start, end: start + last[2].length, value: last[2], key: last[1] };
}

/**
 * The `points` value a marking scheme's settings state: `{ points }` for a whole number 1–100,
 * `{ invalid }` (the value as written) for anything else, `{}` when the scheme states none.
 */
export function rubricPointsLine(rubric: string): { points?: number; invalid?: string } {
  const settings = settingsOf(rubric);
  const entry = settings ? pointsEntry(rubric, settings) : null;
  if (!entry) return {};
  const value = entry.value.replace(/^"(.*)"$|^'(.*)'$/, '$1$2');
  return /^\d{1,3}$/.test(value) && Number(value) >= 1 && Number(value) <= MAX_POINTS ? { points: Number(value) } : { invalid: entry.value };
}

/** The top of the points scale a marking scheme states (front matter `points: N`), else undefined. */
export function rubricPoints(rubric: string): number | undefined {
  return rubricPointsLine(rubric).points;
}

/** The marking scheme as the grader reads it: the text after its settings front matter (the whole text when it has none). */
export function rubricGuidance(rubric: string): string {
  const settings = settingsOf(rubric);
  return settings ? rubric.slice(settings.end).replace(/^\r?\n/, '') : rubric;
}

/**
 * `rubric` with its scale set to `points` (a whole number 1–100): the value of the settings' last
 * `points` key replaced (a comment after it kept; in a flow mapping, in place), or the key added to
 * the settings (an empty front matter filled, keys indented as the others), or settings
 * `---\npoints: N\n---` put at the top (above a front matter that is guidance, which stays as it is).
 * A scheme without settings set to the default (7) is returned unchanged: nothing to record.
 */
export function withRubricPoints(rubric: string, points: number): string {
  if (!Number.isInteger(points) || points < 1 || points > MAX_POINTS) throw new RangeError(`points must be a whole number from 1 to ${MAX_POINTS}, not ${points}`);
  const settings = settingsOf(rubric);
  if (!settings) {
    if (points === DEFAULT_POINTS) return rubric;
    const newline = rubric.includes('\r\n') ? '\r\n' : '\n';
    const bom = rubric.startsWith('\ufeff') ? '\ufeff' : '';
    return `${bom}---${newline}points: ${points}${newline}---${newline}${rubric.slice(bom.length)}`;
  }
  const entry = pointsEntry(rubric, settings);
  // The key as written (`Points:`), with the space YAML needs after it (`points:` alone was written `points:5`, unread: rev5).
  if (entry) return rubric.slice(0, entry.start - entry.key.length) + entry.key.replace(/:$/, ': ') + String(points) + rubric.slice(entry.end);
  if (settings.kind === 'flow') {
    const { open, close, entries } = flowMapping(settings)!;
    const only = entries.length === 0 && rubric.slice(open + 1, close).trim() === '';
    return `${rubric.slice(0, open + 1)}points: ${points}${only ? '' : ', '}${rubric.slice(only ? close : open + 1)}`;
  }
  // After the opening `---` line (and a byte-order mark), before the first key, at the keys' indentation.
  return `${rubric.slice(0, settings.bodyStart)}${settings.indent}points: ${points}${settings.newline}${rubric.slice(settings.bodyStart)}`;
}
