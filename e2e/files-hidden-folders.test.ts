// Files lists proofs in hidden folders, as VS Code's Explorer lists `.github/` or `.vscode/` (only
// version control's folders and the app's own `.proofwright/` are left out), and nothing outside the
// workspace: a link out is not followed. Serve mode in Debian's Chromium at 1280×720, clicks only.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeWorkspace, workbenchPerFile } from './support';
import { screenshotEveryLook } from './support/workbench';

const outside = mkdtempSync(join(tmpdir(), 'pw-e2e-outside-'));
afterAll(() => rmSync(outside, { recursive: true, force: true }));

const SKETCH = '# A sketch\n\nSince $2 > 1$, we have $4 > 2$.\n';

const t = workbenchPerFile(() => {
  const ws = makeWorkspace({
    'proofs/main.md': '# Main\n\nSince $1 = 1$, done.\n',
    '.drafts/sketch.md': SKETCH,
    '.git/COMMIT_EDITMSG.md': 'not a proof\n',
    '.proofwright/runs/leftover.md': 'the app\'s own\n',
  });
  writeFileSync(join(outside, 'secret.md'), '# Secret\n');
  mkdirSync(join(ws.dir, 'links'));
  symlinkSync(outside, join(ws.dir, 'links', '.elsewhere'));
  symlinkSync(join(outside, 'secret.md'), join(ws.dir, '.drafts', 'secret-link.md'));
  return ws;
});

describe('Files', () => {
  it('lists and opens a proof in a hidden folder, and nothing from .git, .proofwright or outside', async () => {
    const { page, probe, wb } = t;
    await page.getByRole('button', { name: 'Files' }).click();
    const dialog = page.getByTestId('files-dialog');
    await expect.poll(() => dialog.getByRole('button', { name: '.drafts/sketch.md' }).count(), { timeout: 15_000 }).toBe(1);
    const text = await dialog.textContent();
    for (const hidden of ['COMMIT_EDITMSG', 'leftover', 'secret']) expect(text).not.toContain(hidden);
    expect(await dialog.getByRole('button', { name: 'proofs/main.md' }).count()).toBe(1);
    await screenshotEveryLook(wb, 'files-hidden-folders');
    await page.keyboard.press('Escape');
    await probe.openFile('.drafts/sketch.md', { exact: true });
    expect(await probe.editorText()).toBe(SKETCH);
  });
});
