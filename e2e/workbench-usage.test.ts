// The workbench used as a person uses it (issue 11): every review action does what it says, typed
// input is kept, and the keyboard and the layout hold up. Serve mode (real CLI, real engine with the
// scripted backend) in Debian's Chromium, driven by clicks and keys; the store is only read.
/* eslint-disable @typescript-eslint/no-explicit-any -- the page callbacks run in the browser against untyped window handles */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, makeWorkspace, openWorkbench, type ChromiumHandle, type ServeHandle, type TempWorkspace } from './support';
import { pageProbes } from './support/workbench';

const SAMPLES = join(REPO_ROOT, 'resources', 'samples');
const REFINED_STEP = 'For a real $x$, take rationals $q_k \\to x$; by continuity $f(x) = \\lim_k f(q_k) = \\lim_k c q_k = cx$.';

let ws: TempWorkspace;
let server: ServeHandle;
let browser: ChromiumHandle;
let page: Page;
let probe: ReturnType<typeof pageProbes>;

/** expect.poll with room for a loaded machine (popups and engine round trips): 10 s unless told. */
const poll = <T,>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 10_000, ...options });

/** A proof saved on Windows: CRLF line breaks, a final one. */
const CRLF_PROOF = 'For every natural number $n$, $n + 0 = n$ (UNCHANGED-MARKER).\r\n\r\nBy the definition of addition, $n + 0 = n$.\r\n';

/** The suite's script: the sample's verifier findings; a refinement with two separate changes (below). */
const SCRIPT = {
  rules: [
    { role: 'verify', responses: [{ file: '../outputs/cauchy-equation.labelled.verify.txt' }] },
    { role: 'meta-verify', responses: [{ file: '../outputs/cauchy-equation.labelled.meta-verify.txt' }] },
    // The proof saved with CRLF line breaks comes back with LF and without its final line break.
    { role: 'refine', match: 'UNCHANGED-MARKER', responses: [`## Solution\n\n${CRLF_PROOF.replace(/\r\n/g, '\n').trimEnd()}\n\n## Self Evaluation\n\nBased on my evaluation, the final overal score should be:\n\\boxed{1}`] },
    { role: 'refine', responses: [{ file: '../outputs/refined.txt' }] },
    { role: 'generate', responses: [{ file: '../outputs/cauchy-equation.labelled.generate.txt' }] },
  ],
};

const openSample = (id: string) => probe.openSample(id);

/** Files › Save as, typed into the dialog's path field. */
async function saveAs(path: string) {
  await page.getByRole('button', { name: 'Files' }).click();
  const field = page.getByLabel('Save as path (in the workspace)');
  await field.fill(path);
  await field.press('Enter');
  await poll(() => page.getByTestId('docname').textContent()).toBe(path.split('/').pop());
}

const problemsTabCount = async () => Number(/\((\d+)\)/.exec((await page.getByTestId('tab-problems').textContent()) ?? '')?.[1] ?? NaN);

