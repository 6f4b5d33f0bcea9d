// The workspace's macros.tex applies in the workbench preview (and its KaTeX markers) for every document.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, openWorkbench, type TempWorkspace, type WorkbenchHandle } from './support';

let ws: TempWorkspace;
let workbench: WorkbenchHandle;
let page: Page;

beforeAll(async () => {
  ws = makeWorkspace({
    'macros.tex': '\\newcommand{\\Rpos}{\\mathbb{R}_{>0}}\n\\newcommand{\\abs}[1]{\\left|#1\\right|}\n',
    'notation.md': 'For every $x \\in \\Rpos$ we have $\\abs{x} = x$.\n',
    'notation.problem.md': 'Show that $|x| = x$ for positive $x$.\n',
  });
  workbench = await openWorkbench({ workspace: ws.dir });
  page = workbench.page;
});

afterAll(async () => {
  await workbench?.close();
  ws?.remove();
});

describe('workspace macros', () => {
  it('renders commands defined in the workspace macros.tex without KaTeX errors', async () => {
    await page.getByRole('button', { name: 'Files' }).click();
    await page.getByRole('button', { name: 'notation.md', exact: true }).click();
    await expect.poll(() => page.getByTestId('docname').textContent()).toContain('notation');
    const preview = page.getByTestId('preview');
    await expect.poll(() => preview.locator('.katex').count()).toBe(2);
    expect(await page.locator('.pw-math-error').count()).toBe(0);
    // \Rpos expanded to \mathbb{R}_{>0}: the blackboard R is there.
    expect(await preview.locator('.mathbb').count()).toBeGreaterThan(0);
  });
});
