// A new user's session (2026-12-01 walkthrough, serve mode in Chromium, clicks and keys only): what
// the user types lands where they expect and nothing they wrote or chose is silently lost —
// typing right after opening a document, an out-of-range number in Models & settings, a mistyped
// import path, a file another program changed while it was open.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeWorkspace, workbenchPerFile } from './support';

const t = workbenchPerFile(() => makeWorkspace({ 'proof.md': 'We prove it.\n', 'other.md': 'Another proof.\n' }));
const poll = <T,>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout });

/** The data-testid, aria-label or tag of the focused element. */
const focused = () => t.page.evaluate(() => {
  const a = document.activeElement as HTMLElement | null;
  return a?.closest('.monaco-editor') ? 'editor' : (a?.getAttribute('data-testid') ?? a?.getAttribute('aria-label') ?? a?.tagName ?? 'none');
});

// Each test starts from the workbench with no dialog open, whatever the one before left.
beforeEach(async () => {
  for (let i = 0; i < 3 && (await t.page.locator('[role=dialog][aria-modal=true]').count()) > 0; i++) await t.page.keyboard.press('Escape');
});

describe('a new user', () => {
  it('is back in the proof after closing the settings opened from the no-model notice', async () => {
    const { page, probe } = t;
    await probe.openFile('other.md');
    await page.getByTestId('verify').click();
    await poll(() => page.getByTestId('notice').textContent()).toMatch(/no model is loaded/);
    await page.getByTestId('notice-action').click();
    await poll(() => page.getByTestId('settings-dialog').count()).toBe(1);
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('settings-dialog').count()).toBe(0);
    // The toast's button that opened it is gone: focus fell to the page, and typed keys did nothing.
    await poll(focused).toBe('editor');
  });

  it('exports a report of a verified selection that says the score is the selection\'s, not the proof\'s', async () => {
    const { page, probe } = t;
    // The demo script (Models & settings › scripted), as the guide leads a new user to it.
    await page.getByRole('button', { name: 'Models & settings', exact: true }).click();
    const dialog = page.getByTestId('settings-dialog');
    await dialog.getByLabel('scripted').check();
    await dialog.getByTestId('script-samples.deepseek.scripted.json').click();
    await poll(() => dialog.getByTestId('backend-status').textContent()).toContain('ready');
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
    await probe.openSample('cauchy-equation');
    const step = await probe.state<{ line: number; label: string }>(`(s) => { const x = s.doc.steps.find((x) => x.text.startsWith('Clearly, since the identity')); return { line: x.range.startPos.line, label: x.label }; }`);
    await probe.caretAtLine(step.line);
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Control+Enter');
    await poll(() => probe.state<string | null>('(s) => s.run && s.run.kind === \'verify\' ? s.run.status : null'), 60_000).toBe('completed');
    await poll(() => page.getByTestId('score-scope').first().textContent()).toBe(`Selection ${step.label}`);
    // History says the run was of a selection, beside its score.
    await page.getByTestId('tab-history').click();
    await poll(() => page.getByTestId('history-kind').first().textContent()).toBe('verify selection');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('export').click()]);
    const html = readFileSync((await download.path())!, 'utf8');
    // The summary and the proof's heading name the selection with its score; a note says the rest was not verified.
    expect(html).toContain(`0.50<br><small class="selection">selection ${step.label} only</small>`);
    expect(html).toContain(`<span class="score">selection ${step.label} only: score 0.50</span>`);
    expect(html).toContain(`This verification covered only the selection ${step.label}: the score and the flag counts are the selection's, not the whole proof's`);
  });

  it('types into the proof right after opening a document from Files or the guide', async () => {
    const { page, probe } = t;
    // Files › Empty document, then type: the keys went to the Files button (focus went back to it),
    // so the text was lost and the space opened Files again.
    await page.getByRole('button', { name: 'Files', exact: true }).click();
    await page.getByTestId('new-empty').click();
    await poll(() => page.getByTestId('files-dialog').count()).toBe(0);
    await poll(focused).toBe('editor');
    await page.keyboard.type('Let n be odd.');
    await poll(() => probe.editorText()).toBe('Let n be odd.');
    expect(await page.getByTestId('files-dialog').count()).toBe(0);

    // Files › a workspace file: the same.
    await probe.openFile('other.md');
    await poll(focused).toBe('editor');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('X');
    await poll(() => probe.editorText()).toBe('Another proof.\nX');

    // Files › a sample.
    await probe.openSample('sum-of-cubes');
    await poll(focused).toBe('editor');
  });

  it('is told when a number in Models & settings is out of range, instead of the field showing a value not in use', async () => {
    const { page, probe } = t;
    await page.getByRole('button', { name: 'Models & settings', exact: true }).click();
    const dialog = page.getByTestId('settings-dialog');
    await poll(() => dialog.count()).toBe(1);
    const before = await probe.state<number>('(s) => s.settings.concurrency');
    const field = dialog.getByRole('spinbutton', { name: 'Concurrency' });
    await field.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('2048');
    await page.keyboard.press('Tab');
    // The engine takes at most 256: the field says so at once, and the setting in use is unchanged.
    await poll(() => dialog.getByRole('alert').allTextContents()).toContain('Concurrency must be a whole number from 1 to 256');
    expect(await probe.state<number>('(s) => s.settings.concurrency')).toBe(before);
    // No raw "invalid arguments to setSettings" toast either (a notice left from the earlier steps, such as
    // the sample just opened, may still be showing: only a notice about the setting would be wrong).
    expect((await page.getByTestId('notice').allTextContents()).filter((t) => /setSettings|invalid arguments|concurrency/i.test(t))).toEqual([]);
    // A value in range is taken.
    await field.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('8');
    await page.keyboard.press('Enter');
    await poll(() => probe.state<number>('(s) => s.settings.concurrency')).toBe(8);
    for (const [label, too] of [['Verify samples', '5000'], ['Rounds', '65'], ['Max tokens', '2000000']] as const) {
      const f = dialog.getByRole('spinbutton', { name: label });
      await f.fill(too);
      await f.press('Enter');
      await poll(() => f.getAttribute('aria-invalid')).toBe('true');
      await f.press('Control+a');
      await page.keyboard.type('4');
      await f.press('Enter');
    }
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
  });

  it('keeps a mistyped import path in the field to correct it', async () => {
    const { page, ws } = t;
    await page.getByTestId('open-library').click();
    const library = page.getByTestId('model-library');
    await poll(() => library.count()).toBe(1);
    await library.getByTestId('tab-mine').click();
    const field = library.getByLabel('Import GGUF path');
    const typo = join(ws.dir, 'models', 'my-modle.gguf');
    await field.fill(typo);
    await field.press('Enter');
    await poll(() => page.getByTestId('notice').textContent()).toMatch(/Could not import the model: .*no such file/);
    // The path the user typed is still there (it was cleared: a long path to type again).
    expect(await field.inputValue()).toBe(typo);
    await page.keyboard.press('Escape');
    await poll(() => library.count()).toBe(0);
  });

  it('asks before Save replaces a file another program changed since it was opened', async () => {
    const { page, probe, ws } = t;
    await probe.openFile('proof.md');
    const file = join(ws.dir, 'proof.md');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('Typed here.');
    await poll(() => probe.synced()).toBe(true);
    // Written once the text here has unsaved edits (a clean document would be reloaded from disk: e2e/disk-changes).
    writeFileSync(file, 'We prove it.\nA line added in another editor.\n');
    await poll(() => page.getByTestId('notice').textContent()).toContain('proof.md changed on disk');

    // Cancel: the file keeps the other program's text, this text stays here, unsaved.
    page.removeAllListeners('dialog');
    const questions: string[] = [];
    page.on('dialog', (d) => {
      questions.push(d.message());
      void d.dismiss();
    });
    await page.keyboard.press('Control+s');
    await poll(() => questions.length).toBe(1);
    expect(questions[0]).toMatch(/proof\.md was changed on disk/);
    await poll(() => page.getByTestId('notice').textContent()).toMatch(/Not saved/);
    expect(readFileSync(file, 'utf8')).toBe('We prove it.\nA line added in another editor.\n');
    expect(await page.getByTestId('docname').textContent()).toContain('•');
    expect(await probe.editorText()).toBe('We prove it.\nTyped here.');

    // OK: this text replaces the file; the next save asks nothing.
    page.removeAllListeners('dialog');
    page.on('dialog', (d) => {
      questions.push(d.message());
      void d.accept();
    });
    await page.keyboard.press('Control+s');
    await poll(() => readFileSync(file, 'utf8')).toBe('We prove it.\nTyped here.');
    expect(questions.length).toBe(2);
    await poll(() => page.getByTestId('docname').textContent()).not.toContain('•');
    await page.keyboard.type(' Again.');
    await poll(() => probe.synced()).toBe(true);
    await page.keyboard.press('Control+s');
    await poll(() => readFileSync(file, 'utf8')).toBe('We prove it.\nTyped here. Again.');
    expect(questions.length).toBe(2);
    await poll(() => page.getByTestId('docname').textContent()).not.toContain('•');

    // Changed elsewhere again while nothing is unsaved here: opening the file shows the file (it showed
    // the text as it was before, and the next save asked about a change the user never saw).
    writeFileSync(file, 'Rewritten in another editor.\n');
    await probe.openFile('proof.md');
    await poll(() => probe.editorText()).toBe('Rewritten in another editor.\n');
    expect(questions.length).toBe(2);
  });
});
