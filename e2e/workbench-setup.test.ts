// The documented demo setup from a fresh start (issue 11, item 8), in serve mode and Chromium:
// `serve --backend scripted:…/resources/samples/scripts/…` from a workspace elsewhere verifies a
// sample; the dialog loads a shipped script and imports a GGUF file from anywhere by absolute path;
// a backend that fails to load says why on the terminal as well as in the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyLlamaGguf } from '../app/models/library/testGguf';
import { REPO_ROOT, makeWorkspace, openWorkbench, startServe, type TempWorkspace, type WorkbenchHandle } from './support';
import { pageProbes } from './support/workbench';

const SHIPPED_SCRIPT = join(REPO_ROOT, 'resources', 'samples', 'scripts', 'samples.deepseek.scripted.json');
const poll = <T,>(fn: () => T | Promise<T>, timeout = 30_000) => expect.poll(fn, { timeout });

let ws: TempWorkspace;
let wb: WorkbenchHandle;
let page: Page;
let elsewhere: string;

beforeAll(async () => {
  ws = makeWorkspace();
  elsewhere = mkdtempSync(join(tmpdir(), 'pw-e2e-downloads-'));
  writeFileSync(join(elsewhere, 'tiny-demo.gguf'), tinyLlamaGguf({ name: 'tiny-demo' }));
  wb = await openWorkbench({ workspace: ws.dir, backend: `scripted:${SHIPPED_SCRIPT}`, connectedText: 'scripted' });
  page = wb.page;
});
afterAll(async () => {
  await wb?.close();
  ws?.remove();
  if (elsewhere) rmSync(elsewhere, { recursive: true, force: true });
});

const probe = () => pageProbes(page);

/** Prove… opens the search dialog (presets and the estimate); Start runs it with the settings' search. */
async function startProve() {
  await page.getByTestId('prove').click();
  await page.getByTestId('prove-start').click();
}

/** The review covers the panes it compares, not the run panel: their boxes do not overlap. */
async function assertRunPanelUncovered() {
  const reviewBox = await page.getByTestId('review').boundingBox();
  const panelBox = await page.getByTestId('run-panel').boundingBox();
  expect(reviewBox && panelBox).toBeTruthy();
  expect(reviewBox!.y + reviewBox!.height).toBeLessThanOrEqual(panelBox!.y + 1);
}

