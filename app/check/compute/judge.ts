// Judges one relation `left op right`: numeric sampling decides 'holds' / 'fails'; the symbolic
// simplifier may upgrade 'holds' to 'verified'. False alarms are worse than silence, so a failure is
// reported only when it is clear, at points inside the stated domains, and for a relation that reads
// as a claim about all values (not an equation to solve or a definition).
import type { Counterexample, ComputationStatus, RelOp } from '../types';
import { analyzeSide, mergeFacts } from './analyze';
import { evaluate, symbolName, isConstantSymbol, Undecidable, type Json } from './evaluate';
import { engineValue, parseSide, simplifiesToZero } from './parse';
import { hashString, samplePoints, type Domain, type Point } from './sample';
import { INTEGER_NAMES, respectsRelations, type VariableRelation } from './context';

export interface JudgeOptions {
  domains: ReadonlyMap<string, Domain>;
  /** Stated orders between variables (`m \\le n`). */
  relations?: readonly VariableRelation[];
  /** Values fixed by the text nearby (`Let $n = 5$`). */
  fixed: ReadonlyMap<string, number>;
  /** False when the context says this relation may be an equation or hypothesis (never flag it then). */
  mayFlag: boolean;
  symbolic: boolean;
  samples: number;
}

export interface Judgement {
  status: ComputationStatus;
  points?: number;
  counterexample?: Counterexample;
  reason?: string;
}

const HOLD_TOL = 1e-9;
const FAIL_TOL = 1e-6;
/** Share of defined points that must fail before an equality is called false. */
const FAIL_SHARE = 0.2;
const MIN_POINTS = 6;
/** Share of defined points at which an equality may hold and still be called false. */
const HOLD_SHARE = 0.25;

function scale(a: number, b: number): number {
  return Math.max(1, Math.abs(a), Math.abs(b));
}

type PointOutcome = 'holds' | 'fails' | 'unclear';

function compare(op: RelOp, a: number, b: number): PointOutcome {
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
  holds: number;
  fails: number;
  firstFailure: { point: Point; left: number; right: number } | null;
}

