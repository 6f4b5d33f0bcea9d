// The rev16 break-it findings a user sees in the workbench and its exported report, in Debian's Chromium
// through serve mode:
// - F7: the checker's notes on a proof (two formulas nested too deeply) are counted alike by the
//   Problems list and the exported report's "Checker findings" column.
// - F8: a `[x](javascript:…)` link in the problem reads "x" with no href in the problem pane and in the
//   exported report (the report showed its raw source).
// - F10: `\rule{50000em}{50000em}` in the problem is a bounded box: the statement after it stays in the
//   problem pane's view, and the report is no wider than its window (a 400-brace formula widened it).
// - F11: a graded proof's report (workbench Export, and `verify FOLDER --report`) shows the reference
//   solution and the marking scheme it was graded against, folded.
// - F6: after Stop and a Resume, History's calls and the Run panel's (History › Pool) are one count,
//   and elapsed is the time the run worked, not the idle time between Stop and Resume.
// Screenshots (1280×720, 1920×1080) of the workbench and the report into e2e/artifacts/.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, makeWorkspace, workbenchPerFile } from './support';

const poll = <T,>(fn: () => T | Promise<T>, timeout = 30_000) => expect.poll(fn, { timeout, interval: 100 });
const deep = `${'{'.repeat(400)}x${'}'.repeat(400)}`;
const ver = (score: string) => `Here is my evaluation of the solution:\n\nRead carefully.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}`;
const graded = (score: string, points: string) => `${ver(score)}\nPoints awarded out of 7:\n\\boxed{${points}}`;
const gen = `## Solution\n\nBy PROOF-ALPHA, the claim holds.\n\n## Self Evaluation\n\n${ver('1')}`;

const t = workbenchPerFile(() => makeWorkspace({
  'hostile.md': `Deep braces $${deep}$ end.\n\n$$\\left(${'\\left('.repeat(200)}x${'\\right)'.repeat(200)}\\right)$$\n\nHence done.\n`,
  'hostile.problem.md': `Show it. [x](javascript:alert(13)) $\\rule{50000em}{50000em}$ $${deep}$\n\nEND-OF-STATEMENT: the last line.\n`,
  // One problem's submissions for `verify class/ --reference … --rubric … --report` (the scheme's front matter is its scale).
  'class/problem.md': 'Prove that for every integer $n \\ge 1$, $\\sum_{i=1}^{n} (2i-1) = n^2$.\n',
  'class/reference.md': 'By induction: $n=1$ gives $1 = 1^2$. REFERENCE-TEXT adding $2n+1$ gives $(n+1)^2$.\n',
  'class/scheme.md': '---\npoints: 7\n---\n- 2 points: base case $n = 1$. SCHEME-TEXT\n- 5 points: inductive step.\n',
  'class/bob.md': 'Suppose $\\sum_{i=1}^{n} (2i-1) = n^2$. Then the sum to $n+1$ is $(n+1)^2$. BOB\n',
  'class/alice.md': 'For $n = 1$ the sum is $1$; the step adds $2n+1$. ALICE\n',
  // The same proof graded in the workbench: its sibling files are its problem, reference and scheme.
  'grade/bob.md': 'Suppose $\\sum_{i=1}^{n} (2i-1) = n^2$. Then the sum to $n+1$ is $(n+1)^2$. BOB\n',
  'grade/bob.problem.md': 'Prove that for every integer $n \\ge 1$, $\\sum_{i=1}^{n} (2i-1) = n^2$.\n',
  'grade/bob.reference.md': 'By induction: $n=1$ gives $1 = 1^2$. REFERENCE-TEXT adding $2n+1$ gives $(n+1)^2$.\n',
  'grade/bob.rubric.md': '---\npoints: 7\n---\n- 2 points: base case $n = 1$. SCHEME-TEXT\n- 5 points: inductive step.\n',
  'proofs/p.md': 'A first try.\n',
  'proofs/p.problem.md': 'Show the claim.\n',
  'script.json': JSON.stringify({ rules: [
    { role: 'verify', match: 'BOB', exhausted: 'cycle', responses: [graded('0', '1')] },
    { role: 'verify', match: 'ALICE', exhausted: 'cycle', responses: [graded('1', '7')] },
    { role: 'generate', exhausted: 'cycle', responses: [gen] },
    { role: 'verify', exhausted: 'cycle', responses: [{ text: ver('1'), delayMs: 2500 }] },
  ] }),
}), { backend: 'scripted:script.json', connectedText: 'scripted' });

/** Export report, as a user clicks it; the downloaded HTML. */
async function exportReport(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('export').click()]);
  return readFileSync((await download.path())!, 'utf8');
}

