// Static facts about a parsed side: its free variables, which of them must be integers (sum bounds,
// factorial and binomial arguments), indexed families (`a_i` under `\sum_i`), symbols in function
// position, and notation that is not a product of real numbers (segment names `AB`, vectors).
import { FUNCTION_LETTERS, isConstantSymbol, symbolName, subscriptName, type Json } from './evaluate';

export interface SideFacts {
  variables: Set<string>;
  integers: Set<string>;
  plainLog: boolean;
  /** Symbols in function position (`f` in `f(x)`, `\sigma^2(t)`, `h^{-1}(y)`, `f(x)^2`). */
  applied: Set<string>;
  /** Bases of indexed families: `a` in `\sum_{i} a_i` or `a_{n+1}`; their members are not separate variables. */
  families: Set<string>;
  /** Why the side is not arithmetic on real numbers (segment names, vectors), or null. */
  notation: string | null;
}

const INTEGER_ARGUMENT_HEADS = new Set(['Factorial', 'Factorial2', 'Binomial', 'GCD', 'LCM', 'Mod']);
const NOT_VARIABLES = new Set(['Nothing', 'PositiveInfinity', 'NegativeInfinity', 'ComplexInfinity', 'ContinuationPlaceholder']);
/** Heads that mean vectors, segments or other non-numbers. */
const NOTATION_HEADS: Record<string, string> = {
  OverVector: 'vector notation',
  OverRightArrow: 'vector notation',
  Conjugate: 'a bar over a name (segment, conjugate or closure)',
  OverBar: 'a bar over a name',
  Angle: 'an angle',
  Cross: 'a cross product',
  Dot: 'a dot product',
};

/** `a_i` as a symbol name: [base, index] when it has the `base_index` shape. */
export function splitIndexed(name: string): [string, string] | null {
  const m = /^([A-Za-z]+)_([A-Za-z0-9]+)$/.exec(name);
  return m ? [m[1], m[2]] : null;
}

export function analyzeSide(expr: Json): SideFacts {
  const facts: SideFacts = { variables: new Set(), integers: new Set(), plainLog: false, applied: new Set(), families: new Set(), notation: null };
  collectFamilies(expr, new Set(), facts.families);
  walk(expr, new Set(), false, facts);
  // Members of a family (`a_1`, `a_n`) are values of the family, not variables of their own; a symbolic
  // index (`n` in `a_n`) is an integer variable.
  for (const v of [...facts.variables]) {
    const parts = splitIndexed(v);
    if (!parts || !facts.families.has(parts[0])) continue;
    facts.variables.delete(v);
    if (!/^\d+$/.test(parts[1])) {
      facts.variables.add(parts[1]);
      facts.integers.add(parts[1]);
    }
  }
  for (const f of facts.families) facts.variables.delete(f);
  return facts;
}

/** Family bases: a subscript whose index is bound by a sum/product or is an expression (`a_{n+1}`). */
function collectFamilies(expr: Json, bound: ReadonlySet<string>, out: Set<string>): void {
  const sym = symbolName(expr);
  if (sym !== null) {
    const parts = splitIndexed(sym);
    if (parts && bound.has(parts[1])) out.add(parts[0]);
    return;
  }
  if (!Array.isArray(expr)) return;
  const [head, ...ops] = expr as [string, ...Json[]];
  if (head === 'Subscript') {
    const base = symbolName(ops[0]);
    if (base !== null && subscriptName(expr as Json[]) === null) out.add(base);
    else if (base !== null && bound.has(symbolName(ops[1]) ?? '')) out.add(base);
    return;
  }
  if ((head === 'Sum' || head === 'Product') && ops.length === 2 && Array.isArray(ops[1])) {
    const index = symbolName((ops[1] as Json[])[1]);
    const inner = new Set(bound);
    if (index !== null) inner.add(index);
    collectFamilies(ops[0], inner, out);
    for (const b of (ops[1] as Json[]).slice(2)) collectFamilies(b, bound, out);
    return;
  }
  for (const op of ops) collectFamilies(op, bound, out);
}

/** The symbol at the head of a factor in function position: `f`, `\sigma^2`, `h^{-1}`, `f_1`. */
function headSymbol(op: Json): string | null {
  const inner = Array.isArray(op) && op[0] === 'Negate' && op.length === 2 ? op[1] : op;
  const sym = symbolName(inner);
  if (sym !== null) return sym;
  if (Array.isArray(inner) && (inner[0] === 'Power' || inner[0] === 'Superscript')) return symbolName(inner[1]);
  return null;
}

