// `proofwright models …` in-process through the real CLI entry point, on real files and a local HTTP server.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_MODEL_HYPER, writeTinyGguf } from '../../scripts/make-tiny-gguf';
import type { CliIO } from './io';
import { main } from './main';

const dir = mkdtempSync(join(tmpdir(), 'pw-models-cli-'));
const libDir = join(dir, 'library');
const modelPath = join(dir, 'tiny.gguf');
let parameters: number;

beforeAll(() => {
  parameters = writeTinyGguf(modelPath, { size: 'test', seed: 2 }).parameters;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], signal?: AbortSignal) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTTY: false, cwd: dir, env: { PROOFWRIGHT_MODELS_DIR: libDir }, signal };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('proofwright models', () => {
  it('imports, lists, inspects and removes', async () => {
    expect((await cli(['models', 'list'])).stdout).toMatch(/No models in/);
    const imported = await cli(['models', 'import', 'tiny.gguf']);
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toMatch(/^Linked tiny/);
    // Again: named as `models list` names it, with the command that removes it.
    const again = await cli(['models', 'import', 'tiny.gguf']);
    expect(again).toMatchObject({ code: 1, stdout: '' });
    expect(again.stderr).toBe('proofwright: error: the library already has tiny; remove it first (proofwright models remove tiny) or use it as it is\n');

    const list = await cli(['models', 'list', '--json']);
    const out = JSON.parse(list.stdout);
    expect(out.dir).toBe(libDir);
    expect(out.models).toHaveLength(1);
    expect(out.models[0]).toMatchObject({ name: 'tiny', linked: true, summary: { parameterCount: parameters } });
    expect((await cli(['models', 'list'])).stdout).toMatch(new RegExp(`tiny\\s+\\S+ KiB\\s+\\S+\\s+F32\\s+${TINY_MODEL_HYPER.test.contextLength}\\s+llama\\s+→ `));

    const inspect = await cli(['models', 'inspect', 'tiny', '--ctx', '128', '--json']);
    expect(JSON.parse(inspect.stdout)).toMatchObject({ architecture: 'llama', parameterCount: parameters, memory: { contextSize: 128 } });
    const human = await cli(['models', 'inspect', 'tiny.gguf']);
    expect(human.stdout).toMatch(/architecture\s+llama/);
    expect(human.stdout).toMatch(/chat template\s+\{% for message in messages %\}/);

    expect((await cli(['models', 'remove', 'tiny'])).stdout).toMatch(/Removed the link tiny/);
    expect(readFileSync(modelPath).length).toBeGreaterThan(0);
  });

  it('gives one clear line and exit 1 for bad files', async () => {
    writeFileSync(join(dir, 'page.gguf'), '<html>');
    const bad = await cli(['models', 'inspect', 'page.gguf']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^proofwright: error: .*page\.gguf is not a GGUF model file \(GGUF files start with the bytes "GGUF"\)\n$/);
    // Import by absolute path of any readable file: what it is not, never what it holds.
    writeFileSync(join(dir, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
    const leak = await cli(['models', 'import', join(dir, 'passwd')]);
    expect(leak.code).toBe(1);
    expect(leak.stderr).toBe(`proofwright: error: ${join(dir, 'passwd')} is not a GGUF model file (GGUF files start with the bytes "GGUF")\n`);
    const missing = await cli(['models', 'import', 'nope.gguf']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no such file/);
    expect((await cli(['models', 'remove', 'ghost'])).stderr).toMatch(/no model named "ghost"/);
    expect((await cli(['models', 'inspect', 'tiny.gguf', '--ctx', 'lots'])).code).toBe(2);
  });

  it('pulls from a URL with progress on stderr', async () => {
    const bytes = readFileSync(modelPath);
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-length': bytes.length });
      res.end(bytes);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/m/tiny-pulled.gguf`;
      const pulled = await cli(['models', 'pull', url]);
      expect(pulled.code).toBe(0);
      expect(pulled.stdout).toMatch(/^Pulled tiny-pulled/);
      expect(pulled.stderr).toMatch(/tiny-pulled\.gguf: .* \(100%\)/);
      expect(readFileSync(join(libDir, 'tiny-pulled.gguf')).equals(bytes)).toBe(true);
    } finally {
      server.close();
    }
  });

  it('shows the catalogue', async () => {
    const run = await cli(['models', 'catalogue']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/proofwright models pull hf:Qwen\/Qwen3-8B-GGUF:Q4_K_M/);
    expect(run.stdout).toMatch(/DeepSeekMath-V2 \(685B, reference/);
  });
});
