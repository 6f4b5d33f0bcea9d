// Held-out proofs whose relations do not all share one verdict (corpus/heldout/links/, Markdown and
// .tex): congruence chains with a wrong link among right ones, case analyses where one relation holds
// in its case and fails in the next, slips written again. Each file lists, per relation, the verdict of
// every copy in document order (`expect: LEFT OP RIGHT | status…`); the test runs the real
// `proofwright check FILE --json` and also asks that nothing else fails.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main';
import { captureIO } from '../cli/testing/capture-io';
import { relationKey } from './compute/restated';
import type { ComputationFinding, RelOp } from './types';

const dir = join(import.meta.dirname, 'corpus', 'heldout', 'links');
const files = readdirSync(dir).filter((f) => /\.(?:md|tex)$/.test(f)).sort();

/** Relation symbols as the expectations write them, longest first (`\not\equiv` before `\equiv`). */
const OPS: RelOp[] = ['\\not\\equiv', '\\equiv', '\\le', '\\ge', '\\ne', '=', '<', '>'];

/** `holds` accepts a symbolic verification too; `unchecked` is silence. */
const ACCEPTS: Record<string, ComputationFinding['status'][]> = { holds: ['holds', 'verified'], fails: ['fails'], unchecked: ['unchecked'] };

interface Expectation {
  relation: string;
  key: string;
  /** Per copy: the statuses allowed (`holds unchecked` in one slot is written `holds|unchecked`). */
  copies: ComputationFinding['status'][][];
}

function expectations(text: string): Expectation[] {
  return [...text.matchAll(/^(?:<!--|%)\s*expect:\s*(.+?)\s*\|\s*([a-z| ]+?)\s*(?:-->)?\s*$/gm)].map((m) => {
    const relation = m[1];
    const op = OPS.find((o) => relation.includes(` ${o} `));
    if (!op) throw new Error(`no relation symbol in "${relation}"`);
    const at = relation.indexOf(` ${op} `);
    const copies = m[2].trim().split(/\s+/).map((slot) => slot.split('|').flatMap((s) => ACCEPTS[s] ?? []));
    return { relation, key: relationKey(relation.slice(0, at), op, relation.slice(at + op.length + 2)), copies };
  });
}

async function check(file: string): Promise<ComputationFinding[]> {
  const io = captureIO(dir);
  await main(['check', file, '--json'], io);
  return (JSON.parse(io.out) as { computations: ComputationFinding[] }).computations;
}

describe('held-out proofs with a verdict per relation (corpus/heldout/links)', () => {
  it('has variants of each kind: congruence chains, case headings, repeated slips, in Markdown and .tex', () => {
    for (const kind of ['equiv', 'case', 'repeat']) {
      expect(files.filter((f) => f.startsWith(`${kind}-`)).length, kind).toBeGreaterThanOrEqual(5);
      expect(files.some((f) => f.startsWith(`${kind}-`) && f.endsWith('.tex')), kind).toBe(true);
    }
  });

  it.each(files)('%s', async (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const expected = expectations(text);
    expect(expected.length).toBeGreaterThan(0);
    const found = await check(file);
    for (const e of expected) {
      const copies = found.filter((f) => relationKey(f.left, f.op, f.right) === e.key);
      expect(copies.map((c) => c.status), `copies of ${e.relation}`).toHaveLength(e.copies.length);
      copies.forEach((c, k) => expect(e.copies[k], `${e.relation} (copy ${k + 1}): ${c.status} — ${c.message}`).toContain(c.status));
    }
    // Nothing fails that the file does not expect to fail.
    const listed = new Set(expected.map((e) => e.key));
    for (const f of found.filter((c) => c.status === 'fails')) expect(listed.has(relationKey(f.left, f.op, f.right)), f.message).toBe(true);
  });
});
