// A macro bomb in the workbench preview (serve mode, real Chromium; issue 14): a 15 KB document whose
// one macro is used hundreds of times froze the preview for over a minute, then ~5 s under the limits.
// Now the preview typesets in slices (input is handled between them), and the formulas past the
// preview's limits show "Too large to preview here".
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
  it('is typeset in slices while typing is handled, then shows the formulas over the limit as too large', async () => {
    // Record whether the preview ever showed blocks still waiting to be typeset: the first render is
    // seconds of KaTeX, so seeing them proves it was cut into slices with the UI thread free between.
    await page.evaluate(() => {
      const w = window as unknown as { __pwSawPending?: boolean };
      w.__pwSawPending = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid=preview] .pw-pending')) w.__pwSawPending = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    const file = page.getByRole('button', { name: 'bomb.md', exact: true });
    if (!(await file.isVisible())) await page.getByRole('button', { name: 'Files' }).click();
    await file.click();
    const preview = page.getByTestId('preview');
    // Every block is on the page at once (the untypeset ones as their source). textContent, not
    // innerText, here and below: rows far below the fold are in the page but not laid out
    // (content-visibility: auto, issue 11), and innerText only reads what is laid out.
    await expect.poll(() => preview.textContent(), { timeout: 60_000 }).toContain('Last line of the bomb.');
    // Typing in the editor while the bomb is open is handled and reaches the preview.
    await page.evaluate(() => {
      // The editor handle the workbench exposes for tests (renderer/editor); untyped on window.
      type Pos = unknown;
      const { editor } = (window as unknown as {
        __pwEditor: { editor: { getModel(): { getValue(): string; getPositionAt(offset: number): Pos }; setPosition(p: Pos): void; focus(): void } };
      }).__pwEditor;
      const model = editor.getModel();
      editor.setPosition(model.getPositionAt(model.getValue().length));
      editor.focus();
    });
    await page.keyboard.type('Typed while it renders.');
    await expect.poll(() => preview.textContent(), { timeout: 60_000 }).toContain('Typed while it renders.');
    expect(await page.evaluate(() => (window as unknown as { __pwSawPending?: boolean }).__pwSawPending)).toBe(true);
    // In the end nothing is pending and the formulas past the budget say why they are not typeset.
    await expect.poll(() => preview.locator('.pw-pending').count(), { timeout: 120_000 }).toBe(0);
    const tooLarge = preview.locator('.pw-math-error', { hasText: 'Too large to preview here' });
    expect(await tooLarge.count()).toBeGreaterThan(300);
    expect(await tooLarge.first().textContent()).toMatch(/macros together expand by more than 40,000 characters/);
    // Typeset formulas are the few that fit in the budget, not all 340.
    expect(await preview.locator('.katex:not(.katex .katex)').count()).toBeLessThan(20);
    // The page answers: the file list opens.
    await page.getByRole('button', { name: 'Files' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'bomb.md', exact: true }).isVisible(), { timeout: 20_000 }).toBe(true);
  });
});
