// Judges one relation `left op right`: numeric sampling decides 'holds' / 'fails'; the symbolic
// simplifier may upgrade 'holds' to 'verified'. False alarms are worse than silence, so a failure is
// reported only when it is clear, at points inside the stated domains, and for a relation that reads
// as a claim about all values (not an equation to solve or a definition).
import type { Counterexample, ComputationStatus, RelOp } from '../types';
import { analyzeSide, mergeFacts, type SideFacts } from './analyze';
import { evaluate, gcd, symbolName, isConstantSymbol, Undecidable, type EvalOptions, type Json } from './evaluate';
import { isOrder, nameOf, type ContextFact } from './facts';
import { engineValue, parseReadings, parseSide, simplifiesToZero } from './parse';
import { relationKey } from './restated';
import { realRoots } from './roots';
import { compareExact, exactValue, toNumber } from './exact';
import { candidates as sampleSpace, hashString, leastOrderedPoints, residueOf, samplePoints, satisfies, signedDomain, type Domain, type Point } from './sample';
import { applyBound, constantValue, INTEGER_NAMES, respectsRelations, type VariableRelation } from './context';

export interface JudgeOptions {
  domains: ReadonlyMap<string, Domain>;
  /** Stated orders between variables (`m \\le n`). */
  relations?: readonly VariableRelation[];
  /** Values fixed by the text nearby (`Let $n = 5$`). */
  fixed: ReadonlyMap<string, number>;
  /** False when the context says this relation may be an equation or hypothesis (never flag it then). */
  mayFlag: boolean;
  symbolic: boolean;
  /** Counts the simplifier's attempts (see `symbolicAttempts` in CheckOptions); shared by the nested judgements. */
  symbolicTally?: SymbolicTally;
  samples: number;
  /** What the text states around the relation (definitions, hypotheses, constraints), in scope here. */
  facts?: readonly ContextFact[];
  /** `e` / `Pi` named as variables by the text ("Let the excess be $e$"). */
  namedVariables?: ReadonlySet<string>;
  /**
   * Judge as a congruence modulo this number: every variable is an integer and `=` / `\equiv` compare
   * residues (an `=` link of a congruence chain holds when its sides are congruent; equal integers are).
   */
  modulus?: number;
  /**
   * The sentence claims the relation for every value of each of its names ("for all real $a, b$"): an
   * equality or inequality that fails on a fair share of the samples is false, however often it holds
   * elsewhere (the text states the domain; none is implied).
   */
  quantified?: boolean;
  /**
   * The names the text bounds from below or calls positive somewhere (`lowerBoundHinted`): under an upper bound alone
   * a failure at or below 0 is left unchecked for these only, a lower bound the reader missed may exclude it. Undefined:
   * every name.
   */
  lowerHinted?: readonly string[];
  /** How many claims deep this judgement vouches for the claims it samples under (`unconfirmedClaim`); 0 at the top. */
  vouching?: number;
}

export interface Judgement {
  status: ComputationStatus;
  points?: number;
  counterexample?: Counterexample;
  reason?: string;
  /** The stated definitions and hypotheses the verdict used ("holds under …"). */
  hypotheses?: string[];
}

const HOLD_TOL = 1e-9;
const FAIL_TOL = 1e-6;
/** Share of defined points that must fail before an equality is called false. */
const FAIL_SHARE = 0.2;
const MIN_POINTS = 6;
/** Share of defined points at which an equality may hold and still be called false. */
const HOLD_SHARE = 0.25;

/**
 * A stated domain as TeX (`n \\ge 4`, `0 \\le x \\le 1`, `x \\ne 0`, `n \\equiv 1 \\pmod{2}`, `t \\in \\mathbb{Z}`),
 * for "holds under …"; '' when it is no narrower than every real.
 */
function describeDomain(v: string, d: Domain, integerMatters: boolean): string {
  const parts: string[] = [];
  if (d.lower !== undefined && d.upper !== undefined) parts.push(`${d.lower} ${d.lowerStrict ? '<' : '\\le'} ${v} ${d.upperStrict ? '<' : '\\le'} ${d.upper}`);
  else if (d.lower !== undefined) parts.push(`${v} ${d.lowerStrict ? '>' : '\\ge'} ${d.lower}`);
  else if (d.upper !== undefined) parts.push(`${v} ${d.upperStrict ? '<' : '\\le'} ${d.upper}`);
  if (d.nonzero) parts.push(`${v} \\ne 0`);
  for (const c of d.except ?? []) parts.push(`${v} \\ne ${c}`);
  if (d.residue) parts.push(`${v} \\equiv ${d.residue.r} \\pmod{${d.residue.m}}`);
  if (d.integer && integerMatters && !parts.length) parts.push(`${v} \\in \\mathbb{Z}`);
  return parts.join(', ');
}

/** Notation whose value can be piecewise, so an equality may hold on a region only. */
const NOT_ANALYTIC = /[|]|\\[lr]?vert|\\[lr]floor|\\[lr]ceil|\\max|\\min|\\bmod|\\mod|\\operatorname|\\mathrm|\\text|\\sgn|\\lfloor|\\lceil/;

/** Drops repeats (up to spacing) in place: `a \\ge b` read from the statement and again from "assume" is one hypothesis. */
function dedupe(hypotheses: string[]): void {
  const unique = [...new Map(hypotheses.map((h) => [h.replace(/\s+/g, ''), h] as const)).values()];
  hypotheses.splice(0, hypotheses.length, ...unique);
}

function scale(a: number, b: number): number {
  return Math.max(1, Math.abs(a), Math.abs(b));
}

type PointOutcome = 'holds' | 'fails' | 'unclear';

/** The residue class of the integers in both classes (`r ≡ a.r mod a.m` and `r ≡ b.r mod b.m`), or null when none is. */
function commonClass(a: { m: number; r: number }, b: { m: number; r: number }): { m: number; r: number } | null {
  const m = (a.m / gcd(a.m, b.m)) * b.m;
  // Moduli in proofs are small; a huge common modulus would leave too few sample values anyway.
  if (m > 10_000) return null;
  for (let r = a.r; r < m; r += a.m) if (residueOf(r - b.r, b.m) === 0) return { m, r };
  return null;
}

/** `a` as an exact integer, or null when it is not one (or too large for a double to hold exactly). */
function exactInteger(a: number): number | null {
  const r = Math.round(a);
  return Number.isSafeInteger(r) && Math.abs(a - r) <= HOLD_TOL * Math.max(1, Math.abs(a)) ? r : null;
}

function compare(op: RelOp, a: number, b: number, modulus?: number): PointOutcome {
  if (op === '\\equiv' || op === '\\not\\equiv' || (modulus !== undefined && op === '=')) {
    // Residues are compared exactly, so a side that is not an exact integer here says nothing.
    const x = exactInteger(a);
    const y = exactInteger(b);
    if (modulus === undefined || x === null || y === null) return 'unclear';
    const congruent = residueOf(x - y, modulus) === 0;
    return congruent === (op !== '\\not\\equiv') ? 'holds' : 'fails';
  }
  const s = scale(a, b);
  const diff = a - b;
  switch (op) {
    case '=':
      return Math.abs(diff) <= HOLD_TOL * s ? 'holds' : Math.abs(diff) > FAIL_TOL * s ? 'fails' : 'unclear';
    case '\\ne':
      return Math.abs(diff) > FAIL_TOL * s ? 'holds' : Math.abs(diff) <= HOLD_TOL * s ? 'fails' : 'unclear';
    case '<':
    case '\\le':
      return diff <= HOLD_TOL * s ? (op === '<' && Math.abs(diff) <= FAIL_TOL * s ? 'unclear' : 'holds') : diff > FAIL_TOL * s ? 'fails' : 'unclear';
    case '>':
    case '\\ge':
      return -diff <= HOLD_TOL * s ? (op === '>' && Math.abs(diff) <= FAIL_TOL * s ? 'unclear' : 'holds') : -diff > FAIL_TOL * s ? 'fails' : 'unclear';
    default:
      return 'unclear';
  }
}

/**
 * A side that names something (`S`, `a_n`, `f(x)`): the relation is then a definition, not a
 * computation. `x(x+1)` is a product when x is a variable of the pair.
 */
function isName(json: Json, variables: ReadonlySet<string>): boolean {
  const sym = symbolName(json);
  // A whole side that is just `e` is a variable named e, not Euler's number.
  if (sym !== null) return sym === 'e' || !isConstantSymbol(sym);
  return isApplication(json, variables);
}

/** `a_{n+1}`, `f(x)`: a term that names a value defined elsewhere. */
function isApplication(json: Json, variables: ReadonlySet<string>): boolean {
  if (!Array.isArray(json)) return false;
  if (json[0] === 'Subscript') return true;
  if (json[0] === 'InvisibleOperator' && json.length === 3) {
    const f = symbolName(json[1]);
    const arg = json[2];
    return f !== null && !variables.has(f) && Array.isArray(arg) && arg[0] === 'Delimiter';
  }
  return false;
}

