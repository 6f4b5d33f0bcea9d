// Equation numbers as LaTeX (amsmath) gives them. KaTeX typesets each formula on its own and numbers
// rows with a CSS counter, which restarts in every formula (and in every contained preview row): an
// `align` showed (1) on each row and every display started at (1) again. The preview counts instead,
// over the whole document in order, and hands KaTeX the starred environment with an explicit `\tag`
// on each numbered row.
import { shieldPrivateUse } from './private-use';
import { environmentTitle, plainTexTitle } from './text-mode';
import { autorefText, crefRangeText, crefText, LabelMap, namerefText, UNKNOWN, UNKNOWN_REF_MACRO, type CrefStyle, type LabelKind } from './references';

export { LabelMap } from './references';

/** Environments numbered row by row (each `\\` ends a row). */
const ROW_NUMBERED = new Set(['align', 'alignat', 'flalign', 'gather', 'eqnarray']);
/** Environments with one number for the whole display (multline: on its last line; split inside: one). */
const SINGLE_NUMBERED = new Set(['equation', 'multline', 'dmath']);

/** One row of a numbered display. */
export interface EquationRow {
  /** Offset in the fragment's tex where the row ends (before its `\\`, or the body's end). */
  end: number;
  /** LaTeX gives the row the next number (no `\nonumber`, `\notag` or `\tag`). */
  numbered: boolean;
  /** Keys of the row's `\label{…}`. */
  labels: string[];
  /** The row's own `\tag{…}` text, if any (what a `\label` on it refers to). */
  tag?: string;
}

/** How a numbered environment is laid out in a fragment's tex. */
export interface EquationLayout {
  env: string;
  /** Range of `\begin{env}` in tex, when the fragment holds it (`$$\begin{align}…\end{align}$$`). */
  begin?: { start: number; end: number };
  /** Range of `\end{env}` in tex, when the fragment holds it. */
  end?: { start: number; end: number };
  bodyStart: number;
  bodyEnd: number;
  rows: EquationRow[];
}

const WHOLE_ENV_RE = /^\s*\\begin\s*\{([A-Za-z]+)\}/;

/** Offsets of `\\` row breaks at the top level of tex[from, to) (not inside braces or inner environments). */
function rowBreaks(tex: string, from: number, to: number): number[] {
  const breaks: number[] = [];
  let braces = 0;
  let envs = 0;
  for (let i = from; i < to; i++) {
    const c = tex[i];
    if (c === '%') {
      const nl = tex.indexOf('\n', i);
      i = nl < 0 || nl >= to ? to : nl;
    } else if (c === '{') braces++;
    else if (c === '}') braces = Math.max(0, braces - 1);
    else if (c === '\\') {
      const next = tex[i + 1];
      if (next === '\\') {
        if (braces === 0 && envs === 0) breaks.push(i);
        i++;
      } else if (tex.startsWith('begin', i + 1) && !/[A-Za-z]/.test(tex[i + 6] ?? '')) envs++;
      else if (tex.startsWith('end', i + 1) && !/[A-Za-z]/.test(tex[i + 4] ?? '')) envs = Math.max(0, envs - 1);
      else if (next !== undefined && !/[A-Za-z]/.test(next)) i++; // \{ \} \% \& …
    }
  }
  return breaks;
}

/**
 * The layout of a numbered display (`equation`, `align`, `gather`, `multline`, `alignat`, `flalign`,
 * `eqnarray`, as an environment fragment with `env`, or a `$$`/`\[` display holding exactly one of
 * them); null for anything LaTeX does not number (starred forms, `\[…\]`, inline math).
 */
export function equationLayout(tex: string, env?: string): EquationLayout | null {
  let name = env;
  let begin: EquationLayout['begin'];
  let end: EquationLayout['end'];
  let bodyStart = 0;
  let bodyEnd = tex.length;
  if (!name) {
    const open = WHOLE_ENV_RE.exec(tex);
    if (!open) return null;
    const close = new RegExp(`\\\\end\\s*\\{${open[1]}\\}\\s*$`).exec(tex);
    if (!close) return null;
    name = open[1];
    begin = { start: open[0].indexOf('\\'), end: open[0].length };
    end = { start: close.index, end: close.index + close[0].trimEnd().length };
    bodyStart = begin.end;
    bodyEnd = end.start;
  }
  const perRow = ROW_NUMBERED.has(name);
  if (!perRow && !SINGLE_NUMBERED.has(name)) return null;
  const cuts = perRow ? rowBreaks(tex, bodyStart, bodyEnd) : [];
  const rows: EquationRow[] = [];
  let from = bodyStart;
  for (const at of [...cuts, bodyEnd]) {
    const row = tex.slice(from, at);
    const tag = /\\tag\*?\s*\{([^{}]*)\}/.exec(row);
    const labels = [...row.matchAll(/\\label\s*\{([^{}]*)\}/g)].map((m) => m[1].trim());
    // A `\\` before `\end{align}` leaves an empty last row: amsmath gives it no number.
    const emptyLast = at === bodyEnd && rows.length > 0 && row.trim() === '';
    const numbered = !tag && !emptyLast && !/\\(?:nonumber|notag)(?![A-Za-z])/.test(row);
    rows.push({ end: at, numbered, labels, ...(tag ? { tag: tag[1] } : {}) });
    from = at + 2;
  }
  return { env: name, begin, end, bodyStart, bodyEnd, rows };
}

