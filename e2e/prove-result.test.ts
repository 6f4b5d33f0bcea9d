// What a finished Prove shows in the Run panel, at 1920×1080 and 1280×720 (rev14 walk): the pool table
// whole inside its panel (at 420 px wide it ran past the window's right edge: columns ended at
// "self-score", the Preview button showed as "Pre"), and in the panels' header the search's own result,
// not the editor proof's "Whole proof 0.50" beside "prove · completed". Serve mode, Debian's Chromium,
// a scripted backend that scores the user's proof 0.5 and the search's candidate 1.
import { describe, expect, it } from 'vitest';
import { fillProveDialog, makeWorkspace, workbenchPerFile } from './support';

const ver = (score: string) => `Here is my evaluation of the solution:\n\nRead carefully.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}`;
const gen = `## Solution\n\nBy PROOF-ALPHA, the claim holds.\n\n## Self Evaluation\n\n${ver('1')}`;
const script = {
  rules: [
    { role: 'generate', exhausted: 'cycle', responses: [gen] },
    // The user's proof (verified first) scores 0.5; the candidate 1.
    { role: 'verify', matchRegex: 'A first try', exhausted: 'cycle', responses: [ver('0.5')] },
    { role: 'verify', exhausted: 'cycle', responses: [ver('1')] },
  ],
};

const t = workbenchPerFile(() => makeWorkspace({
  'proofs/p.md': 'A first try.\n',
  'proofs/p.problem.md': 'Show the claim.\n',
  'scripts/prove.json': JSON.stringify(script),
}), { backend: 'scripted:scripts/prove.json', connectedText: 'scripted' }, { viewport: { width: 1920, height: 1080 } });

/** Every header cell and button of the pool table: its box, and the pool panel's visible box and overflow. */
const poolBoxes = () => t.page.getByTestId('search-pool').evaluate((pool) => {
  const r = pool.getBoundingClientRect();
  const box = (el: Element) => { el.scrollIntoView({ block: 'nearest', inline: 'nearest' }); const b = el.getBoundingClientRect(); return { text: el.textContent?.trim() ?? '', left: b.left, right: b.right, top: b.top, bottom: b.bottom }; };
  const items = [...pool.querySelectorAll('th, button')].map(box);
  const after = pool.getBoundingClientRect();
  return {
    panel: { left: after.left, right: after.left + pool.clientWidth, top: after.top, bottom: after.top + pool.clientHeight, moved: after.left !== r.left },
    scrollWidth: pool.scrollWidth, clientWidth: pool.clientWidth, items,
    viewport: { width: window.innerWidth, height: window.innerHeight },
  };
});

async function expectPoolWhole(size: string) {
  const m = await poolBoxes();
  console.log(`[prove-result] ${size}: pool ${Math.round(m.panel.left)}–${Math.round(m.panel.right)} px, content ${m.scrollWidth} of ${m.clientWidth} px wide`);
  expect(m.items.map((i) => i.text)).toEqual(['candidate', 'round', 'parent', 'mean score', 'verdicts', 'self-score', '', 'Preview', 'Diff']);
  // Fits: no column runs past the panel (nothing to scroll sideways), and each control lies inside the panel and the window.
  expect(m.scrollWidth).toBeLessThanOrEqual(m.clientWidth);
  for (const i of m.items) {
    expect(i.left, `${i.text} at ${size}`).toBeGreaterThanOrEqual(m.panel.left - 0.5);
    expect(i.right, `${i.text} at ${size}`).toBeLessThanOrEqual(Math.min(m.panel.right, m.viewport.width) + 0.5);
    expect(i.bottom, `${i.text} at ${size}`).toBeLessThanOrEqual(Math.min(m.panel.bottom, m.viewport.height) + 0.5);
  }
}

describe('a finished Prove in the Run panel', () => {
  it('shows the whole pool table inside its panel and the search\'s own score in the header, at 1920×1080 and 1280×720', async () => {
    const { page, probe } = t;
    await probe.openFile('proofs/p.md');
    await probe.verifyAndWait();
    const header = page.getByRole('tablist', { name: 'Panels' });
    await expect.poll(() => header.textContent(), { timeout: 20_000 }).toContain('Whole proof0.50');

    const dialog = await fillProveDialog(page, { n: 2, m: 2, T: 0, k: 1 });
    await dialog.getByTestId('prove-start').click();
    await expect.poll(() => probe.state<string | null>('(s) => s.run && s.run.kind === "prove" ? s.run.status : null'), { timeout: 60_000 }).toBe('completed');
    await page.getByTestId('review').waitFor({ timeout: 20_000 });
    await page.getByTestId('tab-run').click();
    expect(await page.getByTestId('run-status').textContent()).toBe('prove · completed');

    // The header beside "prove · completed" gives the proposal's score, said to be the search's; the 0.50 of the user's proof is not there.
    await expect.poll(() => header.textContent()).toContain('Prove · best candidate1.00');
    expect(await header.textContent()).not.toContain('Whole proof');
    // Back on Problems, the editor proof's own score again.
    await page.getByTestId('tab-problems').click();
    await expect.poll(() => header.textContent()).toContain('Whole proof0.50');
    await page.getByTestId('tab-run').click();

    await expectPoolWhole('1920×1080');
    await t.wb.browser.screenshot('prove-result-1920');
    await page.setViewportSize({ width: 1280, height: 720 });
    await expectPoolWhole('1280×720');
    await t.wb.browser.screenshot('prove-result-1280');
  });
});
