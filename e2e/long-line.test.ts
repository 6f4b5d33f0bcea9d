// A paragraph held on one 20,000-character line with 600 formulas (review 9, finding 7: ~0.3 s a key).
// Monaco's bracket-pair colours put a decoration on each of its 3,200 braces and walked them all for
// every wrapped row on screen on each key, the largest part of the editor's work per key: on a document
// with such a line they are off (renderer/editor/longLines.ts); on an ordinary one they stay on. Also
// after a long line is pasted into an ordinary document. Serve mode, real engine, Chromium. Timing is
// not asserted here (bench/preview.bench.ts and the latency benches measure).
/* eslint-disable @typescript-eslint/no-explicit-any -- the page callbacks run in the browser against untyped window handles */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, openWorkbench, pageProbes, type TempWorkspace, type WorkbenchHandle } from './support';

const LONG = `Long line: ${'$a_{i}+b^{2}$ and words '.repeat(800)}`.trimEnd();
const SHORT = '# Proof\n\nLet $a_{i} = b^{2}$ for every $i$.\n';

let ws: TempWorkspace;
let wb: WorkbenchHandle;

beforeAll(async () => {
  ws = makeWorkspace({ 'short.md': SHORT, 'long.md': `# Proof\n\n${LONG}\n` });
  wb = await openWorkbench({ workspace: ws.dir });
}, 180_000);

afterAll(async () => {
  await wb?.close();
  ws?.remove();
});

/** How many bracket-colour decorations the editor's model holds. */
const bracketColors = () => wb.page.evaluate(() => (window as any).__pwEditor.editor.getModel().getAllDecorations()
  .filter((d: any) => d.options.description === 'BracketPairColorization').length as number);

describe('a document with a 20,000-character line', () => {
  it('has no bracket colours; an ordinary one has them until a long line is pasted in', async () => {
    const { page } = wb;
    const probe = pageProbes(page);
    await probe.openFile('short.md');
    await expect.poll(bracketColors, { timeout: 15_000 }).toBeGreaterThan(0);
    await probe.openFile('long.md');
    await expect.poll(bracketColors, { timeout: 15_000 }).toBe(0);
    // Typing at the end of the long line goes on working (and keeps them off).
    await page.evaluate(() => {
      const { editor } = (window as any).__pwEditor;
      editor.setPosition({ lineNumber: 3, column: editor.getModel().getLineMaxColumn(3) });
      editor.focus();
    });
    await page.keyboard.type(' QED');
    await expect.poll(probe.editorText).toContain('and words QED');
    expect(await bracketColors()).toBe(0);
    // Back to an ordinary document: on again; a long line pasted into it: off.
    await probe.openFile('short.md');
    await expect.poll(bracketColors, { timeout: 15_000 }).toBeGreaterThan(0);
    await probe.pasteIntoEditor(`${LONG}
`, { atEnd: true });
    await expect.poll(probe.editorText).toContain(LONG);
    await expect.poll(bracketColors, { timeout: 15_000 }).toBe(0);
  });
});
