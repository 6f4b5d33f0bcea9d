// A 3,000-line text typed in one go (Ctrl+A, then Playwright's keyboard.insertText, as rev14's walk 4
// did: 150 KB, a heading every 50 lines) held the page for minutes: Monaco typed it a character at a
// time, one edit and one merge over every view event so far for each (renderer/editor/longType.ts).
// It now reaches the editor's model as one edit, as a paste does: counted here on the model's change
// events, with the text exactly as given (no auto-closed `$` or `{`, no auto-indent), the preview's
// last line and the engine's document. Keys typed one at a time keep the typing rules (guard).
// Serve mode, real engine, Chromium.
/* eslint-disable @typescript-eslint/no-explicit-any -- the page callbacks run in the browser against untyped window handles */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, makeWorkspace, workbenchPerFile } from './support';

const t = workbenchPerFile(() => makeWorkspace({ 'a.md': readFileSync(join(REPO_ROOT, 'resources', 'samples', 'sum-of-cubes.md'), 'utf8') }));

const BIG = Array.from({ length: 3000 }, (_, i) => (i % 50 === 0 ? `\n## Part ${i}\n` : `Line ${i}: since $x_{${i}} = ${i}^2$ we have $x_{${i}} \\ge 0$.`)).join('\n');

/** Counts the editor model's content-change events from now on (read with `changes()`). */
const countChanges = `(() => { const m = window.__pwEditor.editor.getModel(); window.__pwChanges = 0; m.onDidChangeContent(() => window.__pwChanges++); })()`;

describe('a 3,000-line text typed in one go', () => {
  // First, on the sample as opened: the typing rules still apply to keys (guard).
  it('keys typed one at a time still follow the typing rules (guard)', async () => {
    const { page, probe } = t;
    await probe.openFile('a.md', { exact: true });
    // The document in and settled first: right after opening, CI once saw `(` typed without its `)`.
    await expect.poll(probe.synced, { timeout: 60_000 }).toBe(true);
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Then (', { delay: 50 });
    // `(` auto-closed as Monaco types it; a short insert is typed by the same rules.
    await expect.poll(async () => (await probe.editorText()).slice(-12)).toMatch(/Then \(\)$/);
    await page.keyboard.insertText('x');
    await expect.poll(async () => (await probe.editorText()).slice(-12)).toMatch(/Then \(x\)$/);
  });

  it('goes in as one edit, exactly as given, and the preview and engine reach its end', async () => {
    const { page, probe } = t;
    await probe.openFile('a.md', { exact: true });
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+A');
    await page.evaluate(countChanges);
    await page.keyboard.insertText(BIG);
    expect(await page.evaluate(() => (window as any).__pwChanges)).toBe(1);
    expect(await probe.editorText()).toBe(BIG);
    await expect.poll(() => page.getByTestId('preview').innerText(), { timeout: 120_000 }).toContain('Line 2999: since');
    await expect.poll(probe.synced, { timeout: 120_000 }).toBe(true);
    expect(await probe.state<number>('(s) => s.doc.text.length')).toBe(BIG.length);
  }, 240_000);
});
