// The deterministic checker's findings reach the verifier prompt as evidence: by default with the labelled
// profile, only on request (--evidence) with the deepseek-math-v2 profile.
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from './main';
import { captureIO } from './testing/capture-io';

const SAMPLES = fileURLToPath(new URL('../../resources/samples/', import.meta.url));
const ver = (score: string) => `Here is my evaluation of the solution:\n\nChecked.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-evidence-'));
  for (const f of ['sum-of-cubes.md', 'sum-of-cubes.problem.md']) await copyFile(join(SAMPLES, f), join(dir, f));
  // The scripted "model" answers 0 exactly when the prompt carries a refuted computation.
  const rules = [
    { role: 'verify', match: 'FAILS:', responses: [ver('0')] },
    { role: 'verify', responses: [ver('1')] },
  ];
  await writeFile(join(dir, 'script.json'), JSON.stringify({ rules }));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('checker evidence in the verifier prompt', () => {
  it('keeps the released deepseek-math-v2 prompt free of evidence by default; --evidence shows the refuted align row', async () => {
    const byDefault = captureIO(dir);
    expect(await main(['verify', 'sum-of-cubes.md', '--backend', 'scripted:script.json', '--profile', 'deepseek-math-v2', '--samples', '1', '--json'], byDefault)).toBe(0);
    expect(JSON.parse(byDefault.out).score).toBe(1);

    const withEvidence = captureIO(dir);
    expect(await main(['verify', 'sum-of-cubes.md', '--backend', 'scripted:script.json', '--profile', 'deepseek-math-v2', '--samples', '1', '--json', '--evidence'], withEvidence)).toBe(0);
    expect(JSON.parse(withEvidence.out).score).toBe(0);

    const without = captureIO(dir);
    expect(await main(['verify', 'sum-of-cubes.md', '--backend', 'scripted:script.json', '--profile', 'deepseek-math-v2', '--samples', '1', '--json', '--no-evidence'], without)).toBe(0);
    // The default profile (labelled) shows the evidence without being asked.
    const labelled = captureIO(dir);
    expect(await main(['verify', 'sum-of-cubes.md', '--backend', 'scripted:script.json', '--samples', '1', '--json'], labelled)).toBe(0);
    expect(JSON.parse(labelled.out)).toMatchObject({ profile: 'labelled', score: 0 });
    expect(JSON.parse(without.out).score).toBe(1);
  });

  it('keeps runs with and without evidence apart when a batch resumes', async () => {
    const args = ['verify', '.', '--backend', 'scripted:script.json', '--samples', '1', '--json'];
    const first = captureIO(dir);
    expect(await main([...args, '--evidence'], first)).toBe(0);
    const second = captureIO(dir);
    expect(await main([...args, '--no-evidence'], second)).toBe(0);
    const out = JSON.parse(second.out);
    expect(out.summary).toMatchObject({ reused: 0 });
    expect(out.proofs[0].score).toBe(1);
  });
});
