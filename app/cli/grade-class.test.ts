// Break-it round on grading a class (grade5): `verify class/ --reference --rubric --points 7` and `eval`
// on the folders and files teachers and researchers actually have, through the real CLI entry on real
// files (scripted backend, or a real OpenAI-compatible HTTP server on 127.0.0.1). Every expected figure
// is worked out by hand in the comments beside it.
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from './main';
import { captureIO } from './testing/capture-io';
import { EXIT_NO_VERDICT } from './verdicts';
import { startServer, writeStream } from '../models/openai/testServer';

const graded = (score: string, points: string) =>
  `Here is my evaluation of the solution:\n\nChecked against the reference.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}\n\nPoints awarded out of 7:\n\\boxed{${points}}`;
const PROBLEM = 'Show that $n^2-n$ is even for every integer $n$.\n';
const proof = (mark: string, body = 'Since $n^2-n=n(n-1)$, one factor is even.') => `## Proof\n\n${mark}. ${body}\n`;

let base: string;
let dir: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'pw-grade-class-'));
  dir = join(base, 'work');
  await mkdir(join(dir, 'class', 'week2'), { recursive: true });
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

async function put(files: Record<string, string | Buffer>): Promise<void> {
  for (const [path, text] of Object.entries(files)) await writeFile(join(dir, path), text);
}

/** Every run record's text in the workspace (what was sent and answered, call by call). */
async function records(): Promise<string> {
  const runs = join(dir, '.proofwright', 'runs');
  const names = (await readdir(runs)).filter((f) => f.endsWith('.jsonl'));
  return (await Promise.all(names.map((n) => readFile(join(runs, n), 'utf8')))).join('\n');
}

