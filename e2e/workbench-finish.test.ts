// Issue 11's last items, met as a person meets them: serve mode (real CLI, real engine with a scripted
// backend) in Debian's Chromium, driven by clicks and keys; the store is only read. The first-start
// guide can be turned off and brought back; HTML comments in a proof are neither shown, checked nor
// made steps; one KaTeX error is one problem; a sample's runs reach History; the review keeps Tab
// inside and fits at 1280×720 (screenshots in e2e/artifacts/).
/* eslint-disable @typescript-eslint/no-explicit-any -- the page callbacks run in the browser against untyped window handles */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, makeWorkspace, workbenchPerFile, type TempWorkspace } from './support';
import { screenshotEveryLook } from './support/workbench';

const SAMPLES = join(REPO_ROOT, 'resources', 'samples');


/** expect.poll with room for a loaded machine: 15 s unless told. */
const poll = <T,>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 15_000, ...options });

const SCRIPT = {
  rules: [
    { role: 'verify', responses: [{ file: '../outputs/cauchy-equation.labelled.verify.txt' }] },
    { role: 'meta-verify', responses: [{ file: '../outputs/cauchy-equation.labelled.meta-verify.txt' }] },
    { role: 'refine', responses: [{ file: '../outputs/refined.txt' }] },
  ],
};

/** A proof with TODO comments, one of them over a blank line, and one real KaTeX error (`x^{2`). */
const COMMENTED = [
  '# Claim',
  '',
  '<!-- TODO: tidy this step, and check $x^{2$ -->',
  '',
  'Let $a$ and $b$ be the given numbers. <!-- inline note: \\frac{1}{2} and $\\foo$ --> They are positive.',
  '',
  '<!--',
  'A multi-line TODO.',
  '',
  'It has a blank line and math $\\frac{1}{$ inside.',
  '-->',
  '',
  'Finally $x^{2$ is where the typo is.',
  '',
].join('\n');

/** The page after a reload, once the engine is connected and the start-up document is in. */
async function reloadAndSettle() {
  await t.page.reload();
  await t.page.getByTestId('connection').filter({ hasText: 'scripted' }).waitFor({ timeout: 60_000 });
  await poll(() => t.probe.state<boolean>('(s) => !!s.docId && !!s.settings && s.exampleDocuments.length > 0')).toBe(true);
  await poll(t.probe.synced).toBe(true);
}

/** The workspace: the sample's recorded answers, a refined proof, the script that plays them, a commented proof. */
function suiteWorkspace(): TempWorkspace {
  const ws = makeWorkspace();
  for (const f of ['verify', 'meta-verify']) ws.copyFrom(join(SAMPLES, 'outputs', `cauchy-equation.labelled.${f}.txt`), `outputs/cauchy-equation.labelled.${f}.txt`);
  const sample = readFileSync(join(SAMPLES, 'cauchy-equation.md'), 'utf8');
  // Two changes: the opening sentence, and a long last line (the review's panes must show it wrapped).
  const refined = sample.replace(/We show that \$f\(x\) = cx\$ first for integers[^\n]*/, () => 'We prove $f(x) = cx$ in three stages.')
    + '\nHence $f(x) = cx$ for every real $x$, where $c = f(1)$ is fixed by the value at one, and no other function satisfies both the equation and continuity.\n';
  ws.write('outputs/refined.txt', `## Solution\n\n${refined}\n## Self Evaluation\n\nBased on my evaluation, the final overal score should be:\n\\boxed{1}\n`);
  ws.write('scripts/suite.json', JSON.stringify(SCRIPT));
  ws.write('proofs/comments.md', COMMENTED);
  return ws;
}

const t = workbenchPerFile(suiteWorkspace, { backend: 'scripted:scripts/suite.json', connectedText: 'scripted' });

