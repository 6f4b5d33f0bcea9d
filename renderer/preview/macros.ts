// User macros from the document (`\newcommand`, `\renewcommand`, `\DeclareMathOperator`, `\def`),
// turned into KaTeX's `macros` option. A per-workspace macro file goes through the same parser.

export type MacroTable = Record<string, string>;

/** The balanced `{…}` group starting at `i` (text[i] === '{'): its inner text and the offset after it. */
function readGroup(text: string, i: number): { inner: string; next: number } | null {
  if (text[i] !== '{') return null;
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') { j++; continue; }
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return { inner: text.slice(i + 1, j), next: j + 1 };
    }
  }
  return null;
}

function skipSpaces(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

const DEFINER_RE = /\\(newcommand|renewcommand|providecommand|DeclareMathOperator)(\*?)|\\def(?=\\)/g;

/** Extracts macro definitions in document order (a later definition wins, as in LaTeX with \renew). */
export function extractMacros(text: string): MacroTable {
  const macros: MacroTable = {};
  DEFINER_RE.lastIndex = 0;
  for (let m = DEFINER_RE.exec(text); m; m = DEFINER_RE.exec(text)) {
    let i = skipSpaces(text, m.index + m[0].length);
    // The name: `{\foo}` or `\foo`.
    let name: string | null = null;
    if (text[i] === '{') {
      const g = readGroup(text, i);
      if (!g) continue;
      name = g.inner.trim();
      i = g.next;
    } else {
      const bare = /^\\[A-Za-z]+/.exec(text.slice(i, i + 64));
      if (!bare) continue;
      name = bare[0];
      i += bare[0].length;
    }
    if (!/^\\[A-Za-z]+$/.test(name)) continue;
    if (m[1] === 'DeclareMathOperator') {
      const body = readGroup(text, skipSpaces(text, i));
      if (body) macros[name] = `\\operatorname${m[2]}{${body.inner}}`;
      continue;
    }
    if (m[0] === '\\def') {
      // \def\foo#1#2{…}: KaTeX reads #n in the body the same way.
      const params = /^(#\d)*/.exec(text.slice(i))![0];
      const body = readGroup(text, i + params.length);
      if (body) macros[name] = body.inner;
      continue;
    }
    i = skipSpaces(text, i);
    // Optional [n] argument count and [default] for the first argument (KaTeX infers the count from #n).
    let hasDefault = false;
    const count = /^\[(\d)\]/.exec(text.slice(i, i + 4));
    if (count) {
      i = skipSpaces(text, i + count[0].length);
      if (text[i] === '[') {
        hasDefault = true;
        const close = text.indexOf(']', i);
        if (close < 0) continue;
        i = skipSpaces(text, close + 1);
      }
    }
    const body = readGroup(text, i);
    if (!body || hasDefault) continue; // optional-argument macros are not supported by KaTeX's table
    if (m[1] === 'providecommand' && name in macros) continue;
    macros[name] = body.inner;
  }
  return macros;
}

/** A stable fingerprint of a macro table, part of every block's cache key. */
export function macrosKey(macros: MacroTable): string {
  return Object.keys(macros).sort().map((k) => `${k}=${macros[k]}`).join('\u0000');
}
