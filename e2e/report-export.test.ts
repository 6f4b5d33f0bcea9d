// One report assembly (issue 11, item 10): the report the app exports for a verify run (Export report,
// in Chromium through serve mode) and `proofwright verify --report` for the same run show the same
// problem rendering, findings and macros; neither contradicts itself, shows raw LaTeX or the
// machine's absolute script path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, makeWorkspace, openWorkbench, type TempWorkspace, type WorkbenchHandle } from './support';
import { pageProbes } from './support/workbench';

const SAMPLES = join(REPO_ROOT, 'resources', 'samples');
const SCRIPT = join(SAMPLES, 'scripts', 'samples.deepseek.scripted.json');
const poll = <T,>(fn: () => T | Promise<T>, timeout = 30_000) => expect.poll(fn, { timeout });

let ws: TempWorkspace;
let wb: WorkbenchHandle | undefined;

/** The part of a report about the proof: problem, steps with findings, analyses. */
function proofPart(html: string): string {
  return html.slice(html.indexOf('<div class="problem">'), html.lastIndexOf('</section>'));
}

beforeAll(() => {
  ws = makeWorkspace();
  ws.copyFrom(join(SAMPLES, 'cauchy-equation.md'), 'cauchy-equation.md');
  ws.copyFrom(join(SAMPLES, 'cauchy-equation.problem.md'), 'cauchy-equation.problem.md');
});
afterAll(async () => {
  await wb?.close();
  ws?.remove();
});

describe('the exported report', () => {
  it('is the same from the app as from verify --report for one run, and agrees with itself', async () => {
    execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'proofwright.mjs'), 'verify', 'cauchy-equation.md', '--backend', `scripted:${SCRIPT}`,
      '--samples', '2', '--meta', '--report', 'cli.html', '--json', 'out.json'], { cwd: ws.dir, stdio: 'pipe' });
    const runId = JSON.parse(readFileSync(join(ws.dir, 'out.json'), 'utf8')).proofs[0].runId as string;
    const cliHtml = readFileSync(join(ws.dir, 'cli.html'), 'utf8');

    wb = await openWorkbench({ workspace: ws.dir, backend: `scripted:${SCRIPT}`, connectedText: 'scripted' });
    const { page } = wb;
    const probe = pageProbes(page);
    await page.getByRole('button', { name: 'Files' }).click();
    await page.getByRole('button', { name: 'cauchy-equation.md', exact: true }).click();
    await poll(() => page.getByTestId('docname').textContent()).toBe('cauchy-equation.md');
    await poll(probe.synced).toBe(true);
    // History › Show findings on the CLI's run, then Export report.
    await page.getByTestId('tab-history').click();
    const row = page.getByTestId('history').locator('tr', { has: page.getByTestId(`record-${runId}`) });
    await row.getByRole('button', { name: 'Show findings' }).click();
    await poll(() => probe.state<string | null>('(s) => s.verify && s.verify.runId')).toBe(runId);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('export').click()]);
    const appHtml = readFileSync((await download.path())!, 'utf8');

    expect(proofPart(appHtml)).toBe(proofPart(cliHtml));
    for (const html of [cliHtml, appHtml]) {
      const problem = html.slice(html.indexOf('<div class="problem">'), html.indexOf('<div class="steps">'));
      expect(problem).toContain('class="katex"');
      expect(problem).not.toMatch(/\$[^$<]*\\[a-z]+/);
      const findings = html.slice(html.indexOf('<ul class="findings">'));
      expect(findings.slice(0, findings.indexOf('</ul>'))).toContain('class="katex"');
      // The step says "2 of 2 flagged, 2 confirmed"; the summary counts the same step.
      expect(html).toContain('2 of 2 flagged, 2 confirmed');
      const cells = [...html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>')).matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1]);
      // Steps flagged by the verifier, the checker's findings, confirmed by meta-verification.
      expect([cells.at(-3), cells.at(-1)]).toEqual(['1', '1']);
      expect(cells.at(-2)).toMatch(/^\d+$/);
      expect(html).toContain('backend: scripted:samples.deepseek.scripted.json');
      expect(html).not.toContain(SAMPLES);
    }
  });
});
