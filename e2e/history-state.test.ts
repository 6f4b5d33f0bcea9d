// What the findings column says agrees with History, met as a person meets it (serve mode, scripted
// DeepSeek-style sample backend, Debian's Chromium, clicks and keys; the store is only read): a stopped
// first run says it was stopped (never "Not verified yet" beside a run History lists); a document opened
// again shows its last finished verification's score and findings, which survive typing and a Stop;
// no uncaught error ("Canceled") reaches the page through Stop, Refine, Accept, Save, History, Export;
// at 1280×720 the History tab shows several runs (screenshots in e2e/artifacts/).
/* eslint-disable @typescript-eslint/no-explicit-any -- the page callbacks run in the browser against untyped window handles */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, cauchyWorkspace, openWorkbench, type TempWorkspace, type WorkbenchHandle } from './support';
import { pageProbes } from './support/workbench';

const SAMPLES = join(REPO_ROOT, 'resources', 'samples');

let ws: TempWorkspace;
let wb: WorkbenchHandle;
let page: Page;
let probe: ReturnType<typeof pageProbes>;
/** Uncaught errors and console errors of the page, as the reviewer saw them in DevTools. */
const pageErrors: string[] = [];

const poll = <T,>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 15_000, ...options });

/** Verify with the slow script, then Stop; resolves once the run is cancelled. */
async function verifyAndStop() {
  await page.evaluate(() => (window as any).__pwStore.getState().engine.setBackend({ spec: 'scripted:scripts/slow.json' }));
  try {
    const before = await probe.state<string | null>('(s) => s.run && s.run.runId');
    await page.getByTestId('verify').click();
    await poll(() => probe.state<string | null>(`(s) => s.run && s.run.runId !== ${JSON.stringify(before)} ? s.run.status : null`), { timeout: 30_000 }).toBe('running');
    await page.getByTestId('stop').click();
    await poll(() => probe.state<string | null>('(s) => s.run && s.run.status'), { timeout: 30_000 }).toBe('cancelled');
  } finally {
    await page.evaluate(() => (window as any).__pwStore.getState().engine.setBackend({ spec: 'scripted:scripts/samples.json' }));
  }
}

/** The score lines on screen (the bottom bar's and the findings column's), as read. */
const scoreTexts = () => page.locator('.pw-doc-score').allInnerTexts();
/** The verifier's findings in the store (what the column and the editor draw). */
const verifierFindings = () => probe.state<number>('(s) => s.annotations.filter((a) => a.provenance.source === "verifier").length');
/** History's rows: kind and status as read. */
const historyRows = async () => {
  await page.getByTestId('tab-history').click();
  await page.getByTestId('history').waitFor({ timeout: 15_000 });
  return page.getByTestId('history').locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => `${r.children[2].textContent} ${r.children[4].textContent}`));
};

beforeAll(async () => {
  ws = cauchyWorkspace();
  // A verification that takes long enough to be stopped.
  // One that ends while the user is on another document.
  ws.write('scripts/slowish.json', JSON.stringify({ rules: [{ role: 'verify', responses: [{ file: '../outputs/cauchy-equation.deepseek.verify.txt', delayMs: 3_000 }] }] }));
  ws.write('scripts/slow.json', JSON.stringify({ rules: [{ role: 'verify', responses: [{ file: '../outputs/cauchy-equation.deepseek.verify.txt', delayMs: 60_000 }] }] }));
  const cauchy = readFileSync(join(SAMPLES, 'cauchy-equation.md'), 'utf8');
  const problem = readFileSync(join(SAMPLES, 'cauchy-equation.problem.md'), 'utf8');
  ws.write('proofs/first.md', cauchy);
  ws.write('proofs/first.problem.md', problem);
  ws.write('proofs/other.md', 'Another proof.\n');
  wb = await openWorkbench({ workspace: ws.dir, backend: 'scripted:scripts/samples.json', connectedText: 'scripted' });
  page = wb.page;
  probe = pageProbes(page);
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}\n${error.stack ?? ''}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(`console: ${msg.text()}`);
  });
  await page.setViewportSize({ width: 1280, height: 720 });
});

afterAll(async () => {
  await wb?.close();
  ws?.remove();
});

