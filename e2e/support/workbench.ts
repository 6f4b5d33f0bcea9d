// The workbench in Chromium against a fresh serve-mode server on a workspace: what every UI test starts from.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchChromium, type ChromiumHandle } from './chromium';
import { startServe, type ServeHandle } from './serve';
import type { TempWorkspace } from './workspace';

export interface WorkbenchHandle {
  server: ServeHandle;
  browser: ChromiumHandle;
  page: Page;
  close(): Promise<void>;
}

/**
 * Starts serve mode on `workspace` (optionally with a backend and a user-data folder), opens the page and waits until the
 * engine is connected (and, with `connectedText`, until the connection badge shows it).
 * Confirm dialogs (the unsaved-changes guard) are accepted: tests always mean to go ahead.
 */
export interface OpenWorkbenchOptions {
  workspace: string;
  backend?: string;
  connectedText?: string;
  userData?: string;
  env?: Record<string, string>;
}

export async function openWorkbench(options: OpenWorkbenchOptions): Promise<WorkbenchHandle> {
  const server = await startServe({ workspace: options.workspace, backend: options.backend, userData: options.userData, env: options.env });
  const browser = await launchChromium();
  const page = browser.page;
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(server.openUrl);
  const badge = page.getByTestId('connection');
  await (options.connectedText ? badge.filter({ hasText: options.connectedText }) : badge).waitFor({ timeout: 60_000 });
  return {
    server,
    browser,
    page,
    close: async () => {
      await browser.close();
      await server.stop();
    },
  };
}

/** What `workbenchPerFile` gives a test file; its fields are set once the file's `beforeAll` has run. */
export interface WorkbenchFixture {
  ws: TempWorkspace;
  wb: WorkbenchHandle;
  page: Page;
  probe: ReturnType<typeof pageProbes>;
}

/**
 * One workbench for all the tests of a file: before them, the workspace `workspace()` makes, served
 * with `options` (openWorkbench) and opened in Chromium at `viewport` (1280×720 unless told; null keeps
 * the browser's); after them, browser and server closed and the workspace removed. `setupTimeoutMs`:
 * the before-all hook's limit (a large paste's set-up on a loaded machine needs more than the default).
 */
export function workbenchPerFile(
  workspace: () => TempWorkspace,
  options: Omit<OpenWorkbenchOptions, 'workspace'> = {},
  { viewport = { width: 1280, height: 720 }, setupTimeoutMs }: { viewport?: { width: number; height: number } | null; setupTimeoutMs?: number } = {},
): WorkbenchFixture {
  const fixture = {} as WorkbenchFixture;
  beforeAll(async () => {
    fixture.ws = workspace();
    fixture.wb = await openWorkbench({ ...options, workspace: fixture.ws.dir });
    fixture.page = fixture.wb.page;
    fixture.probe = pageProbes(fixture.page);
    if (viewport) await fixture.page.setViewportSize(viewport);
  }, setupTimeoutMs);
  afterAll(async () => {
    await fixture.wb?.close();
    fixture.ws?.remove();
  });
  return fixture;
}

/**
 * Screenshots of the workbench at 1280×720 and 1920×1080, light and dark, into e2e/artifacts/ as
 * `<name>-<w>x<h>-<theme>.png` (the issue asks for all four looks); leaves the page at 1280×720, light.
 */
