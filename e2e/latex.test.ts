// The LaTeX cases (app/common/tex/cases) opened in the workbench (serve mode, real Chromium): the
// preview shows what `check` and the report read, with no KaTeX error where the README says none.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CASES, MORE_CASES } from '../app/common/tex/cases/expected';
import { HELDOUT_LATEX } from '../app/common/tex/cases/heldout-latex';
import { HABIT_CASES } from '../app/common/tex/cases/habits';
import { makeWorkspace, openWorkbench, type TempWorkspace, type WorkbenchHandle } from './support';

const casesDir = fileURLToPath(new URL('../app/common/tex/cases/', import.meta.url));
const heldoutDir = fileURLToPath(new URL('../app/check/corpus/heldout/latex/', import.meta.url));

/** Held-out variants opened in the workbench too (the rest run through the preview renderer's unit test), with a word of each. */
const HELDOUT_OPENED: { file: string; marker: string }[] = [
  { file: 'l1-h3.md', marker: 'Ticket sales' },
  { file: 'l1-h9.md', marker: 'Market' },
  { file: 'l4-h1.md', marker: 'Snippet' },
  { file: 'l5-h3.tex', marker: 'such that' },
  { file: 'l5-h4.tex', marker: 'naturals' },
  { file: 'l5-h5.tex', marker: 'for another' },
  { file: 'l12-h4.tex', marker: 'its tail' },
];

let ws: TempWorkspace;
let workbench: WorkbenchHandle;
let page: Page;

beforeAll(async () => {
  const files: Record<string, string> = {};
  for (const name of readdirSync(casesDir)) if (/^l\d+.*\.(md|tex)$/.test(name)) files[name] = readFileSync(`${casesDir}${name}`, 'utf8');
  for (const { file } of HELDOUT_OPENED) files[file] = readFileSync(`${heldoutDir}${file}`, 'utf8');
  // A .tex file without a preamble: `$` is TeX's (the first one opens math), as the checker reads it.
  files['no-preamble.tex'] = 'Here a dollar $ opens and quoted text $x \\frac{1}{2$ here. And \\frac{1}{2} outside math.\n';
  files['defs-first.md'] = '# Definitions first\n\n\\newcommand{\\R}{\\mathbb{R}}\nLet $x \\in \\R$ be given.\n';
  // A preamble macro used in running text and in the problem statement (its sibling .problem.md).
  files['eps-text.tex'] = '\\documentclass{article}\n\\newcommand{\\eps}{\\ensuremath{\\varepsilon}}\n\\begin{document}\nLet \\eps{} be positive. Then $\\eps^2 > 0$ holds.\n\\end{document}\n';
  files['eps-text.problem.md'] = 'Show that $\\eps^2 > 0$ for every real $\\eps \\ne 0$.\n';
  // An environment opened and never closed: its source is shown as written (`\\` kept), lines and all.
  files['unclosed-align.md'] = 'Then we compute\n\\begin{align*}\na &= b \\\\\nc &= d\n';
  // A proof with a table of values, references inside \text{} in math and a reference to no label.
  files['table-refs.md'] = [
    '\\begin{lemma}\\label{lem:pos}',
    'For every integer $n \\ge 1$, $2^n \\ge n + 1$.',
    '\\end{lemma}',
    '',
    '\\begin{proof}',
    'We check small values first:',
    '',
    '| $n$ | $2^n$ | $n + 1$ |',
    '|---|:-:|--:|',
    '| 1 | 2 | 2 |',
    '| 2 | 4 | <i>3</i> |',
    '',
    'Then $$2^{n+1} = 2 \\cdot 2^n \\ge 2(n+1) \\ge n + 2 \\quad \\text{by \\cref{lem:pos}},$$ which \\cref{lem:gone} also needs.',
    '\\end{proof}',
    '',
  ].join('\n');
  // A theorem and proofs sharing their \begin/\end lines with text (habits.ts: the report is held to the same case).
  files['one-line-theorem.md'] = HABIT_CASES.find((c) => c.name.startsWith('a theorem on one line'))!.text;
  // Unknown references in math and in a theorem's note, a table in a quote and in list items, a \nameref to a heading with math (habits.ts).
  const habit = (start: string) => HABIT_CASES.find((c) => c.name.startsWith(start))!.text;
  files['rev3-habits.md'] = [habit('an unknown reference in math'), habit('a GFM table inside a quote'), habit('\\nameref to a heading with math'), habit('a \\begin{theorem} in mid-line')].join('\n');
  ws = makeWorkspace(files);
  workbench = await openWorkbench({ workspace: ws.dir });
  page = workbench.page;
}, 180_000);

