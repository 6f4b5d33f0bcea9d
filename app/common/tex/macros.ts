// The one macro model of the domain core (pure): the macros a document defines for itself, in every
// form LaTeX and KaTeX know — \newcommand, \renewcommand, \providecommand (starred too),
// \DeclareMathOperator(*), \def, \gdef, \edef, \xdef, \let — wherever they appear: a .tex preamble,
// the body, or inside math (`$$\newcommand{\norm}[1]{…}$$` in Markdown). They apply to the whole
// document, as the preview, the checker and the reports render it fragment by fragment.
// The result is a KaTeX `macros` table (name with backslash → expansion).

import type { MathFragment } from '../proof';
import { declarationLines } from './declarations';

/** Macro name (with backslash) → expansion, as KaTeX's `macros` option takes it. */
export type MacroTable = Record<string, string>;

/** One definition found in a text: its exact source range and what it defines. */
export interface MacroDefinition {
  start: number;
  end: number;
  name: string;
  expansion: string;
  /** `\providecommand` defines only when the name is still free. */
  provide: boolean;
  /** `\newcommand{\vect}[2][n]{…}`: the first argument is optional, with this default (`n`). */
  defaultArgument?: string;
}

/**
 * The key under which a macro table keeps the default of `name`'s optional first argument (next to
 * `name`'s own entry, the body with `#1` for that argument): tables stay plain strings, so they can be
 * compared, cached and sent to a worker; katex.ts turns the pair into a macro KaTeX can call.
 */
export function optionalDefaultKey(name: string): string {
  return `${name}\u0000default`;
}

/** The balanced group starting at `i` (after spaces): its inner text and the index after it. */
function group(text: string, i: number): { inner: string; end: number } | null {
  let j = i;
  while (j < text.length && /\s/.test(text[j])) j++;
  if (text[j] !== '{') return null;
  let depth = 0;
  for (let k = j; k < text.length; k++) {
    if (text[k] === '\\') {
      k++;
      continue;
    }
    if (text[k] === '{') depth++;
    else if (text[k] === '}' && --depth === 0) return { inner: text.slice(j + 1, k), end: k + 1 };
  }
  return null;
}

const DEFINER_SOURCE = String.raw`\\(newcommand|renewcommand|providecommand|DeclareMathOperator|def|gdef|edef|xdef|let)(?![A-Za-z@])(\*?)`;
const DEFINERS = new RegExp(DEFINER_SOURCE, 'g');
/** Whether a text holds a definition command at all (a cheap test before a full parse). */
export const HAS_DEFINITION = new RegExp(DEFINER_SOURCE);

/**
 * Every well-formed definition in `text`, in document order. A malformed one (no body, unbalanced
 * braces) is skipped: it defines nothing and KaTeX reports it where it is used.
 */
export function macroDefinitions(text: string): MacroDefinition[] {
  const found: MacroDefinition[] = [];
  DEFINERS.lastIndex = 0;
  for (let m = DEFINERS.exec(text); m; m = DEFINERS.exec(text)) {
    const kind = m[1];
    let defaultArgument: string | undefined;
    let i = m.index + m[0].length;
    // The macro name: {\name} or \name.
    let name: string | null = null;
    const braced = group(text, i);
    if (braced && /^\s*\\[A-Za-z@]+\s*$/.test(braced.inner)) {
      name = braced.inner.trim();
      i = braced.end;
    } else {
      const bare = /^\s*(\\[A-Za-z@]+|\\.)/.exec(text.slice(i, i + 128));
      if (!bare) continue;
      name = bare[1];
      i += bare[0].length;
    }
    if (kind === 'let') {
      const target = /^\s*=?\s*(\\[A-Za-z@]+|\\.)/.exec(text.slice(i, i + 128));
      if (target) {
        found.push({ start: m.index, end: i + target[0].length, name, expansion: target[1], provide: false });
        DEFINERS.lastIndex = i + target[0].length;
      }
      continue;
    }
    if (kind === 'def' || kind === 'gdef' || kind === 'edef' || kind === 'xdef') {
      // \def\name#1#2{…}: skip the parameter text (KaTeX reads #n in the body the same way).
      const params = /^(#\d)*/.exec(text.slice(i, i + 32));
      i += params ? params[0].length : 0;
    } else if (kind !== 'DeclareMathOperator') {
      const count = /^\s*\[(\d)\]/.exec(text.slice(i, i + 16));
      if (count) i += count[0].length;
      const optional = count ? /^\s*\[([^\]]*)\]/.exec(text.slice(i, i + 256)) : null;
      if (optional) {
        i += optional[0].length;
        defaultArgument = optional[1];
      }
    }
    const body = group(text, i);
    if (!body) continue;
    const expansion = kind === 'DeclareMathOperator' ? `\\operatorname${m[2]}{${body.inner}}` : body.inner;
    found.push({ start: m.index, end: body.end, name, expansion, provide: kind === 'providecommand', ...(defaultArgument === undefined ? {} : { defaultArgument }) });
    DEFINERS.lastIndex = body.end;
  }
  return found;
}

