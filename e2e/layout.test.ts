// The workbench's layout at 1280×720 (a laptop screen) in Chromium, measured with element boxes: nothing a
// user needs is cut off (the document's name, a finding card's counts, a wide display), the editor keeps
// most of the height, and a finding that quotes a huge formula stays a small card.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { REPO_ROOT, makeWorkspace, openWorkbench, pageProbes, type TempWorkspace, type WorkbenchHandle } from './support';

const SAMPLES = join(REPO_ROOT, 'resources', 'samples');
const DEEP = `${'\\frac{1}{'.repeat(200)}1${'}'.repeat(200)}`;
const WIDE = [
  '# Wide',
  '',
  'A long display:',
  '',
  `$$${Array.from({ length: 40 }, (_, i) => `f(x_{${i}})`).join(' + ')} = 0$$`,
  '',
  'Step 2. For every positive integer $n$ the case $n = 1$ is trivial, and',
  `$$f((n+1)x) = ${Array.from({ length: 12 }, (_, i) => `f(x_{${i}})`).join(' + ')} = (n+1)f(x).$$`,
  'With Step 1 this extends to all integers $n$.',
  '',
  'A long aligned display:',
  '',
  '\\begin{align*}',
  `a &= ${Array.from({ length: 40 }, (_, i) => `b_{${i}}`).join(' + ')} \\\\`,
  'c &= d',
  '\\end{align*}',
  '',
  `Deep: $$${DEEP}$$`,
  '',
  'Last line.',
  '',
].join('\n');

let ws: TempWorkspace;
let wb: WorkbenchHandle;
let page: Page;

/** Box and overflow of the first element matching `selector`. */
const measure = (selector: string) =>
  page.evaluate((sel) => {
    const el = document.querySelector(sel) as HTMLElement | null;
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, height: r.height, width: r.width, scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, title: el.title, text: el.textContent ?? '' };
  }, selector);

beforeAll(async () => {
  ws = makeWorkspace({ 'wide.md': WIDE });
  ws.copyFrom(join(SAMPLES, 'scripts', 'cauchy-equation.labelled.scripted.json'), 'scripts/cauchy.json');
  for (const f of ['verify', 'meta-verify', 'generate']) {
    ws.copyFrom(join(SAMPLES, 'outputs', `cauchy-equation.labelled.${f}.txt`), `outputs/cauchy-equation.labelled.${f}.txt`);
  }
  wb = await openWorkbench({ workspace: ws.dir, backend: 'scripted:scripts/cauchy.json', connectedText: 'scripted' });
  page = wb.page;
  // The pane sizes a first start picks depend on the window: load the page again at 1280×720.
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.reload();
  await page.getByTestId('connection').filter({ hasText: 'scripted' }).waitFor({ timeout: 60_000 });
}, 300_000);

afterAll(async () => {
  await wb?.close();
  ws?.remove();
});