afterAll(async () => {
  await workbench?.close();
  ws?.remove();
});

/** Opens a workspace file and waits until the preview shows `marker` (text of the new document). */
async function open(name: string, marker: string) {
  const file = page.getByRole('button', { name, exact: true });
  // Opening a file closes the file list: open it again when it is not showing.
  if (!(await file.isVisible())) await page.getByRole('button', { name: 'Files' }).click();
  await file.click();
  const preview = page.getByTestId('preview');
  await expect.poll(() => preview.innerText(), { timeout: 20_000 }).toContain(marker);
  return {
    text: () => preview.innerText(),
    formulas: () => preview.locator('.katex:not(.katex .katex)').count(),
    errors: () => preview.locator('.pw-math-error').count(),
  };
}

describe('LaTeX cases in the workbench preview', () => {
  it('l1: shows both dollar amounts as text', async () => {
    const p = await open('l1-currency.md', 'dearer');
    expect(await p.text()).toContain('costs $20,000 and the second costs $30,000, so');
    expect(await p.formulas()).toBe(0);
  });

  it('l3: \\$ inside math does not end it: one formula, no error', async () => {
    const p = await open('l3-escaped-dollar-in-math.md', 'items');
    expect(await p.formulas()).toBe(2);
    expect(await p.errors()).toBe(0);
  });

  it('l5 and l12: .tex preamble macros (\\ensuremath, \\sen) render without errors', async () => {
    const l5 = await open('l5-ensuremath.tex', 'Then');
    expect(await l5.formulas()).toBe(2);
    expect(await l5.errors()).toBe(0);
    const l12 = await open('l12-preamble-macro-report.tex', 'For every real');
    expect(await l12.formulas()).toBe(2);
    expect(await l12.errors()).toBe(0);
  });

  it('l5 kind: a preamble \\ensuremath macro typesets in running text, and the problem statement uses the document\'s macros', async () => {
    const p = await open('eps-text.tex', 'holds');
    expect(await p.formulas()).toBe(2);
    expect(await p.errors()).toBe(0);
    expect(await p.text()).not.toContain('\\eps');
    const problem = page.getByTestId('problem-rendered');
    await expect.poll(() => problem.locator('.katex:not(.katex .katex)').count(), { timeout: 10_000 }).toBe(2);
    expect(await problem.locator('.pw-math-error').count()).toBe(0);
    await page.screenshot({ path: 'e2e/artifacts/latex-eps-text.png' });
  });

  it('an unclosed \\begin{align*} shows its source verbatim, line breaks and `\\\\` kept, with why', async () => {
    const p = await open('unclosed-align.md', 'Then we compute');
    expect(await p.errors()).toBe(1);
    const error = page.getByTestId('preview').locator('.pw-math-error');
    expect(await error.locator('code').innerText()).toBe('\\begin{align*}\na &= b \\\\\nc &= d');
    expect(await error.locator('.pw-math-error-message').innerText()).toBe('\\begin{align*} is never closed by \\end{align*}');
    // Listed once in Problems, in the checker's words (not again as a "KaTeX" error of the preview).
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the store is an untyped window handle in the page
    const checkerSaid = () => page.evaluate(() => (window as any).__pwStore.getState().checkerAnnotations.map((a: { message: string }) => a.message) as string[]);
    await expect.poll(checkerSaid, { timeout: 20_000 }).toContainEqual(expect.stringContaining('is never closed by'));
    expect(await page.getByText(/^KaTeX: /).count()).toBe(0);
    await page.screenshot({ path: 'e2e/artifacts/unclosed-align-preview.png' });
  });

  it('l6: a macro defined in $$…$$ renders below it and its block is no error', async () => {
    const p = await open('l6-newcommand-in-display.md', 'For every vector');
    expect(await p.errors()).toBe(0);
    expect(await p.formulas()).toBe(2);
    expect(await p.text()).not.toContain('newcommand');
  });

  it('a .tex file without a preamble pairs $ as TeX does, as the checker does: no formula where the checker sees text', async () => {
    const p = await open('no-preamble.tex', 'outside math');
    // TeX: `$ opens and quoted text $` is the formula; `x \frac{1}{2` after it is text (the checker's
    // "outside math" and "never closed" findings are about that text), so no KaTeX error shows.
    expect(await p.formulas()).toBe(1);
    expect(await p.errors()).toBe(0);
    expect(await p.text()).toContain('x \\frac{1}{2');
  });

  it('l6: a paragraph that starts with a \\newcommand line shows the rest of the paragraph', async () => {
    const p = await open('defs-first.md', 'be given');
    expect(await p.errors()).toBe(0);
    expect(await p.formulas()).toBe(1);
    expect(await p.text()).not.toContain('Macro definitions');
  });

  it('l13: math nested in text nested in math stays one formula', async () => {
    const p = await open('l13-math-in-text-in-math.md', 'Parity');
    await expect.poll(() => p.formulas()).toBe(3);
    expect(await p.errors()).toBe(0);
  });

  it('l11: two \\tag in one aligned is shown as an error', async () => {
    const p = await open('l11-tag-in-aligned.md', 'Tags');
    await expect.poll(() => p.errors()).toBe(1);
  });

  it('l4 and l8 keep passing: code spans keep their dollars, two tagged align rows typeset', async () => {
    const l4 = await open('l4-code-span-dollar.md', 'Shell note');
    expect(await l4.text()).toContain('cost=$5 $x$');
    await expect.poll(() => l4.formulas()).toBe(2);
    expect(await l4.errors()).toBe(0);
    const l8 = await open('l8-align-multiple-tags.md', 'Two equations');
    await expect.poll(() => l8.formulas()).toBe(1);
    expect(await l8.errors()).toBe(0);
  });

  it('a GFM table with math in its cells, a \\cref inside \\text{} in math, an unknown label\'s ?? with why', async () => {
    const p = await open('table-refs.md', 'small values');
    const preview = page.getByTestId('preview');
    const table = preview.locator('table.pw-md-table');
    await expect.poll(() => table.locator('tr').count()).toBe(3);
    expect(await table.locator('th .katex').count()).toBe(3);
    expect(await table.locator('td').allInnerTexts()).toEqual(['1', '2', '2', '2', '4', '<i>3</i>']);
    expect(await table.locator('td').nth(1).evaluate((td) => getComputedStyle(td).textAlign)).toBe('center');
    expect(await p.errors()).toBe(0);
    expect((await preview.locator('.katex-display .katex-html').textContent())?.replace(/\s+/g, ' ')).toContain('by lemma 1');
    const hint = preview.locator('.pw-ref-unknown');
    expect(await hint.innerText()).toBe('??');
    expect(await hint.getAttribute('title')).toBe('No \\label{lem:gone} in this document');
    expect(await p.text()).not.toContain('|---');
  });

  it('rev3/rev5: an unknown reference in math or a note is ?? with why; tables in a quote and a list item; \\nameref of a heading with math; a mid-line theorem titled', async () => {
    await open('rev3-habits.md', 'Squares mod 4');
    const preview = page.getByTestId('preview');
    expect(await preview.locator('.pw-math-error').count()).toBe(0);
    // In a formula (inside KaTeX's HTML) and in a theorem's note, as in prose: the hint as the title.
    const inMath = preview.locator('.katex .pw-ref-unknown');
    await expect.poll(() => inMath.count()).toBe(2);
    expect(await inMath.evaluateAll((els) => els.map((e) => [e.textContent, e.getAttribute('title')]))).toEqual([
      ['??', 'No \\label{sec:sets} in this document'],
      ['??', 'No \\label{eq:mono} in this document'],
    ]);
    expect(await preview.locator('.pw-env-title .pw-ref-unknown').evaluateAll((els) => els.map((e) => e.getAttribute('title')))).toEqual([
      'No \\label{lem:base} in this document', 'No \\label{lem:stepp} in this document',
    ]);
    expect(await preview.locator('blockquote table.pw-md-table tr').count()).toBe(3);
    expect(await preview.locator('li table.pw-md-table').count()).toBe(2);
    const prose = await preview.evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      for (const k of copy.querySelectorAll('.katex')) k.replaceWith('<math>');
      // A detached copy is not laid out: its innerText reads a <br> as nothing.
      for (const br of copy.querySelectorAll('br')) br.replaceWith(' ');
      return copy.innerText.replace(/\s+/g, ' ');
    });
    for (const phrase of ['Combining The case <math> with The inductive step proves it', 'as we see Theorem 2. Every odd prime is', 'Theorem 3 (Dirichlet).', 'Lemma 2. Squares are', 'See theorem 4.']) expect(prose).toContain(phrase);
    for (const raw of ['\\begin{', '\\nameref', '**', '|---']) expect(prose).not.toContain(raw);
  });

  it('a theorem on one line and text on its \\begin/\\end lines: numbered titles and ∎, no source', async () => {
    await open('one-line-theorem.md', 'Trivial');
    const prose = await page.getByTestId('preview').evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      for (const k of copy.querySelectorAll('.katex')) k.remove();
      return copy.innerText.replace(/\s+/g, ' ');
    });
    for (const phrase of ['By theorem 1 and lemma 1, done.', 'Theorem 1. For all', 'Lemma 1 (AM\u2013GM). For', 'which completes the argument. \u220e', 'Proof. Trivial. \u220e']) expect(prose).toContain(phrase);
    for (const raw of ['\\begin{', '\\end{', '\\label', 'thm:main']) expect(prose).not.toContain(raw);
  });

  it.each(MORE_CASES)('$file: no error, the formulas and text the README lists', async ({ file, marker, formulas, shows, hides, textMath }) => {
    const p = await open(file, marker);
    await expect.poll(() => p.formulas()).toBe(formulas + (textMath ?? 0));
    expect(await p.errors()).toBe(0);
    const text = await p.text();
    for (const phrase of shows) expect(text).toContain(phrase);
    // KaTeX's MathML copy of a formula is not shown, but innerText reads it: judge hidden text without it.
    const prose = await page.getByTestId('preview').evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      for (const k of copy.querySelectorAll('.katex')) k.remove();
      return copy.innerText;
    });
    for (const phrase of hides) expect(prose).not.toContain(phrase);
  });

  it.each(HELDOUT_OPENED)('held-out $file: the formulas, text and no error the preview renderer shows', async ({ file, marker }) => {
    const { formulas, textMacro, shows } = HELDOUT_LATEX.find((c) => c.file === file)!;
    const p = await open(file, marker);
    await expect.poll(() => p.formulas()).toBe(formulas + (textMacro ?? 0));
    expect(await p.errors()).toBe(0);
    const text = await p.text();
    for (const phrase of shows ?? []) expect(text).toContain(phrase.trim());
    expect(text).not.toMatch(/\\(?:ensuremath|xspace|vect|seq|ip)(?![A-Za-z])/);
  });

  it.each(ERROR_CASES)('$file: the errors LaTeX reports, beside the formulas that typeset', async ({ file, marker, errors, formulas }) => {
    const p = await open(file, marker);
    await expect.poll(() => p.formulas()).toBe(formulas);
    const shown = await page.getByTestId('preview').locator('.pw-math-error-message').allInnerTexts();
    expect(shown).toEqual(errors.map((e) => expect.stringMatching(e)));
  });
});
