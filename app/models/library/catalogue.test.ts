import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogueSchema, DEFAULT_CATALOGUE_PATH, loadCatalogue } from './catalogue';
import { resolveSource } from './huggingFace';

describe('model catalogue', () => {
  it('is valid and covers several sizes, with the real DeepSeekMath-V2 as a server model', async () => {
    const catalogue = await loadCatalogue();
    const local = catalogue.models.filter((m) => m.backend === 'local');
    expect(new Set(local.map((m) => m.suitability))).toEqual(new Set(['smoke-test', 'weak', 'useful', 'strong']));
    const dsm = catalogue.models.find((m) => m.id === 'deepseek-math-v2');
    expect(dsm).toMatchObject({ backend: 'openai', source: null, profile: 'deepseek-math-v2' });
    expect(dsm!.notes).toMatch(/vLLM or SGLang/);
  });

  it('has sources the pull command can parse', async () => {
    const catalogue = await loadCatalogue();
    for (const model of catalogue.models) {
      if (!model.source) continue;
      expect(model.source, model.id).toMatch(/^hf:[\w.-]+\/[\w.-]+-GGUF:[A-Z0-9_]+$/);
    }
    // A direct-file hf source resolves without the network.
    await expect(resolveSource('hf:Qwen/Qwen3-0.6B-GGUF/Qwen3-0.6B-Q8_0.gguf', { endpoint: 'https://huggingface.co' })).resolves.toMatchObject({
      url: 'https://huggingface.co/Qwen/Qwen3-0.6B-GGUF/resolve/main/Qwen3-0.6B-Q8_0.gguf',
      fileName: 'Qwen3-0.6B-Q8_0.gguf',
    });
  });

  it('rejects a broken catalogue with a message naming the problem', async () => {
    const raw = JSON.parse(JSON.stringify(await loadCatalogue(DEFAULT_CATALOGUE_PATH)));
    raw.models[0].suitability = 'excellent';
    raw.models[1].id = raw.models[2].id;
    expect(CatalogueSchema.safeParse(raw).success).toBe(false);
    const path = join(mkdtempSync(join(tmpdir(), 'pw-cat-')), 'bad.json');
    writeFileSync(path, JSON.stringify(raw));
    await expect(loadCatalogue(path)).rejects.toThrow(/invalid.*suitability/s);
  });
});
