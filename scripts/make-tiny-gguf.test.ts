import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { afterAll, describe, expect, it } from 'vitest';
import { CHATML_TEMPLATE, ensureTinyModel, TINY_MODEL_HYPER, writeTinyGguf } from './make-tiny-gguf';

const dir = mkdtempSync(join(os.tmpdir(), 'proofwright-tiny-gguf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('writeTinyGguf', () => {
  it('writes a GGUF v3 llama model with the keys and tensors llama.cpp needs', async () => {
    const path = join(dir, 'a.gguf');
    const { bytes, parameters } = writeTinyGguf(path, { size: 'test', seed: 7 });
    expect(bytes).toBe(statSync(path).size);
    expect(bytes).toBeGreaterThan(500_000);
    expect(bytes).toBeLessThan(2_000_000);
    expect(parameters * 4).toBeLessThanOrEqual(bytes);

    const info = await readGgufFileInfo(path, { logWarnings: false });
    const h = TINY_MODEL_HYPER.test;
    expect(info.version).toBe(3);
    const meta = info.metadata as unknown as Record<string, Record<string, unknown>>;
    expect(meta.general.architecture).toBe('llama');
    expect(meta.llama).toMatchObject({
      context_length: h.contextLength,
      embedding_length: h.nEmbd,
      block_count: h.nLayer,
      feed_forward_length: h.nFf,
      rope: { dimension_count: h.nEmbd / h.nHead },
    });
    const tokenizer = meta.tokenizer as { ggml: Record<string, unknown>; chat_template: string };
    expect(tokenizer.chat_template).toBe(CHATML_TEMPLATE);
    const tokens = tokenizer.ggml.tokens as string[];
    expect(tokenizer.ggml.model).toBe('llama');
    expect(tokens.slice(0, 3)).toEqual(['<unk>', '<s>', '</s>']);
    expect(tokens).toContain('<0x00>');
    expect(tokens).toContain('<0xFF>');
    expect(tokens.filter((t) => /^<0x[0-9A-F]{2}>$/.test(t))).toHaveLength(256);
    expect(tokens).toContain('▁proof');
    expect((tokenizer.ggml.scores as number[]).length).toBe(tokens.length);

    const names = info.tensorInfo!.map((t) => t.name);
    expect(names).toHaveLength(3 + 9 * h.nLayer);
    const embd = info.tensorInfo!.find((t) => t.name === 'token_embd.weight')!;
    expect(embd.dimensions.map(Number)).toEqual([h.nEmbd, tokens.length]);
    const down = info.tensorInfo!.find((t) => t.name === 'blk.0.ffn_down.weight')!;
    expect(down.dimensions.map(Number)).toEqual([h.nFf, h.nEmbd]);
  });

  it('is deterministic in the seed', () => {
    writeTinyGguf(join(dir, 's1.gguf'), { size: 'test', seed: 1 });
    writeTinyGguf(join(dir, 's1-again.gguf'), { size: 'test', seed: 1 });
    writeTinyGguf(join(dir, 's2.gguf'), { size: 'test', seed: 2 });
    expect(sha(join(dir, 's1.gguf'))).toBe(sha(join(dir, 's1-again.gguf')));
    expect(sha(join(dir, 's2.gguf'))).not.toBe(sha(join(dir, 's1.gguf')));
  });

  it('ensureTinyModel writes once and then reuses the cached file', () => {
    const path = ensureTinyModel({ size: 'test', seed: 1 });
    const before = statSync(path).mtimeMs;
    expect(ensureTinyModel({ size: 'test', seed: 1 })).toBe(path);
    expect(statSync(path).mtimeMs).toBe(before);
    expect(path).toMatch(/fixtures[\\/]models[\\/]tiny-test-seed1-v\d+\.gguf$/);
  });
});
