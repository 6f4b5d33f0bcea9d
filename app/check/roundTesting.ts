// What the checker's round tests (round17–21.test.ts) read back from a proof: the Checker run as the CLI
// runs it (symbolic on), and the findings looked up by their sides. Test support only: no product code
// imports it.
import { Checker } from './checker';
import type { ComputationFinding } from './types';

/** The computation findings of a Markdown proof, as `proofwright check` gives them. */
export const check = (text: string): ComputationFinding[] => new Checker({ symbolic: true }).check({ text, format: 'markdown' }).computations;

/** TeX without whitespace, to compare sides as written in a test and as the checker quotes them. */
export const squash = (tex: string) => tex.replace(/\s+/g, '');

/** The finding whose left side (and right side, if given) is this TeX, whitespace aside. */
export const one = (findings: readonly ComputationFinding[], left: string, right?: string) =>
  findings.find((c) => squash(c.left) === squash(left) && (right === undefined || squash(c.right) === squash(right)));

/** Every failing relation, as `left op right`. */
export const fails = (findings: readonly ComputationFinding[]) => findings.filter((c) => c.status === 'fails').map((c) => `${c.left} ${c.op} ${c.right}`);

/** The value of `name` in a finding's counterexample; NaN when it has none. */
export const at = (finding: ComputationFinding | undefined, name = 'x') => finding?.counterexample?.assignment[name] ?? NaN;
