// `proofwright runs compare A B` in-process: two verify runs of one proof with different "models".
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureIO } from './testing/capture-io';
import { main } from './main';

const ver = (score: string, finding: string) =>
  `Here is my evaluation of the solution:\n\n${finding}\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-compare-'));
  await writeFile(join(dir, 'p.md'), 'Let $n$ be odd.\n\nThen $n^2$ is odd, clearly.\n\nSo $n^2 - 1$ is even.');
  await writeFile(join(dir, 'p.problem.md'), 'Show that $n^2-1$ is even for odd $n$.');
  // Model A doubts step 2 in every sample; model B finds nothing.
  await writeFile(join(dir, 'a.json'), JSON.stringify({ rules: [{ role: 'verify', responses: [ver('0.5', '[S2] Justification Gap: "clearly" is not an argument. | quote: "Then $n^2$ is odd, clearly."')] }] }));
  await writeFile(join(dir, 'b.json'), JSON.stringify({ rules: [{ role: 'verify', responses: [ver('1', 'All steps are fine.')] }] }));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const io = () => captureIO(dir);

async function verify(script: string): Promise<string> {
  const cli = io();
  expect(await main(['verify', 'p.md', '--backend', `scripted:${script}`, '--profile', 'labelled', '--samples', '2', '--json'], cli)).toBe(0);
  return JSON.parse(cli.out).runId;
}

describe('proofwright runs compare', () => {
  it('shows per-step flag rates and where the two runs disagree', async () => {
    const a = await verify('a.json');
    const b = await verify('b.json');
    const json = io();
    expect(await main(['runs', 'compare', a, b, '--json'], json)).toBe(0);
    const comparison = JSON.parse(json.out);
    expect(comparison).toMatchObject({ runA: a, runB: b, scoreA: 0.5, scoreB: 1 });
    const byLabel = Object.fromEntries(comparison.steps.map((s: { label: string; rateA: number; rateB: number; agree: boolean }) => [s.label, [s.rateA, s.rateB, s.agree]]));
    expect(byLabel.S2).toEqual([1, 0, false]);
    expect(byLabel.S1).toEqual([0, 0, true]);
    expect(comparison.agreement).toBeCloseTo(2 / 3, 10);

    const text = io();
    expect(await main(['runs', 'compare', a, b], text)).toBe(0);
    expect(text.out).toMatch(/S2\s+100%\s+0%\s+disagree/);
  });

  it('refuses a run that is not a finished verification', async () => {
    const a = await verify('a.json');
    const cli = io();
    expect(await main(['runs', 'compare', a, 'no-such-run'], cli)).toBe(1);
    expect(cli.err).toContain('no run "no-such-run"');
  });
});
