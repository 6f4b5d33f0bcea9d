// Scores the checker's `fails` on the realistic corpora (corpus/realistic/): complete correct proofs
// (every `fails` is a false alarm) and homework proofs with one planted slip each (the first line,
// `<!-- slip: TEX -->`, names a side of the wrong relation). Used by realistic.test.ts and report.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ComputeEngine } from '@cortex-js/compute-engine';
import { parseProof } from '../../proof';
import { Checker } from '../checker';
import type { ComputationFinding } from '../types';

const ce = new ComputeEngine();

/**
 * Both sides re-evaluated by the Compute Engine at the counterexample: true when the reported values
 * are the real ones and the relation is false there. The engine cannot evaluate indexed families
 * (`\sum_i a_i` with values for a_1, a_2…): those counterexamples are not confirmed.
 */
export function counterexampleConfirmed(f: ComputationFinding): boolean {
  const c = f.counterexample;
  if (!c) return false;
  const value = (tex: string) => {
    try {
      ce.pushScope();
      // The names the checker gave values are numbers: declared so, `c(x + y)` and `3v(-u)` are products,
      // not applications of a function c or v (which the engine cannot evaluate).
      for (const name of Object.keys(c.assignment)) {
        if (!/^[A-Za-z]$/.test(name)) continue;
        try {
          ce.declare(name, 'real');
        } catch {
          // Already known to the engine (a constant): keep its meaning.
        }
      }
      const v = ce.parse(tex).subs(c.assignment).N().re;
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    } catch {
      return null;
    } finally {
      ce.popScope();
    }
  };
  const a = value(f.left);
  const b = value(f.right);
  if (a === null || b === null) return false;
  const close = (x: number, y: number) => Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(x), Math.abs(y));
  if (!close(a, c.left) || !close(b, c.right)) return false;
  switch (f.op) {
    case '=':
      return !close(a, b);
    case '\\ne':
      return close(a, b);
    case '<':
      return a >= b;
    case '\\le':
      return a > b && !close(a, b);
    case '>':
      return a <= b;
    case '\\ge':
      return a < b && !close(a, b);
    case '\\equiv':
    case '\\not\\equiv': {
      // A congruence is confirmed on the residues the checker compared (its reason names the modulus).
      const m = Number(/modulo (\d+)/.exec(f.reason ?? '')?.[1]);
      if (!m || !Number.isInteger(a) || !Number.isInteger(b)) return false;
      return (((a - b) % m === 0) === (f.op === '\\not\\equiv'));
    }
  }
}

export interface ProofScore {
  file: string;
  /** Every `fails` finding of the proof. */
  fails: ComputationFinding[];
  /** `fails` findings that are not the planted slip (all of them in a correct proof). */
  falseAlarms: ComputationFinding[];
  /** Slip proofs: the `fails` at the slip, and whether its counterexample is confirmed. */
  slip?: { tex: string; found: ComputationFinding | null; confirmed: boolean };
}

export interface CorpusScore {
  proofs: ProofScore[];
  correctProofs: number;
  slipProofs: number;
  fails: number;
  /** `fails` at a planted slip (the wrong relation itself). */
  truePositives: number;
  /** Of those, how many counterexamples the Compute Engine confirms by re-evaluating both sides. */
  confirmed: number;
  /** precision = truePositives / fails; recall = truePositives / slipProofs. */
  precision: number;
  recall: number;
  /** Planted slips found with an engine-confirmed counterexample / slip proofs. */
  confirmedRecall: number;
}

const squash = (tex: string) => tex.replace(/\s+/g, '');

/** Checks every proof of the realistic corpora the way `proofwright check` does (numeric checks only). */
export function scoreRealisticCorpus(root = join(import.meta.dirname, 'realistic')): CorpusScore {
  const checker = new Checker({ symbolic: false });
  const proofs: ProofScore[] = [];
  for (const kind of ['correct', 'slips'] as const) {
    const dir = join(root, kind);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
      const text = readFileSync(join(dir, file), 'utf8');
      const fails = checker.check(parseProof(text, 'markdown')).computations.filter((c) => c.status === 'fails');
      if (kind === 'correct') {
        proofs.push({ file: `${kind}/${file}`, fails, falseAlarms: fails });
        continue;
      }
      const slip = /^<!--\s*slip:\s*(.+?)\s*-->/.exec(text)?.[1];
      if (!slip) throw new Error(`${file}: the first line must be <!-- slip: TEX --> naming a side of the wrong relation`);
      const atSlip = (c: ComputationFinding) => squash(c.right) === squash(slip) || squash(c.left) === squash(slip);
      const found = fails.find(atSlip) ?? null;
      proofs.push({
        file: `${kind}/${file}`,
        fails,
        falseAlarms: fails.filter((c) => !atSlip(c)),
        slip: { tex: slip, found, confirmed: found !== null && counterexampleConfirmed(found) },
      });
    }
  }
  const slipProofs = proofs.filter((p) => p.slip);
  const fails = proofs.reduce((n, p) => n + p.falseAlarms.length + (p.slip?.found ? 1 : 0), 0);
  const truePositives = slipProofs.filter((p) => p.slip!.found).length;
  const confirmed = slipProofs.filter((p) => p.slip!.found && p.slip!.confirmed).length;
  return {
    proofs,
    correctProofs: proofs.length - slipProofs.length,
    slipProofs: slipProofs.length,
    fails,
    truePositives,
    confirmed,
    precision: fails ? truePositives / fails : 1,
    recall: slipProofs.length ? truePositives / slipProofs.length : 0,
    confirmedRecall: slipProofs.length ? confirmed / slipProofs.length : 0,
  };
}
