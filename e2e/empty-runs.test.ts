// rev14 finding 5: Verify (Ctrl+Enter) on an empty document asked the model 4 times and showed
// "0 of 4 samples gave a verdict"; Refine made a failed call. With no proof (or no problem, for
// Prove) the workbench says what is missing and starts no run. The demo script is the backend, so a
// run that did start would show in the Run panel with its calls.
import { describe, expect, it } from 'vitest';
import { cauchyWorkspace, workbenchPerFile } from './support';

const t = workbenchPerFile(cauchyWorkspace, { backend: 'scripted:scripts/samples.json', connectedText: 'scripted' });
const poll = <T,>(fn: () => T | Promise<T>, timeout = 20_000) => expect.poll(fn, { timeout });
const notice = () => t.page.getByTestId('notice').textContent();
/** Runs this page started (the Run panel follows the latest): null while none. */
const runId = () => t.probe.state<string | null>('(s) => s.run && s.run.runId');

async function newEmptyDocument(): Promise<void> {
  await t.page.getByRole('button', { name: 'Files' }).click();
  await t.page.getByTestId('new-empty').click();
  await poll(t.probe.editorText).toBe('');
  await poll(t.probe.synced).toBe(true);
}

/** Closes the notice shown, so the next one is read fresh. */
async function dismiss(): Promise<void> {
  await t.page.getByTestId('notice-close').click();
  await poll(() => t.page.getByTestId('notice').count()).toBe(0);
}

describe('a run with nothing to work on', () => {
  it('Verify (Ctrl+Enter), Refine and Prove on an empty document say what is missing and make no call', async () => {
    const { page } = t;
    await newEmptyDocument();
    // Blank lines only: still no proof.
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Enter');
    await page.keyboard.type('   ');
    await poll(t.probe.synced).toBe(true);
    const before = await runId();

    await page.keyboard.press('Control+Enter');
    await poll(notice).toBe('Nothing to verify: the proof is empty. Write the proof in the editor first.');
    await dismiss();
    await page.getByTestId('refine').click();
    await poll(notice).toBe('Nothing to refine: the proof is empty. Write the proof in the editor first.');
    await dismiss();
    await page.getByTestId('prove').click();
    await page.getByTestId('prove-start').click();
    await poll(notice).toBe('Nothing to prove: the problem statement is empty. Write the problem (Problem, above the proof) first.');
    // No run was started: the Run panel has no new run and no calls.
    await page.waitForTimeout(1500);
    expect(await runId()).toBe(before);
    expect(await page.getByTestId('run-calls').count()).toBe(0);
    expect(await t.probe.state<unknown[]>('(s) => s.history')).toEqual([]);
  }, 120_000);

  it('a proof typed in: Ctrl+Enter verifies it (no notice of an empty proof)', async () => {
    const { page } = t;
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.type('Clearly $1 = 1$.');
    await poll(t.probe.synced).toBe(true);
    const before = await runId();
    await page.keyboard.press('Control+Enter');
    await poll(runId).not.toBe(before);
    expect(await page.getByTestId('notice').filter({ hasText: 'Nothing to' }).count()).toBe(0);
  }, 120_000);
});
