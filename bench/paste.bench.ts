// A big insert typed into the editor, until the engine's answer describes it: serve mode, the real
// workbench in Chromium, `page.keyboard.insertText` of 50 / 100 / 200 lines at the end of a sample
// (Monaco types keyboard-sourced text one character at a time: ~40 edits a line reach the engine in
// one batch). Time from the insert to the renderer being synced (nothing left to send, and the
// engine's document is the editor's text). Each size in a fresh page load on its own copy of the file.
//   npm run bench -- paste
//   npx tsx bench/paste.bench.ts
// The insert grew quadratically before the engine composed typed runs (app/common/text.ts composeEdits):
// 50 / 100 / 200 lines took 4.9 / 18.2 / 71.9 s (2026-11-30, load 0.6).
// Since wb10 (renderer/editor/longType.ts) a typed text longer than 64 characters reaches the model as
// one edit, as a paste does, so this measures that one edit's way to the engine; composeEdits still
// serves fast typing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import setupRenderer from '../e2e/global-setup';
import { REPO_ROOT, chromiumAvailable, launchChromium, makeWorkspace, startServe } from '../e2e/support';
import type { BenchResult } from './types';

const SIZES = [50, 100, 200];
const LINE = 'Pasted line with $\\frac{a}{b}$ and $x^2$.\n';

/* eslint-disable @typescript-eslint/no-explicit-any -- page callbacks run in the browser against untyped handles */
/** Opens `file` from Files and waits until it is the document in and the engine's parse describes it. */
async function open(page: Page, file: string): Promise<void> {
  await page.getByRole('button', { name: 'Files' }).click();
  await page.getByTestId('files-dialog').getByRole('button', { name: file, exact: true }).click();
  await page.getByTestId('files-dialog').waitFor({ state: 'detached', timeout: 60_000 });
  await page.waitForFunction((path) => {
    const s = (window as any).__pwStore.getState();
    return s.path === path && !!s.doc && s.doc.text === (window as any).__pwEditor.editor.getModel().getValue();
  }, file, { timeout: 60_000, polling: 50 });
}

/** Seconds from the insert of `lines` lines at the end of the document to the renderer being synced. */
async function insertAndTime(page: Page, lines: number): Promise<number> {
  await page.evaluate(() => {
    const { editor } = (window as any).__pwEditor;
    const model = editor.getModel();
    const last = model.getLineCount();
    editor.setPosition({ lineNumber: last, column: model.getLineMaxColumn(last) });
    editor.focus();
  });
  const insert = '\n' + LINE.repeat(lines);
  const t0 = performance.now();
  await page.keyboard.insertText(insert);
  await page.waitForFunction((length) => {
    const s = (window as any).__pwStore.getState();
    const text = (window as any).__pwEditor.editor.getModel().getValue();
    return text.length >= length && !!s.doc && s.doc.text === text;
  }, insert.length, { timeout: 600_000, polling: 50 });
  return (performance.now() - t0) / 1000;
}

export async function run(): Promise<BenchResult[]> {
  if (!chromiumAvailable()) throw new Error('Chromium is needed (/usr/bin/chromium or PROOFWRIGHT_CHROMIUM)');
  setupRenderer(); // builds dist/renderer when the sources are newer
  const sample = readFileSync(join(REPO_ROOT, 'resources', 'samples', 'sum-of-cubes.md'), 'utf8');
  const ws = makeWorkspace(Object.fromEntries(SIZES.map((n) => [`paste-${n}.md`, sample])));
  const server = await startServe({ workspace: ws.dir });
  const browser = await launchChromium();
  try {
    const page = browser.page;
    await page.setViewportSize({ width: 1280, height: 720 });
    const seconds: number[] = [];
    for (const n of SIZES) {
      // A fresh page for each size.
      await page.goto(server.openUrl);
      await page.getByTestId('connection').filter({ hasText: 'engine' }).waitFor({ timeout: 60_000 });
      await open(page, `paste-${n}.md`);
      seconds.push(await insertAndTime(page, n));
      // Saved, so the next page load finds no unsaved work to offer back.
      await page.keyboard.press('Control+S');
      await page.getByTestId('docname').filter({ hasNotText: '•' }).waitFor({ timeout: 60_000 });
    }
    const round = (x: number) => Number(x.toFixed(2));
    return SIZES.map((n, i) => ({
      name: `insert of ${n} lines typed at the end, until synced`, value: round(seconds[i]), unit: 's', baseline: round(seconds[0]),
      ratio: round(seconds[i] / seconds[0]),
      note: `baseline = the ${SIZES[0]}-line insert in the same run (it carries the first page's warm-up); before composeEdits the 200-line one was 10–15× it`,
    }));
  } finally {
    await browser.close();
    await server.stop();
    ws.remove();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().then((results) => {
    for (const r of results) console.log(`${r.name}: ${r.value} ${r.unit} (×${r.ratio} of ${r.baseline} ${r.unit}; ${r.note})`);
  }, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
