// The checker's computation results as evidence for the verifier prompt ({{evidence}} placeholder).
// Only decided results are included: what was verified or holds numerically, and what fails with its
// counterexample. Unchecked relations are left out (the model should not read them as endorsed).
import { formatNumber } from './compute';
import type { ComputationFinding } from './types';

const OP: Record<ComputationFinding['op'], string> = { '=': '=', '<': '<', '>': '>', '\\le': '\\le', '\\ge': '\\ge', '\\ne': '\\ne' };

export function formatEvidence(findings: readonly ComputationFinding[], limit = 40): string {
  const failed = findings.filter((f) => f.status === 'fails');
  const passed = findings.filter((f) => f.status === 'verified' || f.status === 'holds');
  if (!failed.length && !passed.length) return '';
  const lines: string[] = ['Computations checked by a computer-algebra checker (not by a model):'];
  for (const f of failed.slice(0, limit)) {
    const c = f.counterexample!;
    const at = Object.entries(c.assignment).map(([k, v]) => `${k} = ${formatNumber(v)}`).join(', ');
    lines.push(`- FAILS: $${f.left} ${OP[f.op]} ${f.right}$${at ? ` at ${at}` : ''} (left side = ${formatNumber(c.left)}, right side = ${formatNumber(c.right)})`);
  }
  for (const f of passed.slice(0, Math.max(0, limit - failed.length))) {
    lines.push(`- ${f.status === 'verified' ? 'verified symbolically' : `holds numerically at ${f.points} points`}: $${f.left} ${OP[f.op]} ${f.right}$`);
  }
  const omitted = failed.length + passed.length - (lines.length - 1);
  if (omitted > 0) lines.push(`- (${omitted} more not listed)`);
  return lines.join('\n');
}
