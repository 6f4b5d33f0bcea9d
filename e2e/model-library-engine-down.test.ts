// The model library's load settings when the engine goes away while the dialog is open, in Chromium
// through serve mode: closing with typed values must not drop them without a word (wb14's open item).
import { mkdtempSync, rmSync } from 'node:fs';
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
});