describe('the first-start guide', () => {
  it('can be turned off for good, and brought back from the command palette', async () => {
    const { page, probe } = t;
    const welcome = page.getByTestId('welcome');
    await poll(() => welcome.count()).toBe(1);
    await welcome.getByLabel("Don't show this again").check();
    // A later start with still nothing opened: no guide.
    await reloadAndSettle();
    expect(await welcome.count()).toBe(0);
    // F1 › "Show the welcome guide": back, with the choice as it was, which can be undone.
    await probe.paletteCommand('Proofwright: Show the welcome guide');
    await poll(() => welcome.count()).toBe(1);
    expect(await welcome.getByLabel("Don't show this again").isChecked()).toBe(true);
    await welcome.getByLabel("Don't show this again").uncheck();
    await reloadAndSettle();
    await poll(() => welcome.count()).toBe(1);
  });
});

describe('HTML comments in a proof', () => {
  it('are not shown in the preview, not checked, and not steps; one KaTeX error is one problem', async () => {
    const { page, probe, wb } = t;
    await probe.openFile('proofs/comments.md');
    expect(await page.getByTestId('welcome').count()).toBe(0);
    const preview = page.getByTestId('preview');
    await poll(() => preview.textContent()).toContain('They are positive.');
    await poll(() => preview.textContent()).toContain('is where the typo is');
    const shown = (await preview.textContent()) ?? '';
    for (const hidden of ['TODO', 'inline note', 'multi-line', 'blank line', '<!--', '-->']) expect(shown).not.toContain(hidden);

    // Steps: the heading and the two paragraphs; no comment, and the comment's blank line splits nothing.
    const steps = await probe.state<string[]>('(s) => s.doc.steps.map((x) => x.text)');
    expect(steps).toHaveLength(3);
    expect(steps.some((t) => /TODO|multi-line|blank line/.test(t))).toBe(false);

    // Problems: the checker has run (its finding on the typo is in), and lists nothing from the
    // comments; the preview's KaTeX error on the same formula is not listed a second time.
    await page.getByTestId('tab-problems').click();
    await poll(() => probe.state<number>('(s) => s.checkerAnnotations.length')).toBeGreaterThan(0);
    await poll(() => probe.state<number>('(s) => s.previewErrors.length')).toBe(1);
    const rows = page.getByTestId('problem');
    await poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toMatch(/Expected '\}'|Unclosed \{/);
    // Its card holds the checker's finding alone: no "0 of 0 flagged" before any verification.
    expect(await page.getByTestId('step-card').getByTestId('consensus').count()).toBe(0);
    // It points at the typo, on the last paragraph.
    await rows.first().click();
    const line = await page.evaluate(() => (window as any).__pwEditor.editor.getPosition().lineNumber as number);
    expect(line).toBe(COMMENTED.split('\n').findIndex((l) => l.startsWith('Finally')) + 1);
    await wb.browser.screenshot('html-comments-1280x720');
  });
});

describe('a sample opened and verified without saving', () => {
  it('keeps its runs in History: the sample is saved into the workspace as a copy on its first run', async () => {
    const { page, probe, ws } = t;
    await probe.openSample('cauchy-equation');
    expect(await probe.state<string | null>('(s) => s.path')).toBeNull();
    await page.getByTestId('verify').click();
    await poll(() => page.getByTestId('notice').textContent()).toMatch(/Saved the sample as cauchy-equation\.md in the workspace/);
    await poll(() => probe.state<string | null>('(s) => s.run && s.run.status'), { timeout: 60_000 }).toBe('completed');
    expect(existsSync(join(ws.dir, 'cauchy-equation.md'))).toBe(true);
    expect(existsSync(join(ws.dir, 'cauchy-equation.problem.md'))).toBe(true);
    await page.getByTestId('tab-history').click();
    const history = page.getByTestId('history');
    await poll(() => history.locator('tbody tr').count()).toBe(1);
    expect(await history.locator('tbody tr').first().textContent()).toMatch(/verify.*cauchy-equation\.md.*completed/);
    // A second sample of the same name does not overwrite the first copy; and it is called, from the
    // moment it opens, by the name it will be saved under, not like the workspace's cauchy-equation.md.
    await probe.openSample('cauchy-equation');
    expect(await probe.state<string | null>('(s) => s.path')).toBeNull();
    expect(await page.getByTestId('docname').textContent()).toMatch(/^cauchy-equation-2\.md( •)?$/);
    await page.getByRole('button', { name: 'Files' }).click();
    expect(await page.getByRole('textbox', { name: 'Save as path (in the workspace)' }).inputValue()).toBe('cauchy-equation-2.md');
    await page.keyboard.press('Escape');
    await page.getByTestId('verify').click();
    await poll(() => page.getByTestId('notice').textContent()).toMatch(/Saved the sample as cauchy-equation-2\.md in the workspace/);
    await poll(() => probe.state<string | null>('(s) => s.path')).toBe('cauchy-equation-2.md');
    expect(await page.getByTestId('docname').textContent()).toMatch(/^cauchy-equation-2\.md( •)?$/);
    await poll(() => probe.state<string | null>('(s) => s.run && s.run.status'), { timeout: 60_000 }).toBe('completed');
    expect(readFileSync(join(ws.dir, 'cauchy-equation-2.md'), 'utf8')).toBe(readFileSync(join(ws.dir, 'cauchy-equation.md'), 'utf8'));
    await page.getByTestId('tab-history').click();
    await poll(() => history.locator('tbody tr').count()).toBe(1);
    expect(await history.locator('tbody tr').first().textContent()).toMatch(/verify.*cauchy-equation-2\.md.*completed/);
  });
});

describe('the review', () => {
  const focusInReview = () => t.page.evaluate(() => !!document.activeElement?.closest('[data-testid=review]'));

  it('keeps Tab and Shift+Tab inside it, like every dialog, and Escape closes it', async () => {
    const { page } = t;
    await page.getByTestId('refine').click();
    const review = page.getByTestId('review');
    await poll(() => review.count(), { timeout: 60_000 }).toBe(1);
    await poll(() => page.getByTestId('hunk').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await poll(focusInReview).toBe(true);
    const inside: boolean[] = [];
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      inside.push(await focusInReview());
    }
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Shift+Tab');
      inside.push(await focusInReview());
    }
    expect(inside.every(Boolean)).toBe(true);
  });

  it('fits at 1280×720: both sides of the diff and the list of changes are whole, nothing leaves the window', async () => {
    const { page, wb } = t;
    await page.setViewportSize({ width: 1280, height: 720 });
    await poll(() => page.locator('[data-testid=review] .editor.original').count()).toBe(1);
    const box = async (sel: string) => page.locator(sel).first().evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width };
    });
    const review = await box('[data-testid=review]');
    const original = await box('[data-testid=review] .editor.original');
    const modified = await box('[data-testid=review] .editor.modified');
    const hunks = await box('[data-testid=review] .pw-review-hunks');
    const bar = await page.locator('[data-testid=review] .pw-review-bar').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(review.right).toBeLessThanOrEqual(1280);
    // The original (left) side ends where the modified side starts, both inside the review, and
    // neither is narrower than a third of the diff.
    expect(original.left).toBeGreaterThanOrEqual(review.left);
    expect(original.right).toBeLessThanOrEqual(modified.left + 1);
    expect(modified.right).toBeLessThanOrEqual(hunks.left + 1);
    expect(original.width).toBeGreaterThan(200);
    expect(modified.width).toBeGreaterThan(200);
    expect(hunks.right).toBeLessThanOrEqual(review.right + 1);
    // The bar's buttons are all on screen (no overflow cut off on the right).
    expect(bar.scroll).toBeLessThanOrEqual(bar.client + 1);
    // The left side's text is wrapped inside it, not cut at its right edge.
    const overflow = await page.locator('[data-testid=review] .editor.original .view-lines').first().evaluate((el) => {
      const right = el.closest('.editor.original')!.getBoundingClientRect().right;
      return [...el.querySelectorAll('.view-line span')].some((s) => s.getBoundingClientRect().right > right + 1);
    });
    expect(overflow).toBe(false);
    await screenshotEveryLook(wb, 'review');
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('review').count()).toBe(0);
    await screenshotEveryLook(wb, 'main-window');
  });
});
