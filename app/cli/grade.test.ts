// `verify --reference --rubric --points 7` and `eval` on a graded JSONL with reference solutions,
// in-process on real files with the scripted backend; expected figures are computed by hand below.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from './main';
import { captureIO } from './testing/capture-io';

const graded = (score: string, points: string) =>
  `Here is my evaluation of the solution:\n\nChecked against the reference.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}\n\nPoints awarded out of 7:\n\\boxed{${points}}`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-grade-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Two submissions (a.md scored 1 with 7/7, b.md answered with `bResponses` in turn), a reference and the script. */
async function writeSubmissions(bResponses: string[]): Promise<void> {
  await writeFile(join(dir, 'a.md'), '## Proof\n\nSUBMISSION-A by the lemma.\n');
  await writeFile(join(dir, 'b.md'), '## Proof\n\nSUBMISSION-B by the lemma.\n');
  await writeFile(join(dir, 'reference.md'), 'REFERENCE-MARK.\n');
  const rules = [
    { role: 'verify', match: 'SUBMISSION-A', matchRegex: 'REFERENCE-MARK', responses: [graded('1', '7')] },
    { role: 'verify', match: 'SUBMISSION-B', matchRegex: 'REFERENCE-MARK', responses: bResponses },
  ];
  await writeFile(join(dir, 'script.json'), JSON.stringify({ rules }));
}

