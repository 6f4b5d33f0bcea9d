// The search workbench in Chromium through serve mode, with the scripted search (generation with
// self-evaluation, verification, refinement; resources/samples/scripts/cauchy-equation.search.scripted.json):
// start a search from a preset after seeing its estimate, watch the pool and the plot grow, stop it,
// resume it from History, and review the best candidate as a diff.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateSearchCalls, SEARCH_PRESETS } from '../app/common/search';
import { RunStore } from '../app/store';
import { REPO_ROOT, makeWorkspace, openWorkbench, pageProbes, type TempWorkspace, type WorkbenchHandle } from './support';

const SAMPLES = join(REPO_ROOT, 'resources', 'samples');

let ws: TempWorkspace;
let workbench: WorkbenchHandle;
let page: Page;

beforeAll(async () => {
  ws = makeWorkspace();
  ws.copyFrom(join(SAMPLES, 'cauchy-equation.md'), 'proofs/cauchy.md');
  ws.copyFrom(join(SAMPLES, 'cauchy-equation.problem.md'), 'proofs/cauchy.problem.md');
  for (const name of readdirSync(join(SAMPLES, 'outputs'))) ws.copyFrom(join(SAMPLES, 'outputs', name), `outputs/${name}`);
  // The shipped search script, each call slowed down so that a busy machine still sees round 1 running.
  const script = JSON.parse(readFileSync(join(SAMPLES, 'scripts', 'cauchy-equation.search.scripted.json'), 'utf8')) as { rules: { responses: { delayMs?: number }[] }[] };
  for (const rule of script.rules) for (const response of rule.responses) response.delayMs = 1200;
  ws.write('scripts/search.json', JSON.stringify(script));
  // The reference solution and marking scheme beside the proof, and a grader that answers only a
  // prompt carrying both, with points.
  ws.write('proofs/cauchy.reference.md', 'Official solution: REFERENCE-MARK use continuity and the density of $\\mathbb{Q}$.\n');
  ws.write('proofs/cauchy.rubric.md', '4 pts: RUBRIC-MARK the rationals; 3 pts: the passage to the reals.\n');
  const graded = (score: string, points: string) =>
    `Here is my evaluation of the solution:\n\nChecked against the reference.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}\n\nPoints awarded out of 7:\n\\boxed{${points}}`;
  ws.write('scripts/grade.json', JSON.stringify({ model: 'grader', rules: [{ role: 'verify', matchRegex: 'REFERENCE-MARK[\\s\\S]*RUBRIC-MARK', exhausted: 'cycle', responses: [graded('0.5', '3'), graded('1', '6')] }] }));
  workbench = await openWorkbench({ workspace: ws.dir, backend: 'scripted:scripts/search.json', connectedText: 'cauchy-equation-search' });
  page = workbench.page;
});

afterAll(async () => {
  await workbench?.close();
  ws?.remove();
});

