// History › Resume of a stopped prove run whose record keeps other prompt templates than the ones loaded
// now (an earlier version's, or edited since): the run goes on with the record's and the workbench says
// so in a notice (run-actions.ts, `resumeRun`'s `note`); a record made with the loaded ones resumes
// without it. Serve mode, Debian's Chromium at 1280×720, a scripted search slow enough to stop.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillProveDialog, makeWorkspace, workbenchPerFile } from './support';

const ver = (score: string) => `Here is my evaluation of the solution:\n\nRead carefully.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}`;
const gen = `## Solution\n\nBy PROOF-ALPHA, the claim holds.\n\n## Self Evaluation\n\n${ver('1')}`;
const t = workbenchPerFile(() => makeWorkspace({
  'proofs/p.md': 'A first try.\n',
  'proofs/p.problem.md': 'Show the claim.\n',
  'scripts/slow.json': JSON.stringify({ rules: [
    { role: 'generate', exhausted: 'cycle', responses: [gen] },
    { role: 'verify', exhausted: 'cycle', responses: [{ text: ver('1'), delayMs: 2500 }] },
  ] }),
}), { backend: 'scripted:scripts/slow.json', connectedText: 'scripted' });

const poll = <T,>(fn: () => T | Promise<T>, timeout = 30_000) => expect.poll(fn, { timeout, interval: 100 });
const TEMPLATES_NOTE = /^Run (\S+): resumed with the prompt templates the run was started with \((\S+\/verify) differs from the one loaded now, which this run does not use\)\.$/;

/** A search of 1 candidate and 2 slow verifications through the Prove dialog, stopped after its generation; its run id. */
async function proveAndStop(): Promise<string> {
  const { page, probe } = t;
  const dialog = await fillProveDialog(page, { n: 1, m: 2, T: 0, k: 1 });
  await dialog.getByTestId('prove-start').click();
  await poll(() => probe.state<number>('(s) => s.run && s.run.kind === "prove" && s.run.status === "running" ? s.run.doneCalls : -1')).toBeGreaterThanOrEqual(1);
  const runId = await probe.state<string>('(s) => s.run.runId');
  await page.getByTestId('stop').click();
  await poll(() => page.getByTestId('run-status').textContent()).toBe('prove · cancelled');
  return runId;
}

/** History › Resume on `runId`'s row; collects every notice shown until the resumed run has completed. */
async function resumeFromHistory(runId: string): Promise<string[]> {
  const { page, probe } = t;
  await page.getByTestId('tab-history').click();
  const row = page.getByTestId('history').locator('tbody tr').filter({ has: page.getByTestId(`record-${runId}`) });
  await row.getByTestId('resume-run').click();
  const notices = new Set<string>();
  await poll(async () => {
    // The notice's text, while it is wholly inside the window (it is seen, not only in the page).
    const shown = await page.evaluate(() => {
      const el = document.querySelector('[data-testid=notice]');
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth ? (el.textContent ?? '').trim() : `(outside the window) ${el.textContent}`;
    });
    if (shown) notices.add(shown);
    return probe.state<string | null>(`(s) => s.run && s.run.runId === ${JSON.stringify(runId)} ? s.run.status : null`);
  }, 60_000).toBe('completed');
  return [...notices];
}

describe('History › Resume of a prove run', () => {
  it('says when the run goes on with the prompt templates its record keeps, not the ones loaded now', async () => {
    const { page, probe, ws } = t;
    await probe.openFile('proofs/p.md');
    // A record made with the templates loaded now: resumed without a word about them.
    const same = await proveAndStop();
    expect((await resumeFromHistory(same)).filter((n) => /prompt templates/.test(n))).toEqual([]);

    // A record whose verify template is another text than the loaded one's.
    const runId = await proveAndStop();
    const file = join(ws.dir, '.proofwright', 'runs', `${runId}.jsonl`);
    const [head, ...rest] = readFileSync(file, 'utf8').split('\n');
    const header = JSON.parse(head) as { templates: { id: string; body: string; system?: string; hash: string }[] };
    const verify = header.templates.find((x) => x.id.endsWith('/verify'))!;
    verify.body += '\n\nAn earlier wording.';
    verify.hash = createHash('sha256').update(`${verify.system ?? ''}\0${verify.body}`).digest('hex');
    writeFileSync(file, [JSON.stringify(header), ...rest].join('\n'));

    const notices = await resumeFromHistory(runId);
    const said = notices.find((n) => TEMPLATES_NOTE.test(n));
    expect(said, `notices: ${JSON.stringify(notices)}`).toBeDefined();
    const [, id, template] = TEMPLATES_NOTE.exec(said!)!;
    expect(id).toBe(runId);
    expect(template).toBe(verify.id);
    // The same run went on (its record), no new one.
    expect(readdirSync(join(ws.dir, '.proofwright', 'runs')).filter((f) => f.includes('-prove-') && f.endsWith('.jsonl')).length).toBe(2);
    await page.getByTestId('tab-run').click();
    expect(await page.getByTestId('run-status').textContent()).toBe('prove · completed');
  });
});
