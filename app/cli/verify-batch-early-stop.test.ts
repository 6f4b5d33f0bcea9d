// `proofwright verify FOLDER --early-stop` through the CLI with the scripted verifier: every proof of
// the batch stops at the Huang–Yang rule (defaults: accept after 5 passes in a row, reject after 10
// failures), counted exactly from the run records, and the calls saved are printed and in the JSON.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunStore } from '../store';
import { main } from './main';
import { captureIO } from './testing/capture-io';

const ver = (score: string) => `Here is my evaluation of the solution:\n\nRead line by line.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-batch-early-'));
  await mkdir(join(dir, 'set'));
  for (const name of ['good', 'bad', 'mixed']) {
    await writeFile(join(dir, 'set', `${name}.md`), `${name.toUpperCase()}-MARK: the claim follows from the lemma.`);
    await writeFile(join(dir, 'set', `${name}.problem.md`), 'Show that every widget is a gadget.');
  }
  // good always passes; bad always fails; mixed passes four times then fails, over and over (never
  // five passes in a row, so only the failures decide: the 10th comes with call 50).
  const rules = [
    { role: 'verify', match: 'GOOD-MARK', responses: [ver('1')] },
    { role: 'verify', match: 'BAD-MARK', responses: [ver('0')] },
    { role: 'verify', match: 'MIXED-MARK', exhausted: 'cycle', responses: [ver('1'), ver('1'), ver('1'), ver('1'), ver('0.5')] },
  ];
  await writeFile(join(dir, 'script.json'), JSON.stringify({ rules }));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface ProofJson {
  file: string;
  runId: string;
  score: number;
  samples: unknown[];
  earlyStop?: { decision: string | null; callsSaved: number };
}

/** Calls each proof's run record holds, by file: what actually went to the model. */
async function callsInRecords(proofs: ProofJson[]): Promise<Record<string, number>> {
  const store = await RunStore.open(dir);
  const out: Record<string, number> = {};
  for (const p of proofs) out[p.file] = (await store.loadRun(p.runId)).calls.length;
  return out;
}

describe('verify FOLDER --early-stop', () => {
  it('stops each proof at the default rule (5 passes / 10 failures), counts the calls saved and prints them', async () => {
    const io = captureIO(dir);
    const code = await main(['verify', 'set', '--backend', 'scripted:script.json', '--samples', '64', '--early-stop', '--json', 'out.json'], io);
    expect(io.err).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(await readFile(join(dir, 'out.json'), 'utf8'));
    const proofs = json.proofs as ProofJson[];
    const byFile = Object.fromEntries(proofs.map((p) => [p.file, p]));
    expect(byFile['set/good.md'].earlyStop).toEqual({ decision: 'accepted', callsSaved: 64 - 5 });
    expect(byFile['set/bad.md'].earlyStop).toEqual({ decision: 'rejected', callsSaved: 64 - 10 });
    expect(byFile['set/mixed.md'].earlyStop).toEqual({ decision: 'rejected', callsSaved: 64 - 50 });
    expect(await callsInRecords(proofs)).toEqual({ 'set/good.md': 5, 'set/bad.md': 10, 'set/mixed.md': 50 });
    // 59 + 54 + 14 of the 3 × 64 = 192 verifications were not issued.
    expect(json.summary.callsSaved).toBe(127);
    expect(json).toMatchObject({ acceptAfter: 5, rejectAfter: 10 });
    expect(io.out).toContain('set/good.md: score 1; accepted early after 5');
    expect(io.out).toContain('set/mixed.md: score 0.9; rejected early after 50');
    expect(io.out).toContain('early stopping saved 127 verification(s) of the 64 per proof');

    // Rerun: the early-stopped runs are read back (nothing issued, nothing counted as saved again)...
    const again = captureIO(dir);
    expect(await main(['verify', 'set', '--backend', 'scripted:script.json', '--samples', '64', '--early-stop'], again)).toBe(0);
    expect(again.out).toContain('set/bad.md: score 0; rejected early after 10 (from an earlier run)');
    expect(again.out).toContain('early stopping saved 0 verification(s)');
  });

  it('a rule of its own (--accept-after 3 --reject-after 2), not mistaken for a run with another rule', async () => {
    const first = captureIO(dir);
    expect(await main(['verify', 'set', '--backend', 'scripted:script.json', '--samples', '64', '--early-stop'], first)).toBe(0);
    const io = captureIO(dir);
    expect(await main(['verify', 'set', '--backend', 'scripted:script.json', '--samples', '64', '--accept-after', '3', '--reject-after', '2', '--json'], io)).toBe(0);
    const json = JSON.parse(io.out);
    const proofs = json.proofs as ProofJson[];
    // A different rule is a different verification: verified again, not read back from the first run.
    expect(json.summary.reused).toBe(0);
    // good: 3 passes; bad: 2 failures; mixed (a fresh script cursor): 1, 1, 1 → accepted after 3.
    expect(await callsInRecords(proofs)).toEqual({ 'set/good.md': 3, 'set/bad.md': 2, 'set/mixed.md': 3 });
    expect(json.summary.callsSaved).toBe(3 * 64 - 8);
  });

  it('without --early-stop every proof gets all its samples', async () => {
    const io = captureIO(dir);
    expect(await main(['verify', 'set', '--backend', 'scripted:script.json', '--samples', '12', '--json'], io)).toBe(0);
    const json = JSON.parse(io.out);
    expect(await callsInRecords(json.proofs)).toEqual({ 'set/good.md': 12, 'set/bad.md': 12, 'set/mixed.md': 12 });
    expect(json.summary.callsSaved).toBeUndefined();
    expect(json.proofs.every((p: ProofJson) => p.earlyStop === undefined)).toBe(true);
  });
});
