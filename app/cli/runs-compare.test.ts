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
    // The agreement figure says how it counts (rev20 F5: "100%" above a step at 33% against 0%).
    expect(text.out).toMatch(/agreement on \d+ steps: \d+% \(a run counts a step as flagged when at least half of its verdicts flag it\)/);
  });

  // Reviewer rev19 F6: of 4 samples, one flagged S2, one passed the proof, one was cut at the token
  // limit and one aborted. The samples without a verdict said nothing about S2: it is flagged by 1 of
  // the 2 verdicts (50%, half: "flagged"), not "1/4 samples" (25%).
  it('counts a step\'s flags over the samples that gave a verdict, and says how many gave none', async () => {
    const cut = 'Here is my evaluation of the solution:\n\nAt first glance \\boxed{1} since';
    await writeFile(join(dir, 'mixed.json'), JSON.stringify({ rules: [{ role: 'verify', responses: [
      ver('0', '[S2] Critical Error: "clearly" is not an argument. | quote: "Then $n^2$ is odd, clearly."'),
      ver('1', 'All steps are fine.'),
      { text: cut, finishReason: 'length' },
      { text: cut, finishReason: 'abort' },
    ] }] }));
    const report = io();
    expect(await main(['verify', 'p.md', '--backend', `scripted:${join(dir, 'mixed.json')}`, '--profile', 'labelled', '--samples', '4'], report)).toBe(0);
    expect(report.out).toMatch(/mean of 2 parsed of 4 samples/);
    expect(report.out).toMatch(/S2 \(line 3\): 1 of 2 verdicts flagged \(2 samples gave no verdict\), not meta-verified, worst: critical/);
    expect(report.out).not.toMatch(/1 of 4|1\/4/);
    const mixed = /^Run (\S+)/m.exec(report.out)?.[1] ?? '';
    expect(mixed).not.toBe('');
    const b = await verify('b.json');
    const text = io();
    expect(await main(['runs', 'compare', mixed, b], text)).toBe(0);
    expect(text.out).toMatch(new RegExp(`^A ${mixed}: .*score 0\\.5 \\(2 of 4 samples gave a verdict\\)$`, 'm'));
    expect(text.out).toMatch(new RegExp(`^B ${b}: .*score 1$`, 'm'));
    expect(text.out).toMatch(/S2\s+50%\s+0%\s+disagree/);
    // Every sample of B gave a verdict: its header and shares read as before.
    const json = io();
    expect(await main(['runs', 'compare', mixed, b, '--json'], json)).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ samplesA: { verdicts: 2, requested: 4 }, samplesB: { verdicts: 2, requested: 2 } });
  });

  it('refuses a run that is not a finished verification', async () => {
    const a = await verify('a.json');
    const cli = io();
    expect(await main(['runs', 'compare', a, 'no-such-run'], cli)).toBe(1);
    expect(cli.err).toContain('no run "no-such-run"');
  });
});
