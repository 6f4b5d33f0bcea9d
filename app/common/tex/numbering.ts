// Equation numbers as LaTeX (amsmath) gives them. KaTeX typesets each formula on its own and numbers
// rows with a CSS counter, which restarts in every formula (and in every contained preview row): an
// `align` showed (1) on each row and every display started at (1) again. The preview counts instead,
// over the whole document in order, and hands KaTeX the starred environment with an explicit `\tag`
// on each numbered row.

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
  if (!layout) return [];
  const out: { key: string; number?: number; tag?: string }[] = [];
  let n = first;
  for (const row of layout.rows) {
    const at = row.numbered ? { number: n++ } : row.tag !== undefined ? { tag: row.tag } : null;
    if (at) for (const key of row.labels) out.push({ key, ...at });
  }
  return out;
}

const REF_RE = /\\(eq)?ref\s*\{([^{}]*)\}/g;

/** Keys a text refers to with `\ref{…}` or `\eqref{…}`. */
export function referencedKeys(text: string): string[] {
  if (!text.includes('ref')) return [];
  return [...new Set([...text.matchAll(REF_RE)].map((m) => m[2].trim()))];
}

/**
 * `text` with `\eqref{key}` as `(n)` and `\ref{key}` as `n` (`??` for an unknown key, as LaTeX prints).
 * `pad`: keep the length (spaces after the number), so offsets in a formula stay exact.
 */
export function resolveRefs(text: string, labels: ReadonlyMap<string, string>, pad = false): string {
  if (!text.includes('ref')) return text;
  return text.replace(REF_RE, (m, eq: string | undefined, key: string) => {
    const shows = labels.get(key.trim()) ?? '??';
    const out = eq ? `(${shows})` : shows;
    return pad && out.length < m.length ? out + ' '.repeat(m.length - out.length) : out;
  });
}

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
  readonly labels = new Map<string, string>();

  /** Records a run's equations; returns the number of its first one. */
  add(run: FragmentEquations): number {
    const first = this.next;
    this.next += run.count;
    for (const l of run.labels) if (!this.labels.has(l.key)) this.labels.set(l.key, l.number !== undefined ? String(first - 1 + l.number) : l.tag!);
    return first;
  }
}

/**
 * A run's fragments as they are typeset: each numbered display with its numbers (from `first` on, one
 * per numbered row, for katexInput/renderTex), and its `\ref`/`\eqref` resolved with `labels` (same
 * length: KaTeX error offsets stay exact).
 */
export function numberFragments<F extends NumberableFragment>(fragments: readonly F[], first: number, labels: ReadonlyMap<string, string>): { fragment: F; numbers?: string[] }[] {
  let next = first;
  return fragments.map((f) => {
    const count = f.display ? equationCount(f.tex, f.env) : 0;
    const numbers = count > 0 ? Array.from({ length: count }, (_, i) => String(next + i)) : undefined;
    next += count;
    const fragment = f.tex.includes('ref') ? { ...f, tex: resolveRefs(f.tex, labels, true) } : f;
    return numbers ? { fragment, numbers } : { fragment };
  });
}

/** Theorem numbers of a document: by the offset of each numbered `\begin{name}`, and what its `\label` shows. */
export interface TheoremNumbers {
  numbers: Map<number, string>;
  labels: Map<string, string>;
}

const NEWTHEOREM_RE = /\\newtheorem(\*?)\s*\{([A-Za-z]+)\}\s*(?:\[([A-Za-z]+)\])?\s*\{[^{}\n]*\}\s*(\[[A-Za-z]+\])?/g;
const THEOREM_BEGIN_RE = /\\begin\{([A-Za-z]+)\}(?:\[[^\]\n]*\])?(?:[ \t]*\n?[ \t]*\\label\{([^{}\n]*)\})?/g;

/**
 * The numbers LaTeX gives theorem-like environments (amsthm/LaTeX `\newtheorem{lemma}{Lemma}`: 1, 2, …
 * in document order; `\newtheorem{lemma}[theorem]{Lemma}` shares theorem's counter), and the number a
 * `\label` right after `\begin{lemma}` (same or next line) gives `\ref`. Only environments the document
 * declares are numbered: `\newtheorem*` and undeclared ones (a Markdown proof's `\begin{theorem}`) are
 * not, nor those numbered within a section (`[section]`: their numbers need section numbers). `%`
 * comments in a .tex text are not read. The preview's environment lines and the report both use it.
 */
export function theoremNumbers(text: string): TheoremNumbers {
  const numbers = new Map<number, string>();
  const labels = new Map<string, string>();
  if (!text.includes('\\newtheorem')) return { numbers, labels };
  const read = text.replace(/(^|[^\\])%.*$/gm, (m, before: string) => before + ' '.repeat(m.length - before.length));
  const counters = new Map<string, string>();
  for (const m of read.matchAll(NEWTHEOREM_RE)) {
    if (m[1] || m[4]) continue;
    counters.set(m[2], m[3] ? counters.get(m[3]) ?? m[3] : m[2]);
  }
  const counts = new Map<string, number>();
  for (const m of read.matchAll(THEOREM_BEGIN_RE)) {
    const counter = counters.get(m[1]);
    if (!counter) continue;
    const n = String((counts.get(counter) ?? 0) + 1);
    counts.set(counter, Number(n));
    numbers.set(m.index, n);
    if (m[2] && !labels.has(m[2].trim())) labels.set(m[2].trim(), n);
  }
  return { numbers, labels };
}