describe('the findings column agrees with History', () => {
  it('a stopped first run says it was stopped, not "Not verified yet"', async () => {
    await probe.openFile('proofs/first.md', { exact: true });
    await verifyAndStop();
    expect(await historyRows()).toEqual(['verify cancelled']);
    await poll(async () => (await scoreTexts()).join(' | ')).toMatch(/stopped/i);
    expect((await scoreTexts()).join(' | ')).not.toContain('Not verified yet');
    expect(pageErrors).toEqual([]);
  });

  it('a document opened again shows its last finished verification; its findings survive typing and a Stop', async () => {
    await probe.openFile('proofs/cauchy.md', { exact: true });
    await probe.verifyAndWait();
    const score = await page.getByTestId('document-score').first().locator('.pw-score').innerText();
    const findings = await verifierFindings();
    expect(findings).toBeGreaterThan(0);

    await probe.openFile('proofs/other.md', { exact: true });
    await poll(verifierFindings).toBe(0);
    await probe.openFile('proofs/cauchy.md', { exact: true });
    await poll(async () => (await scoreTexts()).join(' | ')).not.toContain('Not verified yet');
    await poll(() => page.getByTestId('document-score').first().locator('.pw-score').innerText()).toBe(score);
    await poll(verifierFindings).toBe(findings);

    // An edit round-trips through the engine: the findings shown are the engine's too.
    await page.evaluate(() => {
      const { editor } = (window as any).__pwEditor;
      editor.setPosition(editor.getModel().getPositionAt(editor.getModel().getValue().length));
      editor.focus();
    });
    await page.keyboard.type(' ');
    await poll(probe.synced).toBe(true);
    await poll(verifierFindings).toBe(findings);
    await page.keyboard.press('Backspace');
    await poll(probe.synced).toBe(true);

    await verifyAndStop();
    expect((await historyRows()).slice(0, 2)).toEqual(['verify cancelled', 'verify completed']);
    await poll(() => page.getByTestId('document-score').first().locator('.pw-score').innerText()).toBe(score);
    expect(await verifierFindings()).toBe(findings);
    expect(pageErrors).toEqual([]);
  });
});

describe('a run finishing after the user opened another document', () => {
  it("shows nothing on the document open now; its own document shows it when opened again", async () => {
    await probe.openFile('proofs/first.md', { exact: true });
    await page.evaluate(() => (window as any).__pwStore.getState().engine.setBackend({ spec: 'scripted:scripts/slowish.json' }));
    try {
      const before = await probe.state<string | null>('(s) => s.run && s.run.runId');
      await page.getByTestId('verify').click();
      await poll(() => probe.state<string | null>(`(s) => s.run && s.run.runId !== ${JSON.stringify(before)} ? s.run.status : null`), { timeout: 30_000 }).toBe('running');
      // The user moves on to another proof while first.md is being verified.
      await probe.openFile('proofs/other.md', { exact: true });
      await poll(() => page.getByTestId('notice').innerText(), { timeout: 60_000 }).toContain('first.md finished');
      // other.md shows no score, no findings and no review of first.md's run.
      await page.waitForTimeout(300);
      expect((await scoreTexts()).join(' | ')).not.toMatch(/\d\.\d\d/);
      expect(await verifierFindings()).toBe(0);
      expect(await probe.state<string | null>('(s) => s.verify && s.verify.runId')).toBe(null);
      expect(await page.getByTestId('review').count()).toBe(0);
      // first.md, opened again, shows that run's score (its last finished verification).
      await probe.openFile('proofs/first.md', { exact: true });
      await poll(async () => (await scoreTexts()).join(' | ')).toMatch(/\d\.\d\d/);
      await poll(verifierFindings).toBeGreaterThan(0);
    } finally {
      await page.evaluate(() => (window as any).__pwStore.getState().engine.setBackend({ spec: 'scripted:scripts/samples.json' }));
    }
    expect(pageErrors).toEqual([]);
  });
});

describe('a reload', () => {
  it('reopens the file the page showed, with its last verification, not an empty untitled.md', async () => {
    await probe.openFile('proofs/cauchy.md', { exact: true });
    await poll(async () => (await scoreTexts()).join(' | ')).toMatch(/\d\.\d\d/);
    await page.reload();
    await page.getByTestId('connection').filter({ hasText: 'scripted' }).waitFor({ timeout: 60_000 });
    await poll(() => page.getByTestId('docname').textContent()).toContain('cauchy.md');
    await poll(async () => (await scoreTexts()).join(' | ')).toMatch(/\d\.\d\d/);
    await poll(verifierFindings).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });
});