describe('verify --reference --rubric --points', () => {
  it('grades against the reference and the marking scheme and reports points per sample and their mean', async () => {
    await writeFile(join(dir, 'widget.md'), '## Proof\n\nEvery widget is a gadget by the lemma.\n');
    await writeFile(join(dir, 'widget.problem.md'), 'Show that every widget is a gadget.\n');
    await writeFile(join(dir, 'reference.md'), 'Official: REFERENCE-MARK applies the lemma twice.\n');
    await writeFile(join(dir, 'rubric.md'), '3 pts: RUBRIC-MARK the lemma; 4 pts: the second application.\n');
    // Answers only a prompt that carries both the reference and the scheme (otherwise: no rule, an error).
    await writeFile(
      join(dir, 'script.json'),
      JSON.stringify({ rules: [{ role: 'verify', matchRegex: 'REFERENCE-MARK[\\s\\S]*RUBRIC-MARK', exhausted: 'cycle', responses: [graded('0.5', '3'), graded('0.5', '4'), graded('1', '3'), { text: graded('1', '7'), finishReason: 'length' }] }] }),
    );
    const io = captureIO(dir);
    const args = ['verify', 'widget.md', '--reference', 'reference.md', '--rubric', 'rubric.md', '--points', '7', '--backend', 'scripted:script.json', '--samples', '4', '--concurrency', '1'];
    expect(await main([...args, '--json'], io)).toBe(0);
    const out = JSON.parse(io.out);
    // The cut-off fourth answer gives neither a verdict nor points: mean points (3+4+3)/3.
    expect(out.samples.map((s: { points: number | null }) => s.points)).toEqual([3, 4, 3, null]);
    expect(out.points).toEqual({ max: 7, mean: 10 / 3 });
    expect(out.score).toBeCloseTo(2 / 3, 12);

    const text = captureIO(dir);
    expect(await main(args, text)).toBe(0);
    expect(text.out).toContain('graded against the reference: 3.33 / 7 points (per sample: 3, 4, 3, –)');
  });

  it('grades a folder of submissions against one reference, with points in the HTML report and the JSON', async () => {
    await writeSubmissions([graded('0', '2')]);
    const io = captureIO(dir);
    const code = await main(['verify', 'a.md', 'b.md', '--problem', 'P', '--reference', 'reference.md', '--backend', 'scripted:script.json', '--samples', '2', '--report', 'report.html', '--json', 'out.json'], io);
    expect(io.err).toBe('');
    expect(code).toBe(0);
    expect(io.out).toContain('a.md: score 1, 7/7 points');
    expect(io.out).toContain('b.md: score 0, 2/7 points');
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('1.00 · 7/7 points</td>');
    expect(html).toContain('score 0.00 · 2/7 points');
    expect(html).toContain('Sample 1: 0.00 · 2/7 points');
    const json = JSON.parse(await readFile(join(dir, 'out.json'), 'utf8'));
    expect(json.proofs.map((p: { points: unknown }) => p.points)).toEqual([{ max: 7, mean: 7 }, { max: 7, mean: 2 }]);
  });

  it('says on a folder line when fewer samples than asked gave a verdict (reviewer rev19 F9)', async () => {
    // The second sample is cut before its verdict: the mean is the first sample's alone.
    await writeSubmissions([graded('0', '2'), 'Here is my evaluation of the solution:\n\nThe step']);
    const io = captureIO(dir);
    await main(['verify', 'a.md', 'b.md', '--problem', 'P', '--reference', 'reference.md', '--backend', 'scripted:script.json', '--samples', '2', '--concurrency', '1'], io);
    const lines = io.out.split('\n');
    expect(lines.find((l) => l.startsWith('a.md:'))).toBe('a.md: score 1, 7/7 points');
    expect(lines.find((l) => l.startsWith('b.md:'))).toMatch(/^b\.md: score 0, 2\/7 points \(1 of 2 samples gave a verdict\)/);

    // The run listings give a graded run's points beside its score, as the folder's lines do.
    const listed = captureIO(dir);
    await main(['runs'], listed);
    const runLines = listed.out.split('\n').filter((l) => /verify/.test(l));
    expect(runLines.length).toBe(2);
    expect(runLines.some((l) => /score 1 +· 7\/7 points/.test(l))).toBe(true);
    expect(runLines.some((l) => /score 0 +· 2\/7 points/.test(l))).toBe(true);
    // b's score is a mean over 1 of its 2 samples: said on its row, and on no other (reviewer F8b).
    expect(runLines.find((l) => l.endsWith('b.md'))).toMatch(/score 0 +· 2\/7 points \(1 of 2 samples gave a verdict\) +\d+ calls/);
    expect(runLines.find((l) => l.endsWith('a.md'))).not.toContain('gave a verdict');
    // The rows stay aligned: each one's call count starts in the same column.
    expect(new Set(runLines.map((l) => l.search(/\d+ calls/))).size).toBe(1);
    // b's run: its second sample was cut before a verdict.
    const runId = /^(\S+)/.exec(runLines.find((l) => l.endsWith('b.md'))!)![1];
    const shown = captureIO(dir);
    await main(['runs', 'show', runId], shown);
    expect(shown.out).toMatch(/summary: completed, score 0 · 2\/7 points, 2 calls/);
    // Why that sample gave no verdict, in words, not the record's code (rev20: "(no-score)").
    expect(shown.out).toMatch(/unparsed .*\(the answer has no \\boxed\{\} score\)/);
    expect(shown.out).not.toMatch(/\(no-score\)/);
    // Call times in whole ms, as a person reads them (rev20: `6.459495000000061ms`).
    expect(shown.out).toMatch(/ \d+ms /);
    expect(shown.out).not.toMatch(/\d\.\d+ms/);
  });

  it('lines up the runs listing\'s columns when one run\'s points have decimals and another\'s not (reviewer F8b)', async () => {
    await writeSubmissions([graded('0.5', '4'), graded('0.5', '5'), graded('0.5', '5')]);
    await main(['verify', 'a.md', 'b.md', '--problem', 'P', '--reference', 'reference.md', '--backend', 'scripted:script.json', '--samples', '3', '--concurrency', '1'], captureIO(dir));
    const listed = captureIO(dir);
    await main(['runs'], listed);
    const rows = listed.out.split('\n').filter((l) => /verify/.test(l));
    expect(rows.find((l) => l.endsWith('a.md'))).toMatch(/score 1 +· 7\/7 points +3 calls/);
    expect(rows.find((l) => l.endsWith('b.md'))).toMatch(/score 0\.5 +· 4\.67\/7 points +3 calls/);
    expect(new Set(rows.map((l) => l.search(/\d+ calls/))).size).toBe(1);
    expect(listed.out).not.toContain('gave a verdict');
  });

  it('gives no verdict for a sample whose verdict and points contradict each other, in the text, the JSON and the HTML', async () => {
    await writeFile(join(dir, 'widget.md'), '## Proof\n\nEvery widget is a gadget by the lemma.\n');
    await writeFile(join(dir, 'reference.md'), 'REFERENCE-MARK.\n');
    // Sample 1: a verdict of 1 with 0 points; sample 2: 0 with 7 of 7; sample 3: consistent (0.5, 4).
    await writeFile(join(dir, 'script.json'), JSON.stringify({ rules: [{ role: 'verify', responses: [graded('1', '0'), graded('0', '7'), graded('0.5', '4')] }] }));
    const args = ['verify', 'widget.md', '--problem', 'P', '--reference', 'reference.md', '--backend', 'scripted:script.json', '--samples', '3', '--concurrency', '1'];
    const io = captureIO(dir);
    expect(await main([...args, '--json'], io)).toBe(0);
    const out = JSON.parse(io.out);
    expect(out.samples.map((s: { status: string; reason?: string; points: number | null }) => [s.status, s.reason, s.points])).toEqual([
      ['unparsed', 'inconsistent-grade', null],
      ['unparsed', 'inconsistent-grade', null],
      ['parsed', undefined, 4],
    ]);
    // Only the consistent sample counts: score 0.5, 4/7 points (not (1+0+0.5)/3 and (0+7+4)/3).
    expect(out.score).toBe(0.5);
    expect(out.points).toEqual({ max: 7, mean: 4 });
    const text = captureIO(dir);
    expect(await main(args, text)).toBe(0);
    expect(text.out).toContain('graded against the reference: 4 / 7 points (per sample: –, –, 4)');
    expect(text.out).toContain('#1 unparsed (the verdict and the points contradict each other');
    expect(await main([...args, '--report', 'report.html'], captureIO(dir))).toBe(0);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('Sample 1: no verdict · unparsed (the verdict and the points contradict each other');
    expect(html).toContain('0.50 · 4/7 points</td>');
  });

  it('grades one proof against the NAME.reference.md and NAME.rubric.md beside it, as the app does, unless --no-reference', async () => {
    await writeFile(join(dir, 'widget.md'), '## Proof\n\nEvery widget is a gadget by the lemma.\n');
    await writeFile(join(dir, 'widget.problem.md'), 'Show that every widget is a gadget.\n');
    await writeFile(join(dir, 'widget.reference.md'), 'Official: REFERENCE-MARK applies the lemma twice.\n');
    await writeFile(join(dir, 'widget.rubric.md'), '7 pts: RUBRIC-MARK both applications.\n');
    const plain = 'Here is my evaluation of the solution:\n\nFine.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{1}';
    await writeFile(
      join(dir, 'script.json'),
      JSON.stringify({ rules: [
        { role: 'verify', matchRegex: 'REFERENCE-MARK[\\s\\S]*RUBRIC-MARK', responses: [graded('1', '6')] },
        { role: 'verify', responses: [plain] },
      ] }),
    );
    const io = captureIO(dir);
    expect(await main(['verify', 'widget.md', '--backend', 'scripted:script.json', '--samples', '1', '--json'], io)).toBe(0);
    expect(io.err).toContain('grading against widget.reference.md and widget.rubric.md');
    expect(JSON.parse(io.out).points).toEqual({ max: 7, mean: 6 });

    const without = captureIO(dir);
    expect(await main(['verify', 'widget.md', '--no-reference', '--backend', 'scripted:script.json', '--samples', '1', '--json'], without)).toBe(0);
    expect(without.err).not.toContain('grading against');
    expect(JSON.parse(without.out).points).toBeUndefined();
    expect(JSON.parse(without.out).score).toBe(1);
  });

  it('grades on the scale the marking scheme records (front matter points: N, as the app\'s Points field saves it); --points overrides it, saying so', async () => {
    await writeFile(join(dir, 'widget.md'), '## Proof\n\nEvery widget is a gadget by the lemma.\n');
    await writeFile(join(dir, 'widget.problem.md'), 'Show that every widget is a gadget.\n');
    await writeFile(join(dir, 'widget.reference.md'), 'Official: REFERENCE-MARK applies the lemma twice.\n');
    await writeFile(join(dir, 'widget.rubric.md'), '---\npoints: 10\n---\n- 4 points: RUBRIC-MARK the first application.\n- 6 points: the second.\n');
    const out10 = graded('1', '9').replace('out of 7', 'out of 10');
    await writeFile(
      join(dir, 'script.json'),
      JSON.stringify({ rules: [
        // The front matter is a setting: the grader reads the scheme without it, on its scale.
        { role: 'verify', matchRegex: '^(?![\\s\\S]*points: 10)[\\s\\S]*RUBRIC-MARK[\\s\\S]*from 0 to 10 under', responses: [out10] },
        { role: 'verify', matchRegex: 'from 0 to 5 under', responses: [graded('1', '5').replace('out of 7', 'out of 5')] },
      ] }),
    );
    const io = captureIO(dir);
    expect(await main(['verify', 'widget.md', '--backend', 'scripted:script.json', '--samples', '1', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out).points).toEqual({ max: 10, mean: 9 });

    const overridden = captureIO(dir);
    expect(await main(['verify', 'widget.md', '--points', '5', '--backend', 'scripted:script.json', '--samples', '1', '--json'], overridden)).toBe(0);
    expect(overridden.err).toContain('verify: --points 5 overrides points: 10 in widget.rubric.md');
    expect(JSON.parse(overridden.out).points).toEqual({ max: 5, mean: 5 });

    // A value that is no scale is said and ignored: the default 7.
    await writeFile(join(dir, 'widget.rubric.md'), '---\npoints: ten\n---\n- RUBRIC-MARK all or nothing.\n');
    const bad = captureIO(dir);
    await writeFile(join(dir, 'script.json'), JSON.stringify({ rules: [{ role: 'verify', matchRegex: 'from 0 to 7 under', responses: [graded('1', '7')] }] }));
    expect(await main(['verify', 'widget.md', '--backend', 'scripted:script.json', '--samples', '1', '--json'], bad)).toBe(0);
    expect(bad.err).toContain('verify: widget.rubric.md says points: ten, which is no whole number from 1 to 100; ignored');
    expect(JSON.parse(bad.out).points).toEqual({ max: 7, mean: 7 });

    // A front matter YAML cannot read is said, with its lines, not taken for guidance with its points lost.
    await writeFile(join(dir, 'widget.rubric.md'), '---\ntitle: P3\n  points: 5\n---\n- RUBRIC-MARK all or nothing.\n');
    const unreadable = captureIO(dir);
    expect(await main(['verify', 'widget.md', '--backend', 'scripted:script.json', '--samples', '1', '--json'], unreadable)).toBe(0);
    expect(unreadable.err).toContain('verify: the front matter of widget.rubric.md is not valid YAML (lines 2–3: Nested mappings are not allowed in compact mappings), so its points are not read; grading on 7 points');
    expect(JSON.parse(unreadable.out).points).toEqual({ max: 7, mean: 7 });

    // A scheme that opens with a rule over "Part (a): …" lines is guidance, every line of it (rev3: those
    // lines were taken for front matter and withheld from the grader).
    await writeFile(join(dir, 'widget.rubric.md'), '---\nPart (a): 3 points for the base case.\nPart (b): 4 points for the induction step.\n---\nDeduct 1 point for arithmetic slips.\n');
    await writeFile(join(dir, 'script.json'), JSON.stringify({ rules: [
      { role: 'verify', matchRegex: 'Part \\(a\\): 3 points[\\s\\S]*Part \\(b\\): 4 points[\\s\\S]*Deduct 1 point', responses: [graded('1', '7')] },
      { role: 'verify', responses: [graded('0', '1')] },
    ] }));
    const parts = captureIO(dir);
    expect(await main(['verify', 'widget.md', '--backend', 'scripted:script.json', '--samples', '1', '--json'], parts)).toBe(0);
    expect(JSON.parse(parts.out).points).toEqual({ max: 7, mean: 7 });

    // The same range as the app's Points field.
    const big = captureIO(dir);
    expect(await main(['verify', 'widget.md', '--points', '500', '--backend', 'scripted:script.json', '--samples', '1'], big)).not.toBe(0);
    expect(big.err).toContain('--points must be a whole number from 1 to 100');
  });

  it('says on stderr that a NAME.rubric.md beside the proof is ignored without a reference, and verifies without points', async () => {
    await writeFile(join(dir, 'widget.md'), '## Proof\n\nEvery widget is a gadget by the lemma.\n');
    await writeFile(join(dir, 'widget.problem.md'), 'Show that every widget is a gadget.\n');
    await writeFile(join(dir, 'widget.rubric.md'), '7 pts: RUBRIC-MARK both applications.\n');
    const plain = 'Here is my evaluation of the solution:\n\nFine.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{1}';
    await writeFile(join(dir, 'script.json'), JSON.stringify({ rules: [{ role: 'verify', responses: [plain] }] }));
    const io = captureIO(dir);
    expect(await main(['verify', 'widget.md', '--backend', 'scripted:script.json', '--samples', '1', '--json'], io)).toBe(0);
    expect(io.err).toContain('verify: widget.rubric.md is ignored: grading needs the reference solution too (widget.reference.md, or --reference FILE); verifying without points');
    expect(JSON.parse(io.out)).toMatchObject({ score: 1 });
    expect(JSON.parse(io.out).points).toBeUndefined();

    // An empty reference file beside it: the same, and the message says why that file did not count.
    await writeFile(join(dir, 'widget.reference.md'), '\n');
    const empty = captureIO(dir);
    expect(await main(['verify', 'widget.md', '--backend', 'scripted:script.json', '--samples', '1', '--json'], empty)).toBe(0);
    expect(empty.err).toContain('widget.rubric.md is ignored: grading needs the reference solution too (widget.reference.md, which is empty, or --reference FILE)');

    // --no-reference asked for no grading: nothing to say.
    const optedOut = captureIO(dir);
    expect(await main(['verify', 'widget.md', '--no-reference', '--backend', 'scripted:script.json', '--samples', '1', '--json'], optedOut)).toBe(0);
    expect(optedOut.err).not.toContain('rubric');
  });

  it('refuses a rubric without a reference, and a missing reference file, with a clear message', async () => {
    await writeFile(join(dir, 'widget.md'), '## Proof\n\nBy the lemma.\n');
    const io = captureIO(dir);
    expect(await main(['verify', 'widget.md', '--problem', 'P', '--rubric', 'r.md', '--backend', 'scripted:x.json'], io)).toBe(1);
    expect(io.err).toContain('--rubric needs --reference');
    const missing = captureIO(dir);
    expect(await main(['verify', 'widget.md', '--problem', 'P', '--reference', 'nope.md', '--backend', 'scripted:x.json'], missing)).toBe(1);
    expect(missing.err).toContain('reference solution not found: nope.md');
  });
});

describe('verify and prove with --no-record', () => {
  it('print no run id (nothing was recorded), where a recorded run names its id and record', async () => {
    await writeFile(join(dir, 'widget.md'), '## Proof\n\nEvery widget is a gadget by the lemma.\n');
    const plain = 'Here is my evaluation of the solution:\n\nFine.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{1}';
    const solution = `## Solution\n\nBy the lemma.\n\n## Self Evaluation\n\n${plain}`;
    await writeFile(join(dir, 'script.json'), JSON.stringify({ rules: [{ role: 'verify', exhausted: 'cycle', responses: [plain] }, { role: 'generate', exhausted: 'cycle', responses: [solution] }] }));
    const verify = ['verify', 'widget.md', '--problem', 'P', '--backend', 'scripted:script.json', '--samples', '1'];
    const prove = ['prove', '--problem', 'P', '--backend', 'scripted:script.json', '--samples', '1', '--rounds', '1'];

    const recorded = captureIO(dir);
    expect(await main(verify, recorded)).toBe(0);
    expect(recorded.out).toMatch(/^Run \S+ \(.*\.jsonl\)$/m);
    const proved = captureIO(dir);
    expect(await main(prove, proved)).toBe(0);
    expect(proved.out).toMatch(/^Run \S+ \(.*\.jsonl\)$/m);

    const unrecorded = captureIO(dir);
    expect(await main([...verify, '--no-record'], unrecorded)).toBe(0);
    expect(unrecorded.out).toContain('widget.md: score 1');
    expect(unrecorded.out).not.toMatch(/^Run /m);
    const unrecordedProve = captureIO(dir);
    expect(await main([...prove, '--no-record'], unrecordedProve)).toBe(0);
    expect(unrecordedProve.out).toContain('prove: ');
    expect(unrecordedProve.out).not.toMatch(/^Run /m);

    // --json: the recorded run names its id; without a record there is none to name.
    const json = captureIO(dir);
    expect(await main([...verify, '--json'], json)).toBe(0);
    expect(JSON.parse(json.out)).toHaveProperty('runId');
    const unrecordedJson = captureIO(dir);
    expect(await main([...verify, '--no-record', '--json'], unrecordedJson)).toBe(0);
    expect(JSON.parse(unrecordedJson.out)).not.toHaveProperty('runId');
    // One file with --report is written from the records: the message names --report, not a batch.
    const report = captureIO(dir);
    expect(await main([...verify, '--no-record', '--report', 'r.html'], report)).toBe(1);
    expect(report.err).toContain('--report is written from the run records: drop --no-record');
  });
});

describe('eval with reference solutions', () => {
  it('reports the mean absolute error in points, accuracy per grade band and the confusion table', async () => {
    // Human grades 7, 5, 0, 2 (0–7); the model awards 6, 5, 2, and no verdict for the last.
    const lines = [
      { id: 'A', problem: 'P', proof: 'Proof MARK-A.', grade: 7, reference: 'Ref A', guidelines: 'Scheme A' },
      { id: 'B', problem: 'P', proof: 'Proof MARK-B.', grade: 5, reference_solution: 'Ref B', grading_guidelines: 'Scheme B' },
      { id: 'C', problem: 'P', proof: 'Proof MARK-C.', grade: 0, reference: 'Ref C', rubric: 'Scheme C' },
      { id: 'D', problem: 'P', proof: 'Proof MARK-D.', grade: 2, reference: 'Ref D' },
    ];
    await writeFile(join(dir, 'graded.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    const answers: Record<string, string | { text: string; finishReason: string }> = {
      A: graded('1', '6'),
      B: graded('0.5', '5'),
      C: graded('0', '2'),
      D: { text: graded('0', '1'), finishReason: 'length' },
    };
    const rules = Object.entries(answers).map(([id, r]) => ({ role: 'verify', match: `MARK-${id}.`, responses: [r] }));
    await writeFile(join(dir, 'script.json'), JSON.stringify({ rules }));

    const io = captureIO(dir);
    expect(await main(['eval', 'graded.jsonl', '--backend', 'scripted:script.json', '--samples', '2', '--json'], io)).toBe(0);
    const { points } = JSON.parse(io.out);
    // |6−7| + |5−5| + |2−0| = 3 over the 3 proofs that got points.
    expect(points).toMatchObject({ max: 7, items: 4, compared: 3, mae: 1 });
    // Bands (fail ≤ 1, pass ≥ 6): A pass→pass ✓; B partial→partial ✓; C fail→partial ✗; D no verdict.
    expect(points.bands).toEqual({
      fail: { items: 1, agree: 0, accuracy: 0 },
      partial: { items: 1, agree: 1, accuracy: 1 },
      pass: { items: 1, agree: 1, accuracy: 1 },
    });
    const expected = Array.from({ length: 8 }, () => new Array(8).fill(0));
    expected[7][6] = 1;
    expected[5][5] = 1;
    expected[0][2] = 1;
    expect(points.confusion).toEqual(expected);

    const text = captureIO(dir);
    expect(await main(['eval', 'graded.jsonl', '--backend', 'scripted:script.json', '--samples', '2'], text)).toBe(0);
    expect(text.out).toContain('graded against the reference: 3 of 4 proofs got points · mean absolute error 1.000 points (0–7)');
    expect(text.out).toContain('accuracy per grade band: fail 0.0% (0/1) · partial 100.0% (1/1) · pass 100.0% (1/1)');
  });
});
