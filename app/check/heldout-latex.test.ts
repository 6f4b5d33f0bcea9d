// Held-out variants of the LaTeX kinds l1 (currency, also before a formula in the same paragraph), l3
// (`\$` in math), l4 (dollars in code), l5 (`\ensuremath`), l6 (a macro defined inside math), l8 (tags)
// and l12 (preamble macros in the report), in other shapes than the shipped cases
// (corpus/heldout/latex/, expectations in app/common/tex/cases/heldout-latex.ts, which the preview's
// test runs too). Each goes through the real `proofwright check` and the step segmentation; the
// report half runs `verify --report` with the scripted verifier.
import { readdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main';
import { captureIO } from '../cli/testing/capture-io';
import { onlyMacroDefinitions } from '../common/tex/macros';
import { formatFromPath, parseProof } from '../proof';
import { proofSection, reportOfCases } from '../report/testing/cases-report';
import { HELDOUT_LATEX as CASES } from '../common/tex/cases/heldout-latex';

const dir = join(import.meta.dirname, 'corpus', 'heldout', 'latex');

async function check(file: string): Promise<{ code: number; lint: { message: string }[]; fails: number }> {
  const io = captureIO(dir);
  const code = await main(['check', file, '--json'], io);
  const json = JSON.parse(io.out) as { lint: { message: string }[]; summary: { fails: number } };
  return { code, lint: json.lint, fails: json.summary.fails };
}

describe('held-out LaTeX variants in `proofwright check`', () => {
  it('covers every file in the folder', async () => {
    expect((await readdir(dir)).sort()).toEqual(CASES.map((c) => c.file).sort());
  });

  it.each(CASES)('$file: no lint finding, no fails, exit 0, $formulas formulas', async ({ file, formulas }) => {
    const { code, lint, fails } = await check(file);
    expect(lint).toEqual([]);
    expect(fails).toBe(0);
    expect(code).toBe(0);
    const found = parseProof(readFileSync(join(dir, file), 'utf8'), formatFromPath(file))
      .steps.flatMap((s) => s.math.map((m) => m.tex))
      .filter((tex) => !onlyMacroDefinitions(tex));
    expect(found).toHaveLength(formulas);
  });
});

describe('held-out LaTeX variants in the HTML report (verify --report)', () => {
  let html: string;
  let remove: () => Promise<void>;

  beforeAll(async () => {
    ({ html, remove } = await reportOfCases(CASES.map(({ file }) => join(dir, file)), 'Show it.'));
  }, 120_000);

  afterAll(() => remove?.());

  /** The proof column of one file's steps in the report. */
  function proofColumn(file: string): string {
    const steps = proofSection(html, file);
    return [...steps.matchAll(/<div class="source">([\s\S]*?)<\/div>\n<div class="notes">/g)].map((m) => m[1]).join('\n');
  }

  /** Macro names printed as source in the proof column (KaTeX's annotation keeps the source: not counted). */
  const macroNamesShown = (column: string) => column.replace(/<annotation[\s\S]*?<\/annotation>/g, '').match(/\\(?:sen|tg|ctg|abs|ip|eps|norm|R|Z|N|set|tr|Hom|ensuremath|xspace|vect|seq|pnorm)\b/g) ?? [];

  it.each(CASES)('$file: typeset without a KaTeX error, $formulas formulas, the text kept', ({ file, formulas, shows, textMacro }) => {
    const column = proofColumn(file);
    expect(column).not.toContain('katex-error');
    expect(column.split('class="katex"').length - 1).toBe(formulas + (textMacro ?? 0));
    for (const text of shows ?? []) expect(column).toContain(text);
    // A preamble or in-math macro is expanded, never printed as its name.
    expect(macroNamesShown(column)).toEqual([]);
  });

  // An `\ensuremath` macro used in text mode (`Let \eps{} be positive`) is typeset where it stands, as LaTeX does.
  it('l5 variants: an \\ensuremath macro used in text mode is typeset, not printed as source', () => {
    for (const { file } of CASES.filter((c) => c.textMacro)) expect(macroNamesShown(proofColumn(file)), file).toEqual([]);
  });
});
