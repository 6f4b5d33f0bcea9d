// Accept all of a refinement, as the fresh reviewer did (serve mode, scripted DeepSeek-style sample
// backend, Debian's Chromium, clicks and keys; the store and the editor are only read): F8 opens the
// finding on S8 ("Justification gap: The step 'Clearly…'"), Refine, Accept all. Afterwards the preview
// is aligned with the editor's top line (it showed a blank band and the title beside line 6), and the
// F8 peek about the text that was replaced is closed.
/* eslint-disable @typescript-eslint/no-explicit-any -- the page callbacks run in the browser against untyped window handles */
import { describe, expect, it } from 'vitest';
import { cauchyWorkspace, workbenchPerFile } from './support';

const t = workbenchPerFile(cauchyWorkspace, { backend: 'scripted:scripts/samples.json', connectedText: 'scripted' });

const poll = <T,>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 20_000, ...options });

/** The editor's top line and how the preview stands against it (probe.previewAlignment). */
const alignment = () => t.probe.previewAlignment();

describe('Accept all of a refinement', () => {
  it('leaves the preview aligned with the editor and no F8 peek about the replaced text', async () => {
    const { page, probe, wb } = t;
    await probe.openFile('proofs/cauchy.md', { exact: true });
    await probe.verifyAndWait();
    await poll(() => probe.markers('proofwright').then((m) => m.length)).toBeGreaterThan(0);

    // F8 from the top: the peek shows the finding about "Clearly".
    await page.locator('.monaco-editor .view-lines').click();
    await page.evaluate(() => (window as any).__pwEditor.editor.setPosition({ lineNumber: 1, column: 1 }));
    await page.keyboard.press('F8');
    await poll(() => page.locator('.marker-widget').textContent()).toContain('Clearly');
    await wb.browser.screenshot('accept-refinement-before');

    await page.getByTestId('refine').click();
    await poll(() => page.getByTestId('review').count(), { timeout: 60_000 }).toBe(1);
    await poll(() => page.getByTestId('hunk').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // Aligned before (the F8 scroll was followed), so what follows is the accept's doing.
    await poll(alignment).toMatchObject({ aligned: true });
    await page.getByTestId('accept-all').click();
    await poll(() => page.getByTestId('review').count()).toBe(0);
    await poll(probe.synced).toBe(true);
    expect(await probe.editorText()).not.toContain('Clearly, since');

    // No peek left about text that is gone.
    await poll(() => page.locator('.marker-widget').count()).toBe(0);
    // The preview follows the editor's top line once it is typeset again.
    await page.waitForTimeout(1000);
    await wb.browser.screenshot('accept-refinement-after');
    const after = await alignment();
    console.log(`[accept] editor top line ${after.line}, preview row gap ${after.gap} px`);
    await poll(alignment).toMatchObject({ aligned: true });
  });

  // The reviewer's case: the preview at its top (the editor never scrolled), so nothing scrolls it when
  // the accepted findings become whole-proof ones; they must not open a blank band above the first block.
  it('leaves no blank band above the first block when the preview is at its top', async () => {
    const { page, probe, wb } = t;
    // Back to the verified text (Ctrl+Z undoes the accept), verified again, both panes at the top.
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+Z');
    await poll(() => probe.editorText()).toContain('Clearly, since');
    await probe.verifyAndWait();
    await page.keyboard.press('Escape');
    await page.evaluate(() => (window as any).__pwEditor.editor.setScrollTop(0));
    await page.getByTestId('preview').evaluate((el) => (el.scrollTop = 0));
    await page.getByTestId('refine').click();
    await poll(() => page.getByTestId('hunk').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.getByTestId('accept-all').click();
    await poll(() => page.getByTestId('review').count()).toBe(0);
    await poll(probe.synced).toBe(true);
    // The finding about the replaced text is now about the whole proof, in the head row.
    await poll(() => page.locator('[data-testid=preview-head] .pw-document-findings').count()).toBe(1);
    await page.waitForTimeout(500);
    await wb.browser.screenshot('accept-refinement-top');
    // The blank: from the lowest content beside the preview's text column (the score, the cards) above
    // the first block, down to that block. Before the fix the cards sat in the findings column only and
    // the text column above the first block was empty for ~350 px.
    const blank = await page.getByTestId('preview').evaluate((el) => {
      const first = el.querySelector<HTMLElement>('[data-block-index="0"]')!.getBoundingClientRect();
      const textColumn = { left: first.left, right: first.right };
      let bottom = el.getBoundingClientRect().top;
      for (const c of el.querySelectorAll('[data-testid=preview-head] .pw-step-card, [data-testid=preview-head] .pw-doc-score')) {
        const r = c.getBoundingClientRect();
        if (r.width > 0 && r.left < textColumn.right && r.right > textColumn.left) bottom = Math.max(bottom, r.bottom);
      }
      return Math.round(first.top - bottom);
    });
    console.log(`[accept] blank above the first block: ${blank} px`);
    expect(blank).toBeLessThan(40);
  });
});
