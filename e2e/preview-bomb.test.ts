// A macro bomb in the workbench preview (serve mode, real Chromium; issue 14): a 15 KB document whose
// one macro is used hundreds of times froze the preview for over a minute. Now the formulas past the
// preview's limits show "Too large to preview here" and the page keeps answering.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, openWorkbench, type TempWorkspace, type WorkbenchHandle } from './support';

const BODY = 'x^{2}+y^{2}+'.repeat(200);
const BOMB = `# Bomb\n\n$\\newcommand{\\blowup}{${BODY}z}$\n\n${Array.from({ length: 340 }, (_, i) => `Step ${i}: $\\blowup + \\blowup = ${i}$.`).join('\n\n')}\n\nLast line of the bomb.\n`;

let ws: TempWorkspace;
let workbench: WorkbenchHandle;
let page: Page;

beforeAll(async () => {
  ws = makeWorkspace({ 'bomb.md': BOMB });
  workbench = await openWorkbench({ workspace: ws.dir });
  page = workbench.page;
}, 180_000);

afterAll(async () => {
  await workbench?.close();
  ws?.remove();
});

describe('a macro bomb in the preview', () => {
  it('shows the formulas over the limit as too large to preview, and the page stays responsive', async () => {
    const file = page.getByRole('button', { name: 'bomb.md', exact: true });
    if (!(await file.isVisible())) await page.getByRole('button', { name: 'Files' }).click();
    await file.click();
    const preview = page.getByTestId('preview');
    await expect.poll(() => preview.innerText(), { timeout: 60_000 }).toContain('Last line of the bomb.');
    const tooLarge = preview.locator('.pw-math-error', { hasText: 'Too large to preview here' });
    expect(await tooLarge.count()).toBeGreaterThan(300);
    expect(await tooLarge.first().innerText()).toMatch(/macros together expand by more than 40,000 characters/);
    // Typeset formulas are the few that fit in the budget, not all 340.
    expect(await preview.locator('.katex:not(.katex .katex)').count()).toBeLessThan(20);
    // The page answers: a script runs and the file list opens.
    expect(await page.evaluate(() => document.title.length >= 0)).toBe(true);
    await page.getByRole('button', { name: 'Files' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'bomb.md', exact: true }).isVisible(), { timeout: 20_000 }).toBe(true);
  });
});
