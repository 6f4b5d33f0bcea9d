// History's prove rows say how each search ended, in the words `proofwright runs` uses
// (app/common/run-status.ts proveOutcomeWording): a best mean of 1 over fewer verdicts than
// verifications is "not a pass", a search that passed says so, a stopped one says it was cancelled.
// The row showed a bare score ("1.00") for all three (NOTES: `proveStatus` was in the store listing,
// not in the engine–renderer contract). Serve mode, scripted searches, Debian's Chromium, the dialog.
/* eslint-disable @typescript-eslint/no-explicit-any -- the page callbacks run in the browser against untyped window handles */
import { describe, expect, it } from 'vitest';
import { fillProveDialog, makeWorkspace, workbenchPerFile } from './support';

const ver = (score: string) => `Here is my evaluation of the solution:\n\nRead carefully.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}`;
const gen = `## Solution\n\nBy PROOF-ALPHA, the claim holds.\n\n## Self Evaluation\n\n${ver('1')}`;
const script = (verify: unknown[]) => JSON.stringify({ rules: [{ role: 'generate', responses: [gen] }, { role: 'verify', responses: verify }] });

const t = workbenchPerFile(() => makeWorkspace({
  'proofs/p.md': 'A first try.\n',
  'proofs/p.problem.md': 'Show the claim.\n',
  // One verification scores 1, the other is cut off: mean 1 over 1 of 2 verdicts, not a pass.
  'scripts/half.json': script([ver('1'), { text: ver('1'), finishReason: 'length' }]),
  'scripts/pass.json': script([ver('1'), ver('1')]),
  'scripts/slow.json': script([{ text: ver('1'), delayMs: 60_000 }]),
}), { backend: 'scripted:scripts/half.json', connectedText: 'scripted' });

/** One search of 1 candidate, 2 verifications, no refinement, through the Prove dialog, with `spec`'s script. */
async function prove(spec: string, stop = false) {
  const { page, probe } = t;
  await page.evaluate((s) => (window as any).__pwStore.getState().engine.setBackend({ spec: s }), spec);
  const before = await probe.state<string | null>('(s) => s.run && s.run.runId');
  const dialog = await fillProveDialog(page, { n: 1, m: 2, T: 0, k: 1 });
  await dialog.getByTestId('prove-start').click();
  const status = `(s) => s.run && s.run.runId !== ${JSON.stringify(before)} ? s.run.status : null`;
  if (stop) {
    await expect.poll(() => probe.state<string | null>(status), { timeout: 30_000 }).toBe('running');
    await page.getByTestId('stop').click();
  }
  await expect.poll(() => probe.state<string | null>(status), { timeout: 60_000 }).toBe(stop ? 'cancelled' : 'completed');
}

/** The score cell of History's prove rows, newest first, as read. */
async function proveScores(): Promise<string[]> {
  const { page } = t;
  await page.getByTestId('tab-history').click();
  const rows = page.getByTestId('history').locator('tbody tr', { hasText: 'prove' });
  return rows.getByTestId('history-score').allInnerTexts();
}

describe('History says how each prove run ended', () => {
  it('not a pass, passed, cancelled: the words of `proofwright runs`, never a bare best mean', async () => {
    await t.probe.openFile('proofs/p.md');
    await prove('scripted:scripts/half.json');
    await expect.poll(proveScores, { timeout: 15_000 }).toEqual(['best mean 1, not a pass']);
    await prove('scripted:scripts/pass.json');
    await expect.poll(proveScores, { timeout: 15_000 }).toEqual(['passed, best mean 1', 'best mean 1, not a pass']);
    await prove('scripted:scripts/slow.json', true);
    await expect.poll(proveScores, { timeout: 15_000 }).toEqual(['cancelled, no verdict', 'passed, best mean 1', 'best mean 1, not a pass']);
    // After a reload the rows come from listRuns (not the run-finished event): the same words.
    await t.page.reload();
    await t.probe.openFile('proofs/p.md');
    await expect.poll(proveScores, { timeout: 15_000 }).toEqual(['cancelled, no verdict', 'passed, best mean 1', 'best mean 1, not a pass']);
  });
});
