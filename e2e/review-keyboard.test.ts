// A fresh reviewer's findings, met as they were met: serve mode (real CLI, real engine with the
// scripted backend) in Debian's Chromium at 1280×720, keyboard and mouse only; the store is only read.
// Enter after `\\` in an align is a new line (not an accepted completion); the "New document or
// sample…" command and the model library open on harmless controls; the library's memory estimate
// follows the keys, Escape in its field closes the dialog, and an imported model names the file the
// user picked; the Run tab follows the open document.
/* eslint-disable @typescript-eslint/no-explicit-any -- the page callbacks run in the browser against untyped window handles */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTinyGguf } from '../scripts/make-tiny-gguf';
import { REPO_ROOT, makeWorkspace, openWorkbench, type TempWorkspace, type WorkbenchHandle } from './support';
import { pageProbes } from './support/workbench';

const SAMPLES = join(REPO_ROOT, 'resources', 'samples');

let ws: TempWorkspace;
let wb: WorkbenchHandle;
let page: Page;
let probe: ReturnType<typeof pageProbes>;
let base: string;

/** expect.poll with room for a loaded machine: 15 s unless told. */
const poll = <T,>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 15_000, ...options });

const SCRIPT = {
  rules: [
    { role: 'verify', responses: [{ file: '../outputs/cauchy-equation.labelled.verify.txt' }] },
    { role: 'meta-verify', responses: [{ file: '../outputs/cauchy-equation.labelled.meta-verify.txt' }] },
  ],
};

/** The element that has focus: its test id, else its text or label. */
const focused = () => page.evaluate(() => {
  const el = document.activeElement as HTMLElement | null;
  if (!el) return null;
  const label = el instanceof HTMLInputElement ? el.labels?.[0]?.textContent?.trim() : undefined;
  return el.dataset.testid ?? el.getAttribute('aria-label') ?? label ?? el.textContent ?? el.tagName;
});
/** Whether the focused element is a destructive control (what Enter or Space would then do harm with). */
const focusedIsDestructive = () => page.evaluate(() => {
  const el = document.activeElement as HTMLElement | null;
  return !!el && (el.matches('[data-destructive], .pw-danger') || /^(Unload|Remove|Discard|Delete|Cancel)\b/.test(el.textContent?.trim() ?? ''));
});

beforeAll(async () => {
  ws = makeWorkspace();
  for (const f of ['verify', 'meta-verify']) ws.copyFrom(join(SAMPLES, 'outputs', `cauchy-equation.labelled.${f}.txt`), `outputs/cauchy-equation.labelled.${f}.txt`);
  ws.write('scripts/suite.json', JSON.stringify(SCRIPT));
  ws.write('proofs/align.md', 'Claim.\n\n$$\n\\begin{align}\n\n\\end{align}\n$$\n');
  base = mkdtempSync(join(tmpdir(), 'pw-e2e-review-'));
  writeTinyGguf(join(base, 'review-tiny.gguf'), { size: 'test', seed: 7 });
  wb = await openWorkbench({
    workspace: ws.dir, backend: 'scripted:scripts/suite.json', connectedText: 'scripted',
    env: { PROOFWRIGHT_MODELS_DIR: join(base, 'models') },
  });
  page = wb.page;
  probe = pageProbes(page);
  await page.setViewportSize({ width: 1280, height: 720 });
});

// Each finding on its own: a dialog a failed test left open is closed first.
beforeEach(async () => {
  const modal = page.locator('[role=dialog][aria-modal=true]');
  for (let i = 0; i < 3 && (await modal.count()) > 0; i++) await page.keyboard.press('Escape');
  await poll(() => modal.count()).toBe(0);
});

afterAll(async () => {
  await wb?.close();
  ws?.remove();
  if (base) rmSync(base, { recursive: true, force: true });
});

describe('typing LaTeX in the editor', () => {
  it('keeps Enter a new line after `\\\\` and after a command typed in full', async () => {
    await probe.openFile('proofs/align.md');
    // The empty line inside the align: line 5.
    await page.evaluate(() => {
      const { editor } = (window as any).__pwEditor;
      editor.setPosition({ lineNumber: 5, column: 1 });
      editor.focus();
    });
    const suggest = page.locator('[data-testid=editor] .suggest-widget.visible');
    await page.keyboard.type('a &= b + c \\');
    // The first backslash may start a command: the list opens.
    await poll(() => suggest.count()).toBe(1);
    // The second makes a line break: the list closes, and Enter is a new line.
    await page.keyboard.type('\\');
    await poll(() => suggest.count()).toBe(0);
    await page.keyboard.press('Enter');
    await page.keyboard.type('&= d \\');
    await poll(() => suggest.count()).toBe(1);
    await page.keyboard.type('\\');
    await poll(() => suggest.count()).toBe(0);
    await page.keyboard.press('Enter');
    // A command typed in full: Enter would accept what is already there; it is a new line instead.
    await page.keyboard.type('&= \\alpha');
    await poll(() => page.locator('[data-testid=editor] .suggest-widget.visible .monaco-list-row.focused').textContent()).toContain('alpha');
    await page.keyboard.press('Enter');
    await page.keyboard.type('+ e');
    await poll(probe.editorText).toBe('Claim.\n\n$$\n\\begin{align}\na &= b + c \\\\\n&= d \\\\\n&= \\alpha\n+ e\n\\end{align}\n$$\n');
    await wb.browser.screenshot('review-align-typed');
  });
});

