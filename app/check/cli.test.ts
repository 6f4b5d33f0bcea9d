// `proofwright check` in-process through the real command table (main.ts), on real files.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main';
import type { CliIO } from '../cli/io';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-check-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTTY: false, cwd: dir, env: {} };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('proofwright check', () => {
  it('prints file:line:col findings and exits 1 on a failing computation and an unknown macro', async () => {
    await writeFile(join(dir, 'bad.md'), 'Let $x > 0$.\n\n$$\n(x+1)^2 = x^2 + 2x + 1 = x^2 + 1\n$$\n\nAlso $\\foo{x}$.\n');
    const { code, stdout, stderr } = await run(['check', 'bad.md', '--no-symbolic']);
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^bad\.md:4:11: error: Computation fails at \$x = [\d.]+\$: \$x\^2 \+ 2x \+ 1 = x\^2 \+ 1\$ — left side = [\d.]+, right side = [\d.]+ \(hypotheses used: \$x > 0\$\) \[computation\]$/);
    expect(lines[1]).toBe('bad.md:7:7: error: Unknown macro \\foo: define it with \\newcommand in the document or in the macros setting [unknown-macro]');
    expect(lines[2]).toBe('2 errors, 0 warnings; computations: 0 verified, 1 hold numerically, 1 fail, 1 unchecked');
    expect(stderr).toContain('bad.md: 2 errors found');
  });

  it('exits 0 on a clean file and writes JSON with positions; --macros adds macros', async () => {
    await writeFile(join(dir, 'good.tex'), '\\begin{document}\n\\begin{equation}\n\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2} \\label{eq:sum}\n\\end{equation}\nwith $x \\in \\field$.\n\\end{document}\n');
    await writeFile(join(dir, 'macros.json'), JSON.stringify({ field: '\\mathbb{F}' }));
    const { code, stdout } = await run(['check', 'good.tex', '--json', '--macros', 'macros.json', '--no-symbolic']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.summary).toMatchObject({ errors: 0, fails: 0, holds: 1 });
    expect(json.computations[0]).toMatchObject({ status: 'holds', left: '\\sum_{k=1}^{n} k', start: { line: 3, column: 1 } });
    const without = await run(['check', 'good.tex', '--no-symbolic']);
    expect(without.code).toBe(1);
    expect(without.stdout).toContain('good.tex:5:13: error: Unknown macro \\field');
  });

  it("uses the workspace's macros.tex under the document's own definitions, as the workbench does", async () => {
    const sub = join(dir, 'ws-macros');
    await mkdir(sub);
    await writeFile(join(sub, 'macros.tex'), '\\newcommand{\\Rpos}{\\mathbb{R}_{>0}}\n\\newcommand{\\abs}[1]{|#1|}\n');
    await writeFile(join(sub, 'p.md'), '$$\\renewcommand{\\abs}[1]{\\left|#1\\right|}$$\n\nFor $x \\in \\Rpos$, $\\abs{x} = x$ and $\\unknown$.\n');
    let stdout = '';
    const io: CliIO = { stdout: (t) => void (stdout += t), stderr: () => undefined, stderrIsTTY: false, cwd: sub, env: {} };
    expect(await main(['check', 'p.md', '--json', '--no-symbolic'], io)).toBe(1);
    const json = JSON.parse(stdout);
    expect(json.lint.map((l: { message: string }) => l.message)).toEqual([expect.stringContaining('Unknown macro \\unknown')]);
  });

  it('says clearly what is wrong with a bad macros file or a missing proof', async () => {
    await writeFile(join(dir, 'bad-macros.json'), '[1, 2]');
    await writeFile(join(dir, 'p.md'), '$$1 = 1$$\n');
    expect((await run(['check', 'p.md', '--macros', 'bad-macros.json'])).stderr).toContain('must hold one object mapping macro names');
    const missing = await run(['check', 'nope.md']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('proof file not found: nope.md');
  });
});
