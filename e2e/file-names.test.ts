// File names that mislead or that Windows cannot hold (rev14 findings 2 and 6), through Files in serve
// mode, real engine, Chromium, the files read from disk. Save as `x<U+202E>gnp.md` (Files listed it as
// "xdm.png", a faked extension) and `con.md` are refused with a sentence under the field, and nothing is
// written; a file that already has a bidi control in its name is listed, opened and named with the
// character written out as [U+202E] in Files › Workspace, Recent and the toolbar's name, in its own order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { makeWorkspace, openWorkbench, type WorkbenchHandle, type TempWorkspace } from './support';
import { pageProbes } from './support/workbench';

const ODD = 'old\u202Egnp.md';
const SHOWN = 'old[U+202E]gnp.md';
let ws: TempWorkspace;
let wb: WorkbenchHandle;
let page: Page;
let probe: ReturnType<typeof pageProbes>;

const poll = <T,>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 30_000 });

beforeAll(async () => {
  ws = makeWorkspace({ 'draft.md': 'The draft proof.\n', [ODD]: 'Made by another program.\n' });
  wb = await openWorkbench({ workspace: ws.dir });
  page = wb.page;
  probe = pageProbes(page);
});

afterAll(async () => {
  await wb?.close();
  ws?.remove();
});

describe('Files › Save as a misleading or non-portable name', () => {
  it('refuses a bidi control and a Windows device name in words, and writes nothing', async () => {
    await probe.openFile('draft.md', { exact: true });
    await page.getByRole('button', { name: 'Files' }).click();
    const dialog = page.getByTestId('files-dialog');
    const field = dialog.getByLabel('Save as path (in the workspace)');
    const error = dialog.getByTestId('save-as-error');

    await field.fill('x\u202Egnp.md');
    await field.press('Enter');
    await poll(() => error.textContent()).toMatch(/^Could not save: the name "x\[U\+202E\]gnp\.md" holds U\+202E RIGHT-TO-LEFT OVERRIDE, a bidirectional control/);
    expect(await error.textContent()).not.toContain('\u202E');

    await field.fill('CON.md');
    await field.press('Enter');
    await poll(() => error.textContent()).toMatch(/^Could not save: the name "CON\.md" cannot be used on Windows: CON is a device name there/);

    expect(readdirSync(ws.dir).sort()).toEqual(['draft.md', ODD].sort());
    expect(await page.getByTestId('docname').textContent()).toBe('draft.md');

    // A legal name still saves (no false alarm).
    await field.fill('console.md');
    await field.press('Enter');
    await poll(() => dialog.count()).toBe(0);
    expect(readFileSync(join(ws.dir, 'console.md'), 'utf8')).toBe('The draft proof.\n');
  });

  it('lists, opens and names a file that already has a bidi control, the character written out in its place', async () => {
    await page.getByRole('button', { name: 'Files' }).click();
    const dialog = page.getByTestId('files-dialog');
    const row = dialog.getByRole('button', { name: SHOWN, exact: true });
    await poll(() => row.count()).toBe(1);
    // What is on screen is the name in its own order: no bidi control left in the dialog to reorder it.
    expect(await row.innerText()).toBe(SHOWN);
    expect(await dialog.innerText()).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(await dialog.innerText()).not.toContain('xdm.png');
    // The glyphs are laid out left to right: "[U+202E]" starts right of "old", and "gnp.md" right of it.
    const xs = await row.evaluate((el) => {
      const text = el.querySelector('bdi')!.firstChild!;
      const at = (i: number) => { const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1); return r.getBoundingClientRect().left; };
      return [at(0), at(3), at(11), at(16)];
    });
    expect(xs).toEqual([...xs].sort((a, b) => a - b));

    await row.click();
    await poll(() => probe.state<string | null>('(s) => s.path')).toBe(ODD);
    expect(await page.getByTestId('docname').textContent()).toBe(SHOWN);
    expect(await page.getByTestId('docname').getAttribute('title')).toBe(SHOWN);
    // Its own file saves under its own name.
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Edited.');
    await poll(() => page.getByTestId('docname').textContent()).toBe(`${SHOWN} •`);
    await page.keyboard.press('Control+S');
    await poll(() => page.getByTestId('docname').textContent()).toBe(SHOWN);
    // The Saved notice quotes the name written out too: its override had reordered the notice around it.
    expect(await page.getByTestId('notice').innerText()).toBe(`Saved ${SHOWN}`);
    await poll(() => readFileSync(join(ws.dir, ODD), 'utf8')).toBe('Made by another program.\n Edited.');

    await page.getByRole('button', { name: 'Files' }).click();
    const recent = dialog.locator('section', { has: page.getByRole('heading', { name: 'Recent' }) }).getByRole('button', { name: new RegExp(`^${SHOWN.replace(/[[\]+.]/g, '\\$&')}`) });
    await poll(() => recent.count()).toBe(1);
    expect(await recent.innerText()).toBe(`${SHOWN} ${SHOWN}`);
    await page.screenshot({ path: 'e2e/artifacts/file-names-bidi-1280.png' });
  });
});
