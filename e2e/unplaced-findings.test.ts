// A verifier sample that scores the proof ½ in words nothing can place on a step (reviewer rev19 F4:
// "Whole proof 0.50", an empty findings column and "Problems (0) · No problems."). The released
// model's answer shape, its prompt profile (settings.json, as Models & settings saves it), serve mode,
// scripted backend, Debian's Chromium, clicks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, makeWorkspace, openWorkbench, pageProbes, type TempWorkspace, type WorkbenchHandle } from './support';

const SAMPLES = join(REPO_ROOT, 'resources', 'samples');
const answer = (said: string, score: string) =>
  `Here is my evaluation of the solution:\n\n${said}\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}`;
const WEAKER = 'The closing argument is weaker than the rest of the solution.';
const LOOSE = 'Overall the reasoning is somewhat loose in places.';
const INDUCTION = 'By induction on the number of factors, any product of primes congruent to $1$ modulo $4$ is itself congruent to $1$ modulo $4$.';
const PLACED = `The step "${INDUCTION}" is not justified: the induction is never written out.`;
// A quote of words the proof does not hold (the model paraphrased): shown as the model's, not the proof's.
const GUESSED = 'The step "by the obvious bound on primes" is not justified: no bound is proved.';

let ws: TempWorkspace;
let wb: WorkbenchHandle;
let page: Page;
let probe: ReturnType<typeof pageProbes>;
let userData: string;

const poll = <T,>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });

beforeAll(async () => {
  ws = makeWorkspace();
  const proof = readFileSync(join(SAMPLES, 'primes-4k-plus-3.md'), 'utf8');
  ws.write('proofs/primes.md', proof);
  ws.write('proofs/primes.problem.md', readFileSync(join(SAMPLES, 'primes-4k-plus-3.problem.md'), 'utf8'));
  // The same proof once more with a marker the script tells apart: every sample passes it.
  ws.write('proofs/clean.md', `${proof}\n\nClean copy.\n`);
  ws.write('proofs/clean.problem.md', readFileSync(join(SAMPLES, 'primes-4k-plus-3.problem.md'), 'utf8'));
  // Once more, where one sample places its finding on a step and two say theirs of the whole proof
  // (the reviewer's F2: F8 said "1 of 1 problem" beside "Problems (3)").
  ws.write('proofs/mixed.md', `${proof}\n\nMixed copy.\n`);
  ws.write('proofs/mixed.problem.md', readFileSync(join(SAMPLES, 'primes-4k-plus-3.problem.md'), 'utf8'));
  ws.write('proofs/guessed.md', `${proof}\n\nGuessed copy.\n`);
  ws.write('proofs/guessed.problem.md', readFileSync(join(SAMPLES, 'primes-4k-plus-3.problem.md'), 'utf8'));
  ws.write('scripts/unplaced.json', JSON.stringify({ rules: [
    { role: 'verify', match: 'Guessed copy.', responses: [answer(`${GUESSED} ${PLACED}`, '0.5')] },
    { role: 'verify', match: 'Clean copy.', responses: [answer(WEAKER, '1')] },
    { role: 'verify', match: 'Mixed copy.', responses: [answer(PLACED, '0.5'), answer(WEAKER, '0.5'), answer(LOOSE, '0.5'), answer(PLACED, '0.5')] },
    { role: 'verify', responses: [answer(WEAKER, '0.5'), answer(WEAKER, '0.5'), answer(LOOSE, '0.5'), answer(WEAKER, '1')] },
  ] }));
  userData = mkdtempSync(join(tmpdir(), 'pw-e2e-user-'));
  writeFileSync(join(userData, 'settings.json'), JSON.stringify({ profile: 'deepseek-math-v2', concurrency: 1 }));
  wb = await openWorkbench({ workspace: ws.dir, backend: 'scripted:scripts/unplaced.json', connectedText: 'scripted', userData });
  page = wb.page;
  probe = pageProbes(page);
  await page.setViewportSize({ width: 1280, height: 720 });
}, 180_000);

afterAll(async () => {
  await wb?.close();
  ws?.remove();
  if (userData) rmSync(userData, { recursive: true, force: true });
});