/**
 * The definitions in `text`'s running text: those not starting inside one of the `math` ranges
 * (offsets in `text`). Surfaces apply them document-wide and do not print them; math inside a
 * definition's body belongs to the definition.
 */
export function definitionsInProse(text: string, math: readonly { start: number; end: number }[]): MacroDefinition[] {
  return macroDefinitions(text).filter((d) => !math.some((m) => m.start < d.start && d.start < m.end));
}

/**
 * The macros `text` defines, a later definition winning (as `\renewcommand` does), on top of `base`
 * (e.g. the workspace's `macros.tex`): a document's own definition replaces a workspace one.
 */
export function collectMacros(text: string, base: MacroTable = {}): MacroTable {
  const macros: MacroTable = { ...base };
  if (declaresIcomma(text)) macros[ICOMMA_KEY] = 'icomma';
  for (const d of macroDefinitions(text)) {
    if (d.provide && d.name in macros) continue;
    macros[d.name] = d.expansion;
    if (d.defaultArgument === undefined) delete macros[optionalDefaultKey(d.name)];
    else macros[optionalDefaultKey(d.name)] = d.defaultArgument;
  }
  return macros;
}

/**
 * The key under which a macro table says that the document loads the `icomma` package (`\usepackage{icomma}`
 * on a line of its own, in a preamble or atop a Markdown proof): a comma followed by a digit is then
 * ordinary, `$2,5$` a decimal 2,5 without the space after a punctuation comma. katex.ts turns it into a
 * macro for `,`; the table stays plain strings (compared, cached, sent to a worker).
 */
export const ICOMMA_KEY = ',\u0000icomma';

