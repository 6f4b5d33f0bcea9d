// Damage is shown in the app, not only by the CLI (issue 14): serve mode (real CLI, real engine) in
// Debian's Chromium, on a user-data folder whose settings.json has a bad field and a workspace with a
// run record that is not a run. The settings warning is a banner until dismissed; the record is listed
// under History as damaged, with the reason, and nothing offers to open it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, openWorkbench, type TempWorkspace, type WorkbenchHandle } from './support';

const DAMAGED_RUN = '20260101T000000Z-verify-abcdef';

let ws: TempWorkspace;
let userData: string;
let workbench: WorkbenchHandle;
let page: Page;

beforeAll(async () => {
  ws = makeWorkspace({ 'proof.md': '# Claim\n\nFor every $n$, $n + 0 = n$.\n', [`.proofwright/runs/${DAMAGED_RUN}.jsonl`]: 'not json at all\n' });
  userData = mkdtempSync(join(tmpdir(), 'pw-e2e-user-'));
  mkdirSync(userData, { recursive: true });
  writeFileSync(join(userData, 'settings.json'), JSON.stringify({ theme: 'dark', concurrency: -3 }));
  workbench = await openWorkbench({ workspace: ws.dir, userData });
  page = workbench.page;
}, 180_000);

afterAll(async () => {
  await workbench?.close();
  ws?.remove();
  if (userData) rmSync(userData, { recursive: true, force: true });
});

describe('damage in the workbench', () => {
  it('shows the damaged settings field as a banner until dismissed', async () => {
    const banner = page.getByTestId('engine-warnings');
    await expect.poll(() => banner.isVisible(), { timeout: 60_000 }).toBe(true);
    const text = await banner.innerText();
    expect(text).toContain('settings.json');
    expect(text).toMatch(/concurrency: Too small/);
    expect(text).toMatch(/These fields use their defaults; the others were kept/);
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => banner.count(), { timeout: 20_000 }).toBe(0);
  });

  it('lists the unreadable run record under History as damaged, with the reason, and not openable', async () => {
    const file = page.getByRole('button', { name: 'proof.md', exact: true });
    if (!(await file.isVisible())) await page.getByRole('button', { name: 'Files' }).click();
    await file.click();
    await page.getByTestId('tab-history').click();
    const table = page.getByTestId('damaged-runs');
    await expect.poll(() => table.isVisible(), { timeout: 60_000 }).toBe(true);
    const row = table.locator('tr', { hasText: DAMAGED_RUN });
    expect(await row.innerText()).toMatch(/damaged\s+the first line is not a run header/);
    expect(await row.getByRole('button').count()).toBe(0);
  });
});
