// What the document says about its variables: stated domains (`x > 0`, `0 < t < 1`, `n \ge 1`,
// `n \in \mathbb{N}`, "for all positive reals $x, y$") and values fixed nearby (`Let $n = 5$`).
// Domains are collected from the whole document and intersected: contradictory statements leave a
// variable with an empty domain, and its relations unchecked (silence over guessing).
import { mathFragments } from '../../common/tex/math';
import { RunCache } from './cache';
import { relationPairs } from './chains';
import { EQUALITY_CASE, EXCEPTING, LIST_AFTER, statesNoDomain, boundInCase, caseBoundaries, dismissedCase, reboundElsewhere, closedStretches, partAt, sectionAt, sectionStarts, movingOnPoints, nameOf, sharedBoundList, valueScopeEnd, namedVariableOf, placeFacts, readFragmentFacts, sentenceAround, type ContextFact, type FragmentFacts } from './facts';
import { evaluate, numberValue, Undecidable } from './evaluate';
import { parseSide } from './parse';
import type { Domain } from './sample';

export interface MathSource {
  tex: string;
  /** Document offset of the fragment's content. */
  start: number;
  end: number;
  display: boolean;
}

export interface Assignment {
  name: string;
  value: number;
  at: number;
  /** Where the value stops holding: the proof moves on from its case (facts.ts `valueScopeEnd`). */
  until: number;
}

/** A stated order between two variables (`1 \\le m \\le n` gives m ≤ n): sample points in its section must respect it. */
export interface VariableRelation {
  left: string;
  op: '<' | '>' | '\\le' | '\\ge' | '\\ne';
  right: string;
  /** The sections it holds in (indices into facts.ts `sectionStarts`): from the one stating it up to `untilSection`, excluded. */
  section?: number;
  untilSection?: number;
  /** For an order implied through another name (`a < b < c` gives a < c): that name. */
  via?: string;
}

export interface DocumentContext {
  /** Domains stated outside any problem or part (a statement above "Part (a)", a document without labels): everywhere. */
  domains: Map<string, Domain>;
  /**
   * Domains stated inside a problem or part (facts.ts `partAt`), by the index of its section in `sectionStarts`:
   * "Then $x \ge 3$" in part (a) is no domain of part (b). A later same part (the solution's "(b)") has them too.
   */
  partDomains: Map<number, Map<string, Domain>>;
  assignments: Assignment[];
  relations: VariableRelation[];
  text: string;
  /** Definitions, hypotheses and constraints the text states, in document order (facts.ts). */
  facts: ContextFact[];
  /** `e` / `Pi` when the text names a variable so. */
  namedVariables: Set<string>;
  /** Indices into `facts` by the base letters they mention (a fragment looks up only its own letters). */
  factIndex: Map<string, FactScopes>;
}

/**
 * The facts that mention one letter, arranged so that finding those in scope at an offset does not
 * walk all of them: a long document states `x = …` in every paragraph, and a scan of every earlier
 * statement per formula made checking quadratic in the document's length.
 */
export interface FactScopes {
  /** Facts whose scope ends within a few paragraphs, by where they are stated; `maxUntil[j]` is the latest scope end among the first j+1. */
  short: { index: number[]; at: number[]; until: number[]; maxUntil: number[] };
  /**
   * Facts in scope far beyond where they are stated (definitions, document-wide hypotheses), by what
   * they say (`ContextFact.key`), each list in document order: a statement repeated in every paragraph
   * (`for $x > 0$`) is one list, of which a fragment needs only the latest occurrence in scope.
   */
  long: Map<string, number[]>;
}

/** A scope longer than this (in characters) is kept in `FactScopes.long`. */
const LONG_SCOPE = 4000;

/** Files fact `i` under letter `key`. Facts must be added in index order. */
function fileFact(index: Map<string, FactScopes>, key: string, i: number, fact: ContextFact): void {
  let scopes = index.get(key);
  if (!scopes) index.set(key, (scopes = { short: { index: [], at: [], until: [], maxUntil: [] }, long: new Map() }));
  if (fact.until - fact.at > LONG_SCOPE) {
    let same = scopes.long.get(fact.key);
    if (!same) scopes.long.set(fact.key, (same = []));
    if (same[same.length - 1] !== i) same.push(i);
    return;
  }
  const { short } = scopes;
  if (short.index[short.index.length - 1] === i) return;
  // Keep the list sorted by offset (facts come in document order, so this is almost always an append).
  let j = short.index.length;
  while (j > 0 && short.at[j - 1] > fact.at) j--;
  short.index.splice(j, 0, i);
  short.at.splice(j, 0, fact.at);
  short.until.splice(j, 0, fact.until);
  short.maxUntil.splice(j, 0, fact.until);
  for (let k = j; k < short.index.length; k++) short.maxUntil[k] = Math.max(short.until[k], k > 0 ? short.maxUntil[k - 1] : -Infinity);
}

/**
 * Indices of the facts filed under `key` that are in scope at `at` (stated before it, scope not yet
 * ended), plus those stated in `(at, aheadTo]` (a "where …" after the formula). A superset filter is
 * fine: the caller applies its own test to each; this only avoids visiting facts that cannot pass.
 * Of a statement made many times with a long scope, only the latest occurrence in scope is given: the
 * caller keeps one fact per statement, placed at its latest occurrence, so the others change nothing.
 */
export function factsNear(ctx: DocumentContext, key: string, at: number, aheadTo: number, out: Set<number>): void {
  const scopes = ctx.factIndex.get(key);
  if (!scopes) return;
  for (const same of scopes.long.values()) {
    const lo = firstNotBefore(same.length, (j) => ctx.facts[same[j]].at, at);
    for (let j = lo - 1; j >= 0; j--) {
      if (ctx.facts[same[j]].until <= at) continue;
      out.add(same[j]);
      break;
    }
    for (let j = lo; j < same.length && ctx.facts[same[j]].at <= aheadTo; j++) out.add(same[j]);
  }
  const { index, at: ats, maxUntil } = scopes.short;
  // Last fact stated before `at`.
  const lo = firstNotBefore(ats.length, (j) => ats[j], at);
  for (let j = lo - 1; j >= 0 && maxUntil[j] > at; j--) out.add(index[j]);
  for (let j = lo; j < ats.length && ats[j] <= aheadTo; j++) out.add(index[j]);
}

