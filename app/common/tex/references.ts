// Named references: cleveref's `\cref{…}` / `\Cref{…}` and hyperref's `\autoref{…}`, which print the
// referenced thing's name with its number ("lemma 2", "Equation (3)"), where `\ref` prints the number
// alone. What a label points to (an equation, a section, a theorem-like environment) is recorded beside
// its number (LabelMap.kinds, filled by numbering.ts); numbering.ts resolveRefs prints them on every
// surface (the preview, the report) through `namedReference`.

/** What a `\label` points to: cleveref's type (`equation`, `section`, an environment's name) and, for a theorem-like environment, its printed title. */
export interface LabelKind {
  type: string;
  /** The declared title (`\newtheorem{lem}{Lemma}` → Lemma), for types cleveref has no name of its own for. */
  title?: string;
  /** What `\nameref` prints: a heading's title, a theorem's note (`\begin{lemma}[Young]`); none when it has none. */
  name?: string;
}

/** The document's cleveref settings: package options and its own `\crefname`/`\Crefname` declarations. */
export interface CrefStyle {
  /** `capitalise` (or `capitalize`): `\cref` names are capitalised too. */
  capitalise: boolean;
  /** `noabbrev`: "equation", "figure", not "eq.", "fig.". */
  noabbrev: boolean;
  /** `\crefname{type}{singular}{plural}` / `\Crefname{…}` by type. */
  names: Map<string, [string, string]>;
  capitalNames: Map<string, [string, string]>;
}

/**
 * What each `\label{key}` shows for `\ref` (the map's values, as before), with what it points to
 * (`kinds`) and the document's cleveref settings (`style`), so `\cref` and `\autoref` can name it.
 */
export class LabelMap extends Map<string, string> {
  readonly kinds = new Map<string, LabelKind>();
  private styleOf: string | CrefStyle = '';

  /** The cleveref settings of the document `text` (read when a name is first printed: most documents print none). */
  setDocument(text: string): void {
    this.styleOf = text;
  }

  get style(): CrefStyle {
    if (typeof this.styleOf === 'string') this.styleOf = crefStyle(this.styleOf);
    return this.styleOf;
  }

  /**
   * Labels of unnumbered Markdown headings (`# Intro \label{sec:intro}`: Pandoc numbers no heading by
   * default), key → the heading's title: `\nameref` prints the title, every numbering reference "??".
   */
  readonly unnumbered = new Map<string, string>();

  /** Records `key` (the first record of a key wins, as LaTeX's first `\label` does). */
  record(key: string, shows: string, kind?: LabelKind): void {
    if (this.has(key)) return;
    this.set(key, shows);
    if (kind) this.kinds.set(key, kind);
  }
}

export function defaultCrefStyle(): CrefStyle {
  return { capitalise: false, noabbrev: false, names: new Map(), capitalNames: new Map() };
}

