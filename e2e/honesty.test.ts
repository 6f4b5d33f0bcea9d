// Failures shown where the user looks (issue 13): a dead OpenAI-compatible server says "cannot reach"
// before and after Verify, and a run whose answers were cut off is not a green "completed" but says
// why, with the fix.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../app/models/openai/testServer';
import { REPO_ROOT, makeWorkspace, openWorkbench, type TempWorkspace, type WorkbenchHandle } from './support';

const SAMPLES = join(REPO_ROOT, 'resources', 'samples');
const ver = `Here is my evaluation of the solution:\n\nEvery step holds.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{1}`;

let ws: TempWorkspace;
let workbench: WorkbenchHandle;
let page: Page;
let deadSpec: string;

beforeAll(async () => {
  ws = makeWorkspace();
  ws.copyFrom(join(SAMPLES, 'cauchy-equation.md'), 'cauchy-equation.md');
  ws.copyFrom(join(SAMPLES, 'cauchy-equation.problem.md'), 'cauchy-equation.problem.md');
  // Every verifier answer is cut off at the token limit, though its text has a \boxed{1}.
  ws.write('cut.json', JSON.stringify({ model: 'cut-model', rules: [{ role: 'verify', responses: [{ text: ver, finishReason: 'length' }] }] }));
  // One verifier answer of 4 completes (a pass); the other 3 are cut off: a mean of 1 over 1 verdict.
  ws.write('one.json', JSON.stringify({ model: 'one-model', rules: [{ role: 'verify', responses: [ver, { text: ver, finishReason: 'length' }] }] }));
  const dead = await startServer(() => {});
  deadSpec = `openai:${dead.url}#m`;
  await dead.close();
  workbench = await openWorkbench({ workspace: ws.dir, backend: deadSpec, connectedText: 'cannot reach' });
  page = workbench.page;
});

afterAll(async () => {
  await workbench?.close();
  ws?.remove();
});

describe('failures shown where the user looks', () => {
  it('a dead server reads "cannot reach" before and after Verify; a cut-off run says so with the fix, not in green', async () => {
    const badge = page.getByTestId('connection');
    expect(await badge.textContent()).toMatch(/model failed to load: cannot reach http:\/\/127\.0\.0\.1:\d+\/v1\/models/);

    await page.getByRole('button', { name: 'Files' }).click();
    await page.getByRole('button', { name: 'cauchy-equation.md', exact: true }).click();
    await expect.poll(() => page.getByTestId('docname').textContent()).toContain('cauchy-equation');
    await page.getByTestId('verify').click();
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 30_000 }).toMatch(/Could not start verify: .*cannot reach/);
    expect(await badge.textContent()).toMatch(/cannot reach/);

    await page.evaluate(
      (s) => (window as unknown as { __pwStore: { getState(): { engine: { setBackend(a: { spec: string }): Promise<unknown> } } } }).__pwStore.getState().engine.setBackend({ spec: s }),
      'scripted:cut.json',
    );
    await page.getByTestId('verify').click();
    const status = page.getByTestId('run-status');
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toBe('verify · no verdict');
    expect(await status.getAttribute('class')).toContain('pw-run-failed');
    expect(await page.getByTestId('run-why').textContent()).toMatch(/^Why: 4 × cut off at the token limit \(raise Max tokens/);
    // Each sample can be opened and read in full: its reason, and the answer it gave.
    const samples = page.getByTestId('sample');
    await expect.poll(() => samples.count()).toBe(4);
    expect(await samples.first().locator('summary').textContent()).toMatch(/^Sample 1 · no verdict: cut off at the token limit/);
    await samples.first().locator('summary').click();
    expect(await samples.first().getByTestId('sample-analysis').textContent()).toContain('Every step holds.');
    await workbench.browser.screenshot('workbench-no-verdict');
  });

  it('a mean of 1 over 1 verdict of 4 is not shown as a green pass: it says "1 of 4 verdicts: too few"', async () => {
    await page.evaluate(
      (s) => (window as unknown as { __pwStore: { getState(): { engine: { setBackend(a: { spec: string }): Promise<unknown> } } } }).__pwStore.getState().engine.setBackend({ spec: s }),
      'scripted:one.json',
    );
    await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 30_000 }).toMatch(/one/);
    await page.getByTestId('verify').click();
    const score = page.getByTestId('document-score').first();
    await expect.poll(() => page.getByTestId('score-few').first().textContent().catch(() => null), { timeout: 60_000 }).toBe('1 of 4 verdicts: too few');
    expect(await score.locator('.pw-score').textContent()).toBe('1.00');
    expect(await score.locator('.pw-score').getAttribute('class')).not.toContain('pw-score-pass');
  });
});
