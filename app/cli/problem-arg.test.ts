// `--problem FILE|TEXT`: a value that names a file that is not there (a typo) or a folder is refused
// before any model call; it was sent to the model as the problem statement itself ("problme.md").
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readProblemArg } from './io';
import { main } from './main';
import { captureIO } from './testing/capture-io';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-problem-arg-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('--problem FILE|TEXT', () => {
  it('reads a file, takes a statement as it is, and refuses a missing problem file or a folder', async () => {
    await writeFile(join(dir, 'problem.md'), 'Show that $n^2 \\ge n$.\n');
    await mkdir(join(dir, 'problems'));
    expect(await readProblemArg(dir, 'problem.md')).toBe('Show that $n^2 \\ge n$.');
    expect(await readProblemArg(dir, 'Show that 1+1=2.')).toBe('Show that 1+1=2.');
    expect(await readProblemArg(dir, '$x.y$')).toBe('$x.y$');
    await expect(readProblemArg(dir, 'problme.md')).rejects.toThrow('no problem file problme.md');
    await expect(readProblemArg(dir, 'sub/p.tex')).rejects.toThrow('no problem file sub/p.tex');
    await expect(readProblemArg(dir, 'problems')).rejects.toThrow('problems is a folder');
  });

  it('verify with a mistyped --problem file stops before any model call', async () => {
    await writeFile(join(dir, 'proof.md'), 'Since $n \\ge 1$, $n^2 \\ge n$.\n');
    // A script that answers no verify call: one would fail with "no rule matches".
    await writeFile(join(dir, 'script.json'), JSON.stringify({ rules: [{ role: 'generate', responses: ['x'] }] }));
    const io = captureIO(dir);
    expect(await main(['verify', 'proof.md', '--problem', 'problme.md', '--backend', 'scripted:script.json', '--samples', '1', '--no-record'], io)).toBe(1);
    expect(io.err).toContain('no problem file problme.md');
    expect(io.err).not.toContain('no rule matches');
  });
});