function subset(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

interface Tally {
  valid: number;
  /** Points where one side is defined and the other is not (`\\ln(x^2) = 2\\ln x` at x < 0). */
  oneSided: number;
  holds: number;
  fails: number;
  /** Failures (or ties) at a value ≤ 0 of a name bounded from above only by a positive end (`crossesZero`). */
  failsBelowZero: number;
  firstFailure: { point: Point; left: number; right: number } | null;
}

/** `expr` with each symbol that `point` gives a value replaced by that value (for exact evaluation). */
function substitute(expr: Json, point: Point): Json {
  const name = symbolName(expr);
  if (name !== null) return point.has(name) ? point.get(name)! : expr;
  return Array.isArray(expr) ? (expr.map((e, i) => (i === 0 ? e : substitute(e, point))) as Json) : expr;
}

/** Whether a MathJSON expression mentions symbol `name`. */
function mentions(expr: Json, name: string): boolean {
  if (symbolName(expr) === name) return true;
  return Array.isArray(expr) && expr.some((e, i) => i > 0 && mentions(e, name));
}

/** Family member values: readable reals, fixed per (point, base, index) so both sides see the same family. */
function familyValues(pointIndex: number, members: Map<string, number>): (base: string, k: number) => number {
  return (base, k) => {
    const value = 0.2 + (hashString(`${base}:${k}:${pointIndex}`) % 300) / 100;
    members.set(`${base}_${k}`, value);
    return value;
  };
}

/** A formula for every member of a family: `a_n = expr` with `index` = `n`. */
interface FamilyFormula {
  index: string;
  expr: Json;
  fact: ContextFact;
  variables: string[];
}

interface Substitution {
  name: string;
  expr: Json;
  fact: ContextFact;
}

/** `S(n)`, `T(n+1)`, `f(x, y)` in a formula: each name applied to an argument list of plain variables (or one plus/minus an integer). */
function functionUses(tex: string): { name: string; args: string[] }[] {
  return [...tex.matchAll(/(?:^|[^A-Za-z\\])([A-Z]|[fgh]|\\[A-Za-z]+)\s*(?:\\left)?\(([^()]*)\)/g)].map((m) => ({ name: m[1], args: m[2].split(',').map((a) => a.trim()) }));
}

/**
 * Whether an equation of the text is about a function the relation does not mention, at arguments made of the
 * equation's own variables (`S(n) = \sum_{k=1}^n k^2`, the recurrence `S(n+1) = S(n) + (n+1)^2`, the induction
 * hypothesis `S(n) = \frac{n(n+1)(2n+1)}{6}`): it says what S is, not which n; S takes up the slack as c does in
 * `abc = 1` (rev19). Not where the text applies the name at other variables too (`f(x) = x^2` and `f(a) = 5` ties a).
 */
function definesOtherFunction(f: ContextFact, allFacts: readonly ContextFact[], relation: RelationText): boolean {
  if (f.op !== '=') return false;
  const known = new Set(['\\sin', '\\cos', '\\tan', '\\log', '\\ln', '\\exp', '\\sqrt', '\\gcd', '\\max', '\\min', '\\left', '\\right', '\\bigl', '\\bigr', '\\Bigl', '\\Bigr', '\\frac', '\\binom', '\\sum', '\\prod']);
  const uses = functionUses(f.tex).filter((u) => !known.has(u.name));
  if (!uses.length || new Set(uses.map((u) => u.name)).size !== 1) return false;
  const name = uses[0].name;
  if ([relation.left, relation.right].some((side) => functionUses(side).some((u) => u.name === name))) return false;
  /** The plain variable of an argument (`n` of `n + 1`), '' for an integer, null for anything else. */
  const base = (arg: string) => (/^\d+$/.test(arg) ? '' : (arg.match(/^([A-Za-z])(?:\s*[-+]\s*\d+)?$/)?.[1] ?? null));
  const here = uses.flatMap((u) => u.args.map(base));
  if (here.some((v) => v === null) || !f.variables.every((v) => here.includes(v))) return false;
  // Every application of the name in the text is at the same variables (or integers).
  return allFacts.every((g) => functionUses(g.tex).every((u) => u.name !== name || u.args.every((a) => base(a) === '' || (base(a) !== null && here.includes(base(a))))));
}

/**
 * The context a relation is judged in: definitions to substitute (in dependency order), inequalities
 * that sample points must satisfy, and doubts — stated facts the checker cannot use, which make a
 * failure unreportable (a variable constrained by words or an unread equation, an assumption of a case).
 */
function readContext(variables: ReadonlySet<string>, families: ReadonlySet<string>, allFacts: readonly ContextFact[], relation: RelationText, integersOnly: boolean, orders: readonly VariableRelation[] = [], integerNames: ReadonlySet<string> = new Set()) {
  // The same relation written earlier as a claim is not a reason to believe it: a slip copied into the
  // conclusion is as false as the first copy. What the proof assumes (a hypothesis) stays a constraint,
  // but never one to sample inside: a relation is not "true under itself".
  const relationAs = relationKey(relation.left, relation.op, relation.right);
  const restated = allFacts.filter((f) => restatesRelation(f, relationAs));
  const facts = allFacts.filter((f) => !restated.includes(f));
  const mentioned = (f: ContextFact, set: ReadonlySet<string>) => f.variables.some((v) => set.has(v) || (v.endsWith('[]') && families.has(v.slice(0, -2))));
  const defs = new Map<string, ContextFact[]>();
  for (const f of facts) if (f.kind === 'define' && f.name) defs.set(f.name, [...(defs.get(f.name) ?? []), f]);
  const substitutions: Substitution[] = [];
  const doubts: string[] = restated.filter((f) => f.assumed).map((f) => `the text constrains it: ${f.tex}`);
  const all = new Set(variables);
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (v: string, depth: number) => {
    if (done.has(v) || visiting.has(v) || depth > 6) return;
    const candidates = defs.get(v);
    if (!candidates) return;
    visiting.add(v);
    // The latest statement wins unless two different ones are both in scope (a sibling case): then doubt.
    const exprs = new Set(candidates.map((c) => c.expr));
    const fact = candidates[candidates.length - 1];
    const expr = fact.expr === undefined ? null : parseSide(fact.expr);
    if (exprs.size > 1 || expr === null) {
      doubts.push(`${v} is given more than one value in the text`);
    } else {
      const uses = fact.variables.filter((u) => u !== v && !u.endsWith('[]'));
      for (const u of uses) {
        all.add(u);
        visit(u, depth + 1);
      }
      substitutions.push({ name: v, expr, fact });
      if (!fact.certain) doubts.push(`uses the assumption ${fact.tex}`);
    }
    visiting.delete(v);
    done.add(v);
  };
  for (const v of [...variables]) visit(v, 0);
  // Integers ordered through another integer (`a < b < c`) are at least 2 apart: the one between is
  // sampled with them, or `c - a \ge 2` fails at a = 4, c = 5 (rev9). Reals lose nothing without it.
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of orders) {
      if (r.via && all.has(r.left) && all.has(r.right) && !all.has(r.via) && [r.left, r.right, r.via].every((v) => integerNames.has(v))) {
        all.add(r.via);
        grew = true;
      }
    }
  }
  // `a_n = \frac{1}{n}`, `Let $x_n = n^2$`: a formula for every member of a family the relation uses, whatever
  // letter the relation indexes it with (`a_k a_{k+1}`). Members then take its values instead of free ones.
  const formulas = new Map<string, FamilyFormula>();
  for (const base of families) {
    const candidates = [...defs.entries()].filter(([name]) => new RegExp(`^${base}_[A-Za-z]$`).test(name)).flatMap(([, fs]) => fs);
    if (!candidates.length) continue;
    candidates.sort((a, b) => a.at - b.at);
    const fact = candidates[candidates.length - 1];
    const index = fact.name!.slice(base.length + 1);
    const expr = fact.expr === undefined ? null : parseSide(fact.expr);
    // A formula in terms of its own family (`a_n = a_{n-1} + 1`) is a recurrence, not a value.
    const recursive = fact.variables.some((u) => u === `${base}[]` || (u !== fact.name && u.startsWith(`${base}_`)));
    if (new Set(candidates.map((c) => `${c.name}\u0000${c.expr}`)).size > 1 || expr === null || recursive) {
      doubts.push(`the text constrains it: ${fact.tex}`);
      continue;
    }
    formulas.set(base, { index, expr, fact, variables: fact.variables.filter((u) => u !== fact.name) });
    if (!fact.certain) doubts.push(`uses the assumption ${fact.tex}`);
  }
  const defined = new Set(substitutions.map((s) => s.name));
  /** Doubts that are facts about a family of the relation (`\sum x_i^2 \ge \frac1n`): moot where L − R does not depend on its members. */
  const familyDoubts: string[] = [];
  const bounds: ContextFact[] = [];
  /** Equations of the text between the relation's variables: a doubt unless every sample point satisfies them. */
  const equations: ContextFact[] = [];
  /** Alternatives of disjunctions the text states (`ContextFact.group`), grouped below. */
  const alternatives: ContextFact[] = [];
  const ordersHere = orders.some((r) => all.has(r.left) && all.has(r.right));
  for (const f of facts) {
    if (f.kind === 'define' || !mentioned(f, all)) continue;
    // A fact about a family of the relation (`a_{n+1} = \frac{a_n}{1 + a_n}`) holds for every index: its
    // index letter need not be the relation's, so it is no equation in other unknowns that takes up the slack.
    // A general term given elsewhere (`termOf`) says nothing more where a formula for its family is in scope.
    if (f.termOf !== undefined && formulas.has(f.termOf)) continue;
    const aboutFamily = f.variables.some((v) => v.endsWith('[]') && families.has(v.slice(0, -2)));
    if (aboutFamily && !(f.kind === 'constrain' && f.joint && f.variables.every((v) => all.has(v) || v.endsWith('[]')))) {
      doubts.push(`the text constrains it: ${f.tex}`);
      familyDoubts.push(doubts[doubts.length - 1]);
      continue;
    }
    if (f.joint && !f.variables.every((v) => all.has(v) || defined.has(v) || (v.endsWith('[]') && families.has(v.slice(0, -2))))) {
      // Over the reals `abc = 1` leaves a and b free; over the integers `a^2 + b^2 = 3c^2` ties a and b
      // modulo 3 whatever c is, so in a congruence an equation of the text that mentions it is a doubt.
      if (integersOnly) doubts.push(`the text constrains it: ${f.tex}`);
      continue;
    }
    if (f.kind === 'opaque') return { opaque: f, substitutions, formulas, bounds, equations, disjunctions: [] as ContextFact[][][], doubts, familyDoubts, all, defined };
    if (f.kind === 'bound' && f.variables.every((v) => all.has(v) || defined.has(v))) bounds.push(f);
    // An order between two names the sampling already respects, with what it implies ("WLOG $x \le y \le z$"
    // gives x ≤ z: compute/index.ts `withTransitiveOrders`), says nothing more about a relation in x and z alone;
    // nor does the same order said again as a difference ("Then $x - y \\le 0$"). Only where some order binds two
    // of the relation's own names: `2 \\le k \\le n` about a summation index says nothing of a relation in n and S_1.
    else if (ordersHere && orders.some((r) => sameOrder(r, f))) continue;
    // `S(n) = \sum_{k=1}^n k^2`, the induction hypothesis `S(n) = \frac{n(n+1)(2n+1)}{6}`: a new function of n, which
    // takes up the slack as c does in `abc = 1`: no constraint on n for a relation that does not mention S (rev19).
    else if (f.kind === 'constrain' && f.joint && definesOtherFunction(f, allFacts, relation)) continue;
    else if (f.kind === 'constrain' && f.joint && f.left !== undefined && f.right !== undefined) equations.push(f);
    else if (f.kind === 'constrain' && f.group !== undefined) alternatives.push(f);
    else doubts.push(f.kind === 'bound' ? `the text states ${f.tex}` : `the text constrains it: ${f.tex}`);
  }
  // "If $x > 0$ or $x < -1$": a disjunction is sampled inside (some alternative holds at each point) where every
  // alternative is a bound in the relation's names; where one is about another name ("at least one of $a, b$ is
  // positive" for a relation in b), that name takes up the slack, and the disjunction is a doubt.
  // Each alternative is a list of bounds that hold together: the bounds of one formula (`2 \\le x \\le 3`, `ContextFact.chain`).
  const disjunctions: ContextFact[][][] = [];
  const groups = new Map<number, ContextFact[]>();
  for (const f of alternatives) groups.set(f.group!, [...(groups.get(f.group!) ?? []), f]);
  for (const group of groups.values()) {
    const byFormula = new Map<string, ContextFact[]>();
    group.forEach((f, k) => {
      const id = f.chain !== undefined ? `${f.at}\u0000${f.chain}` : String(k);
      byFormula.set(id, [...(byFormula.get(id) ?? []), f]);
    });
    const readable = byFormula.size === group[0].groupSize && group.every((f) => f.op !== undefined && f.op !== '\\equiv' && f.left !== undefined && f.right !== undefined && factSides(f).left !== null && factSides(f).right !== null && f.variables.every((v) => all.has(v) || defined.has(v)));
    if (readable) disjunctions.push([...byFormula.values()]);
    else doubts.push(`the text constrains it: ${[...byFormula.values()].map(alternativeTex).join(' or ')}`);
  }
  return { opaque: null as ContextFact | null, substitutions, formulas, bounds, equations, disjunctions, doubts, familyDoubts, all, defined };
}

