// The points scale of a marking scheme, kept in the scheme's own file (`NAME.rubric.md`) so the app's
// Points field, a later session and `verify` on the command line all grade a proof on the same scale:
// a YAML front matter line `points: 10` at the top of the file (the front matter as Pandoc, Obsidian
// and Quarto read it: app/common/tex/document.ts markdownFrontMatter). The front matter is a setting,
// not marking guidance: the grade prompt gets the scheme without it.
import { isMap, isScalar, parseDocument, type Node, type Scalar, type YAMLMap } from 'yaml';
import { frontMatterFences, opensMarkdownFrontMatter, type FrontMatterFirstLine } from './tex/document';

/** The default top of the points scale: the IMO's 7 (DeepSeekMath-V2 grades on it too). */
export const DEFAULT_POINTS = 7;
/** The largest scale the app's Points field and the front matter accept. */
export const MAX_POINTS = 100;

/** A settings key: identifier-like (`points`, `title`, `max-score`), quoted or not. */
const SETTINGS_KEY = /^[A-Za-z_][\w-]*$/;

/**
 * A marking scheme's settings: its YAML front matter, parsed (the `yaml` package, YAML 1.2), with
 * where it is. `map` is its top-level mapping (block or flow), null for an empty one (`---` right
 * above `---`, or only comments). Offsets in `map`'s nodes are into `body`; `bodyStart` is where
 * `body` starts in the scheme (after the opening fence's line break).
 */
interface Settings {
  /** The front matter's range, fences included (as markdownFrontMatter's). */
  start: number;
  end: number;
  bodyStart: number;
  body: string;
  newline: string;
  map: YAMLMap | null;
}

/** The value of a scheme's `points` key: its offsets in the scheme (a comment after it is not the value) and its text as written. */
interface PointsEntry {
  start: number;
  end: number;
  value: string;
  /** Where the key's colon ends: an empty value is written there. */
  afterColon: number;
}

/**
 * Whether a fenced block's first line opens a front matter that markdownFrontMatter does not take,
 * because in Markdown it reads as rules or a setext heading, while a YAML reader (Pandoc, Obsidian,
 * Jekyll) takes it as settings: the closing fence (an empty one, `---` right above `---`, blank lines
 * between or not), a flow mapping (`{points: 12}`) or a key indented with the rest (`  points: 12`).
 */
