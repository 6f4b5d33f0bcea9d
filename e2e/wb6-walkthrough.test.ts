// Workbench threads left open after wb5 (serve mode in Chromium at 1280×720, scripted sample backend;
// clicks and keys only, the store and the editor only read; each test failed before its fix):
// - the findings column's separator reported its stored share, and its arrow keys changed that share
//   below the 200 px floor with nothing moving on screen;
// - the "Saved" toast lay over History's last row for its 4 s: a click on the newest run hit the toast.
import { beforeEach, describe, expect, it } from 'vitest';
import { cauchyWorkspace, workbenchPerFile } from './support';

const t = workbenchPerFile(cauchyWorkspace, { backend: 'scripted:scripts/samples.json', connectedText: 'scripted' }, { setupTimeoutMs: 120_000 });
const poll = <T,>(fn: () => T | Promise<T>, timeout = 20_000) => expect.poll(fn, { timeout });

beforeEach(async () => {
  for (let i = 0; i < 3 && (await t.page.locator('[role=dialog][aria-modal=true]').count()) > 0; i++) await t.page.keyboard.press('Escape');
});

describe('a user', () => {
  it('moves the findings column separator with every arrow press, and it says the width on screen', async () => {
    const { page, probe } = t;
    await probe.openFile('proofs/cauchy.md', { exact: true });
    const column = page.getByRole('separator', { name: 'Resize the findings column' });
    /** The separator's aria values, and the findings column's share (%) of the preview pane on screen. */
    const read = () => column.evaluate((handle) => {
      const pane = handle.closest('.pw-preview-pane')!.getBoundingClientRect();
      const shown = (100 * (pane.right - handle.getBoundingClientRect().right)) / pane.width;
      const n = (name: string) => Number(handle.getAttribute(name));
      return { now: n('aria-valuenow'), min: n('aria-valuemin'), max: n('aria-valuemax'), shown, left: handle.getBoundingClientRect().left };
    });
    await column.focus();
    // Home: the column at its narrowest, which the 200 px floor decides in this pane (over 15 %).
    await page.keyboard.press('Home');
    await poll(async () => { const r = await read(); return r.now === r.min && Math.abs(r.now - r.shown) <= 1.5 ? true : JSON.stringify(r); }).toBe(true);
    const narrowest = await read();
    expect(narrowest.min).toBeGreaterThan(15);
    // Another press towards narrower is refused at the end: the value stays where the column is.
    await page.keyboard.press('ArrowRight');
    const refused = await read();
    expect(refused.now).toBe(narrowest.now);
    expect(Math.abs(refused.left - narrowest.left)).toBeLessThan(0.5);
    // Each press towards wider moves the separator on screen, and the number follows it, up to End.
    let last = narrowest;
    for (let k = 0; k < 60 && last.now < last.max; k++) {
      await page.keyboard.press('ArrowLeft');
      await poll(async () => (await read()).left, 5_000).toBeLessThan(last.left - 1);
      const r = await read();
      expect(Math.abs(r.now - r.shown), JSON.stringify(r)).toBeLessThanOrEqual(1.5);
      expect(r.now).toBeGreaterThan(last.now);
      last = r;
    }
    expect(last.now).toBe(last.max);
    // Back to its usual place for whoever reads the preview next.
    for (let k = 0; k < 60 && (await read()).now > 34; k++) await page.keyboard.press('ArrowRight');
  });

  it("clicks History's rows while the Saved toast shows", async () => {
    const { page, probe } = t;
    await probe.openFile('proofs/cauchy.md', { exact: true });
    // Enough runs to fill History's pane down to the window's bottom, where the toast shows.
    for (let i = 0; i < 8; i++) await probe.verifyAndWait();
    await page.getByTestId('tab-history').click();
    const history = page.getByTestId('history');
    await history.waitFor({ timeout: 15_000 });
    await probe.pasteIntoEditor('A remark.\n', { atEnd: true });
    await poll(() => probe.state<boolean>('(s) => s.dirty')).toBe(true);
    await page.keyboard.press('Control+s');
    const notice = page.getByTestId('notice');
    await poll(() => notice.textContent()).toContain('Saved');
    // The last row on screen, where the panel ends (the toast's height above the window's bottom).
    const hits = await history.locator('tbody tr').evaluateAll((rows) => {
      const body = rows[0].closest('.pw-tab-body')!.getBoundingClientRect();
      const shown = rows.filter((r) => r.getBoundingClientRect().bottom <= body.bottom + 1);
      const last = shown[shown.length - 1];
      const box = last.getBoundingClientRect();
      const toast = document.querySelector('[data-testid=notice]')!.getBoundingClientRect();
      const y = box.top + box.height / 2;
      // Its centre, both ends, and the point under the toast's middle: each reaches the row.
      const xs = [box.left + box.width / 2, box.left + 4, box.right - 4, toast.left + toast.width / 2];
      const overlaps = toast.top < box.bottom && toast.bottom > box.top && toast.left < box.right;
      return { under: xs.map((x) => last.contains(document.elementFromPoint(x, y))), overlaps, toastVisible: toast.width > 0, rows: rows.length };
    });
    expect(hits.toastVisible).toBe(true);
    // The toast does lie over that row (the case the user met), and the row still takes the clicks.
    expect(hits.overlaps, JSON.stringify(hits)).toBe(true);
    expect(await notice.isVisible()).toBe(true);
    expect(hits.under, JSON.stringify(hits)).toEqual([true, true, true, true]);
    // The toast is still read: its text is on screen, in the window.
    const box = (await notice.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
  });
});
