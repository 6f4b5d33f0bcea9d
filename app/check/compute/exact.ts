// Exact rational arithmetic for closed relations (no variables): `3^{20} = 3486784401`,
// `2^{60} + 1 \ne 2^{60}`, `20! = 2432902008176640000`. Doubles hold integers exactly only up to 2^53
// and the numeric judge compares within a relative 1e-9, so beyond that a true `\ne` failed and an
// off-by-one slip in a big integer held. Here every value is a fraction of BigInts; anything that is
// not exactly rational (π, √2, logarithms, a fractional power) or too large returns null and the
// numeric judge decides as before.
import { symbolName, type Json } from './evaluate';

/** A reduced fraction n/d with d > 0. */
export interface Rational {
  n: bigint;
  d: bigint;
}

/** Largest numerator or denominator kept, in bits (2^20000 has 6,021 digits: far beyond any proof). */
const MAX_BITS = 20_000;
const MAX_FACTORIAL = 2_000;

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

function bigGcd(a: bigint, b: bigint): bigint {
  let x = abs(a);
  let y = abs(b);
  while (y) [x, y] = [y, x % y];
  return x;
}

function bits(x: bigint): number {
  return abs(x).toString(2).length;
}

/** n/d reduced, or null when d is 0 or the result is too large to be worth exact work. */
function make(n: bigint, d: bigint): Rational | null {
  if (d === 0n) return null;
  if (d < 0n) [n, d] = [-n, -d];
  const g = bigGcd(n, d) || 1n;
  const r = { n: n / g, d: d / g };
  return bits(r.n) > MAX_BITS || bits(r.d) > MAX_BITS ? null : r;
}

const int = (n: bigint): Rational => ({ n, d: 1n });
const isInt = (r: Rational): boolean => r.d === 1n;

/** A decimal literal (`12`, `-0.25`, `12157665459056928801`) as a fraction; scientific and repeating forms are not read. */
function decimal(text: string): Rational | null {
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return null;
  const frac = m[3] ?? '';
  const n = BigInt(m[2] + frac) * (m[1] === '-' ? -1n : 1n);
  return make(n, 10n ** BigInt(frac.length));
}

function literal(expr: Json): Rational | null {
  if (typeof expr === 'number') {
    if (!Number.isFinite(expr)) return null;
    if (Number.isSafeInteger(expr)) return int(BigInt(expr));
    // A double that came from a short decimal (`0.1`) is that decimal; `1e-7` style text is refused.
    return decimal(String(expr));
  }
  if (expr && typeof expr === 'object' && !Array.isArray(expr) && typeof (expr as { num?: unknown }).num === 'string') {
    return decimal((expr as { num: string }).num);
  }
  return null;
}

function add(a: Rational, b: Rational): Rational | null {
  return make(a.n * b.d + b.n * a.d, a.d * b.d);
}

function mul(a: Rational, b: Rational): Rational | null {
  return make(a.n * b.n, a.d * b.d);
}

function pow(base: Rational, e: Rational): Rational | null {
  if (!isInt(e)) return null;
  const k = e.n;
  if (k === 0n) return base.n === 0n ? null : int(1n);
  // Size of the result before computing it: bits(base) · |k| must stay under the cap.
  if (abs(k) * BigInt(Math.max(bits(base.n), bits(base.d))) > BigInt(MAX_BITS)) return null;
  const p = abs(k);
  const r = { n: base.n ** p, d: base.d ** p };
  return k > 0n ? make(r.n, r.d) : make(r.d, r.n);
}

/** The integer k-th root of a perfect k-th power (k ≥ 2), else null. */
function integerRoot(x: bigint, k: number): bigint | null {
  if (x < 0n) {
    const r = k % 2 === 1 ? integerRoot(-x, k) : null;
    return r === null ? null : -r;
  }
  if (x < 2n) return x;
  // Newton's method from a double estimate, then a check.
  if (!Number.isFinite(Number(x))) return null;
  let r = BigInt(Math.max(1, Math.round(Number(x) ** (1 / k))));
  for (let i = 0; i < 100; i++) {
    const next = ((BigInt(k) - 1n) * r + x / r ** BigInt(k - 1)) / BigInt(k);
    if (abs(next - r) <= 1n) {
      for (const c of [next - 1n, next, next + 1n]) if (c >= 0n && c ** BigInt(k) === x) return c;
      return null;
    }
    r = next;
  }
  return null;
}

function root(x: Rational, k: number): Rational | null {
  const n = integerRoot(x.n, k);
  const d = integerRoot(x.d, k);
  return n === null || d === null ? null : make(n, d);
}

function factorial(x: Rational, step: bigint): Rational | null {
  if (!isInt(x) || x.n < 0n || x.n > BigInt(MAX_FACTORIAL)) return null;
  let r = 1n;
  for (let i = x.n; i > 1n; i -= step) r *= i;
  return make(r, 1n);
}

