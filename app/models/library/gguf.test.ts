import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { beforeAll, describe, expect, it } from 'vitest';
import { GgufError, inspectGguf, readGgufHeader } from './gguf';
import { GGML_TYPES, LLAMA_FILE_TYPES } from './ggmlTypes';
import { tinyLlamaGguf, vocabGguf } from './testGguf';

const dir = mkdtempSync(join(tmpdir(), 'pw-gguf-'));
const fixtures = join(tmpdir(), 'proofwright-vocab-fixtures');

async function errorOf(path: string): Promise<GgufError> {
  const error = await readGgufHeader(path).then(
    () => undefined,
    (e) => e,
  );
  expect(error).toBeInstanceOf(GgufError);
  return error as GgufError;
}

describe('GGUF inspect on llama.cpp vocabulary files', () => {
  const names = ['llama-spm', 'qwen2', 'deepseek-llm', 'gpt-2'];
  let paths: Record<string, string>;
  beforeAll(() => {
    mkdirSync(fixtures, { recursive: true });
    paths = Object.fromEntries(names.map((n) => [n, vocabGguf(n, fixtures)]));
  });

  it.each(names)('reads %s like node-llama-cpp does', async (name) => {
    const path = paths[name];
    const ours = await readGgufHeader(path, { maxArrayItems: 5 });
    const theirs = await readGgufFileInfo(path, { readTensorInfo: true });
    const arch = theirs.metadata.general.architecture;
    expect(ours.version).toBe(theirs.version);
    expect(ours.metadata['general.architecture']).toBe(arch);
    expect(ours.tensors).toHaveLength(Number(theirs.tensorCount));
    // Every scalar key agrees, and every array has the same length.
    for (const [key, value] of Object.entries(ours.metadata)) {
      const other = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], theirs.metadata);
      if (typeof value === 'object') {
        expect((other as unknown[]).length, key).toBe(value.length);
        expect((other as unknown[]).slice(0, value.values.length), key).toEqual(value.values);
      } else if (typeof value === 'number' && !Number.isInteger(value)) {
        expect(other as number, key).toBeCloseTo(value, 5);
      } else {
        expect(other, key).toEqual(value);
      }
    }
  });

  it('summarises a vocabulary-only file honestly', async () => {
    const summary = await inspectGguf(paths.qwen2, { contextSize: 4096 });
    expect(summary).toMatchObject({ architecture: 'qwen2', vocabOnly: true, parameterCount: 0, vocabSize: 151936, contextLength: 32768 });
    expect(summary.chatTemplate).toContain('<|im_start|>');
    expect(summary.memory.weightsBytes).toBe(0);
    // 32 layers × 4096 ctx × 32 kv heads × (128 + 128) dims × 2 bytes.
    expect(summary.memory.kvCacheBytes).toBe(32 * 4096 * 32 * 256 * 2);
  });
});

describe('GGUF inspect on generated models', () => {
  it('counts parameters, quantisation and memory from tensor shapes', async () => {
    const path = join(dir, 'tiny-q4k.gguf');
    writeFileSync(path, tinyLlamaGguf({ type: 12 }));
    const info = await inspectGguf(path, { contextSize: 1024 });
    const embd = 256;
    const perLayer = embd + embd * embd * 2 + embd * (embd / 2) * 2 + embd + embd * 512 * 3;
    expect(info.parameterCount).toBe(embd * 300 * 2 + 2 * perLayer + embd);
    expect(info.parameterLabel).toBe('1.33M');
    expect(info.fileType).toBe('Q4_K_M');
    expect(info.tensorTypes).toEqual({ Q4_K: 16, F32: 5 });
    expect(info).toMatchObject({ architecture: 'llama', layers: 2, headCount: 4, headCountKv: 2, contextLength: 2048, vocabSize: 300, vocabOnly: false });
    // head dim 64: 2 layers × 1024 × 2 kv heads × (64 + 64) × 2 bytes.
    expect(info.memory.kvCacheBytes).toBe(2 * 1024 * 2 * 128 * 2);
    const q4Bytes = (info.parameterCount - 5 * embd) / 256 * 144;
    expect(info.memory.weightsBytes).toBe(q4Bytes + 5 * embd * 4);
    expect(info.memory.totalBytes).toBe(info.memory.weightsBytes + info.memory.kvCacheBytes);
  });

  it('matches node-llama-cpp on a generated model with tensors', async () => {
    const path = join(dir, 'tiny-f32.gguf');
    writeFileSync(path, tinyLlamaGguf({ seed: 3 }));
    const ours = await readGgufHeader(path);
    const theirs = await readGgufFileInfo(path, { readTensorInfo: true });
    expect(ours.tensors.map((t) => [t.name, t.dims, t.type, t.offset])).toEqual(
      theirs.fullTensorInfo!.map((t) => [t.name, t.dimensions.map(Number), t.ggmlType, Number(t.offset)]),
    );
  });

  it('knows ggml type numbers and file types as node-llama-cpp names them', async () => {
    const { GgmlType, GgufFileType } = await import('node-llama-cpp');
    for (const [id, info] of Object.entries(GGML_TYPES)) expect((GgmlType as Record<number, string>)[Number(id)], id).toBe(info.name);
    for (const [id, name] of Object.entries(LLAMA_FILE_TYPES)) {
      expect((GgufFileType as Record<number, string>)[Number(id)]?.replace(/^(ALL|MOSTLY)_/, ''), id).toBe(name);
    }
  });
});

