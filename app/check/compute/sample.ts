// Seeded sample points for the free variables of a relation: small positive integers for integer
// variables, simple reals first (they make readable counterexamples), then seeded random reals.
// Points always lie inside the stated domain of each variable.
import { seededRandom } from '../../common/random';

export { seededRandom };

export interface Domain {
  integer: boolean;
  lower?: number;
  lowerStrict?: boolean;
  upper?: number;
  upperStrict?: boolean;
  nonzero?: boolean;
  /** Values excluded by a stated `x \\ne c` (`n \\ne 1`, `x \\notin \\{1, 2\\}`); 0 is `nonzero`. */
  except?: number[];
  /** A constraint on this variable was stated in the document. */
  stated: boolean;
  /** Said to be real: not an integer even for a conventional integer name such as n. */
  real?: boolean;
  /** An integer in one residue class: `n` odd (r = 1 modulo 2), `x \equiv 2 \pmod 7` stated as a hypothesis or a case. */
  residue?: { m: number; r: number };
  /**
   * The bound is a sampling window the checker added (room for `y \ge x + 3`), not one the text states: a stated
   * bound replaces it, and a half-line is still sampled far out past it.
   */
  roomLower?: boolean;
  roomUpper?: boolean;
}

/** The least non-negative residue of `a` modulo `m`. */
export function residueOf(a: number, m: number): number {
  return ((a % m) + m) % m;
}

export type Point = Map<string, number>;

export function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const NICE_INTEGERS = [2, 3, 4, 5, 1, 6, 7, 8, 9, 10];
const NICE_REALS = [2, 0.5, 1.5, 3, 2.5, 0.75, 1.25, 1.75, 2.25, 0.3, 1.1, 2.7];
/** Distances from the end of a half-line, log-spaced: `|x| \le 5` under `x < 1` fails only below −5. */
const HALF_LINE_REACH = [1, 2, 5, 10, 20, 50, 100, 1000];
/** How close to an open end a half-line is sampled: `\frac{1}{x} \le 100` under `x > 0` fails only below 0.01. */
const NEAR_OPEN_END = 1e-3;

/** Whether a value lies in a domain (bounds and non-zero; integrality is not checked). */
export function satisfies(value: number, d: Domain): boolean {
  if (d.lower !== undefined && (d.lowerStrict ? value <= d.lower : value < d.lower)) return false;
  if (d.upper !== undefined && (d.upperStrict ? value >= d.upper : value > d.upper)) return false;
  if (d.nonzero && value === 0) return false;
  if (d.except?.includes(value)) return false;
  if (d.residue && Number.isInteger(value) && residueOf(value - d.residue.r, d.residue.m) !== 0) return false;
  return true;
}

/**
 * Whether a domain ranges over both signs: said to be every real ("for all real $x$"), or only cut by
 * excluded points ("for all $x \\ne 0$", "let $x \\ne 1$": the text names the one value left out, so every
 * other real, negative ones included, is claimed). Bounded domains are not.
 */
export function signedDomain(d: Domain): boolean {
  return (d.real === true || d.nonzero === true || Boolean(d.except?.length)) && d.lower === undefined && d.upper === undefined;
}

/**
 * Candidate values for one variable, most readable first; empty when the domain is empty. `extreme`: those of `nice`
 * only the far reaches of a stated half-line give, outside the window the other values come from (1000 past the end,
 * 0.001 inside an open end): a tie or an overflow there is floating point, not evidence (judge.ts).
 */
