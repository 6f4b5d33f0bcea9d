// The model library's load settings when a save cannot happen, in Chromium through serve mode: the engine
// gone while the dialog is open (wb14's open item), or a save that fails after the dialog closed: typed
// values must not be dropped without a word.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, openWorkbench, type TempWorkspace, type WorkbenchHandle } from './support';

let ws: TempWorkspace;
let base: string;
let workbench: WorkbenchHandle;
const poll = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'pw-e2e-engine-down-'));
  ws = makeWorkspace({ 'proof.md': 'A proof.\n' });
  workbench = await openWorkbench({ workspace: ws.dir, env: { PROOFWRIGHT_MODELS_DIR: join(base, 'models') } });
});

afterAll(async () => {
  await workbench?.close();
  ws?.remove();
  if (base) rmSync(base, { recursive: true, force: true });
});

describe('model library with the engine gone', () => {
  it('stops the close with the reason and keeps typed threads and context when the engine is not reachable', async () => {
    const { page } = workbench;
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByTestId('open-library').click();
    const dialog = page.getByTestId('model-library');
    await poll(() => dialog.getByLabel('Threads').count()).toBe(1);
    // Guard: with the engine there, a close applies typed values without a word in the dialog.
    await dialog.getByLabel('Threads').fill('2');
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
    await page.getByTestId('open-library').click();
    await poll(() => dialog.getByLabel('Threads').inputValue()).toBe('2');

    await dialog.getByLabel('Threads').fill('3');
    await dialog.getByLabel('Context size').fill('1024');
    await workbench.server.kill();
    // The case is an engine the workbench knows is gone (its chip says so). Pressed before the socket's
    // close reaches the page, the close still tries the save, which then fails with a toast (CI of
    // db7004b: the dialog had closed and the alert never came).
    await page.getByTestId('connection').filter({ hasText: 'engine lost' }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    const alert = dialog.getByTestId('loaded-model').getByRole('alert');
    await poll(() => alert.textContent()).toMatch(/^The engine is not reachable, so these settings cannot be saved now\. Not saved: close again/);
    expect(await dialog.count()).toBe(1);
    expect(await dialog.getByLabel('Threads').inputValue()).toBe('3');
    expect(await dialog.getByLabel('Context size').inputValue()).toBe('1024');
    await workbench.browser.screenshot('model-library-engine-down-1280x720');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await workbench.browser.screenshot('model-library-engine-down-1920x1080');
    // Asked again, the close goes ahead: the user chose to leave them.
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
  });

  it('keeps typed values whose save fails after the dialog closed: the library shows them again, with why, and Apply saves them', async () => {
    // A save that fails while the engine is there (here settings.json cannot be replaced: a folder
    // stands in its place, as a full or read-only disk would refuse it). The close goes ahead before
    // the answer comes, so the values had nowhere to stay.
    const userData = join(base, 'user-failing-save');
    const wb = await openWorkbench({ workspace: ws.dir, userData, env: { PROOFWRIGHT_MODELS_DIR: join(base, 'models') } });
    try {
      const { page } = wb;
      await page.setViewportSize({ width: 1280, height: 720 });
      const dialog = page.getByTestId('model-library');
      await page.getByTestId('open-library').click();
      await dialog.getByLabel('Threads').fill('2');
      await page.keyboard.press('Escape');
      await poll(() => dialog.count()).toBe(0);
      const settingsFile = join(userData, 'settings.json');
      await poll(() => existsSync(settingsFile)).toBe(true);
      rmSync(settingsFile);
      mkdirSync(settingsFile);

      await page.getByTestId('open-library').click();
      await poll(() => dialog.getByLabel('Threads').inputValue()).toBe('2');
      await dialog.getByLabel('Threads').fill('3');
      await dialog.getByLabel('Context size').fill('1024');
      await page.keyboard.press('Escape');
      await poll(() => dialog.count()).toBe(0);
      await poll(() => page.getByTestId('notice').textContent()).toMatch(/^Could not save the load settings: .*The values you typed are kept in Model library › Loaded model\./);

      await page.getByTestId('open-library').click();
      await poll(() => dialog.getByLabel('Threads').inputValue()).toBe('3');
      expect(await dialog.getByLabel('Context size').inputValue()).toBe('1024');
      const alert = dialog.getByTestId('loaded-model').getByRole('alert');
      await poll(() => alert.textContent()).toMatch(/^Not saved: .+\. Apply to try again\.$/);
      await wb.browser.screenshot('model-library-failed-save-1280x720');

      // The disk takes it again: Apply saves the kept values, and the next open shows them as saved.
      rmSync(settingsFile, { recursive: true });
      await dialog.getByTestId('apply-load').click();
      await poll(() => page.getByTestId('notice').textContent()).toMatch(/^Saved the load settings\./);
      await poll(() => existsSync(settingsFile)).toBe(true);
      await page.keyboard.press('Escape');
      await poll(() => dialog.count()).toBe(0);
      await page.getByTestId('open-library').click();
      await poll(() => dialog.getByLabel('Threads').inputValue()).toBe('3');
      expect(await dialog.getByLabel('Context size').inputValue()).toBe('1024');
      expect(await alert.count()).toBe(0);
    } finally {
      await wb.close();
    }
  });
});