describe('GGUF errors', () => {
  it('missing file', async () => {
    const e = await errorOf(join(dir, 'nope.gguf'));
    expect(e.code).toBe('not-found');
    expect(e.message).toMatch(/no such file/);
  });

  it('a folder', async () => {
    const e = await errorOf(dir);
    expect(e.code).toBe('not-a-file');
  });

  it('wrong magic: an HTML error page saved as .gguf', async () => {
    const path = join(dir, 'page.gguf');
    writeFileSync(path, '<!DOCTYPE html><html>Not Found</html>');
    const e = await errorOf(path);
    expect(e.code).toBe('wrong-magic');
    // What it is, never what it holds: the first bytes of any file must not reach a client.
    expect(e.message).toBe(`${path} is not a GGUF model file (GGUF files start with the bytes "GGUF")`);
    expect(e.facts).toEqual({ fileSize: 37 });
  });

  it('empty file', async () => {
    const path = join(dir, 'empty.gguf');
    writeFileSync(path, '');
    expect((await errorOf(path)).message).toMatch(/empty/);
  });

  it('unsupported version', async () => {
    const path = join(dir, 'v9.gguf');
    const bytes = tinyLlamaGguf();
    bytes.writeUInt32LE(9, 4);
    writeFileSync(path, bytes);
    const e = await errorOf(path);
    expect(e.code).toBe('unsupported-version');
    expect(e.message).toMatch(/version 9/);
    expect(e.facts).toEqual({ fileSize: bytes.length, version: 9 });
  });

  it('truncated inside the header', async () => {
    const path = join(dir, 'cut-header.gguf');
    writeFileSync(path, tinyLlamaGguf().subarray(0, 700));
    const e = await errorOf(path);
    expect(e.code).toBe('truncated');
    expect(e.message).toMatch(/ends inside its header/);
    expect(e.facts.fileSize).toBe(700);
  });

  it('truncated inside the weights (an interrupted download)', async () => {
    const path = join(dir, 'cut-weights.gguf');
    const full = tinyLlamaGguf();
    writeFileSync(path, full.subarray(0, full.length - 1000));
    const e = await errorOf(path);
    expect(e.code).toBe('truncated');
    expect(e.message).toMatch(new RegExp(`describes ${full.length} bytes but the file has ${full.length - 1000}`));
    expect(e.facts).toEqual({ fileSize: full.length - 1000, neededBytes: full.length });
  });

  it('corrupt: garbage after a valid magic and version', async () => {
    const path = join(dir, 'garbage.gguf');
    const bytes = tinyLlamaGguf();
    bytes.fill(0xff, 8, 24); // tensor and metadata counts
    writeFileSync(path, bytes);
    const e = await errorOf(path);
    expect(e.code).toBe('corrupt');
    expect(e.message).toMatch(/tensor count is 18446744073709551615/);
  });

  it('corrupt: an unknown metadata value type', async () => {
    const path = join(dir, 'bad-type.gguf');
    const bytes = tinyLlamaGguf();
    // The first key is "general.architecture" (8 + 20 bytes after the 24-byte preamble): its type follows.
    bytes.writeUInt32LE(77, 24 + 8 + 'general.architecture'.length);
    writeFileSync(path, bytes);
    const e = await errorOf(path);
    expect(e.code).toBe('corrupt');
    expect(e.message).toMatch(/"general.architecture" has unknown value type 77/);
  });

  it('never throws anything but GgufError on random corruption', async () => {
    const original = tinyLlamaGguf();
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < 40; i++) {
      const bytes = Buffer.from(original);
      for (let k = 0; k < 8; k++) bytes[8 + Math.floor(rand() * 1800)] = Math.floor(rand() * 256);
      const path = join(dir, `fuzz-${i}.gguf`);
      writeFileSync(path, bytes);
      await readGgufHeader(path).catch((e) => {
        expect(e).toBeInstanceOf(GgufError);
        expect(['corrupt', 'truncated']).toContain(e.code);
      });
    }
    expect(readFileSync(join(dir, 'fuzz-0.gguf')).length).toBe(original.length);
  });
});
