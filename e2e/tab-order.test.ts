// Tab order as the page is seen, as in VS Code: the toolbar, then the panes, then the panels, and round
// again. The wb6 walkthrough found the toolbar after the panels, behind a stop on <body> where Chromium
// wraps (nothing shows focus there). Serve mode in Debian's Chromium at 1280×720, Tab and Shift+Tab
// only, from page load; the page is only read.
import { describe, expect, it } from 'vitest';
import { cauchyWorkspace, workbenchPerFile } from './support';
import { screenshotEveryLook } from './support/workbench';

const t = workbenchPerFile(cauchyWorkspace, { backend: 'scripted:scripts/samples.json', connectedText: 'scripted' });
const poll = <T,>(fn: () => T | Promise<T>, timeout = 20_000) => expect.poll(fn, { timeout });

/** Where focus is: `body`, or the part of the page (`toolbar`, `guide`, `panels`, `panes`) and the control's name. */
const focused = () => t.page.evaluate(() => {
  const a = document.activeElement as HTMLElement | null;
  if (!a || a === document.body) return 'body';
  if (a.closest('.monaco-editor')) return 'editor';
  const part = a.closest('.pw-toolbar') ? 'toolbar' : a.closest('[data-testid=welcome]') ? 'guide' : a.closest('.pw-bottom') ? 'panels' : 'panes';
  return `${part}: ${a.getAttribute('aria-label') ?? a.textContent?.trim().slice(0, 24) ?? a.tagName}`;
});

/** The toolbar's controls Tab can reach, left to right as they are seen. */
const toolbarSeen = () => t.page.locator('.pw-toolbar').evaluate((bar) => [...bar.querySelectorAll<HTMLElement>('button:not([disabled]), select')]
  .filter((el) => el.offsetParent !== null)
  .sort((a, b) => a.getBoundingClientRect().left - b.getBoundingClientRect().left)
  .map((el) => `toolbar: ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 24)}`));

/**
 * Up to `n` presses of `key`, and where focus was after each; stops in the proof editor, where Tab
 * indents (Ctrl+M makes it move focus, as in VS Code).
 */
async function walk(key: 'Tab' | 'Shift+Tab', n: number): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < n && seen.at(-1) !== 'editor'; i++) {
    await t.page.keyboard.press(key);
    seen.push(await focused());
  }
  return seen;
}

describe('Tab order', () => {
  it('from the guide at a first start, past the panels comes the toolbar, with no stop on the page', async () => {
    const { page } = t;
    await poll(() => page.getByTestId('welcome').locator('[data-testid^="welcome-sample-"]').count());
    // The guide's first sample has focus at a first start (Enter opens it).
    await poll(focused).toMatch(/^guide: /);
    const seen = await walk('Tab', 40);
    expect(seen).not.toContain('body');
    // Guide, then panels, then the whole toolbar in the order it is seen, then the panes.
    const firstToolbar = seen.findIndex((s) => s.startsWith('toolbar: '));
    expect(firstToolbar).toBeGreaterThan(0);
    expect(seen[firstToolbar - 1]).toMatch(/^panels: /);
    const bar = await toolbarSeen();
    expect(seen.slice(firstToolbar, firstToolbar + bar.length)).toEqual(bar);
    expect(seen[firstToolbar + bar.length]).toMatch(/^panes: /);
    // And back: Shift+Tab from the toolbar's first control goes to the panels' last, not the page.
    await page.getByRole('button', { name: 'Files' }).focus();
    expect(await walk('Shift+Tab', 1)).toEqual([seen[firstToolbar - 1]]);
  });

  it('from page load after the first start, Tab starts at the toolbar and goes on to the panes', async () => {
    const { page, probe, wb } = t;
    await probe.openFile('proofs/cauchy.md', { exact: true });
    await page.reload();
    await page.getByTestId('connection').filter({ hasText: 'scripted' }).waitFor({ timeout: 60_000 });
    // No guide after the first start: nothing has focus until the first key.
    await poll(() => page.locator('.monaco-editor').count()).toBeGreaterThan(0);
    await page.waitForTimeout(1000);
    expect(await page.getByTestId('welcome').count()).toBe(0);
    expect(await focused()).toBe('body');
    const bar = await toolbarSeen();
    const seen = await walk('Tab', bar.length + 2);
    expect(seen.slice(0, bar.length)).toEqual(bar);
    expect(seen.slice(bar.length).every((s) => s.startsWith('panes: '))).toBe(true);
    await page.getByRole('button', { name: 'Files' }).focus();
    await screenshotEveryLook(wb, 'tab-order-toolbar-first');
  });
});