describe('proof search in the workbench', () => {
  it('starts from a preset, shows the pool and plot growing, stops, resumes from History and reviews the best as a diff', async () => {
    const { state } = pageProbes(page);
    await page.getByRole('button', { name: 'Files' }).click();
    await page.getByRole('button', { name: 'proofs/cauchy.md', exact: true }).click();
    await expect.poll(() => page.getByTestId('docname').textContent(), { timeout: 15_000 }).toContain('cauchy.md');
    // Before a verification: its calls, and no measured speed yet in this fresh workspace.
    await expect.poll(() => page.getByTestId('verify-estimate').textContent(), { timeout: 15_000 }).toBe('4 calls · no measurement yet');

    // The Prove dialog: the presets are the CLI's (app/common/search.ts), each with its call bound.
    await page.getByTestId('prove').click();
    const dialog = page.getByTestId('prove-dialog');
    const estimate = dialog.getByTestId('prove-estimate');
    await dialog.getByTestId('preset-paper').check();
    await expect.poll(() => estimate.textContent(), { timeout: 15_000 }).toContain(`at most ${estimateSearchCalls(SEARCH_PRESETS.paper).total} model calls`);
    await dialog.getByTestId('preset-quick').check();
    await expect.poll(() => estimate.textContent(), { timeout: 15_000 }).toBe('at most 40 model calls (8 proofs + 32 verifications) · time: no measurement yet for this backend');
    await workbench.browser.screenshot('search-dialog');
    await dialog.getByTestId('prove-start').click();

    // Round 0: the script's four generations are one proof, so one candidate (×4) verified 4 times
    // (0.5: the gap), in the pool; stop the search at once, during round 1 (its refinement takes 1.2 s
    // before its verifications even start).
    const rows = page.getByTestId('pool-row');
    await expect.poll(() => rows.count(), { timeout: 90_000, interval: 100 }).toBe(1);
    // The run panel counts round 0's 8 calls against a plan that dropped the 3 × 4 verifications the
    // repeated proofs did not need and round 1's second refinement (the pool holds one proof): 40 − 12 − 5.
    await expect.poll(() => page.getByTestId('run-calls').textContent()).toBe('8 of at most 23 calls');
    await page.getByTestId('stop').click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toBe('prove · cancelled');
    expect(await page.getByTestId('run-calls').textContent()).toMatch(/^\d of \d+ planned calls$/);
    const stoppedRun = await state<string>('(s) => s.run.runId');
    expect(await rows.count()).toBe(1);
    // What was kept and how to go on (the reviewer's "cancelled · 36 of 68928 planned calls" said
    // neither); the Resume it names is the one used below, and round 0 indeed comes back from the record.
    expect(await page.getByTestId('run-cancelled-note').textContent())
      .toMatch(/^Kept: its \d finished calls and the 1 candidate so far, in its record \(History › Record, Pool\)\. History › Resume goes on from there without asking them again\.$/);
    // Each row: candidate, round, parent, mean verifier score, verdicts of those asked for, self-evaluation score, actions.
    expect(await rows.first().locator('td').allTextContents()).toEqual(['c1 ×4', '0', '—', '0.50', '4/4', '1.00', 'PreviewDiff']);
    expect(await rows.first().getByTestId('pool-produced').getAttribute('title')).toBe('×4: 4 samples gave this proof (c2, c3, c4 repeated it), verified once');
    // The plot of round 0, drawn by ECharts as SVG.
    await expect.poll(() => page.getByTestId('search-plot').getAttribute('data-rounds')).toBe('1');
    expect(await page.getByTestId('search-plot').getAttribute('aria-label')).toBe('Scores by round: round 0: best 0.50, mean 0.50 (1 candidate)');
    await expect.poll(() => page.getByTestId('search-plot').locator('svg path').count()).toBeGreaterThan(2);
    // A stopped search opens no review.
    expect(await page.getByTestId('review').count()).toBe(0);

    // History: the prove run with its document, cancelled, and Resume.
    await page.getByTestId('tab-history').click();
    const row = page.getByTestId('history').locator('tr', { hasText: 'prove' });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => row.textContent()).toContain('cancelled');
    expect(await row.textContent()).toContain('proofs/cauchy.md');
    await row.getByTestId('resume-run').click();

    // The same run continues: round 0 comes back from the record, round 1 refines and passes.
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 90_000 }).toBe('prove · completed');
    expect(await state<string>('(s) => s.run.runId')).toBe(stoppedRun);
    expect(await page.getByTestId('run-cancelled-note').count()).toBe(0);
    expect(await rows.count()).toBe(2);
    await expect.poll(() => page.getByTestId('search-plot').getAttribute('data-rounds')).toBe('2');
    expect(await page.getByTestId('search-plot').getAttribute('aria-label')).toContain('round 1: best 1.00, mean 1.00 (1 candidate)');
    // Best first: a refinement of a round-0 candidate, with its parent.
    const best = await rows.first().locator('td').allTextContents();
    expect(best.slice(1, 6)).toEqual(['1', best[2], '1.00', '4/4', '1.00']);
    expect(best[2]).toBe('c1');

    // A finished search puts its best proof up for review as a diff against the current proof.
    await expect.poll(() => page.getByTestId('review').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('hunk').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await state<string>('(s) => s.review.proposed')).toContain('is dense in');
    await page.getByTestId('reject-all').click();
    await expect.poll(() => page.getByTestId('review').count()).toBe(0);
    await workbench.browser.screenshot('search-pool');

    // Any candidate of the pool: as a preview, or as a diff.
    await rows.first().getByTestId('candidate-preview-open').click();
    const preview = page.getByTestId('candidate-preview');
    await expect.poll(() => preview.textContent()).toContain('every real number is a limit of rationals');
    await page.keyboard.press('Escape');
    await rows.first().getByTestId('candidate-diff').click();
    await expect.poll(() => page.getByTestId('review').count()).toBe(1);
    expect(await page.getByTestId('review').textContent()).toContain(`Candidate ${best[0]}`);
    await page.getByTestId('reject-all').click();

    // Later, from History: the search's pool and plot again.
    await page.evaluate(() => (window as unknown as { __pwStore: { setState(s: object): void } }).__pwStore.setState({ run: null }));
    await page.getByTestId('tab-history').click();
    await page.getByTestId('history').locator('tr', { hasText: 'prove' }).getByTestId('show-pool').click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    expect(await rows.nth(1).locator('td').first().textContent()).toBe('c1 ×4');
    expect(await page.getByTestId('search-plot').getAttribute('data-rounds')).toBe('2');

    // The resumed run's calls are now measured: the estimate has a time (never "about 0 s": a scripted call takes milliseconds).
    await page.getByTestId('prove').click();
    await expect.poll(() => page.getByTestId('prove-estimate').textContent(), { timeout: 15_000 }).toMatch(/at most 40 model calls .* · (about [1-9]\d* (s|min)|under a second) at 4 calls at once/);
    await page.keyboard.press('Escape');
  });

  it('shows the reference and marking scheme beside the problem and grades Verify against them, points beside the score', async () => {
    await page.getByTestId('problem-tab-reference').click();
    await expect.poll(() => page.getByTestId('grading-reference').textContent()).toContain('REFERENCE-MARK');
    await page.getByTestId('problem-tab-rubric').click();
    await expect.poll(() => page.getByTestId('grading-rubric').textContent()).toContain('RUBRIC-MARK');
    await page.evaluate(() => (window as unknown as { __pwStore: { getState(): { engine: { setBackend(a: { spec: string }): Promise<unknown> } } } }).__pwStore.getState().engine.setBackend({ spec: 'scripted:scripts/grade.json' }));
    await page.getByTestId('verify').click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 60_000 }).toBe('verify · completed');
    // 4 samples: 3, 6, 3, 6 points → 4.5 of 7; scores ½, 1, ½, 1 → 0.75.
    await expect.poll(() => page.getByTestId('run-points').textContent()).toBe('points 4.5/7');
    expect(await page.getByTestId('run-score').textContent()).toBe('score 0.75');
    await expect.poll(() => page.getByTestId('document-points').first().textContent()).toBe('4.5/7 pts');

    // The scale outlasts the session (it lasted until a reload): Points 10 is recorded in the marking
    // scheme, which Save keeps beside the proof, and the workbench reads it back when the file opens again.
    await page.getByTestId('problem-tab-rubric').click();
    const points = page.getByTestId('grading-rubric').getByLabel('Points');
    await points.fill('10');
    await points.press('Enter');
    await page.getByTestId('grading-save').click();
    const rubricPath = join(ws.dir, 'proofs', 'cauchy.rubric.md');
    await expect.poll(() => readFileSync(rubricPath, 'utf8')).toBe('---\npoints: 10\n---\n4 pts: RUBRIC-MARK the rationals; 3 pts: the passage to the reals.\n');
    // The setting is not shown as part of the scheme.
    expect(await page.getByTestId('grading-rubric').textContent()).not.toContain('points: 10');
    await page.reload();
    await page.getByRole('button', { name: 'Files' }).click();
    await page.getByRole('button', { name: 'proofs/cauchy.md', exact: true }).click();
    await expect.poll(() => page.getByTestId('docname').textContent(), { timeout: 15_000 }).toContain('cauchy.md');
    await page.getByTestId('problem-tab-rubric').click();
    await expect.poll(() => page.getByTestId('grading-rubric').getByLabel('Points').inputValue(), { timeout: 15_000 }).toBe('10');

    // A scale the file states that is no scale (written by hand): said beside the field, and typing the
    // shown default (7) replaces it, the teacher's comment on the line kept.
    ws.write('proofs/cauchy.rubric.md', '---\npoints: ten # as in the 2024 paper\n---\n4 pts: RUBRIC-MARK the rationals.\n');
    await page.reload();
    await page.getByRole('button', { name: 'Files' }).click();
    await page.getByRole('button', { name: 'proofs/cauchy.md', exact: true }).click();
    await page.getByTestId('problem-tab-rubric').click();
    await expect.poll(() => page.getByTestId('grading-points-invalid').textContent(), { timeout: 15_000 }).toBe('The marking scheme says points: ten, which is no whole number from 1 to 100: grading uses 7. Set Points to replace it.');
    const field = page.getByTestId('grading-rubric').getByLabel('Points');
    expect(await field.inputValue()).toBe('7');
    await field.fill('7');
    await field.press('Enter');
    await expect.poll(() => page.getByTestId('grading-points-invalid').count()).toBe(0);
    await page.getByTestId('grading-save').click();
    await expect.poll(() => readFileSync(rubricPath, 'utf8')).toBe('---\npoints: 7 # as in the 2024 paper\n---\n4 pts: RUBRIC-MARK the rationals.\n');
    await page.getByTestId('problem-tab-problem').click();
  });
  it('says a marking scheme\'s front matter YAML cannot read, with its lines, and the Points field writes nothing into it', async () => {
    // A user's scheme: `points` indented under `title` (rev: it was read as guidance, and Points put a
    // second front matter above it).
    const rubricPath = join(ws.dir, 'proofs', 'cauchy.rubric.md');
    const broken = '---\ntitle: P3\n  points: 5\n---\n4 pts: RUBRIC-MARK the rationals.\n';
    ws.write('proofs/cauchy.rubric.md', broken);
    await page.reload();
    await page.getByRole('button', { name: 'Files' }).click();
    await page.getByRole('button', { name: 'proofs/cauchy.md', exact: true }).click();
    await expect.poll(() => page.getByTestId('docname').textContent(), { timeout: 15_000 }).toContain('cauchy.md');
    await page.getByTestId('problem-tab-rubric').click();
    await expect.poll(() => page.getByTestId('grading-front-matter-invalid').textContent(), { timeout: 15_000 }).toBe(
      'The marking scheme\'s front matter is not valid YAML (lines 2–3: Nested mappings are not allowed in compact mappings), so its settings are not read: grading uses 7 points. Correct it in Edit to set Points.',
    );
    const field = page.getByTestId('grading-rubric').getByLabel('Points');
    expect(await field.isDisabled()).toBe(true);
    expect(await field.inputValue()).toBe('7');
    // Nothing to save: the file is as the teacher left it.
    expect(await page.getByTestId('grading-save').count()).toBe(0);
    expect(readFileSync(rubricPath, 'utf8')).toBe(broken);
    // Corrected in Edit, the message goes and Points sets the scale in the same front matter.
    await page.getByTestId('grading-rubric').getByRole('button', { name: 'Edit' }).click();
    await page.getByTestId('grading-rubric').getByLabel('Marking scheme').fill('---\ntitle: P3\npoints: 5\n---\n4 pts: RUBRIC-MARK the rationals.\n');
    await expect.poll(() => page.getByTestId('grading-front-matter-invalid').count()).toBe(0);
    expect(await field.inputValue()).toBe('5');
    await field.fill('9');
    await field.press('Enter');
    await page.getByTestId('grading-save').click();
    await expect.poll(() => readFileSync(rubricPath, 'utf8')).toBe('---\ntitle: P3\npoints: 9\n---\n4 pts: RUBRIC-MARK the rationals.\n');
    await page.getByTestId('problem-tab-problem').click();
  });
  it('shows from History the pool of a search that stopped without its result, killed or failed, saying which', async () => {
    // Two copies of the first test's search as far as its round 0 (8 calls): one as a kill leaves it
    // (no summary), one as a search that failed then leaves it (app/loop/session.ts runSession: a
    // 'failed' summary with the error, no result), written by the store's own writer.
    const store = await RunStore.open(ws.dir);
    const searched = (await store.listRuns()).find((r) => r.kind === 'prove')!.runId;
    const runsDir = join(ws.dir, '.proofwright', 'runs');
    const lines = readFileSync(join(runsDir, `${searched}.jsonl`), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; round?: number });
    const copy = (id: string) => writeFileSync(join(runsDir, `${id}.jsonl`), [{ ...lines[0], runId: id }, ...lines.filter((l) => l.type === 'call' && l.round === 0)].map((l) => JSON.stringify(l)).join('\n') + '\n');
    const [killed, failed] = [`${searched}-killed`, `${searched}-failed`];
    copy(killed);
    copy(failed);
    const { writer } = await store.reopenRun(failed);
    await writer.finish({ status: 'failed', calls: 8, error: 'ENOSPC: no space left on device, write' });

    const row = (id: string) => page.getByTestId('history').locator('tr', { has: page.getByTestId(`record-${id}`) });
    const rows = page.getByTestId('pool-row');
    await page.getByTestId('tab-run').click();
    await page.getByTestId('tab-history').click();
    await expect.poll(() => row(failed).count(), { timeout: 15_000 }).toBe(1);
    expect(await row(failed).getByTestId('history-status').textContent()).toBe('failed');
    // Before, Pool on a failed search said it had none.
    await row(failed).getByTestId('show-pool').click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 15_000 }).toBe('prove · failed');
    expect(await page.getByTestId('run-why').textContent()).toBe('Why: ENOSPC: no space left on device, write');
    expect(await page.getByTestId('run-cancelled-note').textContent()).toBe(
      'Failed: the run ended with an error before writing its result; this pool is rebuilt from its record. Kept: its 8 finished calls and the 1 candidate so far, in its record (History › Record, Pool). History › Resume goes on from there without asking them again.',
    );
    expect(await rows.count()).toBe(1);
    expect(await rows.first().locator('td').allTextContents()).toEqual(['c1 ×4', '0', '—', '0.50', '4/4', '1.00', 'PreviewDiff']);

    // The killed one: interrupted, the same pool.
    await page.getByTestId('tab-history').click();
    await expect.poll(() => row(killed).count(), { timeout: 15_000 }).toBe(1);
    await row(killed).getByTestId('show-pool').click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 15_000 }).toBe('prove · interrupted');
    expect(await page.getByTestId('run-cancelled-note').textContent()).toMatch(/^Interrupted: the run stopped before writing its result; this pool is rebuilt from its record\. Kept: its 8 finished calls and the 1 candidate so far/);
    expect(await page.getByTestId('run-why').count()).toBe(0);
    expect(await rows.first().locator('td').allTextContents()).toEqual(['c1 ×4', '0', '—', '0.50', '4/4', '1.00', 'PreviewDiff']);
  });
});
