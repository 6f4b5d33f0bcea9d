// `prove --resume` and `verify --resume` on the real binary: a run killed (SIGKILL) in the middle is
// continued from its record to the result an uninterrupted run gets, and no finished call is repeated.
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutRunId } from '../loop/testing/loop-fixture';

const SLOW = { timeout: 240_000 };
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/proofwright.mjs');

/** Runs the CLI; `node` adds flags for Node itself (`--import` a module that stands in for machine load). */
function cli(args: string[], cwd: string, node: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...node, BIN, ...args], { cwd, env: { ...process.env, PROOFWRIGHT_BACKEND: '' }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

interface CallLine {
  type: string;
  role: string;
  candidateId?: string;
  round?: number;
  sample?: number;
  status: string;
}

async function callLines(path: string): Promise<CallLine[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l.endsWith('}'))
    .map((l) => JSON.parse(l) as CallLine)
    .filter((r) => r.type === 'call');
}

/** Start the CLI and SIGKILL it as soon as `when` holds for the call lines of its (only) run record. */
async function killWhen(args: string[], cwd: string, runsDir: string, when: (calls: CallLine[]) => boolean): Promise<string> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: 'ignore', env: { ...process.env, PROOFWRIGHT_BACKEND: '' } });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let runFile = '';
  for (;;) {
    if (child.exitCode !== null) throw new Error('the run finished before it could be killed');
    const names = await readdir(runsDir).catch(() => [] as string[]);
    runFile = names.find((n) => n.endsWith('.jsonl')) ?? '';
    if (runFile && when(await callLines(join(runsDir, runFile)))) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill('SIGKILL');
  await exited;
  return runFile.replace(/\.jsonl$/, '');
}

const ver = (score: string) => `Here is my evaluation of the solution:\n\nRead carefully.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}`;
const gen = (marker: string, self = '1') => `## Solution\n\nBy ${marker}, the claim holds.\n\n## Self Evaluation\n\n${ver(self)}`;
const slow = (text: string) => ({ text, delayMs: 150 });

/**
 * ALPHA → BETA → GAMMA → DELTA; only DELTA passes, in round 3. Answers depend on the prompt only, but
 * for the two generations (ALPHA, then ALEPH: equal ones would be one candidate), which every stop
 * below comes after.
 */
