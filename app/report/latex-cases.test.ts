// The LaTeX cases (app/common/tex/cases) through the real `proofwright verify FOLDER --report` with the
// scripted verifier: the HTML report typesets them as `check` and the preview read them.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CASES, MORE_CASES } from '../common/tex/cases/expected';
import { proofSection as reportSection, reportOfCases } from './testing/cases-report';

const casesDir = fileURLToPath(new URL('../common/tex/cases/', import.meta.url));

let html: string;
let remove: () => Promise<void>;

beforeAll(async () => {
  const files = (await readdir(casesDir)).filter((name) => /\.(md|tex)$/.test(name)).map((name) => join(casesDir, name));
  ({ html, remove } = await reportOfCases(files, 'Show that $x^2 \\ge 0$ for real $x$.'));
}, 120_000);

afterAll(() => remove?.());

/** The report's section for one proof, without its verifier analyses. */
const proofSection = (name: string): string => reportSection(html, name);

const count = (text: string, needle: string) => text.split(needle).length - 1;

/** The proof column of a proof's steps (its findings, beside it, typeset the formulas they quote too). */
const proofColumn = (steps: string) => [...steps.matchAll(/<div class="source">([\s\S]*?)<\/div>\n<div class="notes">/g)].map((m) => m[1]).join('\n');

describe('LaTeX cases in the HTML report (verify --report)', () => {
  it('typesets the problem statement', () => {
    const problem = html.slice(html.indexOf('<div class="problem">'), html.indexOf('<div class="steps">'));
    expect(count(problem, 'class="katex"')).toBe(2);
  });

  it('l1: shows both dollar amounts as text', () => {
    const steps = proofSection('l1-currency.md');
    expect(steps).toContain('costs $20,000 and the second costs $30,000, so');
    expect(steps).not.toContain('class="katex');
  });

  it('l3: \\$ inside math: one formula, no error', () => {
    const steps = proofSection('l3-escaped-dollar-in-math.md');
    expect(count(steps, 'class="katex"')).toBe(2);
    expect(steps).not.toContain('katex-error');
    expect(steps).toContain('for ');
  });

  it('l4: code spans keep their dollars; the math outside them is typeset', () => {
    const steps = proofSection('l4-code-span-dollar.md');
    expect(steps).toContain('<code>$HOME</code>');
    expect(steps).toContain('<code>cost=$5 $x$</code>');
    expect(count(steps, 'class="katex"')).toBe(2);
  });

  it('l5, l8, l13: typeset without errors', () => {
    for (const name of ['l5-ensuremath.tex', 'l8-align-multiple-tags.md', 'l13-math-in-text-in-math.md']) {
      const steps = proofSection(name);
      expect(steps, name).toContain('class="katex');
      expect(steps, name).not.toContain('katex-error');
    }
    expect(count(proofSection('l13-math-in-text-in-math.md'), 'class="katex"')).toBe(3);
  });

  it('l6: the macro defined in $$…$$ renders, and its definition is neither an error nor shown as text', () => {
    const steps = proofSection('l6-newcommand-in-display.md');
    expect(steps).not.toContain('katex-error');
    expect(steps).not.toContain('newcommand');
    expect(steps).toContain('∥'); // \norm{x} expanded to \left\Vert x \right\Vert
  });

  it("l12: the .tex preamble's \\sen is rendered, as check and the preview do", () => {
    const steps = proofSection('l12-preamble-macro-report.tex');
    expect(steps).not.toContain('katex-error');
    expect(steps).toContain('<span class="mord mathrm">sen</span>'); // \sen → \operatorname{sen}
  });

  it('l11: two \\tag in one aligned is shown as an error, as check reports it', () => {
    expect(proofSection('l11-tag-in-aligned.md')).toContain('katex-error');
  });

  it.each(MORE_CASES)('$file: no error, the formulas and text the README lists', ({ file, formulas, shows, hides, textMath }) => {
    const steps = proofSection(file);
    expect(steps).not.toContain('katex-error');
    // The proof column's text as a reader sees it (KaTeX's source annotations and tags dropped, entities
    // read); the findings beside it quote TeX on purpose.
    const source = proofColumn(steps);
    expect(count(source, 'class="katex"')).toBe(formulas + (textMath ?? 0));
    const visible = source.replace(/<span class="katex"[\s\S]*?<\/annotation>/g, '').replace(/<[^>]+>/g, '').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    for (const phrase of shows) expect(visible).toContain(phrase);
    for (const phrase of hides) expect(visible).not.toContain(phrase);
  });

  it.each(ERROR_CASES)('$file: the errors LaTeX reports are shown, the other formulas typeset', ({ file, errors, formulas }) => {
    const steps = proofSection(file);
    expect(count(steps, 'katex-error')).toBe(errors.length);
    for (const e of errors) expect(steps.replace(/&#39;/g, "'").replace(/&quot;/g, '"')).toMatch(e);
    expect(count(proofColumn(steps), 'class="katex"')).toBe(formulas);
  });
});