/** A factor that starts with a bracket: `(x)`, `(x)^2`, `\left(x\right)'`. */
function startsWithBracket(op: Json): boolean {
  if (!Array.isArray(op)) return false;
  if (op[0] === 'Delimiter') return true;
  if (op[0] === 'Power' || op[0] === 'Prime') return startsWithBracket(op[1]);
  return false;
}

function isUpperLetter(op: Json): boolean {
  const base = Array.isArray(op) && (op[0] === 'Power' || op[0] === 'Prime') ? op[1] : op;
  const sym = symbolName(base);
  return sym !== null && /^[A-Z]$/.test(sym);
}

function walk(expr: Json, bound: ReadonlySet<string>, integerContext: boolean, facts: SideFacts): void {
  const sym = symbolName(expr);
  if (sym !== null) {
    if (bound.has(sym) || isConstantSymbol(sym) || NOT_VARIABLES.has(sym)) return;
    // `\mathbf{u}`, `\boldsymbol{v}`: vectors or matrices.
    if (/_bold$/.test(sym)) facts.notation ??= 'bold symbols (vectors or matrices)';
    const parts = splitIndexed(sym);
    // `a_i` with a bound index is a family member (collected as a family).
    if (parts && bound.has(parts[1])) return;
    facts.variables.add(sym);
    if (integerContext) facts.integers.add(sym);
    return;
  }
  if (!Array.isArray(expr) || typeof expr[0] !== 'string') return;
  const [head, ...ops] = expr as [string, ...Json[]];
  if (NOTATION_HEADS[head]) facts.notation ??= NOTATION_HEADS[head];
  if (head === 'Subscript') {
    const name = subscriptName(expr as Json[]);
    const base = symbolName(ops[0]);
    if (name !== null && !(base !== null && facts.families.has(base))) {
      facts.variables.add(name);
      if (integerContext) facts.integers.add(name);
    } else {
      // A family member: its index is an integer expression.
      for (const op of ops.slice(1)) walk(op, bound, true, facts);
    }
    return;
  }
  if ((head === 'Sum' || head === 'Product') && ops.length === 2 && Array.isArray(ops[1])) {
    const limits = ops[1] as Json[];
    const index = symbolName(limits[1]);
    for (const bound_ of limits.slice(2)) walk(bound_, bound, true, facts);
    const inner = new Set(bound);
    if (index !== null) inner.add(index);
    walk(ops[0], inner, integerContext, facts);
    return;
  }
  if (head === 'Log' && ops.length === 1) facts.plainLog = true;
  if (head === 'InvisibleOperator' || head === 'Multiply') {
    const factors = ops.filter((op) => !(Array.isArray(op) && op[0] === 'HorizontalSpacing'));
    // `AB`, `AC^2`: juxtaposed capital letters are segment names (or matrices), not products of numbers.
    if (head === 'InvisibleOperator') {
      for (let i = 0; i + 1 < factors.length; i++) {
        if (isUpperLetter(factors[i]) && isUpperLetter(factors[i + 1])) facts.notation ??= 'segment or point names';
      }
    }
    factors.forEach((op, i) => {
      const name = headSymbol(op);
      const next = factors[i + 1];
      if (head === 'InvisibleOperator' && name !== null && next !== undefined && startsWithBracket(next)) {
        facts.applied.add(name);
        // `f(x)`, `\sigma^2(t)`: a function name, not a variable (one-letter names used as variables
        // elsewhere are settled by the evaluator).
        if (FUNCTION_LETTERS.has(name) || name.length > 1 || op !== name) return;
      }
      walk(op, bound, integerContext, facts);
    });
    return;
  }
  const integerArgs = integerContext || INTEGER_ARGUMENT_HEADS.has(head);
  for (const op of ops) walk(op, bound, integerArgs, facts);
}

export function mergeFacts(a: SideFacts, b: SideFacts): SideFacts {
  return {
    variables: new Set([...a.variables, ...b.variables]),
    integers: new Set([...a.integers, ...b.integers]),
    plainLog: a.plainLog || b.plainLog,
    applied: new Set([...a.applied, ...b.applied]),
    families: new Set([...a.families, ...b.families]),
    notation: a.notation ?? b.notation,
  };
}
