// Ctrl+S while the engine is still busy with an earlier edit (a big paste): what was typed after the
// paste and before Ctrl+S must reach the file, and the title must not say "saved" while the editor
// holds text the file lacks. Serve mode, real engine, Chromium; the text is changed by pasting and
// typing into the editor, the file is read from disk.
/* eslint-disable @typescript-eslint/no-explicit-any -- the page callbacks run in the browser against untyped window handles */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, makeWorkspace, workbenchPerFile } from './support';

const t = workbenchPerFile(() => makeWorkspace({ 'a.md': readFileSync(join(REPO_ROOT, 'resources', 'samples', 'sum-of-cubes.md'), 'utf8') }));

const poll = <T,>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 30_000, ...options });
const onDisk = () => readFileSync(join(t.ws.dir, 'a.md'), 'utf8');

describe('saving while edits are on their way to the engine', () => {
  it('Ctrl+S right after a big paste and a few keys saves all of it', async () => {
    const { page, probe } = t;
    await probe.openFile('a.md', { exact: true });
    await page.evaluate(() => {
      const { editor } = (window as any).__pwEditor;
      const model = editor.getModel();
      const last = model.getLineCount();
      editor.setPosition({ lineNumber: last, column: model.getLineMaxColumn(last) });
      editor.focus();
    });
    // The paste goes to the engine first; the keys after it wait for its answer.
    await page.keyboard.insertText('\n' + 'Pasted line with $\\frac{a}{b}$ and $x^2$.\n'.repeat(80));
    await page.keyboard.type('typed after the paste');
    await page.keyboard.press('Control+s');
    await poll(() => probe.state<string | null>('(s) => s.notice && s.notice.text')).toBe('Saved a.md');
    await poll(probe.synced).toBe(true);
    const text = await probe.editorText();
    expect(text.endsWith('typed after the paste')).toBe(true);
    await page.screenshot({ path: join(REPO_ROOT, 'e2e', 'artifacts', 'save-while-sending.png') });
    // Nothing else is typed: what was saved must be what is on screen, and the title says so.
    await poll(onDisk).toBe(text);
    expect(await page.getByTestId('docname').textContent()).toBe('a.md');
  });

  it('Ctrl+S while an earlier key is still on its way saves the keys typed after it too', async () => {
    const { page, probe } = t;
    await probe.openFile('a.md', { exact: true });
    // In one go, so the order is the user's and nothing waits between: a key (its edit leaves in the
    // next task), that task (the edit is now on its way), a second key, Ctrl+S.
    await page.evaluate(async () => {
      const { editor } = (window as any).__pwEditor;
      const model = editor.getModel();
      const last = model.getLineCount();
      editor.setPosition({ lineNumber: last, column: model.getLineMaxColumn(last) });
      editor.focus();
      editor.trigger('keyboard', 'type', { text: 'A' });
      await new Promise((resolve) => setTimeout(resolve, 0));
      editor.trigger('keyboard', 'type', { text: 'B' });
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true, bubbles: true }));
    });
    await poll(() => probe.state<string | null>('(s) => s.notice && s.notice.text')).toBe('Saved a.md');
    await poll(probe.synced).toBe(true);
    const text = await probe.editorText();
    expect(text.endsWith('AB')).toBe(true);
    await page.screenshot({ path: join(REPO_ROOT, 'e2e', 'artifacts', 'save-while-sending-key.png') });
    await poll(onDisk).toBe(text);
    expect(await page.getByTestId('docname').textContent()).toBe('a.md');
  });
});
