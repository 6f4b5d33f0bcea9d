// The checker's computation results as evidence for the verifier prompt ({{evidence}} placeholder).
// Only decided results are included: what was verified or holds numerically (with the definitions and
// hypotheses it used), and what fails with its counterexample — a `fails` is only ever reported when the
// checker is sure (closed arithmetic, or variables free in their context failing at points consistent
// with every stated hypothesis). Unchecked relations are left out (the model should not read them as
// endorsed), including apparent failures the checker could not trust.
import { verifyEvidence } from '../common/run-settings';
import type { PromptProfile } from '../prompts/types';
import { formatNumber } from './compute';

/**
 * Whether the verifier sees the checker's evidence when nothing says otherwise. The
 * `deepseek-math-v2` profile keeps the released model's prompt shape (off; a setting or `--evidence`
 * turns it on). The `labelled` profile shows it: on the realistic corpora the checker's `fails` had
 * precision 100% (0 false alarms on 31 correct proofs; `npx tsx app/check/corpus/report.ts`), and an
 * error-level `fails` is only reported when it is certain (see README).
 */
export function evidenceByDefault(profile: PromptProfile): boolean {
  return verifyEvidence(profile);
}
import type { ComputationFinding } from './types';

const OP: Record<ComputationFinding['op'], string> = { '=': '=', '<': '<', '>': '>', '\\le': '\\le', '\\ge': '\\ge', '\\ne': '\\ne', '\\equiv': '\\equiv', '\\not\\equiv': '\\not\\equiv' };
/** A hypothesis as the prompt shows it: `modulo 7` is words, the rest formulas. */
const hypothesisText = (h: string) => (h.startsWith('modulo') ? h : `$${h}$`);

export function formatEvidence(findings: readonly ComputationFinding[], limit = 40): string {
  const failed = findings.filter((f) => f.status === 'fails');
  const passed = findings.filter((f) => f.status === 'verified' || f.status === 'holds');
  if (!failed.length && !passed.length) return '';
  const lines: string[] = ['Computations checked by a computer-algebra checker (not by a model):'];
  for (const f of failed.slice(0, limit)) {
    const c = f.counterexample!;
    const at = Object.entries(c.assignment).map(([k, v]) => `${k} = ${formatNumber(v)}`).join(', ');
    const under = f.hypotheses?.length ? ` with ${f.hypotheses.map(hypothesisText).join(', ')} substituted` : '';
    lines.push(`- FAILS: $${f.left} ${OP[f.op]} ${f.right}$${at ? ` at ${at}` : ''}${under} (left side = ${formatNumber(c.left)}, right side = ${formatNumber(c.right)})`);
  }
  for (const f of passed.slice(0, Math.max(0, limit - failed.length))) {
    const under = f.hypotheses?.length ? ` under ${f.hypotheses.map(hypothesisText).join(', ')}` : '';
    lines.push(`- ${f.status === 'verified' ? 'verified symbolically' : `holds numerically${under} at ${f.points} point${f.points === 1 ? '' : 's'}`}: $${f.left} ${OP[f.op]} ${f.right}$`);
  }
  const omitted = failed.length + passed.length - (lines.length - 1);
  if (omitted > 0) lines.push(`- (${omitted} more not listed)`);
  return lines.join('\n');
}
