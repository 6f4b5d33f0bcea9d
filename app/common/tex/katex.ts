// The one KaTeX configuration of the domain core (pure): the options, the built-in macros and the
// exact input every surface (preview, checker lint, HTML report) hands KaTeX for a math fragment, so
// a formula that renders in one place renders — or fails with the same message — in all of them.
import katex from 'katex';
import { escapeHtml } from '../html-escape';
import { UNKNOWN_REF_MACRO } from './references';
import { blankMacroDefinitions, ICOMMA_KEY, macrosKey, optionalDefaultKey, type MacroTable } from './macros';
import { equationLayout, REF_SOURCE, starredEnvironment, UNKNOWN_REFERENCE_CLASS, unknownReferenceHint, type EquationLayout } from './numbering';
import { blankLineInDisplay, outsideMathError, tagNotAllowed } from './environments';

const UNKNOWN_IN_MATH_DATA = 'pw-ref-unknown';

/**
 * A random value of this process, in every unknown-reference mark this code writes
 * (`pw-ref-unknown=<nonce>-<n>`): a document that writes `\htmlData{…}` itself (directly, through a
 * macro, spaced) gets no mark. A document can still read it out of the mark's own expansion with
 * `\expandafter` (rev10), so the mark is drawn only where it holds just "??" (UNKNOWN_DATA_RE).
 * Letters only: KaTeX keeps them as written.
 */
const MARK_NONCE = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(12)), (b) => String.fromCharCode(97 + (b % 26))).join('');

/**
 * What KaTeX's `trust` lets through: only `\htmlData{pw-ref-unknown=<nonce>-<digits>}` (an unknown
 * reference's mark, UNKNOWN_REF_MACRO, as katexMacros writes it), which renderTex replaces by a fixed
 * class and hint. No `\href`, `\url`, `\includegraphics`, class, id or style from a document, and no
 * mark of its own: nothing a document writes becomes markup of its choosing.
 */
function trusted(context: { command: string; attributes?: Record<string, string> }): boolean {
  if (context.command !== '\\htmlData' || !context.attributes) return false;
  const entries = Object.entries(context.attributes);
  return entries.length === 1 && entries[0][0] === `data-${UNKNOWN_IN_MATH_DATA}` && MARK_VALUE.test(entries[0][1]);
}

const MARK_VALUE = new RegExp(`^${MARK_NONCE}-\\d{1,6}$`);

/**
 * Safety and bounds for untrusted TeX (proofs and model output): no `\href`/`\url` actions or HTML
 * of the document's (`trust`: trusted, the unknown-reference mark only), bounded macro expansion and
 * sizes, LaTeX-compatibility warnings off. `maxSize` caps every size a formula states (`\rule`,
 * `\hspace`, `\kern`, `\raisebox`, `\\[…]`), in em: 50 let `\rule{50000em}{50000em}` draw a box of
 * ~900 × 900 px that filled the problem pane and hid the statement (rev16 F10), and 10 em (~170 px)
 * still filled the pane's ~100 px at 1280×720. 5 em (~85 px on screen, 1.75 cm at 10 pt) is more than
 * the spacing a proof's formula uses (`\qquad` is 2 em, `\hspace{1cm}` 2.8 em); a longer fill-in rule
 * is drawn 5 em long.
 */
export const KATEX_OPTIONS = {
  trust: trusted,
  strict: 'ignore',
  maxExpand: 1000,
  maxSize: 5,
  output: 'htmlAndMathml',
} as const satisfies katex.KatexOptions;

/** LaTeX macros KaTeX lacks that documents use in macro bodies (`\newcommand{\R}{\ensuremath{\mathbb R}}`). */
export const BASE_MACROS: Readonly<MacroTable> = {
  // Outside math \ensuremath enters math; every fragment KaTeX sees is already math.
  '\\ensuremath': '#1',
  // xspace's \xspace (`\newcommand{\eps}{\ensuremath{\varepsilon}\xspace}`) only adds a text space where
  // a word follows; in math it does nothing, and the text after a text-mode use keeps its own space.
  '\\xspace': '',
  // LaTeX's own text boxes and amsthm's end mark, valid in math there and missing from KaTeX (`\mbox`
  // holds nested `$…$` as `\text` does; small caps and slanted have no KaTeX font: upright and italic).
  '\\mbox': '\\text{#1}',
  '\\textsc': '\\text{#1}',
  '\\textsl': '\\textit{#1}',
  '\\lefteqn': '\\mathrlap{#1}',
  '\\qed': '\\quad\\square',
};

