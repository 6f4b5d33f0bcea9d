// LaTeX → MathJSON through the Compute Engine's parser, non-canonical: the structure as written, no
// hidden simplification (`i^2` stays `i^2`), and ten times faster than the canonical form.
import { RunCache } from './cache';
import { ComputeEngine } from '@cortex-js/compute-engine';
import type { Json } from './evaluate';
import { normalizeTex, readings } from './normalize';

let engine: ComputeEngine | null = null;
let parser: ComputeEngine | null = null;

/**
 * The engine for canonical work (simplifier, second-opinion evaluation). Canonical parsing declares
 * symbols (`u(t) = …` makes `u` a function for every later parse), so each use runs in its own scope
 * (`inScope`) and raw parsing has an engine of its own: every check reads its TeX as if it were first.
 */
export function computeEngine(): ComputeEngine {
  engine ??= new ComputeEngine();
  return engine;
}

function rawParser(): ComputeEngine {
  parser ??= new ComputeEngine();
  return parser;
}

/** Runs `fn` in a fresh scope of the canonical engine, so what it declares is forgotten afterwards. */
function inScope<T>(fn: (ce: ComputeEngine) => T): T {
  const ce = computeEngine();
  ce.pushScope();
  try {
    return fn(ce);
  } finally {
    ce.popScope();
  }
}

const CACHE_LIMIT = 20_000;
const cache = new RunCache<Json | null>(CACHE_LIMIT);

/** Constructs the parser reads but that are never a number (a parse that contains them is refused). */
const REFUSED_HEADS = new Set(['Error', 'ContinuationPlaceholder', 'LatexString', 'Integrate', 'Limit', 'D', 'Derivative', 'Set', 'Tuple', 'Function', 'Block', 'Assign', 'Equal', 'Less', 'Greater', 'LessEqual', 'GreaterEqual', 'NotEqual', 'Element']);

function refused(expr: Json): boolean {
  if (typeof expr === 'string') return expr === 'ContinuationPlaceholder' || expr === 'Nothing';
  if (!Array.isArray(expr)) return false;
  if (typeof expr[0] === 'string' && REFUSED_HEADS.has(expr[0])) {
    // Sum/Product limits are Tuples: only refuse a Tuple outside them.
    return true;
  }
  if (expr[0] === 'Sum' || expr[0] === 'Product') return refused(expr[1]) || (expr[2] as Json[]).slice(1).some(refused);
  return expr.some((e, i) => i > 0 && refused(e));
}

/**
 * `\prod_{p \le 7} p` (over primes), `\sum_{d \mid n} d`, `\sum_{k < n}`: a big operator over a condition.
 * The parser reads `p \le 7` as the range 1…7 and drops words like "prime", so such a sum or product is
 * refused unless its subscript gives the range itself (`k = 1`, `0 \le k \le n`).
 */
