// The refine review's changes stay as they were shown while the user decides them one by one (the
// ux3/ux4 walkthroughs: "accepting one review change can split the rest into more changes"). Serve
// mode, the scripted DeepSeek-style sample backend with the sample refinement in four changes, Debian's
// Chromium at 1280×720, clicks only; the page is only read. That refinement's `$$` lines are what
// Monaco's diff aligns one way with all four changes and another once the third is accepted: the
// "Step 1" heading moved from change 2 into change 1, so rejecting change 2 no longer rejected it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cauchyWorkspace, REPO_ROOT, workbenchPerFile } from './support';
import { screenshotEveryLook } from './support/workbench';

const SAMPLES = join(REPO_ROOT, 'resources', 'samples');

const t = workbenchPerFile(() => {
  const ws = cauchyWorkspace();
  // The sample script, with the refinement in four changes for the Cauchy problem.
  const script = JSON.parse(readFileSync(join(SAMPLES, 'scripts', 'samples.deepseek.scripted.json'), 'utf8')) as { rules: { role: string; match: string; responses: { file: string }[] }[] };
  for (const rule of script.rules) {
    if (rule.role === 'refine' && rule.match === 'f(x+y) = f(x) + f(y)') rule.responses = [{ file: '../outputs/cauchy-equation.deepseek.refine-steps.txt' }];
  }
  ws.write('scripts/steps.json', JSON.stringify(script));
  return ws;
}, { backend: 'scripted:scripts/steps.json', connectedText: 'scripted' });

const poll = <T,>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 20_000, ...options });

/** The review's change list as shown: "Change 1: line 3", … */
const rows = () => t.page.getByTestId('hunk').locator('span').allTextContents();

/** The proof as the user expects it: the sample with `changes` (line of the sample → its new lines) applied. */
function sampleWith(changes: Record<number, string[]>): string {
  const lines = readFileSync(join(SAMPLES, 'cauchy-equation.md'), 'utf8').split('\n');
  return lines.flatMap((line, i) => changes[i + 1] ?? [line]).join('\n');
}

const CLAIM = ['Let $c = f(1)$. We show that', '$$', 'f(x) = cx \\quad \\text{for all } x \\in \\mathbb{R},', '$$', 'first for integers, then for rational numbers, and finally for all real numbers.'];
const STEP_1 = ['**Step 1 (integers).**', '', 'Setting $x = y = 0$ in the equation gives $f(0) = 2f(0)$, so $f(0) = 0$.'];
const ODD = ['Setting $y = -x$ gives $f(0) = f(x) + f(-x)$, and since $f(0) = 0$, $f(-x) = -f(x)$ for every real $x$.', '', '$$', 'f(-x) = -f(x).', '$$'];
const LIMIT = [
  'Now let $x$ be real. For each positive integer $k$ put $q_k = \\lfloor kx \\rfloor / k$. Then $q_k$ is rational and $0 \\le x - q_k < 1/k$, so $q_k \\to x$. Since $f$ is continuous at $x$,',
  '$$', 'f(x) = \\lim_{k \\to \\infty} f(q_k) = \\lim_{k \\to \\infty} c\\,q_k = cx,', '$$', 'so $f(x) = cx$ for all $x \\in \\mathbb{R}$.',
];

describe('the refine review, change by change', () => {
  it('keeps the other changes as shown when one is accepted, and Accept all leaves out the rejected one', async () => {
    const { page, probe, wb } = t;
    await probe.openFile('proofs/cauchy.md', { exact: true });
    await probe.verifyAndWait();
    await page.getByTestId('refine').click();
    await poll(() => page.getByTestId('hunk').count(), { timeout: 60_000 }).toBe(4);
    expect(await rows()).toEqual(['Change 1: line 3', 'Change 2: line 5', 'Change 3: line 7', 'Change 4: line 22']);

    // Accept change 3 ($f(-x) = -f(x)$ displayed): three changes are left, the others as they were.
    await page.getByTestId('hunk').nth(2).getByRole('button', { name: 'Accept' }).click();
    await poll(rows).toEqual(['Change 1: line 3', 'Change 2: line 5', 'Change 3: line 26']);
    await poll(() => probe.editorText()).toBe(sampleWith({ 7: ODD }));
    await screenshotEveryLook(wb, 'review-changes-after-accept');

    // Reject change 2 (the "Step 1" heading and "so"), then Accept all: changes 1 and 4 and nothing else.
    await page.getByTestId('hunk').nth(1).getByRole('button', { name: 'Reject' }).click();
    await poll(rows).toEqual(['Change 1: line 3', 'Change 2: line 26']);
    await page.getByTestId('accept-all').click();
    await poll(() => page.getByTestId('review').count()).toBe(0);
    expect(await probe.editorText()).toBe(sampleWith({ 3: CLAIM, 7: ODD, 22: LIMIT }));
  });

  it('accepting the changes one by one after a rejection writes each as it was shown', async () => {
    const { page, probe } = t;
    // Back to the sample (Ctrl+Z undoes Accept all, then the accepted change), refined again.
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+Z');
    await page.keyboard.press('Control+Z');
    await poll(() => probe.editorText()).toBe(sampleWith({}));
    await page.getByTestId('refine').click();
    await poll(() => page.getByTestId('hunk').count(), { timeout: 60_000 }).toBe(4);

    // Reject change 3, then accept what is left, always the first row.
    await page.getByTestId('hunk').nth(2).getByRole('button', { name: 'Reject' }).click();
    await poll(rows).toEqual(['Change 1: line 3', 'Change 2: line 5', 'Change 3: line 22']);
    for (const left of [2, 1, 0]) {
      await page.getByTestId('hunk').first().getByRole('button', { name: 'Accept' }).click();
      await poll(() => page.getByTestId('hunk').count()).toBe(left);
    }
    await poll(() => page.getByTestId('review').count()).toBe(0);
    expect(await probe.editorText()).toBe(sampleWith({ 3: CLAIM, 5: STEP_1, 22: LIMIT }));
  });
});
