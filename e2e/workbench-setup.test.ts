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

describe('the documented scripted-sample setup', () => {
  it('loads the shipped script given to serve although the workspace is elsewhere, and verifies a sample', async () => {
    await poll(() => page.getByTestId('connection').textContent()).toContain('scripted/samples-deepseek');
    const probe = pageProbes(page);
    await probe.openSample('cauchy-equation');
    await page.getByTestId('verify').click();
    await poll(() => probe.state<string | null>('(s) => s.run && s.run.status'), 90_000).toBe('completed');
    await poll(() => probe.state<number>('(s) => s.annotations.filter((a) => a.provenance.kind !== "checker").length'), 30_000).toBeGreaterThan(0);
  });

  it('imports a GGUF file by absolute path from outside the workspace and lists it', async () => {
    await page.getByRole('button', { name: 'Models & settings' }).click();
    const dialog = page.getByTestId('settings-dialog');
    await dialog.getByLabel('Import GGUF path').fill(join(elsewhere, 'tiny-demo.gguf'));
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await poll(() => dialog.locator('table').textContent()).toContain('tiny-demo');
    expect(await page.getByText(/outside the workspace/).count()).toBe(0);
  });

  it('loads a shipped demo script with one click in the dialog', async () => {
    const dialog = page.getByTestId('settings-dialog');
    await dialog.getByLabel('scripted').check();
    await dialog.getByTestId('script-cauchy-equation.labelled.scripted.json').click();
    await poll(() => dialog.getByTestId('backend-status').textContent()).toContain('ready · scripted/cauchy-equation-labelled');
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
