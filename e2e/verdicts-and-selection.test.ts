// Two reviewer rev19 findings, in serve mode with Debian's Chromium, clicks and keys only, the
// scripted backend (the store is only read):
// F6: of 4 samples one flagged a step, one passed the proof, one was cut at the token limit and one
//     aborted; the card, the hover, F8's widget and Problems said "1 of 4 flagged", a quarter, where
//     1 of the 2 samples that gave a verdict flagged it.
// F7: after Find/Replace (Ctrl+H, Replace all, Escape) Monaco leaves the replaced text selected, and
//     the toolbar's Verify silently checked only that step ("Selection S6 1.00" for a whole proof of 0.50).
// And a later reviewer's F8a: Ctrl+A made the button "Verify selection"; the whole text is the whole proof.
/* eslint-disable @typescript-eslint/no-explicit-any -- the page callbacks run in the browser against untyped window handles */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cauchyWorkspace, REPO_ROOT, workbenchPerFile } from './support';

const SAMPLES = join(REPO_ROOT, 'resources', 'samples');
const ver = (score: string, finding: string) =>
  `Here is my evaluation of the solution:\n\n${finding}\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}`;
const CUT = 'Here is my evaluation of the solution:\n\nAt first glance I would give \\boxed{1} since the base case is right. But the';

const t = workbenchPerFile(() => {
  const ws = cauchyWorkspace();
  // The demo script's rules (the sum-of-cubes sample and its repair), and before them four answers
  // for the odd-square proof: a critical error on S2, a pass, one cut at the token limit, one aborted.
  const demo = JSON.parse(readFileSync(join(SAMPLES, 'scripts', 'samples.deepseek.scripted.json'), 'utf8'));
  demo.parallel = 1; // the answers go to samples 1-4 in order
  demo.rules.unshift({ role: 'verify', match: 'Then $n^2$ is odd, clearly', exhausted: 'cycle', responses: [
    ver('0', '[S2] Critical Error: "clearly" is not an argument. | quote: "Then $n^2$ is odd, clearly."'),
    ver('1', 'All steps are fine.'),
    { text: CUT, finishReason: 'length' },
    { text: CUT, finishReason: 'abort' },
  ] });
  ws.write('scripts/demo.json', JSON.stringify(demo));
  ws.write('proofs/odd.md', 'Let $n$ be odd.\n\nThen $n^2$ is odd, clearly.\n\nSo $n^2 - 1$ is even.\n');
  ws.write('proofs/odd.problem.md', 'Show that $n^2-1$ is even for odd $n$.\n');
  ws.write('proofs/cubes.md', readFileSync(join(SAMPLES, 'sum-of-cubes.md'), 'utf8'));
  ws.write('proofs/cubes.problem.md', readFileSync(join(SAMPLES, 'sum-of-cubes.problem.md'), 'utf8'));
  return ws;
}, { backend: 'scripted:scripts/demo.json', connectedText: 'scripted' });

const poll = <T,>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout });

describe('samples that gave no verdict (rev19 F6)', () => {
  it('the card, the hover, F8 and Problems count a step\'s flags over the verdicts and name the samples without one', async () => {
    const { page, probe, wb } = t;
    await probe.openFile('proofs/odd.md');
    await probe.verifyAndWait({ findings: true });
    expect(await probe.state<[number, number]>('(s) => [s.verify.parsedSamples, s.verify.samples.length]')).toEqual([2, 4]);
    const words = '1 of 2 verdicts flagged (2 samples gave no verdict), not meta-verified';
    const card = page.getByTestId('step-card').filter({ hasText: 'Critical' });
    await poll(() => card.getByTestId('consensus').textContent()).toBe(words);
    // One cell per verdict: half of the bar, not a quarter.
    expect(await card.locator('.pw-cell').count()).toBe(2);
    const who = 'verifier · 1 of 2 verdicts (sample 1) · 2 samples gave no verdict';
    expect(await card.getByTestId('finding').first().textContent()).toContain(who);
    // The hover and F8's widget read the marker's message.
    await poll(async () => (await probe.markers('proofwright')).map((m) => m.message).join('\n')).toContain(who);
    await page.evaluate(() => (window as any).__pwEditor.editor.focus());
    await page.keyboard.press('F8');
    const widget = page.locator('.marker-widget');
    await poll(() => widget.textContent()).toContain(who);
    await page.keyboard.press('Escape');
    await page.getByTestId('tab-problems').click();
    const row = page.getByTestId('problem').filter({ hasText: 'clearly' });
    await poll(() => row.textContent()).toContain(who);
    expect(await page.locator('body').innerText()).not.toMatch(/1 of 4/);
    await wb.browser.screenshot('no-verdict-consensus-1280x720');
    // A jump to the finding selects its line: the app's selection, not the user's, so Verify stays a
    // whole-proof Verify (rev19 F7's rule).
    await row.click();
    await poll(() => t.page.evaluate(() => !(window as any).__pwEditor.editor.getSelection().isEmpty())).toBe(true);
    expect(await page.getByTestId('verify').textContent()).toBe('Verify');
  }, 120_000);
});