/** One alternative of a disjunction as the text writes it: `x < 2`, `2 \\le x \\le 3` (its formula, `ContextFact.chain`). */
function alternativeTex(alternative: readonly ContextFact[]): string {
  return alternative.length > 1 && alternative[0].chain !== undefined ? alternative[0].chain : alternative.map((f) => f.tex).join(' \\text{ and } ');
}

const FLIPPED: Record<string, string> = { '<': '>', '>': '<', '\\le': '\\ge', '\\ge': '\\le' };
/** `x - y` in a bound against zero: the difference of two names. */
const DIFFERENCE = /^\s*([^-+]+?)\s*-\s*([^-+]+?)\s*$/;

/** A bound fact as an order between two names: `x \le y`, `x - y \le 0`, `0 < y - x`; else null. */
function orderOf(f: ContextFact): { left: string; op: string; right: string } | null {
  if (f.kind !== 'bound' || f.op === undefined || !(f.op in FLIPPED) || f.left === undefined || f.right === undefined) return null;
  if (isOrder(f)) return { left: nameOf(f.left)!, op: f.op, right: nameOf(f.right)! };
  const zeroRight = f.right.trim() === '0';
  const diff = DIFFERENCE.exec(zeroRight ? f.left : f.left.trim() === '0' ? f.right : '');
  const a = diff ? nameOf(diff[1]) : null;
  const b = diff ? nameOf(diff[2]) : null;
  if (a === null || b === null) return null;
  // `x - y \le 0` is x ≤ y; `0 \le x - y` is x ≥ y.
  return { left: a, op: zeroRight ? f.op : FLIPPED[f.op], right: b };
}

/** Whether a bound fact is an order (`orderOf`) the sampling respects as `r`, either way round (`a \le b` is `b \ge a`). */
function sameOrder(r: VariableRelation, f: ContextFact): boolean {
  const o = orderOf(f);
  if (!o) return false;
  return (r.left === o.left && r.op === o.op && r.right === o.right) || (r.left === o.right && r.op === FLIPPED[o.op] && r.right === o.left);
}

/** Whether `a op b` holds for two numbers (within the sampler's tolerance; `modulus`: as a congruence). */
export function holdsAt(op: RelOp, a: number, b: number, modulus?: number): boolean {
  return compare(op, a, b, modulus) === 'holds';
}

/** A relation as written: its sides' TeX and its symbol. */
interface RelationText {
  left: string;
  op: RelOp;
  right: string;
}

/** Whether fact `f` states the relation whose `relationKey` is `key` (either way round: `a < b` is `b > a`). */
function restatesRelation(f: ContextFact, key: string): boolean {
  if (f.left === undefined || f.right === undefined) return false;
  let own = factKeys.get(f);
  if (own === undefined) factKeys.set(f, (own = relationKey(f.left, f.op ?? '=', f.right)));
  return own === key;
}

/**
 * Per fact, what every relation about its names asks of it again: its `relationKey` and its parsed sides. A long
 * proof states hundreds of bounds on the same names (`$(x+k)^2 \le y$` in every line), each read by every later
 * relation; parsing (normalizeTex, a cache lookup) and keying them afresh each time made most of a check's time.
 * Keyed by the fact object, which lives as long as its check's context.
 */
const factKeys = new WeakMap<ContextFact, string>();
const parsedSides = new WeakMap<ContextFact, FactSides>();

/** A fact's relation with its sides parsed (`op` as the fact states it, `modulus` of a congruence). */
interface FactSides {
  left: Json | null;
  right: Json | null;
  op: RelOp;
  modulus?: number;
}

/** `parseSide` of a fact's two sides (null where one is missing or does not parse), with its relation symbol. */
function factSides(f: ContextFact): FactSides {
  let sides = parsedSides.get(f);
  if (sides === undefined) {
    sides = { left: f.left === undefined ? null : parseSide(f.left), right: f.right === undefined ? null : parseSide(f.right), op: f.op! };
    if (f.modulus !== undefined) sides.modulus = f.modulus;
    parsedSides.set(f, sides);
  }
  return sides;
}

type Verdict = { kind: 'holds' | 'fails' | 'unclear'; tally: Tally; reason?: string };

/** `op` between exact values: a sign of their difference, or residues modulo `modulus` (integers only). */
function exactOutcome(op: RelOp, sign: -1 | 0 | 1, residuesEqual: boolean | null): boolean | null {
  switch (op) {
    case '=':
      return residuesEqual ?? sign === 0;
    case '\\ne':
      return sign !== 0;
    case '<':
      return sign < 0;
    case '\\le':
      return sign <= 0;
    case '>':
      return sign > 0;
    case '\\ge':
      return sign >= 0;
    case '\\equiv':
      return residuesEqual;
    case '\\not\\equiv':
      return residuesEqual === null ? null : !residuesEqual;
    default:
      return null;
  }
}

/**
 * `n \ge 1 (assumed, not read)` and `n \in \mathbb{Z} (assumed from the name, not read)` both needed by one
 * "holds": one assumption, a positive integer, as the sampling drew it (1…10).
 */
function assumedIntegers(texs: string[]): string[] {
  const INTEGER = /^(.+) \\in \\mathbb\{Z\} \\text\{ \(assumed from the name, not read\)\}$/;
  const out = [...texs];
  for (const tex of texs) {
    const v = INTEGER.exec(tex)?.[1];
    const sign = v === undefined ? -1 : out.indexOf(`${v} \\ge 1 \\text{ (assumed, not read)}`);
    if (sign < 0) continue;
    out.splice(sign, 1);
    out[out.indexOf(tex)] = `${v} \\in \\{1, 2, 3, \\dots\\} \\text{ (assumed from the name, not read)}`;
  }
  return out;
}

/** Simplifier attempts made in one check: work, not time, so the same text is judged alike on any machine. */
export interface SymbolicTally {
  attempts: number;
}

/**
 * `left - right` simplifies to 0, asked of the simplifier and counted in `tally`. A memoised answer
 * counts too: the count depends on the text alone, not on what earlier checks left in the caches.
 */
function simplified(left: string, right: string, tally: SymbolicTally | undefined): boolean {
  if (tally) tally.attempts++;
  return simplifiesToZero(left, right);
}

/**
 * The verdict of a closed relation in exact rational arithmetic, in every reading of its sides; null
 * when some side is not exactly rational (then the numeric judge decides), 'ambiguous' when the
 * readings disagree.
 */
function exactVerdict(leftReadings: Json[], rightReadings: Json[], op: RelOp, modulus: number | undefined): Verdict | 'ambiguous' | null {
  const pairs = leftReadings.length > 1 || rightReadings.length > 1 ? [[leftReadings[0], rightReadings[0]], [leftReadings[leftReadings.length - 1], rightReadings[rightReadings.length - 1]]] : [[leftReadings[0], rightReadings[0]]];
  const verdicts: Verdict[] = [];
  for (const [l, r] of pairs) {
    const a = exactValue(l);
    const b = exactValue(r);
    if (a === null || b === null) return null;
    let residuesEqual: boolean | null = null;
    if (modulus !== undefined) {
      // A congruence compares integers; a side that is not one says nothing (as in the sampled judge).
      if (a.d !== 1n || b.d !== 1n) return null;
      residuesEqual = (a.n - b.n) % BigInt(modulus) === 0n;
    }
    const holds = exactOutcome(op, compareExact(a, b), residuesEqual);
    if (holds === null) return null;
    // A failing congruence is shown with its residues, computed from doubles: beyond 2^53 leave it to the sampled judge.
    if (!holds && modulus !== undefined && ![a.n, b.n].every((x) => Number.isSafeInteger(Number(x)))) return null;
    const tally: Tally = { valid: 1, oneSided: 0, holds: holds ? 1 : 0, fails: holds ? 0 : 1, failsBelowZero: 0, firstFailure: holds ? null : { point: new Map(), left: toNumber(a), right: toNumber(b) } };
    verdicts.push({ kind: holds ? 'holds' : 'fails', tally });
  }
  return verdicts.every((v) => v.kind === verdicts[0].kind) ? verdicts[0] : 'ambiguous';
}

/**
 * A side that is a decimal written to a few places, with or without an ellipsis after it, or a percentage: `1.414`, `-0.67`,
 * `1.414\ldots`, `3.142857...`, `33.3\%`, `33\%`. Groups: the number, its digits after the point, the ellipsis, the percent sign.
 */
const WRITTEN_DECIMAL = /^\s*(-?\d+(?:\.(\d+))?)\s*(\\(?:ldots|dots|cdots|dotsc|dotso)(?![a-zA-Z])|\.\.\.|…)?\s*(\\%)?\s*$/;

/**
 * Judges `left op right` (see `judgeExactly`), reading a decimal side as people write one. `\sqrt 2 = 1.414\ldots`
 * is a truncated expansion (the engine read `1.414\ldots` as 1.41444…, repeating its last digit, and `1.414\dots` not at
 * all), and `\sqrt{10} = 3.16` an approximation rounded to the places written: neither fails when the other side
 * agrees to those places (within one unit of the last place after an ellipsis, which truncates or rounds; half a unit
 * without). Digits that disagree (`\sqrt 2 = 1.515\ldots`, `\frac{81}{4} = 20.5`) still fail.
 */
