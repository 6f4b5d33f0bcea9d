// Static facts about a parsed side: its free variables, which of them must be integers (sum bounds,
// factorial and binomial arguments), and whether it uses `\log` without a base.
import { FUNCTION_LETTERS, isConstantSymbol, symbolName, subscriptName, type Json } from './evaluate';

export interface SideFacts {
  variables: Set<string>;
  integers: Set<string>;
  plainLog: boolean;
  /** Symbols in function position (`f` in `f(x)`); with no use as a variable they make the side undecidable. */
  applied: Set<string>;
}

const INTEGER_ARGUMENT_HEADS = new Set(['Factorial', 'Factorial2', 'Binomial', 'GCD', 'LCM', 'Mod']);
const NOT_VARIABLES = new Set(['Nothing', 'PositiveInfinity', 'NegativeInfinity', 'ComplexInfinity', 'ContinuationPlaceholder']);

export function analyzeSide(expr: Json): SideFacts {
  const facts: SideFacts = { variables: new Set(), integers: new Set(), plainLog: false, applied: new Set() };
  walk(expr, new Set(), false, facts);
  return facts;
}

function walk(expr: Json, bound: ReadonlySet<string>, integerContext: boolean, facts: SideFacts): void {
  const sym = symbolName(expr);
  if (sym !== null) {
    if (bound.has(sym) || isConstantSymbol(sym) || NOT_VARIABLES.has(sym)) return;
    facts.variables.add(sym);
    if (integerContext) facts.integers.add(sym);
    return;
  }
  if (!Array.isArray(expr) || typeof expr[0] !== 'string') return;
  const [head, ...ops] = expr as [string, ...Json[]];
  if (head === 'Subscript') {
    const name = subscriptName(expr as Json[]);
    if (name !== null) {
      facts.variables.add(name);
      if (integerContext) facts.integers.add(name);
    } else {
      for (const op of ops) walk(op, bound, integerContext, facts);
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
  if (head === 'InvisibleOperator') {
    ops.forEach((op, i) => {
      // `-f(x)` parses as (−f)·(x): the symbol under the minus is in function position too.
      const name = symbolName(Array.isArray(op) && op[0] === 'Negate' && op.length === 2 ? op[1] : op);
      const next = ops[i + 1];
      if (name !== null && Array.isArray(next) && next[0] === 'Delimiter') {
        facts.applied.add(name);
        if (FUNCTION_LETTERS.has(name) || name.length > 1) return;
      }
      walk(op, bound, integerContext, facts);
    });
    // A symbol seen only in function position is a function name, not a variable.
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
  };
}
