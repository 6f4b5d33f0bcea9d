// The LaTeX cases (app/common/tex/cases, from the project's shared real-shaped inputs) through the real
// `proofwright check` command and the step segmentation, each as its README says.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main';
import { captureIO } from '../cli/testing/capture-io';
import { ERROR_CASES, MORE_CASES } from '../common/tex/cases/expected';
import { onlyMacroDefinitions } from '../common/tex/macros';
import { formatFromPath, parseProof } from '../proof';

const casesDir = fileURLToPath(new URL('../common/tex/cases/', import.meta.url));
const read = (name: string) => readFileSync(`${casesDir}${name}`, 'utf8');

interface CheckJson {
  summary: { errors: number; warnings: number; fails: number };
  lint: { code: string; message: string }[];
}

async function check(name: string): Promise<{ code: number; json: CheckJson }> {
  const io = captureIO(casesDir);
  const code = await main(['check', name, '--json', '--no-symbolic'], io);
  return { code, json: JSON.parse(io.out) as CheckJson };
}

/** The TeX of every formula the segmenter finds, step by step. */
function formulas(name: string): string[][] {
  return parseProof(read(name), formatFromPath(name)).steps.map((s) => s.math.map((m) => m.tex));
}

describe('LaTeX cases in `proofwright check` and step segmentation', () => {
  it('l1: currency amounts are text, not one formula', async () => {
    expect(formulas('l1-currency.md').flat()).toEqual([]);
    const { code, json } = await check('l1-currency.md');
    expect(json.summary.errors).toBe(0);
    expect(code).toBe(0);
  });

  it('l3: \\$ inside math does not end it: one formula, 0 errors', async () => {
    expect(formulas('l3-escaped-dollar-in-math.md')[1]).toEqual(['T = \\$5 \\cdot n', 'n']);
    const { code, json } = await check('l3-escaped-dollar-in-math.md');
    expect(json.lint).toEqual([]);
    expect(code).toBe(0);
  });

  it('l4 and l8 keep passing', async () => {
    for (const name of ['l4-code-span-dollar.md', 'l8-align-multiple-tags.md']) {
      const { code, json } = await check(name);
      expect(json.lint, name).toEqual([]);
      expect(code, name).toBe(0);
    }
    expect(formulas('l4-code-span-dollar.md')[1]).toEqual(['x + 1 = 2', 'x = 1']);
  });

  it('l5: \\ensuremath in a preamble macro is known: 0 errors, exit 0', async () => {
    const { code, json } = await check('l5-ensuremath.tex');
    expect(json.lint).toEqual([]);
    expect(code).toBe(0);
  });

  it('l6: a macro defined inside $$…$$ applies document-wide and its own block is no error', async () => {
    const { code, json } = await check('l6-newcommand-in-display.md');
    expect(json.lint).toEqual([]);
    expect(code).toBe(0);
  });

  it('l6 variants: \\gdef, \\def, \\let, \\DeclareMathOperator and \\newcommand inside math are no errors', async () => {
    const { Checker } = await import('./checker');
    const text = [
      'Let $\\gdef\\eps{\\varepsilon}$ and $\\def\\pair#1#2{(#1,#2)}$ and $\\let\\phi\\varphi$.',
      '',
      '$$\\DeclareMathOperator{\\rk}{rk} \\newcommand{\\abs}[1]{|#1|}$$',
      '',
      'Then $\\rk A + \\abs{\\eps} = \\pair{1}{2} \\phi$.',
    ].join('\n');
    const report = new Checker().check(parseProof(text));
    expect(report.lint).toEqual([]);
  });

  it('l11: two \\tag in one aligned is still an error', async () => {
    const { code, json } = await check('l11-tag-in-aligned.md');
    expect(json.lint.map((l) => l.message)).toEqual([expect.stringMatching(/Multiple \\tag/)]);
    expect(code).toBe(1);
  });

  it('l12: the preamble macro is known to check', async () => {
    const { code, json } = await check('l12-preamble-macro-report.tex');
    expect(json.lint).toEqual([]);
    expect(code).toBe(0);
  });

  it('l13: math nested in text nested in math stays one formula', async () => {
    expect(formulas('l13-math-in-text-in-math.md')[1]).toEqual([
      'n',
      '\\text{$n$ is even or $n+1$ is even}',
      'm = 2k \\quad \\text{if $m$ is even.}',
    ]);
    const { code, json } = await check('l13-math-in-text-in-math.md');
    expect(json.lint).toEqual([]);
    expect(code).toBe(0);
  });

  it.each(MORE_CASES)('$file: no lint finding, exit 0, and the formulas the README lists', async ({ file, formulas: count }) => {
    const { code, json } = await check(file);
    expect(json.lint).toEqual([]);
    expect(code).toBe(0);
    // Definitions alone in a `$$…$$` (l16) are a formula to the segmenter, nothing to typeset elsewhere.
    const found = formulas(file).flat().filter((tex) => !onlyMacroDefinitions(tex));
    expect(found).toHaveLength(count);
  });

  it('l14: currency after math in the same paragraph stays text; l15: \\$ in display and inline math', () => {
    expect(formulas('l14-currency-with-math.md').flat()).toEqual(['n = 3']);
    expect(formulas('l15-escaped-dollar-display.md')[1]).toEqual(['q', '\\text{cost}(q) = \\$3 \\cdot q + \\$2,', '\\$3 \\cdot 3 + \\$2 = \\$11']);
  });

  it.each(ERROR_CASES)('$file: the errors LaTeX reports, exit 1', async ({ file, errors }) => {
    const { code, json } = await check(file);
    expect(json.lint.map((l) => l.message)).toEqual(errors.map((e) => expect.stringMatching(e)));
    expect(code).toBe(1);
  });
});