/** What KaTeX's `macros` option takes: an expansion, or a function of KaTeX's macro expander. */
type KatexMacro = string | ((context: MacroContext) => string | { tokens: unknown[]; numArgs: number });

/** The part of KaTeX's macro expander (MacroContextInterface, katex/src/defineMacro.js) used here. */
interface MacroContext {
  future(): { text: string };
  popToken(): { text: string };
  consumeArgs(count: number): unknown[][];
  macros: { set(name: string, value: { tokens: unknown[]; numArgs: number } | string): void };
}

/**
 * A fresh macros object for one KaTeX call: KaTeX writes `\gdef` results into it, so never share one.
 * A macro with an optional first argument (`\newcommand{\vect}[2][n]{…}`, kept as its body plus
 * optionalDefaultKey) becomes a function KaTeX calls, since KaTeX's own \newcommand has no optional
 * arguments: `\vect{x}` reads as `\vect[n]{x}`, as in LaTeX.
 */
export function katexMacros(macros: MacroTable = {}): Record<string, KatexMacro> {
  const out: Record<string, KatexMacro> = { ...BASE_MACROS, ...macros, [UNKNOWN_REF_MACRO]: `\\htmlData{${UNKNOWN_IN_MATH_DATA}=${MARK_NONCE}-#1}{??}` };
  for (const key of Object.keys(macros)) {
    const at = key.indexOf('\u0000');
    if (at < 0) continue;
    delete out[key];
    if (key === ICOMMA_KEY) {
      out[','] = icommaComma;
      continue;
    }
    const name = key.slice(0, at);
    if (key === optionalDefaultKey(name) && typeof macros[name] === 'string') out[name] = optionalArgumentMacro(macros[name], macros[key]);
  }
  return out;
}

/**
 * `,` as the icomma package makes it (macros.ts ICOMMA_KEY): before a digit an ordinary symbol (`2,5`
 * with no space after the comma, as `2{,}5` is written without the package), elsewhere punctuation as
 * always (`f(x, y)`). The punctuation comma is KaTeX's own token, marked not to be expanded again; the
 * ordinary one is `{,}`, whose comma (followed by `}`) is that punctuation token inside a group.
 */
function icommaComma(context: MacroContext): string | { tokens: unknown[]; numArgs: number } {
  const next = context.future();
  if (/^[0-9]$/.test(next.text)) return '{,}';
  // A copy of a token KaTeX made (same class, the `,` text), with its own `noexpand` flag.
  const comma = Object.assign(Object.create(Object.getPrototypeOf(next) as object) as object, next, { text: ',', noexpand: true });
  return { tokens: [comma], numArgs: 0 };
}

/** Calls of optional-argument macros in one process: each call's arguments get macro names of their own. */
let optionalCalls = 0;

/** Lower-case letters for `n` (macro names may not hold digits). */
function letters(n: number): string {
  let out = '';
  do {
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26);
  } while (n > 0);
  return out;
}

/**
 * LaTeX's optional first argument for KaTeX: `[…]` after the macro (braces nested, up to its `]`) or
 * `fallback`, then the other arguments as usual. Each argument becomes a macro of its own holding
 * KaTeX's tokens (so nothing is re-read as text), named per call so a nested call cannot overwrite them.
 */
