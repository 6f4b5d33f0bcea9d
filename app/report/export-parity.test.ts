// One report assembly: the app's exported report of a verify run and `proofwright verify --report` for
// the same run show the same problem rendering, the same findings, the same macros and the same
// equation numbers.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main';
import { captureIO } from '../cli/testing/capture-io';
import { visibleNumbers } from '../common/tex/cases/numbering';
import type { EngineService } from '../engine/service';
import { startInProcessEngine } from '../engine/testing/in-process';

const analysis = (score: string, note: string) =>
  `Here is my evaluation of the solution:\n\n${note}\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}`;

let base: string;
let ws: string;
let service: EngineService | undefined;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'pw-export-parity-'));
  ws = join(base, 'ws');
  mkdirSync(ws);
  writeFileSync(join(ws, 'macros.tex'), '\\newcommand{\\Rn}{\\mathbb{R}^n}\n');
  writeFileSync(join(ws, 'norms.md'), '$$\\newcommand{\\norm}[1]{\\left\\Vert #1 \\right\\Vert}$$\n\nFor every vector $x \\in \\Rn$ we have $\\norm{x} \\ge 0$.\n\nHence the claim.\n\n\\begin{align}\n\\norm{0} &= 0 \\label{eq:zero} \\\\\n\\norm{x} &\\ge 0\n\\end{align}\n\nBy \\eqref{eq:zero}; and \\ref{eq:none};\n');
  writeFileSync(join(ws, 'norms.problem.md'), 'Show that $\\norm{x} \\ge 0$ costs nothing, not even $20,000.\n');
  writeFileSync(join(ws, 'script.json'), JSON.stringify({
    rules: [{ role: 'verify', responses: [analysis('0.5', '[S2] The step "$\\norm{x} \\ge 0$" needs the definition of a norm.'), analysis('1', 'Fine.')] }],
  }));
});

afterAll(async () => {
  await service?.shutdown();
  rmSync(base, { recursive: true, force: true });
});

/** The part of a report about the proof: problem, steps with findings, analyses. */
function proofPart(html: string): string {
  return html.slice(html.indexOf('<div class="problem">'), html.lastIndexOf('</section>'));
}

describe('report export parity', () => {
  it('the app exports the same proof section as verify --report writes for the same run', async () => {
    const cli = captureIO(ws);
    expect(await main(['verify', 'norms.md', '--backend', 'scripted:script.json', '--samples', '2', '--report', 'cli.html', '--json', 'out.json'], cli), cli.err).toBe(0);
    const runId = JSON.parse(readFileSync(join(ws, 'out.json'), 'utf8')).proofs[0].runId as string;
    const cliHtml = readFileSync(join(ws, 'cli.html'), 'utf8');

    const started = await startInProcessEngine({ workspace: ws, userData: join(base, 'user') });
    service = started.service;
    const doc = await started.engine.openDocument({ path: 'norms.md' });
    const { html: appHtml } = await started.engine.exportReport({ docId: doc.docId, runId });

    const part = proofPart(cliHtml);
    // What both must show: the problem typeset with the document's macro, currency as text, the finding.
    const problem = part.slice(0, part.indexOf('<div class="steps">'));
    expect(problem).toContain('class="katex"');
    expect(problem).toContain('$20,000');
    expect(problem).not.toContain('katex-error');
    expect(part).toContain('needs the definition of a norm');
    // The workspace macros.tex (\Rn) and the document's own \norm are typeset, never shown as errors.
    expect(part).not.toContain('katex-error');
    expect(part).toContain('mathbb');
    // Equation numbers and references as the preview shows them (app/common/tex/numbering.ts).
    expect(visibleNumbers(part).tags).toEqual(['(1)', '(2)']);
    expect(part).toContain('By (1); and <span class="pw-ref-unknown" title="No \\label{eq:none} in this document">??</span>;');
    expect(proofPart(appHtml)).toBe(part);
  });
});
