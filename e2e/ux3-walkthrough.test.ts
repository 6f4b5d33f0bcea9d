// A new user's walkthrough (2026-12-01, serve mode in Chromium, scripted DeepSeek-style sample backend,
// clicks and keys only; the store and the editor are only read): what the user asked for is what
// runs, and the keyboard stays where the user is working.
// - Prove: a number the search cannot take, then Start search: the search started with the number
//   in use before (2 rounds where the field said 100, with its error message still showing).
// - Review: Accept or Reject on one change, by keyboard: focus fell to the page, so the next Tab
//   started from the top of the page and Escape no longer closed the review.
// - A reload while another document's unsaved text was kept as a recovery copy: the page said
//   "Proofwright stopped" (it had not) and, the dialog closed, showed an empty untitled.md instead of
//   the file it had open.
// - A reference solution typed in the Reference tab: no unsaved mark, Save (Ctrl+S) saved the proof
//   only, and opening another file dropped it without asking.
// - The problem typed, then Ctrl+S at once: "Saved", no unsaved mark, and no problem file (the
//   problem reached the engine 250 ms after the last key, after the save).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cauchyWorkspace, workbenchPerFile } from './support';

const t = workbenchPerFile(cauchyWorkspace, { backend: 'scripted:scripts/samples.json', connectedText: 'scripted' });
const poll = <T,>(fn: () => T | Promise<T>, timeout = 20_000) => expect.poll(fn, { timeout });

/** The focused element: its test id, else its aria-label, else its label, else its tag and text; `in review` when inside the review. */
const focused = () => t.page.evaluate(() => {
  const a = document.activeElement as HTMLElement | null;
  if (!a || a === document.body) return 'body';
  const where = a.closest('[data-testid=review]') ? 'in review: ' : '';
  const label = (a as HTMLInputElement).labels?.[0]?.textContent?.trim();
  return where + (a.getAttribute('data-testid') ?? a.getAttribute('aria-label') ?? label ?? `${a.tagName} ${a.textContent?.trim().slice(0, 30)}`);
});

beforeEach(async () => {
  for (let i = 0; i < 3 && (await t.page.locator('[role=dialog][aria-modal=true]').count()) > 0; i++) await t.page.keyboard.press('Escape');
});