describe('verify class/ as a teacher keeps it', () => {
  it('grades the submissions only: reference, scheme and Office lock file left out, a link out of the folder and an empty file listed unread, Latin-1 and BOM read right', async () => {
    await put({
      'class/alice.md': proof('ALICE-MARK'),
      'class/bob.tex': '\\begin{proof}\nBOB-MARK. If $n$ is even we are done.\n\\end{proof}\n',
      // Latin-1 bytes (é = 0xE9): read as UTF-8 they would reach the model as U+FFFD.
      'class/eve.tex': Buffer.from(proof('EVE-MARK', "Par récurrence sur $n$, c'est évident."), 'latin1'),
      // A UTF-8 BOM (Notepad): dropped, not sent to the model.
      'class/dan.md': '\ufeff' + proof('DAN-MARK'),
      'class/empty.md': '',
      'class/~$alice.md': 'owner lock',
      // Handed in in another format: not graded, and said.
      'class/week2/gina.pdf': '%PDF-1.4',
      'class/carol.docx': 'PK',
      'class/week2/frank.md': proof('FRANK-MARK'),
      // The teacher's own files, kept in the class folder.
      'class/reference.md': 'REFERENCE-MARK. Official solution: $n^2-n=n(n-1)$.\n',
      'class/rubric.md': 'RUBRIC-MARK. 3 pts factorisation, 4 pts parity.\n',
      'problem.md': PROBLEM,
      'secret.md': proof('SECRET-OUTSIDE-MARK'),
    });
    await symlink(join(dir, 'secret.md'), join(dir, 'class', 'link.md'));
    const rule = (match: string, responses: unknown[]) => ({ role: 'verify', match, matchRegex: 'REFERENCE-MARK[\\s\\S]*RUBRIC-MARK', responses });
    await put({
      'script.json': JSON.stringify({
        rules: [
          rule('ALICE-MARK', [graded('1', '7'), graded('1', '6')]),
          // A cut-off answer: no verdict and no points (not 0).
          rule('BOB-MARK', [graded('0.5', '3'), { text: graded('1', '7'), finishReason: 'length' }]),
          // Answers only when the accents arrived as accents.
          rule('Par récurrence sur $n$, c\'est évident', [graded('1', '7')]),
          // A BOM that reached the prompt: no verdict for dan.
          { role: 'verify', matchRegex: '\ufeff', responses: [{ text: 'BOM', finishReason: 'error' }] },
          rule('DAN-MARK', [graded('0', '1'), graded('0', '8')]),
          rule('FRANK-MARK', [{ text: 'partial', finishReason: 'abort' }]),
          // Anything else (the reference or the scheme graded as a submission, the empty file, a leaked
          // outside file): full marks, as a careless model might give them.
          { role: 'verify', responses: [graded('1', '7')] },
        ],
      }),
    });
    const io = captureIO(dir);
    const args = ['verify', 'class', '--problem', 'problem.md', '--reference', 'class/reference.md', '--rubric', 'class/rubric.md', '--points', '7'];
    const code = await main([...args, '--samples', '2', '--concurrency', '1', '--jobs', '1', '--backend', 'scripted:script.json', '--json', 'out.json', '--report', 'report.html'], io);
    expect(code).toBe(EXIT_NO_VERDICT);
    expect(io.err).toContain('verify: class/reference.md is the reference solution (--reference): not graded as a submission\n');
    expect(io.err).toContain('verify: class/rubric.md is the marking scheme (--rubric): not graded as a submission\n');
    expect(io.err).toContain('verify: class/eve.tex is not UTF-8: read as Windows-1252 (Latin-1)');
    expect(io.err).toContain('verify: 2 files are not a proof (.md, .markdown, .tex, .latex, .ltx) and not graded: class/carol.docx, class/week2/gina.pdf\n');
    const json = JSON.parse(await readFile(join(dir, 'out.json'), 'utf8'));
    const status = Object.fromEntries(json.proofs.map((p: { file: string; status: string }) => [p.file, p.status]));
    expect(status).toEqual({
      'class/alice.md': 'verified',
      'class/bob.tex': 'verified',
      'class/dan.md': 'verified',
      'class/empty.md': 'not-graded',
      'class/eve.tex': 'verified',
      'class/link.md': 'not-graded',
      'class/week2/frank.md': 'no-verdict',
    });
    const byFile = Object.fromEntries(json.proofs.map((p: { file: string }) => [p.file, p]));
    expect(byFile['class/link.md'].notGraded).toContain('a link to a file outside the folder: not read');
    expect(byFile['class/empty.md'].notGraded).toBe('the file is empty: nothing to grade');
    // alice 1, 1 → 1, (7+6)/2 = 6.5; bob 0.5 and a cut-off → 0.5, 3; dan 0 and out-of-range points → 0, 1; eve 1, 7.
    expect(json.proofs.map((p: { score: number | null; points?: { mean: number | null } }) => [p.score, p.points?.mean ?? null])).toEqual([
      [1, 6.5], [0.5, 3], [0, 1], [null, null], [1, 7], [null, null], [null, null],
    ]);
    // The four statuses partition the proofs; the means are over the 4 verified: (1+0.5+0+1)/4, (6.5+3+1+7)/4.
    expect(json.summary).toEqual({ proofs: 7, verified: 4, reused: 0, failed: 0, notGraded: 2, noVerdict: 1, meanScore: 0.625, meanPoints: 4.375, pointsMax: 7 });
    expect(io.err).toContain('proofwright: error: 3 of 7 proofs got no verdict (');
    // Nothing outside the folder was read.
    expect(await records()).not.toContain('SECRET-OUTSIDE-MARK');
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).not.toContain('SECRET-OUTSIDE-MARK');
    expect(html).not.toContain('class/reference.md');
    expect(html).not.toContain('~$alice');
    expect(html).toContain('récurrence');
    // The report's row and section for frank say what the JSON's status says, and the page gives the
    // JSON's class figures.
    const row = html.match(/<a href="#proof-\d+">class\/week2\/frank\.md<\/a><\/td>\s*<td[^>]*>(.*?)<\/td>/s)?.[1] ?? '';
    expect(row).toContain('no verdict');
    expect(html).toContain('<h2>class/week2/frank.md <span class="score">no verdict</span></h2>');
    expect(html).toContain('7 proofs: 4 verified (mean score 0.63, mean 4.38/7 points, over the verified proofs), 1 no verdict, 0 errors, 2 not graded');
  });

  it('the reference named among the proofs by a shell glob (class/*.md) is not graded as a submission either', async () => {
    await put({
      'class/alice.md': proof('ALICE-MARK'),
      'class/reference.md': 'REFERENCE-MARK.\n',
      'script.json': JSON.stringify({ rules: [{ role: 'verify', responses: [graded('1', '7')] }] }),
    });
    const io = captureIO(dir);
    expect(await main(['verify', 'class/alice.md', 'class/reference.md', '--problem', 'P', '--reference', 'class/reference.md', '--samples', '1', '--backend', 'scripted:script.json', '--json'], io)).toBe(0);
    expect(io.err).toBe('verify: class/reference.md is the reference solution (--reference): not graded as a submission\n');
    expect(JSON.parse(io.out).proofs.map((p: { file: string }) => p.file)).toEqual(['class/alice.md']);
  });

  it('one empty proof file is refused before any model call, as in a folder it is listed not graded', async () => {
    await put({ 'empty.md': '\n  \n', 'script.json': JSON.stringify({ rules: [{ role: 'verify', responses: [graded('1', '7')] }] }) });
    const io = captureIO(dir);
    expect(await main(['verify', 'empty.md', '--problem', 'P', '--reference', 'script.json', '--backend', 'scripted:script.json', '--json'], io)).toBe(1);
    expect(io.err).toBe('proofwright: error: the proof file empty.md is empty: nothing to verify\n');
    expect(io.out).toBe('');
  });

  it('a rerun after a server outage verifies again the proofs whose calls failed, and reads back the ones that were answered', async () => {
    await put({
      'class/alice.md': proof('ALICE-MARK'),
      'class/week2/bob.md': proof('BOB-MARK'),
      'problem.md': PROBLEM,
      'reference.md': 'REFERENCE-MARK.\n',
    });
    let down = true;
    const server = await startServer((_req, res, body) => {
      const prompt = JSON.stringify(JSON.parse(body).messages);
      if (down && prompt.includes('BOB-MARK')) {
        // A 404 is not retried: the calls fail at once, as when the model was unloaded mid-run.
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'model not loaded' } }));
        return;
      }
      writeStream(res, [graded(prompt.includes('ALICE-MARK') ? '1' : '0.5', prompt.includes('ALICE-MARK') ? '7' : '4')]);
    });
    try {
      const args = ['verify', 'class', '--problem', 'problem.md', '--reference', 'reference.md', '--samples', '2', '--backend', `openai:${server.url}#m`, '--json'];
      const first = captureIO(dir);
      expect(await main(args, first)).toBe(EXIT_NO_VERDICT);
      expect(JSON.parse(first.out).proofs.map((p: { status: string }) => p.status)).toEqual(['verified', 'no-verdict']);
      const calls = server.requests.length;

      down = false;
      const second = captureIO(dir);
      expect(await main(args, second)).toBe(0);
      const out = JSON.parse(second.out);
      expect(out.proofs.map((p: { file: string; status: string; reused: boolean; score: number }) => [p.file, p.status, p.reused, p.score])).toEqual([
        ['class/alice.md', 'verified', true, 1],
        ['class/week2/bob.md', 'verified', false, 0.5],
      ]);
      // Only bob's two samples were asked again.
      expect(server.requests.length - calls).toBe(2);
      expect(out.summary).toMatchObject({ proofs: 2, verified: 2, reused: 1, noVerdict: 0, meanScore: 0.75, meanPoints: 5.5 });
    } finally {
      await server.close();
    }
  });

  it('a rerun with edited prompt templates asks the model again instead of reading back answers to the old prompt', async () => {
    const shipped = await readFile(join(__dirname, '../../resources/prompts/labelled/grade.md'), 'utf8');
    await mkdir(join(dir, 'prompts', 'labelled'), { recursive: true });
    await put({
      'class/alice.md': proof('ALICE-MARK'),
      'problem.md': PROBLEM,
      'reference.md': 'REFERENCE-MARK.\n',
      'prompts/labelled/grade.md': `${shipped}\nSTRICT-MARK: no points for a step that is only asserted.\n`,
      'script.json': JSON.stringify({
        rules: [
          { role: 'verify', match: 'STRICT-MARK', responses: [graded('0.5', '3')] },
          { role: 'verify', responses: [graded('1', '7')] },
        ],
      }),
    });
    const args = ['verify', 'class', '--problem', 'problem.md', '--reference', 'reference.md', '--samples', '1', '--backend', 'scripted:script.json', '--json'];
    const first = captureIO(dir);
    expect(await main(args, first)).toBe(0);
    expect(JSON.parse(first.out).proofs[0]).toMatchObject({ score: 1, reused: false });
    const strict = captureIO(dir);
    expect(await main([...args, '--templates', 'prompts'], strict)).toBe(0);
    expect(JSON.parse(strict.out).proofs[0]).toMatchObject({ score: 0.5, points: { max: 7, mean: 3 }, reused: false });
    // The same templates again: now it is read back.
    const again = captureIO(dir);
    expect(await main([...args, '--templates', 'prompts'], again)).toBe(0);
    expect(JSON.parse(again.out).proofs[0]).toMatchObject({ score: 0.5, reused: true });
  });

  it('two identical submissions are verified once, the copy naming the file verified, on the first run and on a rerun; a third copy added later too', async () => {
    await put({
      'class/alice.md': proof('SAME-MARK'),
      'class/bob.md': proof('SAME-MARK'),
      'problem.md': PROBLEM,
      'reference.md': 'REFERENCE-MARK.\n',
      'script.json': JSON.stringify({ rules: [{ role: 'verify', responses: [graded('1', '7')] }] }),
    });
    const args = ['verify', 'class', '--problem', 'problem.md', '--reference', 'reference.md', '--samples', '1', '--backend', 'scripted:script.json', '--json'];
    const first = captureIO(dir);
    expect(await main(args, first), first.err).toBe(0);
    const firstJson = JSON.parse(first.out);
    const row = (p: { file: string; runId: string; reused: boolean; reusedFrom?: string; status: string }) => [p.file, p.runId, p.reused, p.reusedFrom, p.status];
    const aliceRun = firstJson.proofs[0].runId;
    // One verification paid for (before: two, one per file), bob given alice's with whose it is.
    expect(firstJson.proofs.map(row)).toEqual([
      ['class/alice.md', aliceRun, false, undefined, 'verified'],
      ['class/bob.md', aliceRun, true, 'class/alice.md', 'verified'],
    ]);
    const records = (await readdir(join(dir, '.proofwright', 'runs'))).filter((n) => n.endsWith('.jsonl'));
    expect(records).toEqual([`${aliceRun}.jsonl`]);
    const lines = (await readFile(join(dir, '.proofwright', 'runs', records[0]), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; role?: string });
    expect(lines.filter((l) => l.type === 'call').map((l) => l.role)).toEqual(['verify']);
    // The summary still partitions the proofs: both verified, one of them reused.
    expect(firstJson.summary).toMatchObject({ proofs: 2, verified: 2, noVerdict: 0, failed: 0, notGraded: 0, reused: 1, meanPoints: 7 });
    const text = captureIO(dir);
    expect(await main(args.filter((a) => a !== '--json'), text)).toBe(0);
    expect(text.out).toContain('class/bob.md: score 1, 7/7 points (the same text as class/alice.md: its result, not verified again)');

    const again = captureIO(dir);
    expect(await main(args, again)).toBe(0);
    // alice read back from her own record, bob from alice's, as on the first run.
    expect(JSON.parse(again.out).proofs.map(row)).toEqual([
      ['class/alice.md', aliceRun, true, undefined, 'verified'],
      ['class/bob.md', aliceRun, true, 'class/alice.md', 'verified'],
    ]);

    await put({ 'class/carol.md': proof('SAME-MARK') });
    const third = captureIO(dir);
    expect(await main(args.filter((a) => a !== '--json'), third)).toBe(0);
    const carol = third.out.split('\n').find((line) => line.startsWith('class/carol.md'));
    expect(carol).toBe('class/carol.md: score 1, 7/7 points (the same text as class/alice.md: its result, not verified again)');
  });

  it('a copy that differs only in line endings, spaces at line ends and blank lines around it is verified once too, its findings placed on its own text', async () => {
    const alice = '## Proof\n\nCOPY-MARK. Since $n^2-n=n(n-1)$, one factor is even.\n\nHence $n^2-n$ is even.\n';
    // Saved on Windows, with a blank line before, spaces after a line and blank lines after.
    const bob = '\r\n' + alice.replace(/\n/g, '\r\n').replace('one factor is even.', 'one factor is even.   ') + '\r\n \r\n';
    const flagged = 'Here is my evaluation of the solution:\n\nThe step "one factor is even" is not justified: which factor is not said.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{0.5}\n\nPoints awarded out of 7:\n\\boxed{4}';
    await put({
      'class/alice.md': alice,
      'class/bob.md': bob,
      'problem.md': PROBLEM,
      'reference.md': 'REFERENCE-MARK.\n',
      'script.json': JSON.stringify({ rules: [{ role: 'verify', responses: [flagged] }] }),
    });
    const args = ['verify', 'class', '--problem', 'problem.md', '--reference', 'reference.md', '--samples', '1', '--backend', 'scripted:script.json', '--json'];
    type Row = { file: string; runId: string; reused: boolean; reusedFrom?: string; reusedMapped?: boolean; text?: string; steps: { id: string; label: string; flags: number; range: { start: number; end: number; startPos: { line: number } } }[]; samples: { annotations: { stepId: string | null; range?: { start: number; end: number } }[] }[] };
    const row = (p: Row) => [p.file, p.runId, p.reused, p.reusedFrom, p.reusedMapped];
    const first = captureIO(dir);
    expect(await main(args, first), first.err).toBe(0);
    const proofs = JSON.parse(first.out).proofs as Row[];
    const aliceRun = proofs[0].runId;
    // Before: bob was verified again (two records, two calls), as if another proof.
    expect(proofs.map(row)).toEqual([
      ['class/alice.md', aliceRun, false, undefined, undefined],
      ['class/bob.md', aliceRun, true, 'class/alice.md', true],
    ]);
    expect((await readdir(join(dir, '.proofwright', 'runs'))).filter((n) => n.endsWith('.jsonl'))).toEqual([`${aliceRun}.jsonl`]);
    // The finding is on bob's text: its range holds the quote there, its step is one of bob's steps,
    // and that step's line is bob's (one line further down: his blank first line).
    for (const [p, text] of [[proofs[0], alice], [proofs[1], bob]] as const) {
      const finding = p.samples[0].annotations.find((a) => a.range)!;
      expect(text.slice(finding.range!.start, finding.range!.end)).toBe('one factor is even');
      const step = p.steps.find((st) => st.id === finding.stepId)!;
      expect(step.flags).toBe(1);
      expect(text.slice(step.range.start, step.range.end)).toContain('COPY-MARK. Since');
      expect(p.text).toBe(text);
    }
    expect(proofs[1].steps.find((st) => st.flags)!.range.startPos.line).toBe(proofs[0].steps.find((st) => st.flags)!.range.startPos.line + 1);
    const text = captureIO(dir);
    expect(await main(args.filter((a) => a !== '--json'), text)).toBe(0);
    expect(text.out).toContain('class/bob.md: score 0.5, 4/7 points; flagged S2 (the same text as class/alice.md but for line endings and trailing spaces or blank lines: its result, not verified again)');
    // A rerun reads alice back from her record and gives bob hers again, placed on his text.
    const again = captureIO(dir);
    expect(await main(args, again)).toBe(0);
    expect((JSON.parse(again.out).proofs as Row[]).map(row)).toEqual([
      ['class/alice.md', aliceRun, true, undefined, undefined],
      ['class/bob.md', aliceRun, true, 'class/alice.md', true],
    ]);
    expect((await readdir(join(dir, '.proofwright', 'runs'))).filter((n) => n.endsWith('.jsonl'))).toHaveLength(1);
  });

  it('Ctrl-C in the middle of a proof: that proof is an error (not verified on the samples that happened to finish) in the JSON, the text and the report, and out of the mean', async () => {
    await put({
      'class/a.md': proof('A-MARK'),
      'class/b.md': proof('B-MARK'),
      'problem.md': PROBLEM,
      'reference.md': 'REFERENCE-MARK.\n',
      'script.json': JSON.stringify({
        rules: [
          { role: 'verify', match: 'A-MARK', responses: [graded('1', '7')] },
          // b's first sample answers at once, its second only after the user has pressed Ctrl-C.
          { role: 'verify', match: 'B-MARK', responses: [graded('0', '0'), { text: graded('0', '0'), delayMs: 60_000 }] },
        ],
      }),
    });
    const controller = new AbortController();
    const cli = Object.assign(captureIO(dir), { signal: controller.signal });
    const timer = setInterval(async () => {
      // Stop once b's first sample is in its record.
      const text = await records().catch(() => '');
      if ((text.match(/"role":"verify"/g) ?? []).length >= 3) controller.abort();
    }, 50);
    try {
      const args = ['verify', 'class', '--problem', 'problem.md', '--reference', 'reference.md', '--samples', '2', '--jobs', '1', '--concurrency', '1', '--backend', 'scripted:script.json', '--json', 'out.json', '--report', 'report.html'];
      expect(await main(args, cli)).toBe(130);
    } finally {
      clearInterval(timer);
    }
    const json = JSON.parse(await readFile(join(dir, 'out.json'), 'utf8'));
    const b = json.proofs.find((p: { file: string }) => p.file === 'class/b.md');
    expect(b).toMatchObject({ status: 'error', error: 'cancelled' });
    // Only a's mean: b's one finished sample (0) must not pull the class mean to 0.5.
    expect(json.summary).toMatchObject({ proofs: 2, verified: 1, failed: 1, noVerdict: 0, meanScore: 1, meanPoints: 7 });
    expect(cli.out).toContain('class/b.md: error: cancelled (1 of 2 samples finished)');
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    const row = html.match(/<a href="#proof-\d+">class\/b\.md<\/a><\/td>\s*<td[^>]*>(.*?)<\/td>/s)?.[1] ?? '';
    expect(row).toContain('error');
  });
});

