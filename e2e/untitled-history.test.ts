// A proof typed into an empty (untitled) document, verified, then saved with Files › Save as: the
// verification appears in History with the file, as it does for a file verified after it was saved
// (it never did: History is filed by path, and the run had none). Serve mode, real engine, Chromium.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, openWorkbench, pageProbes, type TempWorkspace, type WorkbenchHandle } from './support';

const answer = 'Here is my evaluation of the solution:\n\nThe square is non-negative.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{1}';
const PROOF = '**Claim.** For all real $x$, $x^2 - 2x + 1 \\ge 0$.\n\n*Proof.* $x^2 - 2x + 1 = (x-1)^2 \\ge 0$. $\\blacksquare$\n';

let ws: TempWorkspace;
let wb: WorkbenchHandle;
let page: Page;

beforeAll(async () => {
  ws = makeWorkspace({ 'script.json': JSON.stringify({ model: 'grader', rules: [{ role: 'verify', exhausted: 'cycle', responses: [answer] }] }) });
  wb = await openWorkbench({ workspace: ws.dir, backend: 'scripted:script.json' });
  page = wb.page;
});

afterAll(async () => {
  await wb?.close();
  ws?.remove();
});

describe('an untitled document verified, then saved', () => {
  it('has its verification in History once it is saved', async () => {
    const probe = pageProbes(page);
    const { state } = probe;
    await page.getByRole('button', { name: 'Files' }).click();
    await page.getByTestId('new-empty').click();
    await expect.poll(() => state<string | null>('(s) => s.path'), { timeout: 15_000 }).toBeNull();
    await probe.pasteIntoEditor(PROOF);
    await expect.poll(probe.synced, { timeout: 15_000 }).toBe(true);
    await probe.verifyAndWait();
    const runId = await state<string>('(s) => s.run.runId');
    await page.getByTestId('tab-history').click();
    expect(await state<number>('(s) => s.history.length')).toBe(0);

    await page.getByRole('button', { name: 'Files' }).click();
    const field = page.getByTestId('files-dialog').getByLabel('Save as path (in the workspace)');
    await field.fill('proofs/square.md');
    await field.press('Enter');
    await expect.poll(() => page.getByTestId('docname').textContent(), { timeout: 15_000 }).toContain('square.md');
    expect(readFileSync(join(ws.dir, 'proofs', 'square.md'), 'utf8')).toBe(PROOF);

    // History lists the run with the file, without reopening anything.
    await page.getByTestId('tab-history').click();
    const rows = page.getByTestId('history').locator('tr', { hasText: 'verify' });
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    expect(await state<string[]>('(s) => s.history.map((r) => r.runId + " " + r.path)')).toEqual([`${runId} proofs/square.md`]);
    await page.screenshot({ path: 'e2e/artifacts/untitled-history-1280x720.png' });
    // The record beside the runs says so; the run record itself is untouched.
    const runsDir = join(ws.dir, '.proofwright', 'runs');
    expect(readdirSync(runsDir)).toContain('adopted.json');
    expect(JSON.parse(readFileSync(join(runsDir, 'adopted.json'), 'utf8')).paths).toEqual({ [runId]: 'proofs/square.md' });
  });
});
