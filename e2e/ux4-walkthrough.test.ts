// A user's walkthrough (2026-12-01, serve mode in Chromium, scripted DeepSeek-style sample backend,
// clicks and keys only; the store and the editor are only read):
// - A 3,000-line proof opened from Files: the dialog stayed as it was, with no sign that anything was
//   opening, for the 4–28 s the load took, and the keys typed meanwhile went nowhere, silently (since
//   wb5 they are kept and typed into the file once it is open).
// - Models & settings with the scripted backend in use: focus landed on the "local" radio button, so
//   an arrow key or Space there switched the form to another kind of backend.
// - The separators: Home and End did nothing (the WAI-ARIA window splitter moves to its minimum and
//   maximum), and the Problem/Proof separator said 30 (%) over a short problem whose pane had far less.
// - A proof with unsaved text, changed on disk by another program; another file opened ("Replace it
//   anyway?": yes); the proof opened again: it showed the replaced unsaved text, not the file. As VS
//   Code's "Don't Save" reverts, the file is what opens; the text replaced is the recovery copy the
//   question promised, offered at the next start.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cauchyWorkspace, longProof, workbenchPerFile } from './support';

const t = workbenchPerFile(cauchyWorkspace, { backend: 'scripted:scripts/samples.json', connectedText: 'scripted' }, { setupTimeoutMs: 120_000 });
const poll = <T,>(fn: () => T | Promise<T>, timeout = 20_000) => expect.poll(fn, { timeout });

beforeEach(async () => {
  for (let i = 0; i < 3 && (await t.page.locator('[role=dialog][aria-modal=true]').count()) > 0; i++) await t.page.keyboard.press('Escape');
});

