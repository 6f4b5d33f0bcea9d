// `proofwright eval` in-process on real files: a small graded dataset, the scripted verifier, the metrics.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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

  it('names the bad line of a dataset', async () => {
    await writeFile(join(dir, 'bad.jsonl'), '{"problem":"P","proof":"Q","grade":7}\n{"problem":"P"}\n');
    const cli = io();
    expect(await main(['eval', 'bad.jsonl', '--backend', 'scripted:x.json'], cli)).toBe(1);
    expect(cli.err).toMatch(/^proofwright: error: .*bad\.jsonl:2: /);
  });
});
