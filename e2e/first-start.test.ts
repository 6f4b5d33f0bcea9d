// The first start (issue 11): a fresh user-data folder and no --backend, in Chromium through serve
// mode, using only clicks and keys — the guide → a sample with its problem → the checker's findings at
// once → Verify with no model says so with a button to Models & settings → the demo script → Verify →
// the verifier's finding beside its step. Screenshots of the guide and the verified sample at 1280×720
// and 1920×1080, light and dark, go to e2e/artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeWorkspace, openWorkbench, type TempWorkspace, type WorkbenchHandle } from './support';
import { pageProbes, screenshotEveryLook } from './support/workbench';

const poll = <T,>(fn: () => T | Promise<T>, timeout = 30_000) => expect.poll(fn, { timeout });

let ws: TempWorkspace;
let wb: WorkbenchHandle;
let page: Page;

beforeAll(async () => {
  ws = makeWorkspace();
  wb = await openWorkbench({ workspace: ws.dir });
  page = wb.page;
  await page.setViewportSize({ width: 1280, height: 720 });
});
afterAll(async () => {
  await wb?.close();
  ws?.remove();
});

describe('a first start', () => {
  it('opens the guide, not an empty document with no hint', async () => {
    const welcome = page.getByTestId('welcome');
    await poll(() => welcome.count()).toBe(1);
    expect(await welcome.textContent()).toMatch(/Open a sample.*Choose a model.*Verify/);
    await poll(() => welcome.locator('[data-testid^="welcome-sample-"]').count()).toBeGreaterThan(2);
    expect(await welcome.textContent()).not.toContain('$');
    // Keyboard: the first sample has focus, so Enter alone opens it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '')).toMatch(/^welcome-sample-/);
    await screenshotEveryLook(wb, 'first-start');
  });

  it('leads to a verified sample with the finding beside its step, by clicks and keys only', async () => {
    const probe = pageProbes(page);
    await page.getByTestId('welcome-sample-sum-of-cubes').click();
    await poll(() => page.getByTestId('docname').textContent()).toContain('sum-of-cubes');
    expect(await page.getByTestId('welcome').count()).toBe(0);
    // The problem is there, typeset; the checker's findings show without a model.
    await poll(() => page.getByTestId('problem-rendered').locator('.katex').count()).toBeGreaterThan(0);
    await poll(() => page.getByTestId('tab-problems').textContent()).toMatch(/Problems \([1-9]/);

    // Verify with no model: a message with the button that leads to the fix.
    await page.getByTestId('verify').click();
    const notice = page.getByTestId('notice');
    await poll(() => notice.textContent()).toMatch(/no model is loaded/);
    await notice.getByTestId('notice-action').click();
    const dialog = page.getByTestId('settings-dialog');
    await poll(() => dialog.count()).toBe(1);
    await dialog.getByLabel('scripted').check();
    await dialog.getByTestId('script-samples.deepseek.scripted.json').click();
    await poll(() => dialog.getByTestId('backend-status').textContent()).toContain('ready · scripted/samples-deepseek');
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);

    await page.keyboard.press('Control+Enter');
    await poll(() => probe.state<string | null>('(s) => s.run && s.run.status'), 90_000).toBe('completed');
    const card = page.locator('[data-testid=step-card]').filter({ has: page.getByTestId('finding').filter({ hasText: /arithmetic error|incorrect/ }) });
    await poll(() => card.count()).toBeGreaterThan(0);
    const rowText = await card.first().evaluate((el) => el.closest('.pw-annotation-cell')!.previousElementSibling!.textContent);
    expect(rowText).toMatch(/n\^2|\(n\+1\)/);
    // The demo verify runs without meta-verification (the default): the card says so rather than "0 confirmed".
    expect(await card.first().getByTestId('consensus').textContent()).toBe('4 of 4 flagged, not meta-verified');
    // F8: the next finding, scrolled into view (so the screenshots show it beside its step).
    await page.getByTestId('tab-problems').click();
    await page.keyboard.press('F8');
    await screenshotEveryLook(wb, 'verified-sample');
  });

  it('lists every sample under a plain-text title in the Files dialog, and the demo script answers the one written in LaTeX', async () => {
    const probe = pageProbes(page);
    await page.getByRole('button', { name: 'Files', exact: true }).click();
    const dialog = page.getByTestId('files-dialog');
    await poll(() => dialog.locator('[data-testid^="sample-"]').count()).toBeGreaterThan(3);
    const labels = await dialog.locator('[data-testid^="sample-"]').allTextContents();
    expect(labels.filter((l) => /\$|\\[a-zA-Z]/.test(l))).toEqual([]);
    expect(labels).toContain('From sample: Infinitely many primes of the form 4k+3');
    await dialog.getByTestId('sample-divisibility-pigeonhole').click();
    await poll(() => dialog.count()).toBe(0);
    await poll(() => page.getByTestId('docname').textContent()).toContain('divisibility-pigeonhole');
    // Still the demo script from the step before: Verify gets its verdict, no call fails.
    const before = await probe.state<string | null>('(s) => s.run && s.run.runId');
    await page.getByTestId('verify').click();
    await poll(() => probe.state<string | null>('(s) => s.run && s.run.runId')).not.toBe(before);
    await poll(() => probe.state<string | null>('(s) => s.run && s.run.status'), 90_000).toBe('completed');
    expect(await probe.state<number>('(s) => s.run.failedCalls')).toBe(0);
    expect(await page.getByTestId('run-status').textContent()).not.toMatch(/no verdict|failed/);
    expect(await page.getByTestId('run-score').textContent()).toContain('1');
  });
});