export function judgeRelation(leftTex: string, op: RelOp, rightTex: string, options: JudgeOptions): Judgement {
  const left = parseSide(leftTex);
  const right = parseSide(rightTex);
  if (left === null || right === null) return { status: 'unchecked', reason: 'could not parse a side' };
  const lf = analyzeSide(left);
  const rf = analyzeSide(right);
  const facts = mergeFacts(lf, rf);
  if (facts.variables.has('i')) return { status: 'unchecked', reason: 'i could be the imaginary unit' };

  // Claims about all values: both sides are expressions (not names), and either both are constant or
  // the variables of one side are among those of the other (`a/b · b/c = a/c`).
  // `S = …`, `x > 0`, `1 \le a_i`: naming or constraining a variable, not a computation.
  if (isName(left, facts.variables) || (isName(right, facts.variables) && lf.variables.size === 0)) {
    return { status: 'unchecked', reason: 'a definition or a constraint, not a computation' };
  }
  let mayFlag = options.mayFlag && !isApplication(right, facts.variables);
  const lv = new Set([...lf.variables].filter((v) => !options.fixed.has(v)));
  const rv = new Set([...rf.variables].filter((v) => !options.fixed.has(v)));
  // `x^2 - 5x + 6 = 0` is an equation to solve far more often than a claimed identity. Inequalities are
  // claims about a whole domain (`x + 1/x \ge 2`) and are flagged only under the stricter rules below.
  if ((lv.size === 0) !== (rv.size === 0)) mayFlag = mayFlag && op !== '=' && op !== '\\ne';
  else if (lv.size && !subset(lv, rv) && !subset(rv, lv)) mayFlag = false;

  const vars = [...facts.variables].sort();
  const domains = new Map<string, Domain>();
  for (const v of vars) {
    const stated = options.domains.get(v);
    const integer = Boolean(stated?.integer) || facts.integers.has(v) || (INTEGER_NAMES.has(v) && !stated?.real);
    domains.set(v, { ...(stated ?? { stated: false }), integer });
  }
  const relations = options.relations ?? [];
  const points = samplePoints(vars, domains, options.fixed, hashString(`${leftTex}\u0000${rightTex}`), options.samples * (relations.length ? 3 : 1))
    .filter((p) => respectsRelations(p, relations))
    .slice(0, options.samples);
  if (!points.length) return { status: 'unchecked', reason: 'no values satisfy the stated constraints' };

  // `\log` without a base: the parser cannot tell log_10 from ln, so try both (and log_2); a relation
  // fails only if it fails in every base and holds if it holds in one.
  const bases = facts.plainLog ? [Math.E, 10, 2] : [Math.E];
  const tallies: Tally[] = [];
  try {
    for (const logBase of bases) {
      const evalOptions = { logBase, variables: facts.variables };
      const tally: Tally = { valid: 0, holds: 0, fails: 0, firstFailure: null };
      for (const point of points) {
        const a = evaluate(left, point, evalOptions);
        const b = evaluate(right, point, evalOptions);
        if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
        tally.valid++;
        const outcome = compare(op, a, b);
        if (outcome === 'holds') tally.holds++;
        else if (outcome === 'fails') {
          tally.fails++;
          tally.firstFailure ??= { point, left: a, right: b };
        }
      }
      tallies.push(tally);
    }
  } catch (error) {
    if (error instanceof Undecidable) return { status: 'unchecked', reason: error.message };
    throw error;
  }

  const freeCount = vars.filter((v) => !options.fixed.has(v)).length;
  const minPoints = freeCount === 0 ? 1 : MIN_POINTS;
  const holding = tallies.find((t) => t.valid >= minPoints && t.holds === t.valid);
  if (holding) {
    if (op === '=' && options.symbolic && !facts.plainLog && simplifiesToZero(leftTex, rightTex)) {
      return { status: 'verified', points: holding.valid };
    }
    return { status: 'holds', points: holding.valid };
  }
  const everyVariableConstrained = vars.every((v) => options.fixed.has(v) || options.domains.get(v)?.stated);
  const failing = tallies.every((t) => {
    if (t.valid < minPoints || !t.firstFailure) return false;
    // An equality that holds on a good part of the samples (`\\arcsin(\\sin x) = x` on [0, π/2]) is more
    // likely an identity with a domain condition the text implies than a slip: stay silent then.
    if (op === '=') return t.fails >= Math.max(1, Math.ceil(FAIL_SHARE * t.valid)) && t.holds < HOLD_SHARE * t.valid;
    if (op === '\\ne') return t.fails === t.valid;
    // Inequalities: a single clear failure counts only where every variable has a stated domain.
    return everyVariableConstrained ? t.fails >= 1 : t.fails === t.valid;
  });
  if (!failing) {
    const best = tallies[0];
    return { status: 'unchecked', points: best.valid, reason: best.valid < minPoints ? 'undefined at most sample points' : 'holds at some points only' };
  }
  if (!mayFlag) return { status: 'unchecked', points: tallies[0].valid, reason: 'reads as an equation or definition, not an identity' };

  const failure = tallies[0].firstFailure!;
  // Second opinion from the engine's own evaluator: a disagreement means one of us misread the TeX.
  if (!facts.plainLog) {
    for (const [tex, mine] of [[leftTex, failure.left], [rightTex, failure.right]] as const) {
      const theirs = engineValue(tex, failure.point);
      if (theirs !== null && Math.abs(theirs - mine) > FAIL_TOL * scale(theirs, mine)) {
        return { status: 'unchecked', reason: 'evaluators disagree' };
      }
    }
  }
  return {
    status: 'fails',
    points: tallies[0].valid,
    counterexample: { assignment: Object.fromEntries(failure.point), left: failure.left, right: failure.right },
  };
}
