// Files › Save as onto a file that exists: the user is asked "Replace it?" first. Cancel (keyboard or
// Escape) keeps both files untouched and the dialog open; Replace (mouse) overwrites. Bad names get a
// sentence under the field, and the app's own data folder is refused. Serve mode, real engine,
// Chromium; the files are read from disk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { makeWorkspace, openWorkbench, type WorkbenchHandle, type TempWorkspace } from './support';
import { pageProbes } from './support/workbench';

const DRAFT = 'The draft proof.\n\nIts second step.\n';
const INDUCTION = 'The induction proof, to be kept unless the user says Replace.\n';
const RUN_RECORD = '{"type":"run-started"}\n';

let ws: TempWorkspace;
let wb: WorkbenchHandle;
let page: Page;
let probe: ReturnType<typeof pageProbes>;

const poll = <T,>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 30_000, ...options });
const onDisk = (name: string) => readFileSync(join(ws.dir, name), 'utf8');

beforeAll(async () => {
  ws = makeWorkspace({ 'draft.md': DRAFT, 'induction.md': INDUCTION, '.proofwright/runs/r1.jsonl': RUN_RECORD });
  wb = await openWorkbench({ workspace: ws.dir });
  page = wb.page;
  probe = pageProbes(page);
});

afterAll(async () => {
  await wb?.close();
  ws?.remove();
});

describe('Files › Save as', () => {
  it('asks before replacing an existing file; Cancel keeps both, Replace overwrites', async () => {
    await probe.openFile('draft.md', { exact: true });
    await page.getByRole('button', { name: 'Files' }).click();
    const dialog = page.getByTestId('files-dialog');
    const field = dialog.getByLabel('Save as path (in the workspace)');
    const confirm = dialog.getByTestId('replace-confirm');

    // Keyboard: Enter saves, the question comes with Cancel focused, Enter answers Cancel.
    await field.fill('induction.md');
    await field.press('Enter');
    await poll(() => confirm.textContent()).toContain('induction.md already exists. Replace it?');
    await poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.screenshot({ path: 'e2e/artifacts/save-as-replace-1280x720.png' });
    await page.keyboard.press('Enter');
    await poll(() => confirm.count()).toBe(0);
    expect(await dialog.count()).toBe(1);
    expect(onDisk('induction.md')).toBe(INDUCTION);
    expect(onDisk('draft.md')).toBe(DRAFT);
    expect(await page.getByTestId('docname').textContent()).toBe('draft.md');

    // Escape answers Cancel too, and leaves the Files dialog open with focus back in the field.
    await field.press('Enter');
    await poll(() => confirm.count()).toBe(1);
    await page.keyboard.press('Escape');
    await poll(() => confirm.count()).toBe(0);
    expect(await dialog.count()).toBe(1);
    await poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(onDisk('induction.md')).toBe(INDUCTION);

    // Mouse: Save, then Replace.
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await confirm.getByRole('button', { name: 'Replace' }).click();
    await poll(() => dialog.count()).toBe(0);
    await poll(() => page.getByTestId('docname').textContent()).toBe('induction.md');
    expect(onDisk('induction.md')).toBe(DRAFT);
    expect(onDisk('draft.md')).toBe(DRAFT);
  });

  it('says what is wrong with a name, in words, and keeps the text', async () => {
    await page.getByRole('button', { name: 'Files' }).click();
    const dialog = page.getByTestId('files-dialog');
    const field = dialog.getByLabel('Save as path (in the workspace)');
    const error = dialog.getByTestId('save-as-error');

    await field.fill('.proofwright/runs/r1.jsonl');
    await field.press('Enter');
    await poll(() => error.textContent()).toContain('inside .proofwright, where Proofwright keeps its own data');
    expect(onDisk('.proofwright/runs/r1.jsonl')).toBe(RUN_RECORD);

    // Only spaces: a new message replaces the old one.
    await field.fill('   ');
    await field.press('Enter');
    await poll(() => error.textContent()).toBe('Enter a file name');

    await field.fill(`${'x'.repeat(300)}.md`);
    await field.press('Enter');
    await poll(() => error.textContent()).toMatch(/is too long: 303 bytes in UTF-8; at most 255/);
    const shown = (await error.textContent()) ?? '';
    expect(shown).not.toContain(ws.dir);
    expect(shown).not.toMatch(/ENAMETOOLONG|lstat/);

    expect(await probe.editorText()).toBe(DRAFT);
    expect(existsSync(join(ws.dir, '.proofwright', 'runs', 'r1.jsonl'))).toBe(true);
  });

  it('a long name: the "Saved" notice stays within the window; the Files list cuts it with an ellipsis, the full name its tooltip', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const name = `${'a'.repeat(240)}.md`; // 243 characters, one word: nothing to wrap at but the letters
    const dialog = page.getByTestId('files-dialog');
    // Open, unless the test before left it open.
    if ((await dialog.count()) === 0) await page.getByRole('button', { name: 'Files' }).click();
    await dialog.getByLabel('Save as path (in the workspace)').fill(name);
    await dialog.getByLabel('Save as path (in the workspace)').press('Enter');
    await poll(() => dialog.count()).toBe(0);
    const notice = page.getByTestId('notice');
    await poll(() => notice.textContent()).toBe(`Saved ${name}`);
    await page.screenshot({ path: 'e2e/artifacts/save-long-name-notice-1280x720.png' });
    const box = (await notice.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
    // Its text inside its box: wrapped, not running past the right edge.
    expect(await notice.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

    await page.getByRole('button', { name: 'Files' }).click();
    const entry = page.getByTestId('files-dialog').getByRole('button', { name, exact: true }).first();
    await entry.waitFor();
    await page.screenshot({ path: 'e2e/artifacts/files-long-name-1280x720.png' });
    expect(await entry.getAttribute('title')).toBe(name);
    // The dialog does not scroll sideways; the entry is cut within it.
    const body = page.getByTestId('files-dialog').locator('.pw-modal-body');
    expect(await body.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await entry.evaluate((el) => getComputedStyle(el).textOverflow)).toBe('ellipsis');
    await page.keyboard.press('Escape');
  });
});
