// The deterministic checker in the workbench (issue 12, item 5): serve mode (real CLI, real engine, no
// model at all) in Debian's Chromium. A wrong expansion typed into a sample shows a checker marker, a
// problems-list row with source `checker` and a card beside its step with the counterexample; the
// correction clears them. The store is only read; the text is changed by typing into the editor.
/* eslint-disable @typescript-eslint/no-explicit-any -- the page callbacks run in the browser against untyped window handles */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { REPO_ROOT, makeWorkspace, openWorkbench, type ChromiumHandle, type ServeHandle, type TempWorkspace } from './support';
import { pageProbes } from './support/workbench';

let ws: TempWorkspace;
let server: ServeHandle;
let browser: ChromiumHandle;
let page: Page;
let probe: ReturnType<typeof pageProbes>;

/** expect.poll with room for a loaded machine (engine round trips): 15 s unless told. */
const poll = <T,>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 15_000, ...options });

// The sample's slip: (n+1)^2 (n^2 + 4(n+1)) expanded with "+ 2" where "+ 4" belongs.
const SLIP = '4n + 2\\right)';

const openSample = (id: string) => probe.openSample(id);

/** Selects the one character at `index` of the first occurrence of `needle` and types `text` over it. */
async function typeOver(needle: string, index: number, text: string) {
  await page.evaluate(([n, i]) => {
    const { editor, monaco } = (window as any).__pwEditor;
    const model = editor.getModel();
    const at = model.getValue().indexOf(n) + i;
    const start = model.getPositionAt(at);
    const end = model.getPositionAt(at + 1);
    editor.setSelection(new monaco.Selection(start.lineNumber, start.column, end.lineNumber, end.column));
    editor.focus();
  }, [needle, index] as const);
  await page.keyboard.type(text);
}

const checkerMarkers = async () => (await probe.markers('proofwright')).filter((m) => m.message.includes('computer algebra, not a model'));
const checkerRows = () => page.locator('[data-testid=problem][data-source=checker]');
const checkerCards = () => page.locator('[data-testid=step-card] .pw-checker');
const slipLine = () => page.evaluate(() => {
  const model = (window as any).__pwEditor.editor.getModel();
  return model.getPositionAt(model.getValue().indexOf('\\frac{(n+1)^2\\left(n^2 + 4(n+1)')).lineNumber as number;
});

