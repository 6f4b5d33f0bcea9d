// `proofwright runs show ID` on a prove run the process died in (its record has no summary line, as a
// kill leaves it): the pool of what it finished, rebuilt from the record by the search's own rules,
// in-process on real files with the scripted backend. Before, such a run had no pool until resumed.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunStore } from '../store';
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

const PROVE = ['prove', '--problem', 'widget.problem.md', '--backend', 'scripted:script.json', '--candidates', '2', '--samples', '2', '--rounds', '2', '--top-k', '1', '--concurrency', '1', '--json'];
const poolRows = (pool: { candidates: { id: string; parentId?: string; meanScore: number | null; verifications: { status: string }[] }[] }) =>
  pool.candidates.map((c) => [c.id, c.parentId ?? null, c.meanScore, c.verifications.map((v) => v.status)]);
/** What the search had when it stopped after its 8th call: round 0, and BETA with one verification. */
const AFTER_8_CALLS = [
  ['c1', null, 0.5, ['parsed', 'parsed']],
  ['c2', null, 0, ['parsed', 'parsed']],
  ['c3', 'c1', 1, ['parsed', 'cancelled']],
];

/** A finished search's record cut after its header and first `calls` call lines: what a kill then leaves. Returns the record's path. */
async function provedThenKilled(args: string[], calls: number): Promise<{ runId: string; file: string }> {
  const prove = captureIO(dir);
  expect(await main(args, prove), prove.err).toBe(0);
  const { runId } = JSON.parse(prove.out) as { runId: string };
  const file = join(dir, '.proofwright', 'runs', `${runId}.jsonl`);
  const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
  await writeFile(file, lines.slice(0, 1 + calls).join('\n') + '\n');
  return { runId, file };
}

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
    // The pool: round 0 as the run had it, and BETA with the one verification that finished. Its
    // status is the run's, as the text says (rev4: the JSON said 'cancelled').
    expect(shown.pool).toMatchObject({ runId: reference.runId, status: 'interrupted', calls: 8, rounds: 1, rebuilt: { stopped: 'interrupted', templates: 'recorded', unreached: 0 } });
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
    // It stopped in round 1, with c3's second verification unfinished (rev7: "after 1 refinement round(s)").
    expect(text.out).toMatch(/^ {2}prove: interrupted during refinement round 1, 8 model calls/m);
    expect(text.out).not.toContain('prove: cancelled');
    expect(text.out).toContain('  c1 (round 0): mean 0.5 over 2 verification(s), self 0.5');
    expect(text.out).toContain('  c3 (round 1 from c1): mean 1 over 1 of 2 verifications (1 stopped before it ended), self 0.5');
    // Nothing was written: the record is as the kill left it.
    expect(await readFile(file, 'utf8')).toBe(killed);
  });
});

describe('runs show on a failed search (it ended with an error before writing its result)', () => {
  it('prints the pool of what it finished, says it failed and why, and the JSON says failed too', async () => {
    const { runId } = await provedThenKilled(PROVE, 8);
    // What a search whose loop threw after its 8th call writes (app/loop/session.ts runSession): a
    // 'failed' summary with the error and no result, through the store's own writer.
    const { writer } = await (await RunStore.open(dir)).reopenRun(runId);
    await writer.finish({ status: 'failed', calls: 8, error: 'EIO: i/o error, write' });

    const json = captureIO(dir);
    expect(await main(['runs', 'show', runId, '--json'], json), json.err).toBe(0);
    const shown = JSON.parse(json.out);
    expect(shown.status).toBe('failed');
    // Before, a failed run got no pool: its record's candidates were shown nowhere.
    expect(shown.pool).toMatchObject({ runId, status: 'failed', calls: 8, rounds: 1, rebuilt: { stopped: 'failed', error: 'EIO: i/o error, write' } });
    expect(poolRows(shown.pool)).toEqual(AFTER_8_CALLS);

    const text = captureIO(dir);
    expect(await main(['runs', 'show', runId], text), text.err).toBe(0);
    expect(text.out).toContain(`  failed (EIO: i/o error, write): the run ended with an error before writing its result; the pool of what it finished, rebuilt from its record (\`prove --resume ${runId}\` goes on):`);
    expect(text.out).toMatch(/^ {2}prove: failed during refinement round 1, 8 model calls, 3 candidate\(s\)/m);
    expect(text.out).not.toContain('interrupted');
    expect(text.out).toContain('  c3 (round 1 from c1): mean 1 over 1 of 2 verifications (1 stopped before it ended), self 0.5');
  });

  it('a completed search keeps its own result: no rebuilt pool, no "failed" (guard)', async () => {
    const prove = captureIO(dir);
    expect(await main(PROVE, prove), prove.err).toBe(0);
    const { runId } = JSON.parse(prove.out) as { runId: string };
    const json = captureIO(dir);
    expect(await main(['runs', 'show', runId, '--json'], json), json.err).toBe(0);
    expect(JSON.parse(json.out)).not.toHaveProperty('pool');
    const text = captureIO(dir);
    expect(await main(['runs', 'show', runId], text), text.err).toBe(0);
    expect(text.out).not.toMatch(/rebuilt from its record|failed|interrupted/);
  });
});

