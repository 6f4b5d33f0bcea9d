// Recovery copies in serve mode, as pages come and go (the fresh reviewer's finding): a copy is offered
// to a page when no live page holds its document: after a reload, after the whole browser was closed
// and opened again; never to a second page while the first one still has the document open.
// Real serve mode (CLI, engine) in Debian's Chromium; the store is only read.
/* eslint-disable @typescript-eslint/no-explicit-any -- the page callbacks run in the browser against untyped window handles */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, makeWorkspace, startServe, type ChromiumHandle, type ServeHandle, type TempWorkspace } from './support';
import { pageProbes } from './support/workbench';

/** expect.poll with room for a loaded machine: 30 s unless told. */
const poll = <T,>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 30_000, ...options });

let ws: TempWorkspace | null = null;
let server: ServeHandle | null = null;
const browsers: ChromiumHandle[] = [];

afterEach(async () => {
  for (const b of browsers.splice(0)) await b.close();
  await server?.stop();
  ws?.remove();
  server = null;
  ws = null;
});

async function startServer(): Promise<ServeHandle> {
  ws = makeWorkspace();
  server = await startServe({ workspace: ws.dir });
  return server;
}

/** A new browser (its own profile: nothing of an earlier one) on the workbench, once it has decided what to show. */
async function openBrowser(url: string): Promise<ChromiumHandle> {
  const browser = await launchChromium();
  browsers.push(browser);
  browser.page.on('dialog', (dialog) => void dialog.accept());
  await browser.page.setViewportSize({ width: 1280, height: 720 });
  await browser.page.goto(url);
  await settled(browser.page);
  return browser;
}

/** The page has started: either a document is in, or the recovery dialog is up. */
async function settled(page: Page) {
  await page.getByTestId('connection').waitFor({ timeout: 60_000 });
  await poll(() => pageProbes(page).state<boolean>("(s) => !!s.docId || s.dialog === 'recover'")).toBe(true);
}

/** Every recovery copy's text on disk (the engine writes one 400 ms after the last edit). */
function copiesOnDisk(userData: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.json')) out.push((JSON.parse(readFileSync(path, 'utf8')) as { text: string }).text);
    }
  };
  walk(join(userData, 'recovery'));
  return out;
}

/** Type at the end of the untitled document, and wait until its recovery copy holds the text. */
async function typeUntitled(page: Page, text: string, userData: string) {
  const probe = pageProbes(page);
  await poll(() => probe.state<string>('(s) => s.docId ? s.name : ""')).toMatch(/^untitled/);
  await page.evaluate(() => {
    const { editor } = (window as any).__pwEditor;
    const model = editor.getModel();
    editor.setPosition(model.getPositionAt(model.getValue().length));
    editor.focus();
  });
  await page.keyboard.type(text);
  await poll(probe.synced).toBe(true);
  await poll(() => copiesOnDisk(userData).some((t) => t.includes(text))).toBe(true);
}

const recoverDialog = (page: Page) => page.getByTestId('recover-dialog');

async function restoreFirst(page: Page, text: string) {
  await poll(() => recoverDialog(page).count()).toBe(1);
  await recoverDialog(page).getByTestId('restore').first().click();
  await poll(() => pageProbes(page).editorText()).toContain(text);
}

describe('recovery copies as pages come and go', () => {
  it('offers the copy to the next page after the whole browser was closed', async () => {
    const { openUrl, userData } = await startServer();
    const first = await openBrowser(openUrl);
    await typeUntitled(first.page, 'Typed before the browser was closed.', userData);
    await first.close();
    const second = await openBrowser(openUrl);
    await poll(() => recoverDialog(second.page).count()).toBe(1);
    expect(await recoverDialog(second.page).textContent()).toContain('untitled.md');
    await second.screenshot('recovery-after-browser-closed-1280x720');
    await restoreFirst(second.page, 'Typed before the browser was closed.');
  });

  it('offers the copy after a reload, and again after the next reload while it is still unsaved', async () => {
    const { openUrl, userData } = await startServer();
    const browser = await openBrowser(openUrl);
    await typeUntitled(browser.page, 'Typed before the reload.', userData);
    for (let i = 0; i < 2; i++) {
      await browser.page.reload();
      await settled(browser.page);
      await restoreFirst(browser.page, 'Typed before the reload.');
    }
  });

  it('does not offer a page the copy of a document another live page has open; offers it once that page is gone', async () => {
    const { openUrl, userData } = await startServer();
    const first = await openBrowser(openUrl);
    await typeUntitled(first.page, 'Typed in the first page.', userData);
    // A second browser while the first is open: it starts with its own document, nothing offered.
    const second = await openBrowser(openUrl);
    expect(await pageProbes(second.page).state<boolean>('(s) => !!s.docId')).toBe(true);
    expect(await recoverDialog(second.page).count()).toBe(0);
    // A second tab of the same browser: the same.
    const tab = await first.context.newPage();
    await tab.goto(openUrl);
    await settled(tab);
    expect(await pageProbes(tab).state<boolean>('(s) => !!s.docId')).toBe(true);
    expect(await recoverDialog(tab).count()).toBe(0);
    // The first page still has its text, and keeps editing it.
    expect(await pageProbes(first.page).editorText()).toContain('Typed in the first page.');
    await typeUntitled(first.page, ' And more.', userData);
    // Once the first browser is closed, a new page is offered its copy.
    await first.close();
    const third = await openBrowser(openUrl);
    await restoreFirst(third.page, 'Typed in the first page. And more.');
  });
});
