// Findings made on an earlier text, met as a person meets them (serve mode, scripted DeepSeek-style
// sample backend, Debian's Chromium, clicks and keys; the store is only read): after Accept all of a
// refinement, and History › Show findings of an older run, every finding about text that has changed
// since is marked stale where it was (never moved onto another step), and the whole-proof score says
// it is for an earlier text. And Files › open of the same file over unsaved edits shows the file.
/* eslint-disable @typescript-eslint/no-explicit-any -- the page callbacks run in the browser against untyped window handles */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, cauchyWorkspace, openWorkbench, type TempWorkspace, type WorkbenchHandle } from './support';
import { pageProbes } from './support/workbench';

let ws: TempWorkspace;
let wb: WorkbenchHandle;
let page: Page;
let probe: ReturnType<typeof pageProbes>;

const poll = <T,>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 15_000, ...options });

/** Each verifier finding: its step's text now (null: no step), whether stale, and the text it was placed on. */
const findings = () => probe.state<{ id: string; step: string | null; stale: boolean; message: string }[]>(`(s) => s.annotations
  .filter((a) => a.provenance.source === 'verifier')
  .map((a) => { const st = a.stepId && s.doc.steps.find((x) => x.id === a.stepId); return { id: a.id, step: st ? st.text : null, stale: !!a.stale, message: a.message }; })`);

beforeAll(async () => {
  ws = cauchyWorkspace();
  wb = await openWorkbench({ workspace: ws.dir, backend: 'scripted:scripts/samples.json', connectedText: 'scripted' });
  page = wb.page;
  probe = pageProbes(page);
});

afterAll(async () => {
  await wb?.close();
  ws?.remove();
});

/** The editor's finding markers that quote the gap (the step "Clearly, since the identity…"). */
const gapMarkers = async () => (await probe.markers('proofwright')).filter((m) => m.message.includes('is not justified'));

const GAP_STEP = 'Clearly, since the identity';

describe('findings about an earlier text', () => {
  it('after Accept all of a refinement, the gap finding is stale and on no other step, and the whole-proof score says it is for an earlier text', async () => {
    await probe.openFile('proofs/cauchy.md', { exact: true });
    await probe.verifyAndWait({ findings: true });
    const before = await findings();
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((f) => f.step?.startsWith(GAP_STEP) && !f.stale)).toBe(true);
    await poll(() => page.getByTestId('score-stale').count()).toBe(0);

    await page.getByTestId('refine').click();
    await poll(() => page.getByTestId('review').count(), { timeout: 60_000 }).toBe(1);
    await poll(() => page.getByTestId('hunk').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByTestId('accept-all').click();
    await poll(() => page.getByTestId('review').count()).toBe(0);
    await poll(probe.synced).toBe(true);
    expect(await probe.editorText()).not.toContain(GAP_STEP);

    // Every finding about the rewritten step is stale, and none sits on a step it was not about.
    await poll(async () => (await findings()).every((f) => f.stale && f.step === null)).toBe(true);
    // Nothing of it is drawn in the new text: its text is gone, so it has no place there.
    await poll(gapMarkers).toEqual([]);
    expect(await probe.state<number>('(s) => s.annotations.filter((a) => a.provenance.source === "verifier" && a.range).length')).toBe(0);
    // The findings column lists them under the whole proof, marked stale; the score says it is old.
    await poll(() => page.locator('.pw-document-findings.pw-stale').count()).toBe(1);
    await poll(() => page.getByTestId('score-stale').first().textContent()).toBe('for an earlier text');
    // At 1280×720 the findings column is narrow and the score row wraps: the tag and the score are
    // whole, nothing runs past the row's right edge (the tag was cut to "FOR AN EARLIER TEX").
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(() => [...document.querySelectorAll('[data-testid=document-score]')].flatMap((row) => {
      const right = row.getBoundingClientRect().right;
      return [...row.children].map((c) => c.getBoundingClientRect().right - right).filter((d) => d > 0.5);
    }));
    await page.screenshot({ path: join(REPO_ROOT, 'e2e', 'artifacts', 'stale-score-1280x720.png') });
    await page.setViewportSize({ width: 1400, height: 900 });
    expect(overflow).toEqual([]);
  });

  it('History › Show findings of the earlier run marks its findings stale on the repaired text, not drawn on the repaired step', async () => {
    // The repaired proof verified afresh (the script answers it with its own verdict).
    await probe.verifyAndWait();
    await poll(() => page.getByTestId('score-stale').count()).toBe(0);
    await page.getByTestId('tab-history').click();
    const rows = page.getByTestId('history').locator('tr', { hasText: 'verify' }).filter({ hasText: 'completed' });
    await poll(() => rows.count()).toBe(2);
    // Newest first: the last row is the run on the text before the refinement.
    await rows.last().getByRole('button', { name: 'Show findings' }).click();
    await poll(async () => (await findings()).some((f) => f.message.includes('is not justified'))).toBe(true);
    const gap = (await findings()).filter((f) => f.message.includes('is not justified'));
    expect(gap.every((f) => f.stale && f.step === null)).toBe(true);
    await poll(gapMarkers).toEqual([]);
    await poll(() => page.getByTestId('score-stale').first().textContent()).toBe('for an earlier text');
  });

  it('Files › the same file over unsaved edits, answered OK, shows the file from disk, clean, and keeps no recovery copy', async () => {
    await probe.openFile('proofs/cauchy.md', { exact: true });
    const onDisk = readFileSync(join(ws.dir, 'proofs/cauchy.md'), 'utf8');
    await page.evaluate(() => {
      const { editor } = (window as any).__pwEditor;
      editor.setPosition({ lineNumber: 1, column: 1 });
      editor.focus();
    });
    await page.keyboard.type('UNSAVED ');
    await poll(probe.synced).toBe(true);
    await poll(() => page.getByTestId('docname').textContent()).toContain('•');
    // The autosave writes the recovery copy meanwhile.
    await new Promise((r) => setTimeout(r, 1000));

    // The unsaved-changes question is answered OK (openWorkbench accepts every confirm).
    await probe.openFile('proofs/cauchy.md', { exact: true });
    await poll(probe.editorText).toBe(onDisk);
    await poll(() => page.getByTestId('docname').textContent()).toBe('cauchy.md');
    expect(await probe.state<boolean>('(s) => s.dirty')).toBe(false);
    expect(readFileSync(join(ws.dir, 'proofs/cauchy.md'), 'utf8')).toBe(onDisk);

    // Its recovery copy is gone: a new page is offered nothing to recover.
    await page.reload();
    await page.getByTestId('connection').filter({ hasText: 'scripted' }).waitFor({ timeout: 60_000 });
    await poll(() => probe.state<boolean>(`(s) => !!s.docId || s.dialog === 'recover'`)).toBe(true);
    expect(await probe.state<string[]>('(s) => s.recoveries.map((r) => r.name)')).toEqual([]);
  });
});