/** How many equation numbers a fragment takes (0 when LaTeX does not number it). */
export function equationCount(tex: string, env?: string): number {
  return equationLayout(tex, env)?.rows.filter((r) => r.numbered).length ?? 0;
}

/** The KaTeX environment a numbered one is typeset as, its own numbers given as `\tag`s. */
export function starredEnvironment(env: string): { open: string; close: string } {
  switch (env) {
    case 'align': case 'gather': case 'alignat': case 'equation':
      return { open: `\\begin{${env}*}`, close: `\\end{${env}*}` };
    // KaTeX has no multline: its lines centred, one number for all of them.
    case 'multline':
      return { open: '\\begin{equation*}\\begin{gathered}', close: '\\end{gathered}\\end{equation*}' };
    case 'dmath':
      return { open: '\\begin{equation*}', close: '\\end{equation*}' };
    // flalign and eqnarray: aligned at their `&`s (KaTeX has neither).
    default:
      return { open: '\\begin{align*}', close: '\\end{align*}' };
  }
}

/**
 * The `\label`s of a numbered display: the row's number (counted from `first`, the display's first
 * number), or the row's own `\tag` text. A label on an unnumbered row has neither and is left out.
 */
export function equationLabels(tex: string, env: string | undefined, first: number): { key: string; number?: number; tag?: string }[] {
  const layout = equationLayout(tex, env);
  if (!layout) return taggedLabels(tex);
  const out: { key: string; number?: number; tag?: string }[] = [];
  let n = first;
  for (const row of layout.rows) {
    const at = row.numbered ? { number: n++ } : row.tag !== undefined ? { tag: row.tag } : null;
    if (at) for (const key of row.labels) out.push({ key, ...at });
  }
  return out;
}

/**
 * The labels of a display LaTeX does not number (`\[…\]`, `$$…$$`, `align*`) that sit on a row with a
 * `\tag{…}`: amsmath gives such a label the tag (`$$ x \tag{A} \label{k} $$`, `\eqref{k}` → (A)).
 */
function taggedLabels(tex: string): { key: string; tag: string }[] {
  if (!tex.includes('\\label') || !tex.includes('\\tag')) return [];
  return tex.split('\\\\').flatMap((row) => {
    const tag = /\\tag\*?\s*\{([^{}]*)\}/.exec(row);
    return tag ? [...row.matchAll(/\\label\s*\{([^{}]*)\}/g)].map((m) => ({ key: m[1].trim(), tag: tag[1] })) : [];
  });
}

/**
 * The reference commands the surfaces resolve: `\ref`, `\eqref`; cleveref's `\cref`/`\Cref`, `\labelcref`,
 * `\cpageref`/`\Cpageref` (keys comma-separated) and `\crefrange`/`\Crefrange` (two keys); hyperref's
 * `\autoref`, `\pageref` and `\nameref` (starred forms too). Groups: a tie before it (TIED only), the
 * range command and its two keys, or the command and its key(s).
 */
export const REF_SOURCE = String.raw`\\(?:(crefrange|Crefrange)\*?\s*\{([^{}]*)\}\s*\{([^{}]*)\}|(eqref|ref|cref|Cref|autoref|labelcref|pageref|cpageref|Cpageref|nameref)(?![A-Za-z])\*?\s*\{([^{}]*)\})`;
const ANY_REF_RE = new RegExp(REF_SOURCE, 'g');
/** A reference with LaTeX's tie before it (`Theorem~\ref{key}`); not `\~` (an accent) or `~~` (strikethrough). */
const TIED_REF_RE = new RegExp(String.raw`(?:(?<![\\~])(~))?${REF_SOURCE}`, 'g');
/** Commands whose argument is a comma-separated list of keys. */
const LIST_COMMANDS = new Set(['cref', 'Cref', 'labelcref', 'cpageref', 'Cpageref']);

