// The model library at the edges of its ranges, in Chromium through serve mode (reviewer rev18 F1–F3,
// F8): a model imported under a long file name can be inspected and removed and keeps every row's
// buttons in the dialog; the largest context the field takes gives an estimate; a GPU-layer count out
// of range is refused in the form with its range, not by the engine's schema.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyGguf } from '../scripts/make-tiny-gguf';
import { makeWorkspace, openWorkbench, type TempWorkspace, type WorkbenchHandle } from './support';

// 230 characters: over the 200 the contract took for ids before, under the library's 255-byte file names.
const LONG = 'a'.repeat(225);
let ws: TempWorkspace;
let base: string;
let modelsDir: string;
let workbench: WorkbenchHandle;
let page: Page;
const poll = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'pw-e2e-limits-'));
  modelsDir = join(base, 'models');
  writeTinyGguf(join(base, 'tiny.gguf'), { size: 'test', seed: 7 });
  copyFileSync(join(base, 'tiny.gguf'), join(base, `${LONG}.gguf`));
  ws = makeWorkspace({ 'proof.md': 'A proof.\n' });
  workbench = await openWorkbench({ workspace: ws.dir, env: { PROOFWRIGHT_MODELS_DIR: modelsDir } });
  page = workbench.page;
});

afterAll(async () => {
  await workbench?.close();
  ws?.remove();
  if (base) rmSync(base, { recursive: true, force: true });
});

