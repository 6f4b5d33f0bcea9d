// The one KaTeX configuration of the domain core (pure): the options, the built-in macros and the
// exact input every surface (preview, checker lint, HTML report) hands KaTeX for a math fragment, so
// a formula that renders in one place renders — or fails with the same message — in all of them.
import katex from 'katex';
import { blankMacroDefinitions, macrosKey, type MacroTable } from './macros';

/**
 * Safety and bounds for untrusted TeX (proofs and model output): no `\href`/`\url` actions
 * (`trust: false`), bounded macro expansion and sizes, LaTeX-compatibility warnings off.
 */
export const KATEX_OPTIONS = {
  trust: false,
  strict: 'ignore',
  maxExpand: 1000,
  maxSize: 50,
  output: 'htmlAndMathml',
} as const satisfies katex.KatexOptions;

/** LaTeX macros KaTeX lacks that documents use in macro bodies (`\newcommand{\R}{\ensuremath{\mathbb R}}`). */
export const BASE_MACROS: Readonly<MacroTable> = {
  // Outside math \ensuremath enters math; every fragment KaTeX sees is already math.
  '\\ensuremath': '#1',
};

/** A fresh macros object for one KaTeX call: KaTeX writes `\gdef` results into it, so never share one. */
export function katexMacros(macros: MacroTable = {}): MacroTable {
  return { ...BASE_MACROS, ...macros };
}

/** Environments KaTeX renders itself; the content of other math environments is wrapped (see katexInput). */
export const KATEX_ENVIRONMENTS: ReadonlySet<string> = new Set([
  'equation', 'equation*', 'align', 'align*', 'alignat', 'alignat*', 'gather', 'gather*', 'split', 'aligned', 'gathered', 'CD',
]);

/**
 * Valid LaTeX that KaTeX does not know (\label, \intertext, \eqref, \qedhere…): replaced by spaces of
 * the same length, so positions in the fragment stay exact.
 */
const KATEX_UNSUPPORTED = /\\(?:label|eqref|ref|cite|intertext|shortintertext)\s*\{[^{}]*\}|\\(?:qedhere|allowdisplaybreaks|displaybreak)\b/g;

/** `tex` with the LaTeX KaTeX does not know blanked out (same length). */
export function blankUnsupported(tex: string): string {
  return tex.replace(KATEX_UNSUPPORTED, (m) => ' '.repeat(m.length));
}

/**
 * What KaTeX parses for one fragment: its content (`tex`, MathFragment.tex) with macro definitions
 * (already collected document-wide) and unsupported commands blanked, inside `\begin{env}…\end{env}`
 * for environments KaTeX knows; other environments (multline, flalign, eqnarray…) are parsed as
 * `aligned` when they have `&`, `gathered` when they have `\\`. `prefix` is the length added in front:
 * a KaTeX error position p is at tex[p - prefix].
 */
export function katexInput(tex: string, env?: string): { input: string; prefix: number } {
  const body = blankUnsupported(blankMacroDefinitions(tex));
  if (!env || new RegExp(`^\\s*\\\\begin\\s*\\{${env.replace('*', '\\*')}\\}`).test(body)) return { input: body, prefix: 0 };
  const name = KATEX_ENVIRONMENTS.has(env) ? env : /&/.test(body) ? 'aligned' : /\\\\/.test(body) ? 'gathered' : null;
  if (!name) return { input: body, prefix: 0 };
  const open = `\\begin{${name}}`;
  return { input: `${open}${body}\\end{${name}}`, prefix: open.length };
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
 */
export function renderTex(tex: string, display: boolean, macros: MacroTable, env?: string): { html: string } | { error: TexError } {
  // The same formula under the same macros always typesets the same (each call gets its own macros
  // copy): the preview re-renders a whole paragraph on each keystroke, and a pasted paragraph with
  // thousands of formulas would otherwise re-typeset all of them for one changed character.
  const key = `${display ? 'D' : 'I'}\u0000${env ?? ''}\u0000${macrosId(macros)}\u0000${tex}`;
  const cached = renderCache.get(key);
  if (cached) {
    renderCache.delete(key);
    renderCache.set(key, cached);
    return cached;
  }
  const out = typeset(tex, display, macros, env);
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

function typeset(tex: string, display: boolean, macros: MacroTable, env?: string): { html: string } | { error: TexError } {
  const { input, prefix } = katexInput(tex, env);
  try {
    return { html: katex.renderToString(input, { ...KATEX_OPTIONS, displayMode: display, throwOnError: true, macros: katexMacros(macros) }) };
  } catch (err) {
    if (!(err instanceof katex.ParseError)) throw err;
    const e = err as KatexParseError;
    const position = Math.max(0, (typeof e.position === 'number' ? e.position : 0) - prefix);
    let length = typeof e.length === 'number' && e.length > 0 ? e.length : 1;
    // KaTeX's token for a control word swallows the space after it: mark only the word.
    while (length > 1 && /\s/.test(tex[position + length - 1] ?? '')) length--;
    const start = Math.min(position, tex.length);
    return { error: { message: e.rawMessage ?? e.message, start, end: Math.min(start + length, Math.max(tex.length, start + 1)) } };
  }
}