describe('a new user', () => {
  it('gets no search with other numbers than those in the Prove dialog', async () => {
    const { page, probe } = t;
    await probe.openFile('proofs/cauchy.md', { exact: true });
    const runBefore = await probe.state<string | null>('(s) => s.run && s.run.runId');
    await page.getByTestId('prove').click();
    const dialog = page.getByTestId('prove-dialog');
    await poll(() => dialog.count()).toBe(1);
    const rounds = dialog.getByRole('spinbutton', { name: 'Refinement rounds (T)' });
    await rounds.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('100');
    await page.keyboard.press('Enter');
    await poll(() => dialog.getByRole('alert').allTextContents()).toContain('Refinement rounds (T) must be a whole number from 0 to 64');

    // Start search with the field saying 100: nothing starts; the field is focused with its message.
    await dialog.getByTestId('prove-start').click();
    await page.waitForTimeout(500);
    expect(await dialog.count()).toBe(1);
    expect(await probe.state<string | null>('(s) => s.run && s.run.runId')).toBe(runBefore);
    await poll(focused).toBe('Refinement rounds (T)');
    expect(await rounds.inputValue()).toBe('100');

    // A number it can take, then Start search by keyboard: the search runs with it.
    await page.keyboard.press('Control+a');
    await page.keyboard.type('1');
    await dialog.getByTestId('prove-start').focus();
    await page.keyboard.press('Enter');
    await poll(() => dialog.count()).toBe(0);
    await poll(() => probe.state<string | null>(`(s) => s.run && s.run.runId !== ${JSON.stringify(runBefore)} ? s.run.kind : null`), 30_000).toBe('prove');
    expect(await probe.state<number>('(s) => s.settings.prove.rounds')).toBe(1);
  });

  it('keeps focus in the review after accepting or rejecting one change by keyboard', async () => {
    const { page, probe } = t;
    // The search above proposes a rewrite of the whole proof: several changes to review.
    await poll(() => probe.state<string | null>('(s) => s.run && s.run.status'), 90_000).toBe('completed');
    await poll(() => page.getByTestId('review').count(), 30_000).toBe(1);
    const hunks = page.getByTestId('hunk');
    await poll(() => hunks.count(), 30_000).toBeGreaterThan(3);
    const n = await hunks.count();

    // Reject on the first change, by keyboard: the next change's Reject has focus.
    await hunks.first().getByRole('button', { name: 'Reject' }).focus();
    await page.keyboard.press('Enter');
    await poll(() => hunks.count()).toBe(n - 1);
    await poll(focused).toBe('in review: BUTTON Reject');
    // Enter again rejects that one too (focus was on the page: Enter did nothing there).
    await page.keyboard.press('Enter');
    await poll(() => hunks.count()).toBe(n - 2);
    await poll(focused).toBe('in review: BUTTON Reject');

    // Accept on a change (it goes into the proof): the change now in its place has focus, on Accept.
    const before = await probe.editorText();
    await hunks.first().getByRole('button', { name: 'Accept' }).focus();
    await page.keyboard.press('Enter');
    await poll(() => probe.editorText()).not.toBe(before);
    await poll(focused).toBe('in review: BUTTON Accept');

    // Escape still closes the review, and what was accepted stays.
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('review').count()).toBe(0);
    await poll(probe.synced).toBe(true);
    expect(await probe.state<boolean>('(s) => s.dirty')).toBe(true);
  });

  it('after a reload with another document\'s recovery copy kept, is offered it and is back in the file it had open', async () => {
    const { page, probe, ws } = t;
    ws.write('proofs/other.md', 'Another proof, saved.\n');
    // cauchy.md, with text typed and not saved, replaced by other.md ("Replace it anyway?": yes).
    await probe.openFile('proofs/cauchy.md', { exact: true });
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Not saved.');
    await poll(probe.synced).toBe(true);
    await probe.openFile('proofs/other.md');
    await page.reload();
    await page.getByTestId('connection').waitFor({ timeout: 60_000 });
    const dialog = page.getByTestId('recover-dialog');
    await poll(() => dialog.count(), 30_000).toBe(1);
    expect(await dialog.textContent()).toContain('Restore cauchy.md');
    expect(await dialog.textContent()).not.toContain('Proofwright stopped');
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
    await poll(() => probe.state<string | null>('(s) => s.path')).toBe('proofs/other.md');
    await poll(() => probe.editorText()).toBe('Another proof, saved.\n');
    expect(await page.getByTestId('docname').textContent()).toBe('other.md');
  });

  it('keeps a reference solution typed in the Reference tab: marked unsaved, saved by Save, asked about before another file replaces it', async () => {
    const { page, probe, ws } = t;
    ws.write('proofs/graded.md', 'A proof to grade.\n');
    await probe.openFile('proofs/graded.md');
    await page.getByTestId('problem-tab-reference').click();
    const reference = page.getByRole('textbox', { name: 'Reference solution' });
    await reference.click();
    await page.keyboard.type('Induction on n.');
    // Unsaved, and the document's name says so.
    await poll(() => page.getByTestId('docname').textContent()).toBe('graded.md •');

    // Another file: the user is asked; Cancel keeps the text here.
    page.removeAllListeners('dialog');
    const questions: string[] = [];
    page.on('dialog', (d) => {
      questions.push(d.message());
      void d.dismiss();
    });
    await page.getByRole('button', { name: 'Files', exact: true }).click();
    await page.getByTestId('files-dialog').getByRole('button', { name: 'proofs/cauchy.md', exact: true }).click();
    await poll(() => questions.length).toBe(1);
    expect(questions[0]).toMatch(/reference solution or marking scheme of graded\.md/);
    await page.keyboard.press('Escape');
    expect(await probe.state<string | null>('(s) => s.path')).toBe('proofs/graded.md');
    expect(await reference.inputValue()).toBe('Induction on n.');
    page.removeAllListeners('dialog');
    page.on('dialog', (d) => void d.accept());

    // Ctrl+S from the proof saves it beside the proof, and the mark goes.
    await page.evaluate(() => (window as unknown as { __pwEditor: { editor: { focus(): void } } }).__pwEditor.editor.focus());
    await page.keyboard.press('Control+s');
    const file = join(ws.dir, 'proofs', 'graded.reference.md');
    await poll(() => existsSync(file) && readFileSync(file, 'utf8')).toBe('Induction on n.');
    await poll(() => page.getByTestId('docname').textContent()).toBe('graded.md');
  });

  it('saves the problem typed just before Ctrl+S beside the proof', async () => {
    const { page, probe, ws } = t;
    ws.write('proofs/unposed.md', 'A proof with no problem yet.\n');
    await probe.openFile('proofs/unposed.md');
    await page.getByTestId('problem-tab-problem').click();
    await page.getByRole('textbox', { name: 'Problem statement' }).click();
    await page.keyboard.type('Show that 1 + 1 = 2.');
    await page.keyboard.press('Control+s');
    const file = join(ws.dir, 'proofs', 'unposed.problem.md');
    await poll(() => existsSync(file) && readFileSync(file, 'utf8')).toBe('Show that 1 + 1 = 2.');
    await poll(() => page.getByTestId('docname').textContent()).toBe('unposed.md');
    // The engine holds nothing unsaved either (its dirty flag is what the recovery copy and a reload go by).
    expect(await page.evaluate(async () => {
      const s = (window as unknown as { __pwStore: { getState(): { docId: string; engine: { getDocument(a: { docId: string }): Promise<{ dirty: boolean }> } } } }).__pwStore.getState();
      return (await s.engine.getDocument({ docId: s.docId })).dirty;
    })).toBe(false);
  });
});
