// Equation numbers and nested lists in the workbench preview (serve mode, real Chromium): what a reader
// sees of them, as LaTeX and CommonMark lay out the whole document — though each block is its own row.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, openWorkbench, type TempWorkspace, type WorkbenchHandle } from './support';

let ws: TempWorkspace;
let workbench: WorkbenchHandle;
let page: Page;

const NUMBERED = [
  '# Numbers',
  'First \\eqref{eq:two} is referred to before its label.',
  '\\begin{equation}\na = b\n\\end{equation}',
  '\\begin{align}\na &= b \\\\\nc &= d \\label{eq:two}\n\\end{align}',
  '\\begin{gather*}\nu = v\n\\end{gather*}',
  '\\begin{gather}\np = q \\nonumber \\\\\nr = s\n\\end{gather}',
  'Numbers end.',
].join('\n\n');

const LISTS = '# Lists\n\n1. Case one\n   - sub a\n   - sub b\n2. Case two\n\nLists end.\n';

beforeAll(async () => {
  ws = makeWorkspace({ 'numbered.md': NUMBERED, 'lists.md': LISTS });
  workbench = await openWorkbench({ workspace: ws.dir });
  page = workbench.page;
}, 180_000);

afterAll(async () => {
  await workbench?.close();
  ws?.remove();
});

async function open(name: string, marker: string): Promise<void> {
  const file = page.getByRole('button', { name, exact: true });
  if (!(await file.isVisible())) await page.getByRole('button', { name: 'Files' }).click();
  await file.click();
  await expect.poll(() => page.getByTestId('preview').innerText(), { timeout: 30_000 }).toContain(marker);
}

describe('equation numbers in the workbench preview', () => {
  it('an align shows (2) and (3) on its rows, numbers go on across displays, \\eqref shows the number', async () => {
    await open('numbered.md', 'Numbers end.');
    const tags = () => page.locator('[data-testid=preview] .katex-html .tag').evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText.replace(/[\s\u200b]+/g, ' ').trim()));
    await expect.poll(tags, { timeout: 30_000 }).toEqual(['(1)', '(2) (3)', '(4)']);
    expect(await page.getByTestId('preview').innerText()).toContain('First (3) is referred to');
  });
});

describe('nested lists in the workbench preview', () => {
  it('a bullet list inside an ordered item is indented under it, with its own markers, and the ordered list goes on at 2', async () => {
    await open('lists.md', 'Lists end.');
    const item = (text: string) => page.locator('[data-testid=preview] li:not(.pw-list-parent)', { hasText: text });
    const left = async (text: string) => (await item(text).boundingBox())!.x;
    expect(await left('sub a')).toBeGreaterThan((await left('Case one')) + 10);
    expect(await left('sub b')).toBe(await left('sub a'));
    expect(await left('Case two')).toBe(await left('Case one'));
    const marker = (text: string) => item(text).evaluate((li) => getComputedStyle(li).listStyleType);
    expect(await marker('Case one')).toBe('decimal');
    expect(await marker('sub a')).toBe('circle'); // a nested bullet list's marker, as in any browser
    expect(await item('Case two').evaluate((li) => (li.parentElement as HTMLOListElement).start)).toBe(2);
  });
});