describe('Verify after Find/Replace (rev19 F7)', () => {
  const selection = () => t.page.evaluate(() => {
    const { editor } = (window as any).__pwEditor;
    return editor.getModel().getValueInRange(editor.getSelection()) as string;
  });

  it('checks the whole proof, not the text Replace left selected; the button says "Verify selection" only for the user\'s selection', async () => {
    const { page, probe, wb } = t;
    await probe.openFile('proofs/cubes.md');
    const verify = page.getByTestId('verify');
    await poll(() => verify.textContent()).toBe('Verify');
    await probe.verifyAndWait({ findings: true });
    const scope = page.getByTestId('score-scope').first();
    await poll(() => scope.textContent()).toBe('Whole proof');

    // The reviewer's keys: Ctrl+H, the slip and its fix, Replace all, Escape.
    await page.locator('[data-testid=editor] .view-lines').click();
    await page.keyboard.press('Control+h');
    await page.keyboard.type('4n + 2\\right');
    await page.keyboard.press('Tab');
    await page.keyboard.type('4n + 4\\right');
    await page.keyboard.press('Control+Alt+Enter');
    await page.keyboard.press('Escape');
    await poll(() => probe.editorText()).toContain('\\left(n^2 + 4n + 4\\right)');
    // Monaco leaves the replaced text selected (the state the reviewer verified from) ...
    expect(await selection()).toBe('4n + 4\\right');
    // ... which is not the user's: the button says Verify, and Verify checks the whole proof.
    await poll(() => verify.textContent()).toBe('Verify');
    await wb.browser.screenshot('verify-after-replace-1280x720');
    await probe.verifyAndWait({ findings: true });
    await poll(() => scope.textContent()).toBe('Whole proof');
    expect(await page.getByTestId('run-score').textContent()).toMatch(/^score/);
    expect(await probe.state<string | null>('(s) => s.verifyScope && s.verifyScope.start')).toBeNull();

    // A selection the user makes (Shift+End) is said on the button before the click, and verified.
    const line = await probe.state<number>('(s) => s.doc.steps.find((x) => x.text.startsWith(\'Since $n^2 + 4n + 4\')).range.startPos.line');
    await probe.caretAtLine(line);
    await page.keyboard.press('Shift+End');
    await poll(() => verify.textContent()).toBe('Verify selection');
    await wb.browser.screenshot('verify-selection-label-1280x720');
    await probe.verifyAndWait();
    await poll(() => scope.textContent()).toMatch(/^Selection S\d+/);
    // Collapsing the selection (back in the editor, End) gives the whole-proof Verify back.
    await page.evaluate(() => (window as any).__pwEditor.editor.focus());
    await page.keyboard.press('End');
    await poll(() => verify.textContent()).toBe('Verify');

    // Ctrl+A selects the whole text: that is the whole proof, not a selection of it (reviewer F8a), so
    // the button says Verify and Verify checks the whole proof.
    await page.keyboard.press('Control+a');
    await poll(async () => (await selection()).length).toBe((await probe.editorText()).length);
    expect(await verify.textContent()).toBe('Verify');
    expect(await probe.state<unknown>('(s) => s.verifySelection')).toBeNull();
    await probe.verifyAndWait({ findings: true });
    await poll(() => scope.textContent()).toBe('Whole proof');
    expect(await probe.state<string | null>('(s) => s.verifyScope && s.verifyScope.start')).toBeNull();
    // A selection from the second line to the end is a part: said, and verified as one.
    await page.evaluate(() => (window as any).__pwEditor.editor.focus());
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Control+Shift+End');
    await poll(() => verify.textContent()).toBe('Verify selection');
  }, 180_000);
});
