// The extraction pass in the workbench's Verify (settings verify.extract, as the CLI's `--extract`),
// met as a person meets it: serve mode in Chromium, clicks only, the scripted backend. The verifier's
// analysis names a defect in free text without naming its step: without the pass it is a finding about
// the whole proof; with "Extract findings from free-text analyses" ticked in Models & settings, the
// estimate beside Verify counts the extra calls and the finding sits beside its step.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeWorkspace, openWorkbench, REPO_ROOT, type TempWorkspace, type WorkbenchHandle } from './support';
import { pageProbes } from './support/workbench';

let ws: TempWorkspace;
let wb: WorkbenchHandle;
let page: Page;
let probe: ReturnType<typeof pageProbes>;

const poll = <T,>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 15_000, ...options });

// No "Findings:" block and no step named: the labelled parser places nothing on a step.
const FREE_TEXT = 'Summary: the argument divides by a number that was set to zero just before, so it is invalid.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{0}';
const MESSAGE = 'Division by a number that was set to zero.';

beforeAll(async () => {
  ws = makeWorkspace({
    'proofs/divide.md': 'First we set $x = 0$.\n\nThen we divide both sides by $x$.\n',
    'proofs/divide.problem.md': 'Show that the argument below is sound.\n',
    'scripts/extract.json': JSON.stringify({
      rules: [
        { role: 'verify', responses: [FREE_TEXT] },
        { role: 'extract', responses: [JSON.stringify({ findings: [{ step: 'S2', severity: 'critical', message: MESSAGE, quote: null }] })] },
      ],
    }),
  });
  wb = await openWorkbench({ workspace: ws.dir, backend: 'scripted:scripts/extract.json', connectedText: 'scripted' });
  page = wb.page;
  probe = pageProbes(page);
});

afterAll(async () => {
  await wb?.close();
  ws?.remove();
});

/** The step card of step `label` (S1, S2…). */
const card = (label: string) => page.getByRole('region', { name: `Findings for step ${label}` });

describe('Verify with the extraction pass', () => {
  it('off (the default): the free-text defect is a finding about the whole proof, on no step', async () => {
    await probe.openFile('proofs/divide.md');
    await poll(() => page.getByTestId('verify-estimate').textContent()).toMatch(/^4 calls · /);
    await probe.verifyAndWait({ findings: true });
    const placed = await probe.state<(string | null)[]>('(s) => s.annotations.filter((a) => a.provenance.runId === s.run.runId).map((a) => a.stepId)');
    expect(placed.length).toBeGreaterThan(0);
    expect(placed.every((stepId) => stepId === null)).toBe(true);
    expect(await card('S2').count()).toBe(0);
  });

  it('ticked in Models & settings: the estimate counts the extra calls and the finding is beside its step', async () => {
    await page.getByRole('button', { name: 'Models & settings', exact: true }).click();
    const dialog = page.getByTestId('settings-dialog');
    await poll(() => dialog.count()).toBe(1);
    const box = dialog.getByRole('checkbox', { name: /Extract findings from free-text analyses/ });
    expect(await box.isChecked()).toBe(false);
    // What it costs is said beside it.
    expect(await dialog.getByText('one more model call per sample whose findings could not be placed', { exact: false }).count()).toBe(1);
    await box.click();
    await poll(() => probe.state<boolean>('(s) => s.settings.verify.extract')).toBe(true);
    await box.scrollIntoViewIfNeeded();
    await dialog.screenshot({ path: join(REPO_ROOT, 'e2e', 'artifacts', 'verify-extract-setting.png') });
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
    // 4 verifications, and at most one extraction call for each.
    await poll(() => page.getByTestId('verify-estimate').textContent()).toMatch(/^8 calls · /);

    await probe.verifyAndWait({ findings: true });
    await poll(() => card('S2').count()).toBe(1);
    await poll(() => card('S2').textContent()).toContain(MESSAGE);
    expect(await card('S2').locator('h4').first().textContent()).toMatch(/^Critical/);
    expect(await card('S1').count()).toBe(0);
    // In the editor too: a marker on the step's line.
    await poll(async () => (await probe.markers('proofwright')).filter((m) => m.message.includes(MESSAGE)).map((m) => m.startLineNumber)).toEqual([3]);
    await page.screenshot({ path: join(REPO_ROOT, 'e2e', 'artifacts', 'verify-extract-finding-on-step.png') });
  });
});
