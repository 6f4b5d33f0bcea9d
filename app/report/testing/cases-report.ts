// Test helper: a folder of proof files through the real `proofwright verify FOLDER --report` with the
// scripted verifier (one verdict of 1 per sample), and the report's section for one of them
// (app/report/latex-cases.test.ts, app/check/heldout-latex.test.ts).
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect } from 'vitest';
import { main } from '../../cli/main';
import { captureIO } from '../../cli/testing/capture-io';

const VERDICT = 'Here is my evaluation of the solution:\n\nFine.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{1}';

/**
 * Copies `files` (absolute paths) into `cases/` of a temporary workspace and runs `verify cases
 * --samples 1 --problem PROBLEM --report report.html` there (exit 0 asserted); the report's HTML and
 * a way to remove the workspace.
 */
export async function reportOfCases(files: readonly string[], problem: string): Promise<{ html: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'pw-cases-report-'));
  await mkdir(join(dir, 'cases'));
  for (const file of files) await copyFile(file, join(dir, 'cases', basename(file)));
  await writeFile(join(dir, 'script.json'), JSON.stringify({ rules: [{ role: 'verify', responses: [VERDICT] }] }));
  const io = captureIO(dir);
  const args = ['verify', 'cases', '--backend', 'scripted:script.json', '--samples', '1', '--problem', problem, '--report', 'report.html'];
  expect(await main(args, io), io.err).toBe(0);
  return { html: await readFile(join(dir, 'report.html'), 'utf8'), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The steps of `cases/NAME` in the report (its section without the verifier's analyses); asserted present. */
export function proofSection(html: string, name: string): string {
  const section = html.split('<section class="proof"').find((s) => s.includes(`<h2>cases/${name} `));
  expect(section, name).toBeDefined();
  return section!.slice(section!.indexOf('<div class="steps">'), section!.indexOf('<section class="samples">'));
}
