// Temporary workspaces for e2e tests.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './serve';

const SAMPLES = join(REPO_ROOT, 'resources', 'samples');

export interface TempWorkspace {
  dir: string;
  write(relPath: string, text: string): string;
  copyFrom(src: string, relPath: string): string;
  remove(): void;
}

export function makeWorkspace(files: Record<string, string> = {}): TempWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'pw-e2e-ws-'));
  const write = (relPath: string, text: string) => {
    const path = join(dir, relPath);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  };
  for (const [rel, text] of Object.entries(files)) write(rel, text);
  return {
    dir,
    write,
    copyFrom: (src, relPath) => {
      const path = join(dir, relPath);
      mkdirSync(dirname(path), { recursive: true });
      cpSync(src, path);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A workspace for the scripted DeepSeek-style sample backend (open the workbench with backend
 * 'scripted:scripts/samples.json'): every sample model output under outputs/, the sample script as
 * scripts/samples.json, and the Cauchy-equation sample as proofs/cauchy.md with proofs/cauchy.problem.md.
 */
export function cauchyWorkspace(): TempWorkspace {
  const ws = makeWorkspace();
  for (const f of readdirSync(join(SAMPLES, 'outputs'))) ws.copyFrom(join(SAMPLES, 'outputs', f), `outputs/${f}`);
  ws.copyFrom(join(SAMPLES, 'scripts', 'samples.deepseek.scripted.json'), 'scripts/samples.json');
  ws.copyFrom(join(SAMPLES, 'cauchy-equation.md'), 'proofs/cauchy.md');
  ws.copyFrom(join(SAMPLES, 'cauchy-equation.problem.md'), 'proofs/cauchy.problem.md');
  return ws;
}

/** A 3,000-line proof: numbered steps with inline and display math, as a long real proof reads (large-file walkthroughs). */
export function longProof(): string {
  const lines: string[] = ['# A long proof', ''];
  for (let k = 1; lines.length < 3_000; k++) {
    lines.push(`**Step ${k}.** Since $x_{${k}}^2 + y_{${k}}^2 \\ge 2 x_{${k}} y_{${k}}$, we have $a_{${k}} \\le \\frac{b_{${k}}}{2}$.`, '');
    if (k % 10 === 0) lines.push('$$', `\\sum_{i=1}^{${k}} a_i \\le \\sum_{i=1}^{${k}} \\frac{b_i}{2}.`, '$$', '');
  }
  return lines.slice(0, 3_000).join('\n') + '\n';
}