export async function screenshotEveryLook(wb: WorkbenchHandle, name: string): Promise<void> {
  const { page } = wb;
  for (const [w, h] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    for (const theme of ['light', 'dark'] as const) {
      await page.getByTestId('theme').selectOption(theme);
      await expect.poll(() => page.locator('.pw-app').getAttribute('data-theme'), { timeout: 15_000 }).toBe(theme);
      await wb.browser.screenshot(`${name}-${w}x${h}-${theme}`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByTestId('theme').selectOption('light');
}

/** The Prove dialog's search sizes (DeepSeekMath-V2's n candidates, m verifications each, T rounds, k refined per round). */
export interface ProveSizes { n: number; m: number; T: number; k: number }

/**
 * Opens the Prove dialog from the toolbar and types the search sizes into its fields as a user does (each field
 * filled, then left with Tab so the form takes the value); returns the dialog, ready for its Start button.
 */
export async function fillProveDialog(page: Page, sizes: ProveSizes): Promise<Locator> {
  await page.getByTestId('prove').click();
  const dialog = page.getByTestId('prove-dialog');
  const fields: [string, number][] = [
    ['Candidates (n)', sizes.n], ['Verifications per candidate (m)', sizes.m],
    ['Refinement rounds (T)', sizes.T], ['Refined per round (k)', sizes.k],
  ];
  for (const [label, value] of fields) {
    await dialog.getByLabel(label).fill(String(value));
    await dialog.getByLabel(label).press('Tab');
  }
  return dialog;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the page callbacks run in the browser against untyped window handles */
/**
 * Read-only probes of a workbench page, through the two handles the page exposes for tests:
 * window.__pwEditor ({ editor, monaco }) and window.__pwStore (the zustand store).
 */
export function pageProbes(page: Page) {
  const state = <T,>(fn: string) => page.evaluate(`(${fn})(window.__pwStore.getState())`) as Promise<T>;
  const synced = () => page.evaluate(() => {
    const s = (window as any).__pwStore.getState();
    return !!s.doc && s.doc.text === (window as any).__pwEditor.editor.getModel().getValue();
  });
  return {
    /** The proof editor's text. */
    editorText: () => page.evaluate(() => (window as any).__pwEditor.editor.getModel().getValue() as string),
    /**
     * Pastes `text` into the proof editor as the browser delivers a paste to it (a ClipboardEvent on the
     * focused element: headless Chromium has no system clipboard), at the caret, or at the start of the
     * last line with `atEnd`.
     */
    pasteIntoEditor: (text: string, options: { atEnd?: boolean } = {}) => page.evaluate(({ text, atEnd }) => {
      const { editor } = (window as any).__pwEditor;
      if (atEnd) editor.setPosition({ lineNumber: editor.getModel().getLineCount(), column: 1 });
      editor.focus();
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, { text, atEnd: options.atEnd ?? false }),
    /** Puts the proof editor's caret at the start of line `line` (1-based) and focuses the editor. */
    caretAtLine: (line: number) => page.evaluate((l) => {
      const { editor } = (window as any).__pwEditor;
      editor.setPosition({ lineNumber: l, column: 1 });
      editor.focus();
    }, line),
    /** True once the engine has seen every edit and its parse describes the editor's text. */
    synced,
    /** `fn` is the source of a function of the store's state, evaluated in the page. */
    state,
    /**
     * Files › the sample `id`, as a user opens it; resolves once its document is in and parsed. The
     * name alone does not say the new document is in (the previous one may be the same sample): the
     * store's load counter must move too.
     */
    openSample: async (id: string) => {
      const loads = await state<number>('(s) => s.loadNonce');
      await page.getByRole('button', { name: 'Files' }).click();
      await page.getByTestId(`sample-${id}`).click();
      await expect.poll(() => state<number>('(s) => s.loadNonce'), { timeout: 15_000 }).toBeGreaterThan(loads);
      await expect.poll(() => page.getByTestId('docname').textContent(), { timeout: 15_000 }).toContain(id);
      await expect.poll(synced, { timeout: 15_000 }).toBe(true);
    },
    /**
     * Files › the workspace file `path` (a button named by it; `exact` when another name contains it);
     * resolves once that file is the document in and the engine's parse describes it. A load alone does
     * not say so: at a first start the empty document may come in after the count was read (CI: the
     * test then typed into the empty document and the file replaced it).
     */
    openFile: async (path: string, options: { exact?: boolean } = {}) => {
      const loads = await state<number>('(s) => s.loadNonce');
      await page.getByRole('button', { name: 'Files' }).click();
      await page.getByTestId('files-dialog').getByRole('button', { name: path, exact: options.exact }).first().click();
      await expect.poll(() => state<number>('(s) => s.loadNonce'), { timeout: 15_000 }).toBeGreaterThan(loads);
      await expect.poll(() => state<string | null>('(s) => s.path'), { timeout: 15_000 }).toBe(path);
      await page.getByTestId('files-dialog').waitFor({ state: 'detached', timeout: 15_000 });
      await expect.poll(synced, { timeout: 15_000 }).toBe(true);
    },
    /** F1, then `>text` in Monaco's command palette, then Enter on the command it lists. */
    paletteCommand: async (text: string) => {
      await page.evaluate(() => (window as any).__pwEditor.editor.focus());
      await page.keyboard.press('F1');
      const palette = page.locator('[data-testid=editor] .quick-input-widget');
      await expect.poll(() => palette.isVisible(), { timeout: 15_000 }).toBe(true);
      await page.keyboard.type(`>${text}`);
      await expect.poll(async () => (await palette.locator('.monaco-list-row').allTextContents()).join('\n'), { timeout: 15_000 }).toContain(text);
      await page.keyboard.press('Enter');
    },
    /**
     * Verify, as a user clicks it, and wait until that new run has completed, the engine's parse
     * describes the editor's text and the run's result is the one shown (`s.verify` is that run's);
     * with `findings`, until its findings have reached the page too (they are fetched once the run has
     * finished). Waits up to 60 s for the run, 20 s for each of the rest; fails if the run ends any
     * other way than completed.
     */
    verifyAndWait: async (options: { findings?: boolean } = {}) => {
      const before = await state<string | null>('(s) => s.run && s.run.runId');
      await page.getByTestId('verify').click();
      await expect.poll(() => state<string | null>(`(s) => s.run && s.run.runId !== ${JSON.stringify(before)} && s.run.status !== 'running' ? s.run.status : null`), { timeout: 60_000 })
        .not.toBe(null);
      expect(await state<string>('(s) => s.run.status')).toBe('completed');
      await expect.poll(synced, { timeout: 20_000 }).toBe(true);
      const shown = `(s) => !!s.verify && s.verify.runId === s.run.runId${options.findings ? ' && s.annotations.some((a) => a.provenance.runId === s.run.runId)' : ''}`;
      await expect.poll(() => state<boolean>(shown), { timeout: 20_000 }).toBe(true);
    },
    /**
     * Where the preview stands against the editor, as the scroll sync means it: `line` is the editor's
     * top line (from its layout: its visible ranges lag a programmatic scroll until painted), `gap` the
     * px (rounded) from the preview's top edge to the top of the block holding that line, `aligned`
     * whether that block sits 8 px (±2) below the edge or the preview is scrolled as far as it goes
     * (gap ≥ 6), `scrolled` whether the preview is scrolled at all.
     */
    previewAlignment: () => page.evaluate(() => {
      const { editor } = (window as any).__pwEditor;
      const model = editor.getModel();
      const top = editor.getScrollTop() + 1;
      let lineAtTop = 1;
      while (lineAtTop < model.getLineCount() && editor.getTopForLineNumber(lineAtTop + 1) <= top) lineAtTop++;
      const topOffset = model.getOffsetAt({ lineNumber: lineAtTop, column: 1 });
      const el = document.querySelector<HTMLElement>('[data-testid=preview]')!;
      const rows = [...el.querySelectorAll<HTMLElement>('[data-block-index]')];
      const row = rows.findLast((r) => Number(r.dataset.blockStart) <= topOffset) ?? rows[0];
      const gap = row.getBoundingClientRect().top - el.getBoundingClientRect().top;
      const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
      return { line: lineAtTop, gap: Math.round(gap), scrolled: el.scrollTop > 0, aligned: Math.abs(gap - 8) <= 2 || (atEnd && gap >= 6) };
    }),
    /** The editor's markers of one owner ('proofwright' for findings, 'katex' for math errors). */
    markers: (owner: string) => page.evaluate((o) => (window as any).__pwEditor.monaco.editor.getModelMarkers({ owner: o }) as
      { startLineNumber: number; startColumn: number; endLineNumber: number; endColumn: number; message: string }[], owner),
  };
}