beforeAll(async () => {
  ws = makeWorkspace();
  for (const f of ['verify', 'meta-verify', 'generate']) {
    ws.copyFrom(join(SAMPLES, 'outputs', `cauchy-equation.labelled.${f}.txt`), `outputs/cauchy-equation.labelled.${f}.txt`);
  }
  // The refinement rewrites the opening sentence (Change 1) and the step with the gap (Change 2).
  const sample = readFileSync(join(SAMPLES, 'cauchy-equation.md'), 'utf8');
  const refined = sample
    .replace(/We show that \$f\(x\) = cx\$ first for integers[^\n]*/, () => 'We prove $f(x) = cx$ in three stages.')
    .replace(/Clearly, since the identity[^\n]*/, () => REFINED_STEP);
  ws.write('outputs/refined.txt', `## Solution\n\n${refined}\n## Self Evaluation\n\nBased on my evaluation, the final overal score should be:\n\\boxed{1}\n`);
  ws.write('scripts/suite.json', JSON.stringify(SCRIPT));
  ws.write('proofs/verified.md', sample);
  ws.write('proofs/crlf.md', CRLF_PROOF);
  ws.write('proofs/crlf.problem.md', 'Show that $n + 0 = n$ for every natural number $n$.\n');
  // Verification that takes long enough to be stopped.
  ws.write('scripts/slow.json', JSON.stringify({
    rules: [{ role: 'verify', responses: [{ file: '../outputs/cauchy-equation.labelled.verify.txt', delayMs: 60_000 }] }],
  }));
  ({ server, browser, page } = await openWorkbench({ workspace: ws.dir, backend: 'scripted:scripts/suite.json', connectedText: 'scripted' }));
  probe = pageProbes(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  ws?.remove();
});

describe('review actions do what they say', () => {
  it('Accept all after rejecting a change applies the reviewed text, not the whole proposal', async () => {
    await openSample('cauchy-equation');
    await saveAs('proofs/cauchy.md');
    await probe.verifyAndWait({ findings: true });
    await page.getByTestId('refine').click();
    await poll(() => page.getByTestId('review').count(), { timeout: 60_000 }).toBe(1);
    // Exactly the two changes the refinement made: the model's answer ends without the proof's final
    // line break, which is no change ("delete lines N–N" at the end was listed as a third).
    await poll(() => page.getByTestId('hunk').allTextContents(), { timeout: 30_000 }).toEqual([
      expect.stringMatching(/^Change 1: (line \d+(?![–\d])|lines \d+–\d+)/), expect.stringMatching(/^Change 2: (line \d+(?![–\d])|lines \d+–\d+)/),
    ]);
    const hunks = 2;
    const original = await probe.editorText();
    expect(original.endsWith('\n')).toBe(true);
    // Change 1 rewrites the opening; reject it, keep the others.
    await page.getByTestId('hunk').first().getByRole('button', { name: 'Reject' }).click();
    await poll(() => page.getByTestId('hunk').count()).toBe(hunks - 1);
    await page.getByTestId('accept-all').click();
    await poll(() => page.getByTestId('review').count()).toBe(0);
    const accepted = await probe.editorText();
    // The rejected opening stays as it was, the accepted change is in, nothing else moved.
    expect(accepted).toContain('We show that $f(x) = cx$ first for integers');
    expect(accepted).not.toContain('in three stages');
    // The proof keeps its final line break.
    expect(accepted).toBe(original.replace(/Clearly, since the identity[^\n]*/, () => REFINED_STEP));
    // One Ctrl+Z brings the proof back.
    await page.evaluate(() => (window as any).__pwEditor.editor.focus());
    await page.keyboard.press('Control+z');
    await poll(probe.editorText).toBe(original);
    await poll(probe.synced).toBe(true);
    // A closed review leaves the proof editor whole: its F1 palette still opens (a disposed diff
    // editor used to take Monaco's shared services with it).
    await page.keyboard.press('F1');
    await poll(() => page.locator('[data-testid=editor] .quick-input-widget').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
  });
});

describe('a proposal is compared in the proof\'s own conventions', () => {
  it('a refinement that differs only in its line breaks and final line break is no change, and accepting it leaves the CRLF proof as it is', async () => {
    await page.getByRole('button', { name: 'Files' }).click();
    await page.getByTestId('files-dialog').getByRole('button', { name: 'proofs/crlf.md', exact: true }).first().click();
    await poll(() => page.getByTestId('docname').textContent()).toBe('crlf.md');
    await poll(probe.synced).toBe(true);
    const before = await probe.editorText();
    expect(before).toBe(CRLF_PROOF);
    await page.getByTestId('refine').click();
    const review = page.getByTestId('review');
    await poll(() => review.count(), { timeout: 60_000 }).toBe(1);
    await poll(() => review.getByTestId('no-changes').count(), { timeout: 30_000 }).toBe(1);
    expect(await review.getByTestId('hunk').count()).toBe(0);
    await review.getByTestId('accept-all').click();
    await poll(() => review.count()).toBe(0);
    expect(await probe.editorText()).toBe(CRLF_PROOF);
  });
});

describe('typed input is kept', () => {
  it('keeps every character typed into the problem statement of an empty document', async () => {
    await page.getByRole('button', { name: 'Files' }).click();
    await page.getByRole('button', { name: 'Empty document' }).click();
    const field = page.getByLabel('Problem statement');
    await field.click();
    await page.keyboard.type('Let f be continuous.');
    await poll(() => field.inputValue()).toBe('Let f be continuous.');
    await poll(() => probe.state<string>('(s) => s.problem')).toBe('Let f be continuous.');
    // Done shows it rendered; Edit brings the text back for more.
    await page.getByRole('button', { name: 'Done' }).click();
    await poll(() => page.getByTestId('problem-rendered').textContent()).toContain('Let f be continuous.');
  });

  it('Edit from the keyboard puts the caret at the end of the statement, so what is typed (spaces too) goes there', async () => {
    // Enter on Edit left the focus on the button: the text went nowhere and each space pressed the
    // button again, closing the field (rev21 F2: a 48-character sentence lost).
    const edit = page.getByRole('button', { name: 'Edit' });
    await edit.focus();
    await page.keyboard.press('Enter');
    const field = page.getByLabel('Problem statement');
    await poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(' Show that f is bounded on [0, 1].');
    await poll(() => probe.state<string>('(s) => s.problem')).toBe('Let f be continuous. Show that f is bounded on [0, 1].');
    expect(await page.getByRole('button', { name: 'Done' }).count()).toBe(1);
    // Done from the keyboard: Tab to it, Space; the statement is shown rendered.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Space');
    await poll(() => page.getByTestId('problem-rendered').textContent()).toContain('Show that f is bounded');
  });

  it('retypes number fields in Models & settings: the draft is kept while typing, committed on Enter or blur', async () => {
    await page.getByRole('button', { name: 'Models & settings' }).click();
    const dialog = page.getByTestId('settings-dialog');
    await dialog.getByRole('button', { name: /^quick/ }).click();
    const samples = dialog.getByLabel('Verify samples');
    await poll(() => samples.inputValue()).toBe('4');
    // Backspace, then 8.
    await samples.click();
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await poll(() => samples.inputValue()).toBe('');
    await page.keyboard.type('8');
    await poll(() => samples.inputValue()).toBe('8');
    await page.keyboard.press('Enter');
    await poll(() => probe.state<number>('(s) => s.settings.verify.samples')).toBe(8);
    // Select all, type 16, Tab away.
    await samples.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('16');
    await poll(() => samples.inputValue()).toBe('16');
    await page.keyboard.press('Tab');
    await poll(() => probe.state<number>('(s) => s.settings.verify.samples')).toBe(16);

    const maxTokens = dialog.getByLabel('Max tokens');
    await maxTokens.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('2048');
    await page.keyboard.press('Enter');
    await poll(() => maxTokens.inputValue()).toBe('2048');
    await poll(() => probe.state<number>('(s) => s.settings.sampling.maxTokens')).toBe(2048);

    const temperature = dialog.getByLabel('Temperature');
    await temperature.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('0.6');
    await page.keyboard.press('Enter');
    await poll(() => temperature.inputValue()).toBe('0.6');
    await poll(() => probe.state<number>('(s) => s.settings.sampling.temperature')).toBe(0.6);

    // Bad input: a clear message, nothing saved, the typed text still there to fix.
    await samples.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('0');
    await page.keyboard.press('Enter');
    await poll(() => dialog.getByRole('alert').textContent()).toMatch(/Verify samples must be a whole number from 1 to 1024/);
    expect(await samples.inputValue()).toBe('0');
    expect(await samples.getAttribute('aria-invalid')).toBe('true');
    expect(await probe.state<number>('(s) => s.settings.verify.samples')).toBe(16);
    await page.keyboard.press('Control+a');
    await page.keyboard.type('4');
    await page.keyboard.press('Enter');
    await poll(() => dialog.getByRole('alert').count()).toBe(0);
    await poll(() => probe.state<number>('(s) => s.settings.verify.samples')).toBe(4);
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('settings-dialog').count()).toBe(0);
  });

  it('F1 opens the same palette from outside the editor (a toolbar button), and what is typed goes to it', async () => {
    await page.getByRole('button', { name: 'Files' }).focus();
    await page.keyboard.press('F1');
    const palette = page.locator('.quick-input-widget');
    await poll(() => palette.isVisible()).toBe(true);
    await page.keyboard.press('Control+a');
    await page.keyboard.type('>Proofwright: Models');
    await poll(async () => (await palette.locator('.monaco-list-row').allTextContents()).join('\n')).toContain('Proofwright: Models & settings');
    await page.keyboard.press('Escape');
    await poll(() => palette.isVisible()).toBe(false);
  });
});

describe('findings survive what does not replace them', () => {
  it('keeps the previous findings when a run is stopped, and when a refine run is shown from History', async () => {
    await page.getByRole('button', { name: 'Files' }).click();
    await page.getByTestId('files-dialog').getByRole('button', { name: 'proofs/cauchy.md', exact: true }).first().click();
    await poll(() => page.getByTestId('docname').textContent()).toContain('cauchy.md');
    await probe.verifyAndWait({ findings: true });
    await page.getByTestId('tab-problems').click();
    const findings = await problemsTabCount();
    expect(findings).toBeGreaterThan(0);

    await page.evaluate(() => (window as any).__pwStore.getState().engine.setBackend({ spec: 'scripted:scripts/slow.json' }));
    try {
      await page.getByTestId('verify').click();
      await poll(() => probe.state<string | null>('(s) => s.run && s.run.status')).toBe('running');
      await page.getByTestId('stop').click();
      await poll(() => probe.state<string | null>('(s) => s.run && s.run.status'), { timeout: 30_000 }).toBe('cancelled');
      await page.getByTestId('tab-problems').click();
      await poll(problemsTabCount).toBe(findings);
      // An edit round-trips through the engine: its findings are still the previous run's.
      await page.evaluate(() => {
        const { editor } = (window as any).__pwEditor;
        editor.setPosition(editor.getModel().getPositionAt(editor.getModel().getValue().length));
        editor.focus();
      });
      await page.keyboard.type(' ');
      await poll(probe.synced).toBe(true);
      await poll(problemsTabCount).toBe(findings);
      await page.keyboard.press('Backspace');
    } finally {
      await page.evaluate(() => (window as any).__pwStore.getState().engine.setBackend({ spec: 'scripted:scripts/suite.json' }));
    }

    await page.getByTestId('tab-history').click();
    const refineRow = page.getByTestId('history').locator('tr', { hasText: 'refine' }).first();
    await poll(() => refineRow.count()).toBe(1);
    // A refine run has no findings of its own: it offers its proposal, which leaves the findings alone.
    expect(await refineRow.getByRole('button', { name: 'Show findings' }).count()).toBe(0);
    await refineRow.getByRole('button', { name: 'Show proposal' }).click();
    await poll(() => page.getByTestId('review').count()).toBe(1);
    await page.getByTestId('reject-all').click();
    await page.getByTestId('tab-problems').click();
    await poll(problemsTabCount).toBe(findings);
    await page.getByTestId('tab-history').click();
    const verifyRow = page.getByTestId('history').locator('tr', { hasText: 'verify' }).filter({ hasText: 'completed' }).first();
    await verifyRow.getByRole('button', { name: 'Show findings' }).click();
    await page.getByTestId('tab-problems').click();
    await poll(problemsTabCount).toBe(findings);
  });
});

describe('one finding, stated by several samples, is shown once', () => {
  it('groups it in the problems list, the hover, F8 and the report, with "k of m"', async () => {
    await openSample('cauchy-equation');
    await probe.verifyAndWait({ findings: true });
    const samples = await probe.state<number>('(s) => s.verify.samples.length');
    expect(samples).toBeGreaterThan(1);
    const gap = await probe.state<{ id: string; label: string; stated: number }>(`(s) => {
      const step = s.doc.steps.find((x) => x.text.startsWith('Clearly, since the identity'));
      return { id: step.id, label: step.label, stated: s.annotations.filter((a) => a.stepId === step.id && a.provenance.source === 'verifier').length };
    }`);
    // Every sample stated the same gap.
    expect(gap.stated).toBe(samples);

    // Problems list: one row, saying how many samples stated it.
    await page.getByTestId('tab-problems').click();
    const rows = page.locator('[data-testid=problem]', { hasText: 'carried over from the rational numbers' });
    await poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(`${samples} of ${samples} samples`);
    expect(await page.getByTestId('tab-problems').textContent()).toBe(`Problems (${await page.locator('[data-testid=problem]').count()})`);

    // Hover: one marker on the step's line, with the count.
    const line = await probe.state<number>(`(s) => s.doc.steps.find((x) => x.id === ${JSON.stringify(gap.id)}).range.startPos.line`);
    const onLine = (await probe.markers('proofwright')).filter((m) => m.startLineNumber === line);
    expect(onLine).toHaveLength(1);
    expect(onLine[0].message).toContain(`${samples} of ${samples} samples`);
    const at = await page.evaluate((l) => {
      const { editor } = (window as any).__pwEditor;
      editor.revealLineInCenter(l);
      const p = editor.getScrolledVisiblePosition({ lineNumber: l, column: 6 });
      const box = editor.getDomNode().getBoundingClientRect();
      return { x: box.left + p.left, y: box.top + p.top + p.height / 2 };
    }, line);
    await page.mouse.move(at.x, at.y);
    await poll(() => page.locator('.monaco-hover').filter({ hasText: 'carried over' }).count()).toBe(1);
    expect(await page.locator('.monaco-hover').filter({ hasText: 'carried over' }).textContent()).toContain(`${samples} of ${samples} samples`);

    // F8 from the top visits every finding once, then wraps; the widget shows the grouped finding.
    await page.evaluate(() => {
      const { editor } = (window as any).__pwEditor;
      editor.setPosition({ lineNumber: 1, column: 1 });
      editor.focus();
    });
    const total = (await probe.markers('proofwright')).length + (await probe.markers('katex')).length;
    const cursor = () => page.evaluate(() => {
      const p = (window as any).__pwEditor.editor.getPosition();
      return `${p.lineNumber}:${p.column}`;
    });
    const visited: string[] = [];
    for (let i = 0; i <= total; i++) {
      const before = visited.at(-1);
      await page.keyboard.press('F8');
      await poll(() => page.locator('.marker-widget').count()).toBeGreaterThan(0);
      if (i > 0 && total > 1) await poll(cursor).not.toBe(before);
      visited.push(await cursor());
    }
    expect(new Set(visited.slice(0, total)).size).toBe(total);
    expect(visited[total]).toBe(visited[0]);
    await page.evaluate((l) => (window as any).__pwEditor.editor.setPosition({ lineNumber: l, column: 1 }), line - 1);
    await page.keyboard.press('F8');
    await poll(() => page.locator('.marker-widget').textContent()).toContain(`${samples} of ${samples} samples`);
    await page.keyboard.press('Escape');

    // The report: the finding once, with the count.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    const html = readFileSync((await download.path())!, 'utf8');
    expect(html.split('carried over from the rational numbers').length - 1).toBe(1 + samples); // the finding + each sample's raw analysis
    expect(html).toContain(`${samples} of ${samples} samples`);
  });
});

describe('undo gives back what was there', () => {
  it('a finding is current again after Ctrl+Z restores the verified text, and the dirty dot goes with an undo to the saved text', async () => {
    await page.getByRole('button', { name: 'Files' }).click();
    await page.getByTestId('files-dialog').getByRole('button', { name: 'proofs/verified.md', exact: true }).first().click();
    await poll(() => page.getByTestId('docname').textContent()).toBe('verified.md');
    await poll(probe.synced).toBe(true);
    await probe.verifyAndWait({ findings: true });
    const verified = await probe.editorText();
    const gapStale = () => probe.state<boolean[]>(`(s) => {
      const step = s.doc.steps.find((x) => x.text.startsWith('Clearly, since the identity'));
      return step ? s.annotations.filter((a) => a.stepId === step.id).map((a) => !!a.stale) : [];
    }`);
    expect((await gapStale()).length).toBeGreaterThan(0);
    expect(await gapStale()).not.toContain(true);

    // Retype the start of the flagged step: its finding goes stale.
    const line = await probe.state<number>(`(s) => s.doc.steps.find((x) => x.text.startsWith('Clearly, since the identity')).range.startPos.line`);
    await probe.caretAtLine(line);
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('By density and continuity, f(x) = cx.');
    await poll(probe.synced).toBe(true);
    await poll(gapStale).not.toContain(false);
    await poll(() => page.locator('.pw-step-card.pw-stale').count()).toBeGreaterThan(0);

    // Ctrl+Z until the text is the verified one again: the finding is current, the dot is gone.
    for (let i = 0; i < 10 && (await probe.editorText()) !== verified; i++) await page.keyboard.press('Control+z');
    expect(await probe.editorText()).toBe(verified);
    await poll(probe.synced).toBe(true);
    await poll(gapStale).not.toContain(true);
    await poll(() => page.locator('.pw-step-card.pw-stale').count()).toBe(0);
    const markerLine = (await probe.markers('proofwright')).find((m) => m.startLineNumber === line);
    expect(markerLine?.message).not.toContain('stale');
    await poll(() => page.getByTestId('docname').textContent()).toBe('verified.md');

    // A typed character makes it dirty, its undo clean again.
    await page.keyboard.press('End');
    await page.keyboard.type('!');
    await poll(() => page.getByTestId('docname').textContent()).toBe('verified.md •');
    await page.keyboard.press('Control+z');
    await poll(probe.synced).toBe(true);
    await poll(() => page.getByTestId('docname').textContent()).toBe('verified.md');
  });
});

describe('a selection is scored as a selection', () => {
  it('labels the score of a verified selection as the selection\'s, and a whole-proof verify as the proof\'s', async () => {
    await openSample('cauchy-equation');
    const line = await probe.state<number>(`(s) => s.doc.steps.find((x) => x.text.startsWith('Clearly, since the identity')).range.startPos.line`);
    const label = await probe.state<string>(`(s) => s.doc.steps.find((x) => x.text.startsWith('Clearly, since the identity')).label`);
    await probe.caretAtLine(line);
    await page.keyboard.press('Shift+End');
    const before = await probe.state<string | null>('(s) => s.run && s.run.runId');
    await page.keyboard.press('Control+Enter');
    await poll(() => probe.state<string | null>(`(s) => s.run && s.run.runId !== ${JSON.stringify(before)} ? s.run.status : null`), { timeout: 60_000 }).toBe('completed');
    const scope = page.getByTestId('score-scope').first();
    await poll(() => scope.textContent()).toBe(`Selection ${label}`);
    expect(await page.getByTestId('run-score').textContent()).toMatch(/^selection score/);
    await browser.screenshot('workbench-selection-score');

    // The whole proof: no selection, the toolbar's Verify.
    await page.keyboard.press('End');
    await probe.verifyAndWait({ findings: true });
    await poll(() => scope.textContent()).toBe('Whole proof');
    expect(await page.getByTestId('run-score').textContent()).toMatch(/^score/);
  });
});

describe('keyboard', () => {
  const focusIn = (selector: string) => page.evaluate((sel) => !!document.activeElement?.closest(sel), selector);

  it('a dialog takes focus, keeps Tab inside, and gives focus back when Escape closes it', async () => {
    const opener = page.getByRole('button', { name: 'Models & settings' });
    await opener.click();
    await poll(() => focusIn('[data-testid=settings-dialog]')).toBe(true);
    const inside: boolean[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      inside.push(await focusIn('[data-testid=settings-dialog]'));
    }
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Shift+Tab');
      inside.push(await focusIn('[data-testid=settings-dialog]'));
    }
    expect(inside.every(Boolean)).toBe(true);
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('settings-dialog').count()).toBe(0);
    expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('says how to leave the editor with Tab (Ctrl+M), and Tab then moves focus', async () => {
    await page.evaluate(() => (window as any).__pwEditor.editor.focus());
    const hint = page.getByTestId('tab-hint');
    expect(await hint.isVisible()).toBe(true);
    expect(await hint.textContent()).toContain('Ctrl+M');
    await page.keyboard.press('Control+m');
    await poll(() => hint.textContent()).toContain('Tab moves focus ·');
    await page.keyboard.press('Tab');
    await poll(() => focusIn('.monaco-editor')).toBe(false);
    // Back to indenting (the mode is shared by every editor on the page).
    await page.evaluate(() => (window as any).__pwEditor.editor.focus());
    await page.keyboard.press('Control+m');
    await poll(() => hint.textContent()).toContain('Tab indents ·');
  });

  it('F1 lists the app\'s commands, and runs them', async () => {
    await page.evaluate(() => (window as any).__pwEditor.editor.focus());
    await page.keyboard.press('F1');
    const palette = page.locator('.quick-input-widget');
    await poll(() => palette.isVisible()).toBe(true);
    const labels = async () => (await palette.locator('.monaco-list-row').allTextContents()).join('\n');
    for (const name of ['Verify', 'Prove', 'Save', 'Open', 'Export report', 'Models & settings']) {
      await page.keyboard.press('Control+a');
      await page.keyboard.type(`>Proofwright: ${name}`); // ">": the command palette
      await poll(labels).toContain(`Proofwright: ${name}`);
    }
    await page.keyboard.press('Control+a');
    await page.keyboard.type(">Proofwright: Models");
    await page.keyboard.press('Enter');
    await poll(() => page.getByTestId('settings-dialog').count()).toBe(1);
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('settings-dialog').count()).toBe(0);
  });

  it('a focused splitter shows it, and the arrow keys resize', async () => {
    const handle = page.getByTestId('split-columns-0');
    await handle.click();
    expect(await handle.evaluate((el) => el === document.activeElement)).toBe(true);
    const ring = await handle.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(ring).toBe('solid');
    const before = Number(await handle.getAttribute('aria-valuenow'));
    await page.keyboard.press('ArrowRight');
    await poll(async () => Number(await handle.getAttribute('aria-valuenow'))).toBeGreaterThan(before);
    await page.keyboard.press('ArrowLeft');
    await browser.screenshot('workbench-splitter-focus');
  });
});

