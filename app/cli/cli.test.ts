// The real `proofwright` binary in a child process, on real files in a temp folder.
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Each test starts the real binary (tsx compiles on the fly); on a busy 2-core machine that takes seconds.
const SLOW = { timeout: 240_000 };

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/proofwright.mjs');
const SAMPLES = join(ROOT, 'resources/samples');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, PROOFWRIGHT_BACKEND: '', ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const ver = (score: string) => `Here is my evaluation of the solution:\n\nRead carefully.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}`;
const gen = (marker: string) => `## Solution\n\nBy ${marker}, the claim holds.\n\n## Self Evaluation\n\n${ver('1')}`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-cli-'));
  for (const f of ['cauchy-equation.md', 'cauchy-equation.problem.md']) await copyFile(join(SAMPLES, f), join(dir, f));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('proofwright CLI', SLOW, () => {
  it('steps --json lists steps with exact ranges', async () => {
    const text = '# Claim\n\nFirst, $a = b$.\n\n$$b = c$$\n\n- then $a = c$.\n';
    await writeFile(join(dir, 'short.md'), text);
    const run = await cli(['steps', 'short.md', '--json'], dir);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.steps.length).toBeGreaterThanOrEqual(3);
    for (const step of out.steps) expect(text.slice(step.range.start, step.range.end)).toBe(step.text);
    expect(out.steps[0]).toMatchObject({ label: 'S1', kind: 'heading' });
  });

  it('verify --json puts the gap on the right step and records the run (problem from the sibling file)', async () => {
    const script = `scripted:${join(SAMPLES, 'scripts/cauchy-equation.labelled.scripted.json')}`;
    const run = await cli(['verify', 'cauchy-equation.md', '--backend', script, '--profile', 'labelled', '--samples', '3', '--meta', '--json'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.score).toBe(0.5);
    expect(out.samples).toHaveLength(3);
    for (const sample of out.samples) {
      expect(sample).toMatchObject({ status: 'parsed', score: 0.5 });
      expect(sample.analysis).toMatch(/continuity/);
      expect(sample.annotations).toEqual([expect.objectContaining({ severity: 'gap', provenance: expect.objectContaining({ verdict: 'confirmed' }) })]);
    }
    const flagged = out.steps.filter((s: { flags: number }) => s.flags > 0);
    expect(flagged).toEqual([expect.objectContaining({ label: 'S8', flags: 3, confirmed: 3 })]);
    expect(flagged[0].range).toMatchObject({ startPos: { line: 22, column: 1 } });
    expect(out.samples[0].annotations[0].stepId).toBe(flagged[0].id);

    const record = (await readFile(join(dir, '.proofwright/runs', `${out.runId}.jsonl`), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(record.map((l) => l.type)).toEqual(['header', 'call', 'call', 'call', 'call', 'call', 'call', 'summary']);
    expect(record[0]).toMatchObject({ kind: 'verify', document: { path: 'cauchy-equation.md' }, profile: 'labelled' });

    const list = await cli(['runs', '--json'], dir);
    expect(JSON.parse(list.stdout)[0]).toMatchObject({ runId: out.runId, kind: 'verify', status: 'completed', score: 0.5, documentPath: 'cauchy-equation.md' });
    const show = await cli(['runs', 'show', out.runId, '--json'], dir);
    expect(JSON.parse(show.stdout)).toMatchObject({ runId: out.runId, status: 'completed', calls: expect.any(Array) });
  });

  it('verify prints a readable report by default', async () => {
    const script = `scripted:${join(SAMPLES, 'scripts/cauchy-equation.deepseek.scripted.json')}`;
    const run = await cli(['verify', 'cauchy-equation.md', '--problem', 'cauchy-equation.problem.md', '--backend', script, '--samples', '2', '--no-record'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/score 0\.5 \(mean of 2 parsed of 2 samples/);
    expect(run.stdout).toMatch(/S8 \(line 22\): 2 of 2 flagged/);
    // Meta-verification was off: the step says so, as the HTML report does, instead of "0 confirmed".
    expect(run.stdout).toMatch(/2 of 2 flagged, not meta-verified/);
    expect(run.stdout).not.toMatch(/0 confirmed/);
    const meta = await cli(['verify', 'cauchy-equation.md', '--backend', `scripted:${join(SAMPLES, 'scripts/cauchy-equation.labelled.scripted.json')}`, '--profile', 'labelled', '--samples', '2', '--meta', '--no-record'], dir);
    expect(meta.code).toBe(0);
    expect(meta.stdout).toMatch(/2 of 2 flagged, 2 confirmed/);
  });

  it('verify says which sample scored below 1 without a defect it could place, in its own words; a sample scored 1 says nothing (rev19 F4)', async () => {
    const said = 'The closing argument is weaker than the rest of the solution.';
    const answer = (score: string) => ver(score).replace('Read carefully.', said);
    await writeFile(join(dir, 'unplaced.json'), JSON.stringify({ rules: [{ role: 'verify', responses: [answer('0.5'), answer('1')] }] }));
    const args = ['verify', 'cauchy-equation.md', '--problem', 'cauchy-equation.problem.md', '--backend', 'scripted:unplaced.json', '--profile', 'deepseek-math-v2', '--concurrency', '1', '--no-record'];
    const run = await cli([...args, '--samples', '2'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/score 0\.75 \(mean of 2 parsed of 2 samples/);
    expect(run.stdout).toContain(`No step was flagged.`);
    expect(run.stdout).toContain(`Findings not tied to a step:\n      - #1 gap: Scored 0.5, no finding placed on a step: “${said}”\n\nSamples:`);
    // Guard: every sample scored 1 (the same words), so nothing is listed at all.
    await writeFile(join(dir, 'unplaced.json'), JSON.stringify({ rules: [{ role: 'verify', responses: [answer('1')] }] }));
    const clean = await cli([...args, '--samples', '2'], dir);
    expect(clean.stdout).toMatch(/score 1 \(mean of 2 parsed of 2 samples/);
    expect(clean.stdout).not.toContain('Findings not tied to a step');
  });

  it('prove --json finds the passing candidate', async () => {
    await writeFile(
      join(dir, 'prove.json'),
      JSON.stringify({
        rules: [
          { role: 'generate', responses: [gen('PROOF-ALPHA')] },
          { role: 'refine', responses: [gen('PROOF-BETA')] },
          { role: 'verify', match: 'PROOF-ALPHA', responses: [ver('0')] },
          { role: 'verify', match: 'PROOF-BETA', responses: [ver('1')] },
        ],
      }),
    );
    const run = await cli(['prove', '--problem', 'Show that the claim holds.', '--candidates', '1', '--samples', '2', '--rounds', '2', '--top-k', '1', '--backend', 'scripted:prove.json', '--json'], dir);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ status: 'passed', rounds: 1, calls: 6 });
    expect(out.best.proof).toContain('PROOF-BETA');
    // The text report names its run record by an absolute path too.
    const text = await cli(['prove', '--problem', 'Show that the claim holds.', '--candidates', '1', '--samples', '2', '--rounds', '2', '--top-k', '1', '--backend', 'scripted:prove.json'], dir);
    expect(text.stdout).toContain('Best candidate c2: it passed: all 2 verifications scored 1; mean 1 over 2 verification(s):');
    const [, runId, path] = /^Run (\S+) \((.+)\)$/m.exec(text.stdout) ?? [];
    expect(path).toBe(join(dir, '.proofwright', 'runs', `${runId}.jsonl`));
  });

  it('prove --dry-run estimates the time at the calls at once the run itself will use', async () => {
    // Calls that take a few ms, so the first run measures this backend; the script runs 3 at once.
    const slowish = (text: string) => ({ text, delayMs: 5 });
    await writeFile(join(dir, 'par.json'), JSON.stringify({ parallel: 3, rules: [{ role: 'generate', responses: [slowish(gen('PROOF-ALPHA'))] }, { role: 'verify', responses: [slowish(ver('0'))] }] }));
    const args = ['prove', '--problem', 'Show that the claim holds.', '--backend', 'scripted:par.json', '--workspace', 'par', '--candidates', '2', '--samples', '2', '--rounds', '0'];
    const real = await cli(args, dir);
    expect(real.code).toBe(0);
    const dry = await cli([...args, '--dry-run'], dir);
    expect(dry.code).toBe(0);
    const [line] = /estimated time: about .* at \d+ call\(s\) at once/.exec(dry.stderr) ?? [''];
    expect(line).toContain('at 3 call(s) at once');
    // The same as the run's own estimate line, now that it has been measured.
    const again = await cli(args, dir);
    expect(again.stderr).toContain('at 3 call(s) at once');
  });

  it('prove report: each mean says how many verifications gave a verdict, and the best says why it is best', async () => {
    // ALPHA: 1, 0.5 (mean 0.75). BETA: a call the server cut off, then 1 — a mean of 1 over one verdict.
    // GAMMA (BETA refined): 0, 0. Nothing passes; BETA has the highest mean, which is no pass.
    await writeFile(
      join(dir, 'means.json'),
      JSON.stringify({
        parallel: 1,
        rules: [
          { role: 'generate', responses: [gen('PROOF-ALPHA'), gen('PROOF-BETA')] },
          { role: 'refine', responses: [gen('PROOF-GAMMA')] },
          { role: 'verify', match: 'PROOF-ALPHA', responses: [ver('1'), ver('0.5')] },
          { role: 'verify', match: 'PROOF-BETA', responses: [{ text: ver('1'), finishReason: 'length' }, ver('1')] },
          { role: 'verify', match: 'PROOF-GAMMA', responses: [ver('0')] },
        ],
      }),
    );
    const args = ['prove', '--problem', 'Show that the claim holds.', '--candidates', '2', '--samples', '2', '--rounds', '1', '--top-k', '1', '--concurrency', '1', '--backend', 'scripted:means.json', '--no-record'];
    const text = await cli(args, dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('prove: exhausted after 1 refinement round(s), 9 model calls, 3 candidate(s)');
    expect(text.stdout).toContain('c1 (round 0): mean 0.75 over 2 verification(s), self 1');
    expect(text.stdout).toContain('c2 (round 0): mean 1 over 1 of 2 verifications (1 without a verdict), self 1');
    expect(text.stdout).toContain('c3 (round 1 from c2): mean 0 over 2 verification(s), self 1');
    expect(text.stdout).toContain('Best candidate c2: the highest mean, not a pass; mean 1 over 1 of 2 verifications (1 without a verdict):');
    const json = JSON.parse((await cli([...args, '--json'], dir)).stdout);
    expect(json).toMatchObject({ status: 'exhausted', calls: 9, best: { id: 'c2', meanScore: 1 } });
    expect(json.best.verifications.map((s: { status: string }) => s.status)).toEqual(['unparsed', 'parsed']);
  });

  it('prove with equal generations: one candidate, verified once, said as ×N in the report and as duplicates in the JSON and the record', async () => {
    // Three of four generations are ALPHA (one with CRLF and a trailing space), one is BETA.
    const alpha = gen('PROOF-ALPHA');
    await writeFile(
      join(dir, 'repeats.json'),
      JSON.stringify({
        parallel: 1,
        rules: [
          { role: 'generate', responses: [alpha, alpha.replace(/\n/g, '\r\n').replace('holds.', 'holds. '), gen('PROOF-BETA'), alpha] },
          { role: 'verify', match: 'PROOF-ALPHA', responses: [ver('1'), ver('0.5')] },
          { role: 'verify', match: 'PROOF-BETA', responses: [ver('0')] },
        ],
      }),
    );
    const args = ['prove', '--problem', 'Show that the claim holds.', '--candidates', '4', '--samples', '2', '--rounds', '0', '--concurrency', '1', '--backend', 'scripted:repeats.json'];
    const text = await cli([...args, '--workspace', 'repeats-text'], dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('prove: exhausted after 0 refinement round(s), 8 model calls, 2 candidate(s), 2 repeated proofs (verified once)');
    expect(text.stdout).toContain('c1 (round 0): mean 0.75 over 2 verification(s), self 1; ×3: 3 samples gave this proof (c2, c4 repeated it), verified once');
    expect(text.stdout).toMatch(/\n {2}c3 \(round 0\): mean 0 over 2 verification\(s\), self 1\n/);
    expect(text.stdout).toContain('Best candidate c1 ×3: the highest mean, not a pass;');
    const json = JSON.parse((await cli([...args, '--workspace', 'repeats-json', '--json'], dir)).stdout);
    expect(json).toMatchObject({ calls: 8, best: { id: 'c1', duplicates: 2, duplicateIds: ['c2', 'c4'] } });
    expect(json.candidates.map((c: { id: string; duplicates?: number }) => [c.id, c.duplicates])).toEqual([['c1', 2], ['c3', undefined]]);
    // The record: four generations, and two verifications of each of the two proofs.
    const shown = JSON.parse((await cli(['runs', 'show', json.runId, '--workspace', 'repeats-json', '--json'], dir)).stdout);
    expect(shown.calls.map((c: { role: string; candidateId: string }) => `${c.role} ${c.candidateId}`)).toEqual([
      'generate c1', 'generate c2', 'generate c3', 'generate c4', 'verify c1', 'verify c1', 'verify c3', 'verify c3',
    ]);
  });

  it('prove on hostile answers: a mean over 1 verdict of 4 is too few to rank, and a refinement that repeats its parent is no candidate, in the report and `runs`', async () => {
    // ALPHA: an empty answer, one with no \\boxed{} score, a 300 kB one cut off at the token limit, then a 1.
    // BETA: 1, 1, 1, ½ (mean 0.875 over all four). Refining BETA gives BETA back (CRLF, trailing space).
    const huge = `${'The step is checked again. '.repeat(12_000)}\\boxed{1}`;
    const beta = gen('PROOF-BETA');
    await writeFile(
      join(dir, 'hostile.json'),
      JSON.stringify({
        parallel: 1,
        rules: [
          { role: 'generate', responses: [gen('PROOF-ALPHA'), beta] },
          { role: 'refine', responses: [beta.replace(/\n/g, '\r\n') + '  \r\n'] },
          { role: 'verify', match: 'PROOF-ALPHA', responses: ['', 'Looks right to me.', { text: huge, finishReason: 'length' }, ver('1')] },
          { role: 'verify', match: 'PROOF-BETA', responses: [ver('1'), ver('1'), ver('1'), ver('0.5')] },
        ],
      }),
    );
    const args = ['prove', '--problem', 'Show that the claim holds.', '--candidates', '2', '--samples', '4', '--rounds', '1', '--top-k', '1', '--concurrency', '1', '--backend', 'scripted:hostile.json', '--workspace', 'hostile'];
    const text = await cli(args, dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('prove: exhausted after 1 refinement round(s), 11 model calls, 2 candidate(s), 1 repeated proof (verified once, 1 of them unchanged refinement)');
    expect(text.stdout).toContain('c1 (round 0): mean 1 over 1 of 4 verdicts: too few to rank, self 1');
    expect(text.stdout).toContain('c2 (round 0): mean 0.875 over 4 verification(s), self 1; ×2: 2 samples gave this proof (c3 repeated it), verified once');
    expect(text.stdout).toContain('c3 (round 1 from c2): unchanged refinement (the text of c2, counted in its ×2), not verified');
    expect(text.stdout).toContain('Best candidate c2 ×2: the highest mean, not a pass; mean 0.875 over 4 verification(s):');
    // The rule is stated where a candidate was left unranked.
    expect(text.stdout).toMatch(/ranked by mean score only with at least half of its verifications giving a verdict/);
    const json = JSON.parse((await cli([...args, '--json'], dir)).stdout);
    expect(json).toMatchObject({ status: 'exhausted', calls: 11, best: { id: 'c2' }, unchanged: [{ id: 'c3', parentId: 'c2', sameAs: 'c2' }] });
    expect(json.candidates.map((c: { id: string }) => c.id)).toEqual(['c1', 'c2']);
    const listed = (await cli(['runs', '--workspace', 'hostile'], dir)).stdout;
    expect(listed).toContain('best mean 0.875, not a pass');

    // Only ALPHA: its 1 verdict of 4 is all there is; the report and `runs` say it is too few to rank.
    await writeFile(join(dir, 'alone.json'), JSON.stringify({ parallel: 1, rules: [{ role: 'generate', responses: [gen('PROOF-ALPHA')] }, { role: 'verify', responses: ['', '', '', ver('1')] }] }));
    const alone = await cli(['prove', '--problem', 'Show that the claim holds.', '--candidates', '1', '--samples', '4', '--rounds', '0', '--concurrency', '1', '--backend', 'scripted:alone.json', '--workspace', 'alone'], dir);
    expect(alone.stdout).toContain('Best candidate c1: no candidate has enough verdicts to be ranked; mean 1 over 1 of 4 verdicts: too few to rank:');
    const row = (await cli(['runs', '--workspace', 'alone'], dir)).stdout;
    expect(row).toContain('best mean 1 over 1 of 4 verdicts: too few to rank');
    expect(row).not.toContain('best mean 1,');
  });

  it('Ctrl-C cancels a run: exit 130, finished calls kept in the record', async () => {
    await writeFile(
      join(dir, 'slow.json'),
      JSON.stringify({ chunkChars: 4, rules: [{ role: 'verify', responses: [ver('1'), { text: ver('1'), chunkDelayMs: 30_000 }] }] }),
    );
    const child = spawn(process.execPath, [BIN, 'verify', 'cauchy-equation.md', '--backend', 'scripted:slow.json', '--samples', '2', '--concurrency', '1', '--progress', '--json'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.on('data', (d) => (stdout += d));
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        // The progress line says the first call is done and the second is streaming.
        if (!interrupted && stderr.includes('verify: 1/2 calls')) interrupted = child.kill('SIGINT');
      });
      child.on('close', (c) => resolve(c));
    });
    expect(code).toBe(130);
    expect(stderr).toMatch(/proofwright: error: cancelled; the finished calls are kept in the run record \(continue with: verify --resume \S+\)\n$/);
    const out = JSON.parse(stdout);
    expect(out.samples.map((s: { status: string }) => s.status)).toEqual(['parsed', 'cancelled']);
    const show = await cli(['runs', 'show', out.runId, '--json'], dir);
    const record = JSON.parse(show.stdout);
    expect(record.status).toBe('cancelled');
    expect(record.calls.map((c: { status: string }) => c.status)).toEqual(['parsed', 'cancelled']);
  });

  it('verify and prove exit 3 (documented) when no sample gave a verdict, and say why', async () => {
    await writeFile(
      join(dir, 'cut.json'),
      JSON.stringify({
        rules: [
          { role: 'generate', responses: [gen('PROOF-ALPHA')] },
          { role: 'verify', responses: [{ text: ver('1'), finishReason: 'length' }] },
        ],
      }),
    );
    const verify = await cli(['verify', 'cauchy-equation.md', '--backend', 'scripted:cut.json', '--samples', '2', '--no-record'], dir);
    expect(verify.code).toBe(3);
    expect(verify.stdout).toMatch(/score none \(mean of 0 parsed of 2 samples/);
    expect(verify.stdout).toMatch(/#1 unparsed \(cut off at the token limit/);
    expect(verify.stderr).toBe('proofwright: error: no verdict: none of the 2 samples gave one (2 × cut off at the token limit (raise Max tokens, or --max-tokens on the command line))\n');
    const prove = await cli(['prove', '--problem', 'Show that the claim holds.', '--candidates', '1', '--samples', '2', '--rounds', '0', '--backend', 'scripted:cut.json', '--no-record'], dir);
    expect(prove.code).toBe(3);
    // The call bound and estimate come first, then the error line.
    expect(prove.stderr).toMatch(/^prove: at most 3 model calls/m);
    expect(prove.stderr).toMatch(/^proofwright: error: no verdict: none of the 2 verifications gave one \(2 × cut off at the token limit/m);
  });

  it('fails with one clear line and a non-zero exit for bad input', async () => {
    const cases: [string[], number, RegExp][] = [
      [['verify', 'missing.md', '--problem', 'x', '--backend', 'scripted:prove.json'], 1, /^proofwright: error: proof file not found: missing\.md\n$/],
      [['verify', 'cauchy-equation.md', '--samples', '0'], 2, /^proofwright: error: option '--samples <m>' argument '0' is invalid\. --samples must be a positive integer\.\n$/],
      [['verify', 'cauchy-equation.md', '--backend', 'gpt:4'], 1, /^proofwright: error: unknown backend "gpt:4": expected one of scripted:PATH\.json, local:PATH\.gguf, local:NAME, openai:URL#MODEL\n$/],
      [['verify', 'cauchy-equation.md'], 1, /^proofwright: error: no model backend: pass --backend SPEC/],
      [['verify', 'cauchy-equation.md', '--backend', 'scripted:none.json'], 1, /^proofwright: error: cannot read script .*none\.json: ENOENT\n$/],
      [['prove', '--backend', 'scripted:prove.json'], 2, /^proofwright: error: required option '--problem <file\|text>' not specified \(or pass --resume RUN_ID\)\n$/],
      [['verify', '--backend', 'scripted:prove.json'], 2, /^proofwright: error: missing required argument 'files' \(or pass --resume RUN_ID\)\n$/],
      [['frobnicate'], 2, /^proofwright: error: unknown command 'frobnicate'\n$/],
      [['runs', 'show', 'nope'], 1, /^proofwright: error: no run "nope" in this workspace\n$/],
    ];
    for (const [args, code, message] of cases) {
      const run = await cli(args, dir);
      expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code, stderr: expect.stringMatching(message) });
      expect(run.stdout).toBe('');
    }
  });

  it('runs when its module is started directly (npx tsx app/cli/main.ts), not only through bin/', async () => {
    const direct = (args: string[]) => new Promise<Run>((resolve) => {
      execFile(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'app/cli/main.ts'), ...args], { cwd: dir, env: { ...process.env, PROOFWRIGHT_BACKEND: '' }, timeout: 60_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      });
    });
    const help = await direct(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: proofwright \[options\] \[command\]/);
    expect(help.stdout).toContain('verify');
    // A command runs, and its exit code is the process's.
    const bad = await direct(['frobnicate']);
    expect(bad).toEqual({ code: 2, stdout: '', stderr: "proofwright: error: unknown command 'frobnicate'\n" });
  });

  it('verify takes a shipped script by name (scripted:sample:NAME), as serve mode and the app do', async () => {
    const run = await cli(['verify', 'cauchy-equation.md', '--backend', 'scripted:sample:samples.deepseek.scripted.json', '--samples', '1', '--json', '--no-record'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    // The shipped verification of this sample (resources/samples/outputs/cauchy-equation.deepseek.verify.txt).
    expect(out).toMatchObject({ model: 'scripted/samples-deepseek', score: 0.5 });
    expect(out.samples[0].analysis).toContain('it determines $f$ on the integers');
    // An unknown name lists the shipped ones.
    const unknown = await cli(['verify', 'cauchy-equation.md', '--backend', 'scripted:sample:nope.json'], dir);
    expect(unknown).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(/^proofwright: error: no shipped script "nope\.json" \(shipped: .*samples\.deepseek\.scripted\.json.*\)\n$/) });
  });

  it('the report names the run record by a path that leads to it wherever the report is read', async () => {
    const script = `scripted:${join(SAMPLES, 'scripts/cauchy-equation.deepseek.scripted.json')}`;
    const run = await cli(['verify', 'cauchy-equation.md', '--problem', 'cauchy-equation.problem.md', '--backend', script, '--samples', '1'], dir);
    expect(run.code).toBe(0);
    const [, runId, path] = /^Run (\S+) \((.+)\)$/m.exec(run.stdout) ?? [];
    expect(path).toBe(join(dir, '.proofwright', 'runs', `${runId}.jsonl`));
    // Saved as a report in another folder and read there, the path still finds the record.
    const elsewhere = await mkdtemp(join(tmpdir(), 'pw-report-'));
    try {
      await writeFile(join(elsewhere, 'report.txt'), run.stdout);
      const record = await readFile(resolve(elsewhere, path), 'utf8');
      expect(JSON.parse(record.split('\n')[0])).toMatchObject({ type: 'header', runId });
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});
