// Findings with typeset math and nested lists, in Chromium at 1280×720 (serve mode, the real engine and
// checker, no model). A reviewer found checker cards showing raw TeX (`\ge`, `\frac{a}{b}`), the report
// flattening nested lists, and 40 levels of nested bullets running past the preview's right edge.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDocument } from '../app/check';
import { LISTS_MARKDOWN } from '../app/common/tex/cases/lists';
import { parseProof } from '../app/proof';
import { renderReport } from '../app/report/html';
import { ARTIFACTS_DIR, makeWorkspace, openWorkbench, pageProbes, type TempWorkspace, type WorkbenchHandle } from './support';

const COMPARE = 'We compare two fractions:\n\n$$\\frac{1}{2} \\ge \\frac{2}{3}$$\n\nwhich settles it.\n';
const DEPTH = 40;
const NESTED = [
  LISTS_MARKDOWN,
  ...Array.from({ length: DEPTH }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}: a bullet nested ${i + 1} deep`),
  '',
  '\\begin{description}',
  '\\item[Ring] a set with two operations.',
  '\\end{description}',
  '',
  'After the lists.',
  '',
].join('\n');

let ws: TempWorkspace;
let wb: WorkbenchHandle;
let page: Page;
let probe: ReturnType<typeof pageProbes>;

/** expect.poll with room for a loaded machine (engine round trips). */
const poll = <T,>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 30_000 });

/** The text of `el` without its typeset formulas: what is left as text (raw TeX would show here). */
const textBesideMath = (selector: string) => page.locator(selector).first().evaluate((el) => {
  const copy = el.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('.katex').forEach((k) => k.remove());
  return copy.textContent ?? '';
});

beforeAll(async () => {
  ws = makeWorkspace({ 'compare.md': COMPARE, 'nested.md': NESTED });
  wb = await openWorkbench({ workspace: ws.dir });
  page = wb.page;
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.reload();
  await page.getByTestId('connection').waitFor({ timeout: 60_000 });
  probe = pageProbes(page);
}, 300_000);

afterAll(async () => {
  await wb?.close();
  ws?.remove();
});

describe('findings and lists at 1280×720', () => {
  it("typesets a checker finding's formulas in its card and in the Problems list", async () => {
    await probe.openFile('compare.md');
    const message = '[data-testid=step-card] .pw-checker .pw-finding-message';
    await poll(() => page.locator(message).filter({ hasText: 'Computation fails' }).count()).toBe(1);
    expect(await page.locator(`${message} .katex`).count()).toBe(1);
    expect(await textBesideMath(message)).toBe('Computation fails:  — left side = 0.5, right side = 0.666667');
    // The quote is the inside of the formula: typeset too.
    expect(await page.locator('[data-testid=step-card] .pw-checker .pw-finding-quote .katex').count()).toBe(1);
    await page.getByTestId('tab-problems').click();
    const row = '[data-testid=problem][data-source=checker] .pw-problem-message';
    await poll(() => page.locator(`${row} .katex`).count()).toBe(1);
    expect(await textBesideMath(row)).not.toContain('\\');
    await page.locator('[data-testid=step-card] .pw-checker').first().scrollIntoViewIfNeeded();
    await wb.browser.screenshot('render-card-math-1280x720');
  });

  it(`keeps ${DEPTH} levels of nested bullets inside the preview`, async () => {
    await probe.openFile('nested.md');
    const preview = page.getByTestId('preview');
    await poll(() => preview.textContent()).toContain('After the lists.');
    const deepest = preview.locator('.pw-preview-block', { hasText: `level ${DEPTH}:` }).last();
    await deepest.scrollIntoViewIfNeeded();
    const seen = await deepest.evaluate((block) => {
      // The row's own box: the preview column (the findings column beside it is in the same test id).
      const pane = block.getBoundingClientRect();
      const items = [...block.querySelectorAll('li:not(.pw-list-parent)')].map((li) => li.getBoundingClientRect());
      const text = block.querySelector('li:not(.pw-list-parent) p')!.getBoundingClientRect();
      return { paneLeft: pane.left, paneRight: pane.right, right: Math.max(...items.map((r) => r.right)), textLeft: text.left, textRight: text.right, scrollWidth: block.scrollWidth, clientWidth: block.clientWidth };
    });
    console.log(`[render] level ${DEPTH}: text at ${Math.round(seen.textLeft)}–${Math.round(seen.textRight)} px, preview row ${Math.round(seen.paneLeft)}–${Math.round(seen.paneRight)} px`);
    expect(seen.scrollWidth).toBeLessThanOrEqual(seen.clientWidth);
    expect(seen.textRight).toBeLessThanOrEqual(seen.paneRight);
    // Indented (more than a top-level item), yet most of the pane is left for the text.
    expect(seen.textLeft - seen.paneLeft).toBeLessThan((seen.paneRight - seen.paneLeft) / 2);
    await wb.browser.screenshot('render-deep-list-preview-1280x720');
    // A description's item: its label bold, no bullet (the style sheet hides pw-item-unmarked's marker).
    const ring = preview.locator('li.pw-item-unmarked', { hasText: 'Ring' });
    expect(await ring.locator('strong').textContent()).toBe('Ring');
    expect(await ring.evaluate((li) => getComputedStyle(li).listStyleType)).toBe('none');
    await page.getByTestId('preview').locator('.pw-preview-block', { hasText: 'sub sub' }).first().scrollIntoViewIfNeeded();
    await wb.browser.screenshot('render-nested-list-preview-1280x720');
  });

  it('nests the same lists in the exported report, with the finding typeset and nothing past the right edge', async () => {
    const entries = [NESTED, COMPARE].map((text, i) => {
      const doc = parseProof(text, 'markdown');
      return { name: i ? 'compare.md' : 'nested.md', problem: 'Show it.', doc, result: null, checker: checkDocument(doc).annotations };
    });
    const report = await page.context().newPage();
    await report.setViewportSize({ width: 1280, height: 720 });
    await report.setContent(renderReport({ title: 'lists', generatedAt: new Date(0), settings: {}, entries }));
    const seen = await report.evaluate(() => {
      const deep = [...document.querySelectorAll('.step .source')].filter((s) => s.textContent!.includes('level 40:')).at(-1)!;
      const column = deep.getBoundingClientRect();
      const text = [...deep.querySelectorAll('li:not(.pw-list-parent)')].at(-1)!.getBoundingClientRect();
      const sub = [...document.querySelectorAll('.step .source')].find((s) => s.textContent!.includes('sub sub'))!;
      const depth = (el: Element | null) => { let d = 0; for (; el; el = el.parentElement) if (el.tagName === 'UL' || el.tagName === 'OL') d++; return d; };
      const finding = [...document.querySelectorAll('.finding .message')].find((m) => m.textContent!.includes('Computation fails'))!;
      return {
        pageWidth: document.documentElement.scrollWidth, columnRight: column.right, textRight: text.right,
        subSubDepth: depth(sub.querySelector('li:not(.pw-list-parent)')), findingMath: finding.querySelectorAll('.katex').length,
      };
    });
    expect(seen.pageWidth).toBeLessThanOrEqual(1280);
    expect(seen.textRight).toBeLessThanOrEqual(seen.columnRight);
    expect(seen.subSubDepth).toBe(3);
    expect(seen.findingMath).toBe(1);
    await report.getByText('sub sub').scrollIntoViewIfNeeded();
    // The window as a reader sees it (a full-page shot of a long report would not be 1280×720).
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await report.screenshot({ path: join(ARTIFACTS_DIR, 'render-nested-list-report-1280x720.png') });
    await report.close();
  });
});
