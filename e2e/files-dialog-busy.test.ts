// Files while the engine is busy with a 2 MB paste (review 9, finding 2): the dialog said "No .md or
// .tex files in the workspace." because it showed an empty list until the engine's listing came back,
// and a listing that failed was swallowed into the same empty list. It must say it is listing, then
// show the workspace's files (or the real error), never "no files" when it does not know. Serve mode,
// real engine, Chromium.
/* eslint-disable @typescript-eslint/no-explicit-any -- the page callbacks run in the browser against untyped window handles */
import { describe, expect, it } from 'vitest';
import { makeWorkspace, workbenchPerFile } from './support';

const t = workbenchPerFile(() => makeWorkspace({ 'big.md': '', 'one.md': 'First proof.\n', 'notes/two.tex': 'Second proof.\n' }), {}, { setupTimeoutMs: 180_000 });

const LINE = 'Lorem ipsum $x^2$ dolor sit amet, consectetur adipiscing elit.\n\n';
const SIZE = 2_000_000;
const PASTE = LINE.repeat(Math.ceil(SIZE / LINE.length)).slice(0, SIZE);
const NO_FILES = 'No .md or .tex files in the workspace.';

describe('Files with a 2 MB document on its way to the engine', () => {
  it('says it is listing, then lists the workspace; never "no files"', async () => {
    const { page, probe } = t;
    await probe.openFile('big.md');
    await probe.pasteIntoEditor(PASTE);
    // Each state the workspace section shows, recorded in the page from the moment the dialog opens.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as any).__pwListingSeen = seen;
      const record = () => {
        const list = document.querySelector('[data-testid=files-dialog] .pw-file-list');
        const text = list?.textContent ?? '';
        if (list && seen.at(-1) !== text) seen.push(text);
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByRole('button', { name: 'Files', exact: true }).click();
    const dialog = page.getByTestId('files-dialog');
    await dialog.waitFor();
    const workspace = dialog.locator('.pw-file-list').first();
    await expect.poll(() => workspace.textContent(), { timeout: 300_000, interval: 500 }).toContain('one.md');
    const seen = await page.evaluate(() => (window as any).__pwListingSeen as string[]);
    expect(seen.join(' | ')).not.toContain(NO_FILES);
    expect(await workspace.textContent()).toContain('notes/two.tex');
    expect(await workspace.textContent()).toContain('big.md');
  }, 420_000);
});