describe('eval on the datasets researchers have', () => {
  it('reads a JSONL saved with a BOM and grades written as strings, and refuses a grade outside 0–7 by its line before any model call', async () => {
    const line = (id: string, grade: unknown) => JSON.stringify({ id, problem: 'P', proof: `Proof EVAL-${id}-END.`, grade, level: 'easy' });
    await put({
      'good.jsonl': '\ufeff' + [line('a', '7'), line('b', 0)].join('\r\n'),
      'bad.jsonl': [line('a', 7), '', line('b', 8)].join('\n'),
      'script.json': JSON.stringify({
        rules: [
          { role: 'verify', match: 'EVAL-a-END', responses: ['Here is my evaluation of the solution:\n\nok\n\nBased on my evaluation, the final overal score should be:\n\\boxed{1}'] },
          { role: 'verify', match: 'EVAL-b-END', responses: ['Here is my evaluation of the solution:\n\nbad\n\nBased on my evaluation, the final overal score should be:\n\\boxed{0}'] },
        ],
      }),
    });
    const good = captureIO(dir);
    expect(await main(['eval', 'good.jsonl', '--backend', 'scripted:script.json', '--samples', '1', '--by', 'level', '--json'], good)).toBe(0);
    // a: human 7 (pass), model 1 (pass); b: human 0 (fail), model 0 (fail): 2 of 2 agree.
    expect(JSON.parse(good.out).overall).toMatchObject({ items: 2, compared: 2, accuracy: 1 });

    const bad = captureIO(dir);
    const before = await records();
    expect(await main(['eval', 'bad.jsonl', '--backend', 'scripted:script.json', '--samples', '1'], bad)).toBe(1);
    expect(bad.err).toBe(`proofwright: error: ${join(dir, 'bad.jsonl')}:3: must be a number from 0 to 7 (0–7, or 0/0.5/1) (grade)\n`);
    expect(await records()).toBe(before);
  });
});