describe('the documented scripted-sample setup (Prove and Refine included)', () => {
  it('loads the shipped script given to serve although the workspace is elsewhere, and verifies a sample', async () => {
    await poll(() => page.getByTestId('connection').textContent()).toContain('scripted/samples-deepseek');
    await probe().openSample('cauchy-equation');
    await page.getByTestId('verify').click();
    await poll(() => probe().state<string | null>('(s) => s.run && s.run.status'), 90_000).toBe('completed');
    await poll(() => probe().state<number>('(s) => s.annotations.filter((a) => a.provenance.kind !== "checker").length'), 30_000).toBeGreaterThan(0);
  });

  it('proves with the shipped script: the review names the best candidate\'s real score and leaves the run panel in view', async () => {
    await startProve();
    const review = page.getByTestId('review');
    await poll(() => review.count(), 120_000).toBe(1);
    const title = await review.locator('strong').first().textContent();
    expect(title).toMatch(/^Prove: best candidate, mean score 1\.00 over \d+ verifications/);
    expect(title).not.toContain('—');
    await assertRunPanelUncovered();
    await review.getByTestId('reject-all').click();
  });

  it('refines with the shipped script: the refinement repairs the gap the verifier found', async () => {
    await page.getByTestId('verify').click();
    await poll(() => probe().state<string | null>('(s) => s.run && s.run.kind === "verify" ? s.run.status : null'), 90_000).toBe('completed');
    await page.getByTestId('refine').click();
    const review = page.getByTestId('review');
    await poll(() => review.count(), 90_000).toBe(1);
    expect(await review.locator('strong').first().textContent()).toBe('Refinement');
    await poll(() => review.getByTestId('hunk').count()).toBeGreaterThan(0);
    // Escape leaves the review as Reject does: closed, nothing applied.
    const before = await probe().state<string>('(s) => s.text');
    await page.keyboard.press('Escape');
    await poll(() => review.count()).toBe(0);
    expect(await probe().state<string>('(s) => s.text')).toBe(before);
  });

  it('keeps failed calls in view beside the Prove review, says why the best candidate has no score, and shows why a refine failed', async () => {
    ws.write('scripts/failing.json', JSON.stringify({
      rules: [
        { role: 'generate', responses: ['## Solution\n\nBy continuity, $f(x) = cx$.\n\n## Self Evaluation\n\nBased on my evaluation, the final overal score should be:\n\\boxed{1}'] },
        { role: 'refine', responses: [{ text: '## Solution\n\nLet me try again from the start', finishReason: 'length' }] },
      ],
    }));
    await page.getByRole('button', { name: 'Models & settings' }).click();
    const dialog = page.getByTestId('settings-dialog');
    await dialog.getByLabel('scripted').check();
    await dialog.getByLabel('Script path').fill('scripts/failing.json');
    await dialog.getByRole('button', { name: 'Use this backend' }).click();
    await poll(() => dialog.getByTestId('backend-status').textContent()).toContain('ready · scripted/failing');
    await page.keyboard.press('Escape');

    // Saved, so that its runs are listed in History.
    await page.getByRole('button', { name: 'Files' }).click();
    const saveField = page.getByLabel('Save as path (in the workspace)');
    await saveField.fill('cauchy.md');
    await saveField.press('Enter');
    await poll(() => page.getByTestId('docname').textContent()).toBe('cauchy.md');

    await startProve();
    const review = page.getByTestId('review');
    await poll(() => review.count(), 120_000).toBe(1);
    expect(await review.locator('strong').first().textContent()).toMatch(/no score \(none of its \d+ verifications gave a verdict: \d+ × .*no rule matches/);
    expect(await review.getByTestId('review-outcome').textContent()).toMatch(/\d+ of \d+ calls failed/);
    await assertRunPanelUncovered();
    expect(await page.getByTestId('run-status').textContent()).toMatch(/no verdict|failed/);
    await review.getByTestId('reject-all').click();

    await page.getByTestId('refine').click();
    await poll(() => page.getByTestId('run-panel').textContent(), 60_000).toMatch(/no usable solution: the answer did not parse: cut off at the token limit/);
    expect(await page.getByText('see the run record').count()).toBe(0);

    // History › Record: the refine call, its answer as text.
    await page.getByTestId('tab-history').click();
    const record = page.locator('[data-testid^="record-"]').first();
    await poll(() => record.count()).toBe(1);
    await record.click();
    const recordDialog = page.getByTestId('run-record');
    await poll(() => recordDialog.getByTestId('record-call').count()).toBeGreaterThan(0);
    await recordDialog.getByTestId('record-call').first().locator('summary').click();
    expect(await recordDialog.textContent()).toContain('Let me try again from the start');
    await page.keyboard.press('Escape');
  });

  it('imports a GGUF file by absolute path from outside the workspace and lists it', async () => {
    // Models & settings leads to the model library, where a file is imported.
    await page.getByRole('button', { name: 'Models & settings' }).click();
    await page.getByTestId('settings-open-library').click();
    const library = page.getByTestId('model-library');
    await library.getByTestId('tab-mine').click();
    await library.getByLabel('Import GGUF path').fill(join(elsewhere, 'tiny-demo.gguf'));
    await library.getByRole('button', { name: 'Import', exact: true }).click();
    await poll(() => library.getByTestId('my-models').textContent()).toContain('tiny-demo');
    expect(await page.getByText(/outside the workspace/).count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  it('loads a shipped demo script with one click in the dialog', async () => {
    await page.getByRole('button', { name: 'Models & settings' }).click();
    const dialog = page.getByTestId('settings-dialog');
    await dialog.getByLabel('scripted').check();
    // An empty path is not a backend: the button waits for one (it used to report "failed to load").
    await dialog.getByLabel('Script path').fill('');
    expect(await dialog.getByRole('button', { name: 'Use this backend' }).isDisabled()).toBe(true);
    await dialog.getByTestId('script-cauchy-equation.labelled.scripted.json').click();
    await poll(() => dialog.getByTestId('backend-status').textContent()).toContain('ready · scripted/cauchy-equation-labelled');
    await page.keyboard.press('Escape');
  });

  it('takes a library model by name, also when typed with its local: prefix as the README writes it', async () => {
    await page.getByRole('button', { name: 'Models & settings' }).click();
    const dialog = page.getByTestId('settings-dialog');
    await dialog.getByLabel('local', { exact: true }).check();
    await dialog.getByLabel('GGUF model path').fill('local:no-such-model');
    await dialog.getByRole('button', { name: 'Use this backend' }).click();
    // The name reaches the library as typed, once prefixed: not "local:local:no-such-model".
    await poll(() => page.locator('body').textContent()).toMatch(/no model named "no-such-model"/);
    expect(await page.locator('body').textContent()).not.toContain('local:local:');
    await page.keyboard.press('Escape');
  });
});

describe('a backend that fails to load', () => {
  it('says why on the terminal, not only in the page', async () => {
    const server = await startServe({ workspace: ws.dir, backend: `scripted:${join(elsewhere, 'missing.json')}` });
    try {
      await poll(() => server.output(), 30_000).toMatch(/model failed to load \(scripted:.*missing\.json\): cannot read script/);
    } finally {
      await server.stop();
    }
  });
});
