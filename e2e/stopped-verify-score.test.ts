// A stopped verify run is not scored by the samples that happened to finish (reviewer rev19 F2: Run
// panel "verify · cancelled … score 1.00", History "cancelled · 4 · 1.00", "Kept: its 4 finished
// calls" when 2 of 4 had finished). Serve mode, scripted backend (two samples answer at once, two
// are slow and cut by Stop), Debian's Chromium, clicks; the store is only read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, cauchyWorkspace, openWorkbench, type TempWorkspace, type WorkbenchHandle } from './support';
import { pageProbes } from './support/workbench';

const SAMPLES = join(REPO_ROOT, 'resources', 'samples');
const VERIFY = '../outputs/cauchy-equation.deepseek.verify.txt';

let ws: TempWorkspace;
let wb: WorkbenchHandle;
let page: Page;
let probe: ReturnType<typeof pageProbes>;

const poll = <T,>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 15_000, ...options });

beforeAll(async () => {
  ws = cauchyWorkspace();
  // Calls 1 and 3 answer at once, 2 and 4 only after a minute: Stop finds 2 finished, 2 streaming.
  ws.write('scripts/half.json', JSON.stringify({ rules: [
    // second.md (its text holds SECONDMARK): one run answered at once, then every call slow.
    { role: 'verify', match: 'SECONDMARK', responses: [{ file: VERIFY }, { file: VERIFY }, { file: VERIFY }, { file: VERIFY }, { file: VERIFY, delayMs: 60_000 }] },
    { role: 'verify', responses: [
    { file: VERIFY }, { file: VERIFY, delayMs: 60_000 }, { file: VERIFY }, { file: VERIFY, delayMs: 60_000 },
  ] }] }));
  ws.write('proofs/second.md', `${readFileSync(join(SAMPLES, 'cauchy-equation.md'), 'utf8')}\nRemark: SECONDMARK.\n`);
  ws.write('proofs/second.problem.md', readFileSync(join(SAMPLES, 'cauchy-equation.problem.md'), 'utf8'));
  ws.write('proofs/first.md', readFileSync(join(SAMPLES, 'cauchy-equation.md'), 'utf8'));
  ws.write('proofs/first.problem.md', readFileSync(join(SAMPLES, 'cauchy-equation.problem.md'), 'utf8'));
  wb = await openWorkbench({ workspace: ws.dir, backend: 'scripted:scripts/half.json', connectedText: 'scripted' });
  page = wb.page;
  probe = pageProbes(page);
  await page.setViewportSize({ width: 1280, height: 720 });
});

afterAll(async () => {
  await wb?.close();
  ws?.remove();
});

describe('a stopped verify run', () => {
  it('shows how many samples gave a verdict, not their mean as the run score, in the Run tab and History', async () => {
    await probe.openFile('proofs/first.md', { exact: true });
    await page.getByTestId('verify').click();
    // Two calls finished (the fast ones), the others still going: then Stop.
    await poll(() => probe.state<number>('(s) => s.run ? s.run.doneCalls : 0'), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await page.getByTestId('stop').click();
    await poll(() => probe.state<string | null>('(s) => s.run && s.run.status'), { timeout: 30_000 }).toBe('cancelled');
    const finished = await probe.state<number>('(s) => s.run.verify.parsedSamples');
    const requested = await probe.state<number>('(s) => s.run.verify.samples.length');
    expect(finished).toBeGreaterThan(0);
    expect(finished).toBeLessThan(requested);
    const words = `stopped: ${finished} of ${requested} samples gave a verdict, no run score`;
    await poll(() => page.getByTestId('run-score').innerText()).toBe(words);
    await expect(page.getByTestId('run-cancelled-note').innerText()).resolves.toMatch(new RegExp(`^Kept: its ${finished} finished call`));
    await wb.browser.screenshot('stopped-verify-run-1280x720');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await wb.browser.screenshot('stopped-verify-run-1920x1080');
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByTestId('tab-history').click();
    await page.getByTestId('history').waitFor({ timeout: 15_000 });
    await poll(() => page.getByTestId('history-score').first().innerText()).toBe(words);
    await wb.browser.screenshot('stopped-verify-history-1280x720');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await wb.browser.screenshot('stopped-verify-history-1920x1080');
  }, 120_000);

  // rev21 F4: after Stop, the earlier run's score (kept, with its findings) stood beside the stopped
  // run's "no run score" with nothing to say it was another run's.
  it('labels the score kept from an earlier run while a later one is stopped', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await probe.openFile('proofs/second.md', { exact: true });
    await page.getByTestId('verify').click();
    await poll(() => probe.state<string | null>('(s) => s.run && s.run.status'), { timeout: 30_000 }).toBe('completed');
    const completed = await probe.state<string>('(s) => s.verify.runId');
    // The score line is shown twice (above the preview, compact, and beside the bottom tabs): both say it.
    const score = page.getByTestId('document-score');
    await poll(() => score.count()).toBe(2);
    expect(await page.getByTestId('score-earlier-run').count()).toBe(0);
    await page.getByTestId('verify').click();
    await poll(() => probe.state<string | null>('(s) => s.run && s.run.runId !== ' + JSON.stringify(completed) + ' ? s.run.status : null')).toBe('running');
    await page.getByTestId('stop').click();
    await poll(() => probe.state<string | null>('(s) => s.run && s.run.status'), { timeout: 30_000 }).toBe('cancelled');
    expect(await probe.state<string>('(s) => s.verify.runId')).toBe(completed);
    const stamp = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)/.exec(completed)!;
    const time = await page.evaluate((iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }), `${stamp[1]}-${stamp[2]}-${stamp[3]}T${stamp[4]}:${stamp[5]}:00Z`);
    await poll(() => page.getByTestId('score-earlier-run').allTextContents()).toEqual([`from the run of ${time}`, `from the run of ${time}`]);
    await wb.browser.screenshot('stopped-verify-earlier-score-1280x720');
  }, 120_000);
});