describe('a sample scored below 1 whose defect could not be placed', () => {
  it('is a whole-proof finding in the findings column and in Problems, in the sample\'s own words', async () => {
    await probe.openFile('proofs/primes.md', { exact: true });
    await probe.verifyAndWait({ findings: true });
    await poll(() => page.getByTestId('findings-score').innerText()).toMatch(/Whole proof\s*0\.63/);
    // Findings column: one "Whole proof" card, a finding per wording (the first said by 2 of 4 samples).
    const card = page.locator('[data-testid=preview-head] .pw-document-findings');
    await poll(() => card.count()).toBe(1);
    const text = await card.innerText();
    expect(text).toContain('Scored 0.5, no finding placed on a step: “');
    expect(text).toContain(WEAKER);
    expect(text).toContain(LOOSE);
    expect(text).toMatch(/2 of 4 samples/);
    // Nothing to jump to: a finding about the whole proof has no Jump button (Resolve and Dismiss stay).
    expect(await card.getByRole('button', { name: 'Jump to source' }).count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Dismiss this finding' }).count()).toBe(2);
    // Problems: the two findings, once each, about the whole proof ("doc"); not "No problems".
    await page.getByTestId('tab-problems').click();
    await poll(() => page.getByTestId('tab-problems').innerText()).toBe('Problems (2)');
    const rows = page.getByTestId('problem');
    await poll(() => rows.count()).toBe(2);
    expect(await page.getByTestId('problems').innerText()).not.toContain('No problems');
    for (const row of await rows.all()) {
      expect(await row.locator('.pw-problem-step').innerText()).toBe('doc');
      expect(await row.locator('.pw-problem-message').innerText()).toMatch(/^Scored 0\.5, no finding placed on a step: “(The closing|Overall the)/);
    }
    await wb.browser.screenshot('unplaced-findings-1280x720');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await wb.browser.screenshot('unplaced-findings-1920x1080');
    await page.setViewportSize({ width: 1280, height: 720 });
  }, 120_000);

  it('a proof every sample scores 1 (in the same words) shows no finding and "No problems" (guard)', async () => {
    await probe.openFile('proofs/clean.md', { exact: true });
    await probe.verifyAndWait();
    await poll(() => page.getByTestId('findings-score').innerText()).toMatch(/Whole proof\s*1\.00/);
    expect(await page.locator('.pw-document-findings').count()).toBe(0);
    await page.getByTestId('tab-problems').click();
    await poll(() => page.getByTestId('tab-problems').innerText()).toBe('Problems (0)');
    expect(await page.getByTestId('problems').innerText()).toContain('No problems.');
  }, 120_000);

  it('F8 counts and reaches the findings about the whole proof: "1 of N" where Problems says N (reviewer F2)', async () => {
    await probe.openFile('proofs/mixed.md', { exact: true });
    await probe.verifyAndWait({ findings: true });
    await page.getByTestId('tab-problems').click();
    await poll(() => page.getByTestId('tab-problems').innerText()).toBe('Problems (3)');
    const problems = await page.getByTestId('problem').allInnerTexts();
    expect(problems.filter((p) => p.includes('no finding placed on a step'))).toHaveLength(2);
    // From the top of the proof, F8 walks every problem once: the count is Problems', and the two
    // about the whole proof (marked on its first word) come first.
    await page.evaluate(() => {
      const { editor } = (window as any).__pwEditor; // eslint-disable-line @typescript-eslint/no-explicit-any -- the page's untyped handle
      editor.focus();
      editor.setPosition({ lineNumber: 1, column: 1 });
    });
    // The peek's head says "k of n problems"; its body (.marker-widget) the marker's message.
    const title = page.locator('.zone-widget:has(.marker-widget) .peekview-title');
    const widget = page.locator('.marker-widget');
    const seen: string[] = [];
    for (let k = 1; k <= 3; k++) {
      await page.keyboard.press('F8');
      await poll(() => title.innerText()).toContain(`${k} of 3 problems`);
      seen.push(await widget.innerText());
    }
    expect(seen[0]).toContain('Justification gap about the whole proof (placed on no step): Scored 0.5, no finding placed on a step: “');
    expect(seen.filter((t) => t.includes('about the whole proof (placed on no step)'))).toHaveLength(2);
    expect(seen.some((t) => t.includes(WEAKER)) && seen.some((t) => t.includes(LOOSE))).toBe(true);
    expect(seen.filter((t) => t.includes('the induction is never written out'))).toHaveLength(1);
    await wb.browser.screenshot('unplaced-findings-f8-1280x720');
    // Round again: back to the first.
    await page.keyboard.press('F8');
    await poll(() => title.innerText()).toContain('1 of 3 problems');
    await page.keyboard.press('Escape');
    // The whole-proof findings have no gutter glyph (the first line is not what they are about).
    const glyphLines = await page.evaluate(() => {
      const { editor } = (window as any).__pwEditor; // eslint-disable-line @typescript-eslint/no-explicit-any -- the page's untyped handle
      const model = editor.getModel();
      return (model.getAllDecorations() as { range: { startLineNumber: number }; options: { glyphMarginClassName?: string } }[])
        .filter((d) => d.options.glyphMarginClassName?.includes('pw-glyph')).map((d) => model.getLineContent(d.range.startLineNumber) as string);
    });
    expect(glyphLines).toEqual([INDUCTION]);
  }, 120_000);

  it('a quote the proof does not hold is said to be the model\'s words, not shown as the proof\'s', async () => {
    await probe.openFile('proofs/guessed.md', { exact: true });
    await probe.verifyAndWait({ findings: true });
    const whole = page.locator('[data-testid=preview-head] .pw-document-findings');
    await poll(() => whole.count()).toBe(1);
    const text = await whole.innerText();
    expect(text).toContain('no bound is proved');
    expect(text).toMatch(/Quoted, but not found in the proof:\s*by the obvious bound on primes/);
    // The finding whose quote is in the proof sits on its step with the quote and no such caption.
    const step = page.locator('[data-testid=step-card]', { hasText: 'the induction is never written out' });
    await poll(() => step.count()).toBe(1);
    expect(await step.locator('.pw-finding-quote').innerText()).toContain('By induction on the number of factors');
    expect(await step.innerText()).not.toContain('not found in the proof');
    await wb.browser.screenshot('quote-not-found-1280x720');
  }, 120_000);
});