describe('layout', () => {
  it('at 1280×720 the problem shows several lines, the preview keeps most of its pane, and the toolbar stays on one line', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openSample('cauchy-equation');
    await probe.verifyAndWait({ findings: true });
    const m = await page.evaluate(() => {
      const rect = (sel: string) => document.querySelector<HTMLElement>(sel)!.getBoundingClientRect();
      const problem = rect('[data-testid=problem-rendered]');
      const problemEl = document.querySelector<HTMLElement>('[data-testid=problem-rendered]')!;
      const pane = rect('.pw-preview-pane');
      const block = rect('[data-testid=preview-block]');
      const cell = rect('[data-testid=annotation-cell]');
      const chip = document.querySelector<HTMLElement>('[data-testid=connection]')!;
      const toolbar = rect('.pw-toolbar');
      const buttons = [...document.querySelectorAll<HTMLElement>('.pw-toolbar > *')].map((el) => el.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
      const align = [...document.querySelectorAll<HTMLElement>('[data-testid=preview-block]')].find((b) => b.textContent!.includes('(n+1)'))!;
      return {
        problemHeight: problem.height,
        problemWhole: problemEl.scrollHeight <= problemEl.clientHeight + 1,
        paneWidth: pane.width,
        previewWidth: block.width,
        findingsWidth: cell.width,
        chipLines: Math.round(chip.getBoundingClientRect().height / parseFloat(getComputedStyle(chip).lineHeight || '16')),
        chipSingleLine: chip.getClientRects().length === 1 && chip.scrollHeight <= chip.clientHeight + 1,
        toolbarHeight: toolbar.height,
        toolbarOneRow: buttons.every((b) => Math.abs(b.top + b.height / 2 - (toolbar.top + toolbar.height / 2)) < 8),
        // The document's name stays readable (it was squeezed to nothing once the toolbar grew).
        docnameWidth: document.querySelector<HTMLElement>('[data-testid=docname]')!.getBoundingClientRect().width,
        toolbarFits: toolbar.right >= Math.max(...buttons.map((r) => r.right)) - 1,
        alignFits: align.scrollWidth <= align.clientWidth + 1,
      };
    });
    // The problem can be read without scrolling: all of it (the pane fits a short statement), or
    // several lines (20 px a line) of a long one.
    if (!m.problemWhole) expect(m.problemHeight).toBeGreaterThanOrEqual(4 * 20);
    expect(m.problemHeight).toBeGreaterThanOrEqual(2 * 20);
    // The findings column is a share of the pane, not a fixed 330 px; the preview keeps the larger part.
    expect(m.findingsWidth).toBeLessThan(m.paneWidth * 0.4);
    expect(m.findingsWidth).toBeGreaterThanOrEqual(200);
    expect(m.previewWidth).toBeGreaterThan(m.paneWidth * 0.6);
    expect(m.alignFits).toBe(true);
    expect(m.chipSingleLine).toBe(true);
    expect(m.toolbarOneRow).toBe(true);
    expect(m.docnameWidth).toBeGreaterThanOrEqual(60);
    expect(m.toolbarFits).toBe(true);
    for (const theme of ['light', 'dark'] as const) {
      await page.getByTestId('theme').selectOption(theme);
      await poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      await browser.screenshot(`workbench-1280x720-${theme}`);
    }
    await page.setViewportSize({ width: 1920, height: 1080 });
    for (const theme of ['light', 'dark'] as const) {
      await page.getByTestId('theme').selectOption(theme);
      await poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      await browser.screenshot(`workbench-1920x1080-${theme}`);
    }
    await page.getByTestId('theme').selectOption('light');
    await page.setViewportSize({ width: 1400, height: 900 });
  });
});