export function candidates(d: Domain): { nice: number[]; draw: (rand: () => number) => number; extreme?: number[] } | null {
  if (d.integer) {
    let lo = d.lower === undefined ? undefined : d.lowerStrict ? Math.floor(d.lower) + 1 : Math.ceil(d.lower);
    let hi = d.upper === undefined ? undefined : d.upperStrict ? Math.ceil(d.upper) - 1 : Math.floor(d.upper);
    // "For all integers $n \\ne 0$": both signs, as for the reals.
    if (lo === undefined) lo = hi === undefined && (d.nonzero || d.except?.length) ? -5 : hi === undefined || hi >= 1 ? 1 : hi - 9;
    // One residue class: as many values of the class as the plain window has integers (odd n: 1, 3, …, 23).
    const step = d.residue?.m ?? 1;
    if (hi === undefined) hi = lo + 9 * step + step - 1;
    hi = Math.min(hi, lo + 11 * step + step - 1);
    if (hi < lo) return null;
    const all: number[] = [];
    for (let v = lo; v <= hi; v++) if (satisfies(v, d)) all.push(v);
    if (!all.length) return null;
    const nice = [...NICE_INTEGERS.filter((v) => all.includes(v)), ...all.filter((v) => !NICE_INTEGERS.includes(v))];
    return { nice, draw: (rand) => all[Math.floor(rand() * all.length)] };
  }
  // Reals: the default space is (0.2, 3.2), positive, where roots, logs and most proofs' variables live.
  let a = 0.2;
  let b = 3.2;
  if (d.lower !== undefined && d.upper !== undefined) {
    a = d.lower;
    b = d.upper;
  } else if (d.lower !== undefined) {
    a = d.lower;
    b = Math.max(d.lower + 3, 3.2);
    if (d.lower < 0.2) a = d.lower;
  } else if (d.upper !== undefined) {
    b = d.upper;
    a = d.upper > 0.3 ? Math.min(0.2, d.upper / 2) : d.upper - 3;
  }
  // "For every real $a$" and nothing more: negative values are as much in the domain as positive ones
  // (`\sqrt{a^2} = a` is false there), so sample both signs, alternating.
  const signed = signedDomain(d);
  if (signed) a = -3.2;
  if (!(b > a)) return null;
  const margin = (b - a) * 0.02;
  const lo = a + margin;
  const hi = b - margin;
  const inside = (v: number) => v >= lo && v <= hi && satisfies(v, d);
  let nice = (signed ? NICE_REALS.flatMap((v) => [v, -v]) : NICE_REALS).filter(inside);
  if (nice.length < 4) {
    nice = [0.5, 0.25, 0.75, 0.4, 0.6, 0.9, 0.1].map((f) => Number((a + (b - a) * f).toPrecision(3))).filter(inside);
  }
  // After the readable values, the far reaches of a stated half-line (and just inside its open end): the window
  // above holds a few units next to the end, where `x + 20 \ge 0` under `x \le 0` "held".
  const extreme: number[] = [];
  for (const v of halfLineReach(d)) {
    if (nice.includes(v)) continue;
    nice.push(v);
    if (!inside(v)) extreme.push(v);
  }
  const draw = (rand: () => number) => {
    for (let tries = 0; tries < 8; tries++) {
      const v = Number((lo + rand() * (hi - lo)).toFixed(4));
      if (inside(v)) return v;
    }
    return nice[0] ?? (lo + hi) / 2;
  };
  return { nice, draw, ...(extreme.length ? { extreme } : {}) };
}

/**
 * Values of a real half-line the text states (`x < 1`, `x > 0`; a window the checker added, `roomUpper`, does not
 * close it): just inside a strict end, then log-spaced out to 1000 past the end. [] for any other domain.
 */
function halfLineReach(d: Domain): number[] {
  const lower = d.roomLower ? undefined : d.lower;
  const upper = d.roomUpper ? undefined : d.upper;
  if (d.integer || !d.stated || (lower === undefined) === (upper === undefined)) return [];
  const open: Domain = { ...d, ...(d.roomLower ? { lower: undefined } : {}), ...(d.roomUpper ? { upper: undefined } : {}) };
  const end = (lower ?? upper)!;
  const sign = lower !== undefined ? 1 : -1;
  const strict = lower !== undefined ? d.lowerStrict : d.upperStrict;
  const reach = [...(strict ? [NEAR_OPEN_END] : []), ...HALF_LINE_REACH].map((t) => Number((end + sign * t).toPrecision(12)));
  return reach.filter((v) => satisfies(v, open));
}

/**
 * `count` distinct points over `vars` (fixed values included as given). Returns [] when a domain is
 * empty (contradictory constraints): nothing can be said then.
 */
