// The refine review opens with its first change in view, as VS Code's diff editor does (review: "Change 1"
// on line 22 of the Cauchy proof, and the review opened at line 1 with nothing changed in sight). Serve
// mode, scripted DeepSeek-style sample backend, Chromium at 1280×720; the page is only read.
/* eslint-disable @typescript-eslint/no-explicit-any -- the page callbacks run in the browser against untyped window handles */
import { describe, expect, it } from 'vitest';
import { cauchyWorkspace, workbenchPerFile } from './support';

const t = workbenchPerFile(cauchyWorkspace, { backend: 'scripted:scripts/samples.json', connectedText: 'scripted' });

const poll = <T,>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 20_000, ...options });

/** The first change's lines and what each side of the review's diff shows (first and last line in view). */
const shown = () => t.page.evaluate(() => {
  const diff = (window as any).__pwDiff;
  const change = diff.getLineChanges()?.[0];
  const range = (editor: any) => {
    const r = editor.getVisibleRanges();
    return r.length === 0 ? null : { first: r[0].startLineNumber, last: r[r.length - 1].endLineNumber };
  };
  return { change: change ? { left: change.originalStartLineNumber, right: change.modifiedStartLineNumber } : null, left: range(diff.getOriginalEditor()), right: range(diff.getModifiedEditor()) };
});

describe('the refine review', () => {
  it('opens with the first change in view on both sides', async () => {
    const { page, probe, wb } = t;
    await probe.openFile('proofs/cauchy.md', { exact: true });
    await probe.verifyAndWait();
    await page.getByTestId('refine').click();
    await poll(() => page.getByTestId('hunk').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    // One line: "line 22" (it read "lines 22–22").
    expect(await page.getByTestId('hunk').first().textContent()).toMatch(/^Change 1: line 22(?![–\d])/);
    // The case the reviewer met: at this size the first change lies below the review's first screen.
    const at = await shown();
    expect(at.change).toEqual({ left: 22, right: 22 });
    await poll(async () => {
      const { change, left, right } = await shown();
      return !!change && !!left && !!right && left.first <= change.left && change.left <= left.last && right.first <= change.right && change.right <= right.last;
    }).toBe(true);
    const after = await shown();
    await wb.browser.screenshot('review-first-change');
    console.log(`[review] first change at line ${after.change?.left}; left shows ${after.left?.first}–${after.left?.last}, right ${after.right?.first}–${after.right?.last}`);
    // Not scrolled past it either: the lines above the change are still there to read it in context.
    expect(after.left!.first).toBeGreaterThan(1);
    await page.getByTestId('reject-all').click();
    await poll(() => page.getByTestId('review').count()).toBe(0);
  });
});