export function conditionedBigOperator(tex: string): boolean {
  for (const m of tex.matchAll(/\\(?:sum|prod)(?![a-zA-Z])\s*(?:\\(?:no)?limits\s*)?_\s*(\{)?/g)) {
    let sub: string;
    const start = m.index + m[0].length;
    if (m[1]) {
      let depth = 1;
      let j = start;
      for (; j < tex.length && depth > 0; j++) {
        if (tex[j] === '\\') j++;
        else if (tex[j] === '{') depth++;
        else if (tex[j] === '}') depth--;
      }
      sub = tex.slice(start, j - 1);
    } else sub = tex.slice(start, start + 1);
    if (/^\s*\\?[A-Za-z]+\s*=/.test(sub) && !/\\(?:text|mid|nmid|in|substack|ne|neq|not)|[<>,;]|\\(?:le|ge|lt|gt)/.test(sub.replace(/^[^=]*=/, ''))) continue;
    // `0 \le k \le n`: both ends written.
    if (/^\s*[-\w{}^]+\s*(?:\\leq?|\\leqslant)\s*\\?[A-Za-z]+\s*(?:\\leq?|\\leqslant)\s*[-\w{}^+ ]+$/.test(sub)) continue;
    // A bare index (`\sum_k`, `\sum_{i}`) has no range at all: the evaluator refuses it already.
    if (/^\s*\\?[A-Za-z]+\s*$/.test(sub)) continue;
    return true;
  }
  return false;
}

/** MathJSON of one side of a relation (its primary reading), or null when it does not parse as one expression. */
export function parseSide(tex: string): Json | null {
  if (conditionedBigOperator(tex)) return null;
  return parseRaw(normalizeTex(tex));
}

/**
 * Every reading of one side: the primary one and, where the notation is ambiguous (`\\sin x(1+x)`,
 * `h/2(a+b)`), a second one. null when the primary reading does not parse.
 */
export function parseReadings(tex: string): Json[] | null {
  if (conditionedBigOperator(tex)) return null;
  const r = readings(tex);
  const primary = parseRaw(r.primary);
  if (primary === null) return null;
  const alternative = r.alternative === null ? null : parseRaw(r.alternative);
  return alternative === null || JSON.stringify(alternative) === JSON.stringify(primary) ? [primary] : [primary, alternative];
}

function parseRaw(tex: string): Json | null {
  const hit = cache.get(tex);
  if (hit !== undefined) return hit;
  let result: Json | null = null;
  try {
    const json = rawParser().parse(tex, { form: 'raw' }).json as Json;
    result = refused(json) ? null : json;
  } catch {
    result = null;
  }
  cache.set(tex, result);
  return result;
}

/**
 * Symbolic check of `left - right = 0` with the engine's canonical forms and simplifier. Only a plain
 * `0` counts; anything else (including errors) is "not shown".
 */
export function simplifiesToZero(left: string, right: string): boolean {
  const key = `${left}\u0000${right}`;
  const hit = symbolicCache.get(key);
  if (hit !== undefined) return hit;
  let zero = false;
  try {
    zero = inScope((ce) => ce.box(['Subtract', ce.parse(normalizeTex(left)), ce.parse(normalizeTex(right))]).simplify().json === 0);
  } catch {
    zero = false;
  }
  symbolicCache.set(key, zero);
  return zero;
}

/**
 * The constant `left - right` simplifies to for every value of its names (`2(n+1) + 1` against `2n + 2`: 1), or null where
 * the difference depends on a name, does not simplify to a number, or the notation may not be plain algebra: a
 * superscript in parentheses (`x^{(1)}`, an iterate or derivative), infinities and ordinals (`\\omega + 1`),
 * blackboard sets and moduli. A relation whose sides differ by a constant has no solution (in the reals or the
 * complex numbers alike) when that constant fails it: no equation to solve, no hypothesis that can hold.
 */
export function constantDifference(left: string, right: string): number | null {
  if (NOT_PLAIN_ALGEBRA.test(`${left} ${right}`)) return null;
  const key = `${left}\u0000${right}`;
  const hit = differenceCache.get(key);
  if (hit !== undefined) return hit;
  let value: number | null = null;
  try {
    const json = inScope((ce) => ce.box(['Subtract', ce.parse(normalizeTex(left)), ce.parse(normalizeTex(right))]).simplify().json);
    value = typeof json === 'number' && Number.isFinite(json) ? json : null;
  } catch {
    value = null;
  }
  differenceCache.set(key, value);
  return value;
}

const NOT_PLAIN_ALGEBRA = /\^\s*\{\s*\(|\\(?:infty|omega|aleph|beth|mathbb|mathfrak|pmod|bmod|mod|oplus|otimes|circ|cdots|ldots|dots|prime)(?![a-zA-Z])|'/;
const differenceCache = new RunCache<number | null>(CACHE_LIMIT);

/** Whether the simplifier's answer for this pair is already known (then asking costs nothing). */
export function symbolicKnown(left: string, right: string): boolean {
  return symbolicCache.has(`${left}\u0000${right}`);
}

const symbolicCache = new RunCache<boolean>(CACHE_LIMIT);

/** Forget every memoised parse and simplification (benchmarks measure a cold whole-document run). */
export function clearParseCaches(): void {
  cache.clear();
  symbolicCache.clear();
  differenceCache.clear();
}

/** Numeric value of a side at a point, by the engine itself (a second opinion on a counterexample). */
export function engineValue(tex: string, point: ReadonlyMap<string, number>): number | null {
  try {
    const value = inScope((ce) => ce.parse(normalizeTex(tex)).subs(Object.fromEntries(point)).N().re);
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}