/** `html` opened in a page of its own at `w`×`h`; its screenshot into e2e/artifacts/`name`-WxH.png; the page's scroll width. */
async function openReport(html: string, name: string, sizes: [number, number][]): Promise<number[]> {
  const page = await t.wb.browser.context.newPage();
  try {
    await page.setContent(html, { waitUntil: 'load' });
    const widths: number[] = [];
    for (const [w, h] of sizes) {
      await page.setViewportSize({ width: w, height: h });
      widths.push(await page.evaluate(() => document.documentElement.scrollWidth));
      // Open the folded reference and scheme for the picture (a reader's click).
      for (const summary of await page.locator('details.reference > summary, details.rubric > summary').all()) await summary.click();
      await t.wb.browser.screenshot(`${name}-${w}x${h}`, page);
      for (const summary of await page.locator('details.reference > summary, details.rubric > summary').all()) await summary.click();
    }
    return widths;
  } finally {
    await page.close();
  }
}

/** The report's summary row, by column header. */
function summaryRow(html: string): Record<string, string> {
  const head = [...html.slice(html.indexOf('<thead>'), html.indexOf('</thead>')).matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
  const cells = [...html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>')).matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((m) => m[1].replace(/<[^>]+>/g, ''));
  return Object.fromEntries(head.map((h, i) => [h, cells[i]]));
}

describe('rev16: hostile problem and proof, one count of checker findings', () => {
  it('keeps the statement in view past a huge \\rule, links without href, and counts the checker notes alike (F10, F8, F7)', async () => {
    const { page, probe } = t;
    await probe.openFile('hostile.md');
    const pane = page.getByTestId('problem-rendered');
    await poll(() => pane.textContent()).toContain('END-OF-STATEMENT');
    // F10: the rule's box is bounded (was ~900 × 900 px), and the last line of the statement is inside the pane's view.
    const geometry = () => page.evaluate(() => {
      const pane = document.querySelector<HTMLElement>('[data-testid=problem-rendered]')!;
      const box = pane.getBoundingClientRect();
      const rules = [...document.querySelectorAll<HTMLElement>('[data-testid=problem-rendered] .rule, [data-testid=preview] .rule')].map((r) => r.getBoundingClientRect());
      // The statement's own words on the rule's line: in the pane's view, not pushed below it by the box.
      const walker = document.createTreeWalker(pane, NodeFilter.SHOW_TEXT);
      let words: Text | null = null;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent?.includes('Show it.')) words = n as Text;
      const range = document.createRange();
      range.selectNodeContents(words!);
      const text = range.getBoundingClientRect();
      return {
        pane: Math.round(box.height), rules: rules.map((r) => Math.round(Math.max(r.width, r.height))),
        wordsInView: text.top >= box.top && text.bottom <= box.bottom + 1, pageWidth: document.documentElement.scrollWidth, window: window.innerWidth,
      };
    });
    for (const [w, h] of [[1280, 720], [1920, 1080]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await poll(geometry).toSatisfy((x: Awaited<ReturnType<typeof geometry>>) => x.rules.length === 1);
      await t.wb.browser.screenshot(`rev16-hostile-workbench-${w}x${h}`);
      await poll(geometry).toSatisfy((x: Awaited<ReturnType<typeof geometry>>) => x.wordsInView);
      const now = await geometry();
      // Bounded (was ~900 px): smaller than the pane, so the box never fills it.
      expect(now.rules[0]).toBeLessThan(now.pane);
      expect(now.pageWidth).toBeLessThanOrEqual(now.window);
      await t.wb.browser.screenshot(`rev16-hostile-workbench-${w}x${h}`);
    }
    // The rest of the statement is a short scroll of the pane away.
    await pane.getByText('END-OF-STATEMENT').scrollIntoViewIfNeeded();
    expect(await pane.evaluate((el) => el.scrollTop)).toBeLessThan(200);
    await page.setViewportSize({ width: 1280, height: 720 });
    // F8 (workbench): "x" is a link's text, with no href.
    expect(await pane.locator('a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]))).toEqual([['x', null]]);

    // F7: the checker's two notes (formulas nested too deeply) in Problems, with the checker's source only.
    await page.getByTestId('tab-problems').click();
    await page.getByRole('toolbar', { name: 'Filter problems' }).getByRole('combobox').selectOption('checker');
    await poll(() => page.getByTestId('problem-count').textContent()).toBe('2 shown');
    const listed = (await page.getByTestId('problem').allTextContents()).filter((x) => /nested too deeply/.test(x));
    expect(listed).toHaveLength(2);
    await page.getByRole('toolbar', { name: 'Filter problems' }).getByRole('combobox').selectOption('all');

    await probe.verifyAndWait();
    const html = await exportReport(page);
    expect(summaryRow(html)['Checker findings']).toBe('2');
    // F8 (report): the link's text, no href, no raw source; no live javascript:/data: target anywhere.
    const problem = html.slice(html.indexOf('<div class="problem">'), html.indexOf('<div class="steps">'));
    expect(problem).not.toContain('](javascript:');
    expect(problem).toContain('<a>x</a>');
    expect(html).not.toMatch(/(?:href|src)\s*=\s*["']?\s*(?:javascript|data|vbscript):/i);
    // F10 (report): no wider than its window.
    const widths = await openReport(html, 'rev16-hostile-report', [[1280, 720], [1920, 1080]]);
    expect(widths[0]).toBeLessThanOrEqual(1280);
    expect(widths[1]).toBeLessThanOrEqual(1920);
  });
});

describe('rev16 F11: a graded report shows what it was graded against', () => {
  it('shows the reference solution and the marking scheme, folded and typeset, in the workbench export and the CLI report', async () => {
    const { page, probe, ws } = t;
    await probe.openFile('grade/bob.md');
    // Its reference beside it is read (the tab's mark), so Verify grades.
    await poll(() => page.getByTestId('problem-tab-reference').textContent()).toContain('●');
    await probe.verifyAndWait();
    const html = await exportReport(page);
    const cli = (() => {
      execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'proofwright.mjs'), 'verify', 'class/', '--problem', 'class/problem.md', '--reference', 'class/reference.md',
        '--rubric', 'class/scheme.md', '--backend', 'scripted:script.json', '--samples', '1', '--report', 'cli.html'], { cwd: ws.dir, stdio: 'pipe' });
      return readFileSync(join(ws.dir, 'cli.html'), 'utf8');
    })();
    for (const report of [html, cli]) {
      expect(report).toContain('1/7 points');
      const reference = /<details class="reference"><summary>Reference solution<\/summary>(.*?)<\/details>/s.exec(report)?.[1] ?? '';
      const scheme = /<details class="rubric"><summary>Marking scheme \(7 points\)<\/summary>(.*?)<\/details>/s.exec(report)?.[1] ?? '';
      expect(reference).toContain('REFERENCE-TEXT');
      expect(reference).toContain('class="katex"');
      expect(scheme).toContain('SCHEME-TEXT');
      expect(scheme).toContain('<li>');
      // The scheme's settings (`points: 7` front matter) are not its text.
      expect(scheme).not.toContain('points: 7');
    }
    await openReport(html, 'rev16-graded-report', [[1280, 720], [1920, 1080]]);
    await openReport(cli, 'rev16-graded-cli-report', [[1280, 720]]);
  });
});

describe('rev16 F6: one call count and the time worked after Stop and Resume', () => {
  it('History and the Run panel give the same calls; elapsed leaves out the idle time between Stop and Resume', async () => {
    const { page, probe } = t;
    await probe.openFile('proofs/p.md');
    await page.getByTestId('prove').click();
    const dialog = page.getByTestId('prove-dialog');
    for (const [label, value] of [['Candidates (n)', '1'], ['Verifications per candidate (m)', '2'], ['Refinement rounds (T)', '0'], ['Refined per round (k)', '1']]) {
      await dialog.getByLabel(label).fill(value);
      await dialog.getByLabel(label).press('Tab');
    }
    await dialog.getByTestId('prove-start').click();
    await poll(() => probe.state<number>('(s) => s.run && s.run.kind === "prove" && s.run.status === "running" ? s.run.doneCalls : -1')).toBeGreaterThanOrEqual(1);
    const runId = await probe.state<string>('(s) => s.run.runId');
    await page.getByTestId('stop').click();
    await poll(() => page.getByTestId('run-status').textContent()).toBe('prove · cancelled');
    // The user leaves it stopped a while before resuming.
    const IDLE_MS = 12_000;
    await page.waitForTimeout(IDLE_MS);
    await page.getByTestId('tab-history').click();
    const row = page.getByTestId('history').locator('tbody tr').filter({ has: page.getByTestId(`record-${runId}`) });
    await row.getByTestId('resume-run').click();
    await poll(() => probe.state<string | null>(`(s) => s.run && s.run.runId === ${JSON.stringify(runId)} ? s.run.status : null`), 60_000).toBe('completed');

    await page.getByTestId('tab-history').click();
    await poll(() => row.getByTestId('history-status').textContent()).not.toMatch(/cancelled/);
    const historyCalls = Number(await row.getByTestId('history-calls').textContent());
    await row.getByTestId('show-pool').click();
    await poll(() => page.getByTestId('run-calls').textContent()).toMatch(/calls$/);
    expect(await page.getByTestId('run-calls').textContent()).toBe(`${historyCalls} calls`);
    const elapsed = page.getByTestId('run-elapsed');
    const seconds = Number(/elapsed (\d+)s/.exec((await elapsed.textContent()) ?? '')?.[1]);
    // The work: a generation, then the two 2.5 s verifications after the resume; not the 12 s idle.
    expect(seconds).toBeGreaterThanOrEqual(2);
    expect(seconds).toBeLessThan(IDLE_MS / 1000);
    expect(await elapsed.getAttribute('title')).toMatch(/time the run worked/);
    await t.wb.browser.screenshot('rev16-resumed-pool-1280x720');
  });
});
