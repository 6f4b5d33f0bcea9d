// The local backend as the rest of the engine reaches it: through a backend spec, and through the
// real `proofwright verify` binary on a sample proof with the tiny random model. Its verdicts mean
// nothing (scores come back unparsed), but the run, its record and the JSON must be complete.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTinyModel } from '../../../scripts/make-tiny-gguf';
import { createBackend } from '../spec';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const modelPath = ensureTinyModel({ size: 'test', seed: 1 });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-local-cli-'));
  for (const f of ['cauchy-equation.md', 'cauchy-equation.problem.md']) await copyFile(join(ROOT, 'resources/samples', f), join(dir, f));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('local backend through the engine', () => {
  it('is what a local: spec builds (relative paths resolved against cwd)', async () => {
    const backend = await createBackend(`local:${relative(dir, modelPath)}`, { cwd: dir, threads: 1, parallel: 2 });
    try {
      expect(backend.info()).toMatchObject({ kind: 'local', parallel: 2 });
      const result = await backend.generate({
        messages: [{ role: 'user', content: 'Is 2 + 2 = 4?' }],
        role: 'verify',
        maxTokens: 8,
        temperature: 0,
        topP: 1,
      });
      expect(result.completionTokens).toBe(8);
    } finally {
      await backend.dispose();
    }
  });

  it('runs `proofwright verify --backend local:NAME` with a model of the library, and names a missing one', { timeout: 240_000 }, async () => {
    const library = join(dir, 'library');
    await mkdir(library, { recursive: true });
    await symlink(modelPath, join(library, 'tiny-named.gguf'));
    const verify = (backend: string) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [join(ROOT, 'bin/proofwright.mjs'), 'verify', 'cauchy-equation.md', '--backend', backend, '--samples', '1', '--max-tokens', '8', '--no-record', '--json'],
        { cwd: dir, env: { ...process.env, PROOFWRIGHT_BACKEND: '', PROOFWRIGHT_MODELS_DIR: library }, timeout: 200_000 },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });
    const named = await verify('local:tiny-named');
    expect(JSON.parse(named.stdout)).toMatchObject({ backend: 'local:tiny-named', samples: [expect.objectContaining({ callId: expect.any(String) })] });
    const missing = await verify('local:no-such-model');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no model named "no-such-model" in the library .*proofwright models list/);
    expect(missing.stdout).toBe('');
  });

  it('runs `proofwright verify --backend local:tiny.gguf --samples 4 --json` end to end', { timeout: 240_000 }, async () => {
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [join(ROOT, 'bin/proofwright.mjs'), 'verify', 'cauchy-equation.md', '--backend', `local:${modelPath}`, '--samples', '4', '--max-tokens', '24', '--json'],
        { cwd: dir, env: { ...process.env, PROOFWRIGHT_BACKEND: '' }, timeout: 200_000 },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });
    // The random-weight model is cut off at 24 tokens: no sample gives a verdict, and the CLI says so
    // with its own exit status (3) instead of passing it off as a result.
    expect(run.stderr).toMatch(/no verdict: none of the 4 samples gave one \(4 × cut off at the token limit/);
    expect(run.code).toBe(3);
    const result = JSON.parse(run.stdout) as { runId: string; samples: { status: string; analysis: string }[]; backend: string; model: string };
    expect(result.backend).toBe(`local:${modelPath}`);
    expect(result.samples).toHaveLength(4);
    for (const sample of result.samples) expect(sample.analysis.length).toBeGreaterThan(0);
    const records = await readdir(join(dir, '.proofwright', 'runs'));
    const record = await readFile(join(dir, '.proofwright', 'runs', records.find((f) => f.startsWith(result.runId))!), 'utf8');
    const lines = record.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ type: 'header', runId: result.runId, backend: { spec: `local:${modelPath}`, model: basename(modelPath) } });
    const calls = lines.filter((line) => line.type === 'call');
    expect(calls).toHaveLength(4);
    for (const call of calls) {
      expect(call).toMatchObject({ role: 'verify', finishReason: 'length', model: basename(modelPath), completionTokens: 24 });
      expect((call.output as { text: string }).text.length).toBeGreaterThan(0);
    }
    expect(lines.at(-1)).toMatchObject({ type: 'summary', calls: 4 });
  });
});