export function judgeRelation(leftTex: string, op: RelOp, rightTex: string, options: JudgeOptions): Judgement {
  const judged = judgeWrittenDecimals(leftTex, op, rightTex, options);
  if (judged.status !== 'fails') return judged;
  // "In the triangle with an angle of 30 degrees, $\sin 30 = 0.5$": a trigonometric function of a whole number is
  // often in degrees with the ° sign left out. A failure in radians that holds in degrees is no clear failure.
  const inDegrees = (tex: string) => tex.replace(TRIG_OF_WHOLE, (_m, fn: string, power: string | undefined, ...args: (string | undefined)[]) => `\\${fn}${power ?? ''}(${args.slice(0, 3).find((a) => a !== undefined)}^\\circ)`);
  const [l, r] = [inDegrees(leftTex), inDegrees(rightTex)];
  if (l === leftTex && r === rightTex) return judged;
  const degrees = judgeWrittenDecimals(l, op, r, options).status;
  if (degrees !== 'holds' && degrees !== 'verified') return judged;
  return { status: 'unchecked', points: judged.points, reason: 'a trigonometric function of a whole number: it holds read in degrees' };
}

/** `\sin 30`, `\cos(60)`, `\tan{45}`, `\sin^2 45`: a trigonometric function of a whole number, no ° sign. Groups: name, power, number. */
const TRIG_OF_WHOLE = /\\(sin|cos|tan|cot|sec|csc)(?![a-zA-Z])(\s*\^\s*(?:\{\s*\d+\s*\}|\d))?\s*(?:\(\s*(\d+)\s*\)|\{\s*(\d+)\s*\}|(\d+)(?![\d.]|\s*\^\s*\{?\s*\\circ|\s*°))/g;

/** `judgeExactly`, with a decimal side read as written (`judgeRelation`). */
function judgeWrittenDecimals(leftTex: string, op: RelOp, rightTex: string, options: JudgeOptions): Judgement {
  const l = op === '=' ? WRITTEN_DECIMAL.exec(leftTex) : null;
  const r = op === '=' ? WRITTEN_DECIMAL.exec(rightTex) : null;
  // A whole number is exact (`= 3`); a whole percentage (`\frac13 = 33\%`) is rounded as a decimal is.
  const written = [l, r].find((m) => m && (m[2] !== undefined || m[4] !== undefined));
  if (!written) return judgeExactly(leftTex, op, rightTex, options);
  const bare = `${written[1]}${written[4] ?? ''}`;
  const judged = written === l ? judgeExactly(bare, op, rightTex, options) : judgeExactly(leftTex, op, bare, options);
  const c = judged.counterexample;
  if (judged.status !== 'fails' || !c) return judged;
  const [value, decimal] = written === l ? [c.right, c.left] : [c.left, c.right];
  const places = written[2]?.length ?? 0;
  // `33.3\%` is 0.333: its last place is a thousandth.
  const unit = 10 ** -places / (written[4] ? 100 : 1);
  const ellipsis = written[3] !== undefined;
  // A little slack on the bound: 1.41 + 0.005 is not exactly representable.
  if (Math.abs(value - decimal) > (ellipsis ? unit : unit / 2) * (1 + 1e-9)) return judged;
  // Constant: no name sampled, only values the text fixed (`Take $N = 11$; then $\frac1N = 0.0909\ldots$`).
  const constant = Object.keys(c.assignment).every((name) => options.fixed.has(name));
  if (ellipsis && constant) return { status: 'holds', points: judged.points, ...(judged.hypotheses ? { hypotheses: judged.hypotheses } : {}) };
  const what = written[4] ? 'a percentage' : 'a decimal';
  const to = places ? `to ${places} place${places === 1 ? '' : 's'}` : 'rounded to a whole number';
  return { status: 'unchecked', points: judged.points, reason: `${what} ${to}: the value agrees to the places written` };
}

/** Judges `left op right` with every number read exactly as written. */
function judgeExactly(leftTex: string, op: RelOp, rightTex: string, options: JudgeOptions): Judgement {
  const leftReadings = parseReadings(leftTex);
  const rightReadings = parseReadings(rightTex);
  if (leftReadings === null || rightReadings === null) return { status: 'unchecked', reason: 'could not parse a side' };
  const left = leftReadings[0];
  const right = rightReadings[0];
  const lf = analyzeSide(left);
  const rf = analyzeSide(right);
  const facts: SideFacts = mergeFacts(lf, rf);
  if (facts.notation) return { status: 'unchecked', reason: `${facts.notation}, not arithmetic on numbers` };
  if (facts.variables.has('i')) return { status: 'unchecked', reason: 'i could be the imaginary unit' };
  for (const named of options.namedVariables ?? []) {
    if (!mentions(left, named) && !mentions(right, named)) continue;
    if (named !== 'e') return { status: 'unchecked', reason: `${named} names something other than the constant here` };
    // "Let the excess be $e$": e is a variable of the proof, not Euler's number.
    facts.variables.add('e');
    (mentions(left, 'e') ? lf : rf).variables.add('e');
  }

  // `S = …`, `x > 0`, `1 \le a_i`: naming or constraining a variable, not a computation — unless the text fixed a
  // value for every variable ("Let $x = 2$ and $y = 1$. Then $y \ge x$": arithmetic, compute/index.ts decides).
  const allFixed = facts.variables.size > 0 && [...facts.variables].every((v) => options.fixed.has(v));
  if (!allFixed && (isName(left, facts.variables) || (isName(right, facts.variables) && lf.variables.size === 0))) {
    return { status: 'unchecked', reason: 'a definition or a constraint, not a computation' };
  }
  let mayFlag = options.mayFlag && !isApplication(right, facts.variables);
  const lv = new Set([...lf.variables].filter((v) => !options.fixed.has(v)));
  const rv = new Set([...rf.variables].filter((v) => !options.fixed.has(v)));
  // `x^2 - 5x + 6 = 0` is an equation to solve far more often than a claimed identity. Inequalities are
  // claims about a whole domain (`x + 1/x \ge 2`) and are flagged only under the stricter rules below.
  const equation = op === '=' || op === '\\ne' || op === '\\equiv' || op === '\\not\\equiv';
  if ((lv.size === 0) !== (rv.size === 0)) mayFlag = mayFlag && !equation;
  else if (lv.size && !subset(lv, rv) && !subset(rv, lv)) mayFlag = false;

  const modulus = options.modulus;
  // Without a modulus, `\equiv` is an identity sign or a congruence modulo something unsaid.
  if (modulus === undefined && (op === '\\equiv' || op === '\\not\\equiv')) return { status: 'unchecked', reason: 'a congruence without a modulus' };
  const integerNames = new Set([...options.domains].filter(([, d]) => d.integer).map(([name]) => name));
  const context = readContext(facts.variables, facts.families, options.facts ?? [], { left: leftTex, op, right: rightTex }, modulus !== undefined, options.relations, integerNames);
  if (context.opaque) return { status: 'unchecked', reason: `not a real number here (${context.opaque.tex.slice(0, 80)})` };
  // An interval read as a fact that the stated domain already gives ("Let $x \\in [0, 1]$"): the domain speaks for it.
  const spokenFor = context.bounds.filter((b) => intervalInDomain(b, options.domains));
  context.bounds = context.bounds.filter((b) => !spokenFor.includes(b));
  // `Let $z = e^{i\theta}$`: substituted, the relation would be judged with i a real number (`|z|^2 = z^2` held).
  if (context.substitutions.some((s) => s.fact.variables.includes('i'))) return { status: 'unchecked', reason: 'i could be the imaginary unit' };
  const hypotheses = [...context.substitutions.map((s) => s.fact.tex), ...[...context.formulas.values()].map((f) => f.fact.tex), ...context.bounds.map((b) => b.tex), ...context.disjunctions.map((g) => g.map(alternativeTex).join(' \\text{ or } '))];

  const sampled = [...context.all].filter((v) => !context.defined.has(v)).sort();
  // `x \\ne 0` leaves no bound to make room for (the room below would make it a positive domain).
  const bounded = new Set(context.bounds.filter((b) => b.op !== '\\ne').flatMap((b) => b.variables));
  // Names a bound `x \\ne c` speaks of (applied below, after the room): both signs, as a stated `x \\ne 0` domain.
  const leftOut = new Set(context.bounds.filter((b) => b.op === '\\ne' && b.variables.length === 1).flatMap((b) => b.variables));
  const domains = new Map<string, Domain>();
  for (const v of sampled) {
    const stated = options.domains.get(v);
    // In a congruence every variable is an integer, whatever its name.
    const integer = Boolean(stated?.integer) || facts.integers.has(v) || (INTEGER_NAMES.has(v) && !stated?.real) || modulus !== undefined;
    const domain: Domain = { ...(stated ?? { stated: false }), integer };
    // A variable bounded by another expression (`y \ge x + 3`) needs room to satisfy the bound.
    // "For all reals $x, y$ with $x < y$": the room keeps both signs (`x^2 < y^2` is false at x = −2, y = 1).
    // So does `x \\ne 0` ("Let $x \\ne 0$. Then $(x-1)^2 \\ge 0$ and $\\sqrt{x^2} = x$": the negative x stay in).
    if (bounded.has(v) && !integer && domain.upper === undefined) {
      const signed = signedDomain(domain) || (leftOut.has(v) && domain.lower === undefined);
      Object.assign(domain, { upper: 12, roomUpper: true }, signed ? { lower: -12, roomLower: true } : {});
    }
    domains.set(v, domain);
  }
  // An order to a name the relation does not use passes that name's stated bound on ("Let $k \\ge 2$ … take integers
  // $m > n \\ge k$": n ≥ 2 and, through n, m > 2): `mn \\ge 6` failed at n = 1 (rev9 p036). Not by sampling that name:
  // it may be the index of a sum the relation writes ("for $2 \\le k \\le n$").
  /** The bounds passed on so, as the text states them (`x \\ge a \\ge 2`), for "holds under …". */
  const passedOn = new Map<string, string>();
  for (const r of options.relations ?? []) {
    const up = r.op === '<' || r.op === '\\le';
    if (!up && r.op !== '>' && r.op !== '\\ge') continue;
    const [low, high] = up ? [r.left, r.right] : [r.right, r.left];
    const strict = r.op === '<' || r.op === '>';
    const below = options.domains.get(low);
    const above = options.domains.get(high);
    if (domains.has(high) && !domains.has(low) && below?.lower !== undefined) {
      applyBound(domains.get(high)!, strict || below.lowerStrict ? '>' : '\\ge', below.lower, true);
      passedOn.set(high, `${high} ${strict ? '>' : '\\ge'} ${low} ${below.lowerStrict ? '>' : '\\ge'} ${below.lower}`);
    }
    if (domains.has(low) && !domains.has(high) && above?.upper !== undefined) {
      applyBound(domains.get(low)!, strict || above.upperStrict ? '<' : '\\le', above.upper, true);
      passedOn.set(low, `${low} ${strict ? '<' : '\\le'} ${high} ${above.upperStrict ? '<' : '\\le'} ${above.upper}`);
    }
  }
  // A bound on one variable stated for this case or step only (`Case 2. If $x < 0$`) is not in the
  // document's domains; sample inside it too, or no sample point would survive the bound.
  const supposedBounds = new Map<string, { op: string; value: number; varOnLeft: boolean }[]>();
  for (const b of context.bounds) {
    if (b.variables.length !== 1 || b.left === undefined || b.right === undefined || b.op === undefined) continue;
    // `x < 0` or `0 < x`: the variable on either side, a constant on the other.
    const varOnLeft = domains.has(b.left.trim());
    const d = domains.get((varOnLeft ? b.left : b.right).trim());
    const value = d ? constantValue(varOnLeft ? b.right : b.left) : null;
    if (!d || value === null) continue;
    // `n` odd, `x \equiv 2 \pmod 7`: sample the class itself (filtering the usual integers would leave too few points).
    if (b.op === '\\equiv' && b.modulus !== undefined && Number.isSafeInteger(value)) {
      const stated = { m: b.modulus, r: residueOf(value, b.modulus) };
      // `n` odd and, in a case, `n \equiv 1 \pmod 4`: the values in both classes; none (an empty domain, so unchecked) when they exclude each other.
      const both = d.residue ? commonClass(d.residue, stated) : stated;
      if (both) d.residue = both;
      else Object.assign(d, { lower: 1, upper: 0 });
      d.integer = true;
    } else {
      applyBound(d, b.op, value, varOnLeft);
      const name = (varOnLeft ? b.left : b.right).trim();
      supposedBounds.set(name, [...(supposedBounds.get(name) ?? []), { op: b.op, value, varOnLeft }]);
    }
  }
  // "Suppose $a < 0$" in a document that also says "for every $a \\ge 0$": the supposition binds `a` afresh for its
  // argument, so where the two leave no value the bounds in scope replace the stated domain ("no values satisfy").
  for (const [name, bounds] of supposedBounds) {
    const d = domains.get(name)!;
    if (sampleSpace(d) !== null) continue;
    const fresh: Domain = { integer: d.integer, stated: true, ...(d.real ? { real: true } : {}) };
    if (bounded.has(name) && !fresh.integer) Object.assign(fresh, { upper: 12, roomUpper: true }, fresh.real ? { lower: -12, roomLower: true } : {});
    for (const b of bounds) applyBound(fresh, b.op, b.value, b.varOnLeft);
    // The interval's own ends the replaced domain spoke for ("On $[0, 1]$," under a document's `x > 1`) are back in force.
    for (const b of spokenFor) {
      const value = b.left?.trim() === name && b.right !== undefined ? constantValue(b.right) : null;
      if (value === null) continue;
      applyBound(fresh, b.op!, value, true);
      context.bounds.push(b);
      hypotheses.push(b.tex);
    }
    domains.set(name, fresh);
  }
  // Every value fixed by the text: the orders read from the document (its own `y \\ge x` among them) sample nothing more.
  const relations = allFixed ? [] : (options.relations ?? []);
  const oversample = relations.length || context.bounds.length || context.disjunctions.length ? 6 : 1;
  const drawn = samplePoints(sampled, domains, options.fixed, hashString(`${leftTex}\u0000${rightTex}`), options.samples * oversample);
  // Ordered integers at their tight corner first (k = 2, n = 2, m = 3 for `m > n \ge k \ge 2`): draws seldom land there.
  const keyOf = (p: Point) => sampled.map((v) => p.get(v)).join(',');
  const tight = leastOrderedPoints(sampled, domains, options.fixed, relations);
  const tightKeys = new Set(tight.map(keyOf));
  const candidates = [...tight, ...drawn.filter((p) => !tightKeys.has(keyOf(p)))].filter((p) => respectsRelations(p, relations));

  const evalBase: Omit<EvalOptions, 'logBase'> = { variables: facts.variables, families: facts.families };
  /** Member values at `point`: from the family's formula where the text gives one, else free readable reals. */
  const familyAt = (point: Point, index: number, members: Map<string, number>): ((base: string, k: number) => number) => {
    const free = familyValues(index, members);
    if (!context.formulas.size) return free;
    return (base, k) => {
      const formula = context.formulas.get(base);
      if (!formula) return free(base, k);
      const value = evaluate(formula.expr, new Map(point).set(formula.index, k), { logBase: Math.E, variables: new Set([...facts.variables, ...formula.variables]) });
      members.set(`${base}_${k}`, value);
      return value;
    };
  };
  const boundJson = context.bounds.map(factSides);
  const disjunctionJson = context.disjunctions.map((g) => g.map((alternative) => alternative.map(factSides)));
  /** The point with the definitions substituted, or null when it breaks a stated bound. */
  const complete = (candidate: Point, index: number, keepBounds = true): Point | null => {
    const point = new Map(candidate);
    const opts: EvalOptions = { ...evalBase, logBase: Math.E, family: familyAt(point, index, new Map()) };
    for (const s of context.substitutions) point.set(s.name, evaluate(s.expr, point, opts));
    for (const b of keepBounds ? boundJson : []) {
      if (b.left === null || b.right === null) return null;
      const x = evaluate(b.left, point, opts);
      const y = evaluate(b.right, point, opts);
      if (!Number.isFinite(x) || !Number.isFinite(y) || !holdsAt(b.op, x, y, b.modulus)) return null;
    }
    for (const alternatives of keepBounds ? disjunctionJson : []) {
      const holds = alternatives.some((alternative) =>
        alternative.every((b) => {
          const x = evaluate(b.left!, point, opts);
          const y = evaluate(b.right!, point, opts);
          return Number.isFinite(x) && Number.isFinite(y) && holdsAt(b.op, x, y);
        }),
      );
      if (!holds) return null;
    }
    return point;
  };
  let points: { point: Point; index: number }[] = [];
  try {
    candidates.forEach((candidate, index) => {
      if (points.length >= options.samples) return;
      const point = complete(candidate, index);
      if (point) points.push({ point, index });
    });
  } catch (error) {
    if (!(error instanceof Undecidable)) throw error;
    return { status: 'unchecked', reason: `a stated definition or hypothesis could not be evaluated (${error.message})` };
  }
  // "Suppose, for contradiction, that $a^2 + b^2 < 2ab$": no sample satisfies the bounds, yet the algebra
  // written under them (`a^2 - 2ab + b^2 = (a + b)^2`) is claimed as an identity. An equality of analytic
  // sides that held on a region would hold everywhere, so it is judged on the points without the bounds
  // (which it is then not said to use). Sides with |…|, floor, max… may be true on a region only: unchecked.
  if (!points.length && op === '=' && boundJson.length && !NOT_ANALYTIC.test(`${leftTex} ${rightTex}`)) {
    try {
      candidates.forEach((candidate, index) => {
        if (points.length >= options.samples) return;
        const point = complete(candidate, index, false);
        if (point) points.push({ point, index });
      });
    } catch (error) {
      if (!(error instanceof Undecidable)) throw error;
      points = [];
    }
    if (points.length) {
      const bounds = new Set(context.bounds.map((b) => b.tex));
      const kept = hypotheses.filter((h) => !bounds.has(h));
      hypotheses.splice(0, hypotheses.length, ...kept);
    }
  }
  if (!points.length) return { status: 'unchecked', reason: 'no values satisfy the stated constraints' };
  // An equation of the text that every sample point already satisfies (`|x - 1| = 1 - x` in the case
  // x < 1) restricts nothing; one that some points violate (`x^2 + y^2 = 1`) is a hypothesis the
  // sampling ignores, so a failure could not be trusted.
  const unsatisfied: { fact: ContextFact; left: Json; right: Json }[] = [];
  for (const eq of context.equations) {
    const { left: l, right: r } = factSides(eq);
    let satisfied = l !== null && r !== null;
    try {
      for (const { point, index } of points) {
        if (!satisfied) break;
        const opts: EvalOptions = { ...evalBase, logBase: Math.E, family: familyAt(point, index, new Map()) };
        const a = evaluate(l, point, opts);
        const b = evaluate(r, point, opts);
        satisfied = Number.isFinite(a) && Number.isFinite(b) && holdsAt('=', a, b);
      }
    } catch (error) {
      if (!(error instanceof Undecidable)) throw error;
      satisfied = false;
    }
    if (!satisfied) {
      context.doubts.push(`the text constrains it: ${eq.tex}`);
      if (l !== null && r !== null) unsatisfied.push({ fact: eq, left: l, right: r });
    }
  }

  /**
   * Sample points on `eq`: the other variables as sampled (more candidates than usual: many have no
   * solution, `x > 1` on the unit circle), `v` solved from them within its domain (up to two roots
   * each), definitions substituted and stated bounds kept. Undecidable evaluations give no point.
   */
  const pointsOnEquation = (eq: { left: Json; right: Json }, v: string): { point: Point; index: number }[] => {
    const found: { point: Point; index: number }[] = [];
    const domain = domains.get(v) ?? { integer: false, stated: false };
    const lo = Math.max(domain.lower ?? -10, -10);
    const hi = Math.min(domain.upper ?? 10, 10);
    const pool = samplePoints(sampled, domains, options.fixed, hashString(`${leftTex}\u0000${rightTex}\u0000on`), options.samples * 4).filter((p) => respectsRelations(p, relations));
    try {
      pool.forEach((candidate, index) => {
        if (found.length >= options.samples) return;
        const opts: EvalOptions = { ...evalBase, logBase: Math.E, family: familyAt(candidate, index, new Map()) };
        const at = (t: number): Point => {
          const point = new Map(candidate).set(v, t);
          for (const s of context.substitutions) point.set(s.name, evaluate(s.expr, point, opts));
          return point;
        };
        const gap = (t: number) => {
          const point = at(t);
          return evaluate(eq.left, point, opts) - evaluate(eq.right, point, opts);
        };
        const onIt = (t: number) => {
          if (!satisfies(t, domain)) return false;
          const point = at(t);
          const a = evaluate(eq.left, point, opts);
          const b = evaluate(eq.right, point, opts);
          return Number.isFinite(a) && Number.isFinite(b) && holdsAt('=', a, b);
        };
        for (const root of realRoots(gap, lo, hi, onIt)) {
          const point = complete(new Map(candidate).set(v, root), index);
          if (point && respectsRelations(point, relations)) found.push({ point, index });
        }
      });
    } catch (error) {
      if (!(error instanceof Undecidable)) throw error;
      return [];
    }
    return found;
  };

  /**
   * `point` (where the relation fails) scaled by the λ > 0 that puts it on `eq` (`g = c`, g homogeneous of
   * degree k ≠ 0, c a constant of g's sign there), when L − R is homogeneous too and the scaled point
   * keeps every stated domain and bound and still fails; else null. Homogeneity is tested numerically
   * at λ = 2, 3, ½; integer or text-fixed variables are never scaled.
   */
  const scaledOntoEquation = (eq: { left: Json; right: Json }, point: Point): { point: Point; left: number; right: number } | null => {
    const names = [...point.keys()];
    if (names.some((v) => options.fixed.has(v) || domains.get(v)?.integer || !sampled.includes(v))) return null;
    const opts: EvalOptions = { ...evalBase, logBase: Math.E, family: familyAt(point, 0, new Map()) };
    const at = (lambda: number): Point => new Map(names.map((v) => [v, lambda * point.get(v)!]));
    const value = (json: Json, q: Point) => evaluate(json, q, opts);
    const close = (x: number, y: number) => Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
    /** The degree d with f(λp) = λ^d f(p) at λ = 2, 3, ½, or null. */
    const degree = (f: (q: Point) => number): number | null => {
      const f1 = f(at(1));
      const f2 = f(at(2));
      if (!Number.isFinite(f1) || !Number.isFinite(f2) || f1 === 0 || f2 / f1 <= 0) return null;
      const d = Math.log2(f2 / f1);
      return close(f(at(3)), 3 ** d * f1) && close(f(at(0.5)), 0.5 ** d * f1) ? d : null;
    };
    // One side of the equation a constant c ≠ 0, the other homogeneous of a degree k ≠ 0.
    const [side, other] = close(value(eq.right, at(1)), value(eq.right, at(2))) ? [eq.left, eq.right] : [eq.right, eq.left];
    const c = value(other, at(1));
    if (!close(c, value(other, at(2))) || c === 0) return null;
    const k = degree((q) => value(side, q));
    const d = degree((q) => value(left, q) - value(right, q));
    if (k === null || Math.abs(k) < 1e-6 || d === null) return null;
    const ratio = c / value(side, at(1));
    // A side of odd degree reaches c < 0 through λ < 0 (the point's signs flip: the domains are checked below).
    const odd = Math.abs(k - Math.round(k)) < 1e-9 && Math.round(k) % 2 !== 0;
    const lambda = ratio > 0 ? ratio ** (1 / k) : odd && ratio < 0 ? -((-ratio) ** (1 / k)) : NaN;
    if (!Number.isFinite(lambda)) return null;
    const scaled = complete(at(lambda), 0);
    if (!scaled || !respectsRelations(scaled, relations) || names.some((v) => !satisfies(scaled.get(v)!, domains.get(v) ?? { integer: false, stated: false }))) return null;
    if (!close(value(side, scaled), c)) return null;
    const a = value(left, scaled);
    const b = value(right, scaled);
    return Number.isFinite(a) && Number.isFinite(b) && compare(op, a, b, undefined) === 'fails' ? { point: scaled, left: a, right: b } : null;
  };

  /** L − R where it is one and the same constant at every sample of `at` (≥ 6 defined, all failing), else null. */
  const constantGap = (at: readonly { point: Point; index: number }[]): number | null => {
    const gaps = at.map(({ point }) => evaluate(left, point, { ...evalBase, logBase: Math.E }) - evaluate(right, point, { ...evalBase, logBase: Math.E }));
    if (gaps.length < MIN_POINTS || !gaps.every(Number.isFinite)) return null;
    const g = gaps[0];
    if (gaps.some((x) => Math.abs(x - g) > HOLD_TOL * Math.max(1, Math.abs(g)))) return null;
    return compare(op, g, 0, undefined) === 'fails' ? g : null;
  };

  /** Whether L − R is the same at each failing sample point whatever values the family members take (three draws). */
  const membersCancel = (): boolean => {
    let failing = 0;
    for (const [l, r] of leftReadings.map((reading, k) => [reading, rightReadings[Math.min(k, rightReadings.length - 1)]] as const)) {
      for (const { point, index } of points) {
        const gaps = [index, index + 7919, index + 104_729].map((seed) => {
          const opts: EvalOptions = { ...evalBase, logBase: Math.E, family: familyValues(seed, new Map()) };
          return evaluate(l, point, opts) - evaluate(r, point, opts);
        });
        if (!gaps.every(Number.isFinite)) continue;
        if (gaps.some((g) => Math.abs(g - gaps[0]) > 1e-9 * Math.max(1, Math.abs(gaps[0])))) return false;
        if (compare(op, gaps[0], 0, undefined) === 'fails') failing++;
      }
    }
    return failing > 0;
  };

  /** Whether one value t > 0 for every family member puts `point` on each unsatisfied equation at once, where the relation fails. */
  const membersSolve = (point: Point): { point: Point; left: number; right: number } | null => {
    const constantMembers = (t: number, members?: Map<string, number>): EvalOptions => ({
      ...evalBase,
      logBase: Math.E,
      family: (base, k) => {
        members?.set(`${base}_${k}`, t);
        return t;
      },
    });
    const gap = (u: { left: Json; right: Json }, t: number) => evaluate(u.left, point, constantMembers(t)) - evaluate(u.right, point, constantMembers(t));
    const first = unsatisfied[0];
    const roots = realRoots((t) => gap(first, t), 1e-6, 10, (t) => Math.abs(gap(first, t)) <= 1e-9 * Math.max(1, Math.abs(evaluate(first.right, point, constantMembers(t)))));
    for (const t of roots) {
      if (!(t > 0) || !unsatisfied.every((u) => onEquationAt(u, point, constantMembers(t)))) continue;
      const members = new Map<string, number>();
      const a = evaluate(left, point, constantMembers(t, members));
      const b = evaluate(right, point, constantMembers(t, members));
      if (Number.isFinite(a) && Number.isFinite(b) && compare(op, a, b, undefined) === 'fails') return { point: new Map([...point, ...members]), left: a, right: b };
    }
    return null;
  };

  /** Whether `point` satisfies the equation `eq`. */
  const onEquationAt = (eq: { left: Json; right: Json }, point: Point, opts: EvalOptions = { ...evalBase, logBase: Math.E, family: familyAt(point, 0, new Map()) }): boolean => {
    const a = evaluate(eq.left, point, opts);
    const b = evaluate(eq.right, point, opts);
    return Number.isFinite(a) && Number.isFinite(b) && holdsAt('=', a, b);
  };

  /** Every sampled variable has an integer domain (the point's values are integers, not rounded reals). */
  const integersOnlyPoint = (point: Point): boolean =>
    !facts.families.size && sampled.every((v) => domains.get(v)?.integer === true && Number.isSafeInteger(point.get(v)));
  /** The relation decided in exact rational arithmetic at `point` (its values put into both sides), or null where a side is not exactly rational. */
  const exactAt = (l: Json, r: Json, point: Point): PointOutcome | null => {
    const a = exactValue(substitute(l, point));
    const b = exactValue(substitute(r, point));
    const holds = a === null || b === null ? null : exactOutcome(op, compareExact(a, b), null);
    return holds === null ? null : holds ? 'holds' : 'fails';
  };

  const freeCount = sampled.filter((v) => !options.fixed.has(v)).length + facts.families.size;
  const minPoints = freeCount === 0 ? 1 : MIN_POINTS;
  const everyVariableConstrained = sampled.every((v) => options.fixed.has(v) || options.domains.get(v)?.stated) || context.bounds.length > 0 || context.disjunctions.length > 0;

  // `\log` without a base: the parser cannot tell log_10 from ln, so try both (and log_2); a relation
  // fails only if it fails in every base and holds if it holds in one.
  const bases = facts.plainLog ? [Math.E, 10, 2] : [Math.E];
  // Every real, or every real but the points the text leaves out ("for all $x \\ne 0$").
  const everyReal = sampled.some((v) => {
    const d = domains.get(v);
    return d !== undefined && !d.integer && (d.real === true || signedDomain(d));
  });
  // `x < 1` read alone (no "real" said of x): the half-line is sampled far out (sample.ts), below zero too, where a lower bound the reader
  // missed ("Let $x > 0$. Suppose $x < 1$", "$x \in (0, 1)$ by name") would exclude it. A relation that fails only
  // there is neither held (`|x| \le 5` under `x < 1` "held" on (0.2, 1)) nor flagged — where the text hints at such a
  // bound (`lowerHinted`); where it says nothing of the kind, "Let $t < 2$. Then $t^2 < 4$" is the squaring slip (rev17).
  const upperOnly = sampled.filter((v) => {
    const d = domains.get(v);
    return d !== undefined && !d.integer && !d.real && !d.roomLower && d.upper !== undefined && !d.roomUpper && d.upper > 0 && d.lower === undefined && (options.lowerHinted?.includes(v) ?? true);
  });
  const crossesZero = (point: Point) => upperOnly.some((v) => (point.get(v) ?? 1) <= 0);
  // The far reaches and the open end of a stated half-line (sample.ts `candidates`): there `\frac{e^x}{1 + e^x}` is 1
  // and `e^x` overflows in doubles, `x^2 > 0` at x = -0.001 ties within the tolerance. A tie or a side that is not a
  // number there is inconclusive, not a point where a strict bound fails (rev17: true bounds "held at some points
  // only"); a clear failure there still counts.
  // Read only when a point is inconclusive (most relations never ask).
  let extremes: Map<string, Set<number>> | null = null;
  const atExtreme = (point: Point) => {
    extremes ??= new Map(
      sampled.flatMap((v) => {
        const d = domains.get(v);
        const far = d && !options.fixed.has(v) ? sampleSpace(d)?.extreme : undefined;
        return far ? [[v, new Set(far)] as const] : [];
      }),
    );
    return [...extremes].some(([v, far]) => far.has(point.get(v)!));
  };
  const judgeReading = (l: Json, r: Json, claimsEveryReal = everyReal): Verdict => {
    const tallies: Tally[] = [];
    for (const logBase of bases) {
      const tally: Tally = { valid: 0, oneSided: 0, holds: 0, fails: 0, failsBelowZero: 0, firstFailure: null };
      for (const { point, index } of points) {
        const members = new Map<string, number>();
        const opts: EvalOptions = { ...evalBase, logBase, family: familyAt(point, index, members) };
        const a = evaluate(l, point, opts);
        const b = evaluate(r, point, opts);
        if (!Number.isFinite(a) || !Number.isFinite(b)) {
          if (Number.isFinite(a) !== Number.isFinite(b) && !atExtreme(point)) tally.oneSided++;
          continue;
        }
        // In a congruence a side that is not an integer here (`n/3` at n = 4) is undefined there, not evidence.
        if (modulus !== undefined && (exactInteger(a) === null || exactInteger(b) === null)) continue;
        tally.valid++;
        let outcome = compare(op, a, b, modulus);
        // At integer points a tie within the tolerance is decided exactly: `\\frac{1}{n} < 1` for every positive
        // integer n is false at n = 1, the domain's smallest value, where both sides are 1 (it was "unclear").
        if (outcome === 'unclear' && modulus === undefined && integersOnlyPoint(point)) outcome = exactAt(l, r, point) ?? outcome;
        if (outcome === 'unclear' && atExtreme(point)) {
          tally.valid--;
          continue;
        }
        if (outcome === 'holds') tally.holds++;
        else if (upperOnly.length && crossesZero(point)) tally.failsBelowZero++;
        else if (outcome === 'fails') {
          tally.fails++;
          if (!tally.firstFailure) {
            const shown = new Map(point);
            for (const [k, v] of members) shown.set(k, v);
            tally.firstFailure = { point: shown, left: a, right: b };
          }
        }
      }
      tallies.push(tally);
    }
    // "For all real $x$, $\\ln(x^2) = 2\\ln x$": where the text claims every real, a side undefined at
    // points where the other is defined makes the claim false there, so it does not hold.
    const holding = tallies.find((t) => t.valid >= minPoints && t.holds === t.valid && !(t.oneSided && claimsEveryReal));
    const belowZero = tallies.find((t) => t.valid >= minPoints && t.failsBelowZero > 0 && t.fails === 0 && t.holds + t.failsBelowZero === t.valid);
    if (belowZero) return { kind: 'unclear', tally: belowZero, reason: `fails only at ${upperOnly.join(', ')} ≤ 0, where the text gives only an upper bound` };
    if (holding) return { kind: 'holds', tally: holding };
    if (claimsEveryReal && tallies.some((t) => t.oneSided && t.holds === t.valid)) return { kind: 'unclear', tally: tallies[0], reason: 'one side is undefined at reals where the other is defined' };
    const failing = tallies.every((t) => {
      if (t.valid < minPoints || !t.firstFailure) return false;
      // An equality that holds on a good part of the samples (`\\arcsin(\\sin x) = x` on [0, π/2]) is more
      // likely an identity with a domain condition the text implies than a slip: stay silent then.
      if (op === '=' || op === '\\equiv') return t.fails >= Math.max(1, Math.ceil(FAIL_SHARE * t.valid)) && (options.quantified === true || t.holds < HOLD_SHARE * t.valid);
      if (op === '\\ne' || op === '\\not\\equiv') return t.fails === t.valid;
      // Inequalities: a single clear failure counts only where every variable has a stated domain, or where the
      // sentence claims it for every value of its names ("$x^2 \\ge x$ for all real $x$" fails at x = ½: the
      // quantifier states the domain, as `x > 0` does); otherwise only when it fails at every sampled point.
      return everyVariableConstrained || options.quantified === true ? t.fails >= 1 : t.fails === t.valid;
    });
    if (failing) return { kind: 'fails', tally: tallies[0] };
    return { kind: 'unclear', tally: tallies[0], reason: tallies[0].valid < minPoints ? 'undefined at most sample points' : 'holds at some points only' };
  };

  // Closed arithmetic is decided exactly where it is rational (`3^{20} = 3486784401`, `2^{60} + 1 \ne 2^{60}`):
  // doubles lose integers beyond 2^53, and the tolerance above would let a last-digit slip hold.
  const exact = facts.variables.size === 0 && facts.families.size === 0 ? exactVerdict(leftReadings, rightReadings, op, modulus) : null;
  if (exact === 'ambiguous') return { status: 'unchecked', reason: 'ambiguous notation: its readings disagree' };
  let verdict: Verdict;
  try {
    verdict = exact ?? judgeReading(left, right);
    // Ambiguous notation: decide only when every reading gives the same verdict.
    if (!exact && (leftReadings.length > 1 || rightReadings.length > 1)) {
      const other = judgeReading(leftReadings[leftReadings.length - 1], rightReadings[rightReadings.length - 1]);
      if (other.kind !== verdict.kind) return { status: 'unchecked', reason: 'ambiguous notation: its readings disagree' };
    }
  } catch (error) {
    if (error instanceof Undecidable) return { status: 'unchecked', reason: error.message };
    throw error;
  }

  // An equation of the text that the samples do not satisfy (`x^2 + y^2 = 1`): judge again on points
  // of it, one variable solved numerically from the others. That can only support "holds under …";
  // a relation that fails there stays unchecked (the equation may not be all the text assumes).
  // The samples as drawn, before any are moved onto an equation below.
  const freePoints = points;
  const restates = (f: ContextFact) => [f.left?.trim(), f.right?.trim()].sort().join('\u0000') === [leftTex.trim(), rightTex.trim()].sort().join('\u0000');
  if (verdict.kind !== 'holds' && unsatisfied.length === 1 && !restates(unsatisfied[0].fact)) {
    const eq = unsatisfied[0];
    const solvable = sampled.filter((v) => !options.fixed.has(v) && !domains.get(v)?.integer && eq.fact.variables.includes(v));
    for (const v of solvable) {
      const onCurve = pointsOnEquation(eq, v);
      if (onCurve.length < MIN_POINTS) continue;
      // `dv = e^x dx` read as d·v = e^x·d·x is solved by d = 0 whatever the others are: a factor that
      // vanishes, not a curve (`dv = dx` "held under" it). Solve for another variable then.
      if (new Set(onCurve.map(({ point }) => point.get(v))).size === 1) continue;
      points = onCurve;
      try {
        const again = judgeReading(left, right);
        const other = leftReadings.length > 1 || rightReadings.length > 1 ? judgeReading(leftReadings[leftReadings.length - 1], rightReadings[rightReadings.length - 1]) : again;
        if (again.kind === 'holds' && other.kind === 'holds') return { status: 'holds', points: again.tally.valid, hypotheses: [...hypotheses, eq.fact.tex] };
      } catch (error) {
        if (!(error instanceof Undecidable)) throw error;
      }
      break;
    }
  }

  // A homogeneous relation under a normalising equation (`a + b + c = 3`, `abc = 1`): L − R and the
  // equation's side scale by powers of λ > 0, so a failing point scaled onto the equation still fails,
  // and the equation cannot be what makes the relation true. Then it fails there like a free relation.
  if (verdict.kind === 'fails' && verdict.tally.firstFailure && unsatisfied.length && mayFlag && modulus === undefined && !facts.plainLog) {
    const eqDoubts = new Set(unsatisfied.map((u) => `the text constrains it: ${u.fact.tex}`));
    const onlyEquations = context.doubts.every((d) => eqDoubts.has(d));
    const plain = !context.substitutions.length && !context.formulas.size && !facts.families.size && leftReadings.length === 1 && rightReadings.length === 1;
    let scaled: ReturnType<typeof scaledOntoEquation> = null;
    try {
      // Any one equation may normalise; the others (`(a + b + c)^2 = 9` beside `a + b + c = 3`) must hold at the scaled point too.
      for (const eq of onlyEquations && plain ? unsatisfied : []) {
        const candidate = scaledOntoEquation(eq, verdict.tally.firstFailure.point);
        if (candidate && unsatisfied.every((u) => onEquationAt(u, candidate.point))) {
          scaled = candidate;
          break;
        }
      }
    } catch (error) {
      if (!(error instanceof Undecidable)) throw error;
    }
    // `(x - 3)^2 + (y + 4)^2 - 25 = x^2 + y^2 + 10 - 6x + 8y` beside the circle `x^2 - 6x + y^2 + 8y = 0`
    // (not homogeneous): L − R is the same constant at every free sample, so the variables cancel and no
    // equation among them can make it hold. It is reported at a point of the equation, where it fails too.
    try {
      const gap = !scaled && onlyEquations && plain ? constantGap(freePoints) : null;
      for (const eq of gap !== null ? unsatisfied : []) {
        const solvable = sampled.filter((v) => !options.fixed.has(v) && !domains.get(v)?.integer && eq.fact.variables.includes(v));
        const onIt = solvable.flatMap((v) => pointsOnEquation(eq, v)).find(({ point }) => unsatisfied.every((u) => onEquationAt(u, point)));
        if (!onIt) continue;
        const a = evaluate(left, onIt.point, { ...evalBase, logBase: Math.E });
        const b = evaluate(right, onIt.point, { ...evalBase, logBase: Math.E });
        if (Number.isFinite(a) && Number.isFinite(b) && compare(op, a, b, undefined) === 'fails') {
          scaled = { point: onIt.point, left: a, right: b };
          break;
        }
      }
    } catch (error) {
      if (!(error instanceof Undecidable)) throw error;
    }
    if (scaled) {
      context.doubts.length = 0;
      hypotheses.push(...unsatisfied.map((u) => u.fact.tex));
      verdict = { kind: 'fails', tally: { ...verdict.tally, firstFailure: scaled } };
    }
  }

  /**
   * The domains this 'holds' needed, as TeX for "holds under …": each variable's stated domain (`n \ge 4`,
   * `0 \le x \le 1`, `n` odd), the positive reals sampled where no domain was read (`x > 0 \text{ (assumed, not
   * read)}`: the text may state one this reader misses, "on $(0, \infty)$") and stated orders (`a \ge b`), each named when the relation no longer holds with it widened to
   * every real (every integer, −5…6, where the notation or a congruence makes the variable one); an unstated
   * integer sampled 1…10 (`n` by its name, a sum's bound by its notation) likewise, named as assumed.
   * Bounds of the context are named already and not widened. `2^n \ge n^2` "held" under a read n ≥ 4
   * and said nothing; `|a + b| = |a| + |b|` "held" on the positive samples alone.
   */
  const restingDomains = (): string[] => {
    if (exact) return [];
    const inBounds = new Set(context.bounds.flatMap((b) => b.variables));
    const forcedInteger = (v: string) => modulus !== undefined || facts.integers.has(v) || (INTEGER_NAMES.has(v) && !options.domains.get(v)?.real);
    const widened = new Map<string, { domain: Domain; tex: string; name?: string }>();
    for (const v of sampled) {
      if (options.fixed.has(v) || inBounds.has(v) || context.defined.has(v)) continue;
      const stated = options.domains.get(v);
      const d = domains.get(v)!;
      const wide: Domain = forcedInteger(v) ? { integer: true, stated: false, lower: -5, upper: 6 } : { integer: false, stated: false, real: true };
      if (stated?.stated) {
        const tex = describeDomain(v, stated, !forcedInteger(v));
        if (tex) widened.set(v, { domain: wide, tex });
      } else if (passedOn.has(v)) {
        widened.set(v, { domain: wide, tex: passedOn.get(v)! });
      } else if (!d.integer && !d.real) {
        widened.set(v, { domain: wide, tex: `${v} > 0 \\text{ (assumed, not read)}` });
      } else if (d.integer && modulus === undefined && !stated?.real) {
        // An integer nothing states a domain for, sampled 1…10: by its notation (a sum's bound, `n!`) an
        // integer whose sign was assumed; by its name alone (`n`) its sign and its being an integer were
        // both assumed. Each is named when the relation needs it (`2^n \\ge n + 1` "held numerically").
        widened.set(v, { name: v, domain: { integer: true, stated: false, lower: -5, upper: 6 }, tex: `${v} \\ge 1 \\text{ (assumed, not read)}` });
        if (!facts.integers.has(v)) widened.set(`${v}\u0001`, { name: v, domain: { integer: false, stated: false, real: true }, tex: `${v} \\in \\mathbb{Z} \\text{ (assumed from the name, not read)}` });
      }
    }
    const ordered = relations.filter((r) => sampled.includes(r.left) && sampled.includes(r.right));
    if (!widened.size && !ordered.length) return [];
    /** Whether the relation still holds with `only` widened (every one when undefined), orders dropped or kept. */
    const holdsWidened = (only: string | undefined, dropOrders: boolean): boolean => {
      const wide = new Map(domains);
      for (const [v, w] of widened) if (only === undefined || only === v) wide.set(w.name ?? v, w.domain);
      const pool = samplePoints(sampled, wide, options.fixed, hashString(`${leftTex}\u0000${rightTex}\u0000wide`), options.samples * oversample).filter(
        (p) => dropOrders || respectsRelations(p, relations),
      );
      const found: { point: Point; index: number }[] = [];
      const saved = points;
      try {
        pool.forEach((candidate, index) => {
          if (found.length >= options.samples) return;
          const point = complete(candidate, index);
          if (point) found.push({ point, index });
        });
        points = found;
        return leftReadings.every((l, k) => judgeReading(l, rightReadings[Math.min(k, rightReadings.length - 1)], true).kind === 'holds');
      } catch (error) {
        if (!(error instanceof Undecidable)) throw error;
        return false;
      } finally {
        points = saved;
      }
    };
    if (holdsWidened(undefined, true)) return [];
    const needed: string[] = [];
    for (const [v, w] of widened) if (!holdsWidened(v, false)) needed.push(w.tex);
    const orders = ordered.map((r) => `${r.left} ${r.op} ${r.right}`);
    if (ordered.length && !holdsWidened('\u0000none', true)) needed.push(...orders);
    // Only the domains together make it hold: name them all.
    return assumedIntegers(needed.length ? needed : [...[...widened.values()].map((w) => w.tex), ...orders]);
  };

  if (modulus !== undefined) hypotheses.push(`modulo ${modulus}`);
  if (verdict.kind === 'holds') {
    const unconfirmed = unconfirmedClaim(leftTex, op, rightTex, context.bounds, options);
    if (unconfirmed) return { status: 'unchecked', points: verdict.tally.valid, reason: unconfirmed };
    for (const tex of restingDomains()) hypotheses.push(tex);
    // `n \ge 4` read from the statement and again from the induction step is one hypothesis.
    dedupe(hypotheses);
    if (hypotheses.length) return { status: 'holds', points: verdict.tally.valid, hypotheses, ...(modulus !== undefined ? { reason: `modulo ${modulus}` } : {}) };
    if (op === '=' && options.symbolic && !facts.plainLog && !facts.families.size && simplified(leftTex, rightTex, options.symbolicTally)) {
      return { status: 'verified', points: verdict.tally.valid };
    }
    return { status: 'holds', points: verdict.tally.valid };
  }
  if (verdict.kind === 'unclear') return { status: 'unchecked', points: verdict.tally.valid, reason: verdict.reason };
  if (!mayFlag) return { status: 'unchecked', points: verdict.tally.valid, reason: 'reads as an equation or definition, not an identity' };
  // `\sum x_i^2 - \frac{2}{n} + \frac{1}{n} = \sum x_i^2 - \frac{3}{n}` beside the stated `\sum x_i^2 \ge \frac1n`: the
  // members cancel, so no fact about them can make the relation true. Dropped only when L − R is the same
  // with the members drawn afresh (twice) at every failing point, in every reading.
  if (verdict.kind === 'fails' && context.familyDoubts.length && !context.formulas.size) {
    let moot = false;
    try {
      moot = membersCancel();
    } catch (error) {
      if (!(error instanceof Undecidable)) throw error;
    }
    if (moot) context.doubts = context.doubts.filter((d) => !context.familyDoubts.includes(d));
    // `x_1 + x_2 + \cdots + x_n = 1` in force too: members all equal to one t > 0 solved from it give a point of
    // the equation, where the relation (whose L − R ignores the members) fails as it does everywhere.
    const eqDoubts = unsatisfied.map((u) => `the text constrains it: ${u.fact.tex}`);
    if (moot && unsatisfied.length && context.doubts.every((d) => eqDoubts.includes(d)) && unsatisfied.every((u) => u.fact.variables.some((v) => v.endsWith('[]')))) {
      try {
        for (const { point } of points) {
          const onIt = membersSolve(point);
          if (!onIt) continue;
          context.doubts = [];
          hypotheses.push(...unsatisfied.map((u) => u.fact.tex));
          verdict = { kind: 'fails', tally: { ...verdict.tally, firstFailure: onIt } };
          break;
        }
      } catch (error) {
        if (!(error instanceof Undecidable)) throw error;
      }
    }
  }
  if (context.doubts.length) {
    return { status: 'unchecked', points: verdict.tally.valid, reason: `fails numerically, but ${context.doubts[0]}` };
  }

  dedupe(hypotheses);
  const failure = verdict.tally.firstFailure!;
  // Second opinion from the engine's own evaluator: a disagreement means one of us misread the TeX.
  if (!facts.plainLog && !context.substitutions.length && !facts.families.size) {
    for (const [tex, mine] of [[leftTex, failure.left], [rightTex, failure.right]] as const) {
      const theirs = engineValue(tex, failure.point);
      if (theirs !== null && Math.abs(theirs - mine) > FAIL_TOL * scale(theirs, mine)) {
        return { status: 'unchecked', reason: 'evaluators disagree' };
      }
    }
  }
  return {
    status: 'fails',
    points: verdict.tally.valid,
    // A value the text fixed for a name the relation does not use ("set $x = 1$" before a sum in n) says nothing here.
    counterexample: { assignment: Object.fromEntries([...failure.point].filter(([k]) => !options.fixed.has(k) || context.all.has(k))), left: failure.left, right: failure.right },
    ...(hypotheses.length ? { hypotheses } : {}),
    // The message shows each side's residue (compute/index.ts).
    ...(modulus !== undefined ? { reason: `not congruent modulo ${modulus}` } : {}),
  };
}

/** How many claims deep `unconfirmedClaim` looks: a claim drawn from a claim drawn from a hypothesis. */
const VOUCH_DEPTH = 2;

/**
 * Why a relation that holds under the bounds `bounds` holds only on the word of a claim the checker cannot confirm, or
 * null. The bounds the text claims (not `assumed`, or `derived` in their sentence; no case's `condition`; `plainBound`s read as hypotheses), where
 * the relation needs them (it does not hold without them), are judged themselves under the facts stated before each:
 * "If $x < 3$, then $x^2 < 9$, so $x^2 - 9 < 0$" held under the false $x^2 < 9$ (rev17 W2). Past `VOUCH_DEPTH` claims deep,
 * none is confirmed.
 */
function unconfirmedClaim(leftTex: string, op: RelOp, rightTex: string, bounds: readonly ContextFact[], options: JudgeOptions): string | null {
  const claimed = bounds.filter((b) => (!b.assumed || b.derived) && !b.condition && b.left !== undefined && b.op !== undefined && b.right !== undefined && !plainBound(b));
  if (!claimed.length || options.facts === undefined) return null;
  const depth = options.vouching ?? 0;
  const confirmed = (j: Judgement) => j.status === 'holds' || j.status === 'verified';
  const facts = options.facts;
  if (confirmed(judgeRelation(leftTex, op, rightTex, { ...options, facts: facts.filter((f) => !claimed.includes(f)), vouching: depth + 1 }))) return null;
  if (depth >= VOUCH_DEPTH) return `follows from $${claimed[0].tex.trim()}$, a step not checked here`;
  for (const c of claimed) {
    const own = judgeRelation(c.left!, c.op!, c.right!, { ...options, facts: facts.filter((f) => f.at < c.at), quantified: false, mayFlag: true, vouching: depth + 1 });
    if (!confirmed(own)) return `follows from $${c.tex.trim()}$, which ${own.status === 'fails' ? 'does not hold here' : 'the checker could not confirm'}`;
  }
  return null;
}

/**
 * A bound with a bare name on its left (`x < 3`, `x \le x^2`) or of a name by a constant (`0 \le t`): a hypothesis or a
 * constraint whoever states it, which `judgeRelation` never judges (`isName`), so none to vouch for.
 */
function plainBound(b: ContextFact): boolean {
  return nameOf(b.left!) !== null || (nameOf(b.right!) !== null && constantValue(b.left!) !== null);
}

/**
 * Whether a bound read from an interval (`ContextFact.rebinds`: "Let $x \\in [0, 1]$") says no more than the stated domain of
 * its name: then "holds under …" names the domain ("0 \\le x \\le 1"), as before the interval was also read as a fact.
 */
function intervalInDomain(b: ContextFact, domains: ReadonlyMap<string, Domain>): boolean {
  if (!b.rebinds || b.left === undefined || b.right === undefined) return false;
  const d = domains.get(b.left);
  const value = constantValue(b.right);
  // A domain that leaves no value (`x \\ge 0` and `x < 0` both read for the document) speaks for nothing.
  if (!d || value === null || sampleSpace(d) === null) return false;
  if (b.op === '\\ge' || b.op === '>') return d.lower !== undefined && (d.lower > value || (d.lower === value && (b.op === '\\ge' || Boolean(d.lowerStrict))));
  if (b.op === '\\le' || b.op === '<') return d.upper !== undefined && (d.upper < value || (d.upper === value && (b.op === '\\le' || Boolean(d.upperStrict))));
  return false;
}
