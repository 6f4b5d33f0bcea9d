// Blocks and steps agree: the core's block splitter (app/common/blocks, what the preview renders,
// caches and scrolls by) and the step segmentation (what findings, the checker and the report are
// placed on) cut a document at the same places. Every step starts where a block starts (after its
// indentation) and ends where a block ends, so a finding on a step highlights exactly the blocks of
// that step and never half of a block that also shows another step.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitBlocks } from '../common/blocks';
import type { DocumentFormat } from '../common/proof';
import { formatFromPath, isProofFile } from '../common/proof-files';
import { parseProof } from './index';
import { anyDocument } from './test-support/arbitraries';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Steps whose start or end is not a block boundary (empty when the two agree). A block's end is its
 * last visible character: a Markdown block keeps spaces left at the end of its last line (the
 * incremental splitter cuts at line ends), a step does not, and nothing is drawn for them (the preview
 * places a step's findings by its start, PreviewPane `stepsByBlock`).
 */
function disagreements(text: string, format: DocumentFormat): string[] {
  const blocks = splitBlocks(text, format);
  const starts = new Set(blocks.map((b) => b.start + (b.text.length - b.text.trimStart().length)));
  const ends = new Set(blocks.map((b) => b.start + b.text.trimEnd().length));
  return parseProof(text, format).steps
    .filter((s) => !starts.has(s.range.start) || !ends.has(s.range.end))
    .map((s) => `${s.label} ${JSON.stringify(s.text.slice(0, 60))} in blocks ${JSON.stringify(blocks.map((b) => b.text.slice(0, 30)))}`);
}

function proofFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...proofFilesUnder(path));
    else if (isProofFile(name) || name.endsWith('.problem.md')) out.push(path);
  }
  return out;
}

describe('blocks and steps agree', () => {
  it('on every proof in the repository (samples, checker corpus, LaTeX cases)', () => {
    const files = ['resources/samples', 'app/check/corpus', 'app/common/tex/cases'].flatMap((d) => proofFilesUnder(join(root, d)));
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      expect(disagreements(readFileSync(file, 'utf8'), formatFromPath(file)), file).toEqual([]);
    }
  });

  it.each([
    ['an HTML comment line right above the text', '<!-- expected: silent -->\nFor a single row $5 < 4$, absurd.\n', 'markdown'],
    ['a paragraph, a $$ display and text without blank lines', 'We get.\n$$\nx = 1\n$$\nSo $x$ is one.\n', 'markdown'],
    ['a $$ display whose closing $$ ends a line of math', 'We compute.\n\n$$\\begin{align*}\na &= b\n\\end{align*}$$\n\nSo it holds.\n\n$$\nx = 1$$\n\nDone.\n', 'markdown'],
    ['nested list items', '- a\n- b\n  - nested\n    - deeper\n\nText.\n', 'markdown'],
    ['paragraphs ending in spaces (a line break with nothing after it, a stray space)', 'For $n=1$: $a_1 = 1$.  \n\nSuppose $a_k$ holds. \nThen it holds for $k+1$. \n\nDone.\t\n', 'markdown'],
    ['\\item lines in itemize', '\\begin{itemize}\n\\item one\n\\item two $x$\n\\end{itemize}\n', 'markdown'],
    ['comment lines and a trailing comment in .tex', '\\section{A}\nText.\n\\begin{proof}\nA.\n\n% c\nB $x$. % note\n\\end{proof}\n', 'tex'],
    ['a .tex document with a preamble', '\\documentclass{article}\n\\newcommand{\\R}{\\mathbb{R}}\n\\begin{document}\nLet $x \\in \\R$.\n\n\\begin{enumerate}\n\\item one\n\\item two\n\\end{enumerate}\n\\end{document}\n', 'tex'],
  ] as const)('on %s', (_name, text, format) => {
    expect(disagreements(text, format)).toEqual([]);
  });

  it('on generated documents (every construct the parser knows)', () => {
    fc.assert(
      fc.property(anyDocument, ({ text, format }: { text: string; format: DocumentFormat }) => {
        expect(disagreements(text, format)).toEqual([]);
      }),
      { numRuns: Number(process.env.PROOF_FC_RUNS ?? 100) },
    );
  });
});
