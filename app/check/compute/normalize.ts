// TeX as mathematicians write it, rewritten into what the Compute Engine's parser reads the same way,
// plus a second reading where the notation is genuinely ambiguous. The checker judges a relation in
// every reading and decides only when the readings agree (silence over guessing).
//
// Rewrites (each keeps the meaning a reader would give the TeX):
// - `\tfrac`/`\dfrac` → `\frac`; Unicode `−`, `·`, `×`, `÷` → `-`, `\cdot`, `\times`, `\div`; a comma in a number (`0,5`, `0{,}5`, `1{,}000`) as a decimal comma or a thousands separator;
// - wide spaces (`\;`, `\:`, `\>`, `\ `, `~`, `\quad`, `\enspace`, `\hspace{…}`, `\kern 2pt`) are only spacing, and `\,`/`\!` next to a binary
//   operator or before a bracket too: `x^2 \;-\; 1` is a difference, not `x^2 · (−1)`;
// - a digit before `e`/`E` (`2e+1`, `3E+9`) is a product, never the number `2·10^1` — people do not
//   write floating-point exponents in LaTeX;
// - the argument of `\sin`, `\cos`, … followed by an explicit space and a bracket ends before the bracket:
//   `\sin\theta\,(1+\cos\theta)` is `sin(θ)·(1+cos θ)`, and so does `\cdot`: `\cos^2 x \cdot 2` is `2cos²x`.
// Ambiguous, so a second reading is returned: a trigonometric argument followed directly by a bracket
// (`\sin x(1+x)`), a slash followed by an implicit product (`h/2(a+b)`: `(h/2)(a+b)` or `h/(2(a+b))`),
// a whole number before a proper numeric fraction (`2\tfrac12`: 2 · ½ or the mixed number 2½), and
// digits after a bare `^` (`2^10`: 2¹·0 as TeX sets it, 2^{10} as it was meant).

const TRIG = '(?:sin|cos|tan|cot|sec|csc|sinh|cosh|tanh|arcsin|arccos|arctan)';
const TOKEN = '(?:\\\\[a-zA-Z]+(?![a-zA-Z])|[a-zA-Z0-9])';
/** A trigonometric argument: a token with an optional number before it (`\cos 2x`, `\sin 3\theta`). */
const ARG = `(?:\\d+(?:\\.\\d+)?\\s*)?${TOKEN}`;
const POWER = '(?:\\^\\{[^{}]*\\}|\\^[0-9])?';
/** A TeX dimension after `\\kern`/`\\mskip`: `2pt`, `-3mu`, `.5em`, `1.5 ex`. */
const DIMENSION = '-?\\s*(?:\\d+(?:\\.\\d*)?|\\.\\d+)\\s*(?:pt|mu|em|ex|mm|cm|in|bp|pc|dd|cc|sp)(?![a-zA-Z])';
const OPEN = '(?:\\(|\\\\left\\s*\\(|\\\\[bB]igg?l?\\s*\\()';

/**
 * What a comma between digits at `comma` (outside brackets) writes: a decimal comma (`0,5`), a
 * thousands separator (`1,000,000`), either (`1,500`), or null for a list (`1,2,3`, `1^2=1,2^2=4`).
 */
