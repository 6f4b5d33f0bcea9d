// A user's walkthrough (2026-12-01, serve mode in Chromium, scripted DeepSeek-style sample backend,
// clicks and keys only; the store and the editor are only read):
// - A 3,000-line proof opened from Files: the dialog stayed as it was, with no sign that anything was
//   opening, for the 4–28 s the load took, and the keys typed meanwhile went nowhere, silently.
// - Models & settings with the scripted backend in use: focus landed on the "local" radio button, so
//   an arrow key or Space there switched the form to another kind of backend.
import { beforeEach, describe, expect, it } from 'vitest';
import { cauchyWorkspace, workbenchPerFile } from './support';

const t = workbenchPerFile(cauchyWorkspace, { backend: 'scripted:scripts/samples.json', connectedText: 'scripted' }, { setupTimeoutMs: 120_000 });
const poll = <T,>(fn: () => T | Promise<T>, timeout = 20_000) => expect.poll(fn, { timeout });

beforeEach(async () => {
  for (let i = 0; i < 3 && (await t.page.locator('[role=dialog][aria-modal=true]').count()) > 0; i++) await t.page.keyboard.press('Escape');
});

/** A 3,000-line proof: numbered steps with inline and display math, as a long real proof reads. */
function bigProof(): string {
  const lines: string[] = ['# A long proof', ''];
  for (let k = 1; lines.length < 3_000; k++) {
    lines.push(`**Step ${k}.** Since $x_{${k}}^2 + y_{${k}}^2 \\ge 2 x_{${k}} y_{${k}}$, we have $a_{${k}} \\le \\frac{b_{${k}}}{2}$.`, '');
    if (k % 10 === 0) lines.push('$$', `\\sum_{i=1}^{${k}} a_i \\le \\sum_{i=1}^{${k}} \\frac{b_i}{2}.`, '$$', '');
  }
  return lines.slice(0, 3_000).join('\n') + '\n';
}

describe('a user', () => {
  it('sees a large file opening, and the keys typed meanwhile are not silently lost', async () => {
    const { page, probe, ws } = t;
    ws.write('proofs/big.md', bigProof());
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
    // The keys typed then: taken by the editor, or the user was told they were not.
    const taken = (await probe.editorText()).includes('Typed early.');
    const told = seen.some((s) => /still opening/.test(s)) || /still opening/.test(await page.locator('[role=alert], [role=status]').allTextContents().then((a) => a.join(' ')));
    expect(taken || told).toBe(true);
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
});
