// Numeric evaluation of MathJSON (as produced by the Compute Engine's non-canonical LaTeX parser).
// Real numbers only. Anything this evaluator does not understand throws `Undecidable` — the pair is
// then left unchecked rather than guessed at; a point where a side is undefined evaluates to NaN.

export class Undecidable extends Error {}

export type Json = unknown;

export interface EvalOptions {
  /** Base used for `\log` without a base (the parser loses `\log_{10}`; callers try several). */
  logBase: number;
  /** Symbols used as plain variables somewhere in the pair: `x(x+1)` is a product, `f(x)` an application. */
  variables: ReadonlySet<string>;
  /** Indexed families of the pair (`a` in `\\sum_i a_i`) and the value of member k at this point. */
  families?: ReadonlySet<string>;
  family?: (base: string, k: number) => number;
}

/** Value of `base_index` when `base` is a family and the index has an integer value here; else undefined. */
function familyMember(base: string, index: Json, env: ReadonlyMap<string, number>, options: EvalOptions): number | undefined {
  if (!options.families?.has(base) || !options.family) return undefined;
  const k = typeof index === 'string' && /^\d+$/.test(index) ? Number(index) : evaluate(index, env, options);
  if (!isInteger(k)) return NaN;
  return options.family(base, Math.round(k));
}

const CONSTANTS: Record<string, number> = { Pi: Math.PI, ExponentialE: Math.E, e: Math.E };
/** Letters that, followed by parentheses, are read as function names, never as factors. */
export const FUNCTION_LETTERS = new Set(['f', 'g', 'h', 'F', 'G', 'H', 'p', 'q', 'P', 'Q', 'phi', 'psi', 'varphi', 'u', 'v', 'T']);
const MAX_TERMS = 20_000;

/**
 * `f(x)`, `\\sigma(n)`, `\\pi(x)` are applications; `x(x+1)`, `p(p-1)`, `a(b+c)` are products. The
 * analysis (analyze.ts) counts a symbol before parentheses as a variable only when it is a one-letter
 * name outside FUNCTION_LETTERS or is used as a variable elsewhere in the pair.
 */
function isFunctionName(name: string, variables: ReadonlySet<string>, env: ReadonlyMap<string, number>): boolean {
  // A bound index (`k` in \\sum_k \\frac{1}{k(k+1)}) is in the environment, not in `variables`.
  return !variables.has(name) && !(env.has(name) && !FUNCTION_LETTERS.has(name));
}

export function isConstantSymbol(name: string): boolean {
  return name in CONSTANTS;
}

/** A MathJSON symbol name, or null. Quoted strings ("'text'") are string literals, not symbols. */
export function symbolName(expr: Json): string | null {
  if (typeof expr === 'string' && !expr.startsWith("'")) return expr;
  if (expr && typeof expr === 'object' && !Array.isArray(expr) && typeof (expr as { sym?: unknown }).sym === 'string') {
    return (expr as { sym: string }).sym;
  }
  return null;
}

export function numberValue(expr: Json): number | null {
  if (typeof expr === 'number') return expr;
  if (expr && typeof expr === 'object' && !Array.isArray(expr) && typeof (expr as { num?: unknown }).num === 'string') {
    const text = (expr as { num: string }).num.replace(/[+]Infinity/, 'Infinity');
    const value = Number(text.replace(/\(\d+\)$/, ''));
    return Number.isNaN(value) ? null : value;
  }
  return null;
}

/** Name of a subscripted variable (`x_1`, `a_n`) when the subscript is a number or a plain symbol. */
export function subscriptName(expr: Json[]): string | null {
  const base = symbolName(expr[1]);
  const index = expr[2];
  if (base === null) return null;
  const n = numberValue(index);
  if (n !== null) return `${base}_${n}`;
  const s = symbolName(index);
  return s === null ? null : `${base}_${s}`;
}

function isInteger(x: number): boolean {
  return Number.isFinite(x) && Math.abs(x - Math.round(x)) < 1e-9;
}

function factorial(n: number): number {
  if (!isInteger(n) || n < 0 || n > 170) return NaN;
  let r = 1;
  for (let i = 2; i <= Math.round(n); i++) r *= i;
  return r;
}

function doubleFactorial(n: number): number {
  if (!isInteger(n) || n < -1 || n > 300) return NaN;
  let r = 1;
  for (let i = Math.round(n); i > 1; i -= 2) r *= i;
  return r;
}

function binomial(n: number, k: number): number {
  if (!isInteger(n) || !isInteger(k) || n < 0) return NaN;
  const N = Math.round(n);
  let K = Math.round(k);
  if (K < 0 || K > N) return 0;
  K = Math.min(K, N - K);
  let r = 1;
  for (let i = 1; i <= K; i++) r = (r * (N - K + i)) / i;
  return Math.round(r) === r || r > 2 ** 53 ? r : Math.round(r);
}

/** Greatest common divisor of two integers (NaN when either is not one); gcd(0, 0) = 0. */
export function gcd(a: number, b: number): number {
  if (!isInteger(a) || !isInteger(b)) return NaN;
  let x = Math.abs(Math.round(a));
  let y = Math.abs(Math.round(b));
  while (y) [x, y] = [y, x % y];
  return x;
}

