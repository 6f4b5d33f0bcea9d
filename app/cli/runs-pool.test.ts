// `proofwright runs show ID` on a prove run the process died in (its record has no summary line, as a
// kill leaves it): the pool of what it finished, rebuilt from the record by the search's own rules,
// in-process on real files with the scripted backend. Before, such a run had no pool until resumed.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureIO } from './testing/capture-io';
import { main } from './main';

const ver = (score: string) => `Here is my evaluation of the solution:\n\nRead carefully.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}`;
const gen = (marker: string, self = '0.5') => `## Solution\n\nBy ${marker}, the claim holds.\n\n## Self Evaluation\n\n${ver(self)}`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-runs-pool-'));
  await writeFile(join(dir, 'widget.problem.md'), 'Show that every widget is a gadget.\n');
  // Round 0: ALPHA (½, ½) and ALEPH (0, 0); round 1 refines ALPHA into BETA (1, 1: it passes).
  const rules = [
    { role: 'generate', responses: [gen('PROOF-ALPHA'), gen('PROOF-ALEPH')] },
    { role: 'refine', match: 'PROOF-ALPHA', responses: [gen('PROOF-BETA')] },
    { role: 'verify', match: 'PROOF-ALPHA', responses: [ver('0.5')] },
    { role: 'verify', match: 'PROOF-BETA', responses: [ver('1')] },
    { role: 'verify', responses: [ver('0')] },
  ];
  await writeFile(join(dir, 'script.json'), JSON.stringify({ rules }));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runs show on an interrupted search', () => {
  it('prints the pool of what it finished (the round in flight as far as it got), says it was interrupted, and writes nothing', async () => {
    const prove = captureIO(dir);
    const args = ['prove', '--problem', 'widget.problem.md', '--backend', 'scripted:script.json', '--candidates', '2', '--samples', '2', '--rounds', '2', '--top-k', '1', '--concurrency', '1', '--json'];
    expect(await main(args, prove), prove.err).toBe(0);
    const reference = JSON.parse(prove.out);
    expect(reference).toMatchObject({ status: 'passed', calls: 9 });
    // What a kill after round 1's refinement and its first verification leaves: the header and the
    // first 8 call lines (2 generations, 4 verifications, 1 refinement, 1 verification), no summary.
    const runsDir = join(dir, '.proofwright', 'runs');
    const file = join(runsDir, (await readdir(runsDir)).find((n) => n.endsWith('.jsonl'))!);
    const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(['header', ...Array(9).fill('call'), 'summary']);
    const killed = lines.slice(0, 1 + 8).join('\n') + '\n';
    await writeFile(file, killed);

    const json = captureIO(dir);
    expect(await main(['runs', 'show', reference.runId, '--json'], json), json.err).toBe(0);
    const shown = JSON.parse(json.out);
    expect(shown.status).toBe('interrupted');
    // The pool: round 0 as the run had it, and BETA with the one verification that finished.
    expect(shown.pool).toMatchObject({ runId: reference.runId, status: 'cancelled', calls: 8, rounds: 1 });
    const pool = shown.pool.candidates.map((c: { id: string; parentId?: string; meanScore: number | null; verifications: { status: string }[] }) =>
      [c.id, c.parentId ?? null, c.meanScore, c.verifications.map((v) => v.status)]);
    expect(pool).toEqual([
      ['c1', null, 0.5, ['parsed', 'parsed']],
      ['c2', null, 0, ['parsed', 'parsed']],
      ['c3', 'c1', 1, ['parsed', 'cancelled']],
    ]);
    // Round 0's candidates are the finished run's, to the last field.
    expect(shown.pool.candidates.slice(0, 2)).toEqual(reference.candidates.slice(0, 2));

    const text = captureIO(dir);
    expect(await main(['runs', 'show', reference.runId], text), text.err).toBe(0);
    expect(text.out).toContain(`interrupted: the run stopped before writing its result; the pool of what it finished, rebuilt from its record (\`prove --resume ${reference.runId}\` goes on):`);
    // The run was interrupted, not cancelled (rev4: the pool's first line said "cancelled").
    expect(text.out).toMatch(/^ {2}prove: interrupted after 1 refinement round\(s\), 8 model calls/m);
    expect(text.out).not.toContain('prove: cancelled');
    expect(text.out).toContain('  c1 (round 0): mean 0.5 over 2 verification(s), self 0.5');
    expect(text.out).toContain('  c3 (round 1 from c1): mean 1 over 1 of 2 verifications (1 without a verdict), self 0.5');
    // Nothing was written: the record is as the kill left it.
    expect(await readFile(file, 'utf8')).toBe(killed);
  });
});