const chain = {
  parallel: 1,
  rules: [
    { role: 'generate', responses: [slow(gen('PROOF-ALPHA', '0.5')), slow(gen('PROOF-ALEPH', '0.5'))] },
    { role: 'refine', match: 'PROOF-GAMMA', responses: [slow(gen('PROOF-DELTA'))] },
    { role: 'refine', match: 'PROOF-BETA', responses: [slow(gen('PROOF-GAMMA'))] },
    { role: 'refine', match: 'PROOF-ALPHA', responses: [slow(gen('PROOF-BETA'))] },
    { role: 'verify', match: 'PROOF-DELTA', responses: [slow(ver('1'))] },
    { role: 'verify', match: 'PROOF-GAMMA', responses: [slow(ver('0.5'))] },
    { role: 'verify', responses: [slow(ver('0'))] },
  ],
};
// Round 0: 2 generations + 2·2 verifications; rounds 1–3: 1 refinement + 2 verifications each.
const TOTAL_CALLS = 6 + 3 * 3;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-resume-'));
  await writeFile(join(dir, 'chain.json'), JSON.stringify(chain));
  await writeFile(join(dir, 'widget.problem.md'), 'Show that every widget is a gadget.\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const key = (c: CallLine) => JSON.stringify([c.role, c.candidateId, c.round, c.sample]);
/** The JSON result a run printed, its run id blanked (a resumed run and the uninterrupted one are two runs). */
const resultWithoutRunId = (json: string) => withoutRunId(JSON.parse(json));

describe('prove --resume', () => {
  it('continues a run killed in the middle of round 2 to the uninterrupted result, repeating no finished call', SLOW, async () => {
    const args = ['prove', '--problem', 'widget.problem.md', '--backend', 'scripted:chain.json', '--candidates', '2', '--samples', '2', '--rounds', '4', '--top-k', '1', '--concurrency', '1'];
    const reference = await cli([...args, '--json', '--workspace', 'ref'], dir);
    expect(reference.code).toBe(0);
    expect(JSON.parse(reference.stdout)).toMatchObject({ status: 'passed', rounds: 3, calls: TOTAL_CALLS });

    const runsDir = join(dir, 'killed', '.proofwright', 'runs');
    // Killed once round 2's refinement is recorded and before its verifications are.
    const runId = await killWhen([...args, '--workspace', 'killed'], dir, runsDir, (calls) => calls.some((c) => c.round === 2));
    const before = await callLines(join(runsDir, `${runId}.jsonl`));
    expect(before.some((c) => c.round === 2)).toBe(true);
    expect(before.length).toBeLessThan(TOTAL_CALLS);
    const listing = await cli(['runs', '--workspace', 'killed', '--json'], dir);
    expect(JSON.parse(listing.stdout)[0]).toMatchObject({ runId, status: 'interrupted', documentPath: 'widget.problem.md' });

    const resumed = await cli(['prove', '--resume', runId, '--workspace', 'killed', '--json'], dir);
    expect(resumed.stderr).toContain(`resuming ${runId}: ${before.length} finished call(s)`);
    expect(resumed.code).toBe(0);
    expect(resultWithoutRunId(resumed.stdout)).toEqual(resultWithoutRunId(reference.stdout));

    const after = await callLines(join(runsDir, `${runId}.jsonl`));
    // Every call of the search is in the record exactly once: the finished ones were not asked again.
    expect(after).toHaveLength(TOTAL_CALLS);
    expect(new Set(after.map(key)).size).toBe(TOTAL_CALLS);
    expect(after.slice(0, before.length)).toEqual(before);
    const shown = JSON.parse((await cli(['runs', 'show', runId, '--workspace', 'killed', '--json'], dir)).stdout);
    expect(shown.status).toBe('completed');
  });

  it('--dry-run with --resume only prints the estimate (no call, record untouched); changed settings are refused, not ignored', SLOW, async () => {
    const args = ['prove', '--problem', 'widget.problem.md', '--backend', 'scripted:chain.json', '--candidates', '2', '--samples', '2', '--rounds', '4', '--top-k', '1', '--concurrency', '1', '--early-stop'];
    const runsDir = join(dir, 'dry', '.proofwright', 'runs');
    const runId = await killWhen([...args, '--workspace', 'dry'], dir, runsDir, (calls) => calls.length >= 4);
    const path = join(runsDir, `${runId}.jsonl`);
    const before = await readFile(path, 'utf8');
    const finished = (await callLines(path)).filter((c) => c.status === 'parsed' || c.status === 'unparsed').length;

    const dry = await cli(['prove', '--resume', runId, '--workspace', 'dry', '--dry-run'], dir);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe('');
    expect(dry.stderr).toContain(`resuming ${runId} would re-use ${finished} finished call(s)`);
    // The recorded search (and its early-stopping rule), not the command line's defaults.
    expect(dry.stderr).toContain('n=2 candidates, m=2 verifications, top k=1, T=4 rounds');
    expect(dry.stderr).toContain(`at most ${TOTAL_CALLS + 3} model calls (6 proofs + 12 verifications), fewer with early stopping`);
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(JSON.parse((await cli(['runs', '--workspace', 'dry', '--json'], dir)).stdout)[0]).toMatchObject({ runId, status: 'interrupted' });

    const changed = await cli(['prove', '--resume', runId, '--workspace', 'dry', '--samples', '4', '--seed', '9'], dir);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/--samples, --seed cannot be changed on --resume/);
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('after SIGINT and --resume, the result, the report, the record summary and `runs` give the same call count', SLOW, async () => {
    const args = ['prove', '--problem', 'widget.problem.md', '--backend', 'scripted:chain.json', '--candidates', '2', '--samples', '2', '--rounds', '4', '--top-k', '1', '--concurrency', '1'];
    const runsDir = join(dir, 'int', '.proofwright', 'runs');
    // The chain, but the second verification answers slowly: SIGINT while it streams, so it is
    // recorded as cancelled and the resume issues it again (answers depend on the prompt only).
    const longSecond = { ...chain, rules: chain.rules.map((r, i) => (i === chain.rules.length - 1 ? { ...r, responses: [r.responses[0], { ...r.responses[0], delayMs: 3000 }, r.responses[0]] } : r)) };
    await writeFile(join(dir, 'long-second.json'), JSON.stringify(longSecond));
    const run = args.map((a) => (a === 'scripted:chain.json' ? 'scripted:long-second.json' : a));
    const child = spawn(process.execPath, [BIN, ...run, '--workspace', 'int'], { cwd: dir, stdio: 'ignore', env: { ...process.env, PROOFWRIGHT_BACKEND: '' } });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let runFile = '';
    while (!runFile || (await callLines(join(runsDir, runFile))).length < 3) {
      if (child.exitCode !== null) throw new Error('the run finished before it could be interrupted');
      runFile = (await readdir(runsDir).catch(() => [] as string[])).find((n) => n.endsWith('.jsonl')) ?? '';
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const runId = runFile.replace(/\.jsonl$/, '');
    const before = await callLines(join(runsDir, runFile));
    expect(before.filter((c) => c.status === 'cancelled')).toHaveLength(1);

    const resumed = await cli(['prove', '--resume', runId, '--workspace', 'int', '--json'], dir);
    expect(resumed.code).toBe(0);
    const result = JSON.parse(resumed.stdout);
    // The search made the uninterrupted run's calls; the cancelled attempt and its re-issue are one call.
    expect(result).toMatchObject({ status: 'passed', calls: TOTAL_CALLS });
    expect(await callLines(join(runsDir, runFile))).toHaveLength(TOTAL_CALLS + 1);
    const listed = JSON.parse((await cli(['runs', '--workspace', 'int', '--json'], dir)).stdout)[0];
    expect(listed).toMatchObject({ runId, status: 'completed', calls: TOTAL_CALLS, reissuedCalls: 1, proveStatus: 'passed' });
    const text = (await cli(['runs', '--workspace', 'int'], dir)).stdout;
    expect(text).toMatch(new RegExp(`passed, best mean 1 +${TOTAL_CALLS} calls, 1 issued again`));
    const shown = await cli(['runs', 'show', runId, '--workspace', 'int'], dir);
    expect(shown.stdout).toContain(`summary: completed, passed, best mean 1, ${TOTAL_CALLS} calls (1 of them issued again after a cancelled or failed attempt)`);
    expect(JSON.parse((await cli(['runs', 'show', runId, '--workspace', 'int', '--json'], dir)).stdout).summary.calls).toBe(TOTAL_CALLS);
    // The text report of the same search (another resume is refused, so run it uninterrupted).
    const report = await cli([...args, '--workspace', 'int-report'], dir);
    expect(report.stdout).toContain(`prove: passed after 3 refinement round(s), ${TOTAL_CALLS} model calls`);
  });

  it('goes on with the prompt templates the record keeps, not the ones loaded now, and says so', SLOW, async () => {
    // The run starts with a verify template of the user's (--templates), under which every verdict is
    // 0; it is resumed without it. Before: the resume asked with the default template (another
    // prompt): the finished verifications were asked again and the search passed on the default's 1s.
    await mkdir(join(dir, 'strict', 'labelled'), { recursive: true });
    const body = await readFile(join(ROOT, 'resources', 'prompts', 'labelled', 'verify.md'), 'utf8');
    await writeFile(join(dir, 'strict', 'labelled', 'verify.md'), `${body}\n\nBe strict about every step.\n`);
    await writeFile(join(dir, 'strict-chain.json'), JSON.stringify({ ...chain, rules: [{ role: 'verify', match: 'Be strict about every step.', responses: [slow(ver('0'))] }, ...chain.rules] }));
    const args = ['prove', '--problem', 'widget.problem.md', '--backend', 'scripted:strict-chain.json', '--candidates', '2', '--samples', '2', '--rounds', '2', '--top-k', '1', '--concurrency', '1'];
    const reference = await cli([...args, '--templates', 'strict', '--json', '--workspace', 'tpl-ref'], dir);
    expect(JSON.parse(reference.stdout)).toMatchObject({ status: 'exhausted' });
    const runsDir = join(dir, 'tpl', '.proofwright', 'runs');
    const runId = await killWhen([...args, '--templates', 'strict', '--workspace', 'tpl'], dir, runsDir, (calls) => calls.some((c) => c.round === 1));
    const before = await callLines(join(runsDir, `${runId}.jsonl`));

    const resumed = await cli(['prove', '--resume', runId, '--workspace', 'tpl', '--json'], dir);
    expect(resumed.stderr).toContain(`prove: ${runId} resumed with the prompt templates the run was started with (labelled/verify differs from the one loaded now, which this run does not use)`);
    expect(resumed.stderr).toContain(`resuming ${runId}: ${before.length} finished call(s)`);
    expect(resultWithoutRunId(resumed.stdout)).toEqual(resultWithoutRunId(reference.stdout));
    // No finished call was asked again.
    const after = await callLines(join(runsDir, `${runId}.jsonl`));
    expect(after.slice(0, before.length)).toEqual(before);
    expect(new Set(after.map(key)).size).toBe(after.length);
  });

  it('`runs` says a prove run whose best mean is 1 did not pass, as the prove report does', SLOW, async () => {
    // One verification scores 1, the other is cut off: mean 1 over 1 of 2 verdicts, which is not a pass.
    await writeFile(
      join(dir, 'half.json'),
      JSON.stringify({ rules: [{ role: 'generate', responses: [gen('PROOF-ALPHA')] }, { role: 'verify', responses: [ver('1'), { text: ver('1'), finishReason: 'length' }] }] }),
    );
    const prove = await cli(['prove', '--problem', 'widget.problem.md', '--backend', 'scripted:half.json', '--candidates', '1', '--samples', '2', '--rounds', '0', '--workspace', 'half'], dir);
    expect(prove.stdout).toMatch(/^prove: exhausted/);
    expect(prove.stdout).toContain('the highest mean, not a pass; mean 1 over 1 of 2 verifications');
    const listed = JSON.parse((await cli(['runs', '--workspace', 'half', '--json'], dir)).stdout)[0];
    expect(listed).toMatchObject({ status: 'completed', score: 1, proveStatus: 'exhausted' });
    const text = (await cli(['runs', '--workspace', 'half'], dir)).stdout;
    expect(text).toContain('best mean 1, not a pass');
    expect(text).not.toMatch(/score 1\b/);
    const shown = await cli(['runs', 'show', listed.runId, '--workspace', 'half'], dir);
    expect(shown.stdout).toContain('summary: completed, best mean 1, not a pass, 3 calls');
  });

  it('refuses a completed run and an unknown one with a clear message', SLOW, async () => {
    const runs = JSON.parse((await cli(['runs', '--workspace', 'ref', '--json'], dir)).stdout);
    const done = await cli(['prove', '--resume', runs[0].runId, '--workspace', 'ref'], dir);
    expect(done.code).toBe(1);
    expect(done.stderr).toMatch(/already completed; nothing to resume/);
    const missing = await cli(['prove', '--resume', 'nope', '--workspace', 'ref', '--backend', 'scripted:chain.json'], dir);
    expect(missing.stderr).toMatch(/no run "nope"/);
  });
});

describe('verify --resume', () => {
  it('continues a killed 8-sample verification without asking the finished samples again', SLOW, async () => {
    await writeFile(join(dir, 'widget.md'), '## Proof\n\nBy PROOF-ALPHA, the claim holds.\n');
    await writeFile(join(dir, 'scores.json'), JSON.stringify({ parallel: 1, rules: [{ role: 'verify', responses: [slow(ver('0.5'))] }] }));
    const args = ['verify', 'widget.md', '--backend', 'scripted:scores.json', '--samples', '8', '--concurrency', '1', '--workspace', 'v'];
    const runsDir = join(dir, 'v', '.proofwright', 'runs');
    const runId = await killWhen(args, dir, runsDir, (calls) => calls.length >= 3);
    const before = await callLines(join(runsDir, `${runId}.jsonl`));
    const changed = await cli(['verify', '--resume', runId, '--workspace', 'v', '--samples', '4', '--meta'], dir);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/--samples, --meta cannot be changed on --resume/);
    const resumed = await cli(['verify', '--resume', runId, '--workspace', 'v', '--json'], dir);
    expect(resumed.code).toBe(0);
    const result = JSON.parse(resumed.stdout);
    expect(result).toMatchObject({ runId, score: 0.5, parsedSamples: 8 });
    expect(result.samples.map((s: { index: number }) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const after = await callLines(join(runsDir, `${runId}.jsonl`));
    expect(after).toHaveLength(8);
    expect(after.slice(0, before.length)).toEqual(before);
  });

  it('asks none of the finished samples again when the resume runs on a loaded machine (the checker evidence in the prompt stays the same)', SLOW, async () => {
    // rev19 F3: the symbolic pass had a wall-clock budget, so under load the evidence said "holds
    // numerically at 1 point" where the first run said "verified symbolically": another prompt hash,
    // and every finished sample was asked again.
    await writeFile(join(dir, 'base.md'), '## Proof\n\nBy PROOF-ALPHA, the claim holds: for $n = 1$, $\\frac{1 \\cdot 2 \\cdot 3}{6} = 1$.\n');
    await writeFile(join(dir, 'base.problem.md'), 'Show that every widget is a gadget.\n');
    await writeFile(join(dir, 'evidence.json'), JSON.stringify({ parallel: 1, rules: [{ role: 'verify', match: 'verified symbolically', responses: [slow(ver('1'))] }, { role: 'verify', responses: [slow(ver('0'))] }] }));
    // Every reading of the clock finds 5 s gone since the last one.
    const loaded = join(dir, 'loaded-clock.mjs');
    await writeFile(loaded, 'const real = performance.now.bind(performance);\nlet lag = 0;\nperformance.now = () => real() + (lag += 5000);\n');
    const args = ['verify', 'base.md', '--backend', 'scripted:evidence.json', '--samples', '4', '--concurrency', '1', '--workspace', 'load'];
    const runsDir = join(dir, 'load', '.proofwright', 'runs');
    const runId = await killWhen(args, dir, runsDir, (calls) => calls.length >= 2);
    const before = await callLines(join(runsDir, `${runId}.jsonl`));
    const resumed = await cli(['verify', '--resume', runId, '--workspace', 'load', '--json'], dir, ['--import', pathToFileURL(loaded).href]);
    expect(resumed.code).toBe(0);
    const after = await callLines(join(runsDir, `${runId}.jsonl`));
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toHaveLength(4);
    // The same evidence as the first run's: every sample saw "verified symbolically".
    expect(JSON.parse(resumed.stdout)).toMatchObject({ runId, score: 1, parsedSamples: 4 });
  });
});

describe('prove --preset and the estimate', () => {
  it('prints the call bound of the preset, overridden by explicit flags, and a time once the backend has been measured', SLOW, async () => {
    const fresh = await cli(['prove', '--problem', 'widget.problem.md', '--preset', 'released', '--dry-run', '--backend', 'scripted:chain.json', '--workspace', 'empty'], dir);
    expect(fresh.code).toBe(0);
    expect(fresh.stderr).toContain('prove: preset released: n=128 candidates, m=64 verifications, top k=32, T=16 rounds');
    expect(fresh.stderr).toContain('at most 41600 model calls (640 proofs + 40960 verifications); estimated time: unknown');
    // `ref` holds the reference run of the test above: the same backend, so its calls were measured.
    const measured = await cli(['prove', '--problem', 'widget.problem.md', '--preset', 'paper', '--rounds', '1', '--dry-run', '--backend', 'scripted:chain.json', '--workspace', 'ref'], dir);
    expect(measured.stderr).toContain('n=64 candidates, m=64 verifications, top k=64, T=1 rounds');
    expect(measured.stderr).toContain(`at most ${(64 + 64) * 65} model calls`);
    expect(measured.stderr).toMatch(/estimated time: about \d+ (s|min|h)\b.* at 1 call\(s\) at once \(measured over 15 earlier calls/);
    const bad = await cli(['prove', '--problem', 'x', '--preset', 'huge'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are quick, paper, released, custom/);
  });
});