function power(base: number, exponent: number): number {
  if (base < 0 && !isInteger(exponent)) return NaN;
  if (base === 0 && exponent < 0) return NaN;
  return base ** exponent;
}

const UNARY: Record<string, (x: number) => number> = {
  Negate: (x) => -x,
  Sqrt: (x) => (x < 0 ? NaN : Math.sqrt(x)),
  Exp: Math.exp,
  Ln: (x) => (x <= 0 ? NaN : Math.log(x)),
  Lb: (x) => (x <= 0 ? NaN : Math.log2(x)),
  Lg: (x) => (x <= 0 ? NaN : Math.log10(x)),
  Sin: Math.sin,
  Cos: Math.cos,
  Tan: (x) => (Math.abs(Math.cos(x)) < 1e-12 ? NaN : Math.tan(x)),
  Sec: (x) => 1 / Math.cos(x),
  Csc: (x) => 1 / Math.sin(x),
  Cot: (x) => Math.cos(x) / Math.sin(x),
  Arcsin: (x) => Math.asin(x),
  Arccos: (x) => Math.acos(x),
  Arctan: Math.atan,
  Sinh: Math.sinh,
  Cosh: Math.cosh,
  Tanh: Math.tanh,
  Abs: Math.abs,
  Floor: Math.floor,
  Ceil: Math.ceil,
  Sign: Math.sign,
  Factorial: factorial,
  Factorial2: doubleFactorial,
  Square: (x) => x * x,
};

const INVERSE: Record<string, string> = { Sin: 'Arcsin', Cos: 'Arccos', Tan: 'Arctan' };

/** `f`, `\\sigma^2`, `h^{-1}`, `-f`: the symbol of a factor that may be in function position. */
function headName(op: Json): string | null {
  const inner = Array.isArray(op) && op[0] === 'Negate' && op.length === 2 ? op[1] : op;
  const sym = symbolName(inner);
  if (sym !== null) return sym;
  return Array.isArray(inner) && inner[0] === 'Power' ? symbolName(inner[1]) : null;
}

/** `(x)`, `(x)^2`: a factor that starts with a bracket. */
function bracketFirst(op: Json): boolean {
  if (!Array.isArray(op)) return false;
  if (op[0] === 'Delimiter') return true;
  return op[0] === 'Power' ? bracketFirst(op[1]) : false;
}

/** Operands of an InvisibleOperator with spacing commands dropped. */
function invisibleOperands(ops: Json[]): Json[] {
  return ops.filter((op) => !(Array.isArray(op) && op[0] === 'HorizontalSpacing'));
}