/** The keys of one reference match (groups of REF_SOURCE from `at`), trimmed. */
function matchKeys(range: string | undefined, first: string | undefined, last: string | undefined, command: string | undefined, arg: string | undefined): string[] {
  if (range) return [first!.trim(), last!.trim()];
  return (LIST_COMMANDS.has(command!) ? arg!.split(',') : [arg!]).map((k) => k.trim());
}

/**
 * Each reference command of `text` the surfaces resolve (REF_SOURCE): its offsets in `text` and the keys
 * it names, trimmed (`\cref{a,b}`, `\crefrange{a}{b}`: both).
 */
export function referencesIn(text: string): { start: number; end: number; command: string; keys: string[] }[] {
  if (!text.includes('ref')) return [];
  return [...text.matchAll(ANY_REF_RE)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    command: m[1] ?? m[4],
    keys: matchKeys(m[1], m[2], m[3], m[4], m[5]),
  }));
}

/** Keys a text refers to with any reference command the surfaces resolve (referencesIn). */
export function referencedKeys(text: string): string[] {
  return [...new Set(referencesIn(text).flatMap((r) => r.keys))];
}

/**
 * What the references of `text` (its `keys`, referencedKeys) show, as one string (a cache key: a block
 * is rendered again when it changes): each key's number and what it points to, and the document's
 * cleveref settings when the text prints a name (`\cref`, `\autoref`).
 */
export function referencesKey(keys: readonly string[], labels: ReadonlyMap<string, string>, text: string): string {
  if (keys.length === 0) return '';
  const map = labels instanceof LabelMap ? labels : null;
  const kinds = keys.map((k) => {
    const kind = map?.kinds.get(k);
    return `${labels.get(k) ?? '??'}/${kind?.type ?? ''}/${kind?.title ?? ''}/${kind?.name ?? map?.unnumbered.get(k) ?? ''}`;
  }).join(',');
  return map && /\\(?:[cC](?:page)?ref|autoref)/.test(text) ? `${kinds}|${styleKey(map.style)}` : kinds;
}

/** A cleveref style as a string, once per style (one per preview update, asked by every block with references). */
const styleKeys = new WeakMap<CrefStyle, string>();
function styleKey(style: CrefStyle): string {
  let key = styleKeys.get(style);
  if (key === undefined) styleKeys.set(style, key = JSON.stringify([style.capitalise, style.noabbrev, [...style.names], [...style.capitalNames]]));
  return key;
}

/**
 * What one reference prints. There are no pages in the preview or the report, so `\pageref` prints what
 * `\ref` prints and `\cpageref`/`\Cpageref` what `\cref`/`\Cref` print (the thing referred to, not "page
 * 3"): honest, and still a working pointer. `\labelcref` prints the numbers alone (an equation's in
 * parentheses, as cleveref's label format); `\nameref` namerefText.
 */
function referenceText(command: string, keys: string[], labels: ReadonlyMap<string, string>, unknown: (key: string) => string): string {
  const one = keys[0];
  const shows = () => labels.get(one) ?? unknown(one);
  switch (command) {
    case 'eqref': return `(${shows()})`;
    case 'ref': case 'pageref': return shows();
    case 'autoref': return autorefText(one, labels, unknown);
    case 'nameref': return namerefText(one, labels, unknown);
    case 'crefrange': case 'Crefrange': return crefRangeText(keys[0], keys[1], labels, command === 'Crefrange', unknown);
    default: return crefText(keys.filter((k) => k !== ''), labels, command === 'Cref' || command === 'Cpageref', unknown, command !== 'labelcref');
  }
}