describe('a user', () => {
  it('sees a large file opening, and the keys typed meanwhile are not silently lost', async () => {
    const { page, probe, ws } = t;
    ws.write('proofs/big.md', longProof());
    await probe.openFile('proofs/cauchy.md', { exact: true });
    // What the Files dialog says, each time it changes, from the click on the file on.
    await page.getByRole('button', { name: 'Files', exact: true }).click();
    const dialog = page.getByTestId('files-dialog');
    await dialog.waitFor();
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __pwSeen: string[] }).__pwSeen = seen;
      const record = () => {
        const text = document.querySelector('[data-testid=files-dialog]')?.textContent ?? '(closed)';
        if (seen.at(-1) !== text) seen.push(text);
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await dialog.getByRole('button', { name: 'proofs/big.md' }).click();
    // The user starts typing at once, as if the proof were open.
    await page.keyboard.type('Typed early.');
    await poll(() => probe.state<string | null>('(s) => s.path'), 120_000).toBe('proofs/big.md');
    await poll(() => dialog.count(), 60_000).toBe(0);
    const seen = await page.evaluate(() => (window as unknown as { __pwSeen: string[] }).__pwSeen);
    // It said it was opening the file while it did.
    expect(seen.some((s) => s.includes('Opening big.md'))).toBe(true);
    // The keys typed then are taken by the editor once the file is open (wb5: they were refused, with
    // the reason; e2e/wb5-walkthrough checks where they go and that none is lost).
    await poll(async () => (await probe.editorText()).includes('Typed early.'), 30_000).toBe(true);
  }, 240_000);

  it('finds focus on the backend in use when Models & settings opens', async () => {
    const { page } = t;
    await page.getByRole('button', { name: 'Models & settings' }).click();
    const dialog = page.getByTestId('settings-dialog');
    await dialog.waitFor();
    const scripted = dialog.getByRole('radio', { name: 'scripted' });
    expect(await scripted.isChecked()).toBe(true);
    await poll(() => scripted.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('moves a separator to its ends with Home and End, and each says where it stands', async () => {
    const { page, probe } = t;
    await probe.openFile('proofs/cauchy.md', { exact: true });
    /** The separator's aria values, and the share (%) of its container the pane before it has on screen. */
    const read = (testId: string) => page.getByTestId(testId).evaluate((handle) => {
      const pane = handle.parentElement!.querySelector('.pw-split-pane')!;
      const box = handle.closest('.pw-split')!;
      const row = box.classList.contains('pw-split-row');
      const shown = 100 * (row ? pane.getBoundingClientRect().width / box.clientWidth : pane.getBoundingClientRect().height / box.clientHeight);
      const n = (name: string) => Number(handle.getAttribute(name));
      return { now: n('aria-valuenow'), min: n('aria-valuemin'), max: n('aria-valuemax'), shown };
    });
    const matches = (r: { now: number; shown: number }) => Math.abs(r.now - r.shown) <= 1.5;
    for (const id of ['split-left-0', 'split-columns-0']) {
      const handle = page.getByTestId(id);
      // As it stands: the number it reports is the share on screen.
      expect(matches(await read(id)), `${id} at rest: ${JSON.stringify(await read(id))}`).toBe(true);
      await handle.focus();
      // One arrow key back: the pane shrinks at once, and the number follows.
      const before = await read(id);
      await page.keyboard.press(id === 'split-left-0' ? 'ArrowUp' : 'ArrowLeft');
      await poll(async () => (await read(id)).shown).toBeLessThan(before.shown - 0.5);
      await poll(async () => matches(await read(id))).toBe(true);
      // Home: at its minimum, said and shown.
      await page.keyboard.press('Home');
      await poll(async () => { const r = await read(id); return r.now === r.min && matches(r); }).toBe(true);
      // End: as far as it goes, said and shown (the problem pane no taller than its statement).
      await page.keyboard.press('End');
      await poll(async () => (await read(id)).shown).toBeGreaterThan((await read(id)).min + 1);
      await poll(async () => matches(await read(id))).toBe(true);
      await poll(async () => { const r = await read(id); return r.now === r.max; }).toBe(true);
      // Back to where it was for the tests after.
      for (let k = 0; k < 50 && (await read(id)).shown > before.shown + 2; k++) await page.keyboard.press(id === 'split-left-0' ? 'ArrowUp' : 'ArrowLeft');
    }
    // The findings column's separator: Home and End give the column its smallest and largest share.
    const column = page.getByRole('separator', { name: 'Resize the findings column' });
    await column.focus();
    const value = async () => Number(await column.getAttribute('aria-valuenow'));
    await page.keyboard.press('Home');
    await poll(value).toBe(Number(await column.getAttribute('aria-valuemin')));
    await page.keyboard.press('End');
    await poll(value).toBe(Number(await column.getAttribute('aria-valuemax')));
    expect(await value()).toBeGreaterThan(Number(await column.getAttribute('aria-valuemin')));
  });

  it('opens the file as it is on disk after its unsaved text was replaced, and keeps that text as the recovery copy', async () => {
    const { page, probe, ws } = t;
    ws.write('proofs/elsewhere.md', 'Elsewhere.\n');
    const questions: string[] = [];
    page.on('dialog', (d) => void questions.push(d.message()));
    await probe.openFile('proofs/cauchy.md', { exact: true });
    await page.evaluate(() => (window as unknown as { __pwEditor: { editor: { focus(): void } } }).__pwEditor.editor.focus());
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Not saved.');
    await poll(probe.synced).toBe(true);
    // Another program changes the file; the user opens another one and answers "Replace it anyway?": yes.
    ws.write('proofs/cauchy.md', 'Changed on disk.\n');
    await probe.openFile('proofs/elsewhere.md');
    expect(questions.some((q) => /cauchy\.md has unsaved changes\. Replace it anyway\?/.test(q))).toBe(true);

    // cauchy.md again: the file as it is on disk, nothing unsaved, in the editor and in the engine alike.
    await probe.openFile('proofs/cauchy.md', { exact: true });
    await poll(() => probe.editorText()).toBe(readFileSync(join(ws.dir, 'proofs/cauchy.md'), 'utf8'));
    expect(await page.getByTestId('docname').textContent()).toBe('cauchy.md');
    expect(await page.evaluate(async () => {
      const s = (window as unknown as { __pwStore: { getState(): { docId: string; engine: { getDocument(a: { docId: string }): Promise<{ dirty: boolean; text: string }> } } } }).__pwStore.getState();
      const d = await s.engine.getDocument({ docId: s.docId });
      return { dirty: d.dirty, text: d.text };
    })).toEqual({ dirty: false, text: 'Changed on disk.\n' });

    // The text replaced is not lost: the next start offers it, and it comes back.
    await page.reload();
    await page.getByTestId('connection').waitFor({ timeout: 60_000 });
    const recover = page.getByTestId('recover-dialog');
    await poll(() => recover.count(), 30_000).toBe(1);
    await recover.getByRole('button', { name: 'Restore cauchy.md' }).click();
    await poll(() => probe.editorText()).toContain(' Not saved.');
  }, 120_000);
});