export function evaluate(expr: Json, env: ReadonlyMap<string, number>, options: EvalOptions): number {
  const n = numberValue(expr);
  if (n !== null) return n;
  const sym = symbolName(expr);
  if (sym !== null) {
    const bound = env.get(sym);
    if (bound !== undefined) return bound;
    const m = /^([A-Za-z]+)_([A-Za-z0-9]+)$/.exec(sym);
    if (m) {
      const member = familyMember(m[1], m[2], env, options);
      if (member !== undefined) return member;
    }
    if (sym in CONSTANTS) return CONSTANTS[sym];
    if (sym === 'PositiveInfinity' || sym === 'NegativeInfinity' || sym === 'ComplexInfinity') return NaN;
    throw new Undecidable(`unknown symbol ${sym}`);
  }
  if (!Array.isArray(expr) || expr.length === 0 || typeof expr[0] !== 'string') throw new Undecidable('unsupported expression');
  const [head, ...ops] = expr as [string, ...Json[]];

  switch (head) {
    case 'Add':
      return ops.reduce<number>((acc, op) => acc + evaluate(op, env, options), 0);
    case 'Subtract':
      return ops.length === 1 ? -evaluate(ops[0], env, options) : ops.slice(1).reduce<number>((acc, op) => acc - evaluate(op, env, options), evaluate(ops[0], env, options));
    case 'Multiply':
      return ops.reduce<number>((acc, op) => acc * evaluate(op, env, options), 1);
    case 'InvisibleOperator': {
      const factors = invisibleOperands(ops);
      let product = 1;
      for (let i = 0; i < factors.length; i++) {
        const name = headName(factors[i]);
        const next = factors[i + 1];
        if (name !== null && next !== undefined && bracketFirst(next) && isFunctionName(name, options.variables, env)) {
          throw new Undecidable(`${name}(…) reads as a function application`);
        }
        product *= evaluate(factors[i], env, options);
      }
      return product;
    }
    case 'Divide':
    case 'Rational': {
      const den = evaluate(ops[1], env, options);
      return den === 0 ? NaN : evaluate(ops[0], env, options) / den;
    }
    case 'Power':
      return power(evaluate(ops[0], env, options), evaluate(ops[1], env, options));
    case 'Root': {
      const x = evaluate(ops[0], env, options);
      const k = evaluate(ops[1], env, options);
      if (x < 0) return isInteger(k) && Math.round(k) % 2 === 1 ? -(Math.abs(x) ** (1 / k)) : NaN;
      return x ** (1 / k);
    }
    case 'Log': {
      const x = evaluate(ops[0], env, options);
      const base = ops.length > 1 ? evaluate(ops[1], env, options) : options.logBase;
      return x <= 0 || base <= 0 || base === 1 ? NaN : Math.log(x) / Math.log(base);
    }
    // `30^\circ`, `60°`: an angle in degrees.
    case 'Degrees':
      return (evaluate(ops[0], env, options) * Math.PI) / 180;
    case 'Binomial':
      return binomial(evaluate(ops[0], env, options), evaluate(ops[1], env, options));
    case 'GCD':
      return ops.map((op) => evaluate(op, env, options)).reduce(gcd);
    case 'LCM':
      return ops.map((op) => evaluate(op, env, options)).reduce((a, b) => (gcd(a, b) === 0 ? 0 : Math.abs(a * b) / gcd(a, b)));
    case 'Mod': {
      const a = evaluate(ops[0], env, options);
      const b = evaluate(ops[1], env, options);
      return b === 0 ? NaN : ((a % b) + b) % b;
    }
    case 'Max':
    case 'Min': {
      const args = ops.length === 1 && Array.isArray(ops[0]) && ops[0][0] === 'Set' ? (ops[0] as Json[]).slice(1) : ops;
      const values = args.map((op) => evaluate(op, env, options));
      return head === 'Max' ? Math.max(...values) : Math.min(...values);
    }
    case 'Delimiter': {
      const body = ops[0];
      const delims = typeof ops[1] === 'string' ? ops[1] : "'(,)'";
      if (!/^'[([]?,?[)\]]?'$/.test(delims) && delims !== "'(,)'") throw new Undecidable(`delimiter ${delims}`);
      if (Array.isArray(body) && body[0] === 'Sequence') {
        if (body.length !== 2) throw new Undecidable('a tuple is not a number');
        return evaluate(body[1], env, options);
      }
      return evaluate(body, env, options);
    }
    case 'Sequence':
      if (ops.length !== 1) throw new Undecidable('a sequence is not a number');
      return evaluate(ops[0], env, options);
    case 'Subscript': {
      const base = symbolName(ops[0]);
      const member = base === null ? undefined : familyMember(base, ops[1], env, options);
      if (member !== undefined) return member;
      const name = subscriptName(expr as Json[]);
      const value = name === null ? undefined : env.get(name);
      if (value === undefined) throw new Undecidable('indexed term');
      return value;
    }
    case 'Apply': {
      const fn = ops[0];
      if (Array.isArray(fn) && fn[0] === 'InverseFunction' && typeof fn[1] === 'string' && INVERSE[fn[1]]) {
        return UNARY[INVERSE[fn[1]]](evaluate(ops[1], env, options));
      }
      throw new Undecidable('function application');
    }
    case 'Sum':
    case 'Product':
      return bigOperator(head, ops, env, options);
    default: {
      const unary = UNARY[head];
      if (unary && ops.length === 1) return unary(evaluate(ops[0], env, options));
      throw new Undecidable(`unsupported operator ${head}`);
    }
  }
}

function reusesIndex(expr: Json, index: string): boolean {
  if (!Array.isArray(expr)) return false;
  if ((expr[0] === 'Sum' || expr[0] === 'Product') && Array.isArray(expr[2]) && symbolName((expr[2] as Json[])[1]) === index) return true;
  return expr.some((e, i) => i > 0 && reusesIndex(e, index));
}

/** `\sum`/`\prod` over integer bounds: ["Sum", body, ["Tuple"|"Limits", index, lower, upper]]. */
function bigOperator(head: 'Sum' | 'Product', ops: Json[], env: ReadonlyMap<string, number>, options: EvalOptions): number {
  const [body, limits] = ops;
  if (ops.length !== 2 || !Array.isArray(limits) || (limits[0] !== 'Tuple' && limits[0] !== 'Limits') || limits.length !== 4) {
    throw new Undecidable('sum without explicit bounds');
  }
  const index = symbolName(limits[1]);
  if (index === null) throw new Undecidable('sum index');
  // `\prod_k A \cdot \prod_k B` is two products to a reader and a nested one to the parser: when the
  // body holds another big operator over the same index, the scope is ambiguous.
  if (reusesIndex(body, index)) throw new Undecidable('the scope of a sum or product is ambiguous');
  const lower = evaluate(limits[2], env, options);
  const upper = evaluate(limits[3], env, options);
  if (!isInteger(lower) || !isInteger(upper)) return NaN;
  const from = Math.round(lower);
  const to = Math.round(upper);
  if (to - from > MAX_TERMS) return NaN;
  const scope = new Map(env);
  let acc = head === 'Sum' ? 0 : 1;
  for (let i = from; i <= to; i++) {
    scope.set(index, i);
    const term = evaluate(body, scope, options);
    acc = head === 'Sum' ? acc + term : acc * term;
  }
  return acc;
}
