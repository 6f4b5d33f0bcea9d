// The refine review's changes stay as they were shown while the user decides them one by one (the
// ux3/ux4 walkthroughs: "accepting one review change can split the rest into more changes"). Serve
// mode, the scripted DeepSeek-style sample backend with the sample refinement in four changes, Debian's
// Chromium at 1280×720, clicks only; the page is only read. That refinement's `$$` lines are what
// Monaco's diff aligns one way with all four changes and another once the third is accepted: the
// "Step 1" heading moved from change 2 into change 1, so rejecting change 2 no longer rejected it.
// The diff editor drew that regrouping too (wb8): it now keeps the texts the review opened with, so it
// draws the list's changes, each labelled "Change N" and, once decided, with its decision.
/* eslint-disable @typescript-eslint/no-explicit-any -- the page callbacks run in the browser against untyped window handles */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeChange, type LineChange } from '../renderer/review/hunks';
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

/** The review's change list as shown, the changes still to decide: "Change 1: line 3", … */
const rows = () => t.page.getByTestId('hunk').locator('span').allTextContents();

/** Every row of the list, decided or not: its "Change N: …" text and its decision as it reads. */
const listed = () => t.page.locator('[data-testid=review] .pw-review-hunks li').evaluateAll((lis) => lis.map((li) => ({
  text: li.querySelector('span')?.textContent ?? '',
  state: li.querySelector('button') ? 'open' : li.querySelector('em')?.textContent ?? '',
})));

/** What the diff editor draws: each change (Monaco's own diff of its two texts) with its lines on both sides. */
const drawn = () => t.page.evaluate(() => {
  const diff = (window as any).__pwDiff;
  const { original, modified } = diff.getModel();
  const lines = (model: any, start: number, end: number): string[] => (end === 0 ? [] : model.getLinesContent().slice(start - 1, end));
  return ((diff.getLineChanges() ?? []) as LineChange[]).map((c) => ({
    change: { originalStartLineNumber: c.originalStartLineNumber, originalEndLineNumber: c.originalEndLineNumber, modifiedStartLineNumber: c.modifiedStartLineNumber, modifiedEndLineNumber: c.modifiedEndLineNumber },
    current: lines(original, c.originalStartLineNumber, c.originalEndLineNumber),
    proposed: lines(modified, c.modifiedStartLineNumber, c.modifiedEndLineNumber),
  }));
});
type Drawn = Awaited<ReturnType<typeof drawn>>;

/** The labels the diff editor shows on its changes ("Change 3 ✓ accepted"), as on screen (lines in view; Monaco writes spaces as no-break spaces). */
const labels = async () => (await t.page.locator('[data-testid=review] .pw-change-label').allTextContents()).map((l) => l.replace(/\u00a0/g, ' '));

