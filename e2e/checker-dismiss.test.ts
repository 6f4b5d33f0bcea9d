// A dismissed checker finding stays dismissed while the text above it changes (serve mode, real
// engine and checker, Chromium). The sum-of-cubes sample has one checker finding (its slip); the
// user dismisses its card, then types a line above it: the marker, the Problems row and the card must
// not come back, since nothing about the slip changed.
/* eslint-disable @typescript-eslint/no-explicit-any -- the page callbacks run in the browser against untyped window handles */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { REPO_ROOT, makeWorkspace, workbenchPerFile } from './support';

const t = workbenchPerFile(() => makeWorkspace());

const poll = <T,>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 15_000, ...options });
const checkerMarkers = async () => (await t.probe.markers('proofwright')).filter((m) => m.message.includes('computer algebra, not a model'));
const checkerRows = () => t.page.locator('[data-testid=problem][data-source=checker]');
const checkerCards = () => t.page.locator('[data-testid=step-card] .pw-checker');

describe('dismissing a checker finding', () => {
  it('stays dismissed after a line is typed above it', async () => {
    const { page, probe } = t;
    await probe.openSample('sum-of-cubes');
    await page.getByTestId('tab-problems').click();
    await poll(() => checkerCards().count()).toBe(1);
    await checkerCards().first().getByRole('button', { name: 'Dismiss' }).click();
    await poll(() => checkerRows().count()).toBe(0);
    await poll(async () => (await checkerMarkers()).length).toBe(0);

    await page.evaluate(() => {
      const { editor } = (window as any).__pwEditor;
      editor.setPosition({ lineNumber: 2, column: 1 });
      editor.focus();
    });
    await page.keyboard.type('A line typed above the slip.\n');
    await poll(probe.synced).toBe(true);
    // The checker has answered for the new text once its version is the one on screen.
    await poll(() => probe.state<boolean>('(s) => s.checkerVersion === s.docVersion')).toBe(true);
    await page.screenshot({ path: join(REPO_ROOT, 'e2e', 'artifacts', 'checker-dismissed-typed-above.png') });
    expect(await checkerRows().count()).toBe(0);
    expect(await checkerCards().count()).toBe(0);
    expect(await checkerMarkers()).toEqual([]);
  });
});