describe('completion', () => {
  it('offers environment names after \\begin{, as typed and with Ctrl+Space, and inserts the pair', async () => {
    await openSample('cauchy-equation');
    await page.evaluate(() => {
      const { editor } = (window as any).__pwEditor;
      editor.setPosition(editor.getModel().getPositionAt(editor.getModel().getValue().length));
      editor.focus();
    });
    await page.keyboard.press('Enter');
    await page.keyboard.type('\\begin{');
    const suggest = page.locator('.suggest-widget .monaco-list-row');
    const offered = async () => (await suggest.allTextContents()).join('\n');
    await poll(offered).toContain('align');
    await page.keyboard.press('Escape');
    await poll(() => page.locator('.suggest-widget.visible').count()).toBe(0);
    await page.keyboard.press('Control+Space');
    await poll(offered).toContain('align');
    await page.keyboard.type('gath');
    await poll(offered).toContain('gather');
    await page.keyboard.press('Enter');
    await poll(probe.editorText).toMatch(/\\begin\{gather\}\n[\s\S]*\n\\end\{gather\}/);
    // Nothing left over from what was typed: one \begin, and no stray brace after it.
    const text = await probe.editorText();
    expect(text.slice(text.lastIndexOf('\\begin{'))).toMatch(/^\\begin\{gather\}\n/);
    expect(text.match(/\\begin\{gather/g)).toHaveLength(1);
  });
});