/** `lines` with the drawn changes numbered `numbers` (1-based) put in: each change's current lines become its proposed ones. */
function withDrawn(lines: string[], changes: Drawn, numbers: number[]): string {
  const out = [...lines];
  for (const n of [...numbers].sort((a, b) => b - a)) {
    const { change: c, current, proposed } = changes[n - 1];
    const start = c.originalEndLineNumber === 0 ? c.originalStartLineNumber : c.originalStartLineNumber - 1;
    out.splice(start, current.length, ...proposed);
  }
  return out.join('\n');
}

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
    await poll(rows).toEqual(['Change 1: line 3', 'Change 2: line 5', 'Change 4: line 22']);
    await poll(() => probe.editorText()).toBe(sampleWith({ 7: ODD }));
    await screenshotEveryLook(wb, 'review-changes-after-accept');

    // Reject change 2 (the "Step 1" heading and "so"), then Accept all: changes 1 and 4 and nothing else.
    await page.getByTestId('hunk').nth(1).getByRole('button', { name: 'Reject' }).click();
    await poll(rows).toEqual(['Change 1: line 3', 'Change 4: line 22']);
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
    await poll(rows).toEqual(['Change 1: line 3', 'Change 2: line 5', 'Change 4: line 22']);
    for (const left of [2, 1, 0]) {
      await page.getByTestId('hunk').first().getByRole('button', { name: 'Accept' }).click();
      await poll(() => page.getByTestId('hunk').count()).toBe(left);
    }
    await poll(() => page.getByTestId('review').count()).toBe(0);
    expect(await probe.editorText()).toBe(sampleWith({ 3: CLAIM, 5: STEP_1, 22: LIMIT }));
  });

  it('draws exactly the list\'s changes after a decision, each with its number and state, and writes what it draws', async () => {
    const { page, probe, ws, wb } = t;
    // A fresh copy of the sample, refined: four changes.
    ws.write('proofs/decided.md', sampleWith({}));
    ws.copyFrom(join(SAMPLES, 'cauchy-equation.problem.md'), 'proofs/decided.problem.md');
    await probe.openFile('proofs/decided.md', { exact: true });
    await probe.verifyAndWait();
    await page.getByTestId('refine').click();
    await poll(() => page.getByTestId('hunk').count(), { timeout: 60_000 }).toBe(4);
    const first = await drawn();
    expect(first).toHaveLength(4);

    /**
     * Whether the list and the diff agree: one row per drawn change, row N is drawn change N at the lines
     * it names ("agree", else both as read). Polled: a diff the editor recomputes arrives a little later.
     */
    const agreement = async () => {
      const list = (await listed()).map((r) => r.text);
      const inDiff = (await drawn()).map((d, i) => `Change ${i + 1}: ${describeChange(d.change)}`);
      return list.join(' | ') === inDiff.join(' | ') ? 'agree' : `list: ${list.join(' | ')}; diff: ${inDiff.join(' | ')}`;
    };

    // Accept change 3: the list and the diff still name the same changes at the same lines.
    await page.getByTestId('hunk').nth(2).getByRole('button', { name: 'Accept' }).click();
    await poll(() => probe.editorText()).toBe(sampleWith({ 7: ODD }));
    await page.waitForTimeout(500);
    await poll(agreement).toBe('agree');
    const now = await drawn();

    // Accept the list's change 2: what is written is exactly what the diff draws as change 2, its
    // proposed lines in place of its current ones (change 3, accepted, is below it: same lines above).
    const before = await probe.editorText();
    await page.getByTestId('hunk').nth(1).getByRole('button', { name: 'Accept' }).click();
    await poll(() => probe.editorText()).toBe(withDrawn(before.split('\n'), now, [2]));
    // The diff has kept its first drawing, the decided changes marked in the list and in the diff.
    expect(now).toEqual(first);
    await poll(agreement).toBe('agree');
    await poll(async () => (await listed()).map((r) => r.state)).toEqual(['open', '✓ accepted', '✓ accepted', 'open']);
    await poll(labels).toEqual(expect.arrayContaining(['Change 1', 'Change 2 ✓ accepted', 'Change 3 ✓ accepted']));
    expect(await probe.editorText()).toBe(withDrawn(sampleWith({}).split('\n'), first, [2, 3]));

    // Reject change 1: nothing is written, the diff marks it rejected.
    await page.getByTestId('hunk').first().getByRole('button', { name: 'Reject' }).click();
    await poll(async () => (await listed()).map((r) => r.state)).toEqual(['✗ rejected', '✓ accepted', '✓ accepted', 'open']);
    await poll(agreement).toBe('agree');
    expect(await drawn()).toEqual(first);
    await poll(labels).toEqual(expect.arrayContaining(['Change 1 ✗ rejected', 'Change 2 ✓ accepted', 'Change 3 ✓ accepted']));
    expect(await probe.editorText()).toBe(withDrawn(sampleWith({}).split('\n'), first, [2, 3]));
    await screenshotEveryLook(wb, 'review-decided');

    // Accept all: the proposal less the rejected change 1, as drawn: changes 2, 3 and 4 in, nothing else.
    await page.getByTestId('accept-all').click();
    await poll(() => page.getByTestId('review').count()).toBe(0);
    expect(await probe.editorText()).toBe(withDrawn(sampleWith({}).split('\n'), first, [2, 3, 4]));
    expect(await probe.editorText()).toBe(sampleWith({ 5: STEP_1, 7: ODD, 22: LIMIT }));
  });
});
