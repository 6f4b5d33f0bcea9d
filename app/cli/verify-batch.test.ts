// `proofwright verify DIR --report … --json FILE` in-process on real files with the scripted verifier.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureIO } from './testing/capture-io';
import { main } from './main';
import { EXIT_NO_VERDICT } from './verdicts';
import { batchStatus } from './verify-batch';
import { parseProof } from '../proof';
import { startServer } from '../models/openai/testServer';
import { figure, figureData, findAll, labelOf, parseHtml, shapes, textOf } from '../report/testing/chart-reader';

const ver = (score: string, note: string) =>
  `Here is my evaluation of the solution:\n\n${note}\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-batch-cli-'));
  await mkdir(join(dir, 'set', 'week2'), { recursive: true });
  const proofs: Record<string, string> = {
    'set/alice.md': 'Since $n^2 - n = n(n-1)$, ALICE-MARK it is a product of consecutive integers.\n\nHence it is even.',
    'set/bob.md': 'BOB-MARK: clearly $n^2-n$ is even.',
    'set/week2/carol.md': 'CAROL-MARK. If $n$ is even, done; if odd, $n-1$ is even.',
  };
  for (const [path, text] of Object.entries(proofs)) {
    await writeFile(join(dir, path), text);
    await writeFile(join(dir, path.replace(/\.md$/, '.problem.md')), 'Show that $n^2 - n$ is even for every integer $n$.');
  }
  await writeFile(join(dir, 'set', 'README.md'), 'Not a proof.');
  const rules = [
    { role: 'verify', match: 'ALICE-MARK', responses: [ver('1', 'Complete.')] },
    { role: 'verify', match: 'BOB-MARK', responses: [ver('0', 'The claim "clearly $n^2-n$ is even" is asserted <b>without</b> proof.')] },
    { role: 'verify', match: 'CAROL-MARK', responses: [ver('0.5', 'Both cases are right but the conclusion is left implicit.')] },
  ];
  await writeFile(join(dir, 'script.json'), JSON.stringify({ rules }));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const io = () => captureIO(dir);

describe('proofwright verify on a folder', () => {
  it('the same statement given with --problem (a file ending in a newline, as editors save it) reads back the runs made with the sibling problem files', async () => {
    const first = io();
    expect(await main(['verify', 'set', '--backend', 'scripted:script.json', '--samples', '1', '--json'], first)).toBe(0);
    expect(JSON.parse(first.out).summary.reused).toBe(0);
    await writeFile(join(dir, 'problem.md'), 'Show that $n^2 - n$ is even for every integer $n$.\n');
    const shared = io();
    expect(await main(['verify', 'set', '--problem', 'problem.md', '--backend', 'scripted:script.json', '--samples', '1', '--json'], shared)).toBe(0);
    expect(JSON.parse(shared.out).summary).toMatchObject({ proofs: 3, reused: 3 });
  });

  it('verifies every proof, writes the HTML report and the JSON, and resumes from the records', async () => {
    const args = ['verify', 'set', '--backend', 'scripted:script.json', '--samples', '2', '--report', 'out/report.html', '--json', 'out/result.json'];
    await mkdir(join(dir, 'out'));
    const first = io();
    expect(await main(args, first)).toBe(0);
    expect(first.err).toBe('');
    expect(first.out).toContain('set/alice.md: score 1');
    expect(first.out).toContain('set/bob.md: score 0');
    expect(first.out).toContain('set/week2/carol.md: score 0.5');

    const json = JSON.parse(await readFile(join(dir, 'out/result.json'), 'utf8'));
    expect(json.summary).toMatchObject({ proofs: 3, verified: 3, reused: 0, failed: 0, meanScore: 0.5 });
    expect(json.proofs.map((p: { file: string; score: number }) => [p.file, p.score])).toEqual([
      ['set/alice.md', 1],
      ['set/bob.md', 0],
      ['set/week2/carol.md', 0.5],
    ]);

    const html = await readFile(join(dir, 'out/report.html'), 'utf8');
    expect(html).toContain('set/week2/carol.md');
    expect(html).toContain('class="katex"');
    // The model's markup is shown as text.
    expect(html).toContain('&lt;b&gt;without&lt;/b&gt;');
    expect(html).not.toContain('<b>without</b>');

    const again = io();
    expect(await main([...args, '--json'], again)).toBe(0);
    const rerun = JSON.parse(again.out);
    expect(rerun.summary).toMatchObject({ proofs: 3, reused: 3 });
    expect(rerun.proofs.map((p: { score: number }) => p.score)).toEqual([1, 0, 0.5]);
    // Still one verify run per proof in the workspace: nothing was verified twice.
    const records = await readdir(join(dir, '.proofwright', 'runs'));
    expect(records.filter((f) => f.endsWith('.jsonl'))).toHaveLength(3);
  });

  it('says how many proofs got no verdict and why, and exits 3', async () => {
    const script = JSON.parse(await readFile(join(dir, 'script.json'), 'utf8'));
    script.rules[1].responses = [{ text: ver('0', 'Cut.'), finishReason: 'length' }];
    await writeFile(join(dir, 'script.json'), JSON.stringify(script));
    const cli = io();
    expect(await main(['verify', 'set', '--backend', 'scripted:script.json', '--samples', '2'], cli)).toBe(EXIT_NO_VERDICT);
    expect(cli.out).toContain('set/alice.md: score 1');
    expect(cli.out).toContain('set/bob.md: score none (2 × cut off at the token limit');
    expect(cli.err).toBe('proofwright: error: 1 of 3 proofs got no verdict (1 proof: 2 × cut off at the token limit (raise Max tokens, or --max-tokens on the command line))\n');
  });

  it("a server that refuses every call: no verdict, with the server's own message", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'error', message: 'The model `m` does not exist.', type: 'NotFoundError', code: 404 }));
    });
    try {
      const cli = io();
      expect(await main(['verify', 'set/alice.md', '--backend', `openai:${server.url}#m`, '--samples', '2'], cli)).toBe(EXIT_NO_VERDICT);
      expect(cli.err).toMatch(/^proofwright: error: no verdict: none of the 2 samples gave one \(2 × .*answered HTTP 404: The model `m` does not exist\.\)\n$/);
    } finally {
      await server.close();
    }
  });

  it('the report draws a histogram of the proofs\' scores, no-verdict proofs in their own bar', async () => {
    // Scores: alice 1, bob 0, carol 0.5, dave mean(1, 0.5) = 0.75, erin cut off (no verdict).
    await writeFile(join(dir, 'set', 'dave.md'), 'DAVE-MARK: $n^2 - n = n(n-1)$.');
    await writeFile(join(dir, 'set', 'erin.md'), 'ERIN-MARK: by parity.');
    for (const name of ['dave', 'erin']) await writeFile(join(dir, 'set', `${name}.problem.md`), 'Show that $n^2 - n$ is even.');
    const script = JSON.parse(await readFile(join(dir, 'script.json'), 'utf8'));
    script.rules.push(
      { role: 'verify', match: 'DAVE-MARK', exhausted: 'cycle', responses: [ver('1', 'Fine.'), ver('0.5', 'Terse.')] },
      { role: 'verify', match: 'ERIN-MARK', responses: [{ text: ver('1', 'Fine.'), finishReason: 'length' }] },
    );
    await writeFile(join(dir, 'script.json'), JSON.stringify(script));
    const cli = io();
    expect(await main(['verify', 'set', '--backend', 'scripted:script.json', '--samples', '2', '--jobs', '1', '--report', 'report.html'], cli)).toBe(EXIT_NO_VERDICT);
    const page = parseHtml(await readFile(join(dir, 'report.html'), 'utf8'));
    const histogram = figure(page, 'score-histogram');
    const { bins, counts } = figureData<{ bins: string[]; counts: number[] }>(histogram);
    const expected: Record<string, string> = { '0.0–0.1': '1', '0.5–0.6': '1', '0.7–0.8': '1', '0.9–1.0': '1', 'no verdict': '1' };
    expect(Object.fromEntries(bins.flatMap((b, i) => (counts[i] ? [[b, String(counts[i])]] : [])))).toEqual(expected);
    // The chart itself: one bar per bin (11), the count printed above each non-empty one, none above the empty ones.
    const bars = shapes(histogram);
    expect(bars).toHaveLength(11);
    for (const bar of bars) expect(labelOf(histogram, bar, 'top')).toBe(expected[bins[bar.index]] ?? null);
    // The bin names are the axis labels, in order.
    const axis = findAll(histogram, (n) => n.nodeName === 'text').map(textOf);
    expect(axis.filter((t) => bins.includes(t))).toEqual(bins);
  });

  it('a proof without a problem statement is listed as not graded; the others are graded and the report written; exit 3', async () => {
    await writeFile(join(dir, 'set', 'dave.md'), 'A proof.');
    const cli = io();
    const args = ['verify', 'set', '--backend', 'scripted:script.json', '--samples', '2', '--report', 'report.html', '--json', 'result.json'];
    expect(await main(args, cli)).toBe(EXIT_NO_VERDICT);
    expect(cli.out).toContain('set/alice.md: score 1');
    expect(cli.out).toContain('set/bob.md: score 0');
    expect(cli.out).toContain('set/week2/carol.md: score 0.5');
    const reason = 'no problem statement: add dave.problem.md beside it (or pass --problem FILE|TEXT for every proof)';
    expect(cli.out).toContain(`set/dave.md: not graded (${reason})\n`);
    expect(cli.out).toContain('report: report.html');
    expect(cli.err).toBe(`proofwright: error: 1 of 4 proofs got no verdict (1 proof: ${reason})\n`);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('Proofwright report: 4 proofs');
    expect(html).toContain('set/dave.md');
    // The summary row and the proof's section say the same thing: not graded, and why (not "error").
    const row = html.match(/<tr>\s*<td><a href="#proof-\d+">set\/dave\.md<\/a><\/td>\s*<td[^>]*>(.*?)<\/td>/s)?.[1] ?? '';
    expect(row).toContain('not graded');
    expect(row).toContain('no problem statement: add dave.problem.md beside it');
    expect(row).not.toMatch(/error/i);
    expect(html).toContain('Not graded: no problem statement: add dave.problem.md beside it');
    expect(html).not.toContain('Not verified: no problem statement');
    const json = JSON.parse(await readFile(join(dir, 'result.json'), 'utf8'));
    // The statuses partition the proofs: the not-graded one is not also counted as no-verdict.
    expect(json.summary).toMatchObject({ proofs: 4, verified: 3, failed: 0, notGraded: 1, noVerdict: 0 });
    // In the JSON too, a script can tell "not graded, add the problem file" from a failed run.
    const dave = json.proofs.find((p: { file: string }) => p.file === 'set/dave.md');
    expect(dave).toMatchObject({ status: 'not-graded', notGraded: reason, score: null });
    expect(dave).not.toHaveProperty('error');
    expect(json.proofs.filter((p: { file: string }) => p.file !== 'set/dave.md').map((p: { status: string }) => p.status)).toEqual(['verified', 'verified', 'verified']);
  });

  it('--json tells a proof not graded from one that got no verdict and one verified', async () => {
    await writeFile(join(dir, 'set', 'dave.md'), 'A proof.');
    await writeFile(join(dir, 'set', 'erin.md'), 'ERIN-MARK: by parity.');
    await writeFile(join(dir, 'set', 'erin.problem.md'), 'Show that $n^2 - n$ is even.');
    const script = JSON.parse(await readFile(join(dir, 'script.json'), 'utf8'));
    script.rules.push({ role: 'verify', match: 'ERIN-MARK', responses: [{ text: ver('1', 'Fine.'), finishReason: 'length' }] });
    await writeFile(join(dir, 'script.json'), JSON.stringify(script));
    const cli = io();
    const args = ['verify', 'set', '--backend', 'scripted:script.json', '--samples', '2', '--jobs', '1', '--json', 'result.json'];
    expect(await main(args, cli)).toBe(EXIT_NO_VERDICT);
    const json = JSON.parse(await readFile(join(dir, 'result.json'), 'utf8'));
    const byFile = Object.fromEntries(json.proofs.map((p: { file: string; status: string; error?: string; notGraded?: string }) => [p.file, p]));
    expect(byFile['set/alice.md'].status).toBe('verified');
    expect(byFile['set/erin.md']).toMatchObject({ status: 'no-verdict' });
    expect(byFile['set/dave.md']).toMatchObject({ status: 'not-graded', notGraded: expect.stringContaining('add dave.problem.md') });
    expect(byFile['set/dave.md']).not.toHaveProperty('error');
    expect(json.summary).toMatchObject({ notGraded: 1, failed: 0 });
  });

  it('a run that failed stays an error in the JSON status, whether or not the proof had a problem statement', () => {
    const doc = parseProof('A proof.');
    const failed = { name: 'set/x.md', doc, problem: 'P', result: null, reused: false, error: 'disk full' };
    expect(batchStatus(failed, false)).toBe('error');
    expect(batchStatus({ ...failed, error: 'no problem statement: add x.problem.md beside it' }, true)).toBe('not-graded');
  });
});
