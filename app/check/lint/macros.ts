// Macros a document defines for itself: \newcommand, \renewcommand, \providecommand, \def,
// \DeclareMathOperator, \let — in the preamble, in the body or inside math ($\newcommand{\R}{…}$ in
// Markdown). The result is a KaTeX `macros` map (name with backslash → expansion).

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

const DEFINERS = /\\(newcommand|renewcommand|providecommand|DeclareMathOperator|def|let)(\*?)/g;

export function collectMacros(text: string): Record<string, string> {
  const macros: Record<string, string> = {};
  DEFINERS.lastIndex = 0;
  for (let m = DEFINERS.exec(text); m; m = DEFINERS.exec(text)) {
    const kind = m[1];
    let i = m.index + m[0].length;
    // The macro name: {\name} or \name.
    let name: string | null = null;
    const braced = group(text, i);
    if (braced && /^\s*\\[A-Za-z@]+\s*$/.test(braced.inner)) {
      name = braced.inner.trim();
      i = braced.end;
    } else {
      const bare = /^\s*(\\[A-Za-z@]+|\\.)/.exec(text.slice(i));
      if (!bare) continue;
      name = bare[1];
      i += bare[0].length;
    }
    if (kind === 'let') {
      const target = /^\s*=?\s*(\\[A-Za-z@]+|\\.)/.exec(text.slice(i));
      if (target) macros[name] = target[1];
      continue;
    }
    if (kind === 'def') {
      // \def\name#1#2{…}: skip the parameter text.
      const params = /^(#\d)*/.exec(text.slice(i));
      i += params ? params[0].length : 0;
    } else if (kind !== 'DeclareMathOperator') {
      const count = /^\s*\[(\d)\]/.exec(text.slice(i));
      if (count) i += count[0].length;
      const optional = /^\s*\[[^\]]*\]/.exec(text.slice(i));
      if (optional) i += optional[0].length;
    }
    const body = group(text, i);
    if (!body) continue;
    macros[name] = kind === 'DeclareMathOperator' ? `\\operatorname${m[2]}{${body.inner}}` : body.inner;
    DEFINERS.lastIndex = body.end;
  }
  return macros;
}
