// Run comparison in the workbench: verify a workspace proof twice with two different "models", pick
// both runs in the history and see their per-step agreement.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, makeWorkspace, openWorkbench, type TempWorkspace, type WorkbenchHandle } from './support';

const SAMPLES = join(REPO_ROOT, 'resources', 'samples');
const ver = (score: string, finding: string) =>
  `Here is my evaluation of the solution:\n\n${finding}\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}`;

let ws: TempWorkspace;
let workbench: WorkbenchHandle;
let page: Page;

beforeAll(async () => {
  ws = makeWorkspace();
  ws.copyFrom(join(SAMPLES, 'cauchy-equation.md'), 'cauchy-equation.md');
  ws.copyFrom(join(SAMPLES, 'cauchy-equation.problem.md'), 'cauchy-equation.problem.md');
  // Model A doubts the "Clearly, since the identity" step in every sample; model B passes the proof.
  const doubt = '[S8] Justification Gap: passing from the rationals to the reals needs continuity. | quote: "Clearly, since the identity"';
  ws.write('a.json', JSON.stringify({ model: 'model-a', rules: [{ role: 'verify', responses: [ver('0.5', doubt)] }] }));
  ws.write('b.json', JSON.stringify({ model: 'model-b', rules: [{ role: 'verify', responses: [ver('1', 'Every step holds.')] }] }));
  workbench = await openWorkbench({ workspace: ws.dir, backend: 'scripted:a.json', connectedText: 'model-a' });
  page = workbench.page;
});

afterAll(async () => {
  await workbench?.close();
  ws?.remove();
});

async function verifyWith(spec: string) {
  await page.evaluate((s) => (window as unknown as { __pwStore: { getState(): { engine: { setBackend(a: { spec: string }): Promise<unknown> } } } }).__pwStore.getState().engine.setBackend({ spec: s }), spec);
  await page.getByTestId('verify').click();
  await expect.poll(() => page.getByTestId('run-panel').textContent(), { timeout: 60_000 }).toContain('verify · completed');
}

describe('run comparison', () => {
  it('shows two verify runs of one proof side by side with per-step agreement', async () => {
    await page.getByRole('button', { name: 'Files' }).click();
    await page.getByRole('button', { name: 'cauchy-equation.md', exact: true }).click();
    await expect.poll(() => page.getByTestId('docname').textContent()).toContain('cauchy-equation');

    await verifyWith('scripted:a.json');
    await verifyWith('scripted:b.json');

    await page.getByTestId('tab-history').click();
    const boxes = page.getByRole('checkbox', { name: /Select run .* for comparison/ });
    await expect.poll(() => boxes.count(), { timeout: 30_000 }).toBe(2);
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByRole('button', { name: 'Compare the two selected runs' }).click();

    const table = page.getByTestId('run-compare');
    await table.waitFor();
    // The one step model A flags in all its samples and model B never flags is the one disagreement.
    const disagreeing = table.locator('tr.pw-disagree');
    await expect.poll(() => disagreeing.count()).toBe(1);
    const row = (await disagreeing.textContent()) ?? '';
    expect(row).toMatch(/100%/);
    expect(row).toMatch(/0%/);
    const steps = await table.locator('tbody tr').count();
    expect(await page.getByTestId('compare-agreement').textContent()).toBe(`${Math.round(((steps - 1) / steps) * 100)}%`);
    expect(await table.textContent()).toMatch(/a\.json.*b\.json|b\.json.*a\.json/);
    await workbench.browser.screenshot('workbench-compare');
  });
});