function binomial(n: Rational, k: Rational): Rational | null {
  if (!isInt(n) || !isInt(k) || n.n < 0n || n.n > BigInt(MAX_FACTORIAL)) return null;
  if (k.n < 0n || k.n > n.n) return int(0n);
  const kk = k.n < n.n - k.n ? k.n : n.n - k.n;
  let r = 1n;
  for (let i = 1n; i <= kk; i++) r = (r * (n.n - kk + i)) / i;
  return make(r, 1n);
}

function floorDiv(a: Rational): bigint {
  const q = a.n / a.d;
  return a.n < 0n && q * a.d !== a.n ? q - 1n : q;
}

/**
 * The exact value of a closed MathJSON expression (the raw parse of one side), or null when it has
 * a symbol, an operation outside exact rational arithmetic, an undefined value or a huge result.
 */
export function exactValue(expr: Json): Rational | null {
  const lit = literal(expr);
  if (lit) return lit;
  if (symbolName(expr) !== null || !Array.isArray(expr) || typeof expr[0] !== 'string') return null;
  const [head, ...raw] = expr as [string, ...Json[]];
  const ops = raw.filter((op) => !(Array.isArray(op) && op[0] === 'HorizontalSpacing'));
  const values = (): Rational[] | null => {
    const out: Rational[] = [];
    for (const op of ops) {
      const v = exactValue(op);
      if (v === null) return null;
      out.push(v);
    }
    return out;
  };
  const v = values();
  if (v === null || v.length === 0) return null;
  switch (head) {
    case 'Add':
      return v.reduce<Rational | null>((acc, x) => (acc && add(acc, x)), int(0n));
    case 'Subtract':
      return v.length === 1 ? make(-v[0].n, v[0].d) : v.slice(1).reduce<Rational | null>((acc, x) => (acc && add(acc, { n: -x.n, d: x.d })), v[0]);
    case 'Negate':
      return v.length === 1 ? make(-v[0].n, v[0].d) : null;
    case 'Multiply':
    case 'InvisibleOperator':
      return v.reduce<Rational | null>((acc, x) => (acc && mul(acc, x)), int(1n));
    case 'Divide':
    case 'Rational':
      return v.length === 2 && v[1].n !== 0n ? mul(v[0], { n: v[1].d, d: v[1].n }) : null;
    case 'Power':
      return v.length === 2 ? pow(v[0], v[1]) : null;
    case 'Square':
      return v.length === 1 ? mul(v[0], v[0]) : null;
    case 'Sqrt':
      return v.length === 1 ? root(v[0], 2) : null;
    case 'Root':
      return v.length === 2 && isInt(v[1]) && v[1].n >= 2n && v[1].n <= 64n ? root(v[0], Number(v[1].n)) : null;
    case 'Delimiter': {
      // `(…)` only: other delimiters (`|…|`, `[…]`) and tuples are left to the numeric judge.
      if (raw.length > 1 && raw[1] !== "'(,)'") return null;
      return v.length === 1 ? v[0] : null;
    }
    case 'Sequence':
      return v.length === 1 ? v[0] : null;
    case 'Abs':
      return v.length === 1 ? make(abs(v[0].n), v[0].d) : null;
    case 'Floor':
      return v.length === 1 ? int(floorDiv(v[0])) : null;
    case 'Ceil':
      return v.length === 1 ? int(-floorDiv({ n: -v[0].n, d: v[0].d })) : null;
    case 'Factorial':
      return v.length === 1 ? factorial(v[0], 1n) : null;
    case 'Factorial2':
      return v.length === 1 ? factorial(v[0], 2n) : null;
    case 'Binomial':
      return v.length === 2 ? binomial(v[0], v[1]) : null;
    case 'GCD':
    case 'LCM': {
      if (!v.every(isInt)) return null;
      if (head === 'GCD') return int(v.map((x) => x.n).reduce(bigGcd));
      return v.reduce<Rational | null>((acc, x) => {
        if (!acc) return null;
        const g = bigGcd(acc.n, x.n);
        return g === 0n ? int(0n) : make(abs(acc.n * x.n) / g, 1n);
      }, int(1n));
    }
    case 'Mod': {
      if (v.length !== 2 || !v.every(isInt) || v[1].n === 0n) return null;
      const m = abs(v[1].n);
      return int(((v[0].n % m) + m) % m);
    }
    default:
      return null;
  }
}

/** Sign of a − b. */
export function compareExact(a: Rational, b: Rational): -1 | 0 | 1 {
  const diff = a.n * b.d - b.n * a.d;
  return diff === 0n ? 0 : diff < 0n ? -1 : 1;
}

/** A double close to r (for messages: the counterexample's values). */
export function toNumber(r: Rational): number {
  // Scale both down together when they are beyond a double's range.
  const shift = BigInt(Math.max(0, Math.max(bits(r.n), bits(r.d)) - 1000));
  return Number(r.n >> shift) / Number(r.d >> shift);
}
