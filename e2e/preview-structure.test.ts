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

// Every KaTeX construct that places spans by position (fractions, scripts, radicals, limits, \\not, stretchy
// arrows, braces, matrices), inline and displayed.
const FORMULAS = [
  '# Formulas',
  String.raw`Inline $a+\frac{1}{2}+x^2_i+\sqrt{y}+\sqrt[3]{z}+\sum_{i=1}^n i \not= \overrightarrow{PQ}$ here.`,
  String.raw`$$\left( \frac{a}{b} \right)^{2} = \overbrace{x+y}^{2} + \begin{pmatrix} 1 & \frac12 \\ x^2 & \sqrt{2} \end{pmatrix} + \lim_{n\to\infty} \binom{n}{k}$$`,
  'Formulas end.',
].join('\n\n');

const LISTS = '# Lists\n\n1. Case one\n   - sub a\n   - sub b\n2. Case two\n\nLists end.\n';

beforeAll(async () => {
  ws = makeWorkspace({ 'numbered.md': NUMBERED, 'lists.md': LISTS, 'formulas.md': FORMULAS });
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

describe('formulas in the workbench preview', () => {
  it('every glyph of a formula sits where KaTeX\'s own style sheet puts it (the preview drops positioning KaTeX does not need)', async () => {
    await open('formulas.md', 'Formulas end.');
    // Each formula is copied outside the preview, where only KaTeX's style sheet applies, at the same
    // font size: the place of every leaf span relative to its formula must be the same in both.
    const mismatches = await page.locator('[data-testid=preview] .pw-math').evaluateAll((maths) => maths.flatMap((math, m) => {
      const copy = document.createElement('div');
      copy.style.cssText = `position: absolute; left: 0; top: 0; font-size: ${getComputedStyle(math).fontSize}; line-height: ${getComputedStyle(math).lineHeight}; width: ${math.getBoundingClientRect().width + 50}px`;
      copy.innerHTML = math.innerHTML;
      document.body.append(copy);
      const leaves = (root: Element) => [...root.querySelectorAll('.katex-html span')].filter((e) => e.childElementCount === 0 && e.getBoundingClientRect().width > 0);
      const [a, b] = [leaves(math), leaves(copy)];
      // Relative to the first glyph: a display is centred in its (wider or narrower) box.
      const [oa, ob] = [a[0].getBoundingClientRect(), b[0].getBoundingClientRect()];
      const out: string[] = [];
      if (a.length !== b.length || a.length < 5) out.push(`formula ${m}: ${a.length} vs ${b.length} glyphs`);
      a.forEach((el, i) => {
        const [ra, rb] = [el.getBoundingClientRect(), b[i]?.getBoundingClientRect()];
        if (!rb || Math.abs(ra.left - oa.left - (rb.left - ob.left)) > 0.5 || Math.abs(ra.top - oa.top - (rb.top - ob.top)) > 0.5) {
          out.push(`formula ${m} glyph ${i} "${el.textContent}": ${ra.left - oa.left},${ra.top - oa.top} vs ${rb ? `${rb.left - ob.left},${rb.top - ob.top}` : 'none'}`);
        }
      });
      copy.remove();
      return out;
    }));
    expect(mismatches).toEqual([]);
    // And the layout is a formula's: a fraction's numerator above its denominator, a superscript raised.
    const tops = await page.locator('[data-testid=preview] .pw-math').first().evaluate((math) => {
      const frac = math.querySelector('.mfrac')!.querySelectorAll('.mord.mtight');
      const sup = [...math.querySelectorAll('.msupsub .mord.mtight')].find((e) => e.textContent === '2')!;
      const x = [...math.querySelectorAll('.mord.mathnormal')].find((e) => e.textContent === 'x')!;
      return { num: frac[frac.length - 1].getBoundingClientRect().top, den: frac[0].getBoundingClientRect().top, sup: sup.getBoundingClientRect().top, x: x.getBoundingClientRect().top };
    });
    expect(tops.num).toBeLessThan(tops.den - 4);
    expect(tops.sup).toBeLessThan(tops.x - 2);
  });
});
