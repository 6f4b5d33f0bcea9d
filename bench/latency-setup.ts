// What the keystroke-to-paint benches share (latency.bench.ts, latency-structure.ts, latency-trace.ts):
// the proof with a marker to type after, opening it in the workbench until its first render has
// settled, and the caret put after the marker.
import type { Page } from 'playwright-core';
import { makeProof } from './preview.bench';

/** A word the benches type after (it occurs once in the proof). */
export const MARKER = 'Zqmarker';

/** A proof of `lines` lines (bench/preview.bench.ts's shape) with MARKER in a paragraph near the middle. */
export function proofWithMarker(lines: number): string {
  const rows = makeProof(lines).split('\n');
  const mid = rows.findIndex((row, i) => i >= rows.length / 2 && row.startsWith('**Step'));
  const at = mid >= 0 ? mid : rows.findIndex((row) => row.startsWith('**Step'));
  rows[at] = `${rows[at]} ${MARKER}`;
  return rows.join('\n');
}

/**
 * Files › `file`, then waits until the preview shows MARKER and every slice of the first render is
 * typeset (on a loaded machine the slices were still going when typing began, and each key's figure
 * carried a slice of it), plus 2 s for the engine's parse and the checker to settle.
 */
export async function openSettled(page: Page, file: string): Promise<void> {
  await page.getByRole('button', { name: 'Files' }).click();
  await page.getByRole('button', { name: file, exact: true }).click();
  await page.getByTestId('docname').filter({ hasText: file }).waitFor({ timeout: 60_000 });
  await page.locator('[data-testid=preview]').getByText(MARKER).first().waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=preview] .pw-pending').length === 0, undefined, { timeout: 120_000, polling: 250 });
  await page.waitForTimeout(2000);
}

/** Puts the editor's caret right after MARKER, in view, and focuses the editor. */
export async function caretAfterMarker(page: Page): Promise<void> {
  await page.evaluate((marker) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page's debugging handle is untyped
    const { editor } = (window as any).__pwEditor;
    const model = editor.getModel();
    const offset = model.getValue().indexOf(marker) + marker.length;
    editor.setPosition(model.getPositionAt(offset));
    editor.revealPositionInCenter(model.getPositionAt(offset));
    editor.focus();
  }, MARKER);
}