const ARG = String.raw`\{([^{}\n]*)\}`;
const CLEVEREF_RE = /\\usepackage\s*(?:\[([^\]\n]*)\])?\s*\{[^{}\n]*\bcleveref\b/;
const CREFNAME_RE = new RegExp(String.raw`\\([cC])refname\s*${ARG}\s*${ARG}\s*${ARG}`, 'g');

/** The cleveref settings `text` declares (package options, `\crefname`s); cleveref's defaults otherwise. */
export function crefStyle(text: string): CrefStyle {
  const style = defaultCrefStyle();
  if (!text.includes('cleveref') && !text.includes('refname')) return style;
  const options = CLEVEREF_RE.exec(text)?.[1]?.split(',').map((o) => o.trim()) ?? [];
  style.capitalise = options.includes('capitalise') || options.includes('capitalize');
  style.noabbrev = options.includes('noabbrev');
  for (const m of text.matchAll(CREFNAME_RE)) (m[1] === 'C' ? style.capitalNames : style.names).set(m[2].trim(), [m[3].trim(), m[4].trim()]);
  return style;
}

/** cleveref's English names (cleveref.sty): lower-case singular and plural; abbreviated where it abbreviates. */
const CREF_NAMES: Record<string, { one: string; many: string; short?: [string, string] }> = {
  equation: { one: 'equation', many: 'equations', short: ['eq.', 'eqs.'] },
  figure: { one: 'figure', many: 'figures', short: ['fig.', 'figs.'] },
  table: { one: 'table', many: 'tables' },
  part: { one: 'part', many: 'parts' },
  chapter: { one: 'chapter', many: 'chapters' },
  section: { one: 'section', many: 'sections' },
  subsection: { one: 'section', many: 'sections' },
  subsubsection: { one: 'section', many: 'sections' },
  appendix: { one: 'appendix', many: 'appendices' },
  enumi: { one: 'item', many: 'items' },
  footnote: { one: 'footnote', many: 'footnotes' },
  theorem: { one: 'theorem', many: 'theorems' },
  lemma: { one: 'lemma', many: 'lemmas' },
  corollary: { one: 'corollary', many: 'corollaries' },
  proposition: { one: 'proposition', many: 'propositions' },
  definition: { one: 'definition', many: 'definitions' },
  result: { one: 'result', many: 'results' },
  example: { one: 'example', many: 'examples' },
  remark: { one: 'remark', many: 'remarks' },
  note: { one: 'note', many: 'notes' },
  algorithm: { one: 'algorithm', many: 'algorithms' },
};

/** hyperref's `\autoref` names (`\equationautorefname`…); a theorem-like environment's own title otherwise. */
const AUTOREF_NAMES: Record<string, string> = {
  equation: 'Equation', figure: 'Figure', table: 'Table', part: 'Part', chapter: 'chapter', section: 'section',
  subsection: 'subsection', subsubsection: 'subsubsection', appendix: 'Appendix', enumi: 'item', footnote: 'footnote', theorem: 'Theorem',
};

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const plural = (s: string) => (/[^aeiou]y$/i.test(s) ? `${s.slice(0, -1)}ies` : /(?:s|x|ch|sh)$/i.test(s) ? `${s}es` : `${s}s`);

/**
 * The name cleveref prints for `kind`: [singular, plural]. `isCref`: the command is `\Cref`, whose names
 * are capitalised and spelled out ("Equation"); `\cref` abbreviates ("eq.") unless `noabbrev`, and is
 * capitalised with `capitalise` ("Eq."). A document's `\crefname`/`\Crefname` win.
 */
function crefName(kind: LabelKind, style: CrefStyle, isCref: boolean): [string, string] {
  const capital = isCref || style.capitalise;
  const cap = ([one, many]: [string, string]): [string, string] => (capital ? [capitalised(one), capitalised(many)] : [one, many]);
  const own = isCref ? style.capitalNames.get(kind.type) : style.names.get(kind.type);
  if (own) return isCref ? own : cap(own);
  // A `\crefname` alone also names `\Cref` (capitalised), and a `\Crefname` alone `\cref` (as written).
  const other = isCref ? style.names.get(kind.type) : style.capitalNames.get(kind.type);
  if (other) return isCref ? cap(other) : other;
  const known = CREF_NAMES[kind.type];
  if (known) return cap(known.short && !style.noabbrev && !isCref ? known.short : [known.one, known.many]);
  // A type cleveref has no name for (`\newtheorem{claim}{Claim}` without a `\crefname`) prints "??" in
  // LaTeX; its declared title is what the writer meant, and is shown instead.
  const title = (kind.title ?? kind.type).toLowerCase();
  return cap([title, plural(title)]);
}

/** Numbers as they are compared and run together: dotted integers ("1.2"), else null (a tag, a letter). */
function parts(shows: string): number[] | null {
  return /^\d+(?:\.\d+)*$/.test(shows) ? shows.split('.').map(Number) : null;
}

function consecutive(a: string, b: string): boolean {
  const x = parts(a);
  const y = parts(b);
  return !!x && !!y && x.length === y.length && x.slice(0, -1).every((n, i) => n === y[i]) && y[y.length - 1] === x[x.length - 1] + 1;
}

/** "a", "a and b", "a, b and c" (cleveref's conjunctions). */
function listed(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * What `\cref{keys}` (`capital`: `\Cref`) prints: each type's name (plural for several) and its numbers,
 * sorted, three or more in a row as a range ("lemmas 1 to 3"); an equation's number in parentheses; an
 * unknown key "??", as LaTeX prints it. Types in the order they first appear.
 */
export function crefText(keys: string[], labels: ReadonlyMap<string, string>, capital: boolean, unknown: (key: string) => string = UNKNOWN, named = true): string {
  const map = labels instanceof LabelMap ? labels : null;
  const style = map?.style ?? defaultCrefStyle();
  const groups: { kind: LabelKind | null; shows: string[] }[] = [];
  for (const key of keys) {
    const shows = labels.get(key);
    const kind = shows === undefined ? null : map?.kinds.get(key) ?? null;
    const type = shows === undefined ? '??' : kind?.type ?? '';
    let group = groups.find((g) => (g.kind?.type ?? (g.shows[0] === '??' ? '??' : '')) === type);
    if (!group) groups.push(group = { kind, shows: [] });
    group.shows.push(shows ?? unknown(key));
  }
  return listed(groups.map(({ kind, shows }) => {
    if (!kind) return listed(shows);
    const sorted = [...shows].sort((a, b) => {
      const x = parts(a);
      const y = parts(b);
      if (!x || !y) return 0;
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
      return x.length - y.length;
    });
    const form = (n: string) => (kind.type === 'equation' ? `(${n})` : n);
    const items: string[] = [];
    for (let i = 0; i < sorted.length;) {
      let j = i;
      while (j + 1 < sorted.length && consecutive(sorted[j], sorted[j + 1])) j++;
      if (j - i >= 2) items.push(`${form(sorted[i])} to ${form(sorted[j])}`);
      else for (let k = i; k <= j; k++) items.push(form(sorted[k]));
      i = j + 1;
    }
    if (!named) return listed(items);
    const [one, many] = crefName(kind, style, capital);
    return `${sorted.length > 1 ? many : one} ${listed(items)}`;
  }));
}

/**
 * The control symbol an unknown reference's "??" is in math (numbering.ts numberFragments): `\<U+E010>{n}`,
 * n the index of its key among the formula's unknown keys. A private-use character, which no document
 * types; it expands to `\htmlData{pw-ref-unknown=n}{??}` (katex.ts) around "??", which renderTex turns into the hint.
 */
export const UNKNOWN_REF_MACRO = '\\\uE010';
/** What an unknown key prints: LaTeX's "??". */
export const UNKNOWN = (): string => '??';

/**
 * What `\crefrange{first}{last}` (`capital`: `\Crefrange`) prints: the first key's plural name and both
 * numbers ("eqs. (1) to (3)"), as cleveref does; an unknown key's number is `unknown(key)`, and with the
 * first one unknown no name is printed ("?? to (3)").
 */
export function crefRangeText(first: string, last: string, labels: ReadonlyMap<string, string>, capital: boolean, unknown: (key: string) => string = UNKNOWN): string {
  const map = labels instanceof LabelMap ? labels : null;
  const kind = labels.has(first) ? map?.kinds.get(first) : undefined;
  const form = (key: string) => {
    const shows = labels.get(key);
    if (shows === undefined) return unknown(key);
    return (map?.kinds.get(key)?.type ?? kind?.type) === 'equation' ? `(${shows})` : shows;
  };
  const range = `${form(first)} to ${form(last)}`;
  return kind ? `${crefName(kind, map?.style ?? defaultCrefStyle(), capital)[1]} ${range}` : range;
}

/**
 * What `\nameref{key}` prints: the title of the heading or the note of the theorem the label names
 * (LabelKind.name); its number when it has none (a plain `\begin{theorem}`), where hyperref would print
 * an empty or unrelated text; `unknown(key)` for an unknown key.
 */
export function namerefText(key: string, labels: ReadonlyMap<string, string>, unknown: (key: string) => string = UNKNOWN): string {
  const shows = labels.get(key);
  if (shows === undefined) return (labels instanceof LabelMap ? labels.unnumbered.get(key) : undefined) ?? unknown(key);
  return (labels instanceof LabelMap ? labels.kinds.get(key)?.name : undefined) ?? shows;
}

/** What `\autoref{key}` prints: hyperref's name for the type and the number ("Equation 3", "section 2"); "??" for an unknown key. */
export function autorefText(key: string, labels: ReadonlyMap<string, string>, unknown: (key: string) => string = UNKNOWN): string {
  const shows = labels.get(key);
  if (shows === undefined) return unknown(key);
  const kind = labels instanceof LabelMap ? labels.kinds.get(key) : undefined;
  const name = kind ? AUTOREF_NAMES[kind.type] ?? kind.title ?? capitalised(kind.type) : undefined;
  return name ? `${name} ${shows}` : shows;
}
