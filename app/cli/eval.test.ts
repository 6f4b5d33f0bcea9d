// `proofwright eval` in-process on real files: a small graded dataset, the scripted verifier, the metrics.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureIO } from './testing/capture-io';
import { main } from './main';

const ver = (score: string) => `Here is my evaluation of the solution:\n\nChecked.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-eval-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const io = () => captureIO(dir);

describe('proofwright eval', () => {
  it('prints accuracy, fail precision/recall, Pearson r and the confusion table, overall and by group', async () => {
    // Four proofs: the model passes A and C, fails B and D; humans pass A and B, fail C and D.
    const lines = [
      { id: 'A', problem: 'P', proof: 'Proof MARK-A.', grade: 7, level: 'easy' },
      { id: 'B', problem: 'P', proof: 'Proof MARK-B.', grade: 7, level: 'hard' },
      { id: 'C', problem: 'P', proof: 'Proof MARK-C.', grade: 0, level: 'hard' },
      { id: 'D', problem: 'P', proof: 'Proof MARK-D.', grade: 1, level: 'easy' },
    ];
    await writeFile(join(dir, 'grades.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    const scores: Record<string, string> = { A: '1', B: '0', C: '1', D: '0' };
    const rules = Object.entries(scores).map(([id, s]) => ({ role: 'verify', match: `MARK-${id}.`, responses: [ver(s)] }));
    await writeFile(join(dir, 'script.json'), JSON.stringify({ rules }));

    const cli = io();
    const code = await main(['eval', 'grades.jsonl', '--backend', 'scripted:script.json', '--samples', '2', '--by', 'level', '--json'], cli);
    expect(cli.err).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(cli.out);
    // TP = D, FP = B, FN = C, TN = A.
    expect(out.overall).toMatchObject({ items: 4, compared: 4, accuracy: 0.5, failPrecision: 0.5, failRecall: 0.5 });
    expect(out.overall.confusion).toEqual({
      humanFail: { modelFail: 1, modelPass: 1, unparsed: 0 },
      humanPass: { modelFail: 1, modelPass: 1, unparsed: 0 },
    });
    // model [1,0,1,0] vs human [1,1,0,1/7] (computed independently).
    expect(out.overall.pearson).toBeCloseTo(-0.07647191129018725, 10);
    expect(out.groups.easy).toMatchObject({ accuracy: 1 });
    expect(out.groups.hard).toMatchObject({ accuracy: 0 });

    const text = io();
    expect(await main(['eval', 'grades.jsonl', '--backend', 'scripted:script.json', '--samples', '2'], text)).toBe(0);
    expect(text.out).toContain('accuracy 50.0% · fail precision 50.0% · fail recall 50.0%');
    expect(text.out).toMatch(/human fail\s+1\s+1\s+0/);
  });

  it('--early-stop stops each proof\'s verifications by the rule verify and prove use, and says how many it saved', async () => {
    // A passes every sample; B fails every sample. 20 samples each; accept after 3 passes, reject after 4 failures.
    const lines = [
      { id: 'A', problem: 'P', proof: 'Proof MARK-A.', grade: 7 },
      { id: 'B', problem: 'P', proof: 'Proof MARK-B.', grade: 0 },
    ];
    await writeFile(join(dir, 'grades.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    await writeFile(join(dir, 'script.json'), JSON.stringify({ rules: [{ role: 'verify', match: 'MARK-A.', responses: [ver('1')] }, { role: 'verify', match: 'MARK-B.', responses: [ver('0')] }] }));
    const cli = io();
    // Before: "unknown option '--early-stop'".
    expect(await main(['eval', 'grades.jsonl', '--backend', 'scripted:script.json', '--samples', '20', '--accept-after', '3', '--reject-after', '4', '--json'], cli), cli.err).toBe(0);
    const out = JSON.parse(cli.out);
    // A: 3 issued (17 saved), B: 4 issued (16 saved); the verdicts still agree with the humans.
    expect(out).toMatchObject({ earlyStop: { acceptAfter: 3, rejectAfter: 4 }, callsSaved: 33 });
    expect(out.overall).toMatchObject({ items: 2, compared: 2, accuracy: 1 });
    // The records hold the 7 verifications made, not 40.
    const runsDir = join(dir, '.proofwright', 'runs');
    const calls = (await Promise.all((await readdir(runsDir)).map((n) => readFile(join(runsDir, n), 'utf8')))).join('\n').split('\n').filter((l) => l.includes('"type":"call"'));
    expect(calls).toHaveLength(7);
    const text = io();
    expect(await main(['eval', 'grades.jsonl', '--backend', 'scripted:script.json', '--samples', '20', '--early-stop'], text), text.err).toBe(0);
    // The Huang–Yang defaults (5 passes, 10 failures), another rule so verified afresh: A 15 saved, B 10 saved.
    expect(text.out).toContain('Agreement with human grades (2 proofs, 20 samples each; early stopping (accept after 5 passes in a row, reject after 10 failures) saved 25 of them, ');
    // The same again: both read back from the records, which it says (rev4: a bare "saved 0").
    const again = io();
    expect(await main(['eval', 'grades.jsonl', '--backend', 'scripted:script.json', '--samples', '20', '--early-stop'], again), again.err).toBe(0);
    expect(again.out).toContain('saved 0 of them over the 0 verified now (2 read back from earlier runs), ');
  });

  it('reads every --by group on the dataset\'s one scale: a group whose 0–7 grades are all 0 or 1 point is not read as fail/pass', async () => {
    // 0–7 set (a 5 is in it). The "easy" group has grades 1 and 0 only: 1 point of 7 is a fail (fail-at 1).
    const lines = [
      { id: 'A', problem: 'P', proof: 'Proof MARK-A.', grade: 5, level: 'hard' },
      { id: 'B', problem: 'P', proof: 'Proof MARK-B.', grade: 1, level: 'easy' },
      { id: 'C', problem: 'P', proof: 'Proof MARK-C.', grade: 0, level: 'easy' },
    ];
    await writeFile(join(dir, 'grades.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    const rules = ['A', 'B', 'C'].map((id) => ({ role: 'verify', match: `MARK-${id}.`, responses: [ver('0')] }));
    await writeFile(join(dir, 'script.json'), JSON.stringify({ rules }));
    const cli = io();
    expect(await main(['eval', 'grades.jsonl', '--backend', 'scripted:script.json', '--samples', '1', '--by', 'level', '--json'], cli)).toBe(0);
    const out = JSON.parse(cli.out);
    expect(out.scale).toBe('0-7');
    // The model fails B and C; on 0–7 both are human fails: 2 of 2 agree (read as 0/½/1, B's 1 was a pass: 1 of 2).
    expect(out.groups.easy).toMatchObject({ compared: 2, accuracy: 1 });
    expect(out.groups.easy.confusion.humanFail.modelFail).toBe(2);
  });

  it('a set of only 0s and 1s is read as fail/pass and says so; --scale 0-7 reads them as points; --scale 0-1 refuses a 3 before any model call', async () => {
    const lines = [
      { id: 'A', problem: 'P', proof: 'Proof MARK-A.', grade: 1 },
      { id: 'B', problem: 'P', proof: 'Proof MARK-B.', grade: 0 },
    ];
    await writeFile(join(dir, 'grades.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    await writeFile(join(dir, 'script.json'), JSON.stringify({ rules: [{ role: 'verify', responses: [ver('0')] }] }));
    const auto = io();
    expect(await main(['eval', 'grades.jsonl', '--backend', 'scripted:script.json', '--samples', '1', '--json'], auto)).toBe(0);
    expect(auto.err).toBe('eval: every grade is 0 or 1: read as fail/pass on the 0/½/1 scale; pass --scale 0-7 if they are points out of 7\n');
    // A (1 = pass) is failed by the model: 1 of 2 agree.
    expect(JSON.parse(auto.out)).toMatchObject({ scale: '0-1', overall: { accuracy: 0.5 } });

    const points = io();
    expect(await main(['eval', 'grades.jsonl', '--backend', 'scripted:script.json', '--samples', '1', '--json', '--scale', '0-7'], points)).toBe(0);
    expect(points.err).toBe('');
    // 1 of 7 and 0 of 7 are both fails: 2 of 2 agree.
    expect(JSON.parse(points.out)).toMatchObject({ scale: '0-7', overall: { accuracy: 1 } });

    await writeFile(join(dir, 'mixed.jsonl'), [...lines, { id: 'C', problem: 'P', proof: 'Proof MARK-C.', grade: 3 }].map((l) => JSON.stringify(l)).join('\n'));
    const refused = io();
    expect(await main(['eval', 'mixed.jsonl', '--backend', 'scripted:script.json', '--samples', '1', '--scale', '0-1'], refused)).toBe(1);
    expect(refused.err).toBe('proofwright: error: mixed.jsonl: proof C: grade 3 is not on the 0/½/1 scale (--scale 0-1): use --scale 0-7 or auto\n');
  });

  it('says "1 proof, 1 sample each" in the heading, not "1 proofs, 1 samples each"', async () => {
    await writeFile(join(dir, 'one.jsonl'), JSON.stringify({ id: 'A', problem: 'P', proof: 'Proof.', grade: 7 }));
    await writeFile(join(dir, 'script.json'), JSON.stringify({ rules: [{ role: 'verify', responses: [ver('1')] }] }));
    const one = io();
    expect(await main(['eval', 'one.jsonl', '--backend', 'scripted:script.json', '--samples', '1'], one)).toBe(0);
    expect(one.out).toMatch(/^Agreement with human grades \(1 proof, 1 sample each, /);
  });

  it('names the bad line of a dataset', async () => {
    await writeFile(join(dir, 'bad.jsonl'), '{"problem":"P","proof":"Q","grade":7}\n{"problem":"P"}\n');
    const cli = io();
    expect(await main(['eval', 'bad.jsonl', '--backend', 'scripted:x.json'], cli)).toBe(1);
    expect(cli.err).toMatch(/^proofwright: error: .*bad\.jsonl:2: /);
  });
});