const ICOMMA_RE = /\\usepackage\s*(?:\[[^\]\n]*\])?\s*\{[^{}\n]*\bicomma\b/;

/** Whether `text` loads `icomma` (on a declaration line: not in a comment, a code span or prose). */
export function declaresIcomma(text: string): boolean {
  return text.includes('icomma') && declarationLines(text).some((r) => ICOMMA_RE.test(text.slice(r.start, r.end)));
}

/**
 * The part of `base` that `text` does not define itself. A consumer that lays its extra macros over the
 * document's own (the checker: `{ ...document, ...extra }`) then sees exactly `collectMacros(text, base)`:
 * the document's definitions win over the workspace's, as in the preview and the report.
 */
export function baseMacrosFor(text: string, base: MacroTable): MacroTable {
  const defined = new Set(macroDefinitions(text).map((d) => d.name));
  // A default kept for a base macro goes with it (`name` + optionalDefaultKey's suffix).
  return Object.fromEntries(Object.entries(base).filter(([name]) => !defined.has(name.split('\u0000')[0])));
}

/**
 * `tex` with every macro definition replaced by spaces of the same length (positions stay exact).
 * Definitions are collected document-wide before any fragment is rendered, so leaving them in a
 * fragment would make KaTeX define them a second time ("attempting to redefine") or fail on forms it
 * lacks (`\DeclareMathOperator`).
 */
export function blankMacroDefinitions(tex: string): string {
  if (!HAS_DEFINITION.test(tex)) return tex;
  let out = '';
  let last = 0;
  for (const d of macroDefinitions(tex)) {
    out += tex.slice(last, d.start) + tex.slice(d.start, d.end).replace(/[^\n]/g, ' ');
    last = d.end;
  }
  return out + tex.slice(last);
}

/** Whether `tex` holds nothing but macro definitions (and whitespace or comments). */
export function onlyMacroDefinitions(tex: string): boolean {
  return macroDefinitions(tex).length > 0 && blankMacroDefinitions(tex).replace(/%.*$/gm, '').trim() === '';
}

/** The macro names a table defines (an optional argument's default, optionalDefaultKey, is not one). */
export function macroNames(macros: MacroTable): string[] {
  return Object.keys(macros).filter((key) => !key.includes('\u0000'));
}

/** A stable fingerprint of a macro table (part of render cache keys). */
export function macrosKey(macros: MacroTable): string {
  return Object.keys(macros).sort().map((k) => `${k}=${macros[k]}`).join('\u0000');
}

/** A text-mode use of a math-only macro: its exact range in the text and its source. */
export interface TextModeMathUse {
  start: number;
  end: number;
  tex: string;
}

/**
 * Uses, outside math, of `\ensuremath{…}` itself (`the set \ensuremath{\mathbb{N}}`) and of macros whose
 * expansion is `\ensuremath{…}` (`\newcommand{\eps}{\ensuremath{\varepsilon}}`,
 * then `Let \eps{} be positive`, `\norm{x}`): LaTeX typesets those as math wherever they stand, so the
 * preview and the report show each as an inline formula instead of its name, and the checker's prose
 * lint does not take the math commands inside them for a missing `$`. A use takes the macro's
 * arguments (as many as its highest `#n`) and, with none, the empty group written to keep the space
 * after it (`\eps{}`). `taken`: ranges that are math or definitions already; uses inside them, after a
 * `%` comment on the same line, or with a missing argument are skipped. In text order.
 */
export function textModeMathUses(text: string, taken: readonly { start: number; end: number }[], macros: MacroTable): TextModeMathUse[] {
  // \ensuremath{…} is LaTeX's own (one argument), whatever the document defines.
  const arity = new Map<string, number>([['ensuremath', 1]]);
  for (const [name, expansion] of Object.entries(macros)) {
    if (!/^\s*\\ensuremath(?![A-Za-z@])/.test(expansion) || !/^\\[A-Za-z@]+$/.test(name)) continue;
    arity.set(name.slice(1), Math.max(0, ...[...expansion.matchAll(/#(\d)/g)].map((m) => Number(m[1]))));
  }
  if (arity.size === 1 && !text.includes('\\ensuremath')) return [];
  const uses: TextModeMathUse[] = [];
  const names = [...arity.keys()].sort((a, b) => b.length - a.length).join('|');
  const pattern = new RegExp(String.raw`(?<!\\)\\(${names})(?![A-Za-z@])`, 'g');
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const start = m.index;
    if (taken.some((r) => r.start <= start && start < r.end)) continue;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    if (/(?:^|[^\\])%/.test(text.slice(lineStart, start))) continue;
    let end = start + m[0].length;
    let n = arity.get(m[1])!;
    // A macro with an optional first argument (`\newcommand{\vect}[2][n]{…}`): `[…]` may follow, the
    // rest are groups.
    if (n > 0 && optionalDefaultKey(`\\${m[1]}`) in macros) {
      const optional = /^\s*\[[^\]\n]*\]/.exec(text.slice(end, end + 256));
      if (optional) end += optional[0].length;
      n--;
    }
    let complete = true;
    for (let k = 0; k < n; k++) {
      const arg = group(text, end);
      if (!arg) {
        complete = false;
        break;
      }
      end = arg.end;
    }
    if (!complete) continue;
    if (n === 0 && text.startsWith('{}', end)) end += 2;
    uses.push({ start, end, tex: text.slice(start, end) });
    pattern.lastIndex = end;
  }
  return uses;
}

/** A text-mode use as the inline math fragment it stands for (no delimiters: its range is its content). */
export function inlineFragment(use: TextModeMathUse): MathFragment {
  const range = { start: use.start, end: use.end };
  return { range, contentRange: range, delimiter: '\\(', display: false, tex: use.tex };
}