/** Text for math: a name (`eq.`, a `\crefname`, a title) in `\text{}` with TeX's specials escaped, a plain number as it is. */
function inMath(out: string): string {
  if (/^[\w.()?\uE011\uE012-]*$/.test(out)) return out;
  // A name's own math (`\nameref` of `# The case $n = 1$`, printableName) stays math inside the text box.
  const escaped = out.split(NAME_MATH_RE).map((part, i) => (i % 2 === 1 ? part
    : part.replace(/[\\{}$&#^_%~]/g, (c) => (c === '\\' ? '\\textbackslash{}' : c === '~' || c === '^' ? ' ' : `\\${c}`)))).join('');
  return `\\text{${escaped}}`;
}

/** The math of a printed name (printableName keeps it as `$…$`), as a split separator: odd parts are formulas. */
const NAME_MATH_RE = /(\$[^$]+\$)/;

/**
 * The hint beside an unknown reference's "??" (the preview's and the report's tooltip), as the
 * undefined-reference lint (app/check/lint/references.ts) words it in Problems.
 */
export function unknownReferenceHint(key: string): string {
  return `No \\label{${key}} in this document`;
}

/** The class both surfaces give an unknown reference's "??" (styled as a problem, with unknownReferenceHint as its title). */
export const UNKNOWN_REFERENCE_CLASS = 'pw-ref-unknown';

const TEXT_GROUP_RE = /\\(?:text[a-z]*|mbox|hbox|fbox|intertext)\s*\{|\\.|[{}]/g;

/** Whether offset `at` of a formula's TeX is inside a text box (`\text{…}`, `\mbox{…}`), where spaces show. */
function inTextGroup(tex: string, at: number): boolean {
  const stack: boolean[] = [];
  TEXT_GROUP_RE.lastIndex = 0;
  for (let m = TEXT_GROUP_RE.exec(tex); m && m.index < at; m = TEXT_GROUP_RE.exec(tex)) {
    if (m[0] === '{') stack.push(false);
    else if (m[0] === '}') stack.pop();
    else if (m[0].endsWith('{')) stack.push(true);
  }
  return stack.includes(true);
}

/**
 * `out` made `length` characters long with nothing visible, in math and in `\text{}` alike (where a
 * space shows: `\text{see \ref{a}, …}`): a gap of 6 or more is a `\relax` and spaces inside the name's
 * own `\text{…}` (or a `{…}` group around a number, from 8), where `\relax` swallows them and the group's
 * end stops it (after the group it swallowed the source's own space: "AM–GMand", rev4); a shorter gap is
 * `{}` pairs, and an odd one a control space for a space of a name (`\text{lemma\ 2}`), or one space (a
 * number, only when `\ref{k}` has a key of one or two letters). A longer `out` stays as it is.
 */
function padded(out: string, length: number): string {
  let gap = length - out.length;
  if (gap <= 0) return out;
  if (gap >= 6 && out.startsWith('\\text{') && out.endsWith('}')) return `${out.slice(0, -1)}\\relax${' '.repeat(gap - 6)}}`;
  if (gap >= 8) return `{${out}\\relax${' '.repeat(gap - 8)}}`;
  let text = out;
  if (gap % 2 === 1 && out.startsWith('\\text{') && out.includes(' ')) {
    text = out.replace(' ', '\\ ');
    gap--;
  }
  return text + '{}'.repeat(Math.floor(gap / 2)) + ' '.repeat(gap % 2);
}

/**
 * `text` with each reference command (REF_SOURCE) as LaTeX prints it: `\eqref{key}` as `(n)`, `\ref{key}`
 * as `n`, `\cref{a,b}`/`\Cref{…}` as cleveref prints them ("lemma 2", "Equation (3)"), `\crefrange`
 * ("eqs. (1) to (3)"), `\labelcref` (the numbers), `\autoref{key}` as hyperref does ("Theorem 1.3"),
 * `\nameref` (the title), `\pageref`/`\cpageref` (referenceText: no pages), named from what `labels` (a
 * LabelMap) records; an unknown key `??`, as LaTeX prints it, or what `unknown(key)` gives (the preview
 * and the report mark it with a hint). A tie just before a reference (`Theorem~\ref{key}`) is a no-break
 * space, as LaTeX prints it: Markdown would show the `~` (a .tex text's ties are texTextToMarkdown's).
 * `pad` (a formula, `\text{by \cref{a}}` included): a name goes in `\text{}`, a shorter result is padded
 * (padded) and any tie kept, so offsets in the formula stay exact (KaTeX reads `~` as a space itself;
 * a longer result shifts what follows it by the difference). `formula(tex)`: what a name's math
 * (`\nameref` of a title with `$…$`) becomes in prose: a surface's placeholder for the typeset formula;
 * by default its plain text (plainTexTitle). In a formula the name's math stays math inside `\text{}`.
 */
export function resolveRefs(text: string, labels: ReadonlyMap<string, string>, pad = false, unknown: (key: string) => string = UNKNOWN, formula: (tex: string) => string = plainFormula): string {
  if (!text.includes('ref')) return text;
  if (pad) {
    // An unknown key's mark (`unknown`, numberFragments: UNKNOWN_REF_MACRO) stands in the name as a
    // sentinel that inMath neither wraps nor escapes.
    const marks: string[] = [];
    const sentinel = unknown === UNKNOWN ? UNKNOWN : (key: string) => `\uE011${marks.push(unknown(key)) - 1}\uE012`;
    return text.replace(ANY_REF_RE, (m, range: string | undefined, first: string | undefined, last: string | undefined, command: string | undefined, arg: string | undefined, at: number) => {
      const printed = inMath(referenceText(range ?? command!, matchKeys(range, first, last, command, arg), labels, sentinel));
      const out = marks.length === 0 ? printed : printed.replace(/\uE011(\d+)\uE012/g, (_, n: string) => marks[Number(n)]);
      // Math ignores spaces (the copied TeX keeps no `\relax`); in `\text{}` they show.
      return inTextGroup(text, at) ? padded(out, m.length) : out + ' '.repeat(Math.max(0, m.length - out.length));
    });
  }
  return text.replace(TIED_REF_RE, (_, tie: string | undefined, range: string | undefined, first: string | undefined, last: string | undefined, command: string | undefined, arg: string | undefined) => {
    const out = referenceText(range ?? command!, matchKeys(range, first, last, command, arg), labels, unknown);
    // A name's math (`\nameref` of `# The case $n = 1$`) is typeset by the surface (`formula`).
    return `${tie ? '\u00a0' : ''}${out.includes('$') ? out.split(NAME_MATH_RE).map((part, i) => (i % 2 === 1 ? formula(part.slice(1, -1)) : part)).join('') : out}`;
  });
}

/** A name's formula where no surface typesets it (a plain-text use): its TeX as read (plainTexTitle). */
const plainFormula = (tex: string): string => plainTexTitle(`$${tex}$`);

/** A math fragment as numbering reads it (MathFragment has these). */
export interface NumberableFragment {
  tex: string;
  env?: string;
  display: boolean;
}

/** The equation numbers a run of fragments takes (a preview block, a report step) and its labels. */
export interface FragmentEquations {
  count: number;
  /** `number` counts from the run's first (1 = its first); `tag` is a `\tag`'s text. */
  labels: { key: string; number?: number; tag?: string }[];
}

/** The numbered displays among `fragments` (in order): how many numbers they take, and their labels. */
export function fragmentEquations(fragments: Iterable<NumberableFragment>): FragmentEquations {
  let count = 0;
  const labels: FragmentEquations['labels'] = [];
  for (const f of fragments) {
    if (!f.display) continue;
    labels.push(...equationLabels(f.tex, f.env, count + 1));
    count += equationCount(f.tex, f.env);
  }
  return { count, labels };
}

/**
 * Equation numbers over a whole document, as LaTeX counts them: feed each run of fragments in document
 * order (`add`); `labels` then holds what `\ref{key}` shows for every key, so a reference may come
 * before its label (LaTeX's second pass). A key labelled twice keeps its first number.
 */
export class DocumentNumbering {
  private next = 1;
  readonly labels = new LabelMap();

  /** Records a run's equations; returns the number of its first one. */
  add(run: FragmentEquations): number {
    const first = this.next;
    this.next += run.count;
    for (const l of run.labels) this.labels.record(l.key, l.number !== undefined ? String(first - 1 + l.number) : l.tag!, EQUATION);
    return first;
  }

  /**
   * Adds what the document's text numbers (documentNumbers: sections', theorems' labels, after the
   * equations', whose label wins) and its cleveref settings: then `labels` answers every `\ref`,
   * `\cref` and `\autoref` of `text`. The preview and the report both call it.
   */
  addDocument(theorems: DocumentNumbers, text: string): void {
    for (const [key, shows] of theorems.labels) this.labels.record(key, shows, theorems.labels.kinds.get(key));
    for (const [key, title] of theorems.labels.unnumbered) if (!this.labels.unnumbered.has(key)) this.labels.unnumbered.set(key, title);
    this.labels.setDocument(text);
  }
}

const EQUATION: LabelKind = { type: 'equation' };

/**
 * A run's fragments as they are typeset: each numbered display with its numbers (from `first` on, one
 * per numbered row, for katexInput/renderTex), and its `\ref`/`\eqref` resolved with `labels` (same
 * length: KaTeX error offsets stay exact); `unknown`: the keys of its unknown references, for renderTex.
 */
export function numberFragments<F extends NumberableFragment>(fragments: readonly F[], first: number, labels: ReadonlyMap<string, string>): { fragment: F; numbers?: string[]; unknown?: string[] }[] {
  let next = first;
  return fragments.map((f) => {
    const count = f.display ? equationCount(f.tex, f.env) : 0;
    const numbers = count > 0 ? Array.from({ length: count }, (_, i) => String(next + i)) : undefined;
    next += count;
    // An unknown key's "??" is a mark (katex.ts UNKNOWN_REF_MACRO, shorter than any reference command),
    // which renderTex draws with its hint, as the prose's "??".
    // The formula's own private-use characters are never read as that mark or resolveRefs' sentinel
    // (private-use.ts): a hand-typed `\<U+E010>{0}` stays an unknown control symbol.
    const unknown: string[] = [];
    const tex = shieldPrivateUse(f.tex);
    const fragment = tex.includes('ref') ? { ...f, tex: resolveRefs(tex, labels, true, (key) => `${UNKNOWN_REF_MACRO}{${unknown.push(key) - 1}}`) } : tex === f.tex ? f : { ...f, tex };
    return { fragment, ...(numbers ? { numbers } : {}), ...(unknown.length ? { unknown } : {}) };
  });
}

/**
 * What LaTeX numbers in a document's text (outside math): sectioning commands by the offset of their
 * `\section`, theorem-like environments by the offset of their `\begin{name}`, and what each `\label`
 * right after one of them (same or next line) shows for `\ref`.
 */
export interface DocumentNumbers {
  /** Theorem numbers by the offset of `\begin{name}` ("2", "1.3" within section 1, "1.1" within theorem 1). */
  numbers: Map<number, string>;
  /** Section numbers by the offset of `\section` (`\subsection` "1.2"; after `\appendix`, sections A, B…). */
  sections: Map<number, string>;
  /**
   * What LaTeX prints as a theorem's title, by the offset of `\begin{name}`: the declared title and the
   * number ("Theorem 1.1" for `\newtheorem{thm}{Theorem}[section]`), or the title alone (`\newtheorem*`).
   */
  titles: Map<number, string>;
  /** What each `\label` shows, and what it points to (`kinds`: a section level, a theorem's name and title). */
  labels: LabelMap;
}

const NEWTHEOREM_RE = /\\newtheorem(\*?)\s*\{([A-Za-z]+)\}\s*(?:\[([A-Za-z]+)\])?\s*\{([^{}\n]*)\}\s*(?:\[([A-Za-z]+)\])?/g;
/** Sectioning levels LaTeX numbers (article and book: secnumdepth 3; `\paragraph` is not numbered). */
const SECTION_LEVELS = ['chapter', 'section', 'subsection', 'subsubsection'];
const EVENT_RE = /\\(appendix)(?![A-Za-z])|\\(chapter|section|subsection|subsubsection)(?![A-Za-z])(\*?)\s*(?:\[[^\]\n]*\])?\s*\{|\\begin\{([A-Za-z]+\*?)\}(?:\[([^\]\n]*)\])?|\\end\{[A-Za-z]+\*?\}|\\label\s*\{([^{}\n]*)\}/g;

/** Anything documentNumbers numbers: a declaration, a sectioning command, a usual theorem name's `\begin`. */
/**
 * The text of each Markdown heading of `text`: ATX (`## Title`) and setext (a line over `===` or `---`),
 * none inside a fenced code block (a `# line` in a code sample is no heading, rev5).
 */
function markdownHeadings(text: string): string[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const out: string[] = [];
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (fence === null) fence = f[1];
      else if (f[1][0] === fence[0] && f[1].length >= fence.length && /^ {0,3}[`~]+[ \t]*$/.test(line)) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const atx = /^ {0,3}#{1,6}[ \t]+(.*)$/.exec(line);
    if (atx) out.push(atx[1]);
    else if (line.trim() !== '' && i + 1 < lines.length && /^ {0,3}(?:=+|-+)[ \t]*$/.test(lines[i + 1]) && !/^ {0,3}(?:[-*+]|\d+[.)])[ \t]/.test(line)) out.push(line.trim());
  }
  return out;
}
const NUMBERED_HINT_RE = /\\(?:newtheorem|chapter|section|subsection|subsubsection)(?![A-Za-z])|\\begin\{(?:theorem|lemma|proposition|corollary|conjecture|definition|example|remark|claim|problem|exercise)\}/;

/**
 * Theorem-like environments numbered when a document declares none (a Markdown proof's, or a .tex
 * fragment's, `\begin{theorem}` with no preamble), each with its own counter as `\newtheorem{lemma}{Lemma}`
 * gives it: LaTeX itself would stop at the undeclared environment, so the numbers a reader expects.
 */
const USUAL_THEOREMS = ['theorem', 'lemma', 'proposition', 'corollary', 'conjecture', 'definition', 'example', 'remark', 'claim', 'problem', 'exercise'];

/**
 * A heading's title or a theorem's note as `\nameref` prints it, after its `\label`s: its math kept as
 * `$…$` (`\(…\)` too; `# The case $n = 1$`: the surfaces typeset it as the heading does, resolveRefs),
 * Markdown emphasis and code marks and the usual text-font commands (`\textbf{…}`, `\emph{…}`) read as
 * their words. None when empty or when a command is left outside math: it would print as raw TeX.
 */
function printableName(raw: string | undefined): string | undefined {
  const name = raw?.replace(/\\label\s*\{[^{}]*\}/g, '').replace(/\s+/g, ' ').trim();
  if (!name) return undefined;
  const parts = name.split(/(\$[^$]+\$|\\\(.+?\\\))/);
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 1) {
      parts[i] = parts[i].startsWith('$') ? parts[i] : `$${parts[i].slice(2, -2)}$`;
      continue;
    }
    parts[i] = parts[i]
      .replace(/\\(?:emph|textbf|textit|textsl|textsc|textrm|textsf|textup|textnormal|texttt)\{([^{}]*)\}/g, '$1')
      .replace(/(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1/g, '$2')
      .replace(/(^|[^\w*])([*_])(?=\S)(.+?)(?<=\S)\2(?![\w*])/g, '$1$3')
      .replace(/`([^`]+)`/g, '$1');
    if (/[$\\]/.test(parts[i])) return undefined;
  }
  return parts.join('').trim() || undefined;
}

/** The end of the balanced `{…}` group whose `{` is at `open`-1 (the offset after its `}`), or -1. */
function groupEnd(text: string, open: number): number {
  let depth = 1;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * The printed titles ("Theorem 1.1", documentNumbers `titles`, keyed by the offset of each `\begin` in
 * `text`) of the theorem environments that begin in text[from, to), handed out in order per name: what
 * text-mode.ts textEnvironmentLines asks for each `\begin{name}` it titles. The report asks per step,
 * the preview per block (with the block's own text and offsets).
 */
export function theoremNumberOf(text: string, titles: ReadonlyMap<number, string>, from = 0, to = text.length): (name: string) => string | undefined {
  const queue = [...titles].filter(([at]) => at >= from && at < to).sort(([a], [b]) => a - b);
  return (name) => {
    const i = queue.findIndex(([at]) => text.startsWith(`\\begin{${name}}`, at));
    return i < 0 ? undefined : queue.splice(i, 1)[0][1];
  };
}

/**
 * The numbers LaTeX gives a document (article/amsart/book rules), in document order:
 * - sections: `\section` 1, 2…; `\subsection` 1.1; `\subsubsection` 1.1.1; with `\chapter`s, sections
 *   within them (1.1); starred forms unnumbered; after `\appendix` sections are A, B…. Only LaTeX's
 *   commands count: a Markdown `#` heading is not numbered (Pandoc's default, no `--number-sections`).
 * - theorems: `\newtheorem{lemma}{Lemma}` counts 1, 2…; `\newtheorem{lemma}[theorem]{Lemma}` shares
 *   theorem's counter; `\newtheorem{theorem}{Theorem}[section]` is numbered within sections (1.1, 1.2,
 *   2.1), `[theorem]` after the title within another counter (Corollary 1.1), reset as LaTeX resets
 *   them. `\newtheorem*` is unnumbered. A document that declares no theorem numbers the usual names
 *   (USUAL_THEOREMS) each on its own counter.
 * - titles: the declared title (`\newtheorem{thm}{Theorem}`) with the number, as LaTeX prints it.
 * - labels: a `\label` after a numbered heading or in a theorem's body, before any other environment
 *   begins or ends (what LaTeX's last stepped number is there).
 * `%` comments are not read. The preview's headings and environment lines and the report all use it.
 */
export function documentNumbers(text: string): DocumentNumbers {
  const numbers = new Map<number, string>();
  const sections = new Map<number, string>();
  const titles = new Map<number, string>();
  const labels = new LabelMap();
  // A label in a Markdown heading names it for `\nameref` (its title); the heading has no number.
  if (text.includes('\\label')) {
    for (const heading of markdownHeadings(text)) {
      if (!heading.includes('\\label')) continue;
      const title = printableName(heading.replace(/[ \t]+#+[ \t]*$/, ''));
      if (title === undefined) continue;
      for (const m of heading.matchAll(/\\label\s*\{([^{}\n]*)\}/g)) if (!labels.unnumbered.has(m[1].trim())) labels.unnumbered.set(m[1].trim(), title);
    }
  }
  // Most Markdown proofs number nothing: one search, and the document is not read further (the preview
  // calls this on every keystroke).
  if (!NUMBERED_HINT_RE.test(text)) return { numbers, sections, titles, labels };
  const read = text.includes('%') ? text.replace(/(^|[^\\])%.*$/gm, (m, before: string) => before + ' '.repeat(m.length - before.length)) : text;
  // Each theorem name's counter, and each counter's parent (a section level or another counter).
  const counterOf = new Map<string, string>();
  const parentOf = new Map<string, string>();
  // Each declared name's title (`\newtheorem{thm}{Theorem}`: a `thm` prints "Theorem").
  const titleOf = new Map<string, string>();
  for (const m of read.matchAll(NEWTHEOREM_RE)) {
    titleOf.set(m[2], m[4].trim());
    if (m[1]) continue;
    if (m[3]) counterOf.set(m[2], counterOf.get(m[3]) ?? m[3]);
    else {
      counterOf.set(m[2], m[2]);
      if (m[5]) parentOf.set(m[2], m[5]);
    }
  }
  if (!read.includes('\\newtheorem')) for (const name of USUAL_THEOREMS) counterOf.set(name, name);
  const counts = new Map<string, number>();
  const shown = new Map<string, string>();
  const topLevel = /\\chapter\b/.test(read) ? 0 : 1;
  let appendix = false;
  /** Steps a counter and resets (recursively) every counter numbered within it, as `\stepcounter` does. */
  const step = (counter: string, parentShown: string | undefined, own?: (n: number) => string): string => {
    const n = (counts.get(counter) ?? 0) + 1;
    counts.set(counter, n);
    const value = own ? own(n) : parentShown !== undefined ? `${parentShown}.${n}` : String(n);
    shown.set(counter, value);
    const reset = (parent: string) => {
      const level = SECTION_LEVELS.indexOf(parent);
      const below = level >= 0 && level + 1 < SECTION_LEVELS.length ? [SECTION_LEVELS[level + 1]] : [];
      for (const child of [...below, ...[...parentOf].filter(([, p]) => p === parent).map(([c]) => c)]) {
        counts.delete(child);
        shown.delete(child);
        reset(child);
      }
    };
    reset(counter);
    return value;
  };
  // What a `\label` met now refers to (LaTeX: the last number stepped): a section's or a theorem's, until
  // another environment begins or ends (a numbered equation's label is the callers' equation numbering's,
  // which they read first).
  let target: string | undefined;
  let targetKind: LabelKind | undefined;
  let skipTo = 0;
  for (const m of read.matchAll(EVENT_RE)) {
    if (m.index < skipTo) continue;
    if (m[1]) {
      appendix = true;
      counts.delete(SECTION_LEVELS[topLevel]);
      continue;
    }
    if (m[6] !== undefined) {
      const key = m[6].trim();
      if (target !== undefined) labels.record(key, target, targetKind);
      continue;
    }
    if (m[2]) {
      const level = SECTION_LEVELS.indexOf(m[2]);
      if (m[3] || level < topLevel) continue;
      const parent = level > topLevel ? shown.get(SECTION_LEVELS[level - 1]) ?? '0' : undefined;
      const value = step(m[2], parent, level === topLevel && appendix ? (n) => String.fromCharCode(64 + Math.min(n, 26)) : undefined);
      sections.set(m.index, value);
      target = value;
      // The title is read past (a `\label` there is the heading's too).
      const end = groupEnd(read, m.index + m[0].length);
      skipTo = Math.max(end, 0);
      targetKind = { type: level === topLevel && appendix ? 'appendix' : m[2], name: end < 0 ? undefined : printableName(read.slice(m.index + m[0].length, end - 1)) };
      continue;
    }
    target = undefined;
    if (m[4] === undefined) continue; // \end{…}
    const counter = counterOf.get(m[4]);
    const declared = titleOf.get(m[4]);
    if (!counter) {
      if (declared) titles.set(m.index, declared);
      continue;
    }
    const parent = parentOf.get(counter);
    // Within a section level not yet started LaTeX prints 0 (Theorem 0.1 before any \section).
    const value = step(counter, parent === undefined ? undefined : shown.get(parent) ?? '0');
    numbers.set(m.index, value);
    const title = declared ?? environmentTitle(m[4], undefined)?.title ?? m[4];
    titles.set(m.index, `${title} ${value}`);
    target = value;
    targetKind = { type: m[4].replace(/\*$/, ''), title, name: printableName(m[5]) };
  }
  return { numbers, sections, titles, labels };
}