/** The first j in [0, n) with `value(j) >= at`, for values ascending in j (binary search); n when none. */
function firstNotBefore(n: number, value: (j: number) => number, at: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value(mid) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Variables conventionally integers when nothing else is said about them. */
export const INTEGER_NAMES = new Set(['i', 'j', 'k', 'l', 'm', 'n', 'N', 'M', 'K']);

/** The value of a side without variables (`2^{10}`, `\frac{3}{4}`), or null when it has any or none is finite. */
export function constantValue(tex: string): number | null {
  const json = parseSide(tex.trim());
  if (json === null) return null;
  try {
    const value = evaluate(json, new Map(), { logBase: Math.E, variables: new Set() });
    return Number.isFinite(value) ? value : null;
  } catch (error) {
    if (error instanceof Undecidable) return null;
    throw error;
  }
}

function domainOf(domains: Map<string, Domain>, name: string): Domain {
  let d = domains.get(name);
  if (!d) {
    d = { integer: false, stated: false };
    domains.set(name, d);
  }
  return d;
}

/**
 * Splits at commas outside brackets (`x \\in [0, 1], y > 0`). An interval may open with `]` and close
 * with `[` (`x \\in \\left]3, +\\infty\\right[`, `x \\in ]0, 1[`, the French notation): a `]` right after
 * `\\in` or `\\left` opens one, and while it is open a `[` closes it.
 */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  const open: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      // `\\{0, 1\\}` is a set: its commas do not split.
      if (text[i + 1] === '{') open.push('{');
      else if (text[i + 1] === '}') open.pop();
      i++;
      continue;
    }
    if (ch === ']' && /(?:\\in|\\left|∈)\s*$/.test(text.slice(Math.max(0, i - 12), i))) open.push(']');
    else if (ch === '[' && open[open.length - 1] === ']') open.pop();
    else if ('([{'.includes(ch)) open.push(ch);
    else if (')]}'.includes(ch)) open.pop();
    else if (ch === ',' && open.length === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function addLower(d: Domain, value: number, strict: boolean): void {
  d.stated = true;
  // A sampling window the checker made room with gives way to a bound the text states.
  if (d.roomLower) {
    delete d.roomLower;
    d.lower = undefined;
  }
  // The window above made room 12 units wide from 0; a stated bound past it moves it (`x \ge 100` left no value, rev17).
  if (d.roomUpper && d.upper !== undefined && value >= d.upper) d.upper = value + 12;
  if (d.lower === undefined || value > d.lower || (value === d.lower && strict)) {
    d.lower = value;
    d.lowerStrict = strict;
  }
}

function addUpper(d: Domain, value: number, strict: boolean): void {
  d.stated = true;
  if (d.roomUpper) {
    delete d.roomUpper;
    d.upper = undefined;
  }
  if (d.roomLower && d.lower !== undefined && value <= d.lower) d.lower = value - 12;
  if (d.upper === undefined || value < d.upper || (value === d.upper && strict)) {
    d.upper = value;
    d.upperStrict = strict;
  }
}

/** Narrows a domain by `v op value` (`varOnLeft`) or `value op v`. */
export function applyBound(d: Domain, op: string, value: number, varOnLeft: boolean): void {
  const flipped = varOnLeft ? op : op === '<' ? '>' : op === '>' ? '<' : op === '\\le' ? '\\ge' : op === '\\ge' ? '\\le' : op;
  if (flipped === '>') addLower(d, value, true);
  else if (flipped === '\\ge') addLower(d, value, false);
  else if (flipped === '<') addUpper(d, value, true);
  else if (flipped === '\\le') addUpper(d, value, false);
  else if (flipped === '\\ne') excludeValue(d, value);
}

/** `x \\ne c`: the value left out of a domain (0 as `nonzero`, which messages and sampling name so). */
export function excludeValue(d: Domain, value: number): void {
  d.stated = true;
  if (value === 0) d.nonzero = true;
  else if (!d.except?.includes(value)) d.except = [...(d.except ?? []), value];
}

/** `\\mathbb{N}`, `\\N`, `ℕ` without an index (`\\mathbb{N}_0` always holds 0). */
const PLAIN_NATURALS = /^(?:\\mathbb\s*\{?N\}?|\\N|ℕ)$/;
const NATURALS = String.raw`(?:\\mathbb\s*\{?\s*N\s*\}?|\\N(?![a-zA-Z])|ℕ)`;
const INLINE_END = String.raw`(?:\$|\\\))?`;
/**
 * A text that says its ℕ starts at 1: `\\mathbb{N} = \\{1, 2, 3, \\dots\\}`, `\\mathbb{N} = \\mathbb{Z}^+` (or `\\mathbb{Z}_{>0}`,
 * `\\mathbb{Z}_{\\ge 1}`), `0 \\notin \\mathbb{N}`, "$\\mathbb{N}$ denotes the positive integers", "the set $\\mathbb{N}$ of positive
 * integers", "natural numbers start at 1", "0 is not a natural number".
 */
const NATURALS_FROM_ONE = new RegExp(
  [
    String.raw`${NATURALS}\s*(?::=|=|\\coloneqq)\s*(?:\\left\s*)?\\\{\s*1\s*,`,
    String.raw`${NATURALS}\s*(?::=|=|\\coloneqq)\s*(?:\\mathbb\s*\{?\s*Z\s*\}?|\\Z(?![a-zA-Z])|ℤ)\s*(?:\^\s*\{?\s*\+|_\s*\{?\s*(?:>|\\gt(?![a-zA-Z]))\s*0|_\s*\{?\s*(?:≥|\\geq?(?![a-zA-Z]))\s*1)`,
    String.raw`\b0\s*(?:\\notin|\\not\s*\\in|∉)\s*${NATURALS}`,
    String.raw`${NATURALS}\s*${INLINE_END}\s*(?:denotes|is|stands\s+for|means|will\s+denote|to\s+be|for|as)\s+(?:the\s+set\s+of\s+)?(?:all\s+)?(?:the\s+)?(?:strictly\s+)?positive\s+integers`,
    String.raw`\b(?:set|ring|semiring)\s+(?:\$|\\\()\s*${NATURALS}\s*${INLINE_END}\s*of\s+(?:all\s+)?(?:strictly\s+)?positive\s+integers`,
    String.raw`\bnatural\s+numbers\s+(?:start|begin|starting|beginning)\s+(?:at|with|from)\s+(?:\$\s*)?1\b`,
    String.raw`\b(?:\$\s*)?0\s*(?:\$\s*)?is\s+not\s+(?:a\s+)?natural\s+number`,
  ].join('|'),
  'i',
);

let naturalsMemo: { text: string; from: 0 | 1 } = { text: '', from: 0 };
/** The least natural number of a text: 1 where it says so (`NATURALS_FROM_ONE`), else 0 (ISO 80000-2's ℕ); read once per text. */
export function naturalsFrom(text: string): 0 | 1 {
  if (naturalsMemo.text !== text) naturalsMemo = { text, from: NATURALS_FROM_ONE.test(text) ? 1 : 0 };
  return naturalsMemo.from;
}

const SET_DOMAINS: [RegExp, Partial<Domain>][] = [
  [/^\\mathbb\s*\{?N\}?(?:_\{?0\}?)?$|^\\N$/, { integer: true, lower: 0 }],
  [/^\\mathbb\s*\{?Z\}?\s*(?:\^\{?\+\}?|_\{?>\s*0\}?)$/, { integer: true, lower: 1 }],
  [/^\\mathbb\s*\{?Z\}?$|^\\Z$/, { integer: true }],
  [/^\\mathbb\s*\{?R\}?\s*(?:\^\{?\+\}?|_\{?>\s*0\}?|_\{?\+\}?)$/, { lower: 0, lowerStrict: true }],
  [/^\\mathbb\s*\{?R\}?\s*(?:_\{?\\ge(?:q)?\s*0\}?)$/, { lower: 0 }],
  // `x \in \mathbb{R}` claims every real, negative ones included; `\mathbb{R} \setminus \{0\}`, `\mathbb{R}^*` every non-zero one.
  [/^(?:\\mathbb\s*\{?R\}?|\\R|ℝ)\s*(?:\\setminus|\\backslash|-)\s*\\\{\s*0\s*\\\}$|^(?:\\mathbb\s*\{?R\}?|\\R|ℝ)\s*(?:\^\{?\*\}?|_\{?\\neq?\s*0\}?)$/, { real: true, nonzero: true }],
  [/^(?:\\mathbb\s*\{?R\}?|\\R|ℝ)$/, { real: true }],
];

/**
 * A number set marked with signs in its indices, as people write them: `\mathbb{R}^-`, `\mathbb{R}^+_0`, `\mathbb{R}_+^*`,
 * `\mathbb{Z}^-`, `\mathbb{Z}^+`, `\mathbb{Z}_{\ge 0}` (read by `restrictedSet`), `\mathbb{N}^*`, `ℕ^+`, `\mathbb{Q}^+` (as reals):
 * `+` positive, `-` negative, `0` with either the ends included, `*` without 0. Null for any other index
 * (`\mathbb{Z}_7` is a ring of residues, `\mathbb{R}^2` a plane).
 */
function signedSet(set: string): Partial<Domain> | null {
  const m = /^(?:\\mathbb\s*\{?([RZNQ])\}?|\\([RZNQ])(?![a-zA-Z])|([ℝℤℕℚ]))\s*((?:[_^]\s*(?:\{[^{}]*\}|[^\s{}]))+)$/.exec(set);
  if (!m) return null;
  const letter = m[1] ?? m[2] ?? { ℝ: 'R', ℤ: 'Z', ℕ: 'N', ℚ: 'Q' }[m[3]]!;
  const marks = m[4].replace(/[_^{}\s]/g, '');
  if (!/^[-+*0]+$/.test(marks) || new Set(marks).size !== marks.length || (marks.includes('+') && marks.includes('-'))) return null;
  const sign = marks.includes('+') ? 1 : marks.includes('-') ? -1 : 0;
  const zero = marks.includes('0');
  const integer = letter === 'Z' || letter === 'N';
  if (letter === 'N') {
    if (sign < 0) return null;
    return { integer: true, lower: marks.includes('+') || marks.includes('*') ? 1 : 0 };
  }
  if (sign === 0) return zero ? null : { integer, nonzero: true, ...(integer ? {} : { real: true }) };
  if (integer) return sign > 0 ? { integer, lower: zero ? 0 : 1 } : { integer, upper: zero ? 0 : -1 };
  return sign > 0 ? { lower: 0, lowerStrict: !zero } : { upper: 0, upperStrict: !zero };
}

const ORDER_SIGNS: Record<string, string> = { '>': '>', '<': '<', '≥': '\\ge', '⩾': '\\ge', '≤': '\\le', '⩽': '\\le' };

/**
 * A number set cut by a bound in its index: `\mathbb{R}_{\ge 3}`, `\mathbb{Z}_{> 1}`, `ℝ_{⩾ 2}`,
 * `\mathbb{N}^{\geq 5}` — the numbers (integers) on that side of the bound; null for anything else
 * (`\mathbb{Z}_7` is a ring of residues, not a bound).
 */
function restrictedSet(set: string): { integer: boolean; natural: boolean; op: string; value: number } | null {
  const m = /^(?:\\mathbb\s*\{?([RZNQ])\}?|\\([RZNQ])(?![a-zA-Z])|([ℝℤℕℚ]))\s*[_^]\s*\{\s*(>|<|≥|≤|⩾|⩽|\\[gl]eq?(?:slant)?(?![a-zA-Z])|\\[gl]t(?![a-zA-Z]))\s*(.+?)\s*\}$/.exec(set);
  if (!m) return null;
  const letter = m[1] ?? m[2] ?? { ℝ: 'R', ℤ: 'Z', ℕ: 'N', ℚ: 'Q' }[m[3]];
  const sign = m[4];
  const op = ORDER_SIGNS[sign] ?? (/^\\g[et]/.test(sign) ? (sign.startsWith('\\gt') ? '>' : '\\ge') : sign.startsWith('\\lt') ? '<' : '\\le');
  const value = constantValue(m[5]);
  if (value === null) return null;
  return { integer: letter === 'Z' || letter === 'N', natural: letter === 'N', op, value };
}

/** Reads one math fragment as a constraint statement, if it is one; `from` is the text's least natural number (`naturalsFrom`). */
function readConstraint(tex: string, at: number, ctx: DocumentContext, from: 0 | 1 = 0): void {
  const spaced = tex.replace(/\\[,;!: ]|~/g, ' ').replace(/\\(?:text|mbox)\{[^{}]*\}/g, ' , ').trim();
  // `0 < x, y < 1`: both names lie between the ends (sharedBoundList).
  const clean = sharedBoundList(spaced) ?? spaced;
  // "x, y \in S" / "x, y > 0": a list of variables sharing one statement.
  const parts = splitTopLevel(clean.replace(/\\q?quad\b/g, ','));
  const statements: string[] = [];
  for (let k = 0; k < parts.length; k++) {
    // "x, y > 0": a run of bare variables shares the statement that follows them.
    const run: string[] = [];
    while (k < parts.length - 1 && nameOf(parts[k]) !== null) run.push(parts[k++]);
    const statement = parts[k];
    const head = /^\s*(.+?)\s*(\\in\b|>|<|[≤≥≠⩽⩾]|\\geq?\b|\\leq?\b|\\neq?\b)(.*)$/.exec(statement);
    if (run.length && head && nameOf(head[1]) !== null) {
      for (const name of run) statements.push(`${name} ${head[2]} ${head[3]}`);
    }
    statements.push(statement);
  }

  for (const statement of statements) {
    // `x \\notin \\{0, 1\\}`, `x \\in \\mathbb{R} \\setminus \\{1\\}`: the values left out (every other real, both signs).
    const outside = /^(.+?)(?:\\notin|\\not\s*\\in|∉)\s*(?:\\left)?\\\{(.+)(?:\\right)?\\\}$/.exec(statement.trim()) ?? /^(.+?)\\in\s*(?:\\mathbb\s*\{?R\}?|\\R|ℝ)\s*(?:\\setminus|\\backslash)\s*(?:\\left)?\\\{(.+)(?:\\right)?\\\}$/.exec(statement.trim());
    if (outside) {
      const name = nameOf(outside[1]);
      const values = outside[2].replace(/\\right\s*$/, '').split(',').map((v) => constantValue(v));
      if (name === null || values.some((v) => v === null)) continue;
      const d = domainOf(ctx.domains, name);
      for (const v of values) excludeValue(d, v!);
      if (/\\mathbb|\\R|ℝ/.test(statement)) d.real = true;
      continue;
    }
    const inMatch = /^(.+?)\\in\s*(.+)$/.exec(statement.trim());
    if (inMatch) {
      const name = nameOf(inMatch[1]);
      if (name === null) continue;
      const set = inMatch[2].trim();
      const known = SET_DOMAINS.find(([re]) => re.test(set))?.[1] ?? signedSet(set);
      const d = domainOf(ctx.domains, name);
      // "Here $\\mathbb{N} = \\{1, 2, \\dots\\}$": the text's own ℕ (rev8 d20: `2^n \\ge 2` failed at n = 0).
      if (from === 1 && PLAIN_NATURALS.test(set)) addLower(d, 1, false);
      if (known) {
        if (known.integer) {
          d.integer = true;
          d.stated = true;
        }
        if (known.lower !== undefined) addLower(d, known.lower, Boolean(known.lowerStrict));
        if (known.upper !== undefined) addUpper(d, known.upper, Boolean(known.upperStrict));
        if (known.real) d.real = true;
        if (known.nonzero) excludeValue(d, 0);
        continue;
      }
      const restricted = restrictedSet(set);
      if (restricted) {
        if (restricted.integer) {
          d.integer = true;
          d.stated = true;
        }
        if (restricted.integer && restricted.natural) addLower(d, from, false);
        applyBound(d, restricted.op, restricted.value, true);
        continue;
      }
      // `[2, +\infty)`, and the French `]3, +\infty[` (an outward bracket leaves the end out).
      const interval = /^(?:\\left)?([([\]])(.+),(.+?)(?:\\right)?([)\][])$/.exec(set);
      if (interval) {
        const lo = /\\infty|∞/.test(interval[2]) ? null : constantValue(interval[2]);
        const hi = /\\infty|∞/.test(interval[3]) ? null : constantValue(interval[3]);
        if (lo !== null) addLower(d, lo, interval[1] !== '[');
        if (hi !== null) addUpper(d, hi, interval[4] !== ']');
        // `x \in [a, b]`: ends that are names order x between them (a ≤ x ≤ b), as `a \le x \le b` would.
        const loName = lo === null && !/\\infty|∞/.test(interval[2]) ? nameOf(interval[2]) : null;
        const hiName = hi === null && !/\\infty|∞/.test(interval[3]) ? nameOf(interval[3]) : null;
        if (loName !== null && loName !== name) ctx.relations.push({ left: name, op: interval[1] === '[' ? '\\ge' : '>', right: loName });
        if (hiName !== null && hiName !== name) ctx.relations.push({ left: name, op: interval[4] === ']' ? '\\le' : '<', right: hiName });
      }
      continue;
    }
    for (const pair of relationPairs(statement, 0)) {
      // A congruence (`x \equiv 2 \pmod 7`) is no bound or order on the reals: facts.ts reads it with its modulus.
      if (pair.op === '\\equiv' || pair.op === '\\not\\equiv') continue;
      const leftName = nameOf(pair.left.tex);
      const rightName = nameOf(pair.right.tex);
      if (leftName !== null && rightName === null) {
        const value = constantValue(pair.right.tex);
        if (value === null) continue;
        if (pair.op === '=') ctx.assignments.push({ name: leftName, value, at, until: Infinity });
        else applyBound(domainOf(ctx.domains, leftName), pair.op, value, true);
      } else if (leftName !== null && rightName !== null && pair.op !== '=') {
        ctx.relations.push({ left: leftName, op: pair.op, right: rightName });
      } else if (rightName !== null && leftName === null) {
        const value = constantValue(pair.left.tex);
        if (value === null || pair.op === '=') continue;
        applyBound(domainOf(ctx.domains, rightName), pair.op, value, false);
      }
    }
  }
}

/** "non-negative integers", "natural numbers": from 0 (a text's own ℕ may start at 1: `WordDomain.natural`). */
const NATURAL_WORDS = /\b(?:non-?negative\s+integers?|natural\s+numbers?)\b/i;
const WORD_DOMAINS: [RegExp, Partial<Domain>][] = [
  [/\b(?:positive|strictly positive)\s+integers?\b/i, { integer: true, lower: 1 }],
  [NATURAL_WORDS, { integer: true, lower: 0 }],
  [/\bnegative\s+integers?\b/i, { integer: true, upper: -1 }],
  [/\bnon-?positive\s+integers?\b/i, { integer: true, upper: 0 }],
  [/\bintegers?\b/i, { integer: true }],
  [/\bpositive(?:\s+real)?(?:\s+numbers?|\s+reals?)?\b/i, { lower: 0, lowerStrict: true }],
  [/\bnon-?negative(?:\s+real)?(?:\s+numbers?|\s+reals?)?\b/i, { lower: 0 }],
  [/\bnegative(?:\s+real)?(?:\s+numbers?|\s+reals?)?\b/i, { upper: 0, upperStrict: true }],
  [/\breals?\b|\breal\s+numbers?\b/i, { integer: false }],
];

/** A domain said in words around one inline fragment: "for all positive reals $x, y$". */
export interface WordDomain {
  names: string[];
  rule: Partial<Domain>;
  /** "real" is said explicitly: keep it real even for a name like n. */
  real: boolean;
  /** `x_1, \dots, x_n`: the base letter of a family listed with an ellipsis; every member `x_…` the text writes takes the rule. */
  family?: string;
  /** Said to be natural numbers (in words or `\mathbb{N}`): from 1 where the text's ℕ starts there (`naturalsFrom`). */
  natural?: boolean;
}

/** An ellipsis in a list of names: `x_1, \dots, x_n`, `a_1, a_2, \ldots, a_k`. */
const ELLIPSIS = /^\s*\\(?:dots|ldots|cdots|dotsc|dotsb)(?![a-zA-Z])\s*$|^\s*(?:\.\.\.|…)\s*$/;

/**
 * The names of a list (`x, y`, `x_1, \dots, x_n`), the family of an ellipsis list, or null when a part is
 * no name. `a, b, c > 0` and `n \ge 2`: the names before a bound on a constant (readConstraint reads the bound).
 */
function listedNames(tex: string): { names: string[]; family?: string } | null {
  const bound = /^(.*?)\s*(?:>|<|[≤≥⩽⩾]|\\(?:geq?|leq?|gt|lt)(?:slant)?(?![a-zA-Z]))\s*(-?\s*\d+(?:\.\d+)?)\s*$/.exec(tex);
  const list = bound ? bound[1] : tex;
  const parts = list.split(',');
  const names: string[] = [];
  let ellipsis = false;
  for (const part of parts) {
    if (ELLIPSIS.test(part)) {
      ellipsis = true;
      continue;
    }
    const name = nameOf(part);
    if (name === null) return null;
    names.push(name);
  }
  if (!names.length) return null;
  if (!ellipsis) return { names };
  // `x_1, \dots, x_n`: the members share one base letter.
  const bases = new Set(names.map((n) => /^([A-Za-z])_/.exec(n)?.[1] ?? ''));
  if (bases.size !== 1 || bases.has('')) return null;
  return { names, family: [...bases][0] };
}

/** The names of an order chain (`a < b`, `0 < a < b`, `p > q > 0`): each link a name or a constant, two names at least; else null. */
function orderedNames(tex: string): { names: string[] } | null {
  const links = tex.split(/<|>|[≤≥⩽⩾]|\\(?:geq?|leq?|gt|lt)(?:slant)?(?![a-zA-Z])/);
  if (links.length < 2) return null;
  const names: string[] = [];
  for (const link of links) {
    const name = nameOf(link);
    if (name !== null) names.push(name);
    else if (constantValue(link) === null) return null;
  }
  return names.length >= 2 ? { names } : null;
}

/** "$x$ on $(0, \infty)$", "$t$ in $[0, 1]$", "$x$ over $\mathbb{R}_{>0}$": a set written after the names, in words. */
const SET_AFTER = /^\$?\s*(?:on|in|over|from|ranging over|belonging to|lying in)\s+(?:the\s+(?:open\s+|closed\s+|half-open\s+)?(?:interval|range|set)\s+)?(?:\$|\\\()([^$]{1,40}?)(?:\$|\\\))/i;

/** The domain a set gives one name (`(0, \infty)`, `[0, 1]`, `\mathbb{R}^+`), as a word rule; null for a set not read. */
function setRule(set: string): Partial<Domain> | null {
  const d = statementsOf(`x \\in ${set}`).domains.get('x');
  if (!d?.stated && !d?.real) return null;
  const rule: Partial<Domain> = {};
  if (d.integer) rule.integer = true;
  if (d.lower !== undefined) Object.assign(rule, { lower: d.lower, lowerStrict: d.lowerStrict });
  if (d.upper !== undefined) Object.assign(rule, { upper: d.upper, upperStrict: d.upperStrict });
  if (d.nonzero) rule.nonzero = true;
  return Object.keys(rule).length ? rule : null;
}

/**
 * "for all positive reals $x, y$", "let $n$ be a positive integer", "for positive reals $x_1, \dots, x_n$",
 * "for all $x$ on $(0, \infty)$", "$n \ge 2$ an integer": read from 40 characters either side.
 */
export function wordDomainOf(text: string, f: MathSource): WordDomain | null {
  // "for real $x \ne 0$": the names before a non-zero condition (readConstraint reads the condition itself).
  const tex = f.tex.replace(/\s*(?:\\neq?(?![a-zA-Z])|\\not\s*=|≠)\s*0\s*$/, '');
  if (f.display || tex.length > 40) return null;
  // An order between the names (`a < b`, `0 < a < b`, `p > q > 0`) lists them as a bound does: "Let $a < b$ be
  // integers", "Take integers $p > q > 0$" make both integers (the order itself is read by readConstraint).
  const listed = listedNames(tex) ?? orderedNames(tex);
  if (!listed) return null;
  // A bound in the formula (`n \ge 2`) is read by readConstraint; only the words' kind is added here.
  const bounded = /[=<>≤≥≠⩽⩾]|\\(?:neq?|not|le|ge|lt|gt)(?![a-zA-Z])/.test(tex);
  // Inline math opens with `$` or `\(`: drop the opener before and the closer after.
  const before = text.slice(Math.max(0, f.start - 40), f.start).replace(/(?:\$|\\\()[^$]*$/, '');
  // "Let $x$ and $y$ be negative reals": the words after the list speak of every name in it (facts.ts `LIST_AFTER`).
  const after = text.slice(f.end, f.end + 100).replace(/^\\\)/, '$').replace(LIST_AFTER_NAME, '$').slice(0, 60);
  // "$P$ on $(0, 2)$": a capital letter is a point more often than a number, and `(0, 2)` its coordinates.
  const set = bounded || listed.names.some((n) => /^[A-Z]$/.test(n)) ? null : SET_AFTER.exec(after);
  if (set) {
    const rule = setRule(set[1].trim());
    if (rule) return { ...listed, rule, real: !rule.integer, ...(PLAIN_NATURALS.test(set[1].trim()) ? { natural: true } : {}) };
  }
  const KIND = String.raw`(?:positive|negative|non-?negative|integers?|natural\s+numbers?|reals?|real\s+numbers?)`;
  // Before a bound only an integer kind is read ("Take integers $a > b$", "Choose integers $p > q > 0$").
  const phraseBefore = new RegExp(bounded ? String.raw`\bintegers?\s*\$?$` : String.raw`${KIND}\s*\$?$`, 'i').exec(before.trim() + '$');
  // "for all real $x$ and $y$", "for positive reals $a$, $b$": the phrase before the first name covers the next.
  const listedAfter = bounded ? null : new RegExp(String.raw`${KIND}\s*\$[^$]{1,20}\$\s*(?:,|and|,\s*and)\s*$`, 'i').exec(before.trim() + ' ');
  // "let $n$ be a positive integer", "$n \ge 2$ an integer" (the article stands for the verb).
  const phraseAfter = /^\$?\s*,?\s*(?:(?:be|is|are)\s+(?:an?\s+)?|an?\s+(?=(?:(?:strictly\s+)?(?:positive|negative|non-?negative)\s+)?(?:integer|natural|real)))(?:(?:any|arbitrary|an arbitrary|some|fixed)\s+)?(?:(?:odd|even)\s+)?((?:strictly\s+)?(?:positive|negative|non-?negative|non-?zero)?\s*(?:integers?|natural\s+numbers?|reals?|real\s+numbers?|numbers?))/i.exec(after);
  const phrase = phraseAfter?.[1] ?? (phraseBefore || listedAfter ? before.slice(-40) : null);
  if (!phrase) return null;
  const rule = WORD_DOMAINS.find(([re]) => re.test(phrase));
  if (!rule) return null;
  // Beside a bound only an integer kind is added ("$n \ge 2$ an integer"; the bound is the formula's), with its
  // sign ("Let $a > b$ be negative integers": rev9 sampled a = 3): "$x > 0$ a real" says nothing new, and
  // "real" would mark it as every real.
  const natural = rule[0] === NATURAL_WORDS && /\bnatural/i.test(phrase) ? { natural: true } : {};
  if (bounded) return rule[1].integer ? { ...listed, rule: rule[1], real: false, ...natural } : null;
  return { ...listed, rule: rule[1], real: /\breal/i.test(phrase), ...natural };
}

/**
 * The domain a quantifier gives one of its names by itself: its kind words ("for every positive integer $n$",
 * "for all real $a, b$") and a bound in its formula ("for every $a \\ge 0$", "for all $x \\ne 0$"); null when it
 * states none ("for all $x$"). A quantifier with its own domain binds the name afresh (compute/index.ts).
 */
export function quantifierDomain(words: string, formula: string, name: string, from: 0 | 1 = 0): Domain | null {
  const d: Domain = { integer: false, stated: false };
  const found = WORD_DOMAINS.find(([re]) => re.test(words));
  if (found) {
    const [re, rule] = found;
    applyWordDomain({ names: [name], rule, real: /\breal/i.test(words) && !rule.integer, ...(re === NATURAL_WORDS && /\bnatural/i.test(words) ? { natural: true } : {}) }, '', new Map([[name, d]]), from);
    d.stated = true;
  }
  const bound = statementsOf(formula, from).domains.get(name);
  if (bound) mergeDomain(d, bound);
  if (/\bnon-?zero\b/i.test(words)) excludeValue(d, 0);
  return d.stated ? d : null;
}

/** Names of family members the document writes (`x_1`, `x_{2}`, `x_i`), by base letter; read once per document text. */
let membersMemo: { text: string; members: Map<string, Set<string>> } = { text: '', members: new Map() };
function familyMembers(text: string, base: string): Set<string> {
  if (membersMemo.text !== text) membersMemo = { text, members: new Map() };
  let found = membersMemo.members.get(base);
  if (!found) {
    found = new Set();
    for (const m of text.matchAll(new RegExp(String.raw`(?<![A-Za-z\\])${base}_(?:\{\s*([A-Za-z0-9]{1,3})\s*\}|([A-Za-z0-9]))`, 'g'))) found.add(`${base}_${m[1] ?? m[2]}`);
    membersMemo.members.set(base, found);
  }
  return found;
}

function applyWordDomain(w: WordDomain, text: string, domains: Map<string, Domain>, from: 0 | 1 = 0): void {
  const names = w.family ? [...new Set([...w.names, ...familyMembers(text, w.family)])] : w.names;
  for (const name of names) {
    const d = domainOf(domains, name);
    const r = w.rule;
    if (r.integer) {
      d.integer = true;
      d.stated = true;
    }
    if (r.lower !== undefined) addLower(d, r.lower, Boolean(r.lowerStrict));
    if (r.upper !== undefined) addUpper(d, r.upper, Boolean(r.upperStrict));
    if (w.natural && from === 1) addLower(d, 1, false);
    if (r.nonzero) {
      d.nonzero = true;
      d.stated = true;
    }
    if (r.integer === false) d.integer = false;
    if (w.real) d.real = true;
  }
}

/** The closing `$` of a name and more names of its list after it ("$x$ and $y$", "$a$, $b$, and $c$"). */
const LIST_AFTER_NAME = new RegExp(String.raw`^\$${LIST_AFTER}`);

const statementCache = new RunCache<DocumentContext>(20_000);

/** What one fragment states, read once per distinct TeX (the checker re-reads every fragment on each edit); `from`: `naturalsFrom`. */
function statementsOf(tex: string, from: 0 | 1 = 0): DocumentContext {
  const key = from ? `1\u0000${tex}` : tex;
  let hit = statementCache.get(key);
  if (!hit) {
    hit = { domains: new Map(), partDomains: new Map(), assignments: [], relations: [], text: '', facts: [], namedVariables: new Set(), factIndex: new Map() };
    readConstraint(tex, 0, hit, from);
    statementCache.set(key, hit);
  }
  return hit;
}

export function clearStatementCache(): void {
  statementCache.clear();
}

function mergeDomain(into: Domain, from: Domain): void {
  if (from.integer) into.integer = true;
  if (from.real) into.real = true;
  // `x \\ne 0` states a domain as `x > 0` does (it was merged as unstated, so "x > 0 (assumed, not read)" was named).
  if (from.nonzero || from.except?.length) into.stated = true;
  if (from.nonzero) into.nonzero = true;
  for (const v of from.except ?? []) excludeValue(into, v);
  if (from.lower !== undefined) addLower(into, from.lower, Boolean(from.lowerStrict));
  if (from.upper !== undefined) addUpper(into, from.upper, Boolean(from.upperStrict));
}

/** Sentences that suppose something for the argument that follows (their bounds are facts with a scope, not domains). */
const SUPPOSING = /\b(?:suppose|supposing|assume|assuming)\b/i;

/** Sentences that state an assumption (a case, a hypothesis): values fixed there are not facts of the whole proof. */
const ASSUMPTION_WORDS = /\b(suppose|assume|if|when|whenever|case|otherwise)\b/i;

/**
 * What one fragment says, read from its TeX and the text at most `READ_AROUND` characters either side
 * of it (its sentence). A reading stays valid while that stretch of text is unchanged, wherever the
 * fragment moves: the editor's checker keeps readings across edits elsewhere (checker.ts).
 */
export interface FragmentReading {
  /** The sentence before it states an assumption: values it fixes are not facts of the whole proof. */
  assumed: boolean;
  words: WordDomain | null;
  facts: FragmentFacts;
  named: 'e' | 'Pi' | null;
  /** The sentence names where a bound is attained ("with equality exactly for $-2 \le x \le 1$"): no domain. */
  equalityCase: boolean;
  /**
   * Bounds the proof supposes ("Suppose $a < 0$", "Assume $x \ne 1$"): not the document's domains but facts with
   * a scope (facts.ts), so a later "for every $a \ge 0$" is not intersected with them into an empty domain.
   */
  supposed: boolean;
}

/** How far around a fragment `readFragment` (and `sentenceAround`) may look, in characters. */
export const READ_AROUND = 240;

export function readFragment(text: string, f: MathSource, hypothesisDisplay: (f: MathSource) => boolean = () => false): FragmentReading {
  const stated = f.tex.length > 120 ? null : statementsOf(f.tex);
  return {
    // "Except when $x = 1$" fixes no value either: it leaves one out (facts.ts reads `x \\ne 1`).
    assumed: Boolean(stated?.assignments.length) && (ASSUMPTION_WORDS.test(sentenceAround(text, f.start, f.end).before) || EXCEPTING.test(sentenceAround(text, f.start, f.end).before)),
    words: wordDomainOf(text, f),
    facts: readFragmentFacts(text, f, hypothesisDisplay),
    named: namedVariableOf(text, f),
    equalityCase: EQUALITY_CASE.test(sentenceAround(text, f.start, f.end).before),
    // A list (`a, b > 0`) or a set (`x \\in [0, 1]`) is read as a domain only: facts.ts reads no bound from it.
    supposed: !f.display && !/\\(?:not)?in(?![a-zA-Z])|[∈∉,]/.test(f.tex) && SUPPOSING.test(sentenceAround(text, f.start, f.end).before),
  };
}

/**
 * Builds the document context from every math fragment (in document order) and the text.
 * `hypothesisDisplay` says whether a display is introduced as a hypothesis or an equation;
 * `readings[i]` is `readFragment` of `fragments[i]` when the caller kept them from an earlier check.
 */
export function documentContext(
  text: string,
  fragments: readonly MathSource[],
  hypothesisDisplay: (f: MathSource) => boolean = () => false,
  readings: readonly FragmentReading[] = fragments.map((f) => readFragment(text, f, hypothesisDisplay)),
): DocumentContext {
  const ctx: DocumentContext = { domains: new Map(), partDomains: new Map(), assignments: [], relations: [], text, facts: [], namedVariables: new Set(), factIndex: new Map() };
  // Inside a case analysis, stated bounds belong to their case (facts.ts scopes them), not to the document.
  // So do the first branch of a condition ended by "otherwise" or an unlabelled first case; a supposition a
  // contradiction refutes ("Suppose $x > 1$. Then $x^2 > x > 1$, a contradiction") states no domain either.
  const closed = closedStretches(text);
  // "Here $\mathbb{N} = \{1, 2, \dots\}$": the text's ℕ, for every `\mathbb{N}` and "natural number" it writes.
  const from = naturalsFrom(text);
  const firstCase = Math.min(caseBoundaries(text)[0] ?? Infinity, closed.elses[0] ?? Infinity, ...closed.spans.filter((s) => s.kind !== 'refuted').map((s) => s.from));
  const refuted = closed.spans.filter((s) => s.kind === 'refuted');
  let points: number[] | null = null;
  const starts = sectionStarts(text);
  /** Where a domain stated at `at` goes: the document's, or its part's and the later same parts'. */
  const domainTables = (at: number): Map<string, Domain>[] => {
    const part = partAt(starts, at);
    if (!part) return [ctx.domains];
    return [part.index, ...part.same.map((s) => s.index)].map((k) => {
      let table = ctx.partDomains.get(k);
      if (!table) ctx.partDomains.set(k, (table = new Map()));
      return table;
    });
  };
  fragments.forEach((f, i) => {
    // A displayed computation is not a statement of domains; inline math and short displays may be.
    if (f.tex.length > 120 || f.start > firstCase || readings[i].equalityCase || refuted.some((s) => s.from <= f.start && f.start < s.to)) return;
    // One alternative of "$x > 0$ or $x < -1$" is no domain nor order of the document (both made "no values satisfy"), nor
    // is a bound left out ("Unless $x \\ge 1$") or one of two that quantify a statement's formulas (`statesNoDomain`).
    if (readings[i].facts.some((r) => r.fact.disjunct)) return;
    if (!f.display) {
      const around = sentenceAround(text, f.start, f.end);
      if (statesNoDomain(f.tex, around.before, around.whole)) return;
    }
    const stated = statementsOf(f.tex, from);
    if (stated.domains.size && !readings[i].supposed && !dismissedCase(sentenceAround(text, f.start, f.end).before, sentenceAround(text, f.start, f.end).after)) {
      for (const table of domainTables(f.start)) {
        for (const [name, d] of stated.domains) {
          // "If $x \le -1$, …" where another sentence binds x afresh ("Let $x$ be real", "For $x$ in $[-1, 1]$", "if $x < 0$"):
          // one case among others, a fact with its scope (facts.ts), no domain of the whole document (rev13 m08, x03).
          if (boundInCase(text, fragments, i, name)) continue;
          mergeDomain(domainOf(table, name), d);
        }
      }
    }
    if (stated.assignments.length && !readings[i].assumed) {
      points ??= movingOnPoints(text);
      // A value fixed in part (a) is none of part (b)'s, even in the same paragraph.
      const partEnd = partAt(starts, f.start)?.end ?? Infinity;
      for (const a of stated.assignments) {
        // `valuesNear` looks at most 400 characters back: no need to look for the end further on.
        ctx.assignments.push({ ...a, at: f.start, until: Math.min(partEnd, valueScopeEnd(text, fragments, i, a.name, f.end + 400, points)) });
      }
    }
    // "WLOG $a \\ge b \\ge c$" orders its own proof or section, not the document's other problems.
    if (stated.relations.length) {
      const { index, endIndex } = sectionAt(starts, f.start);
      ctx.relations.push(...stated.relations.map((r) => ({ ...r, section: index, untilSection: endIndex })));
      // Stated for a part ("(b) Show that if $a \ge b$ …"): the solution's part (b) is under it too.
      const part = partAt(starts, f.start);
      if (part?.index === index) for (const same of part.same) ctx.relations.push(...stated.relations.map((r) => ({ ...r, section: same.index, untilSection: same.endIndex })));
    }
  });
  readings.forEach((r, i) => {
    if (!r.words) return;
    // "For $x$ in $[-1, 1]$, …" after "Let $x$ be a real number": a case's interval, read as a fact for its case (facts.ts
    // `intervalStated`), no domain of the whole document (it left x = −1 alone to the case $x \le -1$ before it).
    const ranged = r.words.rule.lower !== undefined || r.words.rule.upper !== undefined;
    if (ranged && r.words.names.length === 1 && r.facts.some(({ fact }) => fact.rebinds) && reboundElsewhere(text, fragments, i, r.words.names[0])) return;
    for (const table of domainTables(fragments[i].start)) applyWordDomain(r.words, text, table, from);
  });
  ctx.facts = placeFacts(text, fragments, readings.map((r) => r.facts));
  ctx.facts.forEach((f, i) => {
    // The engine's names for some Greek letters (epsilonSymbol) differ from the TeX: filed under '*'.
    for (const b of f.bases) fileFact(ctx.factIndex, b.endsWith('Symbol') ? '*' : b, i, f);
  });
  for (const r of readings) if (r.named) ctx.namedVariables.add(r.named);
  return ctx;
}

const mergedDomains = new WeakMap<DocumentContext, Map<string, Map<string, Domain>>>();

/**
 * The domains in force at offset `at`: the document's, narrowed by those stated in the problem or part
 * around `at` and in the problems around that part (`DocumentContext.partDomains`). `key` names the parts
 * whose domains were merged ('' for the document's alone), for cache keys.
 */
export function domainsAt(ctx: DocumentContext, at: number): { domains: Map<string, Domain>; key: string } {
  if (!ctx.partDomains.size) return { domains: ctx.domains, key: '' };
  const starts = sectionStarts(ctx.text);
  const chain: number[] = [];
  for (let p = starts[sectionAt(starts, at).index].partIndex; p >= 0; p = starts[p].outer) if (ctx.partDomains.has(p)) chain.push(p);
  if (!chain.length) return { domains: ctx.domains, key: '' };
  const key = chain.join(',');
  let memo = mergedDomains.get(ctx);
  if (!memo) mergedDomains.set(ctx, (memo = new Map()));
  let domains = memo.get(key);
  if (!domains) {
    domains = new Map([...ctx.domains].map(([name, d]) => [name, { ...d }]));
    for (const p of chain) for (const [name, d] of ctx.partDomains.get(p)!) mergeDomain(domainOf(domains, name), d);
    memo.set(key, domains);
  }
  return { domains, key };
}

/** Whether a point satisfies the stated orders between the variables it gives values to. */
export function respectsRelations(point: ReadonlyMap<string, number>, relations: readonly VariableRelation[]): boolean {
  for (const r of relations) {
    const a = point.get(r.left);
    const b = point.get(r.right);
    if (a === undefined || b === undefined) continue;
    const ok = r.op === '<' ? a < b : r.op === '>' ? a > b : r.op === '\\le' ? a <= b : r.op === '\\ge' ? a >= b : a !== b;
    if (!ok) return false;
  }
  return true;
}

/** Values fixed by `Let $n = 5$` shortly before `at` (same paragraph, at most 400 characters back, not past where the proof moves on). */
export function valuesNear(ctx: DocumentContext, at: number): Map<string, number> {
  const values = new Map<string, number>();
  const windowStart = Math.max(0, at - 400);
  // Assignments are in document order: find the first one inside the window (most often there is none).
  let lo = 0;
  let hi = ctx.assignments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ctx.assignments[mid].at < windowStart) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= ctx.assignments.length || ctx.assignments[lo].at >= at) return values;
  // Same paragraph only: stop at a blank line.
  let from = windowStart;
  for (let i = at - 1; i > windowStart; i--) {
    if (ctx.text.charCodeAt(i) === 10 && ctx.text.charCodeAt(i - 1) === 10) {
      from = i;
      break;
    }
  }
  for (let i = lo; i < ctx.assignments.length && ctx.assignments[i].at < at; i++) {
    if (ctx.assignments[i].at >= from && ctx.assignments[i].until > at) values.set(ctx.assignments[i].name, ctx.assignments[i].value);
  }
  return values;
}