export function commaNumber(tex: string, comma: number): 'decimal' | 'thousands' | 'either' | null {
  if (!/\d/.test(tex[comma - 1] ?? '') || !/\d/.test(tex[comma + 1] ?? '')) return null;
  let s = comma;
  while (s > 0 && /[\d,]/.test(tex[s - 1])) s--;
  let e = comma;
  while (e < tex.length && /[\d,]/.test(tex[e])) e++;
  // `a_1,2`, `x^2,3`, `1.5,2` and `1,2^2`, `0,5x`, `1,2(…)` are lists or indices, not one number.
  if (/[A-Za-z_^.\\]/.test(tex[s - 1] ?? '') || /^\s*(?:[\^_!([{A-Za-z]|\.\d)/.test(tex.slice(e))) return null;
  const groups = tex.slice(s, e).split(',');
  if (groups.some((g) => g === '')) return null;
  const thousands = groups[0].length <= 3 && groups[0][0] !== '0' && groups.slice(1).every((g) => g.length === 3);
  if (groups.length === 2) return thousands ? 'either' : 'decimal';
  return thousands ? 'thousands' : null;
}

/** Commas inside numbers (outside brackets) rewritten: decimal commas to `.`, thousands separators dropped. */
function rewriteCommaNumbers(tex: string, either: 'decimal' | 'thousands'): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < tex.length; i++) {
    const ch = tex[i];
    if (ch === '\\') {
      out += ch + (tex[i + 1] ?? '');
      i++;
      continue;
    }
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth = Math.max(0, depth - 1);
    const kind = ch === ',' && depth === 0 ? commaNumber(tex, i) : null;
    out += kind === null ? ch : kind === 'decimal' || (kind === 'either' && either === 'decimal') ? '.' : '';
  }
  return out;
}

const RADICAL_INDEX: Record<string, string> = { '√': '', '∛': '[3]', '∜': '[4]' };

/** The end of the bracket group opening at `open` (`(`, `[` or `{`), or -1 when it never closes. */
function groupEnd(tex: string, open: number): number {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const close = pairs[tex[open]];
  let depth = 0;
  for (let j = open; j < tex.length; j++) {
    if (tex[j] === '\\') j++;
    else if (tex[j] === tex[open]) depth++;
    else if (tex[j] === close && --depth === 0) return j;
  }
  return -1;
}

/**
 * `√16`, `√(x+1)`, `∛27`, `√\pi`: a Unicode radical typed into math covers the whole number, name or
 * bracket after it, as it does on the page. Left to the parser it takes one character, as `\sqrt16`
 * does in TeX (the square root of 1, times 6), which made `√16 = 4` fail and `√16 = 6` check.
 */
function unicodeRadicals(tex: string): string {
  let out = '';
  for (let i = 0; i < tex.length; i++) {
    const index = RADICAL_INDEX[tex[i]];
    if (index === undefined) {
      out += tex[i];
      continue;
    }
    let j = i + 1;
    while (tex[j] === ' ') j++;
    let arg: string | null = null;
    let end = j;
    const run = /^(?:\d+(?:\.\d+)?|\\[a-zA-Z]+|[A-Za-z])/.exec(tex.slice(j));
    if ('([{'.includes(tex[j] ?? '\u0000')) {
      const k = groupEnd(tex, j);
      if (k > j) [arg, end] = [tex.slice(j + 1, k), k + 1];
    } else if (run) [arg, end] = [run[0], j + run[0].length];
    if (arg === null) {
      out += index ? `\\sqrt${index}` : '\\sqrt';
      continue;
    }
    out += `\\sqrt${index}{${arg}}`;
    i = end - 1;
  }
  return out;
}

/** How many `+`/`-` signs stand outside brackets in `tex`, a leading sign not counted. */
function topLevelSigns(tex: string): number {
  let depth = 0;
  let signs = 0;
  const body = tex.trim();
  for (let i = 1; i < body.length; i++) {
    const ch = body[i];
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth = Math.max(0, depth - 1);
    else if ((ch === '+' || ch === '-') && depth === 0 && !/[\^_]\s*$/.test(body.slice(0, i))) signs++;
  }
  return signs;
}

/** The primary reading of `tex` and, when the notation is ambiguous, a second one (else null). */
export function readings(tex: string): { primary: string; alternative: string | null } {
  const primary = normalizeTex(tex);
  // `1,500`: one and a half with a decimal comma, fifteen hundred with a thousands separator.
  const thousands = normalizeTex(tex, 'thousands');
  let alternative: string | null = thousands === primary ? null : thousands;
  // `\sin x(1+x)`: sin(x)·(1+x) in most texts, sin(x(1+x)) to the parser.
  // A space before the bracket changes nothing on the page: `\\cos x (1+x)` is as ambiguous.
  const trigBracket = new RegExp(`\\\\(${TRIG})(${POWER})\\s*(${TOKEN})(?=\\s*${OPEN})`, 'g');
  if (trigBracket.test(primary)) {
    alternative = (alternative ?? primary).replace(trigBracket, (_m, fn: string, pow: string, arg: string) => `\\${fn}${pow}(${arg})`);
  }
  // `h/2(a+b)`, `1/2x`: a slash whose right operand is followed by an implicit product.
  const slash = /([A-Za-z0-9}])\s*\/\s*(\d+|[A-Za-z])(?=\s*(?:\\[,!]\s*)?(?:\(|\\left|[A-Za-z]|\\[a-zA-Z]))/g;
  if (slash.test(primary)) {
    alternative = (alternative ?? primary).replace(/(\\?[A-Za-z]+|\d+(?:\.\d+)?|\})\s*\/\s*(\d+(?:\.\d+)?|[A-Za-z])/g, (m, a: string, b: string) =>
      a === '}' || a.startsWith('\\') ? m : `\\frac{${a}}{${b}}`,
    );
  }
  // `2\tfrac12`, `3\frac{1}{4}`: a mixed number (2½) in school texts, a product (2 · ½) to the parser.
  const mixed = /(?<![\w.}^_{\\])(\d+)\s*\\frac\s*(?:\{\s*(\d+)\s*\}|(\d))\s*(?:\{\s*(\d+)\s*\}|(\d))/g;
  const asMixed = (m: string, whole: string, n1?: string, n2?: string, d1?: string, d2?: string) =>
    Number(n1 ?? n2) < Number(d1 ?? d2) ? `(${whole}+\\frac{${n1 ?? n2}}{${d1 ?? d2}})` : m;
  const mixedReading = (alternative ?? primary).replace(mixed, asMixed);
  if (mixedReading !== (alternative ?? primary)) alternative = mixedReading;
  // `\sum_{k=1}^{n} 2k - 1`: the sum of 2k, minus 1, to the parser, but often written for the sum of the odd
  // numbers 2k − 1. A short body with one `+`/`-` that ends the side is read both ways.
  const bigOperator = /^(.*?\\(?:sum|prod)\s*(?:_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))\s*(?:\^\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?\s*)([^\\]{1,20})$/s.exec(alternative ?? primary);
  if (bigOperator && !/^\s*[([{]/.test(bigOperator[2]) && topLevelSigns(bigOperator[2]) === 1) {
    alternative = `${bigOperator[1]}\\left(${bigOperator[2]}\\right)`;
  }
  // `2^10`, `x^12`: TeX sets only the first digit up (2¹0), but a writer who types this means 2^{10}.
  const bareExponent = /\^\s*(\d)(\d+)/g;
  if (bareExponent.test(primary)) alternative = (alternative ?? primary).replace(bareExponent, (_m, a: string, b: string) => `^{${a}${b}}`);
  return { primary, alternative: alternative === primary ? null : alternative };
}

/**
 * Rewrites spacing, decimal commas, `\tfrac` and digit-`e` products into what the parser reads right;
 * `ambiguousComma` says how to read `1,500` (readings() tries both).
 */
export function normalizeTex(tex: string, ambiguousComma: 'decimal' | 'thousands' = 'decimal'): string {
  let t = tex.replace(/\\[td]frac(?![a-zA-Z])/g, '\\frac');
  // `0{,}5` (the comma set without its space) writes a decimal comma, and `1{,}024` a thousands separator
  // just as often, never a list: three digits after it (and no leading 0 before) get both readings.
  t = t.replace(/(\d+)\s*\{,\}\s*(?=(\d+))/g, (_m, before: string, after: string) =>
    ambiguousComma === 'thousands' && after.length === 3 && before[0] !== '0' ? before : `${before}.`,
  );
  // `0,5 \cdot 0,5 = 0,25` in European texts; `1,000,000` in American ones.
  if (/\d,\d/.test(t)) t = rewriteCommaNumbers(t, ambiguousComma);
  // Unicode operators typed or pasted into math (`x − 1`, `2·3`, `3×4`) mean what their commands mean.
  t = t.replace(/[−–]/g, '-').replace(/[·⋅∙]/g, '\\cdot ').replace(/×/g, '\\times ').replace(/÷/g, '\\div ');
  if (/[√∛∜]/.test(t)) t = unicodeRadicals(t);
  // Named spacing (`\enspace`, `\medspace`, `\hspace{2pt}`, `\kern 2pt`, `\mskip 3mu`) is spacing too,
  // as the symbols are: the parser knows none of these names, so a side using one was unreadable.
  t = t.replace(/\\(?:thinspace|negthinspace)(?![a-zA-Z])/g, (m) => (m.includes('neg') ? '\\!' : '\\,'));
  t = t.replace(/\\(?:enspace|enskip|medspace|thickspace|negmedspace|negthickspace)(?![a-zA-Z])/g, ' ');
  t = t.replace(/\\hspace\*?\s*\{[^{}]*\}/g, ' ');
  t = t.replace(new RegExp(`\\\\(?:kern|mkern|hskip|mskip)\\s*${DIMENSION}`, 'g'), ' ');
  // Wide spaces are never a product.
  t = t.replace(/\\(?:[;:> ]|q?quad(?![a-zA-Z]))|~/g, ' ');
  // Thin spaces next to a binary operator or before a bracket are only spacing.
  t = t.replace(/\\[,!]\s*(?=[-+=<>]|\\(?:cdot|times|pm|mp)(?![a-zA-Z]))/g, ' ');
  t = t.replace(/([-+=<>]|\\(?:cdot|times|pm|mp)(?![a-zA-Z]))\s*\\[,!]/g, '$1 ');
  t = t.replace(/\\!\s*(?=\(|\\left|\\[bB]igg?l?)/g, '');
  // `\sin\theta\,(…)`: the space ends the argument.
  t = t.replace(new RegExp(`\\\\(${TRIG})(${POWER})\\s*(${ARG})\\s*\\\\,\\s*(?=${OPEN})`, 'g'), (_m, fn: string, pow: string, arg: string) => `\\${fn}${pow}(${arg})\\cdot `);
  // `\cos^2 x \cdot 2`: an explicit product sign ends the argument (the parser would read cos²(2x)).
  t = t.replace(new RegExp(`\\\\(${TRIG})(${POWER})\\s*(${ARG})\\s*(?=\\\\(?:cdot|times)(?![a-zA-Z]))`, 'g'), (_m, fn: string, pow: string, arg: string) => `\\${fn}${pow}(${arg}) `);
  // `\log_2 8 \cdot \log_3 9`: the product sign ends a logarithm's argument as it ends a sine's (the
  // parser would read log₂(8 · log₃ 9)).
  t = t.replace(new RegExp(`\\\\(log|ln|lg)(_\\{[^{}]*\\}|_[0-9A-Za-z])?\\s*(${ARG})\\s*(?=\\\\(?:cdot|times)(?![a-zA-Z]))`, 'g'), (_m, fn: string, base: string | undefined, arg: string) => `\\${fn}${base ?? ''}(${arg}) `);
  // `\lg` is log_10 by ISO 80000-2 but log_2 by Knuth and CLRS ("binary search needs $\lg 8 = 3$ steps"); the parser
  // reads log_10 only. As a `\log` without a base, it is tried in every base (judge.ts) and fails only if it fails in all.
  t = t.replace(/\\lg(?![a-zA-Z])/g, '\\log');
  // `2e+1`, `3E+9`: a product with a variable (or Euler's number), not scientific notation.
  t = t.replace(/(\d)\s*([eE])(?![a-zA-Z])/g, '$1\\cdot $2');
  return t;
}
