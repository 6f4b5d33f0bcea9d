// The toolbar at 1280×720 and 1920×1080 with a backend that failed to load (reviewer F3): the engine
// chip's long "model failed to load: …" pushed "Models & settings" past the window's edge ("Models &
// settin"), and a selection, which turns Verify into "Verify selection", pushed it ~60 px further.
// Serve mode, Debian's Chromium, clicks and keys; boxes measured in the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, makeWorkspace, openWorkbench, pageProbes, type TempWorkspace, type WorkbenchHandle } from './support';

const SAMPLES = join(REPO_ROOT, 'resources', 'samples');
const NAME = 'primes-of-the-form-4k-plus-3-second-attempt-after-the-seminar.md';

let ws: TempWorkspace;
let wb: WorkbenchHandle;
let page: Page;
let probe: ReturnType<typeof pageProbes>;
let userData: string;

const poll = <T,>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });

interface Box { what: string; left: number; right: number; top: number; bottom: number; scrollWidth: number; clientWidth: number }

/** Every shown control of the toolbar (buttons, the theme field, the engine chip, the name): its box and overflow. */
const toolbarItems = () => page.evaluate(() => {
  const bar = document.querySelector('.pw-toolbar') as HTMLElement;
  const items = [...bar.querySelectorAll<HTMLElement>(':scope > button, :scope > label, :scope > .pw-conn, :scope > .pw-docname')]
    .filter((el) => el.getClientRects().length > 0);
  const box = (el: HTMLElement, what: string): Box => {
    const r = el.getBoundingClientRect();
    return { what, left: r.left, right: r.right, top: r.top, bottom: r.bottom, scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
  };
  return { bar: box(bar, 'toolbar'), viewport: { width: window.innerWidth, height: window.innerHeight }, items: items.map((el) => box(el, el.getAttribute('data-testid') ?? el.textContent ?? '')) };
});

/** What does not fit: a control outside the toolbar or the window, or a button or field whose text is cut. */
async function cutOff(): Promise<string[]> {
  const { bar, viewport, items } = await toolbarItems();
  const out: string[] = [];
  if (bar.right > viewport.width + 0.5 || bar.scrollWidth > bar.clientWidth) out.push(`toolbar ${bar.scrollWidth} > ${bar.clientWidth}`);
  for (const b of items) {
    if (b.left < bar.left - 0.5 || b.right > bar.right + 0.5 || b.right > viewport.width + 0.5 || b.top < bar.top - 0.5 || b.bottom > bar.bottom + 0.5) out.push(`${b.what}: ${b.left}–${b.right} outside ${bar.left}–${bar.right}`);
    // The chip and the name are cut with an ellipsis on purpose (their full text is their tooltip).
    if (b.what !== 'connection' && b.what !== 'docname' && b.scrollWidth > b.clientWidth) out.push(`${b.what}: text ${b.scrollWidth} px in ${b.clientWidth} px`);
  }
  return out;
}

const positions = async () => (await toolbarItems()).items.map((b) => `${b.what}@${Math.round(b.left)}-${Math.round(b.right)}`);

beforeAll(async () => {
  ws = makeWorkspace();
  ws.write(`proofs/${NAME}`, readFileSync(join(SAMPLES, 'primes-4k-plus-3.md'), 'utf8'));
  ws.write(`proofs/${NAME.replace(/\.md$/, '.problem.md')}`, readFileSync(join(SAMPLES, 'primes-4k-plus-3.problem.md'), 'utf8'));
  // The backend Models & settings saved is a script that is not there: the engine runs, the model fails
  // to load, the chip says why at length, and "Reload model" and "Choose a model" join it (the fullest toolbar).
  userData = mkdtempSync(join(tmpdir(), 'pw-e2e-user-'));
  writeFileSync(join(userData, 'settings.json'), JSON.stringify({ backend: 'scripted:scripts/the-verifier-script-that-was-never-written-for-this-seminar.json' }));
  wb = await openWorkbench({ workspace: ws.dir, userData, connectedText: 'failed to load' });
  page = wb.page;
  probe = pageProbes(page);
}, 180_000);

afterAll(async () => {
  await wb?.close();
  ws?.remove();
  if (userData) rmSync(userData, { recursive: true, force: true });
});

describe('the toolbar with a failed backend and a long document name', () => {
  for (const [width, height] of [[1280, 720], [1920, 1080]] as const) {
    it(`fits at ${width}×${height}: every control whole, with and without a selection, and a selection moves nothing`, async () => {
      await page.setViewportSize({ width, height });
      await probe.openFile(`proofs/${NAME}`, { exact: true });
      const chip = page.getByTestId('connection');
      const status = await chip.getAttribute('title');
      expect(status).toMatch(/^model failed to load: .*the-verifier-script-that-was-never-written-for-this-seminar\.json/);
      // "Reload model" below 1500 px says "Reload" (beside "Choose a model"), leaving the chip its words.
      await poll(() => page.getByRole('button', { name: width < 1500 ? 'Reload' : 'Reload model', exact: true }).count()).toBe(1);
      await poll(cutOff).toEqual([]);
      // What the ellipsis leaves still says what happened ("engine · …" said nothing at 1280).
      const shown = await chip.evaluate((el) => {
        const range = document.createRange();
        const text = el.firstChild!;
        range.setStart(text, 0);
        range.setEnd(text, 'model failed'.length);
        const box = el.getBoundingClientRect();
        return range.getBoundingClientRect().right <= box.right - parseFloat(getComputedStyle(el).paddingRight);
      });
      expect(shown).toBe(true);
      // The chip's whole text is its tooltip: what the ellipsis hides can be read.
      expect(status!.startsWith((await chip.innerText()).replace(/…$/, ''))).toBe(true);
      const before = await positions();

      // The user's selection: Verify says "Verify selection" in the width it already had.
      await probe.caretAtLine(3);
      await page.keyboard.press('Shift+End');
      const verify = page.getByTestId('verify');
      await poll(() => verify.textContent()).toBe('Verify selection');
      expect(await cutOff()).toEqual([]);
      expect(await positions()).toEqual(before);
      // Its name for assistive technology is the label shown, not the hidden width-keeper too.
      expect(await page.getByRole('button', { name: 'Verify selection', exact: true }).count()).toBe(1);
      await wb.browser.screenshot(`toolbar-${width}`);
      await page.keyboard.press('End');
      await poll(() => verify.textContent()).toBe('Verify');
      expect(await page.getByRole('button', { name: 'Verify', exact: true }).count()).toBe(1);
      expect(await positions()).toEqual(before);
    }, 120_000);
  }
});
