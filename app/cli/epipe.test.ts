// `proofwright steps FILE | head`: when the reader closes the pipe early the CLI stops quietly, with
// no EPIPE stack trace. Run through a real shell pipeline, as a user would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = resolve(fileURLToPath(new URL('../../bin/proofwright.mjs', import.meta.url)));
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw-epipe-'));
  // Far more output than a pipe buffer holds, so writes go on after `head` has exited.
  writeFileSync(join(dir, 'long.md'), Array.from({ length: 6000 }, (_, i) => `Paragraph number ${i} of a long proof, with $x_{${i}} = ${i}$.`).join('\n\n'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the CLI on a closed pipe', () => {
  it('prints the first lines and exits without an EPIPE error', () => {
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" steps long.md 2>stderr.txt | head -n 2; cat stderr.txt`], { cwd: dir, encoding: 'utf8' });
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 2).every((l) => l.length > 0)).toBe(true);
    expect(result.stdout).not.toMatch(/EPIPE|Error|at .*\.ts:\d+/);
    expect(lines.slice(2).join('\n').trim()).toBe('');
  });
});
