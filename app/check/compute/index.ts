// Computation checks over math fragments: every adjacent pair of every relation chain is judged.
import type { CheckFragment, ComputationFinding, RelOp } from '../types';
import { relationPairs, type RelationPair } from './chains';
import { valuesNear, type DocumentContext } from './context';
import { judgeRelation, type Judgement } from './judge';

export { documentContext, type DocumentContext, type MathSource } from './context';
export { relationPairs, type RelationPair } from './chains';
export { judgeRelation, type Judgement, type JudgeOptions } from './judge';

export interface ComputeOptions {
  symbolic?: boolean;
  samples?: number;
}

/** Words that introduce a hypothesis or an equation to solve rather than a computation. */
const HYPOTHESIS_WORDS =
  /\b(suppose|supposing|assume|assuming|let|if|where|given|such that|satisf(?:y|ies|ying)|solv(?:e|es|ing)|equations?|define|defined|denote|put|consider|whenever|unless|hypothes[ie]s|contradiction|claim|conjecture)\b/i;

/** Whether the sentence before `at` introduces a hypothesis or an equation (then the first relation is not flagged). */
export function introducedAsHypothesis(text: string, at: number): boolean {
  return HYPOTHESIS_WORDS.test(precedingSentence(text, at));
}

/** The text from the last sentence end (or blank line) before `at`, at most 160 characters back. */
function precedingSentence(text: string, at: number): string {
  const from = Math.max(0, at - 160);
  for (let i = at - 1; i > from; i--) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch === '\n' && text[i - 1] === '\n') return text.slice(i + 1, at);
    if ((ch === '.' || ch === '!' || ch === '?') && (next === ' ' || next === '\n' || next === '\t') && i + 1 < at) return text.slice(i + 1, at);
  }
  return text.slice(from, at);
}

export function formatNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  return String(Number(value.toPrecision(6)));
}

const OP_TEXT: Record<RelOp, string> = { '=': '=', '<': '<', '>': '>', '\\le': '≤', '\\ge': '≥', '\\ne': '≠' };

function message(pair: RelationPair, j: Judgement): string {
  const rel = `${pair.left.tex} ${OP_TEXT[pair.op]} ${pair.right.tex}`;
  switch (j.status) {
    case 'verified':
      return `Verified symbolically: ${rel}`;
    case 'holds':
      return `Holds numerically (${j.points} points): ${rel}`;
    case 'fails': {
      const c = j.counterexample!;
      const at = Object.entries(c.assignment).map(([k, v]) => `${k} = ${formatNumber(v)}`).join(', ');
      return `Computation fails${at ? ` at ${at}` : ''}: ${rel} — left side = ${formatNumber(c.left)}, right side = ${formatNumber(c.right)}`;
    }
    default:
      return `Not checked (${j.reason ?? 'undecided'}): ${rel}`;
  }
}

/** What a fragment's checks depend on besides its TeX (computed by `fragmentSetting`). */
export interface FragmentSetting {
  domains: DocumentContext['domains'];
  relations: DocumentContext['relations'];
  /** Values fixed by the text just before the fragment (`Let $n = 5$`). */
  fixed: Map<string, number>;
  /** The sentence before the fragment introduces a hypothesis or an equation. */
  hypothesis: boolean;
}

export function fragmentSetting(ctx: DocumentContext, fragment: CheckFragment): FragmentSetting {
  const at = fragment.range?.start ?? fragment.contentOffset;
  // The introducing sentence matters only where a relation could be flagged because of it: in display
  // math and inline chains (an inline single relation is never flagged unless it is plain arithmetic).
  const mayMatter = fragment.display || (fragment.tex.match(RELATION_SYMBOLS)?.length ?? 0) > 1;
  return {
    domains: ctx.domains,
    relations: ctx.relations,
    fixed: valuesNear(ctx, at),
    hypothesis: mayMatter && introducedAsHypothesis(ctx.text, at),
  };
}

const RELATION_SYMBOLS = /[=<>]|\\(?:le|ge|ne|lt|gt)(?![a-z])|\\(?:leq|geq|neq)\b/g;

/**
 * Checks the relation chains of one fragment. Inline math with a single relation is only flagged when
 * it has no variables (`$2^{10} = 1000$`): `$x^2 = 4$` is far more often an equation than a claim.
 */
export function checkFragmentComputations(
  fragment: CheckFragment,
  setting: FragmentSetting,
  options: ComputeOptions = {},
): ComputationFinding[] {
  const pairs = relationPairs(fragment.tex, fragment.contentOffset);
  const findings: ComputationFinding[] = [];
  for (const pair of pairs) {
    let mayFlag = true;
    if (pair.indexInChain === 0 && setting.hypothesis) mayFlag = false;
    if (!fragment.display && pair.chainRelations === 1) mayFlag = false;
    let judgement = judgeRelation(pair.left.tex, pair.op, pair.right.tex, {
      domains: setting.domains,
      relations: setting.relations,
      fixed: setting.fixed,
      mayFlag: true,
      symbolic: options.symbolic ?? true,
      samples: options.samples ?? 24,
    });
    // Plain arithmetic (no variables) is flagged wherever it stands.
    if (judgement.status === 'fails' && !mayFlag && !isArithmetic(judgement, setting.fixed)) {
      judgement = { status: 'unchecked', points: judgement.points, reason: 'stated as an equation or hypothesis' };
    }
    findings.push({
      id: `check:calc:${pair.left.start}-${pair.right.end}`,
      stepId: fragment.stepId ?? null,
      op: pair.op,
      left: pair.left.tex,
      right: pair.right.tex,
      range: { start: pair.left.start, end: pair.right.end },
      status: judgement.status,
      points: judgement.points,
      counterexample: judgement.counterexample,
      reason: judgement.reason,
      message: message(pair, judgement),
    });
  }
  return findings;
}

/** No free variable: every variable (if any) has a value fixed by the text. */
function isArithmetic(j: Judgement, fixed: ReadonlyMap<string, number>): boolean {
  return j.counterexample !== undefined && Object.keys(j.counterexample.assignment).every((v) => fixed.has(v));
}
