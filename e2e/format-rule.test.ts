// One rule for a document's format (app/common/proof-files.ts documentFormat): an untitled (Markdown)
// document that gets a LaTeX preamble is read as LaTeX by the engine, so by the checker, and by the
// preview alike. It was typeset as TeX by the preview but checked as Markdown: the checker reported
// `$x \frac{1}{2$` as a formula with an unclosed brace where the preview showed it as text after the
// formula `$ opens and quoted text $`. Real serve mode, real Chromium.
/* eslint-disable @typescript-eslint/no-explicit-any -- the page callbacks run in the browser against untyped window handles */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, openWorkbench, pageProbes, type TempWorkspace, type WorkbenchHandle } from './support';

const BODY = 'Here a dollar $ opens and quoted text $x \\frac{1}{2$ here.';
const LATEX = `\\documentclass{article}\n\\begin{document}\n${BODY}\n\\end{document}\n`;

let ws: TempWorkspace;
let workbench: WorkbenchHandle;

beforeAll(async () => {
  ws = makeWorkspace({});
  workbench = await openWorkbench({ workspace: ws.dir });
}, 180_000);

afterAll(async () => {
  await workbench?.close();
  ws?.remove();
});

describe('a LaTeX document pasted into an untitled document', () => {
  it('is checked as the preview typesets it: as LaTeX', async () => {
    const { page } = workbench;
    const probes = pageProbes(page);
    await expect.poll(() => probes.state<string | null>('(s) => s.docId'), { timeout: 30_000 }).not.toBeNull();
    expect(await probes.state<string>('(s) => s.name')).toBe('untitled.md');
    await page.evaluate(() => (window as any).__pwEditor.editor.focus());
    await page.keyboard.insertText(LATEX);
    await expect.poll(probes.synced, { timeout: 30_000 }).toBe(true);
    await expect.poll(() => probes.state<string>('(s) => s.doc?.format'), { timeout: 30_000 }).toBe('tex');

    // The preview: `$ opens and quoted text $` is the formula; `x \frac{1}{2` after it is text.
    const preview = page.getByTestId('preview');
    await expect.poll(() => preview.innerText(), { timeout: 30_000 }).toContain('x \\frac{1}{2');
    expect(await preview.locator('.katex:not(.katex .katex)').count()).toBe(1);
    expect(await preview.locator('.pw-math-error').count()).toBe(0);

    // The checker, for the text on screen: the `$` left open, as TeX reads it; no formula with an unclosed brace.
    const messages = () => probes.state<string[]>('(s) => s.checkerVersion === s.docVersion ? s.checkerAnnotations.map((a) => a.message) : []');
    await expect.poll(messages, { timeout: 30_000 }).toContainEqual(expect.stringContaining('opens math that is never closed'));
    expect((await messages()).join('\n')).not.toContain('Unexpected end of input');
    // The step is the body's sentence: the preamble is no step (Markdown made it one).
    expect(await probes.state<string[]>('(s) => s.doc.steps.map((x) => x.text)')).toEqual([BODY]);
  }, 120_000);
});
