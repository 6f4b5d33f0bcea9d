// Reads the user's copy of the released DeepSeekMath-V2 inference templates (`inference/math_templates.py`
// in deepseek-ai/DeepSeek-Math-V2) and turns them into template overrides for our `deepseek-math-v2`
// profile. Nothing of theirs ships with Proofwright: the user points at their own file.
//
// What the released code relies on (inference/main.py): a dict `math_templates` whose entries are
// Python `str.format` templates — `proof_generation` ({question}), `proof_verification` ({statement},
// {proof}), `meta_verification` ({statement}, {proof}, {rating}) and `proof_refinement` ({instruction}:
// the formatted generation prompt, {proofs_to_refine}). The file is read as data, never run: string
// literals (any quotes, r/u prefixes, implicit concatenation, parentheses, `.strip()`), module-level
// names bound to them, and the dict's entries (a literal or one of those names).

/** Our role for each released template key, and how their placeholders map onto our slots. */
export const RELEASED_TEMPLATES = {
  proof_generation: { role: 'generate', slots: { question: 'problem' } },
  proof_verification: { role: 'verify', slots: { statement: 'problem', proof: 'proof' } },
  meta_verification: { role: 'meta-verify', slots: { statement: 'problem', proof: 'proof', rating: 'analysis' } },
  proof_refinement: { role: 'refine', slots: { instruction: 'instruction', proofs_to_refine: 'candidates' } },
} as const;

export type ReleasedKey = keyof typeof RELEASED_TEMPLATES;

/** A file that does not have the expected templates; the message says what is missing or wrong. */
export class ReleasedTemplatesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReleasedTemplatesError';
  }
}

/** One template converted: our role, and the body in our `{{slot}}` syntax. */
export interface ConvertedTemplate {
  key: ReleasedKey;
  role: (typeof RELEASED_TEMPLATES)[ReleasedKey]['role'];
  body: string;
}

/**
 * The four released templates of a `math_templates.py` text, converted to our slots. Throws
 * ReleasedTemplatesError naming what is missing (no `math_templates` dict, a missing key, an unknown
 * placeholder, a value that is not a string).
 */
export function convertReleasedTemplates(source: string, fileName = 'math_templates.py'): ConvertedTemplate[] {
  const entries = readTemplatesDict(source, fileName);
  const missing = (Object.keys(RELEASED_TEMPLATES) as ReleasedKey[]).filter((k) => !entries.has(k));
  if (missing.length) {
    throw new ReleasedTemplatesError(
      `${fileName}: the math_templates dict has no ${missing.map((k) => `"${k}"`).join(', ')} template${missing.length > 1 ? 's' : ''}; expected the released DeepSeekMath-V2 inference templates (proof_generation, proof_verification, meta_verification, proof_refinement)`,
    );
  }
  return (Object.keys(RELEASED_TEMPLATES) as ReleasedKey[]).map((key) => {
    const { role, slots } = RELEASED_TEMPLATES[key];
    return { key, role, body: pythonFormatToSlots(entries.get(key)!, slots as Record<string, string>, `${fileName}: "${key}"`) };
  });
}

/**
 * A Python `str.format` template in our syntax: `{name}` → `{{slot}}` through `slots`, `{{`/`}}` →
 * literal braces. Any other field (`{0}`, `{x!r}`, an unknown name) is refused: the prompt would differ.
 */
export function pythonFormatToSlots(template: string, slots: Record<string, string>, where: string): string {
  let out = '';
  const used = new Set<string>();
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if ((c === '{' || c === '}') && template[i + 1] === c) {
      out += c;
      i++;
    } else if (c === '{') {
      const end = template.indexOf('}', i);
      const field = end < 0 ? template.slice(i) : template.slice(i + 1, end);
      const slot = slots[field];
      if (end < 0 || slot === undefined) {
        throw new ReleasedTemplatesError(`${where} has the placeholder {${field}${end < 0 ? '' : '}'}; expected only ${Object.keys(slots).map((s) => `{${s}}`).join(', ')}`);
      }
      used.add(field);
      out += `{{${slot}}}`;
      i = end;
    } else if (c === '}') {
      throw new ReleasedTemplatesError(`${where} has a lone "}" (str.format would refuse it)`);
    } else {
      out += c;
    }
  }
  const unused = Object.keys(slots).filter((s) => !used.has(s));
  if (unused.length) throw new ReleasedTemplatesError(`${where} does not use ${unused.map((s) => `{${s}}`).join(', ')}; is this the released file?`);
  return out;
}

// ---- reading the Python file as data ----

type Token = { kind: 'string'; value: string; at: number } | { kind: 'name'; value: string; at: number } | { kind: 'op'; value: string; at: number };

/** The `math_templates` dict's string entries, names resolved. */
function readTemplatesDict(source: string, fileName: string): Map<string, string> {
  const tokens = tokenize(source, fileName);
  const names = new Map<string, string>();
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'op' && '([{'.includes(t.value)) depth++;
    else if (t.kind === 'op' && ')]}'.includes(t.value)) depth--;
    if (depth !== 0 || t.kind !== 'name' || tokens[i + 1]?.value !== '=' || tokens[i + 1]?.kind !== 'op') continue;
    if (t.value === 'math_templates' && tokens[i + 2]?.value === '{') return readDict(tokens, i + 3, names, fileName);
    const value = readStringExpr(tokens, i + 2);
    if (value) names.set(t.value, value.value);
  }
  throw new ReleasedTemplatesError(`${fileName}: no "math_templates = {…}" dict found; expected the released DeepSeekMath-V2 inference templates file (inference/math_templates.py)`);
}

