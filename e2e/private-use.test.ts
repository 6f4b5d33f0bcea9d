// A document holding private-use characters (pasted from a PDF whose fonts map glyphs there) in the
// workbench (serve mode, real Chromium): the preview shows the text and the app stays up (rev7: the
// preview read them as its own marks, threw, and the whole app went blank).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, openWorkbench, type TempWorkspace, type WorkbenchHandle } from './support';

let ws: TempWorkspace;
let workbench: WorkbenchHandle;
let page: Page;
const pageErrors: string[] = [];
const poll = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 250 });

beforeAll(async () => {
  ws = makeWorkspace({ 'empty.md': '' });
  workbench = await openWorkbench({ workspace: ws.dir });
  page = workbench.page;
  page.on('pageerror', (e) => pageErrors.push(`${e.message} ${e.stack ?? ''}`));
});

afterAll(async () => {
  if (pageErrors.length) console.log('PAGE ERRORS', pageErrors.map((e) => e.slice(0, 300)));
  await workbench?.close();
  ws?.remove();
});

describe('private-use characters pasted into a proof', () => {
  it('the preview shows the pasted line as typed and the app stays up', async () => {
    await page.getByTestId('preview').waitFor({ timeout: 60_000 });
    await page.getByTestId('connection').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => (window as unknown as { __pwEditor?: { editor?: unknown } }).__pwEditor?.editor, undefined, { timeout: 60_000 });
    const line = 'Pasted: \uE0040\uE005 and \uE00099\uE001 end.';
    const heading = '## Heading \uE0110\uE012 with $x$\\label{sec:s}';
    const text = `${heading}\n\n${line}\n\nSee $\\text{\\nameref{sec:s}} \\ref{nope}$ and \\${'\uE010'}{0} too.\n`;
    await page.evaluate((t) => {
      const { editor } = (window as unknown as { __pwEditor: { editor: { focus(): void; getModel(): { getFullModelRange(): unknown }; executeEdits(s: string, e: unknown[]): void } } }).__pwEditor;
      editor.focus();
      editor.executeEdits('paste', [{ range: editor.getModel().getFullModelRange(), text: t }]);
    }, text);
    await poll(() => page.getByTestId('preview').innerText()).toContain(line);
    await poll(() => page.getByTestId('preview').innerText()).toContain('Heading \uE0110\uE012 with');
    // Still the workbench: editor and preview mounted, no uncaught error, the heading's name typeset in math.
    expect(await page.getByTestId('editor').count()).toBe(1);
    expect(pageErrors).toEqual([]);
    expect(await page.locator('[data-testid=preview] .katex-error').count()).toBe(0);
    expect(await page.getByTestId('render-failed').count()).toBe(0);
  });
});
