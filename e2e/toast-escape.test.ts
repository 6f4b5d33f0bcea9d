// A toast never keeps a control from the user: toasts sit bottom-right (VS Code's place) and clicks pass
// through their text, but the action button covered what lay under it for the toast's 30 s. Escape hides
// the toast, as VS Code's notifications do, and so does its close button. Serve mode in Debian's
// Chromium at 1280×720, no model (Verify then says so with "Open Models & settings"), clicks and keys.
import { describe, expect, it } from 'vitest';
import { makeWorkspace, workbenchPerFile } from './support';
import { screenshotEveryLook } from './support/workbench';

const t = workbenchPerFile(() => makeWorkspace({ 'proofs/p.md': '# P\n\nSince $1 = 1$, done.\n' }));
const poll = <T,>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout });

/** What is drawn at the centre of the toast's action button once the toast is left out: the control it covers. */
const coveredByAction = () => t.page.getByTestId('notice-action').evaluate((button) => {
  const r = button.getBoundingClientRect();
  const x = r.left + r.width / 2;
  const y = r.top + r.height / 2;
  const under = document.elementsFromPoint(x, y).find((el) => !el.closest('[data-testid=notice]')) as HTMLElement | undefined;
  return { x, y, under: under ? `${under.tagName} ${under.className}`.trim() : null };
});
const drawnAt = (x: number, y: number) => t.page.evaluate(({ x, y }) => {
  const el = document.elementFromPoint(x, y) as HTMLElement | null;
  return el ? `${el.tagName} ${el.className}`.trim() : null;
}, { x, y });

async function showNoModelToast(): Promise<void> {
  await t.page.getByTestId('verify').click();
  await poll(() => t.page.getByTestId('notice-action').count()).toBe(1);
}

describe('a toast with an action', () => {
  it('goes away on Escape, and what was under its button is the page again', async () => {
    const { page, probe, wb } = t;
    await probe.openFile('proofs/p.md', { exact: true });
    await showNoModelToast();
    const { x, y, under } = await coveredByAction();
    expect(await drawnAt(x, y)).not.toBe(under);
    await screenshotEveryLook(wb, 'toast-over-panel');
    // Escape from where the user is (the Verify button just clicked).
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('notice').count()).toBe(0);
    expect(await drawnAt(x, y)).toBe(under);
    // No dialog opened by the key.
    expect(await page.locator('[role=dialog]').count()).toBe(0);
  });

  it('goes away with its close button too, and Escape inside the editor leaves the text alone', async () => {
    const { page, probe } = t;
    await showNoModelToast();
    await page.getByTestId('notice-close').click();
    await poll(() => page.getByTestId('notice').count()).toBe(0);
    await showNoModelToast();
    await page.locator('.monaco-editor .view-lines').click();
    const before = await probe.editorText();
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('notice').count()).toBe(0);
    expect(await probe.editorText()).toBe(before);
  });
});