describe('the workbench at 1280×720', () => {
  it('gives the editor most of the height: a smaller bottom panel, a problem pane no taller than its content', async () => {
    const editor = await measure('.pw-editor-wrap');
    const bottom = await measure('.pw-bottom');
    const problem = await measure('.pw-problem-tabs');
    console.log(`[layout] editor ${editor!.height}px, bottom panel ${bottom!.height}px, problem pane ${problem!.height}px`);
    expect(bottom!.height).toBeLessThanOrEqual(150);
    expect(problem!.height).toBeLessThanOrEqual(140); // the empty problem's field: a few lines, not a fixed quarter
    expect(editor!.height).toBeGreaterThanOrEqual(390);
  });

  it('shows at least 6 rows of the F1 command palette (Monaco sizes its list to 40 % of the editor height), the app\'s commands first', async () => {
    await page.evaluate(() => (window as unknown as { __pwEditor: { editor: { focus(): void } } }).__pwEditor.editor.focus());
    await page.keyboard.press('F1');
    const list = page.locator('.quick-input-list .monaco-list').first();
    await list.waitFor({ timeout: 15_000 });
    const rows = await list.evaluate((el) => {
      const row = el.querySelector('.monaco-list-row') as HTMLElement | null;
      return el.getBoundingClientRect().height / (row?.getBoundingClientRect().height || 22);
    });
    console.log(`[layout] F1 palette rows: ${rows.toFixed(1)}`);
    expect(rows).toBeGreaterThanOrEqual(6);
    // The app's commands come first, under "commonly used", not after some forty of Monaco's editing
    // commands sorted by name (rev18 F11).
    const firstRows = await list.locator('.monaco-list-row').evaluateAll((els) => els
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
      .slice(0, 6)
      .map((el) => el.textContent ?? ''));
    console.log(`[layout] F1 first rows: ${JSON.stringify(firstRows)}`);
    expect(firstRows[0]).toContain('commonly used');
    expect(firstRows[0]).toContain('Proofwright: Verify');
    for (const row of firstRows) expect(row).toContain('Proofwright: ');
    await page.keyboard.press('Escape');
  });

  it("keeps the document's name whole in the toolbar, with the full name and engine state as tooltips", async () => {
    await pageProbes(page).openSample('cauchy-equation');
    const name = await measure('[data-testid=docname]');
    expect(name!.text).toContain('cauchy-equation');
    expect(name!.scrollWidth).toBeLessThanOrEqual(name!.clientWidth);
    expect(name!.title).toContain('cauchy-equation');
    const chip = await measure('[data-testid=connection]');
    expect(chip!.title).toContain(chip!.text.replace(/…$/, ''));
    // A statement longer than the problem pane's share scrolls inside it instead of being cut off.
    const problem = await page.locator('.pw-problem-rendered').evaluate((el) => {
      const pane = el.closest('.pw-split-pane')!.getBoundingClientRect();
      return { bottom: el.getBoundingClientRect().bottom, paneBottom: pane.bottom, paneHeight: pane.height, scrollHeight: el.scrollHeight, clientHeight: el.clientHeight };
    });
    expect(problem.bottom).toBeLessThanOrEqual(problem.paneBottom + 0.5);
    if (problem.paneHeight >= 140) expect(problem.scrollHeight).toBeGreaterThanOrEqual(problem.clientHeight);
    // Nothing in the toolbar runs past the window.
    const toolbar = await measure('.pw-toolbar');
    expect(toolbar!.scrollWidth).toBeLessThanOrEqual(toolbar!.clientWidth);
  });

  it("wraps a finding card's counts instead of cutting them off", async () => {
    await page.getByTestId('verify').click();
    await expect.poll(() => page.getByTestId('run-panel').textContent(), { timeout: 60_000 }).toContain('verify · completed');
    const consensus = page.getByTestId('consensus').first();
    await consensus.scrollIntoViewIfNeeded();
    await expect.poll(() => consensus.textContent()).toContain('not meta-verified');
    const box = await consensus.evaluate((el) => {
      const card = el.closest('.pw-step-card')!.getBoundingClientRect();
      const text = el.querySelector('.pw-consensus-text') as HTMLElement;
      const t = text.getBoundingClientRect();
      return { cardRight: card.right, textRight: t.right, scrollWidth: text.scrollWidth, clientWidth: text.clientWidth };
    });
    expect(box.scrollWidth).toBeLessThanOrEqual(box.clientWidth);
    expect(box.textRight).toBeLessThanOrEqual(box.cardRight);
  });

  it('scrolls displays wider than the preview sideways instead of cutting them off (also align*)', async () => {
    await page.getByRole('button', { name: 'Files' }).click();
    await page.getByRole('button', { name: 'wide.md', exact: true }).click();
    await expect.poll(() => page.getByTestId('preview').textContent(), { timeout: 30_000 }).toContain('Last line.');
    // A display alone in its paragraph, one inside a paragraph, and align*.
    for (const nth of [0, 1, 2]) {
      const display = page.locator('[data-testid=preview] .pw-math-display').nth(nth);
      await display.scrollIntoViewIfNeeded();
      const seen = await display.evaluate((el) => {
        const column = el.closest('.pw-preview-block')!.getBoundingClientRect();
        el.scrollLeft = el.scrollWidth;
        const pieces = [...el.querySelectorAll('.katex-html .base')].map((b) => b.getBoundingClientRect().right);
        const box = el.getBoundingClientRect();
        return { overflowX: getComputedStyle(el).overflowX, scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, right: box.right, columnRight: column.right, lastRight: Math.max(...pieces) };
      });
      expect(seen.scrollWidth, `display ${nth}`).toBeGreaterThan(seen.clientWidth);
      expect(['auto', 'scroll']).toContain(seen.overflowX);
      expect(seen.right).toBeLessThanOrEqual(seen.columnRight);
      // Scrolled to its end, the display's last piece is inside the visible box.
      expect(seen.lastRight, `display ${nth}`).toBeLessThanOrEqual(seen.right + 1);
    }
  });

  it('clips the quoted formula of a "nested too deeply" finding: a small card, full text on demand', async () => {
    const quote = page.locator('.pw-finding-quote').filter({ hasText: '\\frac{1}{\\frac{1}' }).first();
    await quote.scrollIntoViewIfNeeded();
    const card = await quote.evaluate((el) => ({ height: el.closest('.pw-step-card')!.getBoundingClientRect().height, quote: el.textContent ?? '', title: (el as HTMLElement).title }));
    expect(card.height).toBeLessThanOrEqual(300); // it was 1,400 px; the message and actions take ~200
    expect(card.quote.length).toBeLessThan(260);
    expect(card.title).toContain(DEEP.slice(0, 1000));
    await quote.getByRole('button', { name: /Show all/ }).click();
    await expect.poll(() => quote.textContent()).toContain(DEEP);
    // The Problems list shows the message on one line, the whole of it in the tooltip.
    await page.getByTestId('tab-problems').click();
    const row = page.getByTestId('problem').filter({ hasText: 'nested too deeply' }).first();
    expect(await row.locator('.pw-problem-message').getAttribute('title')).toContain('nested too deeply');
    await wb.browser.screenshot('layout-deep-frac-1280x720');
  });
});