describe('the flow the reviewer took', () => {
  it('Verify, Refine, Accept, Save, History, Export: no uncaught error on the page', async () => {
    await probe.openFile('proofs/cauchy.md', { exact: true });
    await probe.verifyAndWait();
    await page.getByTestId('refine').click();
    await poll(() => page.getByTestId('review').count(), { timeout: 60_000 }).toBe(1);
    await poll(() => page.getByTestId('hunk').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByTestId('accept-all').click();
    await poll(() => page.getByTestId('review').count()).toBe(0);
    await poll(probe.synced).toBe(true);
    await page.keyboard.press('Control+s');
    await poll(() => probe.state<boolean>('(s) => s.dirty')).toBe(false);
    await historyRows();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('export').click()]);
    expect(await download.failure()).toBe(null);
    // Give a late rejection its turn.
    await page.waitForTimeout(500);
    expect(pageErrors).toEqual([]);
  });
});

describe('Monaco calling off its own work', () => {
  it('a click in the review\'s diff and Escape at once: no uncaught "Canceled"; any other rejection is still reported', async () => {
    // A proof the refinement changes (cauchy.md holds the accepted refinement by now).
    await probe.openFile('proofs/first.md', { exact: true });
    await probe.verifyAndWait();
    for (let i = 0; i < 3; i++) {
      await page.getByTestId('refine').click();
      await poll(() => page.getByTestId('review').count(), { timeout: 60_000 }).toBe(1);
      await poll(() => page.getByTestId('hunk').count(), { timeout: 30_000 }).toBeGreaterThan(0);
      // The cursor move starts the word highlighter's 50 ms delayer; Escape disposes it before it runs.
      await page.locator('[data-testid=review] .editor.modified .view-line').nth(2).click();
      await page.keyboard.press('Escape');
      await poll(() => page.getByTestId('review').count()).toBe(0);
    }
    await page.waitForTimeout(300);
    expect(pageErrors).toEqual([]);
    // The handler is that narrow: a rejection of ours is still an uncaught error on the page.
    await page.evaluate(() => void Promise.reject(new Error('not a cancellation')));
    await poll(() => pageErrors.some((e) => e.includes('not a cancellation'))).toBe(true);
    pageErrors.length = 0;
  });
});

describe('History at 1280×720', () => {
  it('shows several runs, scrolling within its pane', async () => {
    await probe.openFile('proofs/cauchy.md', { exact: true });
    // The shipped script by its absolute path, as the reviewer's demo backend was: a long spec.
    const shipped = `scripted:${join(SAMPLES, 'scripts', 'samples.deepseek.scripted.json')}`;
    await page.evaluate((spec) => (window as any).__pwStore.getState().engine.setBackend({ spec }), shipped);
    for (let i = 0; i < 6; i++) await probe.verifyAndWait();
    // As a person starts at 1280×720: the panes' first shares are taken at this height.
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.reload();
    await page.getByTestId('connection').filter({ hasText: 'scripted' }).waitFor({ timeout: 60_000 });
    await poll(() => probe.state<boolean>('(s) => !!s.docId && !!s.settings')).toBe(true);
    await probe.openFile('proofs/cauchy.md', { exact: true });
    await historyRows();
    await page.getByTestId('notice').waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
    await wb.browser.screenshot('history-1280x720');
    console.log(`[history] tab body ${Math.round((await page.locator('.pw-tab-body').boundingBox())!.height)} px`);
    const body = await page.locator('.pw-tab-body').boundingBox();
    const rows = await page.getByTestId('history').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect().toJSON() as DOMRect));
    expect(rows.length).toBeGreaterThanOrEqual(6);
    // Rows wholly inside the visible tab body.
    const visible = rows.filter((r) => r.top >= body!.y - 1 && r.bottom <= body!.y + body!.height + 1);
    expect(visible.length).toBeGreaterThanOrEqual(4);
    // The pane scrolls on its own; the page itself does not.
    expect(await page.evaluate(() => document.scrollingElement!.scrollHeight <= window.innerHeight)).toBe(true);
    // Each row is one line at 1280 px: no taller than its Record button and the cell padding (a wrapped row is twice that).
    const button = (await page.getByTestId('history').locator('tbody tr').first().getByRole('button', { name: 'Record' }).boundingBox())!;
    for (const r of rows) expect(r.height).toBeLessThan(button.height * 1.6);
    // The model column names the script by its file; its absolute path (the spec) is the tooltip only.
    const model = page.getByTestId('history').locator('tbody tr').first().getByTestId('history-model');
    await wb.browser.screenshot('history-model-1280x720');
    expect(await model.innerText()).toBe('scripted: samples.deepseek.scripted.json');
    expect(await model.getAttribute('title')).toBe(shipped);
  });
});
