// A slip written again — restated in the conclusion, copied into the next step — is as false as its
// first copy. Two rules need to know that two relations are one: a claim made in passing does not
// vouch for a later copy of itself (judge.ts drops it from the copy's context), and an inline copy,
// which alone would read as an equation ("$x^2 = 4$" is rarely a claim), fails when the proof states
// the same relation as a claim elsewhere and it fails there (`flagRestatedSlips`, over the document).
import type { ComputationFinding, Counterexample, RelOp } from '../types';

/** What an inline relation would report if it were known to be a claim. */
export interface IfClaimed {
  counterexample?: Counterexample;
  points?: number;
  hypotheses?: string[];
  reason?: string;
  message: string;
}

/** A fragment's finding before the document-wide pass; `ifClaimed` never leaves the checker. */
export type FragmentFinding = ComputationFinding & { ifClaimed?: IfClaimed };

/** TeX with spacing and `\left`/`\right` dropped, so two copies of one relation compare equal. */
function plainTex(tex: string): string {
  return tex.replace(/\\(?:left|right)(?![a-zA-Z])|\\[,;:! ]|\\q?quad(?![a-zA-Z])|~|\s+/g, '');
}

const SYMMETRIC = new Set<RelOp>(['=', '\\ne', '\\equiv', '\\not\\equiv']);
const TURNED: Partial<Record<RelOp, RelOp>> = { '>': '<', '\\ge': '\\le' };

/** One key for one relation however it is written: `a > b` and `b < a`, `x = y` and `y = x`, spacing aside. */
export function relationKey(left: string, op: RelOp, right: string): string {
  let [l, r] = [plainTex(left), plainTex(right)];
  let o = op;
  const turned = TURNED[op];
  if (turned) [l, r, o] = [r, l, turned];
  else if (SYMMETRIC.has(op) && r < l) [l, r] = [r, l];
  return `${l}\u0000${o}\u0000${r}`;
}

/**
 * The findings with every inline copy of a relation that fails elsewhere (as a claim: a display, a
 * chain, plain arithmetic) reported as failing too, with its own counterexample; `ifClaimed` removed.
 */
export function flagRestatedSlips(findings: readonly FragmentFinding[]): ComputationFinding[] {
  // Runs on every keystroke's re-check: findings without `ifClaimed` (nearly all) pass through as they
  // are, with no copy (a spread of hundreds of findings was a measurable share of a re-check).
  if (!findings.some((f) => f.ifClaimed)) return findings as ComputationFinding[];
  const failing = new Set(findings.filter((f) => f.status === 'fails').map((f) => relationKey(f.left, f.op, f.right)));
  return findings.map((finding) => {
    if (!finding.ifClaimed) return finding;
    const { ifClaimed, ...plain } = finding;
    if (!failing.has(relationKey(finding.left, finding.op, finding.right))) return plain;
    const promoted: ComputationFinding = { ...plain, status: 'fails', points: ifClaimed.points, counterexample: ifClaimed.counterexample, reason: ifClaimed.reason, message: ifClaimed.message };
    if (ifClaimed.hypotheses) promoted.hypotheses = ifClaimed.hypotheses;
    else delete promoted.hypotheses;
    if (promoted.reason === undefined) delete promoted.reason;
    return promoted;
  });
}