/**
 * Words that bound a number from below or make it positive ("a positive real", "the length", "at least", "in the unit
 * interval"): they speak of the names their sentence mentions ("Let $r$ be the radius"), or, in a sentence that mentions
 * none ("All numbers here are positive."), of any name.
 */
const LOWER_BOUND_WORDS = /\b(?:positive|non-?\s?negative|natural|lengths?|distances?|radius|radii|areas?|volumes?|probabilit(?:y|ies)|intervals?|between|at\s+least|greater\s+than|larger\s+than|bigger\s+than|more\s+than|exceed(?:s|ing)?)\b/i;

/** A name as a hint reads it: a letter alone or a command (`\alpha`), as `fragmentNames` gives it. */
const HINT_NAME = String.raw`(?:\\[A-Za-z]+|(?<![\\A-Za-z])[A-Za-z](?![A-Za-z]))`;
/** `x >`, `x \ge`, `x \in`, `x, y > 0`: a list of names bounded from below or put in a set (group 1 the list). */
const HINT_AFTER = new RegExp(String.raw`(${HINT_NAME}(?:\s*,\s*${HINT_NAME})*)\s*(?:>|≥|⩾|\\(?:geq?|gt|geqslant|in)(?![a-zA-Z])|∈)`, 'g');
/** `0 < x`, `1 \le t`: a name with a lower bound before it (group 1). */
const HINT_BEFORE = new RegExp(String.raw`(?:<|≤|⩽|\\(?:leq?|lt|leqslant)(?![a-zA-Z]))\s*(${HINT_NAME})`, 'g');
/** The formulas of a Markdown+LaTeX text, in order, from the domain's one math scanner (app/common/tex/math.ts). */
function formulasOf(text: string): { start: number; end: number; inside: string }[] {
  return mathFragments(text).map((f) => ({ start: f.range.start, end: f.range.end, inside: f.tex }));
}
/** Where a sentence ends in prose: a full stop, question or exclamation mark before a space; a blank line; a heading or list item's line. */
const SENTENCE_END = /[.!?](?=\s|$)|\n[ \t]*\n|\n(?=[ \t]*(?:#|[-*+][ \t]|\d+[.)][ \t]))/g;
let hintsMemo: { text: string; words: boolean; names: Set<string>; key: string } = { text: '', words: false, names: new Set(), key: '' };

/** The words of a formula: commands and runs of letters (`HINT_NAME` keeps a run of one letter; faster than its look-behind). */
const FORMULA_WORDS = /\\?[A-Za-z]+/g;
/** `LOWER_BOUND_WORDS`, every one in a text. */
const LOWER_BOUND_WORDS_ALL = new RegExp(LOWER_BOUND_WORDS.source, 'gi');
/** The lower-bound words that speak of a place, not of a number ("Outside this interval", "between the two roots"). */
const PLACE_WORD = /^(?:intervals?|between)$/i;

/** The last index in ascending `sorted` whose value is at most `at` (-1 where none is). */
function lastAtMost(sorted: readonly number[], at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * The lower-bound hints of a text, read once per text: the names of the formulas in each sentence with a lower-bound word
 * (`names`), or any name (`words`) where such a sentence has no formula (and a word not of a place: "All numbers here are
 * positive."); and the names written with `>`/`\\ge`/`\\in` after them or `<`/`\\le` before them (`0 < x`, `x \\in I`,
 * `x, y > 0`). A word about another name says nothing of this one (rev17: "Let $s$ be positive." anywhere silenced "Let
 * $t < 2$. Then $t^2 < 4$"). A sentence ends at a full stop, question or exclamation mark before a space, a blank line, a
 * heading or list item's line, outside formulas, or with a formula that ends with one (`$$t < 2.$$`).
 * `key` changes exactly when what `lowerBoundHinted` answers may change (checker.ts keeps settings across edits by it).
 */
export function lowerBoundHints(text: string): { words: boolean; names: ReadonlySet<string>; key: string } {
  if (hintsMemo.text !== text) {
    let words = false;
    const names = new Set<string>();
    if (LOWER_BOUND_WORDS.test(text)) {
      const formulas = formulasOf(text);
      const starts = formulas.map((f) => f.start);
      const inFormula = (at: number) => {
        const k = lastAtMost(starts, at);
        return k >= 0 && at < formulas[k].end;
      };
      // Where each sentence ends (ascending): prose ends, and the ends of formulas that close with a full stop.
      const ends: number[] = [];
      let k = 0;
      for (const m of text.matchAll(SENTENCE_END)) {
        for (; k < formulas.length && formulas[k].end <= m.index; k++) if (/[.!?]\s*$/.test(formulas[k].inside)) ends.push(formulas[k].end);
        if (!inFormula(m.index)) ends.push(m.index + m[0].length);
      }
      for (; k < formulas.length; k++) if (/[.!?]\s*$/.test(formulas[k].inside)) ends.push(formulas[k].end);
      const hinted = new Map<number, boolean>();
      for (const m of text.matchAll(LOWER_BOUND_WORDS_ALL)) {
        if (inFormula(m.index)) continue;
        const sentence = lastAtMost(ends, m.index) + 1;
        hinted.set(sentence, (hinted.get(sentence) ?? false) || !PLACE_WORD.test(m[0]));
      }
      for (const [sentence, ofNumber] of hinted) {
        const from = sentence > 0 ? ends[sentence - 1] : 0;
        const to = sentence < ends.length ? ends[sentence] : text.length;
        let named = false;
        for (let f = Math.max(0, lastAtMost(starts, from)); f < formulas.length && formulas[f].start < to; f++) {
          if (formulas[f].start < from) continue;
          named = true;
          for (const n of formulas[f].inside.matchAll(FORMULA_WORDS)) {
            if (n[0][0] === '\\') names.add(n[0].slice(1));
            else if (n[0].length === 1 && formulas[f].inside[n.index - 1] !== '\\') names.add(n[0]);
          }
        }
        if (!named && ofNumber) words = true;
      }
    }
    if (!words) {
      for (const m of text.matchAll(HINT_AFTER)) for (const n of m[1].split(',')) names.add(n.trim().replace(/^\\/, ''));
      for (const m of text.matchAll(HINT_BEFORE)) names.add(m[1].replace(/^\\/, ''));
    }
    hintsMemo = { text, words, names, key: words ? '*' : [...names].sort().join(',') };
  }
  return hintsMemo;
}

/**
 * Whether `text` hints anywhere at a lower bound on `name` that a reader might tie to it (`lowerBoundHints`). Where there
 * is none, a failure of a relation under an upper bound on `name` alone is a failure (judge.ts `upperOnly`).
 */
export function lowerBoundHinted(text: string, name: string): boolean {
  const hints = lowerBoundHints(text);
  return hints.words || hints.names.has(name);
}

export { numberValue };
