// The same file open in two pages (the fresh reviewer's data loss): the pages share one engine document
// but do not see each other's keys. Tab A typed and saved; tab B, which had not heard of it, typed too,
// and its resync silently replaced A's saved text with B's (and B's save wrote that to disk). Now B's
// first key after A's change asks: Cancel loads A's text into B (Ctrl+Z there gives B's back); OK
// replaces it, as the user chose. Real serve mode, two Chromium browsers; the file on disk is checked.
/* eslint-disable @typescript-eslint/no-explicit-any -- the page callbacks run in the browser against untyped window handles */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, makeWorkspace, startServe, type ChromiumHandle, type ServeHandle, type TempWorkspace } from './support';
import { pageProbes } from './support/workbench';

const poll = <T,>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 30_000, ...options });
const TEXT = 'First step.\n\nSecond step.\n';

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

/** A browser on the workbench with f.md open; `answer` is what it says to a confirm() dialog (recorded). */
async function openTab(url: string, answer: boolean, asked: string[]): Promise<Page> {
  const browser = await launchChromium();
  browsers.push(browser);
  browser.page.on('dialog', (dialog) => {
    asked.push(dialog.message());
    void (answer ? dialog.accept() : dialog.dismiss());
  });
  await browser.page.setViewportSize({ width: 1280, height: 720 });
  await browser.page.goto(url);
  await browser.page.getByTestId('connection').filter({ hasText: 'engine' }).waitFor({ timeout: 60_000 });
  await poll(() => pageProbes(browser.page).state<boolean>('(s) => !!s.docId')).toBe(true);
  await pageProbes(browser.page).openFile('f.md');
  return browser.page;
}

async function typeAtEndOfFirstLine(page: Page, text: string) {
  await page.evaluate(() => {
    const { editor } = (window as any).__pwEditor;
    editor.setPosition({ lineNumber: 1, column: editor.getModel().getLineMaxColumn(1) });
    editor.focus();
  });
  await page.keyboard.type(text);
}

async function save(page: Page) {
  await page.keyboard.press('Control+S');
  await page.getByTestId('docname').filter({ hasNotText: '•' }).waitFor({ timeout: 30_000 });
}

describe('the same file in two tabs', () => {
  for (const answer of [false, true]) {
    it(answer ? 'OK: the second tab\'s text replaces the first\'s, as chosen' : 'Cancel: the second tab loads the first tab\'s saved text; nothing is lost', async () => {
      ws = makeWorkspace({ 'f.md': TEXT });
      server = await startServe({ workspace: ws.dir });
      const askedA: string[] = [];
      const askedB: string[] = [];
      const a = await openTab(server.openUrl, true, askedA);
      const b = await openTab(server.openUrl, answer, askedB);
      await typeAtEndOfFirstLine(a, ' TAB1');
      await poll(pageProbes(a).synced).toBe(true);
      await save(a);
      expect(readFileSync(join(ws.dir, 'f.md'), 'utf8')).toBe('First step. TAB1\n\nSecond step.\n');

      // One key: the question is modal (keys typed while it is up go to it, not to the editor).
      await typeAtEndOfFirstLine(b, '!');
      await poll(() => askedB.length).toBeGreaterThan(0);
      expect(askedB[0]).toContain('f.md was changed in another tab or window');
      await poll(pageProbes(b).synced).toBe(true);
      if (answer) {
        await poll(() => pageProbes(b).editorText()).toBe('First step.!\n\nSecond step.\n');
        await save(b);
        expect(readFileSync(join(ws.dir, 'f.md'), 'utf8')).toBe('First step.!\n\nSecond step.\n');
      } else {
        // B shows A's saved text; B's own keys are one Ctrl+Z away.
        await poll(() => pageProbes(b).editorText()).toBe('First step. TAB1\n\nSecond step.\n');
        expect(await b.getByTestId('docname').textContent()).not.toContain('•');
        expect(readFileSync(join(ws.dir, 'f.md'), 'utf8')).toBe('First step. TAB1\n\nSecond step.\n');
        await b.keyboard.press('Control+Z');
        await poll(() => pageProbes(b).editorText()).toBe('First step.!\n\nSecond step.\n');
      }
      expect(askedA).toEqual([]);
    }, 180_000);
  }
});