function opensYamlOnly(first: FrontMatterFirstLine): boolean {
  return first.closes || /^[ \t]*\{/.test(first.text) || /^ +["']?[A-Za-z_][\w-]*["']?:(?:[ \t]|$)/.test(first.text);
}

/**
 * Where and why YAML cannot read a marking scheme's front matter that is written as settings (every
 * line a `key:` or a comment): `title: P3` over an indented `  points: 5`, an unclosed quote.
 */
export interface FrontMatterError {
  /** The scheme's lines (1-based) where the YAML reader found the error: `line` to `lastLine`. */
  line: number;
  lastLine: number;
  /** The YAML reader's own words (the `yaml` package's), e.g. "Nested mappings are not allowed in compact mappings". */
  message: string;
}

/** "is not valid YAML (lines 2–3: …)": what every surface says after "the marking scheme's front matter". */
export function notValidYaml(error: FrontMatterError): string {
  const lines = error.lastLine > error.line ? `lines ${error.line}–${error.lastLine}` : `line ${error.line}`;
  return `is not valid YAML (${lines}: ${error.message})`;
}

/** Setting Points on a scheme whose front matter YAML cannot read (withRubricPoints): nothing is written. */
export class RubricFrontMatterError extends Error {
  override name = 'RubricFrontMatterError';
  constructor(readonly error: FrontMatterError) {
    super(`the marking scheme's front matter ${notValidYaml(error)}: correct it in the scheme first (Points writes nothing until then, so the file does not get a second front matter)`);
  }
}

/**
 * A line of a front matter written as settings: a `key:` with an identifier-like key at any indentation
 * (`title: P3`, `  points: 5`, `"points": 5`), or a comment. A front matter YAML cannot read is
 * taken for broken settings only when every line is one of these: one with other lines (`Part (a): 3
 * points: base case`, prose) is guidance, as before.
 */
const SETTINGS_LINE = /^[ \t]*(?:#|(["']?)[A-Za-z_][\w-]*\1[ \t]*:(?:[ \t]|$))/;

/**
 * A marking scheme's settings: its YAML front matter (markdownFrontMatter's, or one that only YAML
 * readers take: opensYamlOnly) when a YAML reader takes it as a mapping of plain settings —
 * identifier-like keys (block or flow, `{points: 12}`), any values — or as nothing at all (empty, or
 * comments). `{ error }` for one written as settings (SETTINGS_LINE) that YAML cannot read: Pandoc
 * refuses such a file, and reading it as guidance silently lost its `points` (and the Points field put a
 * second front matter above it). Else null: a scheme that opens with a rule and lines such as `Part
 * (a): 3 points for the base case.` is marking guidance, every word of which the grader must read, not
 * settings (Pandoc would take it as metadata).
 */
function settingsOf(rubric: string): Settings | { error: FrontMatterError } | null {
  const range = frontMatterFences(rubric, (first) => opensMarkdownFrontMatter(first) || opensYamlOnly(first));
  if (!range) return null;
  const front = rubric.slice(range.start, range.end);
  const bodyStart = range.start + front.indexOf('\n') + 1;
  const closing = range.start + front.lastIndexOf('\n');
  const body = closing < bodyStart ? '' : rubric.slice(bodyStart, closing + 1);
  const newline = rubric[bodyStart - 2] === '\r' ? '\r\n' : '\n';
  // A repeated key is read as YAML readers that allow it read it (the last one counts), not refused.
  const doc = parseDocument(body, { uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) {
    const lines = body.split('\n').filter((line) => line.trim() !== '');
    if (!lines.every((line) => SETTINGS_LINE.test(line)) || lines.every((line) => /^[ \t]*#/.test(line))) return null;
    // The first error, over the lines of every error found at the same place (`title: P3` over an
    // indented `points: 5` is one error from line 2 to 3).
    const [first] = doc.errors;
    const to = Math.max(...doc.errors.filter((e) => e.pos[0] === first.pos[0]).map((e) => e.pos[1]));
    const lineAt = (offset: number) => rubric.slice(0, bodyStart + Math.min(offset, body.length - 1)).split('\n').length;
    return { error: { line: lineAt(first.pos[0]), lastLine: lineAt(Math.max(first.pos[0], to - 1)), message: first.message } };
  }
  const settings = { start: range.start, end: range.end, bodyStart, body, newline };
  if (doc.contents === null) return { ...settings, map: null };
  if (!isMap(doc.contents)) return null;
  const plain = doc.contents.items.every((pair) => isScalar(pair.key) && typeof pair.key.value === 'string' && SETTINGS_KEY.test(pair.key.value));
  return plain ? { ...settings, map: doc.contents as YAMLMap } : null;
}

/**
 * The scheme's top-level `points` key, read as a teacher means it: `Points: 10` too when there is no
 * `points` (YAML's reading, which has no `Points`, wins where both are written; `points:10`,
 * with no space, is no YAML key: not read); only at the top level (deeper, it belongs to another
 * key); the last one counts, as YAML readers take the last of a repeated key. A `#` after a space
 * starts a comment, which is not the value (`points: 12#x` is the value `12#x`), as YAML reads it.
 */
function pointsEntry(settings: Settings): PointsEntry | null {
  // YAML's own `points` key first; a teacher's `Points:` when there is none.
  const keyed = (exact: boolean) => settings.map?.items.filter((item) => isScalar(item.key) && (exact ? item.key.value === 'points' : String(item.key.value).toLowerCase() === 'points')).at(-1);
  const pair = keyed(true) ?? keyed(false);
  if (!pair) return null;
  const keyEnd = (pair.key as Scalar).range![1];
  const value = pair.value as Node | null;
  // An empty value (`points:`) is a null node with an empty range, or no node at all.
  const [from, to] = value?.range ?? [keyEnd + 1, keyEnd + 1];
  return {
    start: settings.bodyStart + from,
    end: settings.bodyStart + to,
    value: settings.body.slice(from, to),
    afterColon: settings.bodyStart + settings.body.indexOf(':', keyEnd) + 1,
  };
}

/**
 * The `points` value a marking scheme's settings state: `{ points }` for a whole number 1–100,
 * `{ invalid }` (the value as written) for anything else, `{ unreadable }` when its front matter is
 * written as settings but YAML cannot read it (no value is read from it), `{}` when the scheme states none.
 */
export function rubricPointsLine(rubric: string): { points?: number; invalid?: string; unreadable?: FrontMatterError } {
  const settings = settingsOf(rubric);
  if (settings && 'error' in settings) return { unreadable: settings.error };
  const entry = settings ? pointsEntry(settings) : null;
  if (!entry) return {};
  const value = entry.value.replace(/^"(.*)"$|^'(.*)'$/, '$1$2');
  return /^\d{1,3}$/.test(value) && Number(value) >= 1 && Number(value) <= MAX_POINTS ? { points: Number(value) } : { invalid: entry.value };
}

/** The top of the points scale a marking scheme states (front matter `points: N`), else undefined. */
export function rubricPoints(rubric: string): number | undefined {
  return rubricPointsLine(rubric).points;
}

/**
 * The marking scheme as the grader reads it: the text after its settings front matter (the whole text
 * when it has none, and when YAML cannot read it: nothing the teacher wrote is withheld).
 */
export function rubricGuidance(rubric: string): string {
  const settings = settingsOf(rubric);
  return settings && !('error' in settings) ? rubric.slice(settings.end).replace(/^[ \t]*\r?\n/, '') : rubric;
}

/**
 * `rubric` with its scale set to `points` (a whole number 1–100): the value of the settings' last
 * `points` key replaced (a comment after it kept; in a flow mapping, in place), or the key added to
 * the settings (an empty front matter filled, keys indented as the others), or settings
 * `---\npoints: N\n---` put at the top (above a front matter that is guidance, which stays as it is).
 * A scheme without settings set to the default (7) is returned unchanged: nothing to record. Throws
 * RubricFrontMatterError when its front matter is written as settings but YAML cannot read it: a
 * second front matter above it would leave the file worse (two, the first one's `points` read).
 */
export function withRubricPoints(rubric: string, points: number): string {
  if (!Number.isInteger(points) || points < 1 || points > MAX_POINTS) throw new RangeError(`points must be a whole number from 1 to ${MAX_POINTS}, not ${points}`);
  const settings = settingsOf(rubric);
  if (settings && 'error' in settings) throw new RubricFrontMatterError(settings.error);
  if (!settings) {
    if (points === DEFAULT_POINTS) return rubric;
    const newline = rubric.includes('\r\n') ? '\r\n' : '\n';
    const bom = rubric.startsWith('\ufeff') ? '\ufeff' : '';
    return `${bom}---${newline}points: ${points}${newline}---${newline}${rubric.slice(bom.length)}`;
  }
  const entry = pointsEntry(settings);
  if (entry && entry.value !== '') return rubric.slice(0, entry.start) + String(points) + rubric.slice(entry.end);
  if (entry) {
    // An empty value: right after the colon, with the space YAML needs (`points:` alone was written
    // `points:5`, unread: rev5); a comment after it stays after it (`points:   # to set`).
    return `${rubric.slice(0, entry.afterColon)} ${points}${rubric.slice(entry.afterColon)}`;
  }
  if (settings.map?.flow) {
    // Into the braces, first: `{title: P3}` → `{points: 10, title: P3}`, `{}` → `{points: 10}`.
    const open = settings.bodyStart + settings.map.range![0] + 1;
    return `${rubric.slice(0, open)}points: ${points}${settings.map.items.length === 0 ? '' : ', '}${rubric.slice(open).replace(/^\s*(?=\})/, '')}`;
  }
  // After the opening `---` line (and a byte-order mark), before the first key, at the keys' indentation.
  const first = settings.map?.items[0]?.key as Scalar | undefined;
  const indent = first ? /[ \t]*$/.exec(settings.body.slice(0, first.range![0]))![0] : '';
  return `${rubric.slice(0, settings.bodyStart)}${indent}points: ${points}${settings.newline}${rubric.slice(settings.bodyStart)}`;
}