describe('the rebuilt pool is asked with the templates the run was made with', () => {
  // A verify template of its own for the run's profile (the default, labelled); the script answers by
  // the proof's marker, whatever the prompt says.
  beforeEach(async () => {
    const verify = await readFile(join(process.cwd(), 'resources', 'prompts', 'labelled', 'verify.md'), 'utf8');
    await mkdir(join(dir, 'prompts', 'labelled'), { recursive: true });
    await writeFile(join(dir, 'prompts', 'labelled', 'verify.md'), `Our department's grading rules apply.\n\n${verify}`);
  });

  it('replays a run made with --templates from its record alone, and says which templates it used', async () => {
    const { runId } = await provedThenKilled([...PROVE, '--templates', 'prompts'], 8);
    const json = captureIO(dir);
    expect(await main(['runs', 'show', runId, '--json'], json), json.err).toBe(0);
    const shown = JSON.parse(json.out);
    // Before, the defaults were assumed: no verification of the record was reached and no candidate had a mean.
    expect(poolRows(shown.pool)).toEqual(AFTER_8_CALLS);
    expect(shown.pool.rebuilt).toEqual({ stopped: 'interrupted', templates: 'recorded', unreached: 0 });
    const text = captureIO(dir);
    expect(await main(['runs', 'show', runId], text), text.err).toBe(0);
    expect(text.out).toContain('  templates: those the run was made with (kept in its record)\n');
    // Templates given now do not change the replay of a record that keeps its own, and the text says so.
    await writeFile(join(dir, 'prompts', 'labelled', 'verify.md'), 'Edited since: {{problem}} {{proof}}\n');
    const later = captureIO(dir);
    expect(await main(['runs', 'show', runId, '--templates', 'prompts', '--json'], later), later.err).toBe(0);
    expect(poolRows(JSON.parse(later.out).pool)).toEqual(AFTER_8_CALLS);
    const laterText = captureIO(dir);
    expect(await main(['runs', 'show', runId, '--templates', 'prompts'], laterText), laterText.err).toBe(0);
    expect(laterText.out).toContain('  templates: those the run was made with (kept in its record; --templates is not needed)\n');
  });

  it('a record that keeps no templates (older versions) says which were assumed and what the replay did not reach', async () => {
    const { runId, file } = await provedThenKilled([...PROVE, '--templates', 'prompts'], 8);
    const [header, ...calls] = (await readFile(file, 'utf8')).split('\n');
    const { templates: _kept, ...older } = JSON.parse(header) as { templates?: unknown };
    await writeFile(file, [JSON.stringify(older), ...calls].join('\n'));

    const assumed = captureIO(dir);
    expect(await main(['runs', 'show', runId], assumed), assumed.err).toBe(0);
    // The six verifications were asked with the department's template: the defaults reach none of them.
    expect(assumed.out).toContain('  templates: assumed to be the defaults (the record, from an older version, does not keep them; --templates DIR if the run used others); 6 finished calls were not reached with them (made with other templates?), so the pool lacks their answers\n');
    const given = captureIO(dir);
    expect(await main(['runs', 'show', runId, '--templates', 'prompts', '--json'], given), given.err).toBe(0);
    const shown = JSON.parse(given.out);
    expect(poolRows(shown.pool)).toEqual(AFTER_8_CALLS);
    expect(shown.pool.rebuilt).toEqual({ stopped: 'interrupted', templates: 'assumed', unreached: 0 });
  });
});
