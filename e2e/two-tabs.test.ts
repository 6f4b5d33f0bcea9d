// The same file open in two pages: they share one engine document, and the engine pushes each page's
// accepted edits to the other (`documentChanged`), whose editor and preview show them without a key
// there. When both type at once the engine's order decides: the page whose edit came second is refused
// and asks (the fresh reviewer's data loss was a silent replace): Cancel loads the other tab's text
// (Ctrl+Z there gives its own back); OK replaces it, as the user chose. Real serve mode, two Chromium
// browsers; the file on disk is checked.
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

/**
 * Holds back the engine's `documentChanged` and `documentSaved` messages to a page while `holding` (a notification still on
 * its way when the page's own key leaves: the two tabs typed at once); `release` delivers them.
 */
function latency() {
  let holding = false;
  const held: (() => void)[] = [];
  return {
    route: async (page: Page) => page.routeWebSocket(/\/rpc/, (socket) => {
      const server = socket.connectToServer();
      server.onMessage((message) => {
        if (holding && typeof message === 'string' && /"document(Changed|Saved)"/.test(message)) held.push(() => socket.send(message));
        else socket.send(message);
      });
    }),
    hold: () => void (holding = true),
    release: () => {
      holding = false;
      held.splice(0).forEach((send) => send());
    },
    held: () => held.length,
  };
}

/** A browser on the workbench with f.md open; `answer` is what it says to a confirm() dialog (recorded). */
async function openTab(url: string, answer: boolean, asked: string[], route?: (page: Page) => Promise<void>): Promise<Page> {
  const browser = await launchChromium();
  browsers.push(browser);
  await route?.(browser.page);
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
  it('each tab\'s keys show in the other at once, in its editor and preview, with no question and its own undo', async () => {
    ws = makeWorkspace({ 'f.md': TEXT });
    server = await startServe({ workspace: ws.dir });
    const askedA: string[] = [];
    const askedB: string[] = [];
    const a = await openTab(server.openUrl, true, askedA);
    const b = await openTab(server.openUrl, true, askedB);
    await typeAtEndOfFirstLine(a, ' TAB1');
    // B typed nothing: its editor, its preview and its dirty mark follow A.
    await poll(() => pageProbes(b).editorText()).toBe('First step. TAB1\n\nSecond step.\n');
    await poll(() => b.getByTestId('preview').innerText()).toContain('First step. TAB1');
    await poll(() => b.getByTestId('docname').textContent()).toContain('•');
    await poll(pageProbes(b).synced).toBe(true);
    await b.screenshot({ path: 'e2e/artifacts/two-tabs-b-follows-a.png' });

    // Now B types: A sees it the same way; nobody was asked anything.
    await typeAtEndOfFirstLine(b, '!');
    await poll(() => pageProbes(a).editorText()).toBe('First step. TAB1!\n\nSecond step.\n');
    await poll(() => a.getByTestId('preview').innerText()).toContain('First step. TAB1!');
    // B's Ctrl+Z takes back B's own key, not A's (A's edit is an undo step of its own in B).
    await b.keyboard.press('Control+Z');
    await poll(() => pageProbes(b).editorText()).toBe('First step. TAB1\n\nSecond step.\n');
    await poll(() => pageProbes(a).editorText()).toBe('First step. TAB1\n\nSecond step.\n');
    await poll(pageProbes(a).synced).toBe(true);
    await save(a);
    expect(readFileSync(join(ws.dir, 'f.md'), 'utf8')).toBe('First step. TAB1\n\nSecond step.\n');
    await poll(() => b.getByTestId('docname').textContent()).not.toContain('•');
    expect(askedA).toEqual([]);
    expect(askedB).toEqual([]);
  }, 180_000);

  for (const answer of [false, true]) {
    it(answer ? 'typed at once: OK, the second tab\'s text replaces the first\'s, as chosen' : 'typed at once: Cancel, the second tab loads the first tab\'s saved text; nothing is lost', async () => {
      ws = makeWorkspace({ 'f.md': TEXT });
      server = await startServe({ workspace: ws.dir });
      const askedA: string[] = [];
      const askedB: string[] = [];
      const toB = latency();
      const a = await openTab(server.openUrl, true, askedA);
      const b = await openTab(server.openUrl, answer, askedB, toB.route);
      // A's keys are on their way to B while B types: the engine took A's first.
      toB.hold();
      await typeAtEndOfFirstLine(a, ' TAB1');
      await poll(pageProbes(a).synced).toBe(true);
      await save(a);
      expect(readFileSync(join(ws.dir, 'f.md'), 'utf8')).toBe('First step. TAB1\n\nSecond step.\n');
      expect(toB.held()).toBeGreaterThan(0);

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
      // A's notifications arriving late change nothing in B.
      toB.release();
      await poll(pageProbes(b).synced).toBe(true);
      expect(await pageProbes(b).editorText()).toBe('First step.!\n\nSecond step.\n');
      // B's text (chosen with OK, or brought back with Ctrl+Z) reaches A live.
      await poll(() => pageProbes(a).editorText()).toBe('First step.!\n\nSecond step.\n');
      expect(askedA).toEqual([]);
    }, 180_000);
  }
});