describe('dialogs open on a harmless control', () => {
  it('"New document or sample…" focuses the new-document choice: Enter makes an empty document', async () => {
    await probe.paletteCommand('Proofwright: New document or sample');
    await poll(() => page.getByTestId('files-dialog').count()).toBe(1);
    await poll(focused).toBe('new-empty');
    const loads = await probe.state<number>('(s) => s.loadNonce');
    await page.keyboard.press('Enter');
    await poll(() => probe.state<number>('(s) => s.loadNonce')).toBeGreaterThan(loads);
    expect(await probe.editorText()).toBe('');
    expect(await probe.state<string | null>('(s) => s.path')).toBeNull();
  });

  it('the model library opens on the Discover tab, not Unload: Enter and Space unload nothing', async () => {
    await poll(() => probe.state<string | undefined>('(s) => s.backend && s.backend.state')).toBe('ready');
    await page.getByTestId('open-library').click();
    const dialog = page.getByTestId('model-library');
    await poll(() => dialog.getByTestId('unload').count()).toBe(1);
    await poll(focused).toBe('tab-discover');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Space');
    expect(await probe.state<string>('(s) => s.backend.state')).toBe('ready');
    expect(await dialog.getByTestId('unload').count()).toBe(1);
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
  });

  it('no dialog opens with focus on a destructive control', async () => {
    const opened: [string, () => Promise<void>][] = [
      ['files-dialog', () => page.getByRole('button', { name: 'Files' }).click()],
      ['settings-dialog', () => page.getByRole('button', { name: 'Models & settings', exact: true }).click()],
      ['model-library', () => page.getByTestId('open-library').click()],
    ];
    for (const [id, open] of opened) {
      await open();
      await poll(() => page.getByTestId(id).count()).toBe(1);
      await poll(() => page.evaluate((d) => !!document.querySelector(`[data-testid="${d}"]`)?.contains(document.activeElement), id)).toBe(true);
      expect(await focusedIsDestructive(), id).toBe(false);
      await page.keyboard.press('Escape');
      await poll(() => page.getByTestId(id).count()).toBe(0);
    }
  });
});

describe('the model library', () => {
  it('names the file an import links to, not the library\'s link to it', async () => {
    const source = join(base, 'review-tiny.gguf');
    await page.getByTestId('open-library').click();
    const dialog = page.getByTestId('model-library');
    await dialog.getByTestId('tab-mine').click();
    await dialog.getByLabel('Import GGUF path').fill(source);
    await dialog.getByRole('button', { name: 'Import' }).click();
    const row = dialog.getByTestId('model-review-tiny');
    await poll(() => row.count()).toBe(1);
    await row.getByTestId('inspect').click();
    const card = dialog.getByTestId('inspect-card');
    await poll(() => card.getByTestId('card-memory').textContent()).toMatch(/at 4,096 tokens/);
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(`linked from ${source}`);
    expect(text).not.toContain(join(base, 'models'));
  });

  it('updates the memory estimate as the context is typed, and closes on one Escape from that field', async () => {
    await page.getByTestId('open-library').click();
    const dialog = page.getByTestId('model-library');
    await dialog.getByTestId('tab-mine').click();
    const row = dialog.getByTestId('model-review-tiny');
    await poll(() => row.count()).toBe(1);
    const card = dialog.getByTestId('inspect-card');
    if ((await card.count()) === 0) await row.getByTestId('inspect').click();
    await poll(() => card.getByTestId('card-memory').textContent()).toMatch(/at 4,096 tokens/);
    const field = card.getByLabel('Context for the estimate (tokens per sequence)');
    await field.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('16384');
    // Still in the field (no Enter, no blur): the estimate is already the typed context's.
    expect(await focused()).toBe('Context for the estimate (tokens per sequence)');
    await poll(() => card.getByTestId('card-memory').textContent()).toMatch(/at 16,384 tokens/);
    // One Escape from inside the field closes the dialog, as from anywhere in it.
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
  });
});

describe('the Run tab', () => {
  it("follows the open document: a new empty document shows no run, not the previous one's score", async () => {
    await probe.openSample('cauchy-equation');
    await page.getByTestId('verify').click();
    await page.getByTestId('tab-run').click();
    await poll(() => page.getByTestId('run-status').textContent(), { timeout: 60_000 }).toBe('verify · completed');
    await poll(() => page.getByTestId('run-score').count()).toBe(1);

    await page.getByRole('button', { name: 'Files' }).click();
    const loads = await probe.state<number>('(s) => s.loadNonce');
    await page.getByTestId('files-dialog').getByRole('button', { name: 'Empty document' }).click();
    await poll(() => probe.state<number>('(s) => s.loadNonce')).toBeGreaterThan(loads);
    await page.getByTestId('tab-run').click();
    await poll(() => page.getByTestId('run-panel').count()).toBe(0);
    expect(await page.getByTestId('run-score').count()).toBe(0);
    expect(await page.locator('.pw-bottom').textContent()).toContain('No run of this document since the page opened');
  });
});
