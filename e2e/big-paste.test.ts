// A 1.8 MB paste (NOTES: it never synced; 180 KB took 11.6 s): pasted as Ctrl+V does (a paste event
// on Monaco's input), it reaches the engine, the engine's document answers it, and Ctrl+S writes all of
// it to the file. The wait was the preview's scroll handler laying out every off-screen row above the
// top on each scroll event while the preview followed the editor to the end of the paste
// (PreviewPane firstRowBelow). Serve mode, real engine, Chromium; the file is read from disk.
/* eslint-disable @typescript-eslint/no-explicit-any -- the page callbacks run in the browser against untyped window handles */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkspace, workbenchPerFile } from './support';

const t = workbenchPerFile(() => makeWorkspace({ 'big.md': '' }), {}, { setupTimeoutMs: 180_000 });

const LINE = 'Pasted line with $\\frac{a}{b}$ and $x^2$.\n\n';
const SIZE = 1_800_000;
const PASTE = LINE.repeat(Math.ceil(SIZE / LINE.length)).slice(0, SIZE);

describe('a 1.8 MB paste', () => {
  it('reaches the engine, gets its document, and is saved whole', async () => {
    const { page, probe, ws } = t;
    await probe.openFile('big.md');
    await probe.pasteIntoEditor(PASTE);
    expect(await page.evaluate(() => (window as any).__pwEditor.editor.getModel().getValueLength())).toBe(SIZE);
    // The engine's parsed document is the editor's text (its steps reach the end of the paste).
    await expect.poll(() => probe.state<number>('(s) => s.doc ? s.doc.text.length : 0'), { timeout: 480_000, interval: 2_000 }).toBe(SIZE);
    await expect.poll(probe.synced, { timeout: 60_000 }).toBe(true);
    expect(await probe.state<number>('(s) => s.doc.steps.length')).toBeGreaterThan(30_000);
    await page.keyboard.press('Control+S');
    await page.getByTestId('docname').filter({ hasNotText: '•' }).waitFor({ timeout: 120_000 });
    expect(readFileSync(join(ws.dir, 'big.md'), 'utf8')).toBe(PASTE);
  }, 600_000);
});