function optionalArgumentMacro(body: string, fallback: string): (context: MacroContext) => string {
  const count = Math.max(1, ...[...body.matchAll(/#(\d)/g)].map((m) => Number(m[1])));
  return (context) => {
    const prefix = `\\pwarg@${letters(optionalCalls++)}@`;
    if (context.future().text === '[') {
      context.popToken();
      const tokens: { text: string }[] = [];
      let depth = 0;
      for (let token = context.popToken(); token.text !== 'EOF'; token = context.popToken()) {
        if (token.text === ']' && depth === 0) break;
        if (token.text === '{') depth++;
        else if (token.text === '}') depth--;
        tokens.push(token);
      }
      // KaTeX keeps a macro's tokens in reverse order (a stack).
      context.macros.set(`${prefix}a`, { tokens: tokens.reverse(), numArgs: 0 });
    } else context.macros.set(`${prefix}a`, fallback);
    const rest = context.consumeArgs(count - 1);
    rest.forEach((tokens, k) => context.macros.set(`${prefix}${letters(k + 1)}`, { tokens, numArgs: 0 }));
    // `##` is a literal `#` in a body (as in \def); a space ends the argument's name before a letter.
    return body.replace(/#(#|\d)/g, (m, d: string) => (d === '#' ? '#' : `${prefix}${letters(Number(d) - 1)} `));
  };
}

/** Environments KaTeX renders itself; the content of other math environments is wrapped (see katexInput). */
export const KATEX_ENVIRONMENTS: ReadonlySet<string> = new Set([
  'equation', 'equation*', 'align', 'align*', 'alignat', 'alignat*', 'gather', 'gather*', 'split', 'aligned', 'gathered', 'CD',
]);

/**
 * Valid LaTeX that KaTeX does not know (\label, \qedhere, every reference command the surfaces resolve:
 * numbering.ts REF_SOURCE, `\cref` inside `\text{}` included): replaced by spaces of the same length, so
 * positions in the fragment stay exact. (The surfaces put a reference's text in before KaTeX sees it;
 * the checker's lint, which parses the source, would call `\cref` an unknown macro.)
 */
const KATEX_UNSUPPORTED = new RegExp(String.raw`\\(?:label|cite)\s*\{[^{}]*\}|${REF_SOURCE}|\\(?:qedhere|allowdisplaybreaks|displaybreak)\b`, 'g');

/**
 * amsmath's `\intertext{…}` (and mathtools' `\shortintertext`): words between two rows of an alignment.
 * KaTeX has neither; as `\text{…}` on a row of its own the words are kept (same length: the spaces the
 * shorter form frees go before it, where math mode ignores them).
 */
const INTERTEXT = /\\(short)?intertext\s*\{([^{}]*)\}/g;

/** `tex` with the LaTeX KaTeX does not know blanked out or rewritten (same length). */
export function blankUnsupported(tex: string): string {
  return tex
    .replace(INTERTEXT, (m, _short: string | undefined, words: string) => `${' '.repeat(m.length - words.length - 9)}\\text{${words}}\\\\`)
    .replace(KATEX_UNSUPPORTED, (m) => ' '.repeat(m.length));
}

/**
 * What KaTeX parses for one fragment: its content (`tex`, MathFragment.tex) with macro definitions
 * (already collected document-wide) and unsupported commands blanked, inside `\begin{env}…\end{env}`
 * for environments KaTeX knows; other environments (multline, flalign, eqnarray…) are parsed as
 * `aligned` when they have `&`, `gathered` when they have `\\`. `prefix` is the length added in front:
 * a KaTeX error position p is at tex[p - prefix] (`source(p)` maps any position, tags included).
 * `numbers`: the equation numbers of a numbered display (numbering.ts), one per numbered row; then the
 * starred environment is typeset with those numbers as `\tag`s (KaTeX's own numbers restart in every
 * formula).
 */
export function katexInput(tex: string, env?: string, numbers?: readonly string[]): { input: string; prefix: number; source: (p: number) => number } {
  const body = blankUnsupported(blankMacroDefinitions(tex));
  const layout = numbers ? equationLayout(tex, env) : null;
  if (layout && numbers) return numberedInput(body, layout, numbers);
  const plain = (input: string, prefix: number) => ({ input, prefix, source: (p: number) => Math.min(Math.max(0, p - prefix), tex.length) });
  if (!env || new RegExp(`^\\s*\\\\begin\\s*\\{${env.replace('*', '\\*')}\\}`).test(body)) return plain(body, 0);
  const name = KATEX_ENVIRONMENTS.has(env) ? env : /&/.test(body) ? 'aligned' : /\\\\/.test(body) ? 'gathered' : null;
  if (!name) return plain(body, 0);
  const open = `\\begin{${name}}`;
  return plain(`${open}${body}\\end{${name}}`, open.length);
}

/** A numbered display as its starred form with a `\tag` per numbered row; positions map back to `body`. */
function numberedInput(body: string, layout: EquationLayout, numbers: readonly string[]): { input: string; prefix: number; source: (p: number) => number } {
  const { open, close } = starredEnvironment(layout.env);
  const single = layout.rows.length === 1 && !['align', 'alignat', 'flalign', 'gather', 'eqnarray'].includes(layout.env);
  // Pieces of the input: text taken from `body` at `from`, or added (from: null, mapped to `at`).
  const pieces: { text: string; from: number | null; at: number }[] = [];
  const take = (start: number, end: number) => { if (end > start) pieces.push({ text: body.slice(start, end), from: start, at: start }); };
  const add = (text: string, at: number) => pieces.push({ text, from: null, at });
  take(0, layout.begin?.start ?? 0);
  add(open, layout.bodyStart);
  let from = layout.bodyStart;
  let n = 0;
  let lastTag = '';
  for (const row of layout.rows) {
    if (!row.numbered) continue;
    const tag = `\\tag{${numbers[n++] ?? '?'}}`;
    if (single) { lastTag = tag; continue; }
    take(from, row.end);
    add(tag, row.end);
    from = row.end;
  }
  take(from, layout.bodyEnd);
  // One number for the whole display: after it (after multline's inner gathered, where a tag may not go).
  const end = close.lastIndexOf('\\end{');
  add(single ? `${close.slice(0, end)}${lastTag}${close.slice(end)}` : close, layout.bodyEnd);
  take(layout.end?.end ?? body.length, body.length);
  let input = '';
  const starts: number[] = [];
  for (const piece of pieces) {
    starts.push(input.length);
    input += piece.text;
  }
  const source = (p: number) => {
    let i = pieces.length - 1;
    while (i > 0 && starts[i] > p) i--;
    const piece = pieces[i];
    return piece.from === null ? piece.at : Math.min(piece.from + (p - starts[i]), body.length);
  };
  return { input, prefix: open.length + (layout.begin?.start ?? 0), source };
}

interface KatexParseError extends Error {
  position?: number;
  length?: number;
  rawMessage?: string;
}

/** A KaTeX error located in the fragment's content: tex[start, end). */
export interface TexError {
  message: string;
  start: number;
  end: number;
}

/**
 * Typesets one fragment (content `tex`, environment `env`) to HTML with the shared configuration.
 * Returns the HTML, or the error KaTeX reports with its position in `tex`. Never throws for bad TeX.
 * `numbers`: the display's equation numbers in the document (numbering.ts), shown as its tags.
 * `unknown`: the keys of the formula's unknown references (numberFragments), in the order of their
 * marks: each "??" is drawn as in prose, a UNKNOWN_REFERENCE_CLASS group titled with its hint.
 */
export function renderTex(tex: string, display: boolean, macros: MacroTable, env?: string, numbers?: readonly string[], unknown?: readonly string[]): { html: string } | { error: TexError } {
  const out = typesetCached(tex, display, macros, env, numbers);
  return unknown?.length && 'html' in out ? { html: markUnknown(out.html, unknown) } : out;
}

// Only a mark holding just "??", as the macro writes it: a document that reads the nonce out of the
// macro's expansion (`\expandafter` into its own macro: rev10) can dress nothing else as the mark.
const UNKNOWN_DATA_RE = new RegExp(`<span class="enclosing([^"<>]*)" data-${UNKNOWN_IN_MATH_DATA}="${MARK_NONCE}-(\\d+)">(?=<span class="[^"<>]*">\\?\\?</span></span>)`, 'g');

/** KaTeX's HTML with each unknown reference's mark as the prose's "??": its class and its hint as title. */
function markUnknown(html: string, keys: readonly string[]): string {
  return html.replace(UNKNOWN_DATA_RE, (m, classes: string, n: string) => {
    const key = keys[Number(n)];
    return key === undefined ? m : `<span class="enclosing${classes} ${UNKNOWN_REFERENCE_CLASS}" title="${escapeHtml(unknownReferenceHint(key))}">`;
  });
}

function typesetCached(tex: string, display: boolean, macros: MacroTable, env?: string, numbers?: readonly string[]): { html: string } | { error: TexError } {
  // The same formula under the same macros always typesets the same (each call gets its own macros
  // copy): the preview re-renders a whole paragraph on each keystroke, and a pasted paragraph with
  // thousands of formulas would otherwise re-typeset all of them for one changed character.
  const key = `${display ? 'D' : 'I'}\u0000${env ?? ''}\u0000${numbers?.join(',') ?? ''}\u0000${macrosId(macros)}\u0000${tex}`;
  const cached = renderCache.get(key);
  if (cached) {
    renderCache.delete(key);
    renderCache.set(key, cached);
    return cached;
  }
  const out = typeset(tex, display, macros, env, numbers);
  remember(key, out);
  return out;
}

/** Typeset results kept (least recently used out first) up to this many characters of keys + HTML. */
const RENDER_CACHE_CHARS = 16_000_000;
const renderCache = new Map<string, { html: string } | { error: TexError }>();
let renderCacheChars = 0;
// A macro table's content as a short number, so that a cache key does not carry the whole table's text
// (a document with long macro bodies would otherwise copy them into the key of every formula, on every
// keystroke). Ids are never reused: forgetting old tables only makes their cached results unreachable,
// and the LRU lets them go.
const macroIds = new WeakMap<MacroTable, number>();
const idsByContent = new Map<string, number>();
let nextMacrosId = 0;

function macrosId(macros: MacroTable): number {
  let id = macroIds.get(macros);
  if (id === undefined) {
    const content = macrosKey(macros);
    id = idsByContent.get(content);
    if (id === undefined) {
      if (idsByContent.size >= 1000) idsByContent.clear();
      id = nextMacrosId++;
      idsByContent.set(content, id);
    }
    macroIds.set(macros, id);
  }
  return id;
}

function sizeOf(key: string, out: { html: string } | { error: TexError }): number {
  return key.length + ('html' in out ? out.html.length : out.error.message.length);
}

function remember(key: string, out: { html: string } | { error: TexError }): void {
  const size = sizeOf(key, out);
  if (size > RENDER_CACHE_CHARS / 16) return; // one huge formula would push out everything else
  renderCache.set(key, out);
  renderCacheChars += size;
  for (const [oldKey, old] of renderCache) {
    if (renderCacheChars <= RENDER_CACHE_CHARS) break;
    renderCache.delete(oldKey);
    renderCacheChars -= sizeOf(oldKey, old);
  }
}

function typeset(tex: string, display: boolean, macros: MacroTable, env?: string, numbers?: readonly string[]): { html: string } | { error: TexError } {
  // A fragment with `env` is a bare `\begin{env}…\end{env}` in text: KaTeX would typeset a bare `cases`
  // (without its brace), LaTeX refuses it.
  const outside = env === undefined ? null : outsideMathError(env);
  if (outside) return { error: { message: outside, start: 0, end: Math.min(1, tex.length) } };
  // KaTeX reads a blank line in a display as a space; LaTeX stops there.
  const blank = display ? blankLineInDisplay(tex, env) : null;
  if (blank) return { error: blank };
  const { input, source } = katexInput(tex, env, numbers);
  try {
    const html = katex.renderToString(input, { ...KATEX_OPTIONS, displayMode: display, throwOnError: true, macros: katexMacros(macros) });
    // KaTeX takes one \tag inside aligned; amsmath does not (KaTeX's own errors, "Multiple \tag", come first).
    const tag = tagNotAllowed(tex);
    return tag ? { error: tag } : { html };
  } catch (err) {
    if (!(err instanceof katex.ParseError)) throw err;
    const e = err as KatexParseError;
    const position = source(typeof e.position === 'number' ? e.position : 0);
    let length = typeof e.length === 'number' && e.length > 0 ? e.length : 1;
    // KaTeX's token for a control word swallows the space after it: mark only the word.
    while (length > 1 && /\s/.test(tex[position + length - 1] ?? '')) length--;
    const start = Math.min(position, tex.length);
    return { error: { message: e.rawMessage ?? e.message, start, end: Math.min(start + length, Math.max(tex.length, start + 1)) } };
  }
}