describe('model library limits', () => {
  it('inspects a model with a long file name, keeps its buttons in the dialog, and removes it', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByTestId('open-library').click();
    const dialog = page.getByTestId('model-library');
    await dialog.getByTestId('tab-mine').click();
    await dialog.getByLabel('Import GGUF path').fill(join(base, `${LONG}.gguf`));
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    const row = dialog.getByTestId(`model-${LONG}`);
    await poll(() => row.count()).toBe(1);
    // Both files carry one model name (general.name): the message names the file (rev18 F7).
    const notice = page.getByTestId('notice');
    await poll(() => notice.textContent()).toContain(`Imported proofwright-tiny-test-seed7 (${LONG}.gguf).`);
    // The toast covers none of the dialog's controls (at the bottom right it hid Import: rev18 F12).
    const overlap = () => page.evaluate(() => {
      const toast = document.querySelector('[data-testid="notice"]')!.getBoundingClientRect();
      const controls = [...document.querySelectorAll('[data-testid="model-library"] :is(button, input, select)')];
      const covered = controls.filter((c) => {
        const r = c.getBoundingClientRect();
        return r.width > 0 && !(toast.bottom <= r.top || toast.top >= r.bottom || toast.right <= r.left || toast.left >= r.right);
      });
      return covered.length === 0 ? 'apart' : `toast ${toast.top}–${toast.bottom} over ${covered.map((c) => c.textContent || c.getAttribute('aria-label')).join(', ')}`;
    });
    expect(await overlap()).toBe('apart');
    await workbench.browser.screenshot('model-library-import-toast-1280x720');
    await page.setViewportSize({ width: 1920, height: 1080 });
    expect(await overlap()).toBe('apart');
    await workbench.browser.screenshot('model-library-import-toast-1920x1080');
    await page.setViewportSize({ width: 1280, height: 720 });
    // Guard: a short name beside it shows whole. Pasted in quotes, as a file manager's "Copy as path"
    // gives it: read as the path inside them (rev18 F12).
    await dialog.getByLabel('Import GGUF path').fill(`"${join(base, 'tiny.gguf')}"`);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    const short = dialog.getByTestId('model-tiny');
    await poll(() => short.count()).toBe(1);
    await poll(() => notice.textContent()).toContain('Imported proofwright-tiny-test-seed7 (tiny.gguf).');
    const shortName = short.getByTestId('row-name');
    expect(await shortName.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

    for (const [width, height] of [[1280, 720], [1920, 1080]]) {
      await page.setViewportSize({ width, height });
      // The name is cut, its whole in the tooltip; the table fits the dialog and Remove is in view.
      const name = row.getByTestId('row-name');
      expect(await name.getAttribute('title')).toContain(LONG);
      const fits = await page.evaluate(() => {
        const body = document.querySelector('[data-testid="model-library"] .pw-modal-body')!;
        const box = body.getBoundingClientRect();
        const buttons = [...body.querySelectorAll('[data-testid="my-models"] [data-testid="remove"]')].map((b) => b.getBoundingClientRect());
        return { noSideScroll: body.scrollWidth <= body.clientWidth, buttons: buttons.every((b) => b.left >= box.left && b.right <= box.right + 1) };
      });
      expect(fits).toEqual({ noSideScroll: true, buttons: true });
      await workbench.browser.screenshot(`model-library-long-name-${width}x${height}`);
    }

    await row.getByTestId('inspect').click();
    const card = dialog.getByTestId('inspect-card');
    await poll(() => card.getByTestId('card-architecture').textContent()).toBe('llama');
    await row.getByTestId('inspect').click();

    await row.getByTestId('remove').click();
    expect(await dialog.getByRole('alertdialog').textContent()).toContain(`Remove proofwright-tiny-test-seed7 (${LONG}.gguf)?`);
    await dialog.getByRole('alertdialog').getByTestId('confirm-remove').click();
    await poll(() => row.count()).toBe(0);
    expect(existsSync(join(modelsDir, `${LONG}.gguf`))).toBe(false);
  });

  it('estimates memory at the largest context the field takes, and refuses GPU layers out of range in the form', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const dialog = page.getByTestId('model-library');
    const row = dialog.getByTestId('model-tiny');
    await dialog.getByLabel('Context size').fill('2097152');
    await dialog.getByTestId('apply-load').click();
    await row.getByTestId('inspect').click();
    const card = dialog.getByTestId('inspect-card');
    // 2,097,152 tokens × 4 sequences: over the contract's old cap, which left the card "Reading the file…".
    await poll(() => card.getByTestId('card-memory').textContent()).toMatch(/at 2,097,152 tokens × 4 sequences = weights .* \+ KV cache/);
    expect(await row.textContent()).toMatch(/GiB/);

    await dialog.getByLabel('GPU layers').fill('1000000000000');
    await dialog.getByTestId('apply-load').click();
    await poll(() => dialog.getByTestId('loaded-model').getByRole('alert').textContent()).toBe('GPU layers must be auto, max or a whole number from 0 to 100000');
    // Guard: in range is saved without a word.
    await dialog.getByLabel('GPU layers').fill('100000');
    await dialog.getByTestId('apply-load').click();
    await poll(() => dialog.getByTestId('loaded-model').getByRole('alert').count()).toBe(0);
    // The save is said (an earlier "Could not save" does not stay over it); more threads than cores is warned of.
    await poll(() => page.getByTestId('notice').textContent()).toBe('Saved the load settings.');
    await dialog.getByLabel('Threads').fill('1024');
    await dialog.getByTestId('apply-load').click();
    await poll(() => page.getByTestId('notice').textContent()).toMatch(/^Saved the load settings\. 1024 threads on \d+ CPU cores: more threads than cores usually runs slower\.$/);
  });

  it('applies threads and context typed and not applied when the library closes, and stops the close on an invalid one', async () => {
    const dialog = page.getByTestId('model-library');
    // A save landing while a value is typed (an earlier Apply's answer) keeps what is typed and shows
    // the rest as saved: it wiped the typed value before, and the next Apply sent the old one.
    await dialog.getByLabel('Threads').fill('5');
    await page.evaluate(() => {
      const store = (window as unknown as { __pwStore: { getState(): { settings: { local: object } }; setState(p: object): void } }).__pwStore;
      const { settings } = store.getState();
      store.setState({ settings: { ...settings, local: { ...settings.local, gpuLayers: 7 } } });
    });
    await poll(() => dialog.getByLabel('GPU layers').inputValue()).toBe('7');
    expect(await dialog.getByLabel('Threads').inputValue()).toBe('5');
    await dialog.getByLabel('Threads').fill('3');
    await dialog.getByLabel('Context size').fill('1024');
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
    await page.getByTestId('open-library').click();
    await poll(() => dialog.getByLabel('Threads').inputValue()).toBe('3');
    expect(await dialog.getByLabel('Context size').inputValue()).toBe('1024');

    await dialog.getByLabel('Threads').fill('-1');
    await page.keyboard.press('Escape');
    await poll(() => dialog.getByTestId('loaded-model').getByRole('alert').textContent()).toMatch(/^Threads must be a whole number from 1 to 1024.*Not saved: close again/);
    expect(await dialog.count()).toBe(1);
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
    await page.getByTestId('open-library').click();
    await poll(() => dialog.getByLabel('Threads').inputValue()).toBe('3');
    // Guard: with nothing typed one Escape closes, and nothing is said.
    const before = await page.getByTestId('notice').textContent();
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
    expect(await page.getByTestId('notice').textContent()).toBe(before);
  });

  it('leads to the model library where import lives: the welcome guide\'s import button, and the message for a model outside the workspace', async () => {
    // Reviewer rev18 F10: both pointed at Models & settings, which has no Import.
    await page.getByTestId('welcome-models').click();
    const library = page.getByTestId('model-library');
    await poll(() => library.count()).toBe(1);
    await library.getByTestId('tab-mine').click();
    expect(await library.getByRole('button', { name: 'Import', exact: true }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await poll(() => library.count()).toBe(0);
    // Guard: the server button still opens Models & settings.
    await page.getByTestId('welcome-server').click();
    const settings = page.getByTestId('settings-dialog');
    await poll(() => settings.count()).toBe(1);
    await settings.getByLabel('local', { exact: true }).check();
    await settings.getByLabel('GGUF model path').fill(join(base, 'tiny.gguf'));
    await settings.getByRole('button', { name: 'Use this backend' }).click();
    await poll(() => settings.textContent()).toMatch(/outside the workspace: import it into the model library first \(Model library › My models › Import\)/);
    await settings.getByLabel('GGUF model path').fill('local:no-such-model');
    await settings.getByRole('button', { name: 'Use this backend' }).click();
    await poll(() => settings.textContent()).toMatch(/no model named "no-such-model" in the library .*; see Model library › My models/);
    expect(await page.locator('body').textContent()).not.toContain('proofwright models list');
  });
});
