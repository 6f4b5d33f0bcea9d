// Restoring unsaved work keeps the findings as they stood before the page went (the fresh reviewer's
// finding): verify cauchy-equation.md with the scripted sample backend (a finding on S8), type "Now "
// before "Clearly" in S8 (the finding stays on S8, current), reload, Restore in "Recover unsaved work":
// the finding is still on S8 and current, never turned into a stale whole-proof finding; a stale card
// says "stale" once. Real serve mode in Debian's Chromium; the store is only read.
/* eslint-disable @typescript-eslint/no-explicit-any -- the page callbacks run in the browser against untyped window handles */
import { describe, expect, it } from 'vitest';
import { cauchyWorkspace, workbenchPerFile } from './support';

const t = workbenchPerFile(cauchyWorkspace, { backend: 'scripted:scripts/samples.json', connectedText: 'scripted' });

const poll = <T,>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 20_000, ...options });

/** The verifier's findings as the findings column and Problems draw them: step label (or "doc") and stale. */
const placed = () => t.probe.state<string[]>(`(s) => s.annotations.filter((a) => a.provenance.source === "verifier")
  .map((a) => (a.stepId ? (s.doc.steps.find((st) => st.id === a.stepId) || { label: "?" }).label : "doc") + (a.stale ? " stale" : "")).sort()`);

describe('Restore in "Recover unsaved work"', () => {
  it('brings back the findings where they were: on S8, current, not a stale whole-proof finding', async () => {
    const { page, probe } = t;
    await probe.openFile('proofs/cauchy.md', { exact: true });
    await probe.verifyAndWait();
    await poll(async () => (await placed()).some((p) => p === 'S8')).toBe(true);

    // "Now " typed before "Clearly", as a person does: click into the editor, then keys.
    await page.evaluate(() => {
      const { editor } = (window as any).__pwEditor;
      const model = editor.getModel();
      editor.setPosition(model.getPositionAt(model.getValue().indexOf('Clearly')));
      editor.focus();
    });
    await page.keyboard.type('Now ');
    await poll(probe.synced).toBe(true);
    const before = await placed();
    expect(before).toContain('S8');
    expect(before.filter((p) => p.startsWith('doc'))).toEqual([]);
    // The recovery copy is written 400 ms after the last edit.
    await page.waitForTimeout(1500);

    await page.reload();
    await page.getByTestId('connection').filter({ hasText: 'scripted' }).waitFor({ timeout: 60_000 });
    await poll(() => page.getByTestId('recover-dialog').count()).toBe(1);
    await page.getByTestId('recover-dialog').getByTestId('restore').first().click();
    await poll(() => probe.editorText()).toContain('Now Clearly');
    await poll(probe.synced).toBe(true);
    // The last finished verification is shown again (its score) ...
    await poll(() => probe.state<boolean>('(s) => !!s.verify')).toBe(true);
    await page.waitForTimeout(500);
    // ... with its findings exactly where they stood before the reload.
    expect(await placed()).toEqual(before);
    const problems = await page.locator('.pw-problem').allInnerTexts().catch(() => []);
    console.log(`[restore] findings ${JSON.stringify(await placed())}; problems ${problems.length}`);
    expect(await page.locator('.pw-document-findings').count()).toBe(0);
  });

  it('a stale card says "stale" once', async () => {
    const { page, probe } = t;
    // Rewrite S8 so its finding goes stale (edited step: the card and the finding both know it).
    await page.evaluate(() => {
      const { editor } = (window as any).__pwEditor;
      const model = editor.getModel();
      const at = model.getValue().indexOf('Now Clearly');
      const start = model.getPositionAt(at);
      const end = model.getPositionAt(at + 'Now Clearly'.length);
      editor.executeEdits('test', [{ range: { startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column }, text: 'So' }]);
    });
    await poll(probe.synced).toBe(true);
    await poll(async () => (await placed()).some((p) => p.endsWith('stale'))).toBe(true);
    const cards = page.locator('.pw-step-card.pw-stale, .pw-document-findings.pw-stale');
    await poll(() => cards.count()).toBeGreaterThan(0);
    for (const card of await cards.all()) {
      const tags = await card.locator('.pw-tag').allInnerTexts();
      expect(tags.filter((t) => /stale/i.test(t))).toHaveLength(1);
    }
  });
});