export function samplePoints(
  vars: readonly string[],
  domains: ReadonlyMap<string, Domain>,
  fixed: ReadonlyMap<string, number>,
  seed: number,
  count: number,
): Point[] {
  const free = vars.filter((v) => !fixed.has(v));
  const spaces = free.map((v) => candidates(domains.get(v) ?? { integer: false, stated: false }));
  if (spaces.some((s) => s === null)) return [];
  const rand = seededRandom(seed);
  const points: Point[] = [];
  const seen = new Set<string>();
  const total = free.length === 0 ? 1 : count;
  for (let attempt = 0; points.length < total && attempt < total * 4; attempt++) {
    const point: Point = new Map(fixed);
    free.forEach((v, j) => {
      const space = spaces[j]!;
      // The first points use readable values, shifted per variable so x and y differ.
      const value = attempt < space.nice.length ? space.nice[(attempt + j * 3) % space.nice.length] : space.draw(rand);
      point.set(v, value);
    });
    const key = free.map((v) => point.get(v)).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    points.push(point);
  }
  // The joint corners of the box: with three positive reals the shifted readable values and the draws never put all
  // of them near 0 at once, and `a + b + c \ge 1` "held". After a few readable points: every variable small
  // together, every one large together, and half small / half large, each variable at a different rank of its own
  // sorted values (0.001, 0.3, 0.5) so that a stated "distinct" is not broken, and once all near the least value.
  const corners = free.length >= 2 ? jointCorners(free, spaces as NonNullable<(typeof spaces)[number]>[], fixed) : [];
  const fresh = corners.filter((p) => {
    const key = free.map((v) => p.get(v)).join(',');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (!fresh.length) return points;
  const head = Math.min(4, points.length);
  return [...points.slice(0, head), ...fresh, ...points.slice(head)].slice(0, Math.max(total, head + fresh.length));
}

/** Points at the joint corners of the free variables' sample spaces (all small, all large, mixed); see samplePoints. */
function jointCorners(free: readonly string[], spaces: readonly { nice: number[] }[], fixed: ReadonlyMap<string, number>): Point[] {
  const sorted = spaces.map((s) => [...new Set(s.nice)].sort((x, y) => x - y));
  const at = (j: number, rank: number) => sorted[j]![Math.max(0, Math.min(sorted[j]!.length - 1, rank))]!;
  const last = (j: number) => sorted[j]!.length - 1;
  const mid = (j: number) => Math.floor(sorted[j]!.length / 2);
  const pick: ((j: number) => number)[] = [
    (j) => at(j, j),
    // All near the least value, yet apart (0.001, 0.0309, 0.0608 for positive reals): equal values would make an
    // order's slip (`x - z \ge 0` under x ≤ y ≤ z) hold at one point and go unreported. Integers keep their ranks.
    (j) => (sorted[j]!.every(Number.isInteger) || sorted[j]!.length < 2 ? at(j, j) : Number((at(j, 0) + ((at(j, 1) - at(j, 0)) * j) / 10).toPrecision(4))),
    (j) => at(j, j + 1),
    (j) => at(j, last(j) - j),
    (j) => at(j, mid(j) + j - 1),
    (j) => (j % 2 ? at(j, last(j) - j) : at(j, j)),
    (j) => (j % 2 ? at(j, j) : at(j, last(j) - j)),
  ];
  return pick.map((f) => {
    const point: Point = new Map(fixed);
    free.forEach((v, j) => point.set(v, f(j)));
    return point;
  });
}

/** An order between two names, as `left op right` (context.ts `VariableRelation`). */
interface Order {
  left: string;
  op: string;
  right: string;
}

/**
 * The least integer points a set of stated orders allows, and the same with each name one step higher: "Let
 * $k \\ge 2$ … integers $m > n \\ge k$" gives k = 2, n = 2, m = 3, where `mn \\ge 8` fails. Random draws of three
 * ordered integers from 1…10 seldom land on the tight corner, and the slip "held". Every name must be an integer
 * (fixed values stay as given and are never raised); a point outside a domain is left out. [] without orders.
 */
export function leastOrderedPoints(vars: readonly string[], domains: ReadonlyMap<string, Domain>, fixed: ReadonlyMap<string, number>, orders: readonly Order[]): Point[] {
  const free = vars.filter((v) => !fixed.has(v));
  if (free.length < 2 || !orders.some((o) => free.includes(o.left) || free.includes(o.right))) return [];
  if (free.some((v) => !domains.get(v)?.integer)) return [];
  const least = new Map(fixed);
  for (const v of free) {
    const space = candidates(domains.get(v)!);
    if (!space) return [];
    least.set(v, Math.min(...space.nice));
  }
  /** Raises the higher name of each broken order until all hold (null when a fixed value would have to move). */
  const settle = (p: Point): Point | null => {
    for (let round = 0; round <= free.length + 1; round++) {
      let changed = false;
      for (const o of orders) {
        const up = o.op === '<' || o.op === '\\le';
        if (!up && o.op !== '>' && o.op !== '\\ge') continue;
        const [low, high] = up ? [o.left, o.right] : [o.right, o.left];
        const a = p.get(low);
        const b = p.get(high);
        if (a === undefined || b === undefined) continue;
        const need = a + (o.op === '<' || o.op === '>' ? 1 : 0);
        if (b >= need) continue;
        if (fixed.has(high)) return null;
        p.set(high, need);
        changed = true;
      }
      if (!changed) return free.every((v) => satisfies(p.get(v)!, domains.get(v)!)) ? p : null;
    }
    return null;
  };
  const out: Point[] = [];
  const seen = new Set<string>();
  for (const start of [least, ...free.map((v) => new Map(least).set(v, least.get(v)! + 1))]) {
    const p = settle(new Map(start));
    const key = p && free.map((v) => p.get(v)).join(',');
    if (p && !seen.has(key!)) {
      seen.add(key!);
      out.push(p);
    }
  }
  return out;
}