beforeAll(async () => {
  ws = makeWorkspace();
  // A scripted verifier (real loop, canned answers), only to show that a run keeps the checker's findings.
  for (const f of ['verify', 'meta-verify']) {
    ws.copyFrom(join(REPO_ROOT, 'resources', 'samples', 'outputs', `cauchy-equation.labelled.${f}.txt`), `outputs/${f}.txt`);
  }
  ws.write('scripts/verify.json', JSON.stringify({
    rules: [
      { role: 'verify', responses: [{ file: '../outputs/verify.txt' }] },
      { role: 'meta-verify', responses: [{ file: '../outputs/meta-verify.txt' }] },
    ],
  }));
  ({ server, browser, page } = await openWorkbench({ workspace: ws.dir, backend: 'scripted:scripts/verify.json', connectedText: 'scripted' }));
  probe = pageProbes(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  ws?.remove();
});

describe('the checker in the workbench', () => {
  it("shows the sum-of-cubes sample's slip as soon as it opens: marker, problems row and card with the counterexample", async () => {
    await openSample('sum-of-cubes');
    await page.getByTestId('tab-problems').click();
    const line = await slipLine();
    await poll(async () => (await checkerMarkers()).map((m) => m.startLineNumber)).toEqual([line]);
    const marker = (await checkerMarkers())[0];
    expect(marker.message).toMatch(/^Critical error: Computation fails at \$n = \d+\$/);
    await poll(() => checkerRows().count()).toBe(1);
    // The row typesets the counterexample (KaTeX keeps its TeX in an annotation: `n = 3`).
    expect(await checkerRows().first().textContent()).toMatch(/Computation fails at .*n = \d+.*left side = [\d.]+, right side = [\d.]+/);
    expect(await checkerRows().first().locator('.pw-problem-message .katex').count()).toBeGreaterThan(0);
    await poll(() => checkerCards().count()).toBe(1);
    const card = checkerCards().first();
    expect(await card.textContent()).toMatch(/n = \d+/);
    expect(await card.textContent()).toContain('computer algebra, not a model');
  });

  it('shows a lint message that quotes TeX as text, not typeset: "\\[ is never closed by \\]"', async () => {
    await openSample('sum-of-cubes');
    await page.evaluate(() => {
      const { editor } = (window as any).__pwEditor;
      const model = editor.getModel();
      editor.setPosition(model.getPositionAt(model.getValue().length));
      editor.focus();
    });
    await page.keyboard.type('\n\nHence \\[ x = 1.\n');
    const card = page.getByTestId('finding').filter({ hasText: '\\[ is never closed by \\]' });
    await poll(() => card.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await card.first().locator('.katex').count()).toBe(0);
    await page.keyboard.press('Control+Z');
  });

  it('typing the correction clears them; typing the wrong expansion back brings them back; a verified computation shows on demand', async () => {
    await openSample('sum-of-cubes');
    await page.getByTestId('tab-problems').click();
    await poll(() => checkerRows().count()).toBe(1);

    // Correct the slip: "+ 2" → "+ 4".
    await typeOver(SLIP, SLIP.indexOf('2'), '4');
    await poll(probe.synced).toBe(true);
    await poll(async () => (await checkerMarkers()).length).toBe(0);
    await poll(() => checkerRows().count()).toBe(0);
    await poll(() => checkerCards().count()).toBe(0);

    // Verified computations are silent by default and shown with the toggle, with their provenance.
    await page.getByTestId('show-verified').check();
    await poll(() => checkerCards().filter({ hasText: /Verified symbolically|Holds numerically/ }).count()).toBeGreaterThan(0);
    expect(await checkerCards().first().textContent()).toContain('computer algebra, not a model');
    await page.getByTestId('show-verified').uncheck();
    await poll(() => checkerCards().count()).toBe(0);

    // Type a wrong expansion, one keystroke after another: "4n + 4" → "4n + 31" (4n+31 ≠ 4n+4).
    await typeOver('4n + 4\\right)', '4n + 4'.length - 1, '31');
    await poll(probe.synced).toBe(true);
    const line = await slipLine();
    await poll(async () => (await checkerMarkers()).map((m) => m.startLineNumber)).toEqual([line]);
    await poll(() => checkerRows().count()).toBe(1);
    await poll(() => checkerCards().count()).toBe(1);
    expect(await checkerCards().first().textContent()).toMatch(/Computation fails at .*n = \d+/);

    // And correct it again.
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('4');
    await poll(probe.synced).toBe(true);
    await poll(async () => (await checkerMarkers()).length).toBe(0);
    await poll(() => checkerRows().count()).toBe(0);
    await poll(() => checkerCards().count()).toBe(0);
  });

  it("keeps the checker's marker on the slip while typing before it: never drawn one key off before the checker's answer", async () => {
    await openSample('sum-of-cubes');
    const line = await slipLine();
    await poll(async () => (await checkerMarkers()).map((m) => m.startLineNumber)).toEqual([line]);
    // Each time the markers are set, the text under the checker's marker (the computation it is about).
    await page.evaluate(() => {
      const { editor, monaco } = (window as any).__pwEditor;
      const model = editor.getModel();
      const seen: string[] = [];
      (window as any).__pwUnder = seen;
      const read = () => monaco.editor.getModelMarkers({ owner: 'proofwright' })
        .filter((m: any) => m.message.includes('computer algebra, not a model'))
        .map((m: any) => model.getValueInRange(m));
      seen.push(...read());
      monaco.editor.onDidChangeMarkers(() => seen.push(...read()));
    });
    const first = (await page.evaluate(() => (window as any).__pwUnder as string[]))[0];
    expect(first.length).toBeGreaterThan(0);
    // Spaces at the start of the marked line (the math is unchanged): every key moves the marker's columns.
    await probe.caretAtLine(line);
    for (let i = 0; i < 5; i++) {
      await page.keyboard.type(' ');
      await page.waitForTimeout(100);
    }
    await poll(probe.synced).toBe(true);
    await poll(async () => (await checkerMarkers()).length).toBe(1);
    await poll(() => page.evaluate(() => (window as any).__pwUnder.length as number)).toBeGreaterThan(1);
    // Wherever and whenever it was drawn, the marker covered the computation, not text one key off.
    expect(new Set(await page.evaluate(() => (window as any).__pwUnder as string[]))).toEqual(new Set([first]));
    for (let i = 0; i < 5; i++) await page.keyboard.press('Backspace');
  });

  it("a verify run keeps the checker's findings, and the checker keeps the run's", async () => {
    await openSample('sum-of-cubes');
    await page.getByTestId('tab-problems').click();
    await poll(() => checkerRows().count()).toBe(1);
    const before = await probe.state<string | null>('(s) => s.run && s.run.runId');
    await page.getByTestId('verify').click();
    await poll(() => probe.state<string | null>(`(s) => s.run && s.run.runId !== ${JSON.stringify(before)} ? s.run.status : null`), { timeout: 60_000 })
      .toBe('completed');
    await poll(() => probe.state<boolean>('(s) => !!s.verify && s.annotations.some((a) => a.provenance.source === "verifier")')).toBe(true);
    // (A run opens the Run tab; back to Problems.)
    await page.getByTestId('tab-problems').click();
    expect(await checkerRows().count()).toBe(1);
    expect((await checkerMarkers()).length).toBe(1);
    // An edit re-checks; the run's findings stay (re-mapped by the engine), the checker's follow the text.
    const runFindings = await probe.state<number>('(s) => s.annotations.filter((a) => a.provenance.source === "verifier").length');
    await typeOver(SLIP, SLIP.indexOf('2'), '4');
    await poll(probe.synced).toBe(true);
    await poll(() => checkerRows().count()).toBe(0);
    expect(await probe.state<number>('(s) => s.annotations.filter((a) => a.provenance.source === "verifier").length')).toBe(runFindings);
  });
});

