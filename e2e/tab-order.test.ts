// Tab order as the page is seen, as in VS Code: the toolbar, then the panes, then the panels, and round
// again. The wb6 walkthrough found the toolbar after the panels, behind a stop on <body> where Chromium
// wraps (nothing shows focus there). Serve mode in Debian's Chromium at 1280×720, Tab and Shift+Tab
// only, from page load; the page is only read, but for the last test (Tab indents once the user clicked or typed in the editor; undone).
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

  it('walking in with Tab, Tab and Shift+Tab go on past the editor and the proof stays as it was (rev14: it indented line 1)', async () => {
    const { page, probe } = t;
    const text = await probe.state<string>('(s) => s.text');
    const hint = page.getByTestId('tab-hint');
    await page.getByRole('button', { name: 'Files' }).focus();
    const seen = await walk('Tab', 40);
    expect(seen.at(-1)).toBe('editor');
    await poll(() => hint.textContent()).toContain('Tab moves focus (you came in with Tab)');
    // Three more Tabs: out of the editor at the first, on to the controls after it.
    const after = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      after.push(await focused());
    }
    console.log(`[tab-order] after the editor: ${after.join(' → ')}`);
    expect(after[0]).not.toBe('editor');
    expect(after.every((s) => s !== 'editor')).toBe(true);
    // Shift+Tab back in, and once more: out again, backwards.
    expect((await walk('Shift+Tab', 3)).at(-1)).toBe('editor');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).not.toBe('editor');
    // Nothing typed: the proof and its name (no "•") as they were.
    expect(await probe.state<string>('(s) => s.text')).toBe(text);
    expect(await page.getByTestId('docname').textContent()).toBe('cauchy.md');
    await poll(() => hint.textContent()).toContain('Tab indents · Ctrl+M');
  });

  it('after a click in the editor, or a key typed there after walking in, Tab indents', async () => {
    const { page, probe } = t;
    const text = await probe.state<string>('(s) => s.text');
    const firstLine = () => probe.state<string>('(s) => s.text.split("\\n")[0]');
    // Clicked: the caret at the start of line 1, Tab indents it.
    const line1 = page.locator('[data-testid=editor] .view-line').first();
    const box = (await line1.boundingBox())!;
    await page.mouse.click(box.x + 2, box.y + box.height / 2);
    await poll(focused).toBe('editor');
    await page.keyboard.press('Home');
    await page.keyboard.press('Tab');
    await poll(firstLine).toMatch(/^\s+# /);
    await page.keyboard.press('Control+Z');
    await poll(() => probe.state<string>('(s) => s.text')).toBe(text);
    // Walked in with Tab, then a key typed: from then on Tab indents.
    await page.getByRole('button', { name: 'Files' }).focus();
    expect((await walk('Tab', 40)).at(-1)).toBe('editor');
    await page.keyboard.press('End');
    await page.keyboard.type('x');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('editor');
    await poll(() => probe.state<string>('(s) => s.text')).not.toBe(text);
    expect(await page.getByTestId('tab-hint').textContent()).toContain('Tab indents · Ctrl+M');
    await page.keyboard.press('Control+Z');
    await page.keyboard.press('Control+Z');
    await poll(() => probe.state<string>('(s) => s.text')).toBe(text);
  });
});