function readDict(tokens: Token[], start: number, names: Map<string, string>, fileName: string): Map<string, string> {
  const entries = new Map<string, string>();
  let i = start;
  while (i < tokens.length && tokens[i].value !== '}') {
    const key = tokens[i];
    if (key.kind !== 'string' || tokens[i + 1]?.value !== ':') throw new ReleasedTemplatesError(`${fileName}: math_templates entry at ${lineOf(tokens, i)} is not "key": value`);
    const literal = readStringExpr(tokens, i + 2);
    let next: number;
    if (literal) {
      entries.set(key.value, literal.value);
      next = literal.next;
    } else if (tokens[i + 2]?.kind === 'name' && names.has(tokens[i + 2].value)) {
      entries.set(key.value, names.get(tokens[i + 2].value)!);
      next = i + 3;
    } else {
      throw new ReleasedTemplatesError(`${fileName}: math_templates["${key.value}"] is not a string (or a name bound to one) at ${lineOf(tokens, i + 2)}`);
    }
    i = tokens[next]?.value === ',' ? next + 1 : next;
  }
  if (i >= tokens.length) throw new ReleasedTemplatesError(`${fileName}: the math_templates dict is not closed`);
  return entries;
}

/** Adjacent string literals (optionally in parentheses, optionally `.strip()`ped): their value and the next token. */
function readStringExpr(tokens: Token[], start: number): { value: string; next: number } | null {
  let i = start;
  let parens = 0;
  while (tokens[i]?.value === '(' && tokens[i].kind === 'op') {
    parens++;
    i++;
  }
  let value = '';
  let any = false;
  while (tokens[i]?.kind === 'string') {
    value += tokens[i].value;
    any = true;
    i++;
  }
  if (!any) return null;
  for (; parens > 0; parens--) {
    if (tokens[i]?.value !== ')') return null;
    i++;
  }
  // `.strip()`, `.lstrip()`, `.rstrip()`: Python's default strips whitespace.
  while (tokens[i]?.value === '.' && tokens[i + 1]?.kind === 'name' && tokens[i + 2]?.value === '(' && tokens[i + 3]?.value === ')') {
    const method = tokens[i + 1].value;
    if (method === 'strip') value = value.trim();
    else if (method === 'lstrip') value = value.trimStart();
    else if (method === 'rstrip') value = value.trimEnd();
    else return null;
    i += 4;
  }
  return { value, next: i };
}

function lineOf(tokens: Token[], i: number): string {
  return tokens[i] ? `offset ${tokens[i].at}` : 'the end of the file';
}

/** Python tokens enough for module-level assignments of string literals: names, strings, operators. */
function tokenize(source: string, fileName: string): Token[] {
  const tokens: Token[] = [];
  const text = source.replace(/\r\n?/g, '\n');
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (/\s/.test(c) || c === '\\') {
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_]\w*/.exec(text.slice(i, i + 200))!;
      const word = m[0];
      const quote = text[i + word.length];
      if ((quote === '"' || quote === "'") && /^(?:r|u|R|U)$/.test(word)) {
        const s = readString(text, i + word.length, /r/i.test(word), fileName);
        tokens.push({ kind: 'string', value: s.value, at: i });
        i = s.end;
      } else if ((quote === '"' || quote === "'") && /^(?:[fb]|rb|br|rf|fr)$/i.test(word)) {
        throw new ReleasedTemplatesError(`${fileName}: a ${word}-string at offset ${i} cannot be read as plain data`);
      } else {
        tokens.push({ kind: 'name', value: word, at: i });
        i += word.length;
      }
    } else if (c === '"' || c === "'") {
      const s = readString(text, i, false, fileName);
      tokens.push({ kind: 'string', value: s.value, at: i });
      i = s.end;
    } else {
      tokens.push({ kind: 'op', value: c, at: i });
      i++;
    }
  }
  return tokens;
}

/** One string literal from its opening quote; escapes decoded as Python does (unless raw). */
function readString(text: string, start: number, raw: boolean, fileName: string): { value: string; end: number } {
  const q = text[start];
  const triple = text.startsWith(q.repeat(3), start);
  const close = triple ? q.repeat(3) : q;
  let i = start + close.length;
  let value = '';
  for (;;) {
    if (i >= text.length || (!triple && text[i] === '\n')) throw new ReleasedTemplatesError(`${fileName}: unterminated string starting at offset ${start}`);
    if (text.startsWith(close, i)) return { value, end: i + close.length };
    const c = text[i];
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (raw) {
      // In a raw string a backslash stays, and only keeps the next character from ending the string.
      value += c + (next ?? '');
      i += 2;
      continue;
    }
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };
    if (next in simple) {
      value += simple[next];
      i += 2;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const len = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = text.slice(i + 2, i + 2 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) throw new ReleasedTemplatesError(`${fileName}: bad \\${next} escape at offset ${i}`);
      value += String.fromCodePoint(parseInt(hex, 16));
      i += 2 + len;
    } else if (/[0-7]/.test(next)) {
      const oct = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))![0];
      value += String.fromCharCode(parseInt(oct, 8));
      i += 1 + oct.length;
    } else {
      // Python keeps an unknown escape as written (with a warning): `\s` stays `\s`.
      value += c;
      i++;
    }
  }
}
